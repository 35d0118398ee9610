"""The plan's objects and the overlap between municipalities, in plain Python.

Nothing here imports Sphinx or docutils: the model takes the records that the
chapters declare, checks them against each other and answers the questions the
overlap tables ask (who chose what, which priorities are shared, with whom).
The Sphinx layer turns its :class:`Problem` records into warnings and its
answers into tables.
"""

from __future__ import annotations

import calendar
import datetime
import difflib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Protocol, TypeVar

#: The five safety fields ("veiligheidsvelden") of the VNG's Kernbeleid
#: Veiligheid, in the framework's own order: id -> title shown to readers.
FIELDS: Mapping[str, str] = {
    "veilige-woon-en-leefomgeving": "Veilige woon- en leefomgeving",
    "bedrijvigheid-en-veiligheid": "Bedrijvigheid en veiligheid",
    "jeugd-en-veiligheid": "Jeugd en veiligheid",
    "fysieke-veiligheid": "Fysieke veiligheid",
    "integriteit-en-veiligheid": "Integriteit en veiligheid",
}

#: Where a municipality's choice of a priority came from: id -> label. Only
#: the group: how a group was heard (a survey, visits) differs per municipality
#: and is said in the chapter where the sources give it.
ORIGINS: Mapping[str, str] = {
    "bewoners": "bewoners",
    "ondernemers": "ondernemers",
    "professionals": "professionals",
    "politie": "politie",
    "raad": "gemeenteraad",
}

#: Ids are typed by authors and appear in URLs and in priorities.json, so they
#: are kept to lower-case ASCII words joined by single hyphens.
ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

#: A decision date: a day, or only the month where the day is not known.
DECISION_PATTERN = re.compile(
    r"(?P<year>\d{4})-(?P<month>0[1-9]|1[0-2])(?:-(?P<day>0[1-9]|[12]\d|3[01]))?")
#: Provenance of a choice or one of its parts, declared by the author: a body
#: of the municipality decided it (a source says so); the sources name it as
#: the municipality's priority without a known decision; this plan's own
#: classification (its splits and definitions); a proposal of the plan's
#: authors; an illustration the authors wrote where the sources give nothing.
#: There is no default: a default would state something of every choice that
#: nobody looked at.
STATUSES = ("besloten", "vermeld", "indeling", "voorstel", "illustratief")
#: Statuses that say what the municipality did or named: a source must say it.
SOURCED_STATUSES = frozenset({"besloten", "vermeld"})
#: Statuses of what the authors wrote themselves: the chapter's own words must
#: say so too (the text rule of ivp.provenance).
AUTHORS_STATUSES = ("voorstel", "illustratief")
#: The status of a choice whose chapter declares none (warned): shown as such,
#: never as a decision.
UNDECLARED = ""
#: Partners named one by one in a "shared with" cell; above this, a count.
PARTNERS_LISTED = 8
#: A decision taken on a day nobody recorded (the sources say so).
DECIDED_UNDATED = "datum-onbekend"
#: A decision not (yet) taken (the sources say so).
NOT_DECIDED = "nee"
#: ``:council-version:`` when it is known that the council adopted no edition
#: of this text (a reconstruction, or a text written after the decision).
NO_EDITION = "geen"


@dataclass(frozen=True, order=True)
class Location:
    """Where a declaration stands: Sphinx docname and 1-based line."""

    docname: str
    lineno: int


