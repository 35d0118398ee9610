"""Generated content: overlap tables, municipality cards, priority and choice details.

Directives leave :class:`~jointplan.glue.nodes.plan_placeholder` nodes; a
``doctree-resolved`` handler here replaces them when a document is written,
from the plan as it is after every chapter was read. Each renderer turns a
view of :mod:`jointplan.plan.views` into nodes and reads nothing else of the
plan, so what a page shows is described once, and incremental builds compare
exactly that. Links are made directly (the targets are in the views), and
become plain text where a builder has no URI for them.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any, Generic, Protocol, TypeVar

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment
from sphinx.errors import NoUri
from sphinx.locale import get_translation
from sphinx_design.shared import create_component

from ..checks.warnings import PlanWarning, suggestion, warn
from ..plan import views, words
from ..plan.model import Plan
from .domain import ivp
from .nodes import chosen_mark, plan_mark, plan_placeholder

_ = get_translation("jointplan")


#: What a builder has translated of a document's generated content: a unit's
#: key -> the statuses its marks show, or None when it has not translated it.
Translated = Callable[[Hashable], "frozenset[str] | None"]

E = TypeVar("E", bound=nodes.Element)


class Kept(Protocol):
    """A unit as a translator kept it: at least the statuses its marks show."""

    @property
    def statuses(self) -> frozenset[str]: ...


K = TypeVar("K", bound=Kept)


class TranslatedUnits(Generic[K]):
    """The units of generated content a builder's translator has kept in one build,
    by document and key (see :meth:`Linker.unit`): each output keeps its own kind."""

    def __init__(self) -> None:
        self.known: dict[tuple[str, Hashable], K] = {}

    def translated(self, docname: str) -> Translated:
        """What :meth:`Linker.unit` asks, for one document."""
        def statuses(key: Hashable) -> frozenset[str] | None:
            unit = self.known.get((docname, key))
            return None if unit is None else unit.statuses
        return statuses


class Linker:
    """Makes the links of generated content for one document and builder, and
    its units (see :meth:`unit`)."""

    def __init__(self, env: BuildEnvironment, builder: Builder, docname: str,
                 translated: Translated | None = None) -> None:
        self.domain, self.builder, self.docname = ivp(env), builder, docname
        self.translated = translated

    def unit(self, key: Hashable, cls: type[E], make: Callable[[], E]) -> E:
        """A unit of generated content (a table row, a catalogue entry's facts, a
        card), ``key`` being what it shows (views compare by value).

        A builder that fills one document for several texts (the PDF's councils'
        adopted texts, which differ from the joint text in a few rows) says which
        units of the document it has translated already (``translated``). Such a
        unit becomes an empty stand-in of the same class, which that builder's
        translator replaces by its translation: it is neither drawn nor
        translated again. The others are made, and keep their key for the
        translator to remember them by.
        """
        if self.translated is None:
            return make()
        statuses = self.translated(key)
        if statuses is not None:
            return cls(unit=key, reused=True, statuses=sorted(statuses))
        node = make()
        node["unit"] = key
        return node

    def __call__(self, link: views.Link) -> nodes.Node:
        if link.to is None:
            return nodes.Text(link.text)
        try:
            return self.domain.reference(self.builder, self.docname, link.to.docname,
                                         link.to.anchor, nodes.Text(link.text), link.to.title)
        except NoUri:
            return nodes.Text(link.text)

    def choice(self, choice: views.ChoiceLink) -> list[nodes.Node]:
        """A link to a choice, then its status as a mark."""
        return [self(choice.link), *mark(choice)]


def mark(choice: views.ChoiceLink) -> list[nodes.Node]:
    """" (vermeld)", " (illustratief)", ... after a choice: its status as text, so
    every reader (and screen reader) gets it, explained by a legend. Every
    status has one: no mark would let a reader assume a decision."""
    text = f" ({choice.mark})"
    return [plan_mark(text, text, status=choice.status,
                      classes=["ivp-mark", f"ivp-{choice.status or 'undeclared'}"])]


def chosen(status: str | None) -> list[nodes.Node]:
    """A matrix cell: a word, which the site and the PDF show as a check mark.

    "✓" alone is read out as "check mark", and an empty cell as "blank"; the
    words "gekozen" / "niet gekozen" are what a screen reader should say. The
    site's stylesheet draws the mark (and hides the words), the PDF prints the
    mark (see jointplan.pdf); other builders print the words.
    """
    if status is None:
        return [chosen_mark(words.NOT_CHOSEN_TEXT, words.NOT_CHOSEN_TEXT, chosen=False,
                            classes=["ivp-not-chosen"])]
    return [chosen_mark(words.CHOSEN_TEXT, words.CHOSEN_TEXT, chosen=True,
                        classes=["ivp-chosen"]),
            *mark(views.ChoiceLink(views.Link("", None), status))]


def statuses_shown(node: nodes.Node) -> set[str]:
    """The statuses of the marks a node shows (a stand-in unit's, as it says)."""
    found: set[str] = set()
    for element in node.findall(nodes.Element):
        if isinstance(element, plan_mark):
            found.add(element["status"])
        elif element.get("reused"):
            found.update(element["statuses"])
    return found


def legend(*shown: nodes.Node) -> list[nodes.Node]:
    """The explanation of the marks the given overviews show, only of those."""
    statuses = set().union(*(statuses_shown(node) for node in shown))
    text = words.legend(statuses)
    if not text:
        return []
    explanation = paragraph(text)
    explanation.update_basic_atts({"classes": ["ivp-legend"]})
    explanation["statuses"] = sorted(statuses)
    return [explanation]


def merge_legends(doctree: nodes.document) -> None:
    """A page explains each mark once: a later legend keeps only the marks that
    no earlier one on the page explained (and goes if none is left)."""
    explained: set[str] = set()
    for explanation in [p for p in doctree.findall(nodes.paragraph)
                        if "ivp-legend" in p["classes"]]:
        new = set(explanation["statuses"]) - explained
        explained |= new
        if not new:
            explanation.parent.remove(explanation)
        elif new != set(explanation["statuses"]):
            explanation.clear()
            explanation += nodes.Text(words.legend(new))


def joined(items: Sequence[nodes.Node | list[nodes.Node]], separator: str = ", "
           ) -> list[nodes.Node]:
    out: list[nodes.Node] = []
    for index, item in enumerate(items):
        if index:
            out.append(nodes.Text(separator))
        out.extend(item if isinstance(item, list) else [item])
    return out


def paragraph(*children: nodes.Node | str) -> nodes.paragraph:
    para = nodes.paragraph()
    para.extend(nodes.Text(c) if isinstance(c, str) else c for c in children)
    return para


# -- tables -----------------------------------------------------------------

@dataclass
class Cell:
    content: list[nodes.Node] | str
    span: int = 1  # columns this cell covers


Row = tuple[list[Cell], list[str]]  # cells, row classes


def table_row(cells: Sequence[Cell], classes: Sequence[str]) -> nodes.row:
    row = nodes.row(classes=list(classes))
    for cell in cells:
        content = [paragraph(cell.content)] if isinstance(cell.content, str) \
            else [paragraph(*cell.content)]
        entry = nodes.entry("", *content)
        if cell.span > 1:
            entry["morecols"] = cell.span - 1
        row += entry
    return row


def table(caption: str, headers: Sequence[str | nodes.Node], rows: Sequence[Row | nodes.row],
          classes: Sequence[str]) -> nodes.table:
    """A docutils table with a caption, a header row and a header column.

    The first column is a stub column, so each row's first cell is a row
    header (``<th>``) for screen readers, as the header row is for columns.
    """
    tgroup = nodes.tgroup(cols=len(headers))
    for index, header in enumerate(headers):
        # Widths matter to the text and LaTeX builders only (HTML sizes itself).
        width = 30 if index == 0 else max(8, len(header.astext() if isinstance(
            header, nodes.Node) else header) + 2)
        colspec = nodes.colspec(colwidth=width)
        if index == 0:
            colspec["stub"] = 1
        tgroup += colspec
    head_row = nodes.row()
    for header in headers:
        head_row += nodes.entry("", header if isinstance(header, nodes.Node)
                                else paragraph(header))
    tgroup += nodes.thead("", head_row)
    body = nodes.tbody()
    for row in rows:
        body += row if isinstance(row, nodes.row) else table_row(*row)
    tgroup += body
    title = nodes.title(caption, caption)
    return nodes.table("", title, tgroup, classes=["ivp-table", *classes])


def overlap_matrix(view: views.MatrixView, node: nodes.Element,
                   link: Linker) -> list[nodes.Node]:
    headers: list[str | nodes.Node] = [
        words.CATALOGUE_ENTRY, *(paragraph(link(m)) for m in view.municipalities), words.COUNT]
    rows: list[Row | nodes.row] = []
    for group in view.groups:
        rows.append(([Cell(group.field, span=len(headers))], ["ivp-field"]))
        rows.extend(link.unit(("matrix-row", item), nodes.row, partial(matrix_row, item, link))
                    for item in group.rows)
    rows.append(([Cell(words.TOTAL), *(Cell(str(total)) for total in view.totals), Cell("")],
                 ["ivp-total"]))
    matrix = table(words.MATRIX_CAPTION, headers, rows, ["ivp-matrix"])
    return [matrix, *legend(matrix)]


def matrix_row(item: views.MatrixRow, link: Linker) -> nodes.row:
    title: list[nodes.Node] = [link(item.priority)]
    if item.joint:
        title.append(nodes.Text(f" ({words.JOINT_SHORT})"))
    return table_row([Cell(title), *(Cell(chosen(status)) for status in item.cells),
                      Cell(str(item.count))], ["ivp-joint"] if item.joint else [])


def shared_priorities(view: views.SharedPrioritiesView, node: nodes.Element,
                      link: Linker) -> list[nodes.Node]:
    if not view.rows:
        return [paragraph(words.SHARED_NONE)]
    rows = [link.unit(("shared-row", row), nodes.row, partial(shared_row, row, link))
            for row in view.rows]
    headers = [words.CATALOGUE_ENTRY, words.FIELD, words.SHARED_BY, words.COUNT]
    shared_table = table(words.SHARED_CAPTION, headers, rows, ["ivp-shared"])
    return [shared_table, *legend(shared_table)]


def shared_row(row: views.SharedRow, link: Linker) -> nodes.row:
    return table_row([Cell([link(row.priority)]), Cell(row.field),
                      Cell(joined([link.choice(c) for c in row.choices])),
                      Cell(str(len(row.choices)))], [])


def partner_cell(shared: views.Shared, link: Linker) -> Cell:
    if shared.how == "none":
        return Cell(words.ONLY_HERE)
    if shared.how == "all":
        return Cell(words.ALL_OTHERS)
    if shared.count is not None:
        # A list of dozens of names helps no reader (and in a region-wide plan
        # made these cells grow with the square of the plan): the count links
        # to the catalogue entry, which names them all.
        return Cell([link(shared.count)])
    return Cell(joined([link.choice(c) for c in shared.partners]))


def summary_row(row: views.SummaryRow, link: Linker) -> nodes.row:
    return table_row([Cell(link.choice(row.choice)), Cell(row.field),
                      partner_cell(row.shared, link)], ["ivp-joint"] if row.joint else [])


def summary_table(view: views.SummaryView, link: Linker) -> nodes.Node:
    if not view.rows:
        return paragraph(words.NO_CHOICES)
    rows = [link.unit(("summary-row", row), nodes.row, partial(summary_row, row, link))
            for row in view.rows]
    headers = [words.CATALOGUE_ENTRY, words.FIELD, words.SHARED_WITH]
    return table(words.SUMMARY_CAPTION.format(name=view.name), headers, rows,
                 ["ivp-summary", view.id])


def municipality_summary(view: views.SummariesView, node: nodes.Element,
                         link: Linker) -> list[nodes.Node]:
    if view.unknown:
        warn(PlanWarning.UNKNOWN_MUNICIPALITY,
             _("ivp:municipality-summary: unknown municipality '{target}'; use the id a "
               "municipality chapter declares.").format(target=view.unknown)
             + suggestion(view.unknown, view.known), node)
    tables = [summary_table(summary, link) for summary in view.summaries]
    return [*tables, *legend(*tables)]


def adoption_status(view: views.AdoptionView, node: nodes.Element,
                    link: Linker) -> list[nodes.Node]:
    rows: list[Row] = [
        ([Cell([link(row.municipality)]), Cell(row.college), Cell(row.council),
          Cell(row.status), Cell(row.version)], [])
        for row in view.rows
    ]
    headers = [words.MUNICIPALITY.capitalize(), words.COLLEGE, words.COUNCIL,
               words.STATUS, words.ADOPTED_VERSION]
    return [table(words.ADOPTION_CAPTION, headers, rows, ["ivp-adoption"])]


def council_facts(view: views.CouncilFactsView, node: nodes.Element,
                  link: Linker) -> list[nodes.Node]:
    """A municipality chapter's facts of its council's decision: fields of the
    chapter's facts box, where the placeholder stands."""
    facts = [(words.COUNCIL_ADOPTION, view.council)]
    if view.version:
        facts.append((words.ADOPTED_VERSION, view.version))
    return [field(label, [nodes.Text(value)]) for label, value in facts]


def municipality_cards(view: views.CardsView, node: nodes.Element,
                       link: Linker) -> list[nodes.Node]:
    """One sphinx-design card per municipality, linking to its chapter."""
    row = create_component("grid-row", ["sd-row", "sd-row-cols-1", "sd-row-cols-sm-2",
                                        "sd-row-cols-lg-3", "sd-g-3"])
    for card_view in view.cards:
        card = link.unit(("card", card_view), nodes.container, partial(municipality_card,
                                                                       card_view, link))
        row += create_component("grid-item", ["sd-col", "sd-d-flex-row"], children=[card])
    grid = create_component("grid-container", ["sd-container-fluid", "sd-sphinx-override",
                                               "sd-mb-4", "ivp-cards"], children=[row])
    return [grid, *legend(grid)]


def municipality_card(card_view: views.Card, link: Linker) -> nodes.container:
    title = create_component("card-title", ["sd-card-title", "sd-font-weight-bold"],
                             children=[paragraph(link(card_view.municipality))])
    facts = paragraph(f"{words.RESIDENTS}: {card_view.residents}")
    items = nodes.bullet_list(classes=["ivp-card-priorities"])
    for choice in card_view.choices:
        items += nodes.list_item("", paragraph(*link.choice(choice)))
    body = create_component("card-body", ["sd-card-body"], children=[
        title, facts,
        paragraph(f"{words.CARD_PRIORITIES} ({len(card_view.choices)}):"), items])
    return create_component("card", ["sd-card", "sd-sphinx-override", "sd-w-100",
                                     "sd-shadow-sm", "ivp-card"], children=[body])


def priority_details(view: views.PriorityDetailsView, node: nodes.Element,
                     link: Linker) -> list[nodes.Node]:
    """Under a catalogue entry: its field, and who chose it."""
    def make() -> nodes.field_list:
        facts: list[tuple[str, list[nodes.Node]]] = [
            (words.FIELD, [nodes.Text(view.field)]),
            (words.CHOSEN_BY, joined([link.choice(c) for c in view.choosers])
             or [nodes.Text(words.NOBODY)])]
        if view.joint:
            facts.insert(0, (words.CATALOGUE_ENTRY, [nodes.Text(words.JOINT)]))
        return field_list(facts)
    return [link.unit(("priority-details", view), nodes.field_list, make)]


def choice_details(view: views.ChoiceDetailsView, node: nodes.Element,
                   link: Linker) -> list[nodes.Node]:
    """Above a local elaboration: the catalogue entry, origins, partners.

    The status and origins are the directive's own (on the node), from this document.
    """
    facts: list[tuple[str, list[nodes.Node]]] = [
        (words.CATALOGUE_ENTRY, [link(view.priority)]),
        (words.FIELD, [nodes.Text(view.field)]),
        (words.STATUS_FIELD, status_text(node))]
    if node.get("origins"):
        facts.append((words.ORIGIN, [nodes.Text(
            ", ".join(words.origin_label(o) for o in node["origins"]))]))
    cell = partner_cell(view.shared, link)
    facts.append((words.SHARED_WITH, [nodes.Text(cell.content)]
                  if isinstance(cell.content, str) else cell.content))
    return [field_list(facts)]


def status_text(node: nodes.Element) -> list[nodes.Node]:
    """'vermeld in de bronnen, geen besluit bekend (bron: …)': the status in full, with
    the citation the directive made (the placeholder's children, resolved by now)."""
    status = node.get("status", "")
    text = nodes.Text(words.STATUS_TEXT[status])
    citation = list(node.children)
    if not citation:
        return [text]
    node.clear()
    return [text, nodes.Text(f" ({words.SOURCE}: "), *citation, nodes.Text(")")]


def field_list(facts: list[tuple[str, list[nodes.Node]]]) -> nodes.field_list:
    result = nodes.field_list(classes=["ivp-details"])
    result.extend(field(label, value) for label, value in facts)
    return result


def field(label: str, value: list[nodes.Node]) -> nodes.field:
    return nodes.field("", nodes.field_name(label, label),
                       nodes.field_body("", paragraph(*value)))


V = TypeVar("V")
# A renderer reads only the placeholder's attributes: a plan_placeholder, or the
# copy the PDF holds back to fill for each council (pdf.adopted.held_placeholder).
Renderer = Callable[[Any, nodes.Element, Linker], list[nodes.Node]]

#: Placeholder kind -> renderer of its view.
RENDERERS: dict[str, Renderer] = {
    "overlap-matrix": overlap_matrix,
    "shared-priorities": shared_priorities,
    "municipality-summary": municipality_summary,
    "municipality-cards": municipality_cards,
    "adoption-status": adoption_status,
    "council-facts": council_facts,
    "priority-details": priority_details,
    "choice-details": choice_details,
}
#: The kinds that are directives of their own (the others are placed by declarations).
GENERATED = [kind for kind in RENDERERS
             if kind not in ("priority-details", "choice-details", "council-facts")]


def shown_by(node: nodes.Element) -> views.Shown:
    """What a placeholder shows, as its directive noted it (see IvpDomain.note_shown)."""
    return node["kind"], node.get("municipality", ""), node.get("priority", "")


def fill_placeholders(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: replace placeholders with content from the whole plan.

    Runs when a document is written, so what it shows is the plan after every
    chapter was read; the pickled doctree keeps its placeholders.
    """
    fill(app.env, app.builder, doctree, docname, ivp(app.env).plan)


def fill(env: BuildEnvironment, builder: Builder, doctree: nodes.document, docname: str,
         plan: Plan, kind: type[nodes.Element] = plan_placeholder,
         translated: Translated | None = None) -> None:
    """Replace the placeholders (nodes of class ``kind``) with content from ``plan``:
    the whole plan, or a council's adopted plan (:mod:`jointplan.glue.adoptedtext`);
    ``translated``: see :meth:`Linker.unit`."""
    link = Linker(env, builder, docname, translated)
    entries: list[nodes.Node] = []  # what the catalogue entries of this page show
    for node in list(doctree.findall(kind)):
        if node["kind"] in views.RECORDED:
            # The decisions as recorded (ivp:decision wins over a declaration's options).
            from .decisions import register  # it builds its tables with this module
            view: views.View = views.build_recorded(plan, shown_by(node), register(env))
        else:
            view = views.build(plan, shown_by(node))
        generated = [] if view is None else RENDERERS[node["kind"]](view, node, link)
        for table_node in generated:
            if isinstance(table_node, nodes.table):
                assign_id(doctree, table_node)
        if node["kind"] == "priority-details":
            entries.extend(generated)
        node.replace_self(generated)
    add_catalogue_legend(doctree, entries)
    merge_legends(doctree)
    set_heading_levels(doctree)


def add_catalogue_legend(doctree: nodes.document, entries: list[nodes.Node]) -> None:
    """One legend for the marks of a page's catalogue entries, before the first entry."""
    explanation = legend(*entries)
    first = next(doctree.findall(lambda n: isinstance(n, nodes.container)
                                 and "ivp-priority" in n["classes"]), None)
    if explanation and first is not None:
        first.parent.insert(first.parent.index(first), explanation)


def assign_id(doctree: nodes.document, table_node: nodes.table) -> None:
    """A readable, stable id, so captions can be numbered and linked."""
    base = "-".join(c for c in table_node["classes"] if c != "ivp-table")
    candidate, counter = base, 1
    while candidate in doctree.ids:
        counter += 1
        candidate = f"{base}-{counter}"
    table_node["ids"].append(candidate)
    doctree.ids[candidate] = table_node


def set_heading_levels(doctree: nodes.document) -> None:
    """Give generated headings the level below their section.

    A priority's title or a choice's "Doelen" must be a real heading for
    screen readers and PDF bookmarks, one level under where it stands.
    """
    for rubric in doctree.findall(nodes.rubric):
        if "ivp-heading" not in rubric["classes"]:
            continue
        depth, parent = 0, rubric.parent
        while parent is not None:
            depth += isinstance(parent, nodes.section)
            parent = parent.parent
        rubric["heading-level"] = min(depth + 1, 6)
