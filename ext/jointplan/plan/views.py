"""What each generated element shows, built once from the plan.

The one description of "what a page shows of the plan". Renderers
(:mod:`jointplan.glue.tables`, the PDF translator, the site's banner) turn a
view into markup and read nothing else of the plan; an incremental build
compares the views of a page before and after reading to decide whether the
page must be written again (:mod:`jointplan.glue.incremental`). So a new
column is a change here, and invalidation follows from it.

Views hold resolved values: texts in the plan's words, link targets, counts;
never markup. Nothing here imports Sphinx or docutils. A view never reads a
declaration's line number: editing a chapter's prose moves declarations
without changing any other page (only their order counts, which the plan
keeps).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, TypeAlias

from . import words
from .decisions import Lifecycle, Register
from .model import UNDECLARED, Municipality, Plan, Priority

#: What a directive notes that its page shows: (kind, municipality id, priority id).
Shown: TypeAlias = tuple[str, str, str]

#: The role names of references to plan objects (``{ivp:priority}`` ...).
ROLES = ("priority", "municipality", "choice")


# Ids of the declarations' targets. They are part of the published URLs
# (reviewers link to them), so they only ever change with the ids.

def priority_anchor(priority_id: str) -> str:
    return f"ivp-priority-{priority_id}"


def municipality_anchor(municipality_id: str) -> str:
    return f"ivp-municipality-{municipality_id}"


def choice_anchor(municipality_id: str, priority_id: str) -> str:
    return f"ivp-choice-{municipality_id}-{priority_id}"


# -- links --------------------------------------------------------------------

@dataclass(frozen=True)
class Target:
    """Where a link to a plan object goes, and the object's full title."""

    docname: str
    anchor: str
    title: str


@dataclass(frozen=True)
class Link:
    """A link to a plan object: its text, and its target (None: printed as text)."""

    text: str
    to: Target | None


@dataclass(frozen=True)
class ChoiceLink:
    """A link to a choice, followed by its status as a mark (every status has one)."""

    link: Link
    status: str

    @property
    def mark(self) -> str:
        """'vermeld', 'voorstel', ...: the status as the overviews print it."""
        return words.STATUS_MARK[self.status]


def target(plan: Plan, role: str, name: str) -> Target | None:
    """What a reference ``{ivp:<role>}`\\ <name>``` resolves to, or None."""
    if role == "priority" and name in plan.priority_by_id:
        priority = plan.priority_by_id[name]
        return Target(priority.location.docname, priority_anchor(name), priority.title)
    if role == "municipality" and name in plan.municipality_by_id:
        municipality = plan.municipality_by_id[name]
        return Target(municipality.location.docname, municipality_anchor(name),
                      municipality.name)
    if role == "choice":
        municipality_id, _, priority_id = name.partition("/")
        choice = plan.choice_by_key.get((municipality_id, priority_id))
        if choice is not None:
            return Target(choice.location.docname, choice_anchor(municipality_id, priority_id),
                          words.choice_title(plan.municipality_by_id[municipality_id],
                                             plan.priority_by_id[priority_id]))
    return None


def priority_link(plan: Plan, priority: Priority, text: str = "") -> Link:
    return Link(text or priority.title, target(plan, "priority", priority.id))


def municipality_link(plan: Plan, municipality: Municipality) -> Link:
    return Link(municipality.name, target(plan, "municipality", municipality.id))


def choice_link(plan: Plan, municipality: Municipality, priority: Priority,
                text: str = "") -> ChoiceLink:
    """A link to a choice (with the municipality's name, or ``text``), and its status."""
    key = f"{municipality.id}/{priority.id}"
    choice = plan.choice_by_key.get((municipality.id, priority.id))
    return ChoiceLink(Link(text or municipality.name, target(plan, "choice", key)),
                      choice.status if choice is not None else UNDECLARED)


# -- "shared with" ---------------------------------------------------------------