@dataclass(frozen=True)
class Municipality:
    """A municipality, declared once in its own chapter."""

    id: str
    name: str
    residents: int | None  # None when the chapter's value is invalid (and warned)
    location: Location
    residents_note: str = ""
    kernen: tuple[str, ...] = ()
    region: str = ""
    # Adoption of the plan: an ISO date ("2018-12-20") or month ("2019-01"),
    # DECIDED_UNDATED, NOT_DECIDED, or "" where the sources do not say.
    college_decision: str = ""
    council_decision: str = ""
    # The release (git tag, "v1.0") whose text the council adopted, NO_EDITION
    # when it adopted none of this text's editions; "" if not known.
    council_version: str = ""

    @property
    def adopted_release(self) -> str:
        """The release tag the council adopted, or "" (none, or not known)."""
        return "" if self.council_version == NO_EDITION else self.council_version

    @property
    def adoption(self) -> str:
        """The council's decision: 'dated', 'undated', 'not-adopted' or 'unknown'.

        Where the sources are silent the plan says "niet bekend", never "not
        adopted": only an explicit NOT_DECIDED means the council has not adopted.
        """
        if not self.council_decision:
            return "unknown"
        if self.council_decision == NOT_DECIDED:
            return "not-adopted"
        return "undated" if self.council_decision == DECIDED_UNDATED else "dated"

    @property
    def adopted(self) -> bool:
        """The council has adopted the plan (on a known date or not)."""
        return self.adoption in ("dated", "undated")


@dataclass(frozen=True)
class Priority:
    """An entry of the shared priority catalogue."""

    id: str
    title: str
    field: str
    location: Location
    joint: bool = False
    summary: str = ""


@dataclass(frozen=True)
class Choice:
    """A municipality's choice of a catalogue priority as a local priority."""

    municipality: str
    priority: str
    location: Location
    origins: tuple[str, ...] = ()
    #: Where the choice comes from (see STATUSES), or UNDECLARED. Required: no
    #: status is assumed for a choice.
    status: str = field(kw_only=True)
    #: Bibliography keys of the sources that say so (required for SOURCED_STATUSES).
    sources: tuple[str, ...] = ()
    #: (part, status) of its goals, indicators and agreement.
    part_status: tuple[tuple[str, str], ...] = ()
    #: (part, keys) of the parts that name sources of their own.
    part_sources: tuple[tuple[str, tuple[str, ...]], ...] = ()


def N_(message: str) -> str:
    """Marks a message id of the ``jointplan`` catalogue; the glue translates it."""
    return message


class Phrase(str):
    """A parameter of a :class:`Problem` that is itself a message id (``N_``): the
    glue translates it with the template."""


