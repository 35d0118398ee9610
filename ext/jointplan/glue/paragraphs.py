"""Citable paragraphs in Sphinx: ids from the source, references, self-links.

- A transform, run on every document right after parsing, takes the marker
  ``{#p-...}`` off the start of each paragraph, list item, table row and
  definition (:mod:`jointplan.plan.paragraphs`) and gives its id to that
  block. Blocks without one are kept as :class:`Unstamped` records (the
  ``make ids`` tool stamps exactly those) and, with
  ``jointplan_paragraph_ids = True``, reported at their line.
- The ``ivp-text`` domain stores the blocks per document (plain records, so
  ``clear_doc`` and ``merge_domaindata`` are filters), reports ids given twice,
  and resolves ``{ivp:paragraph}`p-...``` with a did-you-mean for an unknown id.
- On the site every block with an id ends with a self-link, hidden until
  the block is hovered or the link has keyboard focus, named in Dutch for
  screen readers. The PDF builder gives the same id a named destination.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Set
from typing import Any, ClassVar, cast

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.domains import Domain, ObjType
from sphinx.environment import BuildEnvironment
from sphinx.roles import XRefRole
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.locale import get_translation
from sphinx.util.nodes import make_refnode

from ..checks.sources import exact_line, inside, source_lines
from ..checks.warnings import PlanWarning, guarded, suggestion, translated, warn
from ..plan import words
from ..plan.amendments import Amendment, applied, effective
from ..plan.amendments import by_key as amendments_by_key
from ..plan.amendments import problems as amendment_problems
from ..plan.paragraphs import (DEFINITION, ITEM, PARAGRAPH, PARAGRAPH_ID, ROW, Paragraph,
                               Unstamped, by_id, duplicates, split_marker)
from . import decisions
from .domain import ivp

_ = get_translation("jointplan")

#: Blocks whose paragraphs are not the plan's running text.
NOT_CITABLE = (nodes.footnote, nodes.citation, nodes.caption, nodes.legend,
               nodes.field_list, nodes.option_list, nodes.line_block, nodes.title,
               nodes.subtitle, nodes.rubric, nodes.thead, addnodes.only)


def carrier(block: nodes.Element) -> nodes.paragraph | None:
    """The paragraph whose text carries a block's marker (its first text)."""
    if isinstance(block, nodes.paragraph):
        return block
    if isinstance(block, nodes.row):
        entries = [e for e in block.children if isinstance(e, nodes.entry)]
        block = entries[0] if entries else block
    elif isinstance(block, nodes.definition_list_item):
        definition = next((d for d in block.children if isinstance(d, nodes.definition)), None)
        if definition is None:
            return None
        block = definition
    first = block.children[0] if block.children else None
    return first if isinstance(first, nodes.paragraph) else None


def id_holder(block: nodes.Element) -> nodes.Element:
    """The element that carries a block's id in the output: the block itself,
    or for a term with its definition the term (HTML writes no element for the
    pair)."""
    if isinstance(block, nodes.definition_list_item):
        return next((t for t in block.children if isinstance(t, nodes.term)), block)
    return block


def kind_of(node: nodes.Element) -> str | None:
    if isinstance(node, nodes.list_item):
        return ITEM
    if isinstance(node, nodes.row) and isinstance(node.parent, nodes.tbody):
        return ROW
    if isinstance(node, nodes.definition_list_item):
        return DEFINITION
    if isinstance(node, nodes.paragraph):
        return PARAGRAPH
    return None


def owner(paragraph: nodes.paragraph) -> nodes.Element:
    """The block a paragraph's marker names: an item, row or definition whose
    first paragraph it is, else the paragraph itself."""
    parent = paragraph.parent
    if isinstance(parent, nodes.entry):
        row = parent.parent
        if isinstance(row, nodes.row) and carrier(row) is paragraph:
            return row
    elif isinstance(parent, nodes.definition):
        item = parent.parent
        if isinstance(item, nodes.definition_list_item) and carrier(item) is paragraph:
            return item
    elif isinstance(parent, nodes.list_item) and carrier(parent) is paragraph:
        return parent
    return paragraph