@dataclass(frozen=True)
class Shared:
    """A "shared with" cell: a fixed text, a number, or the partners by name.

    A cell that says "all other municipalities" or only a count does not list
    names, so a change of who is in it matters only when its text changes.
    """

    how: Literal["none", "all", "count", "listed"]
    #: "count": the number of partners, linking to the catalogue entry (which names them)
    count: Link | None = None
    #: "listed": each partner's choice
    partners: tuple[ChoiceLink, ...] = ()


def shared(plan: Plan, municipality: Municipality, priority: Priority) -> Shared:
    how, partners = plan.shared_with(municipality.id, priority.id)
    if how == "count":
        return Shared("count", count=priority_link(
            plan, priority, words.other_municipalities(len(partners))))
    if how == "listed":
        return Shared("listed", partners=tuple(choice_link(plan, m, priority)
                                               for m in partners))
    return Shared("none" if how == "none" else "all")


# -- the overviews --------------------------------------------------------------

@dataclass(frozen=True)
class MatrixRow:
    priority: Link
    joint: bool
    #: per municipality (in the header's order): its choice's status, None if not chosen
    cells: tuple[str | None, ...]
    count: int


@dataclass(frozen=True)
class MatrixGroup:
    field: str  # the veiligheidsveld's title
    rows: tuple[MatrixRow, ...]


@dataclass(frozen=True)
class MatrixView:
    """Priorities (rows, grouped by field) by municipalities (columns)."""

    municipalities: tuple[Link, ...]
    groups: tuple[MatrixGroup, ...]
    totals: tuple[int, ...]  # priorities per municipality
    legend: bool  # some choice carries a mark


@dataclass(frozen=True)
class SharedRow:
    priority: Link
    field: str
    choices: tuple[ChoiceLink, ...]


@dataclass(frozen=True)
class SharedPrioritiesView:
    """Priorities shared by two or more but not all municipalities."""

    rows: tuple[SharedRow, ...]


@dataclass(frozen=True)
class SummaryRow:
    choice: ChoiceLink  # with the priority's title as text
    field: str
    joint: bool
    shared: Shared


@dataclass(frozen=True)
class SummaryView:
    """One municipality's priorities and with whom each is shared."""

    id: str
    name: str
    rows: tuple[SummaryRow, ...]


@dataclass(frozen=True)
class SummariesView:
    """The summaries a placeholder shows: one municipality's, or all.

    ``unknown`` is a municipality id the placeholder names but no chapter
    declares (reported, with ``known`` for a did-you-mean).
    """

    summaries: tuple[SummaryView, ...]
    unknown: str = ""
    known: tuple[str, ...] = ()


@dataclass(frozen=True)
class Card:
    municipality: Link
    residents: str
    choices: tuple[ChoiceLink, ...]  # with the priorities' titles as text


@dataclass(frozen=True)
class CardsView:
    """One card per municipality."""

    cards: tuple[Card, ...]
    legend: bool


@dataclass(frozen=True)
class AdoptionRow:
    municipality: Link
    college: str
    council: str
    status: str
    version: str


@dataclass(frozen=True)
class AdoptionView:
    """Per municipality: the college's and the council's decision, the adopted release."""

    rows: tuple[AdoptionRow, ...]


@dataclass(frozen=True)
class PriorityDetailsView:
    """Under a catalogue entry: joint or not, its field, who chose it."""

    joint: bool
    field: str
    choosers: tuple[ChoiceLink, ...]


@dataclass(frozen=True)
class ChoiceDetailsView:
    """Above a choice's elaboration: its catalogue entry, field and partners.

    The choice's own origins and status are said by its own directive, in its
    own document, and rendered from there.
    """

    priority: Link
    field: str
    shared: Shared


def legend(plan: Plan) -> bool:
    # Every status is marked (no mark would read as a decision).
    return bool(plan.choice_by_key)


