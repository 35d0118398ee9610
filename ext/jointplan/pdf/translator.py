"""From the resolved doctree of one document to Typst markup.

One ``visit_``/``depart_`` pair per node type, in the style of Sphinx's text
and texinfo writers. Each document is translated once; an edition (the full
plan, a council's edition) is put together from those translations by the
builder. Two things depend on the edition, so the translation leaves a token
for them (made of characters no escaped text can contain):

- where a toctree stood, ``INCLUDE`` tokens name the documents it includes;
  the builder puts their translations there, or nothing;
- a link to another document is written with a ``LINK`` token; the builder
  makes it a link when the target is in the edition, and plain text otherwise
  (another council's chapter in a council's edition).

The template ``jointplan.typ`` holds the page design; this module only maps
nodes to markup and calls the template's few helper functions. Author text
reaches the output only through :mod:`.escape`. Every node type the plan, its
generated tables and its bibliography produce has a visitor; any other
reaches :meth:`TypstTranslator.unknown_visit`, which warns with the node's
location and prints its text, so nothing is lost silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, NoReturn, cast

from docutils import nodes, writers
from sphinx import addnodes
from sphinx.locale import admonitionlabels, get_translation
from sphinx.util.docutils import SphinxTranslator

from ..plan import words
from ..checks.warnings import PlanWarning, warn
from ..plan.paragraphs import PARAGRAPH_ID
from . import destinations
from .escape import label_name, markup, string_literal

if TYPE_CHECKING:  # the builder imports this module
    from . import PdfBuilder

_ = get_translation("jointplan")

#: Classes of the extension's own containers that print with a frame.
FRAMED = {"ivp-choice": "choice-box"}
#: Inline classes of the changes appendix, and the template's helper for each.
CHANGE_HELPERS = {"ivp-changes-ins": "inserted", "ivp-changes-del": "deleted"}
#: Builders resolve links between documents to "%docname#anchor" (as LaTeX does).
DOCUMENT_URI = "%"


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


class TypstWriter(writers.Writer):
    """Writes the Typst markup of one document (see the module docstring)."""

    supported = ("typst",)
    settings_spec = ("No options here.", "", ())
    settings_defaults: ClassVar[dict[str, Any]] = {}

    def __init__(self, builder) -> None:
        super().__init__()
        self.builder = builder
        self.translator: TypstTranslator | None = None

    def translate(self) -> None:
        assert self.document is not None  # given by write()
        self.translator = self.builder.create_translator(self.document, self.builder)
        self.document.walkabout(self.translator)
        self.output = self.translator.astext()


def document_labels(document: nodes.document, docname: str) -> set[str]:
    """Every label a document's translation defines: its start and its node ids."""
    found = {label_name(docname)}
    for node in document.findall(nodes.Element):
        found.update(label_name(docname, node_id) for node_id in node["ids"])
    return found


