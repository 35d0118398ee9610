"""Named destinations for citable paragraphs: ``plan.pdf#p-k3x9qa``.

Typst makes a named destination only for a labelled heading. A paragraph,
list item or table row with an id gets a marker in the Typst source
(:func:`marker`, written by the translator where the block starts, which
counts them in its data); at the end of an edition that has any, one context
block (:data:`COLLECT`) gathers every marker's page and position. After the
compile :func:`add` asks the same compiler for
them (a query of the compiled document, which Typst answers from its cache)
and writes them into the PDF's ``/Dests`` name tree with pikepdf, under the
paragraph's own id, so a viewer opens ``plan.pdf#p-k3x9qa`` at the paragraph.
"""

from __future__ import annotations

import json
from pathlib import Path

import pikepdf

from .escape import string_literal

MARKER_LABEL = "jointplan-destination"
COLLECTED_LABEL = "jointplan-destinations"
COLLECT = (f"\n#context [#metadata(query(<{MARKER_LABEL}>).map(m => {{"
           "let p = m.location().position(); "
           "(m.value, p.page, p.x.pt(), p.y.pt())})) "
           f"<{COLLECTED_LABEL}>]\n")


def marker(paragraph_id: str) -> str:
    """Typst markup where the block with this id starts."""
    return f"#metadata({string_literal(paragraph_id)}) <{MARKER_LABEL}>"


def add(path: Path, collected: str) -> str:
    """Write the named destinations ``collected`` (the query's JSON) into the PDF.

    Returns a problem to report, or "" when all went well.
    """
    try:
        places = json.loads(collected)
    except ValueError:
        return "named destinations not written: Typst's answer was not JSON."
    if not places:
        return ""
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        if "/Names" not in pdf.Root:
            pdf.Root.Names = pikepdf.Dictionary()
        names = pdf.Root.Names
        tree = pikepdf.NameTree(names.Dests) if "/Dests" in names else \
            pikepdf.NameTree.new(pdf)
        for paragraph_id, page_number, x, y in places:
            page = pdf.pages[int(page_number) - 1]
            top = float(page.mediabox[3])
            tree[paragraph_id] = pikepdf.Array(
                [page.obj, pikepdf.Name.XYZ, round(x, 2), round(top - y, 2), 0])
        names.Dests = tree.obj
        pdf.save(path, deterministic_id=True)
    return ""