def matrix(plan: Plan) -> MatrixView:
    municipalities = plan.ordered_municipalities
    groups = []
    for field_id, priorities in plan.priorities_by_field():
        rows = []
        for priority in priorities:
            # A dictionary lookup: `m in choosers` compared dataclasses field
            # by field, municipalities x priorities x choosers times.
            choices = [plan.choice_by_key.get((m.id, priority.id)) for m in municipalities]
            rows.append(MatrixRow(
                priority_link(plan, priority), priority.joint,
                tuple(None if c is None else c.status for c in choices),
                len(plan.choosers(priority.id))))
        groups.append(MatrixGroup(words.field_title(field_id), tuple(rows)))
    return MatrixView(
        tuple(municipality_link(plan, m) for m in municipalities), tuple(groups),
        tuple(len(plan.chosen_by_municipality[m.id]) for m in municipalities),
        legend(plan))


def shared_priorities(plan: Plan) -> SharedPrioritiesView:
    return SharedPrioritiesView(tuple(
        SharedRow(priority_link(plan, item.priority), words.field_title(item.priority.field),
                  tuple(choice_link(plan, m, item.priority) for m in item.municipalities))
        for item in plan.shared_priorities()))


def summary(plan: Plan, municipality: Municipality) -> SummaryView:
    return SummaryView(municipality.id, municipality.name, tuple(
        SummaryRow(choice_link(plan, municipality, p, p.title), words.field_title(p.field),
                   p.joint, shared(plan, municipality, p))
        for p in plan.chosen_by_municipality[municipality.id]))


def summaries(plan: Plan, municipality_id: str) -> SummariesView:
    if not municipality_id:
        return SummariesView(tuple(summary(plan, m) for m in plan.ordered_municipalities))
    municipality = plan.municipality_by_id.get(municipality_id)
    if municipality is None:
        return SummariesView((), municipality_id, tuple(sorted(plan.municipality_by_id)))
    return SummariesView((summary(plan, municipality),))


def cards(plan: Plan) -> CardsView:
    return CardsView(tuple(
        Card(municipality_link(plan, m), words.residents(m),
             tuple(choice_link(plan, m, p, p.title)
                   for p in plan.chosen_by_municipality[m.id]))
        for m in plan.ordered_municipalities), legend(plan))


def adoption(plan: Plan, recorded: Callable[[Municipality], Municipality] | None = None
             ) -> AdoptionView:
    """``recorded(municipality)``: the municipality with its decisions as the
    register records them (:meth:`.decisions.Register.as_recorded`); without
    it, the declarations' options alone."""
    found = [(m, recorded(m) if recorded else m) for m in plan.ordered_municipalities]
    return AdoptionView(tuple(
        AdoptionRow(municipality_link(plan, m), words.decision_date(r.college_decision),
                    words.decision_date(r.council_decision), words.ADOPTION_STATUS[r.adoption],
                    words.NOT_YET if r.adoption == "not-adopted" else words.adopted_version(r))
        for m, r in found))


@dataclass(frozen=True)
class CouncilFactsView:
    """A municipality chapter's facts of its council's decision: when it adopted the
    plan ('20 december 2018', 'nog niet', 'niet bekend') and which version ('' when
    not shown: a council known not to have adopted it)."""

    council: str
    version: str


def council_facts(plan: Plan, municipality_id: str,
                  recorded: Callable[[Municipality], Municipality] | None = None
                  ) -> CouncilFactsView | None:
    """``recorded`` as for :func:`adoption`."""
    municipality = plan.municipality_by_id.get(municipality_id)
    if municipality is None:
        return None
    found = recorded(municipality) if recorded else municipality
    return CouncilFactsView(
        words.decision_date(found.council_decision),
        "" if found.adoption == "not-adopted" else words.adopted_version(found))