#: Where a toctree included a document: ``\0include:<docname>\0``.
INCLUDE = re.compile("\x00include:([^\x00]*)\x00")
#: A link to a label in another document: ``\0link:<label>\0[text]``.
LINK = re.compile("\x00link:([^\x00]*)\x00")
#: The stub-column count the translator wrote for each table, in order.
TABLE_STUBS = re.compile(r"#plan-table\(stubs: (\d+)")


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
        self.defined: set[str] = set()
        #: Labels of every document the PDFs can hold (see document_labels).
        self.labels: dict[str, set[str]] = builder.labels
        self.footnotes_placed: set[str] = set()
        self.first_title_done = False
        self.unlinked = 0  # > 0 where links must print as plain text

    def astext(self) -> str:
        return "".join(self.body)

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
        for child in node.children:
            child.walkabout(self)
        text, self.body = "".join(self.body).strip(), saved
        return text

    # -- document structure -------------------------------------------------

    def visit_document(self, node: nodes.document) -> None:
        # Parts and chapters begin on a new page (the template breaks the page
        # before the root document).
        if 1 <= self.doc_depth <= 2:
            self.body.append("#pagebreak(weak: true)\n")
        self.anchor(label_name(self.docname))

    def depart_document(self, node: nodes.document) -> None:
        self.new_block()

    def visit_toctree(self, node: addnodes.toctree) -> None:
        # The builder puts the included documents here, as far as the edition
        # holds them.
        for entry in node["includefiles"]:
            self.body.append(f"\n\n\x00include:{entry}\x00\n\n")
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
        self.body.append(f"#heading(level: {level}{self.heading_options(level)})"
                         f"[{text}]{self.attach_label(parent)}\n")
        if is_document_title:
            # Read by the template's running header.
            self.body.append(f"#metadata({string_literal(plain)}) <jointplan-chapter>\n")
        raise nodes.SkipNode

    @staticmethod
    def heading_options(level: int) -> str:
        # The table of contents lists parts and chapters; bookmarks go one
        # level deeper; below that a heading is a heading for the tags only.
        if level <= 3:
            return ""
        return ", outlined: false, bookmarked: false"

    def visit_subtitle(self, node: nodes.subtitle) -> None:
        self.block(node, f"#strong[{self.capture(node)}]")

    def visit_rubric(self, node: nodes.rubric) -> None:
        self.new_block()
        self.anchors(node)
        if "ivp-heading" in node["classes"] or "heading-level" in node:
            # A priority's title or a choice's "Doelen": a real heading, one
            # level under the section it stands in.
            level = self.heading_level() + 1
            self.body.append(f"#heading(level: {level}{self.heading_options(level)})"
                             f"[{self.capture(node)}]\n")
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
        component = node.get("design_component", "")
        classes = node["classes"]
        if component == "grid-row" or "sd-row" in classes:
            cells = ", ".join(f"[{self.capture(child)}]" for child in node.children)
            self.block(node, f"#card-grid(columns: {grid_columns(classes)}, {cells})")
        if component == "card" or "sd-card" in classes:
            self.block(node, f"#card[{self.capture(node)}]")
        if component == "card-title" or "sd-card-title" in classes:
            self.block(node, f"#card-title[{self.capture(node)}]")
        for css_class, helper in FRAMED.items():
            if css_class in classes:
                self.block(node, f"#{helper}[{self.capture(node)}]")
        self.new_block()  # any other container: its children in place
        self.anchors(node)

    def depart_container(self, node: nodes.container) -> None:
        self.new_block()

    def visit_transition(self, node: nodes.transition) -> None:
        self.block(node, "#line(length: 100%, stroke: 0.4pt + gray)")

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
        self.tables.append(Table(classes=list(node["classes"])))

    def depart_table(self, node: nodes.table) -> None:
        table = self.tables.pop()
        self.body.append(table_markup(table) + self.attach_label(node))
        self.anchors(node, skip=1)
        self.new_block()

    def visit_tgroup(self, node: nodes.tgroup) -> None:
        self.tables[-1].columns = int(node["cols"])

    def depart_tgroup(self, node: nodes.tgroup) -> None:
        pass

    def visit_colspec(self, node: nodes.colspec) -> None:
        # Widths come from the cells' text (column_widths), not from colwidth.
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

    def visit_decision_timeline(self, node: nodes.Element) -> None:
        """The timeline of the decisions: an SVG made at build time, with its
        text alternative as the figure's alt text (jointplan.glue.decisions)."""
        image = (f"image(bytes({string_literal(node['svg'])}), format: \"svg\", "
                 f"alt: {string_literal(node['alt'])}, width: 100%)")
        self.block(node, f"#figure({image}, caption: [{markup(node['caption'])}])")

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
                self.body.append(f"\x00link:{name}\x00[{text}]")
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
        if "ivp-chosen" in node["classes"]:
            self.body.append(markup(words.CHOSEN))  # the matrix's mark
            raise nodes.SkipNode
        if "ivp-not-chosen" in node["classes"]:
            raise nodes.SkipNode
        if node.get("pdf_fact"):  # known when the PDF is written (a raadsvoorstel's)
            self.body.append(f"#pdf-fact({string_literal(node['pdf_fact'])})")
            raise nodes.SkipNode
        self.anchors(node)
        helper = self.change_helper(node)
        if helper:
            self.body.append(f"#{helper}[")

    def depart_inline(self, node: nodes.Element) -> None:
        if self.change_helper(node):
            self.body.append("]")

    @staticmethod
    def change_helper(node: nodes.Element) -> str:
        """The template's helper for text the changes appendix marks, if any."""
        return next((CHANGE_HELPERS[c] for c in node["classes"] if c in CHANGE_HELPERS), "")

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
    """A Typst table; header rows repeat on every page, stubs are row headers.

    In a wide table (a matrix of many municipalities) the headers of the
    narrow columns are turned a quarter, so the columns stay as narrow as
    their marks and the names stay readable.
    """
    widths = column_widths(table)
    wide = len(widths) > WIDE_TABLE
    cells = []
    for row in table.header_rows:
        column = 0
        for cell in row:
            narrow = cell.colspan == 1 and widths[min(column, len(widths) - 1)] == "auto"
            cells.append(cell_markup(cell, "th", rotated=wide and narrow))
            column += cell.colspan
    header = f"table.header({', '.join(cells)})," if cells else ""
    body = []
    for row, classes in zip(table.body_rows, table.row_classes):
        style = next((c.removeprefix("ivp-") for c in classes
                      if c in ("ivp-field", "ivp-joint", "ivp-total")), "")
        for cell in row:
            helper = "stub" if cell.stub else "td"
            body.append(cell_markup(cell, helper, style))
    columns = ", ".join(widths)
    kind = ", ".join(string_literal(c) for c in table.classes)
    grid = (f"table(columns: ({columns},), {header}\n{', '.join(body)})")
    caption = f"[{table.caption}]" if table.caption else "none"
    # The stub count comes first, where TABLE_STUBS finds it in document order.
    return (f"#plan-table(stubs: {table.stubs}, classes: ({kind}{',' if kind else ''}), "
            f"caption: {caption}, {grid})")


