"""From the resolved doctree of one document to Typst markup.

One ``visit_``/``depart_`` pair per node type, in the style of Sphinx's text
and texinfo writers. Each document is translated once, into a
:class:`Translation`; an edition (the full plan, a council's edition, a
raadsvoorstel, an amendment) is put together from those by the builder, from
their data, never by reading the markup back:

- where a toctree stood, an :class:`Include` names each document it includes;
  the builder puts their translations there, or nothing;
- each :class:`Segment` of markup carries the stub-column counts of its
  tables, in order (the row headers :mod:`.render` adds to the PDF), and how
  many citable paragraphs it marks (:mod:`.destinations`);
- a link to another document names that document (``doc-link``); the
  template makes it a link when the edition holds the document (the cover
  data lists them), and plain text otherwise (another council's chapter in a
  council's edition).

The template ``jointplan.typ`` holds the page design (new pages, rules,
which headings the contents and bookmarks list, column widths); this module
only maps nodes to markup and calls the template's helper functions. The
extension's own nodes have their visitors at the end of this module,
registered for this format by :func:`jointplan.pdf.setup`; no CSS class of
the extension steers the translation. Author text reaches the output only
through :mod:`.escape`. Every node type the plan, its generated tables and
its bibliography produce has a visitor; any other reaches
:meth:`TypstTranslator.unknown_visit`, which warns with the node's location
and prints its text, so nothing is lost silently.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, NoReturn, cast

from docutils import nodes, writers
from sphinx import addnodes
from sphinx.locale import admonitionlabels, get_translation
from sphinx.util.docutils import SphinxTranslator

from ..plan import words
from ..checks.warnings import PlanWarning, warn
from ..glue.decisions import decision_timeline, pdf_fact
from ..glue.nodes import choice_box, chosen_mark
from ..glue.tables import statuses_shown
from ..plan.paragraphs import PARAGRAPH_ID
from . import destinations
from .escape import label_name, markup, string_literal

if TYPE_CHECKING:  # the builder imports this module
    from . import PdfBuilder

_ = get_translation("jointplan")

#: Builders resolve links between documents to "%docname#anchor" (as LaTeX does).
DOCUMENT_URI = "%"


@dataclass(frozen=True)
class Include:
    """Where a toctree included a document."""

    docname: str


@dataclass(frozen=True)
class Segment:
    """Markup, the stub-column count of each table in it (in the order of the
    markup) and the number of citable paragraphs it marks."""

    markup: str
    table_stubs: tuple[int, ...] = ()
    destinations: int = 0


@dataclass
class Translation:
    """One document in Typst: its segments of markup and where it includes others."""

    docname: str
    parts: list[Segment | Include] = field(default_factory=list)

    @property
    def markup(self) -> str:
        """The document's own markup, without what it includes."""
        return "".join(part.markup for part in self.parts if isinstance(part, Segment))


@dataclass(frozen=True)
class TranslatedUnit:
    """A unit of generated content as translated (see :meth:`TypstTranslator.keep_unit`):
    a table row's cells and classes, or a block's markup; and the statuses its marks show."""

    statuses: frozenset[str]
    markup: str = ""
    row: tuple[list[Cell], list[str]] | None = None


@dataclass
class Cell:
    body: str
    text: str = ""  # plain text, to size the columns
    colspan: int = 1
    rowspan: int = 1
    stub: bool = False


@dataclass
class Table:
    """A table collected cell by cell, written once it is complete."""

    columns: int = 0
    stubs: int = 0
    caption: str = ""
    classes: list[str] = field(default_factory=list)
    header_rows: list[list[Cell]] = field(default_factory=list)
    body_rows: list[list[Cell]] = field(default_factory=list)
    in_head: bool = False
    row_classes: list[list[str]] = field(default_factory=list)
    number: int = 0  # its place among the tables of its segment


class TypstWriter(writers.Writer):
    """Writes the Typst markup of one document (see the module docstring)."""

    supported = ("typst",)
    settings_spec = ("No options here.", "", ())
    settings_defaults: ClassVar[dict[str, Any]] = {}

    def __init__(self, builder: PdfBuilder) -> None:
        super().__init__()
        self.builder = builder
        self.translation: Translation | None = None

    def translate(self) -> None:
        assert self.document is not None  # given by write()
        translator = self.builder.create_translator(self.document, self.builder)
        assert isinstance(translator, TypstTranslator)
        self.document.walkabout(translator)
        self.translation = translator.translation()
        self.output = self.translation.markup


