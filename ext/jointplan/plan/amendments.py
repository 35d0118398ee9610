"""Amendments: what a council changed in the text it adopted, in plain Python.

A council adopts the joint text, and may amend it first. An amendment has a
number (A1), the council (a municipality id), its submitters and date, what it
changes, its explanation (toelichting) and its status. It changes either a
paragraph's text (``old`` becomes ``new``, in the paragraph with that id) or a
declaration of the plan: the council adds a choice of a catalogue priority,
or drops one. A sub-amendment (``amends``) changes the new text of another
amendment of the same council before that is voted on.

:func:`problems` finds what cannot be right; :func:`adopted_text` gives a
paragraph's text as a council adopted it.

Whether a council adopted an amendment is told twice: by the amendment's
status and by the council's decision (a ``raadsbesluit`` of ``<id>/raad`` in
the decisions register, :mod:`.decisions`), which may name the amendments it
adopted. The rules, so that the two cannot tell different stories:

- an amendment ``aangenomen`` belongs to exactly one adopting raadsbesluit
  (``vastgesteld``; the ``:council-decision:`` option counts as one) of its
  council (:func:`decision_of`): the one whose ``:amendments:`` names it, else
  the council's first adopting decision not taken before the amendment's date
  (its only one, for an amendment without a date), when that decision names no
  amendments; an adopted amendment that belongs to none is warned;
- every number a raadsbesluit names is an amendment of that council, with the
  status ``aangenomen``, named by no earlier adopting decision, and only a
  raadsbesluit ``vastgesteld`` names any.

A council may adopt more than once (release 1.0 with A1 and A2, later 2.0):
its adopted text is that of its latest adopting decision, so what is applied
(:func:`applied`) is an amendment ``aangenomen`` that belongs to its council's
latest adopting decision. Where the records disagree the check says so, and
the adopted text claims no more than both sources.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from .decisions import COUNCIL_SUFFIX, Decision, Register, date_range, valid_date
from .model import N_, NO_EDITION, Location, Municipality, Problem, closest

STATUSES = ("ingediend", "aangenomen", "verworpen", "ingetrokken")
ADOPTED = "aangenomen"
#: An amendment's number as councils write it: A1, A12, A3a.
NUMBER_PATTERN = re.compile(r"A\d+[a-z]?")
_SPACE = re.compile(r"\s+")


def normalized(text: str) -> str:
    """Text compared as a reader sees it: runs of white space are one space."""
    return _SPACE.sub(" ", text).strip()


@dataclass(frozen=True)
class Amendment:
    """One amendment as declared (``ivp:amendment``)."""

    number: str
    council: str  # municipality id
    location: Location
    status: str = "ingediend"
    submitters: tuple[str, ...] = ()
    date: str = ""
    #: A change of text: the paragraph, the words it replaces and their replacement.
    paragraph: str = ""
    old: str = ""
    new: str = ""
    #: A change of a declaration: a priority the council adds or drops as its choice.
    add_choice: str = ""
    drop_choice: str = ""
    #: The number of the amendment this one amends (a sub-amendment).
    amends: str = ""
    explanation: str = ""

    @property
    def key(self) -> tuple[str, str]:
        return self.council, self.number

    @property
    def adopted(self) -> bool:
        return self.status == ADOPTED

    @property
    def anchor(self) -> str:
        return f"ivp-amendment-{self.council}-{self.number.lower()}"


def canonical_number(text: str) -> str:
    """An amendment's number as the amendments write it ('a1' -> 'A1', 'A3A' ->
    'A3a'), or the text unchanged when it is no number."""
    text = text.strip()
    if NUMBER_PATTERN.fullmatch(text[:1].upper() + text[1:].lower()):
        return text[:1].upper() + text[1:].lower()
    return text


def council_id(decision: Decision) -> str:
    """The municipality whose council took a decision ('' for any other body)."""
    municipality, _, suffix = decision.body.partition("/")
    return municipality if suffix == COUNCIL_SUFFIX else ""


def _candidates(amendment: Amendment, own: Sequence[Decision]) -> list[Decision]:
    """The council's adopting decisions not taken before the amendment's date
    (an undated decision may be any day); all of them for an undated amendment."""
    if not valid_date(amendment.date):
        return list(own)
    start = date_range(amendment.date)[0]
    return [d for d in own if (d.last_day() or start) >= start]


def decision_of(amendment: Amendment, own: Sequence[Decision]) -> Decision | None:
    """The adopting decision an adopted amendment belongs to, of its council's
    adopting decisions ``own`` (:meth:`.decisions.Register.adopting`): the one
    whose ``:amendments:`` names it; else the first not taken before the
    amendment's date (the only one, for an amendment without a date), when that
    decision names no amendments; None when the records do not say."""
    named = next((d for d in own if amendment.number in d.amendments), None)
    if named is not None:
        return named
    later = _candidates(amendment, own)
    if not later or later[0].amendments or (not valid_date(amendment.date) and len(own) > 1):
        return None
    return later[0]


def applied(amendments: Iterable[Amendment], register: Register) -> list[Amendment]:
    """The amendments without the adopted ones that are not in their council's
    current adopted text: those that belong to no adopting decision or to an
    earlier one than its latest, or to one of another text (version 'geen').
    What the adopted texts, their covers and banners are made of."""
    own = {m.id: register.adopting(m.id) for m in register.municipalities}

    def current(amendment: Amendment) -> bool:
        decisions = own.get(amendment.council, [])
        decision = decision_of(amendment, decisions)
        return (decision is not None and decision is decisions[-1]
                and decision.version != NO_EDITION)

    return [a for a in amendments if not a.adopted or current(a)]


def by_key(amendments: Iterable[Amendment]) -> dict[tuple[str, str], Amendment]:
    """(council, number) -> amendment, the first declaration winning."""
    result: dict[tuple[str, str], Amendment] = {}
    for amendment in sorted(amendments, key=lambda a: a.location):
        result.setdefault(amendment.key, amendment)
    return result


def effective(amendments: Iterable[Amendment]) -> list[Amendment]:
    """The adopted amendments that change the text, their adopted
    sub-amendments applied, in order of number."""
    keyed = by_key(amendments)
    result = []
    for amendment in keyed.values():
        if not amendment.adopted or amendment.amends:
            continue
        new = amendment.new
        for sub in keyed.values():
            if sub.adopted and sub.amends == amendment.number and sub.council == amendment.council:
                new = normalized(new).replace(normalized(sub.old), normalized(sub.new), 1)
        result.append(_replace(amendment, new=new))
    return sorted(result, key=lambda a: (a.council, _number_order(a.number)))


def _replace(amendment: Amendment, **changes) -> Amendment:
    return replace(amendment, **changes)


def _number_order(number: str) -> tuple[int, str]:
    digits = re.sub(r"\D", "", number)
    return (int(digits) if digits else 0, number)


def adopted_text(text: str, amendments: Iterable[Amendment], paragraph_id: str) -> str:
    """A paragraph's text after the given (effective) amendments to it."""
    result = normalized(text)
    for amendment in amendments:
        if amendment.paragraph == paragraph_id and amendment.old:
            result = result.replace(normalized(amendment.old), normalized(amendment.new), 1)
    return result