def priority_details(plan: Plan, priority_id: str) -> PriorityDetailsView | None:
    priority = plan.priority_by_id.get(priority_id)
    if priority is None:
        return None
    return PriorityDetailsView(priority.joint, words.field_title(priority.field), tuple(
        choice_link(plan, m, priority) for m in plan.choosers(priority.id)))


def choice_details(plan: Plan, municipality_id: str, priority_id: str
                   ) -> ChoiceDetailsView | None:
    priority = plan.priority_by_id.get(priority_id)
    municipality = plan.municipality_by_id.get(municipality_id)
    if priority is None or municipality is None:
        return None  # reported by the consistency check
    return ChoiceDetailsView(priority_link(plan, priority), words.field_title(priority.field),
                             shared(plan, municipality, priority))


# -- the index, the status --------------------------------------------------------

@dataclass(frozen=True)
class IndexedPriority:
    title: str
    to: Target
    joint: bool
    #: who chose it: each municipality's name, its choice and the choice's status
    choosers: tuple[tuple[str, Target, str], ...]


@dataclass(frozen=True)
class PriorityIndexView:
    """The index of priorities: each under its field, with who chose it."""

    fields: tuple[tuple[str, tuple[IndexedPriority, ...]], ...]


def priority_index(plan: Plan) -> PriorityIndexView:
    fields = []
    for field_id, priorities in plan.priorities_by_field():
        entries = []
        for priority in priorities:
            to = target(plan, "priority", priority.id)
            assert to is not None  # a priority of the plan
            choosers = []
            for municipality in plan.choosers(priority.id):
                chosen = target(plan, "choice", f"{municipality.id}/{priority.id}")
                assert chosen is not None  # a valid choice
                choosers.append((municipality.name, chosen,
                                 plan.choice_by_key[municipality.id, priority.id].status))
            entries.append(IndexedPriority(priority.title, to, priority.joint, tuple(choosers)))
        fields.append((words.field_title(field_id), tuple(entries)))
    return PriorityIndexView(tuple(fields))


@dataclass(frozen=True)
class CouncilStatusView:
    """A council's own adoption status: on its chapter's banner and its edition's cover."""

    name: str
    text: str
    draft: bool


def council_status(municipality: Municipality) -> CouncilStatusView:
    return CouncilStatusView(municipality.name, words.council_status(municipality),
                             municipality.adoption == "not-adopted")


@dataclass(frozen=True)
class StatusView:
    """The plan's status as the site's banner shows it: on every page, and on a
    council's chapter that council's own. From the recorded decisions
    (:class:`~jointplan.plan.decisions.Register`), as on the PDF covers."""

    text: str  # "" for a plan that declares no municipality (no banner)
    draft: bool  # some council is known not to have adopted the plan
    #: (chapter docname, its council's status), by the councils' names
    councils: tuple[tuple[str, CouncilStatusView], ...] = ()

    def council(self, docname: str) -> CouncilStatusView | None:
        """The status of the council whose chapter ``docname`` is, or None."""
        return next((view for doc, view in self.councils if doc == docname), None)


def lifecycle_text(register: Register) -> str:
    """The plan's lifecycle status in words: the banner's and the full plan's cover."""
    recorded = [register.as_recorded(m) for m in register.municipalities]
    return words.lifecycle_status(register.lifecycle, words.plan_status(recorded))


def status(register: Register) -> StatusView:
    """What the banner says; the incremental build compares exactly this."""
    if not register.municipalities:
        return StatusView("", False)
    councils: dict[str, CouncilStatusView] = {}
    for municipality in register.municipalities:  # by name, as the tables
        # two declarations in one chapter (reported): the first by name is its council
        councils.setdefault(municipality.location.docname,
                            council_status(register.as_recorded(municipality)))
    return StatusView(
        lifecycle_text(register),
        any(register.adoption(m.id) == "not-adopted" for m in register.municipalities),
        tuple(councils.items()))