def required_blocks(document: nodes.document) -> Iterator[tuple[str, nodes.Element]]:
    """(kind, block) of every block that needs an id, in document order."""
    for node in document.findall(nodes.Element):
        kind = kind_of(node)
        if kind is None or inside(node, NOT_CITABLE) or isinstance(node, NOT_CITABLE):
            continue
        # kind_of gives PARAGRAPH only to a paragraph, ROW only to a row.
        if kind == PARAGRAPH and (owner(cast(nodes.paragraph, node)) is not node or inside(
                node, (nodes.list_item, nodes.entry, nodes.definition_list_item))):
            continue  # named by its item, row or definition, or inside one
        paragraph = carrier(node)
        if paragraph is None or not paragraph.astext().strip():
            continue
        yield kind, node


def row_line(row: nodes.row, lines: list[str]) -> int | None:
    """The source line of a table body row (MyST gives every row the table's line)."""
    table = row.parent
    while table is not None and not isinstance(table, nodes.table):
        table = table.parent
    if table is None or not table.line:
        return None
    tgroup = row.parent.parent
    head = sum(len(t.children) for t in tgroup.children if isinstance(t, nodes.thead))
    # A pipe table: the header rows, the delimiter row, then the body rows.
    guess = table.line + head + 1 + row.parent.index(row)
    if 0 < guess <= len(lines) and lines[guess - 1].lstrip().startswith("|"):
        return guess
    return None


def block_line(kind: str, block: nodes.Element, lines: list[str]) -> int | None:
    if kind == ROW:
        return row_line(cast(nodes.row, block), lines)
    paragraph = carrier(block)
    return paragraph.line if paragraph is not None else None


def collect(document: nodes.document, docname: str, lines: list[str]
            ) -> tuple[list[Paragraph], list[Unstamped], list[tuple[str, int | None]]]:
    """Take the markers off a parsed document and give their ids to their blocks.

    Returns the blocks with an id, the blocks without one (at the line their
    marker goes on), and the invalid markers (as typed, with their line).
    Plain docutils: the property tests run it without Sphinx.
    """
    found, missing, invalid = [], [], []
    # The markers first: an id written by hand names its block.
    for paragraph in list(document.findall(nodes.paragraph)):
        if inside(paragraph, (nodes.FixedTextElement,)):
            continue
        text = paragraph.children[0] if paragraph.children else None
        if not isinstance(text, nodes.Text):
            continue
        typed, rest = split_marker(str(text))
        if typed is None:
            continue
        paragraph.replace(text, nodes.Text(rest))
        line = paragraph.line
        if not PARAGRAPH_ID.fullmatch(typed):
            invalid.append((typed, line))
            continue
        block = owner(paragraph)
        kind = kind_of(block) or PARAGRAPH
        if kind == ROW:
            line = row_line(cast(nodes.row, block), lines) or line
        id_holder(block)["ids"].append(typed)
        found.append(Paragraph(typed, docname, line or 0, kind, block.astext()))
    for kind, block in required_blocks(document):
        if any(PARAGRAPH_ID.fullmatch(i) for i in id_holder(block)["ids"]):
            continue
        line = block_line(kind, block, lines)
        # Else not from this file's own text (a directive's output, an include).
        if line is not None and written_at(lines, line, block.astext()):
            missing.append(Unstamped(docname, line, kind, block.astext()))
    return found, missing, invalid


def written_at(lines: list[str], line: int, text: str) -> bool:
    """Whether the block's first word stands on its line in the source.

    A directive's generated paragraphs carry the directive's line, where no
    marker can go; the author's own text starts on its line (its first word
    possibly inside markup, or a reference whose id is that word in lower case).
    """
    if not 0 < line <= len(lines):
        return False
    first = next((w for w in re.findall(r"[^\W\d_]{2,}", text)), None)
    return first is None or first.lower() in lines[line - 1].lower()


