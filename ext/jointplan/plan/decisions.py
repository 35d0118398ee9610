"""Who agrees the plan's text and who decides on it, and what they decided: plain Python.

A joint plan passes several hands: the organisations that agree its text (the
municipalities themselves and partners such as the police), each
municipality's college, which proposes it to its council, each council, and
other bodies a plan names (a driehoek). This module knows those parties, the
decisions the plan records about them, what is wrong with those records, and
what follows from them: the plan's lifecycle status and each party's history.

The records come from the chapters (``ivp:decision``) and, as a shorthand kept
from before, from a municipality's ``:college-decision:`` and
``:council-decision:`` options. Nothing here imports Sphinx.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property

from .model import (DECIDED_UNDATED, ID_PATTERN, NO_EDITION, NOT_DECIDED, N_, Location,
                    Municipality, Phrase, Problem, closest,
                    first_by_location)
from .versions import TAG_PATTERN, version_key

# -- the parties --------------------------------------------------------------------

#: Kinds of party. An organisation agrees the text; a college proposes it to
#: its council; a council decides; another body (a driehoek) can agree or note.
ORGANISATION, COLLEGE, COUNCIL, BODY = "organisation", "college", "council", "body"
#: How a municipality's college and council are named in a decision: "<id>/college".
COLLEGE_SUFFIX, COUNCIL_SUFFIX = "college", "raad"

# -- the decisions ------------------------------------------------------------------

#: Kinds of decision an author records (the ids authors type, Dutch like the
#: plan): the kind -> the kinds of party that take it.
KINDS: Mapping[str, tuple[str, ...]] = {
    "akkoord": (ORGANISATION, BODY),  # agreement with the text of a version
    "raadsvoorstel": (COLLEGE,),  # the college proposes the plan to its council
    "raadsbesluit": (COUNCIL,),  # the council decides on the proposal
    "kennisname": (ORGANISATION, COLLEGE, COUNCIL, BODY),  # takes note of it
}
#: The outcomes each kind can have; the first is the one that moves the plan on.
OUTCOMES: Mapping[str, tuple[str, ...]] = {
    "akkoord": ("akkoord", "niet-akkoord"),
    "raadsvoorstel": ("voorgelegd", "ingetrokken"),
    "raadsbesluit": ("vastgesteld", "verworpen", "aangehouden"),
    "kennisname": ("kennisgenomen",),
}
#: An outcome the sources do not give (any kind).
OUTCOME_UNKNOWN = "onbekend"
#: Kinds whose outcome is what the record itself says, so it may be left out.
IMPLIED_OUTCOME = ("raadsvoorstel", "kennisname")
#: A version the sources do not give; a text that is not a release of this plan
#: (the text a council had before the plan was kept here, say).
VERSION_UNKNOWN, VERSION_NONE = "", "geen"
#: Typed for "not known" in a date, version or source.
UNKNOWN_WORDS = ("onbekend", "niet bekend", "nog niet bekend")

#: A date of a decision: a day, or the month when the day is not known. The
#: pattern accepts every two-digit day and month, so that "2019-02-30" reaches
#: the check that says why it cannot be, rather than "not a date".
DATE_PATTERN = re.compile(r"(?P<year>\d{4})-(?P<month>\d{2})(?:-(?P<day>\d{2}))?")


@dataclass(frozen=True)
class Party:
    """An organisation or a body that takes decisions on the plan."""

    id: str
    name: str
    kind: str
    municipality: str = ""  # for a municipality, its college and its council


@dataclass(frozen=True)
class Decision:
    """One recorded decision of a party on the plan."""

    body: str  # a party id
    kind: str  # see KINDS
    location: Location
    date: str = ""  # "2018-12-20", "2019-01", or "" when not known
    version: str = VERSION_UNKNOWN  # a release tag, VERSION_NONE, or "" when not known
    outcome: str = OUTCOME_UNKNOWN
    source: str = ""  # a bibliography key; "" when the source is not in the bibliography
    amendments: tuple[str, ...] = ()  # ids of the amendments a council adopted
    note: str = ""  # the author's explanation, as plain text
    #: Made from a municipality's :council-decision: or :college-decision: option.
    shorthand: bool = False

    @property
    def positive(self) -> bool:
        """The outcome that moves the plan on (agreed, proposed, adopted, noted)."""
        return self.outcome == OUTCOMES[self.kind][0] if self.kind in OUTCOMES else False

    @property
    def known_version(self) -> bool:
        return bool(TAG_PATTERN.fullmatch(self.version))

    def first_day(self) -> datetime.date | None:
        """The first day the date can mean; None when not known (or not a date)."""
        return date_range(self.date)[0] if valid_date(self.date) else None

    def last_day(self) -> datetime.date | None:
        return date_range(self.date)[1] if valid_date(self.date) else None


def valid_date(value: str) -> bool:
    """A day or month that exists (2019-02-29 does not)."""
    match = DATE_PATTERN.fullmatch(value)
    if not match:
        return False
    year, month = int(match["year"]), int(match["month"])
    if not 1 <= month <= 12:
        return False
    day = match["day"]
    return day is None or 1 <= int(day) <= calendar.monthrange(year, month)[1]


def date_range(value: str) -> tuple[datetime.date, datetime.date]:
    """The first and last day a valid date (a day or a month) can mean."""
    match = DATE_PATTERN.fullmatch(value)
    assert match is not None, value  # the callers check valid_date first
    year, month = int(match["year"]), int(match["month"])
    if match["day"]:
        day = datetime.date(year, month, int(match["day"]))
        return day, day
    return (datetime.date(year, month, 1),
            datetime.date(year, month, calendar.monthrange(year, month)[1]))


#: Who takes a decision of each kind, and each kind of party, in the words of a
#: message (message ids, translated with the message).
TAKERS = {"akkoord": Phrase(N_("an organisation or a body")),
          "raadsvoorstel": Phrase(N_("a college")),
          "raadsbesluit": Phrase(N_("a council")),
          "kennisname": Phrase(N_("an organisation, a college, a council or a body"))}
PARTY_KIND = {ORGANISATION: Phrase(N_("an organisation")), BODY: Phrase(N_("a body")),
              COLLEGE: Phrase(N_("a college")), COUNCIL: Phrase(N_("a council"))}


def parties(municipalities: Iterable[Municipality], organisations: Mapping[str, str],
            bodies: Mapping[str, str], college_name: str = "{name}: college",
            council_name: str = "{name}: raad") -> list[Party]:
    """Every party, in the order a reader meets them.

    The organisations that agree the text (each municipality, then the
    configured ones), then the other bodies, then each municipality's college
    and council. ``college_name`` and ``council_name`` are the reader's words
    for them (``{name}`` is the municipality's name).
    """
    ordered = sorted(municipalities, key=lambda m: (m.name, m.id))
    found = [Party(m.id, m.name, ORGANISATION, m.id) for m in ordered]
    found += [Party(key, name, ORGANISATION) for key, name in organisations.items()]
    found += [Party(key, name, BODY) for key, name in bodies.items()]
    for m in ordered:
        found.append(Party(f"{m.id}/{COLLEGE_SUFFIX}", college_name.format(name=m.name),
                           COLLEGE, m.id))
        found.append(Party(f"{m.id}/{COUNCIL_SUFFIX}", council_name.format(name=m.name),
                           COUNCIL, m.id))
    return found


def shorthand_decisions(municipalities: Iterable[Municipality]) -> list[Decision]:
    """The decisions a municipality's declaration states in its options.

    ``:college-decision:`` is the college's proposal to its council,
    ``:council-decision:`` the council's adoption, of ``:council-version:``
    where given. "nee" (not (yet) taken) and a silent option record nothing.
    """
    found = []
    for m in municipalities:
        for value, suffix, kind in ((m.college_decision, COLLEGE_SUFFIX, "raadsvoorstel"),
                                    (m.council_decision, COUNCIL_SUFFIX, "raadsbesluit")):
            if not value or value == NOT_DECIDED:
                continue
            found.append(Decision(
                body=f"{m.id}/{suffix}", kind=kind, location=m.location,
                date="" if value == DECIDED_UNDATED else value,
                version=m.council_version if kind == "raadsbesluit" else VERSION_UNKNOWN,
                outcome=OUTCOMES[kind][0], shorthand=True))
    return found


@dataclass(frozen=True)
class Lifecycle:
    """Where the plan stands, as the decisions say.

    ``state``: "werkversie" (nothing recorded), "ter-afstemming" (organisations
    are agreeing a version), "ter-vaststelling" (every organisation agreed a
    version, or a college proposed it), "vastgesteld" (one or more councils
    adopted it). The counts say how far.
    """

    state: str
    version: str  # the version the state is about ("" when not known or none)
    organisations: int  # how many organisations agree the text
    agreed: int  # how many of them agreed ``version``
    councils: int
    proposed: int  # councils whose college proposed the plan
    adopted: int  # councils that adopted it
    not_adopted: int  # councils known not to have adopted it (yet)


STATES = ("werkversie", "ter-afstemming", "ter-vaststelling", "vastgesteld")


class Register:
    """The parties and the decisions of one plan, and what follows from them.

    ``decisions`` are the records of ``ivp:decision``; the municipalities'
    shorthand options are added here, unless a record says the same (then the
    record, which names its source, stands for both).
    """

    def __init__(self, municipalities: Iterable[Municipality],
                 decisions: Iterable[Decision] = (),
                 organisations: Mapping[str, str] | None = None,
                 bodies: Mapping[str, str] | None = None, **names: str) -> None:
        organisations, bodies = dict(organisations or {}), dict(bodies or {})
        self.municipalities = sorted(municipalities, key=lambda m: (m.name, m.id))
        self.parties = parties(self.municipalities, organisations, bodies, **names)
        self.party_by_id = {p.id: p for p in self.parties}
        self.recorded = first_by_location(decisions)
        self.shorthand = shorthand_decisions(self.municipalities)
        self._configured = (organisations, bodies)
        self._party_rank = {p.id: n for n, p in enumerate(self.parties)}

    # -- what is recorded -----------------------------------------------------------

    @cached_property
    def superseded(self) -> dict[int, Decision]:
        """Shorthand decisions (by position) that a record also states: the record."""
        found = {}
        for index, short in enumerate(self.shorthand):
            record = next((d for d in self.recorded if d.body == short.body
                           and d.kind == short.kind and d.positive), None)
            if record is not None:
                found[index] = record
        return found

    @cached_property
    def decisions(self) -> list[Decision]:
        """Every decision of a known party, in time order (undated ones last)."""
        shorthand = [d for i, d in enumerate(self.shorthand) if i not in self.superseded]
        known = [d for d in [*self.recorded, *shorthand] if d.body in self.party_by_id]
        return sorted(known, key=self.time_key)

    def time_key(self, decision: Decision) -> tuple:
        """Dated decisions by their first possible day, then the undated; on one
        day, in the order of the parties."""
        first = decision.first_day()
        return (first is None, first or datetime.date.min,
                self._party_rank.get(decision.body, 0), decision.location)

    @property
    def organisations(self) -> list[Party]:
        return [p for p in self.parties if p.kind == ORGANISATION]

    @property
    def councils(self) -> list[Party]:
        return [p for p in self.parties if p.kind == COUNCIL]

    def of(self, party_id: str) -> list[Decision]:
        return [d for d in self.decisions if d.body == party_id]

    def of_municipality(self, municipality_id: str) -> list[Decision]:
        """What matters to one council: its own bodies' decisions and those of the
        organisations and bodies that are no municipality."""
        return [d for d in self.decisions
                if self.party_by_id[d.body].municipality in ("", municipality_id)]

    def agreed(self, version: str) -> list[Party]:
        """The organisations that agreed the text of ``version``."""
        return [o for o in self.organisations
                if any(d.kind == "akkoord" and d.positive and d.version == version
                       for d in self.of(o.id))]

    def adoption(self, municipality_id: str) -> str:
        """The council's adoption as recorded: 'dated', 'undated', 'not-adopted' or
        'unknown' (as :attr:`Municipality.adoption`)."""
        own = [d for d in self.of(f"{municipality_id}/{COUNCIL_SUFFIX}")
               if d.kind == "raadsbesluit"]
        adopted = [d for d in own if d.positive]
        if adopted:
            return "dated" if adopted[-1].date else "undated"
        municipality = next(m for m in self.municipalities if m.id == municipality_id)
        if municipality.council_decision == NOT_DECIDED or any(
                d.outcome in ("verworpen", "aangehouden") for d in own):
            return "not-adopted"
        return "unknown"

    def adopting(self, municipality_id: str) -> list[Decision]:
        """The council's adopting raadsbesluiten, in time order: the last is the
        one in force (its current adopted text)."""
        return [d for d in self.of(f"{municipality_id}/{COUNCIL_SUFFIX}")
                if d.kind == "raadsbesluit" and d.positive]

    def adoption_decision(self, municipality_id: str) -> Decision | None:
        """The council's adopting decision (the latest), if recorded."""
        adopted = self.adopting(municipality_id)
        return adopted[-1] if adopted else None

    def proposal(self, municipality_id: str, version: str | None = None) -> Decision | None:
        """The college's latest proposal to its council (of ``version``, if given)."""
        found = [d for d in self.of(f"{municipality_id}/{COLLEGE_SUFFIX}")
                 if d.kind == "raadsvoorstel" and (version is None or d.version == version)]
        return found[-1] if found else None

    def as_recorded(self, municipality: Municipality) -> Municipality:
        """The municipality with its adoption (and its college's proposal) as the
        decisions record it, for the words and tables that read it from the
        declaration."""
        proposal = self.proposal(municipality.id)
        if proposal is not None and proposal.positive:
            municipality = dataclasses.replace(
                municipality, college_decision=proposal.date or DECIDED_UNDATED)
        decision = self.adoption_decision(municipality.id)
        if decision is None:
            if self.adoption(municipality.id) == "not-adopted":  # rejected or postponed
                return dataclasses.replace(municipality, council_decision=NOT_DECIDED)
            return municipality
        return dataclasses.replace(
            municipality, council_decision=decision.date or DECIDED_UNDATED,
            # A release, or 'geen' (no edition of this text was adopted); else not known.
            council_version=(decision.version if decision.known_version
                             or decision.version == NO_EDITION else ""))

    @cached_property
    def lifecycle(self) -> Lifecycle:
        councils = [m.id for m in self.municipalities]
        adopted = sum(self.adoption(m) in ("dated", "undated") for m in councils)
        not_adopted = sum(self.adoption(m) == "not-adopted" for m in councils)
        proposed = sum(self.proposal(m) is not None for m in councils)
        organisations = len(self.organisations)
        versions = sorted({d.version for d in self.decisions if d.known_version},
                          key=version_key)
        everyone = [v for v in versions if len(self.agreed(v)) == organisations]
        some = [v for v in versions if self.agreed(v)]
        version = (everyone or some or [""])[-1]
        if adopted:
            state = "vastgesteld"
            # The version the councils adopted, when they all adopted the same release.
            adopted_versions = {d.version for d in map(self.adoption_decision, councils) if d}
            version = next(iter(adopted_versions)) if len(adopted_versions) == 1 else ""
            version = version if TAG_PATTERN.fullmatch(version) else ""
        elif everyone or proposed:
            state = "ter-vaststelling"
        elif self.decisions:
            state = "ter-afstemming"
        else:
            state = "werkversie"
        return Lifecycle(state, version, organisations,
                         len(self.agreed(version)) if version else 0, len(councils),
                         proposed, adopted, not_adopted)

    # -- checks ---------------------------------------------------------------------

    def problems(self, releases: Mapping[str, datetime.date] | None,
                 today: datetime.date) -> list[Problem]:
        """What is wrong with the recorded decisions, in document order.

        ``releases``: the release tags and their dates; None outside git.
        ``today``: a decision cannot have been taken after it.
        """
        found = self._configuration_problems()
        for decision in self.recorded:
            found += self._decision_problems(decision, releases, today)
        found += self._duplicates()
        found += self._order_problems()
        found += self._shorthand_problems()
        return sorted(found, key=lambda p: (p.location, p.message))

    def _configuration_problems(self) -> list[Problem]:
        found = []
        organisations, bodies = self._configured
        municipal = {m.id for m in self.municipalities}
        root = Location("", 0)
        for key in [*organisations, *bodies]:
            if not ID_PATTERN.fullmatch(key):
                found.append(Problem(
                    "decision", N_("conf.py: '{key}' is not a valid id of an organisation or "
                                   "body; use small letters, digits and single hyphens."),
                    root, {"key": key}))
            elif key in municipal:
                found.append(Problem(
                    "decision", N_("conf.py: '{key}' is already a municipality; every "
                                   "municipality is an organisation that agrees the text by "
                                   "itself. Remove it from jointplan_organisations or "
                                   "jointplan_bodies."), root, {"key": key}))
        return found

    def _decision_problems(self, decision: Decision, releases, today) -> list[Problem]:
        found = []

        def problem(template: str, suggestion: str = "", **params: object) -> None:
            found.append(Problem("decision", template, decision.location, params,
                                 suggestion))

        party = self.party_by_id.get(decision.body)
        if party is None:
            problem(N_("'{body}' is not a known organisation or body. Use the id of a "
                       "municipality, of an organisation or body in conf.py "
                       "(jointplan_organisations, jointplan_bodies), or "
                       "'<municipality>/{college}' and '<municipality>/{council}'."),
                    closest(decision.body, self.party_by_id) or "", body=decision.body,
                    college=COLLEGE_SUFFIX, council=COUNCIL_SUFFIX)
            return found
        if decision.kind in KINDS and party.kind not in KINDS[decision.kind]:
            problem(N_("a {kind} is a decision of {takers}, not of {taker} ('{body}'). "
                       "Choose the right kind (:kind:) or the right body."),
                    kind=decision.kind, takers=TAKERS[decision.kind],
                    taker=PARTY_KIND[party.kind], body=decision.body)
        if decision.date and not valid_date(decision.date):
            problem(N_("the date {date} does not exist. Write a day that exists (2018-12-20) "
                       "or a month (2019-01), or 'onbekend'."), date=decision.date)
        elif decision.date and decision.first_day() > today:
            problem(N_("the date {date} is after today ({today}): record a decision that is "
                       "still to be taken once it has been taken."),
                    date=decision.date, today=today.isoformat())
        if decision.known_version:
            found += self._version_problems(decision, releases)
        if decision.amendments and decision.kind != "raadsbesluit":
            problem(N_("only a raadsbesluit can adopt amendments; remove :amendments: or make "
                       "it a raadsbesluit."))
        return found

    def _version_problems(self, decision: Decision, releases) -> list[Problem]:
        version = decision.version

        def problem(template: str, suggestion: str = "", **params: object) -> list[Problem]:
            return [Problem("decision", template, decision.location,
                            {"version": version, **params}, suggestion)]

        if releases is None:
            return problem(N_(":version: {version}: cannot be checked: the plan is not in a git "
                              "repository. Build from a clone with the tags "
                              "(git fetch --tags)."))
        # The organisations agree a text before it goes out as a release: an
        # agreement may name the next release, and precede its tag.
        agreement = decision.kind == "akkoord"
        upcoming = all(version_key(version) > version_key(tag) for tag in releases)
        if agreement and (version in releases or upcoming):
            return []
        if version not in releases:
            if not releases:
                return problem(N_(":version: {version}: there is no release (tag) of that name, "
                                  "nor any other. Name the release the decision was about, or "
                                  "make the tag first (git tag -a <version> <commit>)."))
            return problem(N_(":version: {version}: there is no release (tag) of that name "
                              "(releases: {names}).{hint} Name the release the decision was "
                              "about, or make the tag first (git tag -a <version> <commit>)."),
                           closest(version, releases) or "", names=", ".join(releases))
        last = decision.last_day()
        if last is not None and releases[version] > last:
            return problem(N_(":version: {version}: this release was made on {made}, after the "
                              "decision ({date}); there can have been no decision on a text "
                              "that did not exist yet. Name the release that existed on the day "
                              "of the decision."),
                           made=releases[version].isoformat(), date=decision.date)
        return []

    def _duplicates(self) -> list[Problem]:
        found = []
        seen: dict[tuple, Decision] = {}
        for decision in self.recorded:
            keys = [(decision.body, decision.kind, decision.version, decision.date)]
            if decision.positive and decision.known_version:
                keys.append((decision.body, decision.kind, decision.version, "positive"))
            earlier = next((seen[k] for k in keys if k in seen), None)
            if earlier is not None:
                found.append(Problem(
                    "decision",
                    N_("this decision ({decision}) is already recorded in {docname}, line "
                       "{line}; record each decision once, and remove one of them."),
                    decision.location,
                    {"decision": ", ".join(filter(None, (decision.body, decision.kind,
                                                         decision.version))),
                     "docname": earlier.location.docname, "line": earlier.location.lineno}))
                continue
            for key in keys:
                seen[key] = decision
        return found

    def _order_problems(self) -> list[Problem]:
        """A council decides on a proposal, of a text the organisations agreed."""
        found = []
        for decision in self.recorded:
            party = self.party_by_id.get(decision.body)
            if (party is None or party.kind != COUNCIL or decision.kind != "raadsbesluit"
                    or not decision.known_version):
                continue
            version = decision.version
            proposal = self.proposal(party.municipality, version)
            last, first = decision.last_day(), (proposal.first_day() if proposal else None)
            if proposal is not None and last is not None and first is not None \
                    and last < first:
                found.append(Problem(
                    "decision",
                    N_("the council decided ({date}) on {version} before the college's "
                       "proposal ({proposed}, {docname}, line {line}); a council decides on a "
                       "proposal. Correct one of the two dates."), decision.location,
                    {"date": decision.date, "version": version, "proposed": proposal.date,
                     "docname": proposal.location.docname, "line": proposal.location.lineno}))
            missing = [o.name for o in self.organisations if o not in self.agreed(version)]
            if missing:
                found.append(Problem(
                    "decision",
                    N_("the council decided on {version}, but not every organisation agreed "
                       "that text: no agreement recorded of {missing}. Record their agreement "
                       "(ivp:decision with :kind: akkoord), or name the version the council "
                       "really decided on."), decision.location,
                    {"version": version, "missing": ", ".join(missing)}))
        return found

    def _shorthand_problems(self) -> list[Problem]:
        """A municipality's option and a record of the same decision must agree."""
        found = []
        for index, record in self.superseded.items():
            short = self.shorthand[index]
            if short.date and record.date and short.date != record.date:
                option = ("council-decision" if short.kind == "raadsbesluit"
                          else "college-decision")
                found.append(Problem(
                    "decision",
                    N_("this decision says {date}, but :{option}: in {docname} (line {line}) "
                       "says {other}. Make them the same, or remove :{option}: there: this "
                       "decision names its source."), record.location,
                    {"date": record.date, "option": option, "docname": short.location.docname,
                     "line": short.location.lineno, "other": short.date}))
        return found
