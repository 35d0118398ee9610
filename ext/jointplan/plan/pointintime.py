"""Which text a council adopted, and which text was valid in it on a given day.

Derived, never kept by hand: the release (git tag) a council adopted and the
date of its decision come from its recorded decision (pass the municipality as
the register records it, :meth:`.decisions.Register.as_recorded`; the
chapter's ``:council-version:`` and ``:council-decision:`` count as one), its
amendments from the amendments that belong to that decision
(:func:`.amendments.decision_of`). So
"the text as adopted by council X" is that release with those amendments, and
"the text valid on day D" in a municipality is the text its council had
adopted by then, or none. A decision known only by its month makes the days of
that month uncertain; an undated decision makes every day before it is known
uncertain: then the answer says so instead of guessing.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from .adopted import council_amendments
from .amendments import Amendment, decision_of
from .decisions import Register
from .model import DECIDED_UNDATED, DECISION_PATTERN, NO_EDITION, Municipality, decision_end

#: The answers of :func:`valid_on`.
VALID, NOT_YET, UNCERTAIN = "valid", "not-yet", "uncertain"


@dataclass(frozen=True)
class AdoptedText:
    """The text a council adopted: a release, its amendments, the decision."""

    council: str
    version: str  # release tag ("v1.0"); "" when the sources do not say which
    decision: str  # the council decision as recorded (a date, a month, datum-onbekend)
    amendments: tuple[str, ...] = ()


def as_adopted(municipality: Municipality, amendments: Iterable[Amendment]
               ) -> AdoptedText | None:
    """The text the council adopted, or None when it has not (or it is not known)."""
    if not municipality.adopted:
        return None
    # A council that adopted another text (NO_EDITION) adopted no amendment of this one.
    numbers = () if municipality.council_version == NO_EDITION else tuple(
        a.number for a in council_amendments(amendments, municipality.id))
    return AdoptedText(municipality.id, municipality.council_version,
                       municipality.council_decision, numbers)


def decision_start(value: str) -> datetime.date:
    """The first day a decision given as a day or a month can have been taken."""
    match = DECISION_PATTERN.fullmatch(value)
    assert match is not None, value  # the callers check the pattern first
    return datetime.date(int(match["year"]), int(match["month"]), int(match["day"] or 1))


def valid_on(municipality: Municipality, amendments: Iterable[Amendment],
             day: datetime.date) -> tuple[str, AdoptedText | None]:
    """(VALID, the text) when the council's adopted text was valid on ``day``;
    (NOT_YET, None) when it was certainly not yet adopted; (UNCERTAIN, the
    text or None) when the sources do not allow an answer."""
    adopted = as_adopted(municipality, amendments)
    if adopted is None:
        return (NOT_YET, None) if municipality.adoption == "not-adopted" else (UNCERTAIN, None)
    if not DECISION_PATTERN.fullmatch(adopted.decision):
        return UNCERTAIN, adopted  # adopted on a day nobody recorded
    if day < decision_start(adopted.decision):
        return NOT_YET, None
    if day <= decision_end(adopted.decision) and decision_start(adopted.decision) != \
            decision_end(adopted.decision):
        return UNCERTAIN, adopted  # in the month of a decision whose day is not known
    return VALID, adopted


def valid_on_recorded(register: Register, municipality: Municipality,
                      amendments: Iterable[Amendment], day: datetime.date
                      ) -> tuple[str, AdoptedText | None]:
    """:func:`valid_on` with the council's decisions as the register records them.

    A council may adopt more than once (release 1.0, later 1.1): on ``day`` the
    text of the last adopting raadsbesluit taken by then counts, with the
    amendments that belong to that decision (:func:`.amendments.decision_of`);
    before the first, the answer is that of the first decision (not yet, or not
    known). ``amendments``: all of them, not only those of the latest decision.
    """
    own = register.adopting(municipality.id)
    taken = [d for d in own if (first := d.first_day()) is not None and first <= day]
    decision = taken[-1] if taken else (own[0] if own else None)
    if decision is None:
        return valid_on(register.as_recorded(municipality), amendments, day)
    recorded = dataclasses.replace(
        municipality, council_decision=decision.date or DECIDED_UNDATED,
        council_version=(decision.version if decision.known_version
                         or decision.version == NO_EDITION else ""))
    amendments = [a for a in amendments if a.council != municipality.id
                  or not a.adopted or decision_of(a, own) is decision]
    return valid_on(recorded, amendments, day)