class ParagraphIds(SphinxTransform):
    """Markers off the text, ids onto their blocks; record and check them."""

    # Early: before anything reads or reports the text (raw markup, smart quotes).
    default_priority = 200

    def apply(self, **kwargs: Any) -> None:
        env = self.env
        docname = env.docname
        if self.document.get("source") != str(env.doc2path(docname)):
            return  # a document made by an extension (a change report), not a chapter
        found, missing, invalid = collect(self.document, docname,
                                          source_lines(env)["lines"])
        for typed, line in invalid:
            warn(PlanWarning.PARAGRAPH_ID,
                 _("'{{#{id}}}' is no valid paragraph id; an id starts with 'p-', followed "
                   "by small letters, digits and single hyphens, such as {{#p-k3x9qa}}. "
                   "Correct it, or remove it and let 'make ids' set a new id.").format(
                       id=typed), (docname, line))
        if self.config.jointplan_paragraph_ids:
            for place in missing:
                warn(PlanWarning.PARAGRAPH_ID,
                     _("{block} without id; every paragraph, list item and table row has a "
                       "fixed id, so that a councillor can refer to it and an amendment can "
                       "change it. Run 'make ids', or put '{{#p-...}}' at the start of the "
                       "text yourself.").format(block=block_kind(place.kind)),
                     (docname, place.lineno))
        text_domain(env).note_document(docname, found, missing)


class TextRole(XRefRole):
    """``{ivp:paragraph}`p-k3x9qa``` and ``{ivp:amendment}`voorbeeldstad/A1```:
    roles of the ``ivp`` namespace that the ``ivp-text`` domain resolves."""

    def __init__(self) -> None:
        super().__init__(warn_dangling=True)

    def result_nodes(self, document, env, node, is_ref):
        node["refdomain"] = TextDomain.name
        text_domain(env).note_reference(env.docname, node["reftype"], node["reftarget"])
        myst_form = f"{{{self.name}}}`{self.text}`"
        node["ivp_line"] = exact_line(env, node.source, node.line, myst_form, self.rawtext)
        return [node], []