def document_labels(document: nodes.document, docname: str) -> set[str]:
    """Every label a document's translation defines: its start and its node ids."""
    found = {label_name(docname)}
    for node in document.findall(nodes.Element):
        found.update(label_name(docname, node_id) for node_id in node["ids"])
    return found


def list_items(node: nodes.Element) -> list[nodes.Element]:
    """The items of a bullet or enumerated list (docutils allows no other child)."""
    return [cast(nodes.list_item, item) for item in node.children]


class TypstTranslator(SphinxTranslator):
    """Maps doctree nodes to Typst markup, appending strings to ``self.body``."""

    builder: PdfBuilder

    def __init__(self, document: nodes.document, builder) -> None:
        super().__init__(document, builder)
        self.docname: str = document["docname"]
        #: 0 for the root document, 1 for the parts it includes, 2 for chapters.
        self.doc_depth: int = document["depth"]
        self.body: list[str] = []
        self.section_depth = 0  # sections nested in this document
        self.tables: list[Table] = []
        #: finished segments and includes; what the current segment holds so far
        self.parts: list[Segment | Include] = []
        self.table_stubs: list[int] = []
        self.destinations = 0
        self.capturing = 0  # > 0 while children are translated into a string
        self.defined: set[str] = set()
        #: Labels of every document the PDFs can hold (see document_labels).
        self.labels: dict[str, set[str]] = builder.labels
        self.footnotes_placed: set[str] = set()
        self.first_title_done = False
        self.unlinked = 0  # > 0 where links must print as plain text
        #: Where each unit being translated started: body length, destinations,
        #: tables and labels so far (see keep_unit).
        self.unit_starts: list[tuple[int, int, int, int]] = []

    def astext(self) -> str:
        return self.translation().markup

    def translation(self) -> Translation:
        """What the walk wrote: segments of markup, and where documents are included."""
        self.end_segment()
        return Translation(self.docname, list(self.parts))

    def end_segment(self) -> None:
        if self.body or self.table_stubs or self.destinations:
            self.parts.append(Segment("".join(self.body), tuple(self.table_stubs),
                                      self.destinations))
            self.body, self.table_stubs, self.destinations = [], [], 0

    # -- units of generated content ------------------------------------------

    def dispatch_visit(self, node: nodes.Node) -> None:
        """A unit of generated content (:meth:`jointplan.glue.tables.Linker.unit`)
        is remembered as translated; its stand-in gets that translation."""
        if not (isinstance(node, nodes.Element) and "unit" in node):
            return super().dispatch_visit(node)
        if node.get("reused"):
            self.replay(self.builder.units.known[self.docname, node["unit"]])
            raise nodes.SkipNode
        self.unit_starts.append((len(self.body), self.destinations, len(self.table_stubs),
                                 len(self.defined)))
        try:
            super().dispatch_visit(node)
        except nodes.SkipNode:  # a block translated whole on its visit
            self.keep_unit(node)
            raise
        return None

    def dispatch_departure(self, node: nodes.Node) -> None:
        super().dispatch_departure(node)
        if isinstance(node, nodes.Element) and "unit" in node:
            self.keep_unit(node)

    def keep_unit(self, node: nodes.Element) -> None:
        """Remember what a unit translated to, for the documents of the same name
        filled again (a council's adopted text). Only a unit whose translation
        depends on nothing around it: no link target, no table of its own, no
        citable paragraph, no link made plain."""
        body, destinations, stubs, labels = self.unit_starts.pop()
        if (self.destinations, len(self.table_stubs), len(self.defined)) != \
                (destinations, stubs, labels) or self.unlinked:
            return
        statuses = frozenset(statuses_shown(node))
        if isinstance(node, nodes.row):
            table = self.tables[-1]
            if table.in_head:
                return
            unit = TranslatedUnit(statuses, row=(table.body_rows[-1], table.row_classes[-1]))
        else:
            unit = TranslatedUnit(statuses, markup="".join(self.body[body:]))
        self.builder.units.known[self.docname, node["unit"]] = unit

    def replay(self, unit: TranslatedUnit) -> None:
        if unit.row is None:
            self.body.append(unit.markup)
            return
        cells, classes = unit.row
        table = self.tables[-1]
        table.body_rows.append(list(cells))
        table.row_classes.append(list(classes))

    # -- helpers --------------------------------------------------------------

    def heading_level(self) -> int:
        """Parts and the root document are level 1, chapters level 2, and so on."""
        return max(1, self.doc_depth) + self.section_depth - 1

    def new_block(self) -> None:
        self.body.append("\n\n")

    def block(self, node: nodes.Element, markup_text: str) -> NoReturn:
        """Write a block element whose markup is complete (its children are in
        it already) after the link targets of its ids; skip its children."""
        self.new_block()
        self.anchors(node)
        self.body.append(markup_text)
        self.new_block()
        raise nodes.SkipNode

    def anchors(self, node: nodes.Element, skip: int = 0) -> None:
        """Invisible link targets for a node's ids (after the first ``skip``)."""
        for node_id in node["ids"][skip:]:
            self.anchor(label_name(self.docname, node_id))
            if PARAGRAPH_ID.fullmatch(node_id):
                # A citable paragraph: a named destination of its own id too.
                self.body.append(destinations.marker(node_id))
                self.destinations += 1

    def anchor(self, name: str) -> None:
        if name not in self.defined:
            self.defined.add(name)
            self.body.append(f"#metadata(none) <{name}>")

    def attach_label(self, node: nodes.Element) -> str:
        """The label markup for a node's first id, to follow the element it names."""
        ids = node.get("ids", ())
        if not ids:
            return ""
        name = label_name(self.docname, ids[0])
        if name in self.defined:
            return ""
        self.defined.add(name)
        return f" <{name}>"

    def target_of(self, node: nodes.Element) -> tuple[str, str] | None:
        """(docname, label) an internal reference points to; None for other URIs."""
        if "refid" in node:
            return self.docname, label_name(self.docname, node["refid"])
        uri = node.get("refuri", "")
        if uri.startswith(DOCUMENT_URI):
            docname, _hash, anchor = uri[len(DOCUMENT_URI):].partition("#")
            return docname, label_name(docname, anchor)
        if uri.startswith("#"):
            return self.docname, label_name(self.docname, uri[1:])
        return None

    def capture_anchored(self, node: nodes.Element) -> str:
        """Like :meth:`capture`, with the link targets of the node's own ids first
        (a list item's or a table row's, whose element Typst makes itself)."""
        saved, self.body = self.body, []
        self.anchors(node)
        anchors, self.body = "".join(self.body), saved
        return anchors + self.capture(node)

    def capture(self, node: nodes.Node) -> str:
        """Translate ``node``'s children into a string without touching the body."""
        saved, self.body = self.body, []
        self.capturing += 1
        for child in node.children:
            child.walkabout(self)
        self.capturing -= 1
        text, self.body = "".join(self.body).strip(), saved
        return text

    # -- document structure -------------------------------------------------

    def visit_document(self, node: nodes.document) -> None:
        # Whether a part or chapter begins on a new page is the template's.
        self.body.append(f"#document-start(depth: {self.doc_depth})\n")
        self.anchor(label_name(self.docname))

    def depart_document(self, node: nodes.document) -> None:
        self.new_block()

    def visit_toctree(self, node: addnodes.toctree) -> None:
        # The builder puts the included documents here, as far as the edition
        # holds them.
        if self.capturing:
            warn(PlanWarning.PDF_NODE,
                 _("a table of contents inside another element is not printed in the "
                   "PDF, nor are the documents it includes; put the toctree at the top "
                   "level of the page."), node)
            raise nodes.SkipNode
        for entry in node["includefiles"]:
            self.body.append("\n\n")
            self.end_segment()
            self.parts.append(Include(entry))
            self.body.append("\n\n")
        raise nodes.SkipNode

    def visit_section(self, node: nodes.section) -> None:
        self.section_depth += 1
        self.anchors(node, skip=1)  # the first id becomes the heading's label

    def depart_section(self, node: nodes.section) -> None:
        self.section_depth -= 1

    def visit_title(self, node: nodes.title) -> None:
        parent = node.parent
        if isinstance(parent, nodes.table):
            self.tables[-1].caption = self.capture(node)
            raise nodes.SkipNode
        if not isinstance(parent, nodes.section):
            # Titles of topics, sidebars and admonitions: a bold line.
            self.new_block()
            self.body.append(f"#strong[{self.capture(node)}]")
            self.new_block()
            raise nodes.SkipNode
        level = self.heading_level()
        plain, text = node.astext(), self.capture(node)
        if not self.first_title_done and self.doc_depth == 0:
            # The cover carries the plan's title; the root document's own
            # content (introduction, cards) becomes the first chapter.
            plain, text = words.ABOUT_PLAN, markup(words.ABOUT_PLAN)
        self.first_title_done = True
        is_document_title = self.section_depth == 1 and self.doc_depth <= 2
        self.new_block()
        self.body.append(f"#plan-heading(level: {level})[{text}]{self.attach_label(parent)}\n")
        if is_document_title:
            # Read by the template's running header.
            self.body.append(f"#metadata({string_literal(plain)}) <jointplan-chapter>\n")
        raise nodes.SkipNode

    def visit_subtitle(self, node: nodes.subtitle) -> None:
        self.block(node, f"#strong[{self.capture(node)}]")

    def visit_rubric(self, node: nodes.rubric) -> None:
        self.new_block()
        self.anchors(node)
        if "heading-level" in node:
            # A priority's title or a choice's "Doelen" (jointplan.glue.tables
            # set_heading_levels): a real heading, one level under the section
            # it stands in.
            level = self.heading_level() + 1
            self.body.append(f"#plan-heading(level: {level})[{self.capture(node)}]\n")
        else:
            self.body.append(f"#rubric[{self.capture(node)}]")
            self.new_block()
        raise nodes.SkipNode

    def visit_paragraph(self, node: nodes.paragraph) -> None:
        self.new_block()
        self.anchors(node)

    def depart_paragraph(self, node: nodes.paragraph) -> None:
        self.new_block()

    def visit_compound(self, node: nodes.compound) -> None:
        self.anchors(node)

    def depart_compound(self, node: nodes.compound) -> None:
        pass

    def visit_container(self, node: nodes.container) -> None:
        # sphinx-design's components say what they are.
        component = node.get("design_component", "")
        if component == "grid-row":
            cells = ", ".join(f"[{self.capture(child)}]" for child in node.children)
            self.block(node, f"#card-grid(columns: {grid_columns(node['classes'])}, {cells})")
        if component == "card":
            self.block(node, f"#card[{self.capture(node)}]")
        if component == "card-title":
            self.block(node, f"#card-title[{self.capture(node)}]")
        self.new_block()  # any other container: its children in place
        self.anchors(node)

    def depart_container(self, node: nodes.container) -> None:
        self.new_block()

    def visit_transition(self, node: nodes.transition) -> None:
        self.block(node, "#transition()")

    def visit_topic(self, node: nodes.Element) -> None:  # a sidebar too
        self.block(node, f"#aside[{self.capture(node)}]")

    visit_sidebar = visit_topic

    def visit_Admonition(self, node: nodes.Element) -> None:
        if isinstance(node, nodes.admonition) and node.children and \
                isinstance(node[0], nodes.title):
            title = self.capture(node[0])
            body_nodes = node.children[1:]
        else:
            name = node.tagname
            title = markup(str(admonitionlabels.get(name, name.capitalize())))
            body_nodes = node.children
        holder = nodes.Element()
        holder.children = list(body_nodes)  # a view: the nodes keep their parent
        self.block(node, f"#admonition([{title}], [{self.capture(holder)}])")

    def visit_block_quote(self, node: nodes.block_quote) -> None:
        self.block(node, f"#quote(block: true)[{self.capture(node)}]")

    def visit_attribution(self, node: nodes.attribution) -> None:
        self.block(node, f"— {self.capture(node)}")

    def visit_line_block(self, node: nodes.line_block) -> None:
        lines = [self.capture(line) for line in node.findall(nodes.line)]
        self.block(node, " #linebreak() ".join(lines))

    def visit_literal_block(self, node: nodes.Element) -> None:  # a doctest block too
        self.block(node, f"#raw(block: true, {string_literal(node.astext())})")

    visit_doctest_block = visit_literal_block

    # -- lists ----------------------------------------------------------------

    def visit_bullet_list(self, node: nodes.bullet_list) -> None:
        items = ", ".join(f"[{self.capture_anchored(item)}]" for item in list_items(node))
        self.block(node, f"#list({items})")

    def visit_enumerated_list(self, node: nodes.enumerated_list) -> None:
        pattern = {"arabic": "1", "loweralpha": "a", "upperalpha": "A",
                   "lowerroman": "i", "upperroman": "I"}.get(node.get("enumtype"), "1")
        numbering = node.get("prefix", "") + pattern + node.get("suffix", ".")
        items = ", ".join(f"[{self.capture_anchored(item)}]" for item in list_items(node))
        self.block(node, f"#enum(start: {int(node.get('start', 1))}, "
                         f"numbering: {string_literal(numbering)}, {items})")

    def visit_definition_list(self, node: nodes.definition_list) -> None:
        items = []
        for item in node.children:
            terms = [self.capture_anchored(t) for t in item.children
                     if isinstance(t, (nodes.term, nodes.classifier))]
            definitions = [self.capture(d) for d in item.children
                           if isinstance(d, nodes.definition)]
            items.append(f"terms.item[{' : '.join(terms)}][{''.join(definitions)}]")
        self.block(node, f"#terms({', '.join(items)})")

    def visit_field_list(self, node: nodes.field_list) -> None:
        cells = []
        for field_node in node.children:
            name = next(iter(field_node.findall(nodes.field_name)), None)
            body = next(iter(field_node.findall(nodes.field_body)), None)
            cells.append(f"[{self.capture(name) if name else ''}], "
                         f"[{self.capture(body) if body else ''}]")
        self.block(node, f"#fields({', '.join(cells)})")

    # -- tables ---------------------------------------------------------------

    def visit_table(self, node: nodes.table) -> None:
        self.new_block()
        # Its place among the segment's tables, in the order of the markup
        # (a table in a cell comes after the table around it, as in the PDF's tags).
        self.tables.append(Table(classes=list(node["classes"]), number=len(self.table_stubs)))
        self.table_stubs.append(0)

    def depart_table(self, node: nodes.table) -> None:
        table = self.tables.pop()
        self.table_stubs[table.number] = table.stubs
        self.body.append(table_markup(table) + self.attach_label(node))
        self.anchors(node, skip=1)
        self.new_block()

    def visit_tgroup(self, node: nodes.tgroup) -> None:
        self.tables[-1].columns = int(node["cols"])

    def depart_tgroup(self, node: nodes.tgroup) -> None:
        pass

    def visit_colspec(self, node: nodes.colspec) -> None:
        # Widths come from the cells' text (column_lengths, sized by the template).
        if node.get("stub"):
            self.tables[-1].stubs += 1
        raise nodes.SkipNode

    def visit_thead(self, node: nodes.thead) -> None:
        self.tables[-1].in_head = True

    def depart_thead(self, node: nodes.thead) -> None:
        self.tables[-1].in_head = False

    def visit_tbody(self, node: nodes.tbody) -> None:
        pass

    def depart_tbody(self, node: nodes.tbody) -> None:
        pass

    def visit_row(self, node: nodes.row) -> None:
        table = self.tables[-1]
        rows = table.header_rows if table.in_head else table.body_rows
        rows.append([])
        if not table.in_head:
            table.row_classes.append(list(node["classes"]))

    def depart_row(self, node: nodes.row) -> None:
        pass

    def visit_entry(self, node: nodes.entry) -> None:
        table = self.tables[-1]
        rows = table.header_rows if table.in_head else table.body_rows
        column = sum(cell.colspan for cell in rows[-1])
        # A header row is repeated on every page a table spans, as an artifact,
        # and PDF/UA allows no link in an artifact: header cells hold text only.
        self.unlinked += table.in_head
        body = self.capture(node)
        if column == 0 and not table.in_head and node.parent.get("ids"):
            # A citable row: its link targets start its first cell.
            saved, self.body = self.body, []
            self.anchors(node.parent)
            body, self.body = "".join(self.body) + body, saved
        self.unlinked -= table.in_head
        rows[-1].append(Cell(body, node.astext(), colspan=int(node.get("morecols", 0)) + 1,
                             rowspan=int(node.get("morerows", 0)) + 1,
                             stub=not table.in_head and column < table.stubs))
        raise nodes.SkipNode

    # -- figures and images ---------------------------------------------------

    def visit_figure(self, node: nodes.figure) -> None:
        self.new_block()
        image = next(iter(node.findall(nodes.image)), None)
        content = self.image_markup(image) if image is not None else ""
        caption = next(iter(node.findall(nodes.caption)), None)
        legend = next(iter(node.findall(nodes.legend)), None)
        parts = [f"#figure({content}"]
        if caption is not None:
            parts.append(f", caption: [{self.capture(caption)}]")
        parts.append(")" + self.attach_label(node))
        self.body.append("".join(parts))
        self.anchors(node, skip=1)
        if legend is not None:
            self.new_block()
            self.body.append(self.capture(legend))
        self.new_block()
        raise nodes.SkipNode

    def visit_image(self, node: nodes.image) -> None:
        inline = isinstance(node.parent, nodes.TextElement)
        if not inline:
            self.new_block()
        self.anchors(node)
        image = self.image_markup(node)
        self.body.append(f"#box({image})" if inline else f"#{image}")
        raise nodes.SkipNode

    def image_markup(self, node: nodes.image) -> str:
        uri = node["uri"]
        path = self.builder.images.get(uri)
        alt = node.get("alt", "").strip()
        if not alt:
            warn(PlanWarning.PDF_NODE,
                 _("image '{uri}' has no alternative text, which the PDF/UA standard "
                   "requires; add one (![what the image shows](path) or :alt:).").format(
                     uri=uri), node)
            alt = uri.rsplit("/", 1)[-1]
        if path is None:
            warn(PlanWarning.PDF_NODE, _("image '{uri}' was not found; the PDF shows its "
                                         "alternative text instead.").format(uri=uri), node)
            return f"emph({string_literal(alt)})"
        width = ""
        if str(node.get("width", "")).endswith("%"):
            width = f", width: {float(node['width'][:-1])}%"
        return f"image({string_literal('_images/' + path)}, alt: {string_literal(alt)}{width})"

    def visit_caption(self, node: nodes.Element) -> None:  # a legend too
        raise nodes.SkipNode  # written by visit_figure

    visit_legend = visit_caption

    # -- notes, citations, references -----------------------------------------

    def visit_footnote_reference(self, node: nodes.footnote_reference) -> None:
        if self.unlinked:
            self.body.append(markup(f"[{node.astext()}]"))
            raise nodes.SkipNode
        refid = node.get("refid", "")
        name = label_name(self.docname, refid)
        footnote = self.document.ids.get(refid)
        if not isinstance(footnote, nodes.footnote):
            footnote = None
        if name in self.footnotes_placed:
            self.body.append(f"#footnote(<{name}>)")
        elif footnote is not None:
            self.footnotes_placed.add(name)
            self.defined.add(name)
            holder = nodes.Element()
            holder.children = [c for c in footnote.children if not isinstance(c, nodes.label)]
            text = self.capture(holder)
            self.body.append(f"#footnote[{text}] <{name}>")
        else:
            self.body.append(markup(node.astext()))
        raise nodes.SkipNode

    def visit_footnote(self, node: nodes.footnote) -> None:
        ids = node.get("ids", ())
        if ids and label_name(self.docname, ids[0]) in self.footnotes_placed:
            raise nodes.SkipNode  # already at the foot of the page that cites it
        # A footnote nobody references: keep it as a numbered paragraph.
        self.new_block()
        self.anchors(node)

    def depart_footnote(self, node: nodes.footnote) -> None:
        self.new_block()

    def visit_citation(self, node: nodes.citation) -> None:
        label_node = next(iter(node.findall(nodes.label)), None)
        mark = markup(f"[{label_node.astext()}]") if label_node is not None else ""
        holder = nodes.Element()
        holder.children = [c for c in node.children if not isinstance(c, nodes.label)]
        self.block(node, f"#citation([{mark}], [{self.capture(holder)}])")

    def visit_label(self, node: nodes.label) -> None:
        self.body.append(f"#strong[{self.capture(node)}] ")
        raise nodes.SkipNode

    def visit_reference(self, node: nodes.reference) -> None:
        text = self.capture(node) or markup(node.get("refuri", node.get("refid", "")))
        uri = node.get("refuri", "")
        target = self.target_of(node)
        if self.unlinked:
            self.body.append(text)
        elif target is None:
            if uri.startswith(("http://", "https://", "mailto:", "tel:")):
                self.body.append(f"#web-link({string_literal(uri)})[{text}]")
            else:
                # A link to a local file would leak the build machine's paths.
                self.body.append(text)
        else:
            docname, name = target
            exists = name in self.labels.get(docname, ())
            if exists and docname == self.docname:
                self.body.append(f"#link(<{name}>)[{text}]")
            elif exists:
                # A link if the edition holds that document, else its text.
                self.body.append(f"#doc-link(<{name}>, {string_literal(docname)})[{text}]")
            else:
                if docname not in self.builder.web_only:
                    warn(PlanWarning.PDF_LINK,
                         _("this link has no target in the PDF ({target}); it is printed as "
                           "text.").format(target=uri or "#" + node["refid"]), node)
                self.body.append(text)
        raise nodes.SkipNode

    def visit_target(self, node: nodes.target) -> None:
        self.anchors(node)
        raise nodes.SkipNode

    def visit_citation_reference(self, node: nodes.citation_reference) -> None:
        target = label_name(self.docname, node.get("refid", ""))
        text = markup(f"[{node.astext()}]")
        linked = target in self.labels.get(self.docname, ()) and not self.unlinked
        self.body.append(f"#link(<{target}>)[{text}]" if linked else text)
        raise nodes.SkipNode

    # -- inline markup --------------------------------------------------------

    def visit_Text(self, node: nodes.Text) -> None:
        self.body.append(markup(node.astext()))

    def depart_Text(self, node: nodes.Text) -> None:
        pass

    # Inline markup that becomes a Typst function.
    def open_call(self, node: nodes.Element, name: str) -> None:
        self.anchors(node)
        self.body.append(f"#{name}[")

    def close_call(self, node: nodes.Element) -> None:
        self.body.append("]")

    def visit_emphasis(self, node: nodes.Element) -> None:
        self.open_call(node, "emph")

    def visit_strong(self, node: nodes.Element) -> None:
        self.open_call(node, "strong")

    def visit_subscript(self, node: nodes.Element) -> None:
        self.open_call(node, "sub")

    def visit_superscript(self, node: nodes.Element) -> None:
        self.open_call(node, "super")

    visit_title_reference = visit_emphasis
    depart_emphasis = depart_strong = depart_title_reference = close_call
    depart_subscript = depart_superscript = close_call

    def visit_literal(self, node: nodes.literal) -> None:
        self.body.append(f"#raw({string_literal(node.astext())})")
        raise nodes.SkipNode

    def visit_inline(self, node: nodes.Element) -> None:  # and the nodes below
        self.anchors(node)

    def depart_inline(self, node: nodes.Element) -> None:
        pass

    visit_abbreviation, depart_abbreviation = visit_inline, depart_inline
    visit_acronym, depart_acronym = visit_inline, depart_inline
    visit_generated, depart_generated = visit_inline, depart_inline
    visit_problematic, depart_problematic = visit_inline, depart_inline

    # Structure nodes whose children carry the content.
    def visit_list_item(self, node: nodes.Element) -> None:
        self.anchors(node)

    def depart_list_item(self, node: nodes.Element) -> None:
        pass

    visit_term = visit_classifier = visit_definition = visit_list_item
    depart_term = depart_classifier = depart_definition = depart_list_item
    visit_field_name = visit_field_body = visit_line = visit_list_item
    depart_field_name = depart_field_body = depart_line = depart_list_item

    # -- nodes that print nothing ---------------------------------------------

    def skip(self, node: nodes.Node) -> None:
        raise nodes.SkipNode

    visit_comment = visit_substitution_definition = visit_system_message = skip
    visit_index = visit_meta = visit_pending = visit_plan_placeholder = skip
    visit_decision_placeholder = skip  # only left when filling it failed (warned)
    visit_only = visit_highlightlang = skip
    visit_raw = skip  # raw markup never reaches the PDF (see jointplan.policy)

    def unknown_visit(self, node: nodes.Node) -> None:
        # Text has its own visit: what is left is an element.
        node = cast(nodes.Element, node)
        warn(PlanWarning.PDF_NODE,
             _("the PDF has no layout for a '{element}' element; its text is printed "
               "plainly. Use Markdown the authors' guide describes, or report it to the "
               "maintainers of the extension.").format(element=node.tagname), node)
        self.block(node, markup(node.astext()))


