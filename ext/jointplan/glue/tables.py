"""Generated content: overlap tables, municipality cards, priority and choice details.

Directives leave :class:`~jointplan.nodes.plan_placeholder` nodes; the
post-transform here replaces them when a document is written, from the plan as
it is after every chapter was read. Links are made directly (the targets are
known here), and become plain text where a builder has no URI for them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from docutils import nodes
from sphinx.errors import NoUri
from sphinx.locale import get_translation
from sphinx_design.shared import create_component

from ..plan import words
from ..plan.model import Municipality, Plan, Priority
from .nodes import plan_placeholder
from ..checks.warnings import PlanWarning, suggestion, warn

_ = get_translation("jointplan")


class Linker:
    """Makes the links of generated content for one document and builder."""

    def __init__(self, domain, builder, docname: str) -> None:
        self.domain, self.builder, self.docname = domain, builder, docname
        # Large plans link the same targets thousands of times per page.
        self.targets: dict[tuple[str, str], tuple | None] = {}

    def __call__(self, role: str, target: str, text: str) -> nodes.Node:
        key = (role, target)
        if key not in self.targets:
            self.targets[key] = self.domain._target(role, target)
        found = self.targets[key]
        if found is None:
            return nodes.Text(text)
        docname, anchor, title = found
        try:
            return self.domain.reference(self.builder, self.docname, docname, anchor,
                                         nodes.Text(text), title)
        except NoUri:
            return nodes.Text(text)

    def priority(self, priority: Priority) -> nodes.Node:
        return self("priority", priority.id, priority.title)

    def municipality(self, municipality: Municipality) -> nodes.Node:
        return self("municipality", municipality.id, municipality.name)

    def choice(self, municipality: Municipality, priority: Priority, text: str = "") -> nodes.Node:
        return self("choice", f"{municipality.id}/{priority.id}", text or municipality.name)

    def marked_choice(self, plan: Plan, municipality: Municipality, priority: Priority,
                      text: str = "") -> list[nodes.Node]:
        """A link to a choice, then its status as a mark."""
        return [self.choice(municipality, priority, text), *mark(plan, municipality, priority)]


def mark(plan: Plan, municipality: Municipality, priority: Priority) -> list[nodes.Node]:
    """" (vermeld)", " (illustratief)", ... after a choice: its status as text, so
    every reader (and screen reader) gets it, explained by a legend. Every
    status has one: no mark would let a reader assume a decision."""
    choice = plan.choice_by_key.get((municipality.id, priority.id))
    if choice is None:
        return []
    word = words.STATUS_MARK[choice.status]
    return [nodes.inline(f" ({word})", f" ({word})", status=choice.status,
                         classes=["ivp-mark", f"ivp-{choice.status or 'undeclared'}"])]


def chosen_mark(chosen: bool) -> nodes.inline:
    """A matrix cell's content: a word, which the site shows as a check mark.

    "✓" alone is read out as "check mark", and an empty cell as "blank"; the
    words "gekozen" / "niet gekozen" are what a screen reader should say. The
    site's stylesheet draws the mark (and hides the words), the PDF prints the
    mark (see the translator); other builders print the words.
    """
    text = words.CHOSEN_TEXT if chosen else words.NOT_CHOSEN_TEXT
    return nodes.inline(text, text, classes=["ivp-chosen" if chosen else "ivp-not-chosen"])


def legend(*shown: nodes.Node) -> list[nodes.Node]:
    """The explanation of the marks the given overviews show, only of those."""
    statuses = {mark["status"] for node in shown
                for mark in node.findall(nodes.inline) if "ivp-mark" in mark["classes"]}
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
    for explanation in list(doctree.findall(
            lambda n: isinstance(n, nodes.paragraph) and "ivp-legend" in n["classes"])):
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


def table(caption: str, headers: Sequence[str | nodes.Node], rows: Sequence[Row],
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
        tgroup += nodes.colspec(colwidth=width, **({"stub": 1} if index == 0 else {}))
    head_row = nodes.row()
    for header in headers:
        head_row += nodes.entry("", header if isinstance(header, nodes.Node)
                                else paragraph(header))
    tgroup += nodes.thead("", head_row)
    body = nodes.tbody()
    for cells, row_classes in rows:
        row = nodes.row(classes=list(row_classes))
        for cell in cells:
            content = [paragraph(cell.content)] if isinstance(cell.content, str) \
                else [paragraph(*cell.content)]
            entry = nodes.entry("", *content)
            if cell.span > 1:
                entry["morecols"] = cell.span - 1
            row += entry
        body += row
    tgroup += body
    title = nodes.title(caption, caption)
    return nodes.table("", title, tgroup, classes=["ivp-table", *classes])


def overlap_matrix(plan: Plan, node: plan_placeholder, link: Linker) -> list[nodes.Node]:
    """Priorities (rows, grouped by field) by municipalities (columns)."""
    municipalities = plan.ordered_municipalities
    headers = [words.CATALOGUE_ENTRY, *(paragraph(link.municipality(m))
                                         for m in municipalities), words.COUNT]
    rows: list[Row] = []
    for field_id, priorities in plan.priorities_by_field():
        rows.append(([Cell(words.field_title(field_id), span=len(headers))], ["ivp-field"]))
        for priority in priorities:
            choosers = plan.choosers(priority.id)
            title: list[nodes.Node] = [link.priority(priority)]
            if priority.joint:
                title.append(nodes.Text(f" ({words.JOINT_SHORT})"))
            rows.append((
                [Cell(title)]
                # A dictionary lookup: `m in choosers` compared dataclasses
                # field by field, municipalities x priorities x choosers times.
                + [Cell([chosen_mark(True), *mark(plan, m, priority)]
                        if (m.id, priority.id) in plan.choice_by_key
                        else [chosen_mark(False)]) for m in municipalities]
                + [Cell(str(len(choosers)))],
                ["ivp-joint"] if priority.joint else [],
            ))
    rows.append((
        [Cell(words.TOTAL)]
        + [Cell(str(len(plan.chosen_by_municipality[m.id]))) for m in municipalities]
        + [Cell("")],
        ["ivp-total"],
    ))
    matrix = table(words.MATRIX_CAPTION, headers, rows, ["ivp-matrix"])
    return [matrix, *legend(matrix)]


def shared_priorities(plan: Plan, node: plan_placeholder, link: Linker) -> list[nodes.Node]:
    """Priorities shared by two or more but not all municipalities."""
    shared = plan.shared_priorities()
    if not shared:
        return [paragraph(words.SHARED_NONE)]
    rows: list[Row] = [
        ([Cell([link.priority(item.priority)]),
          Cell(words.field_title(item.priority.field)),
          Cell(joined([link.marked_choice(plan, m, item.priority)
                       for m in item.municipalities])),
          Cell(str(len(item.municipalities)))], [])
        for item in shared
    ]
    headers = [words.CATALOGUE_ENTRY, words.FIELD, words.SHARED_BY, words.COUNT]
    shared_table = table(words.SHARED_CAPTION, headers, rows, ["ivp-shared"])
    return [shared_table, *legend(shared_table)]


def partner_cell(plan: Plan, municipality: Municipality, priority: Priority,
                 link: Linker) -> Cell:
    how, partners = plan.shared_with(municipality.id, priority.id)
    if how == "none":
        return Cell(words.ONLY_HERE)
    if how == "all":
        return Cell(words.ALL_OTHERS)
    if how == "count":
        # A list of dozens of names helps no reader (and in a region-wide plan
        # made these cells grow with the square of the plan): the count links
        # to the catalogue entry, which names them all.
        return Cell([link("priority", priority.id, words.other_municipalities(len(partners)))])
    return Cell(joined([link.marked_choice(plan, m, priority) for m in partners]))


def summary_table(plan: Plan, municipality: Municipality, link: Linker) -> nodes.Node:
    priorities = plan.chosen_by_municipality[municipality.id]
    if not priorities:
        return paragraph(words.NO_CHOICES)
    rows: list[Row] = [
        ([Cell(link.marked_choice(plan, municipality, p, p.title)),
          Cell(words.field_title(p.field)),
          partner_cell(plan, municipality, p, link)], ["ivp-joint"] if p.joint else [])
        for p in priorities
    ]
    headers = [words.CATALOGUE_ENTRY, words.FIELD, words.SHARED_WITH]
    return table(words.SUMMARY_CAPTION.format(name=municipality.name), headers, rows,
                 ["ivp-summary", municipality.id])


def municipality_summary(plan: Plan, node: plan_placeholder, link: Linker) -> list[nodes.Node]:
    """Per municipality: its priorities and with whom each is shared."""
    wanted = node.get("municipality")
    if not wanted:
        tables = [summary_table(plan, m, link) for m in plan.ordered_municipalities]
        return [*tables, *legend(*tables)]
    if wanted not in plan.municipality_by_id:
        warn(PlanWarning.UNKNOWN_MUNICIPALITY,
             _("ivp:municipality-summary: unknown municipality '{target}'; use the id a "
               "municipality chapter declares.").format(target=wanted)
             + suggestion(wanted, plan.municipality_by_id), node)
        return []
    summary = summary_table(plan, plan.municipality_by_id[wanted], link)
    return [summary, *legend(summary)]


def adoption_status(plan: Plan, node: plan_placeholder, link: Linker) -> list[nodes.Node]:
    """Per municipality: the college's and the council's decision, and the adopted release."""
    rows: list[Row] = [
        ([Cell([link.municipality(m)]), Cell(words.decision_date(m.college_decision)),
          Cell(words.decision_date(m.council_decision)),
          Cell(words.ADOPTION_STATUS[m.adoption]),
          Cell(words.NOT_YET if m.adoption == "not-adopted" else words.adopted_version(m))],
         [])
        for m in plan.ordered_municipalities
    ]
    headers = [words.MUNICIPALITY.capitalize(), words.COLLEGE, words.COUNCIL,
               words.STATUS, words.ADOPTED_VERSION]
    return [table(words.ADOPTION_CAPTION, headers, rows, ["ivp-adoption"])]


def municipality_cards(plan: Plan, node: plan_placeholder, link: Linker) -> list[nodes.Node]:
    """One sphinx-design card per municipality, linking to its chapter."""
    row = create_component("grid-row", ["sd-row", "sd-row-cols-1", "sd-row-cols-sm-2",
                                        "sd-row-cols-lg-3", "sd-g-3"])
    for municipality in plan.ordered_municipalities:
        priorities = plan.chosen_by_municipality[municipality.id]
        title = create_component("card-title", ["sd-card-title", "sd-font-weight-bold"],
                                 children=[paragraph(link.municipality(municipality))])
        facts = paragraph(f"{words.RESIDENTS}: {words.residents(municipality)}")
        items = nodes.bullet_list(classes=["ivp-card-priorities"])
        for priority in priorities:
            items += nodes.list_item("", paragraph(
                *link.marked_choice(plan, municipality, priority, priority.title)))
        body = create_component("card-body", ["sd-card-body"], children=[
            title, facts, paragraph(f"{words.CARD_PRIORITIES} ({len(priorities)}):"),
            items])
        card = create_component("card", ["sd-card", "sd-sphinx-override", "sd-w-100",
                                         "sd-shadow-sm", "ivp-card"], children=[body])
        row += create_component("grid-item", ["sd-col", "sd-d-flex-row"], children=[card])
    grid = create_component("grid-container", ["sd-container-fluid", "sd-sphinx-override",
                                               "sd-mb-4", "ivp-cards"], children=[row])
    return [grid, *legend(grid)]


def priority_details(plan: Plan, node: plan_placeholder, link: Linker) -> list[nodes.Node]:
    """Under a catalogue entry: its field, and who chose it."""
    priority = plan.priority_by_id.get(node["priority"])
    if priority is None:
        return []
    choosers = plan.choosers(priority.id)
    facts = [(words.FIELD, [nodes.Text(words.field_title(priority.field))]),
             (words.CHOSEN_BY, joined([link.marked_choice(plan, m, priority)
                                        for m in choosers])
              or [nodes.Text(words.NOBODY)])]
    if priority.joint:
        facts.insert(0, (words.CATALOGUE_ENTRY, [nodes.Text(words.JOINT)]))
    return [field_list(facts)]


def choice_details(plan: Plan, node: plan_placeholder, link: Linker) -> list[nodes.Node]:
    """Above a local elaboration: the catalogue entry, origins, partners."""
    priority = plan.priority_by_id.get(node["priority"])
    municipality = plan.municipality_by_id.get(node["municipality"])
    if priority is None or municipality is None:
        return []  # reported by the consistency check
    facts = [(words.CATALOGUE_ENTRY, [link.priority(priority)]),
             (words.FIELD, [nodes.Text(words.field_title(priority.field))]),
             (words.STATUS_FIELD, status_text(node))]
    if node.get("origins"):
        facts.append((words.ORIGIN, [nodes.Text(
            ", ".join(words.origin_label(o) for o in node["origins"]))]))
    cell = partner_cell(plan, municipality, priority, link)
    facts.append((words.SHARED_WITH, [nodes.Text(cell.content)]
                  if isinstance(cell.content, str) else cell.content))
    return [field_list(facts)]


def status_text(node: plan_placeholder) -> list[nodes.Node]:
    """'vermeld in de bronnen, geen besluit bekend (bron: …)': the status in full, with
    the citation the directive made (the placeholder's children, resolved by now)."""
    status = node.get("status", "")
    text = nodes.Text(words.STATUS_TEXT[status])
    citation = list(node.children)
    if not citation:
        return [text]
    node.clear()
    return [text, nodes.Text(f" ({words.SOURCE}: "), *citation, nodes.Text(")")]


def field_list(facts) -> nodes.field_list:
    result = nodes.field_list(classes=["ivp-details"])
    for label, value in facts:
        result += nodes.field("", nodes.field_name(label, label),
                              nodes.field_body("", paragraph(*value)))
    return result


#: Placeholder kind -> renderer; each is a directive of its own.
GENERATED: dict[str, Callable[[Plan, plan_placeholder, Linker], list[nodes.Node]]] = {
    "overlap-matrix": overlap_matrix,
    "shared-priorities": shared_priorities,
    "municipality-summary": municipality_summary,
    "municipality-cards": municipality_cards,
    "adoption-status": adoption_status,
}
RENDERERS = {**GENERATED, "priority-details": priority_details,
             "choice-details": choice_details}


def fill_placeholders(app, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: replace placeholders with content from the whole plan.

    Runs when a document is written, so what it shows is the plan after every
    chapter was read; the pickled doctree keeps its placeholders.
    """
    domain = app.env.domains["ivp"]
    plan = domain.plan
    link = Linker(domain, app.builder, docname)
    entries: list[nodes.Node] = []  # what the catalogue entries of this page show
    for node in list(doctree.findall(plan_placeholder)):
        generated = RENDERERS[node["kind"]](plan, node, link)
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