@dataclass(frozen=True)
class Problem:
    """Something the declarations get wrong, to be reported to the author.

    ``kind`` is a stable short name (it becomes the warning subtype). The
    message says what is wrong and how to fix it: ``template`` is its English
    text (a message id the Sphinx glue translates) with ``params`` to fill in,
    and ``suggestion`` a close id for a did-you-mean, at ``{hint}`` or the end.
    """

    kind: str
    template: str
    location: Location
    params: Mapping[str, object] = field(default_factory=dict, hash=False)
    suggestion: str = ""

    @property
    def message(self) -> str:
        """The message in English (the glue says it in the plan's language)."""
        return self.render(lambda text: text)

    def render(self, translate: Callable[[str], str]) -> str:
        hint = " " + translate("Did you mean '{name}'?").format(name=self.suggestion) \
            if self.suggestion else ""
        text = translate(self.template)
        params = {key: translate(value) if isinstance(value, Phrase) else value
                  for key, value in self.params.items()}
        # A template without parameters may be a finished text (braces and all).
        text = text.format(**params, hint=hint) if self.params \
            else text.replace("{hint}", hint)
        return text if "{hint}" in self.template else text + hint


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate closest to a mistyped word, or None if nothing is close."""
    close = difflib.get_close_matches(word, sorted(candidates), n=1, cutoff=0.6)
    return close[0] if close else None


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """A ' Did you mean ...?' hint for a mistyped id, or '' if nothing is close."""
    close = closest(word, candidates)
    return f" Did you mean '{close}'?" if close else ""


def adopted_version_problems(municipalities: Iterable[Municipality],
                             releases: Mapping[str, datetime.date] | None) -> list[Problem]:
    """What is wrong with the versions the councils are said to have adopted.

    ``releases`` are the release tags with their dates, None when the plan is
    not in a git repository (then no version can be checked). A council adopts
    a text that exists: the version must be a release, made on or before the
    decision, and the council must have decided.
    """
    found = []
    for m in municipalities:
        version = m.adopted_release
        if not version:
            continue

        def problem(template: str, suggestion: str = "", version: str = version,
                    m: Municipality = m, **params: str) -> None:
            found.append(Problem("council-version", template, m.location,
                                 {"version": version, **params}, suggestion))

        if releases is None:
            problem(N_(":council-version: {version}: cannot be checked: the plan is not in a "
                       "git repository. Build from a clone of the repository with its tags "
                       "(git fetch --tags)."))
        elif not releases:
            problem(N_(":council-version: {version}: this repository has no release tags at "
                       "all. Fetch them if the forge has them (git fetch --tags), or tag the "
                       "adopted text first (git tag -a <version> <commit>)."))
        elif version not in releases:
            problem(N_(":council-version: {version}: there is no release tag of that name "
                       "(releases: {releases}).{hint} Name the release the council adopted, "
                       "or tag that text first (git tag -a <version> <commit>)."),
                    closest(version, releases) or "", releases=", ".join(releases))
        elif m.adoption == "not-adopted":
            problem(N_(":council-version: {version}: the chapter says the council has not "
                       "adopted the plan (:council-decision: {not_decided}); remove "
                       ":council-version: or correct the decision."), not_decided=NOT_DECIDED)
        elif m.adoption == "unknown":
            problem(N_(":council-version: {version}: a version was adopted, but not when: add "
                       ":council-decision: with the date (or '{undated}')."),
                    undated=DECIDED_UNDATED)
        elif m.adoption == "dated" and releases[version] > decision_end(m.council_decision):
            problem(N_(":council-version: {version}: this release was made on {made}, after "
                       "the council's decision ({decision}), so the council cannot have "
                       "adopted it. Name the release that existed on the day of the "
                       "decision."),
                    made=releases[version].isoformat(), decision=m.council_decision)
    return found


def decision_end(value: str) -> datetime.date:
    """The last day a decision given as a day or a month can have been taken."""
    match = DECISION_PATTERN.fullmatch(value)
    if match is None:
        raise ValueError(f"not a decision date: {value!r}")
    year, month = int(match["year"]), int(match["month"])
    last = calendar.monthrange(year, month)[1]
    # min(): the pattern lets "2019-02-30" through; its month is what counts.
    return datetime.date(year, month, min(int(match["day"] or last), last))


class Located(Protocol):
    @property
    def location(self) -> Location: ...


class Identified(Located, Protocol):
    @property
    def id(self) -> str: ...


LocatedT = TypeVar("LocatedT", bound=Located)
IdentifiedT = TypeVar("IdentifiedT", bound=Identified)


def first_by_location(records: Iterable[LocatedT]) -> list[LocatedT]:
    """Records in document order, so that serial and parallel reads agree."""
    return sorted(records, key=lambda record: record.location)


@dataclass(frozen=True)
class SharedPriority:
    """A priority that two or more, but not all, municipalities chose."""

    priority: Priority
    municipalities: tuple[Municipality, ...]


DUPLICATE_ID = {
    "priority": N_("priority '{id}' is already declared in {docname}, line {line}; give "
                   "this priority another id or remove one of the two declarations."),
    "municipality": N_("municipality '{id}' is already declared in {docname}, line {line}; "
                       "give this municipality another id or remove one of the two "
                       "declarations."),
}


def index_by_id(records: Sequence[IdentifiedT], what: str
                ) -> tuple[dict[str, IdentifiedT], list[Problem]]:
    """Records by id, the first declaration winning; and the duplicates."""
    by_id: dict[str, IdentifiedT] = {}
    duplicates = []
    for record in records:
        first = by_id.setdefault(record.id, record)
        if first is not record:
            duplicates.append(Problem(
                "duplicate-id", DUPLICATE_ID[what], record.location,
                {"id": record.id, "docname": first.location.docname,
                 "line": first.location.lineno}))
    return by_id, duplicates


class Plan:
    """All declarations of one plan, and what follows from them.

    Declarations may come in any order (documents are read in parallel); the
    plan sorts them by location, so the first declaration of an id wins and
    later ones are reported as duplicates.
    """

    def __init__(
        self,
        municipalities: Iterable[Municipality] = (),
        priorities: Iterable[Priority] = (),
        choices: Iterable[Choice] = (),
    ) -> None:
        self.municipalities = first_by_location(municipalities)
        self.priorities = first_by_location(priorities)
        self.choices = first_by_location(choices)
        self.municipality_by_id, self._duplicate_municipalities = index_by_id(
            self.municipalities, "municipality")
        self.priority_by_id, self._duplicate_priorities = index_by_id(
            self.priorities, "priority")

    # -- lookups -------------------------------------------------------------

    @cached_property
    def ordered_municipalities(self) -> list[Municipality]:
        """Municipalities as the tables show them: alphabetically by name."""
        return sorted(self.municipality_by_id.values(), key=lambda m: (m.name, m.id))

    @cached_property
    def ordered_priorities(self) -> list[Priority]:
        """Catalogue order within the framework's order of fields."""
        field_rank = {name: rank for rank, name in enumerate(FIELDS)}
        return sorted(
            self.priority_by_id.values(),
            key=lambda p: (field_rank.get(p.field, len(field_rank)), p.location),
        )

    @cached_property
    def valid_choices(self) -> list[Choice]:
        """Choices of known priorities by known municipalities, once each."""
        seen: set[tuple[str, str]] = set()
        valid = []
        for choice in self.choices:
            key = (choice.municipality, choice.priority)
            if (key in seen or choice.priority not in self.priority_by_id
                    or choice.municipality not in self.municipality_by_id):
                continue
            seen.add(key)
            valid.append(choice)
        return valid

    @cached_property
    def choice_by_key(self) -> dict[tuple[str, str], Choice]:
        return {(c.municipality, c.priority): c for c in self.valid_choices}

    @cached_property
    def chosen_by_municipality(self) -> dict[str, list[Priority]]:
        """Municipality id -> its priorities, in the order of the tables."""
        chosen: dict[str, list[Priority]] = {m.id: [] for m in self.ordered_municipalities}
        for priority in self.ordered_priorities:
            for municipality in self.choosers(priority.id):
                chosen[municipality.id].append(priority)
        return chosen

    @cached_property
    def _choosers(self) -> dict[str, tuple[Municipality, ...]]:
        ids_by_priority: dict[str, set[str]] = {}
        for choice in self.valid_choices:
            ids_by_priority.setdefault(choice.priority, set()).add(choice.municipality)
        return {
            priority_id: tuple(m for m in self.ordered_municipalities if m.id in ids)
            for priority_id, ids in ids_by_priority.items()
        }

    def choosers(self, priority_id: str) -> tuple[Municipality, ...]:
        """The municipalities that chose a priority, in table order."""
        return self._choosers.get(priority_id, ())

    def partners(self, municipality_id: str, priority_id: str) -> tuple[Municipality, ...]:
        """The other municipalities that chose the same priority."""
        return tuple(m for m in self.choosers(priority_id) if m.id != municipality_id)

    def shared_with(self, municipality_id: str, priority_id: str
                    ) -> tuple[str, tuple[Municipality, ...]]:
        """What a "shared with" cell says of the partners, and who they are.

        "none", "all" (every other municipality), "count" (too many to name:
        only their number is shown) or "listed" (each by name).
        """
        partners = self.partners(municipality_id, priority_id)
        if not partners:
            return "none", partners
        if len(partners) == len(self.municipality_by_id) - 1:
            return "all", partners
        return ("count" if len(partners) > PARTNERS_LISTED else "listed"), partners

    @cached_property
    def choice_statuses(self) -> tuple[str, ...]:
        """The statuses the plan's choices have, in the order of STATUSES.

        The overviews explain only the marks they show (an undeclared status last).
        """
        present = {choice.status for choice in self.valid_choices}
        return tuple(s for s in (*STATUSES, UNDECLARED) if s in present)

    @property
    def not_adopted_by_some(self) -> bool:
        """Some council is known not to have adopted the plan (yet): a draft."""
        return any(m.adoption == "not-adopted" for m in self.municipality_by_id.values())

    @property
    def adopted_by_all(self) -> bool:
        """Every council adopted the plan: the full plan is no longer a draft."""
        return bool(self.municipality_by_id) and all(
            m.adopted for m in self.municipality_by_id.values())

    def priorities_by_field(self) -> list[tuple[str, list[Priority]]]:
        """(field id, priorities) for each field that has priorities."""
        groups: dict[str, list[Priority]] = {}
        for priority in self.ordered_priorities:
            groups.setdefault(priority.field, []).append(priority)
        return list(groups.items())

    def shared_priorities(self) -> list[SharedPriority]:
        """Priorities chosen by two or more but not all municipalities.

        These are where municipalities should seek each other out to share
        knowledge; what all chose is the joint work, what one chose is local.
        """
        everyone = len(self.municipality_by_id)
        return [
            SharedPriority(priority, self.choosers(priority.id))
            for priority in self.ordered_priorities
            if 2 <= len(self.choosers(priority.id)) < everyone
        ]

    # -- checks --------------------------------------------------------------

    def problems(self, municipality_chapters: Iterable[str] = ()) -> list[Problem]:
        """Everything that is wrong across documents, in document order.

        ``municipality_chapters`` are the docnames that must each declare
        exactly one municipality.
        """
        found = self._duplicate_municipalities + self._duplicate_priorities
        found += self._chapter_problems(municipality_chapters)
        found += self._choice_problems()
        found += self._catalogue_problems()
        return sorted(found, key=lambda problem: (problem.location, problem.kind))

    def _chapter_problems(self, chapters: Iterable[str]) -> list[Problem]:
        found = []
        declared: dict[str, list[Municipality]] = {}
        for municipality in self.municipalities:
            declared.setdefault(municipality.location.docname, []).append(municipality)
        for docname in sorted(chapters):
            if docname not in declared:
                found.append(Problem(
                    "missing-municipality",
                    N_("this municipality chapter declares no municipality; add one "
                       "'ivp:municipality' directive with the municipality's id, :name: "
                       "and :residents:."),
                    Location(docname, 1),
                ))
        for municipalities in declared.values():
            first = municipalities[0]
            for extra in municipalities[1:]:
                found.append(Problem(
                    "multiple-municipalities",
                    N_("this chapter already declares municipality '{first}' (line {line}); "
                       "each municipality gets a chapter of its own: move '{extra}' to its "
                       "own file."),
                    extra.location,
                    {"first": first.id, "line": first.location.lineno, "extra": extra.id},
                ))
        return found

    def _choice_problems(self) -> list[Problem]:
        found = []
        seen: dict[tuple[str, str], Choice] = {}
        for choice in self.choices:
            if choice.priority not in self.priority_by_id:
                found.append(Problem(
                    "unknown-priority",
                    N_("'{priority}' is not in the priority catalogue; choose an existing "
                       "priority or add it to the catalogue first."),
                    choice.location, {"priority": choice.priority},
                    closest(choice.priority, self.priority_by_id) or "",
                ))
                continue
            key = (choice.municipality, choice.priority)
            earlier = seen.setdefault(key, choice)
            if earlier is not choice:
                found.append(Problem(
                    "duplicate-choice",
                    N_("municipality '{municipality}' already chose priority '{priority}' "
                       "at line {line}; merge the two elaborations into one."),
                    choice.location,
                    {"municipality": choice.municipality, "priority": choice.priority,
                     "line": earlier.location.lineno},
                ))
        return found

    def _catalogue_problems(self) -> list[Problem]:
        found = []
        for priority in self.priority_by_id.values():
            choosers = self.choosers(priority.id)
            if priority.joint:
                missing = [m.name for m in self.ordered_municipalities if m not in choosers]
                if missing:
                    found.append(Problem(
                        "joint-not-chosen",
                        N_("joint priority '{priority}' is not chosen by {missing}; add an "
                           "'ivp:choice' for it to their chapters, or drop :joint: from the "
                           "priority."),
                        priority.location,
                        {"priority": priority.id, "missing": ", ".join(missing)},
                    ))
            elif not choosers:
                found.append(Problem(
                    "unchosen-priority",
                    N_("no municipality chose priority '{priority}'; choose it in a "
                       "municipality chapter or remove it from the catalogue."),
                    priority.location, {"priority": priority.id},
                ))
        return found