class TextDomain(Domain):
    """The plan's text: its citable blocks (and, later, the amendments to them)."""

    name = "ivp-text"
    label = "Tekst van het plan"
    object_types = {"paragraph": ObjType(words.PARAGRAPH, "paragraph"),
                    "amendment": ObjType(words.AMENDMENT, "amendment")}
    initial_data: ClassVar[dict[str, Any]] = {
        "paragraphs": [],  # list[Paragraph]: the blocks with an id
        "unstamped": [],  # list[Unstamped]: the blocks without one
        "amendments": [],  # list[Amendment]
        "references": {},  # docname -> {(role, target)}: what its links point at
    }
    data_version = 2  # 2: references
    KEYS = ("paragraphs", "unstamped", "amendments")
    #: The fingerprint taken before reading (``env-get-outdated``), until
    #: ``env-updated`` compares it; not part of the pickled data.
    before_read: tuple[dict, dict] | None = None

    @property
    def paragraphs(self) -> list[Paragraph]:
        return self.data["paragraphs"]

    @property
    def unstamped(self) -> list[Unstamped]:
        return self.data["unstamped"]

    @property
    def amendments(self) -> list[Amendment]:
        return self.data["amendments"]

    def by_id(self):
        return by_id(self.paragraphs)

    def applied(self) -> list[Amendment]:
        """The amendments as the adopted texts count them: an adopted one only
        when its council's recorded decision confirms it
        (:func:`jointplan.plan.amendments.applied`)."""
        return applied(self.amendments, decisions.register(self.env))

    def note_amendment(self, amendment: Amendment) -> None:
        self.data["amendments"].append(amendment)

    def note_reference(self, docname: str, role: str, target: str) -> None:
        self.data["references"].setdefault(docname, set()).add((role, target))

    def fingerprint(self) -> tuple[dict, dict]:
        """What other pages show of this domain: where each reference target is,
        and each council's effective amendments (its chapter's banner)."""
        targets = {("paragraph", p.id): p.docname for p in self.by_id().values()}
        targets.update({("amendment", name): a.location.docname
                        for name, a in self.amendment_by_name().items()})
        councils: dict[str, tuple] = {}
        for amendment in effective(self.applied()):
            councils.setdefault(amendment.council, ())
            councils[amendment.council] += (amendment.number,)
        return targets, councils

    def note_document(self, docname: str, found: list[Paragraph],
                      missing: list[Unstamped]) -> None:
        self.data["paragraphs"].extend(found)
        self.data["unstamped"].extend(missing)

    def clear_doc(self, docname: str) -> None:
        for key in self.KEYS:
            self.data[key] = [r for r in self.data[key] if record_doc(r) != docname]
        self.data["references"].pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for key in self.KEYS:
            self.data[key].extend(r for r in otherdata[key] if record_doc(r) in docnames)
        self.data["references"].update(
            (doc, refs) for doc, refs in otherdata["references"].items() if doc in docnames)

    def check_consistency(self) -> None:
        domain = ivp(self.env)
        plan = domain.plan
        paragraphs = self.by_id()
        owners = {m.location.docname: m.id for m in plan.ordered_municipalities}
        proposals = self.env.config.jointplan_proposal_dir.strip("/") + "/"
        for problem in amendment_problems(
                self.amendments, {p.id: p.text for p in paragraphs.values()},
                plan.municipality_by_id, plan.priority_by_id,
                set(plan.choice_by_key), decisions.register(self.env),
                documents={p.id: p.docname for p in paragraphs.values()},
                chapters={doc: owners.get(doc, "") for doc in domain.municipality_chapters()},
                left_out={*self.env.config.jointplan_pdf_exclude,
                          *(doc for doc in self.env.found_docs if doc.startswith(proposals))}):
            warn(PlanWarning.AMENDMENT, problem.render(translated),
                 (problem.location.docname, problem.location.lineno))
        for later, first in duplicates(self.paragraphs):
            warn(PlanWarning.PARAGRAPH_ID,
                 _("paragraph id '{id}' is also in {docname}, line {line}; an id belongs to "
                   "one paragraph. Remove the id here and run 'make ids' for a new id (do not "
                   "change the id that is already cited).").format(
                       id=later.id, docname=first.docname, line=first.lineno),
                 (later.docname, later.lineno))

    def amendment_by_name(self) -> dict[str, Amendment]:
        """'council/A1' -> amendment."""
        return {f"{a.council}/{a.number}": a for a in amendments_by_key(self.amendments).values()}

    def _target(self, typ: str, target: str) -> tuple[str, str, str] | None:
        """(docname, anchor, link text) of a reference, or None."""
        if typ == "paragraph":
            paragraph = self.by_id().get(target)
            if paragraph is not None:
                return paragraph.docname, target, words.paragraph_reference(target)
        elif typ == "amendment":
            amendment = self.amendment_by_name().get(target)
            if amendment is not None:
                return (amendment.location.docname, amendment.anchor,
                        words.amendment_title(amendment.number))
        return None

    def resolve_xref(self, env, fromdocname, builder, typ, target, node, contnode):
        found = self._target(typ, target)
        if found is None:
            return None
        docname, anchor, text = found
        if not node.get("refexplicit"):
            contnode = nodes.inline(text, text, classes=contnode.get("classes", []))
        return make_refnode(builder, fromdocname, docname, anchor, contnode, text)

    def resolve_any_xref(self, env, fromdocname, builder, target, node, contnode):
        results = []
        for typ in ("paragraph", "amendment"):
            found = self.resolve_xref(env, fromdocname, builder, typ, target, node, contnode)
            if found is not None:
                results.append((f"ivp:{typ}", found))
        return results

    def get_objects(self):
        for paragraph in self.by_id().values():
            yield (paragraph.id, words.paragraph_reference(paragraph.id), "paragraph",
                   paragraph.docname, paragraph.id, 0)
        for name, amendment in self.amendment_by_name().items():
            yield (name, words.amendment_title(amendment.number), "amendment",
                   amendment.location.docname, amendment.anchor, 1)


def text_domain(env: BuildEnvironment) -> TextDomain:
    """The plan's text domain in this environment (typed, where ``env.domains`` is not)."""
    return cast(TextDomain, env.domains[TextDomain.name])


def record_doc(record) -> str:
    """The document a stored record comes from."""
    return getattr(record, "docname", None) or record.location.docname


