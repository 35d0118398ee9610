"""A council's edition as that council adopted it: the joint text with its amendments.

For a council with adopted amendments (:mod:`jointplan.plan.adopted`) the
builder changes the council's edition, and only it:

- the cover's status adds "vastgesteld met amendementen A1 en A3";
- a paragraph an amendment changed reads as adopted, the new words
  underlined and followed by "(amendement A1)";
- the overlap tables follow the amended choices (a priority the council
  added or dropped by amendment);
- an appendix "Afwijkingen van de gezamenlijke tekst" lists each deviation:
  the paragraph, what went and what came, and the choices.

Only the documents an amendment touches are resolved and translated again
for that edition; every other document's translation is shared with the
other editions (the full plan and the councils without amendments).
"""

from __future__ import annotations

from docutils import nodes
from docutils.utils import new_document
from sphinx.util.nodes import process_only_nodes

from ..glue import tables
from ..glue.adoptedtext import held_placeholder, hold, mark
from ..glue.domain import ivp
from ..glue.paragraphs import text_domain
from ..plan import words
from ..plan.adopted import Deviation, amended_plan, council_amendments, deviations
from ..plan.amendments import Amendment
from .translator import Translation, document_labels

APPENDIX_DOCNAME = "jointplan-deviations"


def resolved_without_tables(builder, docname: str) -> nodes.document:
    """A document resolved as the PDFs resolve it, its generated tables still to fill."""
    tree = hold(builder.env.get_doctree(docname))
    process_only_nodes(tree, builder.tags)
    builder.env.resolve_references(tree, docname, builder)
    builder.post_process_images(tree)
    return tree


def translate_amended(builder, docname: str, resolved: nodes.document,
                      own: list[Amendment], plan) -> Translation:
    """One document of the council's edition: its tables from the amended plan,
    its amended paragraphs marked."""
    tree = resolved.deepcopy()
    # The amended plan's views, filled as every page's are (catalogue legend
    # included): its tables follow the amended declarations. What equals a unit
    # another council's text showed (most rows) is not drawn or translated again.
    tables.fill(builder.env, builder, tree, docname, plan, kind=held_placeholder,
                translated=builder.units.translated(docname))
    if own:
        mark(tree, own)
    return builder.translate(tree, docname)


def appendix(builder, name: str, found: list[Deviation], plan) -> Translation:
    """The edition's last chapter: where this text differs from the joint text."""
    document = new_document(APPENDIX_DOCNAME,
                            builder.env.get_doctree(builder.config.root_doc).settings)
    title = words.DEVIATIONS_TITLE
    section = nodes.section("", nodes.title(title, title), ids=["afwijkingen"])
    intro = words.DEVIATIONS_INTRO.format(name=name)
    section += nodes.paragraph(intro, intro)
    items = nodes.bullet_list()
    for deviation in found:
        item = nodes.list_item()
        head = words.amendment_title(deviation.amendment) + ": "
        if deviation.paragraph:
            item += nodes.paragraph("", "", nodes.strong(head, head), nodes.Text(
                words.AMENDMENT_IN_PARAGRAPH.format(id=deviation.paragraph)))
            item += nodes.paragraph("", "", nodes.strong(words.DEVIATION_JOINT,
                                                         words.DEVIATION_JOINT),
                                    nodes.Text(" " + deviation.joint))
            item += nodes.paragraph("", "", nodes.strong(words.DEVIATION_ADOPTED,
                                                         words.DEVIATION_ADOPTED),
                                    nodes.Text(" " + deviation.adopted))
        else:
            priority = plan.priority_by_id.get(deviation.added_choice or deviation.dropped_choice)
            title_text = priority.title if priority else (deviation.added_choice
                                                          or deviation.dropped_choice)
            what = (words.DEVIATION_ADDED if deviation.added_choice
                    else words.DEVIATION_DROPPED).format(priority=title_text)
            item += nodes.paragraph("", "", nodes.strong(head, head), nodes.Text(what))
        items += item
    section += items
    document += section
    builder.depths[APPENDIX_DOCNAME] = 1
    builder.labels[APPENDIX_DOCNAME] = document_labels(document, APPENDIX_DOCNAME)
    return builder.translate(document, APPENDIX_DOCNAME)


def prepare(builder, editions, plan) -> None:
    """Give each council edition with adopted amendments its own text."""
    text = text_domain(builder.env)
    paragraphs = text.by_id()
    texts = {pid: p.text for pid, p in paragraphs.items()}
    amendments = text.applied()  # those the councils' decisions confirm
    shown = ivp(builder.env).data["shown"]
    resolved: dict[str, nodes.document] = {}
    for edition in editions:
        municipality = plan.municipality_by_id.get(edition.key)
        own = council_amendments(amendments, edition.key) if municipality else []
        if not own:
            continue
        edition.status += words.with_amendments([a.number for a in own])
        amended = amended_plan(plan, own)
        in_document: dict[str, list[Amendment]] = {}  # docname -> its amended paragraphs
        for amendment in own:
            if amendment.paragraph in paragraphs:
                in_document.setdefault(paragraphs[amendment.paragraph].docname,
                                       []).append(amendment)
        docnames = set(in_document)
        if amended is not plan:
            docnames |= set(shown)  # every page with a generated table or card
        for docname in sorted(docnames):
            if docname in builder.translations and edition.keep(docname):
                # Resolved once for all councils; only the tables differ per council.
                if docname not in resolved:
                    resolved[docname] = resolved_without_tables(builder, docname)
                edition.overrides[docname] = translate_amended(
                    builder, docname, resolved[docname], in_document.get(docname, []), amended)
        found = deviations(amendments, edition.key, texts)
        edition.deviations = appendix(builder, municipality.name, found, plan)
