"""Each amendment as a PDF of its own, in the form a council votes on.

``amendement-<council>-<number>.pdf``: who submits it, the dictum ("besluit
het ontwerpbesluit als volgt te wijzigen"), the change with the old text
struck through and the new text underlined (each also named in words), and
the explanation. Made by the same builder as the plan's editions: the
amendment as the amendments page renders it, put in a document of its own,
translated by the Typst translator and exported as PDF/UA-1 and PDF/A-2a
with the same template. ``jointplan_pdf_editions`` selects them with
``amendementen`` (``make amendementen``).
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from docutils.utils import new_document
from sphinx.util.nodes import process_only_nodes

from ..glue.paragraphs import text_domain
from ..plan import words
from ..plan.amendments import Amendment, by_key

#: The key of ``jointplan_pdf_editions`` that selects the amendments.
KEY = "amendementen"


def slug(amendment: Amendment) -> str:
    return f"amendement-{amendment.council}-{amendment.number.lower()}"


def dictum(amendment: Amendment, name: str, plan_title: str) -> list[nodes.Node]:
    """The decision the council is asked to take, in the usual words."""
    what = (words.SUBAMENDMENT_DICTUM.format(number=amendment.amends) if amendment.amends
            else words.AMENDMENT_DICTUM)
    lines = [words.AMENDMENT_PREAMBLE.format(name=name, title=plan_title), what]
    result: list[nodes.Node] = [nodes.paragraph(line, line) for line in lines]
    if amendment.add_choice or amendment.drop_choice:
        text = (words.AMENDMENT_ADD_CHOICE if amendment.add_choice
                else words.AMENDMENT_DROP_CHOICE).format(name=name)
        result.append(nodes.paragraph(text, text))
    elif amendment.paragraph:
        text = words.AMENDMENT_IN_PARAGRAPH.format(id=amendment.paragraph)
        result.append(nodes.paragraph(text, text))
    return result


def document_for(builder, amendment: Amendment, box: nodes.Element, name: str,
                 plan_title: str) -> nodes.document:
    """A document of one amendment: title, dictum, the rendered amendment."""
    settings = builder.env.get_doctree(builder.config.root_doc).settings
    document = new_document(slug(amendment), settings)
    title = words.amendment_document_title(amendment.number, name)
    section = nodes.section("", nodes.title(title, title), ids=["amendement"])
    # The node's own deepcopy: copy.deepcopy would follow its parent and copy the
    # whole page with it, for every amendment.
    content = box.deepcopy()
    # The heading is the document's title; who and when (the facts) come first,
    # then the dictum, then the change and its explanation as the page shows them.
    children = [c for c in content.children
                if not (isinstance(c, nodes.rubric)
                        and c.astext() == words.amendment_title(amendment.number))]
    facts = [c for c in children if isinstance(c, nodes.field_list)]
    section.extend(facts)
    section.extend(dictum(amendment, name, plan_title))
    section.extend(c for c in children if c not in facts)
    document += section
    return document


def write_sources(builder, plan, wanted: set[str], title: str) -> list:
    """An edition of every amendment, with its document, when ``wanted`` selects them.

    Links to the plan's pages become their text: this PDF holds only the
    amendment (the edition's documents are its own)."""
    if wanted and KEY not in wanted:
        return []
    from . import Edition

    domain = text_domain(builder.env)
    amendments = by_key(domain.amendments).values()
    boxes: dict[str, nodes.Element] = {}
    for docname in sorted({a.location.docname for a in amendments}):
        tree = builder.env.get_doctree(docname)
        process_only_nodes(tree, builder.tags)
        builder.env.resolve_references(tree, docname, builder)
        for box in tree.findall(nodes.container):
            for node_id in box["ids"]:
                boxes[node_id] = box
    result = []
    for amendment in sorted(amendments, key=lambda a: (a.council, a.number)):
        municipality = plan.municipality_by_id.get(amendment.council)
        box = boxes.get(amendment.anchor)
        if municipality is None or box is None:
            continue  # reported by the checks
        document = document_for(builder, amendment, box, municipality.name, title)
        docname = slug(amendment)
        builder.depths[docname] = 1
        result.append(Edition(
            key=KEY, slug=docname,
            title=words.amendment_document_title(amendment.number, municipality.name),
            subtitle=words.EDITION_SUBTITLE.format(name=municipality.name),
            status=words.amendment_status(amendment.status), draft=False,
            document=builder.translate(document, docname)))
    return result


def target(outdir: Path, amendment: Amendment) -> Path:
    return outdir / f"{slug(amendment)}.pdf"
