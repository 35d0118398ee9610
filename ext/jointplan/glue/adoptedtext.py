"""A council's adopted text as a doctree: the joint document with that council's
amendments applied (:mod:`jointplan.plan.adopted`), for its PDF edition
(:mod:`jointplan.pdf.adopted`) and its view on the site (:mod:`jointplan.site.adoptedview`).

- :func:`hold` keeps a document's generated tables out of reach of the
  reference resolution, so that a document is resolved once and its tables
  filled (:func:`jointplan.glue.tables.fill`) from each council's amended plan.
- :func:`mark` makes each amended paragraph read as adopted: the old words
  replaced by the new, with the nodes each output marks them with.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from docutils import nodes

from ..plan import words
from ..plan.amendments import Amendment, normalized
from .nodes import inserted, plan_placeholder

SPACE = re.compile(r"\s+")

#: The new words of an amendment, as an output marks them: (amendment, new words) -> nodes.
Marker = Callable[[Amendment, str], Sequence[nodes.Node]]


class held_placeholder(nodes.General, nodes.Element):
    """A table placeholder kept out of reach of the reference resolution, so a
    document is resolved once and its tables filled for each council."""


def hold(tree: nodes.document) -> nodes.document:
    """Replace the document's placeholders by :class:`held_placeholder` (in place)."""
    for node in list(tree.findall(plan_placeholder)):
        node.replace_self(held_placeholder(**node.attributes))
    return tree


def underlined(amendment: Amendment, new: str) -> list[nodes.Node]:
    """The PDF's mark: the new words underlined, then "(amendement A1)"."""
    note = " " + words.amended_by(amendment.number)
    marked: list[nodes.Node] = [inserted(new)] if new else []
    marked.append(nodes.emphasis(note, note))
    return marked


def mark(tree: nodes.document, own: list[Amendment], marker: Marker = underlined) -> None:
    """The amended paragraphs of a resolved doctree, as the council adopted them."""
    holders: dict[str, nodes.Element] = {
        node_id: node for node in tree.findall(nodes.Element) for node_id in node["ids"]}
    for amendment in own:
        holder = holders.get(amendment.paragraph)
        if holder is None or not (amendment.old or amendment.new):
            continue
        paragraph = holder if isinstance(holder, nodes.paragraph) else next(
            iter(holder.findall(nodes.paragraph)), None)
        if paragraph is None:
            continue
        replace_in(paragraph, amendment, marker)


def replace_in(paragraph: nodes.paragraph, amendment: Amendment,
               marker: Marker = underlined) -> None:
    """Replace the old words by the new, marked, in the text node holding them;
    if they run across inline markup, the paragraph becomes plain text."""
    old, new = normalized(amendment.old), normalized(amendment.new)
    marked = list(marker(amendment, new))
    if not old:  # words added at the end
        paragraph.extend([nodes.Text(" "), *marked])
        return
    for text in list(paragraph.findall(nodes.Text)):
        flat = SPACE.sub(" ", str(text))
        at = flat.find(old)
        if at < 0:
            continue
        parent, index = text.parent, text.parent.index(text)
        parent.remove(text)
        pieces = [nodes.Text(flat[:at]), *marked, nodes.Text(flat[at + len(old):])]
        for offset, piece in enumerate(pieces):
            parent.insert(index + offset, piece)
        return
    flat = normalized(paragraph.astext())
    at = flat.find(old)
    if at < 0:
        return  # reported by the checks
    # What shows no text (the site's self-link, a target) stays, at the end.
    kept = [child for child in paragraph.children
            if isinstance(child, nodes.Element) and not child.astext()]
    paragraph.children = []
    paragraph.extend([nodes.Text(flat[:at]), *marked, nodes.Text(flat[at + len(old):]),
                      *kept])