def _span(text: str, old: str) -> tuple[int, int] | None:
    start = normalized(text).find(normalized(old))
    return None if start < 0 else (start, start + len(normalized(old)))


def problems(amendments: Iterable[Amendment], paragraphs: Mapping[str, str],
             municipalities: Mapping[str, Municipality], priorities: Iterable[str],
             chosen: set[tuple[str, str]], register: Register | None = None,
             documents: Mapping[str, str] | None = None,
             chapters: Mapping[str, str] | None = None,
             left_out: Iterable[str] = ()) -> list[Problem]:
    """Everything about the amendments that cannot be right (messages to translate).

    ``paragraphs``: id -> text of every citable block; ``chosen``: the
    (municipality, priority) pairs the chapters declare; ``register``: the
    recorded decisions (by default only the municipalities' own options).
    ``documents``: paragraph id -> its document; ``chapters``: the documents
    of the municipality folder -> the municipality whose chapter it is ('' for
    none); ``left_out``: documents in no council's edition. A council amends
    only the text of its own edition.
    """
    found: list[Problem] = []
    amendments = sorted(amendments, key=lambda a: a.location)
    priorities = set(priorities)
    first: dict[tuple[str, str], Amendment] = {}
    if register is None:
        register = Register(municipalities.values())
    documents, chapters, left_out = documents or {}, chapters or {}, set(left_out)

    def problem(amendment: Amendment, template: str, suggestion: str | None = "",
                **params: object) -> None:
        found.append(Problem("amendment", template, amendment.location,
                             {"number": amendment.number, **params}, suggestion or ""))

    for amendment in amendments:
        earlier = first.setdefault(amendment.key, amendment)
        if earlier is not amendment:
            problem(amendment, N_("amendment {number}: the council of {council} already has an "
                                  "amendment with this number ({docname}, line {line}); give "
                                  "each amendment of a council a number of its own."),
                    council=amendment.council, docname=earlier.location.docname,
                    line=earlier.location.lineno)
            continue
        municipality = municipalities.get(amendment.council)
        if municipality is None:
            problem(amendment, N_("amendment {number}: unknown municipality '{council}' in "
                                  ":council:; name the id of a municipality from its chapter."),
                    closest(amendment.council, municipalities), council=amendment.council)
            continue
        if amendment.amends:
            parent = next((a for a in amendments if a.key == (amendment.council, amendment.amends)),
                          None)
            if parent is None:
                problem(amendment, N_("amendment {number}: the amendment {amends} that this "
                                      "sub-amendment changes does not exist at the council of "
                                      "{name}."),
                        closest(amendment.amends, [a.number for a in amendments
                                                   if a.council == amendment.council]),
                        amends=amendment.amends, name=municipality.name)
            elif normalized(amendment.old) not in normalized(parent.new):
                problem(amendment, N_("amendment {number}: the text to replace, '{old}', is not "
                                      "in the new text of amendment {parent}; quote that "
                                      "word for word."),
                        old=amendment.old, parent=parent.number)
        elif amendment.paragraph:
            text = paragraphs.get(amendment.paragraph)
            if text is None:
                problem(amendment, N_("amendment {number}: unknown paragraph '{paragraph}' in "
                                      ":paragraph:; name the id at the start of the paragraph "
                                      "the amendment changes."),
                        closest(amendment.paragraph, paragraphs), paragraph=amendment.paragraph)
            elif amendment.old and _span(text, amendment.old) is None:
                problem(amendment, N_("amendment {number}: the text to replace, '{old}', is not "
                                      "in paragraph {paragraph}; quote the text as it stands "
                                      "in the paragraph, or leave :old: out to add text."),
                        old=amendment.old, paragraph=amendment.paragraph)
        for option, priority in (("add-choice", amendment.add_choice),
                                 ("drop-choice", amendment.drop_choice)):
            if not priority:
                continue
            if priority not in priorities:
                problem(amendment, N_("amendment {number}: unknown priority '{priority}' in "
                                      ":{option}:; choose a priority from the catalogue."),
                        closest(priority, priorities), priority=priority, option=option)
            elif option == "add-choice" and (amendment.council, priority) in chosen:
                problem(amendment, N_("amendment {number}: {name} already chose '{priority}'; an "
                                      "amendment can only add a priority that is not chosen "
                                      "yet."), name=municipality.name, priority=priority)
            elif option == "drop-choice" and (amendment.council, priority) not in chosen:
                problem(amendment, N_("amendment {number}: {name} did not choose '{priority}'; "
                                      "an amendment can only drop a chosen priority."),
                        name=municipality.name, priority=priority)
        if amendment.paragraph and amendment.paragraph in documents:
            found.extend(_outside_edition(amendment, municipality, documents[amendment.paragraph],
                                          chapters, left_out, municipalities))
        if amendment.adopted:
            found.extend(_adoption_problems(amendment, municipality, register))
    found.extend(_conflicts(effective(amendments), paragraphs, register))
    found.extend(decision_problems(amendments, register))
    return found