def grid_columns(classes: list[str]) -> int:
    """The column count of a sphinx-design grid on a wide screen (A4 is one)."""
    for size in ("lg-", "md-", "sm-", ""):
        for css_class in classes:
            match = re.fullmatch(rf"sd-row-cols-{size}(\d+)", css_class)
            if match:
                return int(match.group(1))
    return 1


def table_markup(table: Table) -> str:
    """A table for the template's ``plan-table``: its header cells with their
    columns, the longest text of each column, and its body cells.

    The template sizes the columns, turns the headers of narrow columns in a
    wide table, repeats the header rows on every page and places the caption;
    the table's classes and each row's reach it as they are, for it to style.
    """
    header = []
    for row in table.header_rows:
        column = 0
        for cell in row:
            # (:) is Typst's empty dictionary.
            arguments = ", ".join(cell_arguments(cell)) or ":"
            header.append(f"({column}, ({arguments}), [{cell.body}])")
            column += cell.colspan
    body = []
    for row, classes in zip(table.body_rows, table.row_classes):
        for cell in row:
            body.append(cell_markup(cell, "stub" if cell.stub else "td", classes))
    kind = ", ".join(string_literal(c) for c in table.classes)
    caption = f"[{table.caption}]" if table.caption else "none"
    lengths = ", ".join(map(str, column_lengths(table)))
    return (f"#plan-table(classes: ({kind}{',' if kind else ''}), caption: {caption}, "
            f"lengths: ({lengths},), "
            f"header: ({', '.join(header)}{',' if len(header) == 1 else ''}),\n"
            f"{', '.join(body)})")


