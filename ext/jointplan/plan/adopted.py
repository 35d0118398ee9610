"""Each council's adopted text: the joint text with that council's adopted amendments.

Plain Python. The joint text is one; a council that adopted it with
amendments adopted a text of its own, which differs from the joint text
exactly where its effective amendments (:func:`~.amendments.effective`) say:
some paragraphs read differently, and its choices (so the overlap tables)
may have a priority more or less. Nothing here is kept by hand: the adopted
text is derived every build from the joint text and the amendments, so
withdrawing an amendment gives the joint text back.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .amendments import Amendment, adopted_text, effective, normalized
from .model import Choice, Plan


@dataclass(frozen=True)
class Deviation:
    """One place where a council's adopted text differs from the joint text."""

    council: str
    amendment: str  # its number
    paragraph: str = ""  # id, for a change of text
    joint: str = ""  # the paragraph's joint text
    adopted: str = ""  # the paragraph as the council adopted it
    added_choice: str = ""  # priority id
    dropped_choice: str = ""


def council_amendments(amendments: Iterable[Amendment], council: str) -> list[Amendment]:
    """The council's effective amendments (adopted, sub-amendments applied)."""
    return [a for a in effective(amendments) if a.council == council]


def deviations(amendments: Iterable[Amendment], council: str,
               paragraphs: Mapping[str, str]) -> list[Deviation]:
    """Where the council's adopted text differs from the joint text, in order."""
    own = council_amendments(amendments, council)
    result = []
    for amendment in own:
        if amendment.paragraph and amendment.paragraph in paragraphs:
            joint = normalized(paragraphs[amendment.paragraph])
            result.append(Deviation(council, amendment.number, paragraph=amendment.paragraph,
                                    joint=joint,
                                    adopted=adopted_text(joint, [amendment], amendment.paragraph)))
        if amendment.add_choice:
            result.append(Deviation(council, amendment.number, added_choice=amendment.add_choice))
        if amendment.drop_choice:
            result.append(Deviation(council, amendment.number,
                                    dropped_choice=amendment.drop_choice))
    return result


def amended_plan(plan: Plan, own: Iterable[Amendment]) -> Plan:
    """The plan with the council's choices as its amendments leave them.

    An added choice stands where its amendment is declared; its origin is the
    council ("raad"), its status decided (the council adopted it).
    """
    own = list(own)
    dropped = {(a.council, a.drop_choice) for a in own if a.drop_choice}
    choices = [c for c in plan.choices if (c.municipality, c.priority) not in dropped]
    choices += [Choice(municipality=a.council, priority=a.add_choice, location=a.location,
                       origins=("raad",), status="besloten")
                for a in own if a.add_choice]
    if not dropped and len(choices) == len(plan.choices):
        return plan
    return Plan(plan.municipalities, plan.priorities, choices)


def differing_between_councils(by_council: Mapping[str, list[Deviation]]
                               ) -> dict[str, dict[str, Deviation]]:
    """Paragraph id or 'choice:<priority>' -> council -> its deviation there,
    for every place where at least one council's adopted text differs."""
    places: dict[str, dict[str, Deviation]] = {}
    for council, found in by_council.items():
        for deviation in found:
            key = (deviation.paragraph
                   or f"choice:{deviation.added_choice or deviation.dropped_choice}")
            places.setdefault(key, {})[council] = deviation
    return places