def _adoption_problems(amendment: Amendment, municipality: Municipality,
                       register: Register) -> list[Problem]:
    """An adopted amendment whose council's decisions do not say so, or do not
    say which of them adopted it."""
    params: dict[str, object] = {"number": amendment.number, "name": municipality.name,
                                 "council": municipality.id}
    own = register.adopting(municipality.id)
    if not own and register.adoption(municipality.id) == "not-adopted":
        return [Problem("amendment", N_(
            "amendment {number}: the amendment is adopted, but according to the recorded "
            "decisions the council of {name} has not adopted the plan; an amendment is "
            "adopted when the plan is. Correct the amendment's status or the council's "
            "decision."), amendment.location, params)]
    if not own:
        return [Problem("amendment", N_(
            "amendment {number}: the amendment is adopted, but no decision of the council of "
            "{name} is recorded; record the council's decision (ivp:decision {council}/raad "
            "with :kind: raadsbesluit, :outcome: vastgesteld and :amendments: {number}), or "
            "give the amendment the status that is known."), amendment.location, params)]
    decision = decision_of(amendment, own)
    if decision is None:
        return [_unclaimed(amendment, own, params)]
    if decision.version == NO_EDITION:
        return [Problem("amendment", N_(
            "amendment {number}: the amendment is adopted, but the council of {name} adopted "
            "another text than an edition of this plan (version '{no_edition}' in its decision, "
            "{docname}, line {lineno}); an amendment cannot amend a text the council did not "
            "adopt, so this text shows it nowhere as adopted. Correct the amendment's status, "
            "or the version of the council's decision."), amendment.location,
            {**params, "no_edition": NO_EDITION, "docname": decision.location.docname,
             "lineno": decision.location.lineno})]
    return []