#: One decision as generated content shows it: its party by name (party, kind of
#: party, the party's municipality), its kind, date, version, outcome, source,
#: amendments, explanation and the document it is recorded in.
DecisionShown: TypeAlias = tuple[str, str, str, str, str, str, str, str, tuple[str, ...],
                                 str, str]


@dataclass(frozen=True)
class DecisionsView:
    """What generated decision content shows of the whole register (the decision
    lines, the decisions tables, the timeline, a raadsvoorstel's facts): the parties
    and the decisions as readers see them, by name (an id is never shown), and the
    lifecycle. A municipality a directive names is :func:`decision_target`."""

    parties: tuple[tuple[str, str, str], ...]  # (name, kind, municipality's name)
    decisions: tuple[DecisionShown, ...]
    lifecycle: Lifecycle


def decisions(register: Register) -> DecisionsView:
    names = {m.id: m.name for m in register.municipalities}

    def party(party_id: str) -> tuple[str, str, str]:
        found = register.party_by_id[party_id]
        return found.name, found.kind, names.get(found.municipality, "")

    return DecisionsView(
        tuple(party(p.id) for p in register.parties),
        tuple((*party(d.body), d.kind, d.date, d.version, d.outcome, d.source, d.amendments,
               d.note, d.location.docname) for d in register.decisions),
        register.lifecycle)


def decision_target(register: Register, party_id: str) -> tuple[str, str, str] | None:
    """What generated decision content shows of the party (or municipality) its
    directive names by id: its name and kind, and a municipality's council status;
    None when no such party is known."""
    found = register.party_by_id.get(party_id)
    if found is None:
        return None
    municipality = next((m for m in register.municipalities if m.id == party_id), None)
    council = "" if municipality is None else council_status(
        register.as_recorded(municipality)).text
    return found.name, found.kind, council


# -- by kind ----------------------------------------------------------------------

View: TypeAlias = (MatrixView | SharedPrioritiesView | SummariesView | CardsView
                   | AdoptionView | CouncilFactsView | PriorityDetailsView | ChoiceDetailsView
                   | None)

#: Generated content a directive places, by kind: (plan, municipality id, priority id) -> view.
KINDS: dict[str, Callable[[Plan, str, str], View]] = {
    "overlap-matrix": lambda plan, m, p: matrix(plan),
    "shared-priorities": lambda plan, m, p: shared_priorities(plan),
    "municipality-summary": lambda plan, m, p: summaries(plan, m),
    "municipality-cards": lambda plan, m, p: cards(plan),
    "adoption-status": lambda plan, m, p: adoption(plan),
    "council-facts": lambda plan, m, p: council_facts(plan, m),
    "priority-details": lambda plan, m, p: priority_details(plan, p),
    "choice-details": choice_details,
}

#: The kinds that show the decisions as recorded (an ``ivp:decision`` wins over a
#: declaration's options): their pages are filled and compared with the register,
#: by :func:`build_recorded` (:func:`build` gives them as the declarations alone say).
RECORDED = ("adoption-status", "council-facts")


def build_recorded(plan: Plan, shown: Shown, register: Register) -> View:
    """What generated content of a :data:`RECORDED` kind shows, from ``register``."""
    kind, municipality_id, _ = shown
    if kind == "adoption-status":
        return adoption(plan, register.as_recorded)
    return council_facts(plan, municipality_id, register.as_recorded)


_built: weakref.WeakKeyDictionary[Plan, dict[Shown, View]] = weakref.WeakKeyDictionary()


def build(plan: Plan, shown: Shown) -> View:
    """What generated content of this kind shows of the plan (cached per plan).

    A plan is not changed once built (the domain builds a new one when a
    declaration is added or removed), so its views can be kept with it.
    """
    cache = _built.setdefault(plan, {})
    if shown not in cache:
        kind, municipality_id, priority_id = shown
        cache[shown] = KINDS[kind](plan, municipality_id, priority_id)
    return cache[shown]