def column_lengths(table: Table) -> list[int]:
    """The longest text in each column, by which the template sizes the columns."""
    count = table.columns or max((len(r) for r in table.body_rows), default=1)
    longest = [0] * count
    for row in [*table.header_rows, *table.body_rows]:
        column = 0
        for cell in row:
            if cell.colspan == 1 and column < count:
                longest[column] = max(longest[column], len(cell.text))
            column += cell.colspan
    return longest


def cell_arguments(cell: Cell, row: list[str] | None = None) -> list[str]:
    """A cell's spans and its row's classes, as Typst's named arguments."""
    arguments = []
    if cell.colspan > 1:
        arguments.append(f"colspan: {cell.colspan}")
    if cell.rowspan > 1:
        arguments.append(f"rowspan: {cell.rowspan}")
    if row:
        arguments.append(f"row: ({', '.join(map(string_literal, row))},)")
    return arguments


def cell_markup(cell: Cell, helper: str, row: list[str]) -> str:
    arguments = cell_arguments(cell, row)
    if not arguments:
        return f"[{cell.body}]"  # a plain cell: the helper would add nothing
    return f"{helper}({', '.join(arguments)}, [{cell.body}])"


# -- the extension's own nodes (registered for this format by jointplan.pdf.setup) ---

def visit_choice_box(self: TypstTranslator, node: choice_box) -> NoReturn:
    """A choice with its elaboration, framed."""
    self.block(node, f"#choice-box[{self.capture(node)}]")