def _unclaimed(amendment: Amendment, own: list[Decision], params: dict[str, object]
               ) -> Problem:
    """An adopted amendment that belongs to none of its council's adopting
    decisions (:func:`decision_of`): which, and how to say it."""
    if not valid_date(amendment.date) and len(own) > 1:
        return Problem("amendment", N_(
            "amendment {number}: the amendment is adopted, but has no date, and the council of "
            "{name} adopted the plan {count} times (the last in {docname}, line {lineno}); say "
            "which decision adopted it: name {number} in that decision's :amendments:, or give "
            "the amendment its :date:."), amendment.location,
            {**params, "count": len(own), "docname": own[-1].location.docname,
             "lineno": own[-1].location.lineno})
    later = _candidates(amendment, own)
    if later:  # the first decision not before it names others
        decision = later[0]
        return Problem("amendment", N_(
            "amendment {number}: the amendment is adopted, but the council's decision "
            "({docname}, line {lineno}) does not name it in :amendments: (it names {named}). "
            "Add {number} there, or give the amendment the status in the council's list of "
            "decisions."), amendment.location,
            {**params, "docname": decision.location.docname,
             "lineno": decision.location.lineno,
             "named": ", ".join(sorted(decision.amendments, key=_number_order))})
    last = own[-1]
    return Problem("amendment", N_(
        "amendment {number}: the amendment is adopted on {date}, but the council of {name} "
        "adopted the plan last on {decided} ({docname}, line {lineno}), before that day, so "
        "no recorded decision adopted it. Record the decision that adopted it "
        "(ivp:decision {council}/raad with :amendments: {number}), or correct the "
        "amendment's date."), amendment.location,
        {**params, "date": amendment.date, "decided": last.date,
         "docname": last.location.docname, "lineno": last.location.lineno})


def decision_problems(amendments: Iterable[Amendment], register: Register) -> list[Problem]:
    """What the councils' decisions say of amendments that the amendments do not:
    each named number is an adopted amendment of that council (at the decision)."""
    keyed = by_key(amendments)
    names = {m.id: m.name for m in register.municipalities}
    found = []
    for decision in register.recorded:
        council = council_id(decision)
        if not decision.amendments or decision.kind != "raadsbesluit" or council not in names:
            continue
        if decision.outcome in ("verworpen", "aangehouden"):
            found.append(Problem("amendment", N_(
                ":amendments: a council decision with the outcome {outcome} adopts no "
                "amendments: amendments are adopted when the plan is. Remove :amendments:, "
                "or correct the outcome."), decision.location, {"outcome": decision.outcome}))
            continue
        own = sorted((n for c, n in keyed if c == council), key=_number_order)
        for number in decision.amendments:
            params = {"number": number, "name": names[council], "council": council}
            amendment = keyed.get((council, number))
            elsewhere = [a for (c, n), a in sorted(keyed.items()) if n == number and c != council]
            if amendment is None and elsewhere:
                other = elsewhere[0]
                found.append(Problem("amendment", N_(
                    ":amendments: {number} is an amendment of the council of {other} "
                    "({docname}, line {lineno}), not of {name}; a council's decision names "
                    "only its own council's amendments. Correct the number, or the amendment's "
                    ":council:."), decision.location,
                    {**params, "other": names.get(other.council, other.council),
                     "docname": other.location.docname, "lineno": other.location.lineno}))
            elif amendment is None and not own:
                found.append(Problem("amendment", N_(
                    ":amendments: no amendment of the council of {name} is recorded, so it "
                    "cannot have adopted {number}. Record the amendment (ivp:amendment with "
                    ":council: {council}), or remove {number} here."), decision.location,
                    params))
            elif amendment is None:
                found.append(Problem("amendment", N_(
                    ":amendments: the council of {name} has no amendment {number} (its "
                    "amendments: {numbers}).{hint} Record the amendment (ivp:amendment with "
                    ":council: {council}), or correct the number."), decision.location,
                    {**params, "numbers": ", ".join(own)},
                    closest(number, own) or ""))
            elif not amendment.adopted:
                found.append(Problem("amendment", N_(
                    ":amendments: names {number} as adopted, but the amendment ({docname}, "
                    "line {lineno}) has :status: {status}. Make them agree: correct the "
                    "amendment's status, or remove {number} here."), decision.location,
                    {**params, "docname": amendment.location.docname,
                     "lineno": amendment.location.lineno, "status": amendment.status}))
            elif decision.positive and (first := decision_of(
                    amendment, register.adopting(council))) not in (None, decision):
                assert first is not None  # for mypy: the condition excludes it
                found.append(Problem("amendment", N_(
                    ":amendments: {number} was already adopted by an earlier decision of the "
                    "council ({docname}, line {lineno}); an amendment is adopted once, by one "
                    "decision. Remove {number} here, or record the amendment this decision "
                    "adopted under a number of its own."), decision.location,
                    {**params, "docname": first.location.docname,
                     "lineno": first.location.lineno}))
            elif (decided := decision.last_day()) is not None and valid_date(amendment.date) \
                    and date_range(amendment.date)[0] > decided:
                found.append(Problem("amendment", N_(
                    ":amendments: names {number}, dated {date} ({docname}, line {lineno}), "
                    "after this decision ({decision_date}); a council adopts an amendment in "
                    "the meeting where it decides, not later. Correct the amendment's :date: "
                    "or this decision's :date:."), decision.location,
                    {**params, "date": amendment.date, "decision_date": decision.date,
                     "docname": amendment.location.docname,
                     "lineno": amendment.location.lineno}))
    return found