def warn_unknown_paragraph(app: Sphinx, domain: Domain | None, node) -> bool | None:
    if node.get("ivp_checked"):
        # A link the extension made from a record that its own check reports
        # (an amendment's paragraph, priority or council): said once, there,
        # also under -n, which would warn for every unresolved link.
        return True
    if not isinstance(domain, TextDomain):
        return None
    target = node["reftarget"]
    location = (node["refdoc"], node["ivp_line"]) if node.get("ivp_line") else node
    if node["reftype"] == "amendment":
        warn(PlanWarning.AMENDMENT,
             _("unknown amendment '{target}'; write it as 'municipality-id/number', such as "
               "voorbeeldstad/A1.").format(target=target)
             + suggestion(target, domain.amendment_by_name()), location)
        return True
    warn(PlanWarning.UNKNOWN_PARAGRAPH,
         _("unknown paragraph '{target}'; refer to the id at the start of a paragraph "
           "({{#p-...}}).").format(target=target) + suggestion(target, domain.by_id()),
         location)
    return True


def block_kind(kind: str) -> str:
    """A kind of citable block, as a message names it."""
    return str({PARAGRAPH: _("Paragraph"), ITEM: _("List item"), ROW: _("Table row"),
                DEFINITION: _("Definition")}[kind])


# -- the site: a self-link per block -------------------------------------------

class paragraph_link(nodes.Inline, nodes.Element):
    """The self-link at the end of a citable block (HTML only)."""


def visit_paragraph_link_html(translator, node: paragraph_link) -> None:
    target = node["target"]
    label = words.PARAGRAPH_LINK.format(id=target)
    translator.body.append(
        f'<a class="headerlink ivp-paralink" href="#{target}" aria-label="{label}" '
        f'title="{label}">¶</a>')
    raise nodes.SkipNode


def skip(translator, node) -> None:
    raise nodes.SkipNode


class ParagraphLinks(SphinxPostTransform):
    """Give every block with a paragraph id its self-link, on the site only."""

    default_priority = 900
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        for node in list(self.document.findall(nodes.Element)):
            if kind_of(node) is None:
                continue
            ids = [i for i in id_holder(node)["ids"] if PARAGRAPH_ID.fullmatch(i)]
            paragraph = carrier(node)
            if ids and paragraph is not None:
                paragraph += nodes.Text(" ")
                paragraph += paragraph_link(target=ids[0])


# -- incremental builds ----------------------------------------------------------

def take_fingerprint(app: Sphinx, env, added, changed, removed) -> list[str]:
    """``env-get-outdated``: what other pages show of the text, before reading."""
    domain = text_domain(env)
    domain.before_read = domain.fingerprint()
    return []


def pages_to_rewrite(app: Sphinx, env) -> list[str]:
    """``env-updated``: pages not read again whose output changes: those that
    link a paragraph or amendment that moved to another document, and the
    chapter of a council whose adopted amendments changed (its banner)."""
    domain = text_domain(env)
    before, domain.before_read = domain.before_read, None
    if before is None:
        return []
    (targets_before, councils_before), (targets, councils) = before, domain.fingerprint()
    moved = {key for key in set(targets_before) | set(targets)
             if targets_before.get(key) != targets.get(key)}
    result = {doc for doc, refs in domain.data["references"].items() if refs & moved}
    plan = ivp(env).plan
    for council in set(councils_before) | set(councils):
        if councils_before.get(council) != councils.get(council) and \
                council in plan.municipality_by_id:
            result.add(plan.municipality_by_id[council].location.docname)
    return sorted(result & env.found_docs)


def setup_paragraphs(app: Sphinx) -> None:
    app.add_config_value(
        "jointplan_paragraph_ids", False, "env", types=frozenset({bool}),
        description="Every paragraph, list item and table row must carry an id "
                    "({#p-...}); 'make ids' stamps the missing ones.")
    app.add_domain(TextDomain)
    app.add_role_to_domain("ivp", "paragraph", TextRole())
    app.add_transform(ParagraphIds)
    app.add_css_file("jointplan-paragraphs.css")
    app.add_post_transform(ParagraphLinks)
    app.add_node(paragraph_link, html=(visit_paragraph_link_html, None),
                 latex=(skip, None), text=(skip, None), man=(skip, None),
                 texinfo=(skip, None))
    # Before the ivp domain's own handler, which knows only its own roles.
    app.connect("warn-missing-reference", guarded(warn_unknown_paragraph), priority=400)
    app.connect("env-get-outdated", guarded(take_fingerprint, []))
    app.connect("env-updated", guarded(pages_to_rewrite, []))
