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
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from .model import Location, Municipality, Problem, did_you_mean

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
             chosen: set[tuple[str, str]]) -> list[Problem]:
    """Everything about the amendments that cannot be right, in Dutch.

    ``paragraphs``: id -> text of every citable block; ``chosen``: the
    (municipality, priority) pairs the chapters declare.
    """
    found: list[Problem] = []
    amendments = sorted(amendments, key=lambda a: a.location)
    priorities = set(priorities)
    first: dict[tuple[str, str], Amendment] = {}

    def problem(amendment: Amendment, message: str) -> None:
        found.append(Problem("amendment", f"amendement {amendment.number}: {message}",
                             amendment.location))

    for amendment in amendments:
        earlier = first.setdefault(amendment.key, amendment)
        if earlier is not amendment:
            problem(amendment, f"de raad van {amendment.council} heeft al een amendement met "
                    f"dit nummer ({earlier.location.docname}, regel {earlier.location.lineno}); "
                    "geef elk amendement van een raad een eigen nummer.")
            continue
        municipality = municipalities.get(amendment.council)
        if municipality is None:
            problem(amendment, f"onbekende gemeente '{amendment.council}' bij :council:; noem "
                    "het id van een gemeente uit haar hoofdstuk."
                    + _dutch(did_you_mean(amendment.council, municipalities)))
            continue
        if amendment.amends:
            parent = next((a for a in amendments if a.key == (amendment.council, amendment.amends)),
                          None)
            if parent is None:
                problem(amendment, f"het amendement {amendment.amends} dat dit subamendement "
                        f"wijzigt, bestaat niet bij de raad van {municipality.name}."
                        + _dutch(did_you_mean(amendment.amends, [
                            a.number for a in amendments if a.council == amendment.council])))
            elif normalized(amendment.old) not in normalized(parent.new):
                problem(amendment, f"de te vervangen tekst '{amendment.old}' staat niet in de "
                        f"nieuwe tekst van amendement {parent.number}; citeer die letterlijk.")
        elif amendment.paragraph:
            text = paragraphs.get(amendment.paragraph)
            if text is None:
                problem(amendment, f"onbekende alinea '{amendment.paragraph}' bij :paragraph:; "
                        "noem het id aan het begin van de alinea die het amendement wijzigt."
                        + _dutch(did_you_mean(amendment.paragraph, paragraphs)))
            elif amendment.old and _span(text, amendment.old) is None:
                problem(amendment, f"de te vervangen tekst '{amendment.old}' staat niet in "
                        f"alinea {amendment.paragraph}; citeer de tekst zoals die in de "
                        "alinea staat, of laat :old: weg om tekst toe te voegen.")
        for option, priority in (("add-choice", amendment.add_choice),
                                 ("drop-choice", amendment.drop_choice)):
            if not priority:
                continue
            if priority not in priorities:
                problem(amendment, f"onbekende prioriteit '{priority}' bij :{option}:; kies een "
                        "prioriteit uit de catalogus." + _dutch(did_you_mean(priority, priorities)))
            elif option == "add-choice" and (amendment.council, priority) in chosen:
                problem(amendment, f"{municipality.name} heeft '{priority}' al gekozen; een "
                        "amendement kan alleen een prioriteit toevoegen die nog niet gekozen is.")
            elif option == "drop-choice" and (amendment.council, priority) not in chosen:
                problem(amendment, f"{municipality.name} heeft '{priority}' niet gekozen; een "
                        "amendement kan alleen een gekozen prioriteit laten vallen.")
        if amendment.adopted and municipality.adoption == "unknown":
            problem(amendment, f"het amendement is aangenomen, maar van de raad van "
                    f"{municipality.name} is geen besluit vastgelegd; leg het raadsbesluit vast "
                    "(:council-decision: in het hoofdstuk van de gemeente), of geef het "
                    "amendement de status die bekend is.")
        elif amendment.adopted and municipality.adoption == "not-adopted":
            problem(amendment, f"het amendement is aangenomen, maar volgens het hoofdstuk van "
                    f"{municipality.name} heeft de raad het plan niet vastgesteld; een "
                    "amendement wordt aangenomen bij de vaststelling.")
    found.extend(_conflicts(effective(amendments), paragraphs))
    return found


def _conflicts(adopted: list[Amendment], paragraphs: Mapping[str, str]) -> list[Problem]:
    """Two adopted amendments of one council that cannot both be applied."""
    found = []
    for index, later in enumerate(adopted):
        for earlier in adopted[:index]:
            if earlier.council != later.council:
                continue
            clash = ""
            if later.paragraph and later.paragraph == earlier.paragraph:
                text = paragraphs.get(later.paragraph, "")
                a, b = _span(text, earlier.old or ""), _span(text, later.old or "")
                if not earlier.old or not later.old or (a and b and a[0] < b[1] and b[0] < a[1]):
                    clash = f"beide wijzigen dezelfde tekst van alinea {later.paragraph}"
            for own in (later.add_choice, later.drop_choice):
                if own and own in (earlier.add_choice, earlier.drop_choice):
                    clash = f"beide wijzigen de keuze voor '{own}'"
            if clash:
                found.append(Problem(
                    "amendment",
                    f"amendement {later.number}: botst met amendement {earlier.number} "
                    f"({earlier.location.docname}, regel {earlier.location.lineno}), dat ook is "
                    f"aangenomen: {clash}. Leg vast welk van de twee de raad heeft aangenomen, "
                    "of maak van het tweede een subamendement op het eerste.",
                    later.location))
    return found


def _dutch(hint: str) -> str:
    return hint.replace(" Did you mean ", " Bedoelt u ")


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