def _outside_edition(amendment: Amendment, municipality: Municipality, docname: str,
                     chapters: Mapping[str, str], left_out: set[str],
                     municipalities: Mapping[str, Municipality]) -> list[Problem]:
    """A council amends only the text it adopted: its edition, which holds the
    shared chapters and its own chapter, not the other councils' chapters."""
    owner = chapters.get(docname)
    params = {"number": amendment.number, "paragraph": amendment.paragraph,
              "docname": docname, "name": municipality.name}
    if owner and owner != municipality.id:
        other = municipalities.get(owner)
        return [Problem("amendment", N_(
            "amendment {number}: paragraph {paragraph} is in {docname}, the chapter of {other}, "
            "which is not in the edition of {name}: the council of {name} did not adopt that "
            "text and cannot amend it. Name a paragraph of the shared chapters or of the "
            "chapter of {name}."), amendment.location,
            {**params, "other": other.name if other else owner})]
    if (docname in chapters and not owner) or docname in left_out:
        return [Problem("amendment", N_(
            "amendment {number}: paragraph {paragraph} is in {docname}, which is not in the "
            "edition of {name}, so not in the text its council adopted. Name a paragraph of "
            "the text of that edition."), amendment.location, params)]
    return []


def _conflicts(adopted: list[Amendment], paragraphs: Mapping[str, str],
               register: Register) -> list[Problem]:
    """Two adopted amendments of one council that cannot both be applied: of the
    same decision (a later decision adopts a text of its own)."""
    found = []
    decisions = {a.council: register.adopting(a.council) for a in adopted}
    belongs = [decision_of(a, decisions[a.council]) for a in adopted]
    for index, later in enumerate(adopted):
        for before, earlier in enumerate(adopted[:index]):
            if earlier.council != later.council or belongs[before] is not belongs[index]:
                continue
            clash = ""
            params: dict[str, object] = {
                "number": later.number, "earlier": earlier.number,
                "docname": earlier.location.docname, "line": earlier.location.lineno}
            if later.paragraph and later.paragraph == earlier.paragraph:
                text = paragraphs.get(later.paragraph, "")
                a, b = _span(text, earlier.old or ""), _span(text, later.old or "")
                if not earlier.old or not later.old or (a and b and a[0] < b[1] and b[0] < a[1]):
                    clash = N_("amendment {number}: clashes with amendment {earlier} "
                               "({docname}, line {line}), which was adopted too: both change "
                               "the same text of paragraph {paragraph}. Record which of the "
                               "two the council adopted, or make the second a sub-amendment "
                               "of the first.")
                    params["paragraph"] = later.paragraph
            for own in (later.add_choice, later.drop_choice):
                if own and own in (earlier.add_choice, earlier.drop_choice):
                    clash = N_("amendment {number}: clashes with amendment {earlier} "
                               "({docname}, line {line}), which was adopted too: both change "
                               "the choice of '{priority}'. Record which of the two the "
                               "council adopted, or make the second a sub-amendment of the "
                               "first.")
                    params["priority"] = own
            if clash:
                found.append(Problem("amendment", clash, later.location, params))
    return found


def chosen_after(chosen: set[tuple[str, str]], amendments: Iterable[Amendment]
                 ) -> set[tuple[str, str]]:
    """The (municipality, priority) choices after the given adopted amendments."""
    result = set(chosen)
    for amendment in amendments:
        if amendment.add_choice:
            result.add((amendment.council, amendment.add_choice))
        if amendment.drop_choice:
            result.discard((amendment.council, amendment.drop_choice))
    return result