def visit_chosen_mark(self: TypstTranslator, node: chosen_mark) -> NoReturn:
    """The matrix's check mark; nothing where the municipality did not choose."""
    if node.get("chosen"):
        self.body.append(markup(words.CHOSEN))
    raise nodes.SkipNode


def visit_pdf_fact(self: TypstTranslator, node: pdf_fact) -> NoReturn:
    """A raadsvoorstel's fact the PDF knows only when it is written."""
    self.body.append(f"#pdf-fact({string_literal(node['key'])})")
    raise nodes.SkipNode


def visit_decision_timeline(self: TypstTranslator, node: decision_timeline) -> NoReturn:
    """The timeline of the decisions: an SVG made at build time, with its text
    alternative as the figure's alt text (jointplan.glue.decisions)."""
    image = (f"image(bytes({string_literal(node['svg'])}), format: \"svg\", "
             f"alt: {string_literal(node['alt'])}, width: 100%)")
    self.block(node, f"#figure({image}, caption: [{markup(node['caption'])}])")


Visitor = Callable[[TypstTranslator, nodes.Element], None]


def marked_text(helper: str) -> tuple[Visitor, Visitor]:
    """Visitors that print a node's content through one of the template's helpers
    (the changes' inserted and deleted text)."""
    def visit(self: TypstTranslator, node: nodes.Element) -> None:
        self.anchors(node)
        self.body.append(f"#{helper}[")

    def depart(self: TypstTranslator, node: nodes.Element) -> None:
        self.body.append("]")
    return visit, depart