def column_widths(table: Table) -> list[str]:
    """Typst column sizes from the longest text in each column.

    Columns of short values (names, marks, counts) are ``auto``: as wide as
    their text, on one line when it fits. Columns of running text share the
    rest in proportion to their longest text, so the table spans the text
    width and long texts wrap. Typst shrinks ``auto`` columns fairly when
    together they are too wide, so nothing runs into the margin.
    """
    count = table.columns or max((len(r) for r in table.body_rows), default=1)
    longest = [0] * count
    for row in [*table.header_rows, *table.body_rows]:
        column = 0
        for cell in row:
            if cell.colspan == 1 and column < count:
                longest[column] = max(longest[column], len(cell.text))
            column += cell.colspan
    return ["auto" if width <= SHORT_TEXT else f"{min(width, LONG_TEXT)}fr"
            for width in longest]


#: Columns beyond which a table is wide (see table_markup).
WIDE_TABLE = 8
#: Characters up to which a column holds short values (see column_widths).
SHORT_TEXT = 12
#: Beyond this, a longer text does not make its column wider.
LONG_TEXT = 60


def cell_markup(cell: Cell, helper: str, style: str = "", rotated: bool = False) -> str:
    options = ["rotated: true"] if rotated else []
    if cell.colspan > 1:
        options.append(f"colspan: {cell.colspan}")
    if cell.rowspan > 1:
        options.append(f"rowspan: {cell.rowspan}")
    if style:
        options.append(f"style: {string_literal(style)}")
    if helper != "th" and not options:
        return f"[{cell.body}]"  # a plain cell: the helper would add nothing
    return f"{helper}({', '.join(options)}{', ' if options else ''}[{cell.body}])"
