"""Markup the parser did not understand, found before a reader sees it as typed.

MyST prints what it cannot parse as plain text: a role without a target
(``{ivp:priority}```` ``), a link or image whose address Markdown refuses
(``[tekst](javascript:...)``), a reference-style link whose definition is
missing or refused (``[tekst][x]``), a fence it did not recognise. On the site
and in the PDF that shows up as brackets and braces in the council's text.

After parsing (``doctree-read``), the text of every paragraph, title and table
cell is searched for such leftovers; each is an ``ivp.raw-markup`` warning at
its file and line that says what was not understood and how to write it.
Code (inline and blocks), which shows markup on purpose, is not searched;
ordinary brackets, parentheses and colons in prose do not match.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx

from .policy import FORBIDDEN_SCHEMES, url_scheme
from .sources import exact_line
from .warnings import PlanWarning, warn

# Elements whose text is shown as typed on purpose, or is not shown at all.
VERBATIM = (nodes.literal, nodes.literal_block, nodes.raw, nodes.comment, nodes.math,
            nodes.math_block, nodes.doctest_block, addnodes.pending_xref_condition)

ROLE = re.compile(r"\{[A-Za-z][\w.+:-]*\}`[^`\n]*`?")
# An address may hold one level of parentheses: javascript:alert(1)
ADDRESS = r"(?P<address>(?:[^()\n]|\([^()\n]*\))*)\)?"
IMAGE = re.compile(r"!\[[^\]\n]*\]\(" + ADDRESS)
LINK = re.compile(r"(?<![!\\])\[[^\[\]\n]+\]\(" + ADDRESS)
REFERENCE_LINK = re.compile(r"(?<![!\\])\[[^\[\]\n]+\]\[[^\[\]\n]*\]")
FENCE = re.compile(r"(?m)^\s*(`{3,}|~{3,}|:{3,})\S*")
AUTOLINK = re.compile(r"<(?P<address>[A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*)>")

HOW = {
    "role": "a role needs its target between the backticks, such as "
            "{ivp:priority}`drugs`; remove the braces if you meant them as text",
    "image": "write an image as ![what it shows](file.png), with a file in docs/",
    "link": "write a link as [text](https://...) or [text](file.md); an address with "
            "spaces goes between angle brackets: [text](<my file.md>)",
    "reference link": "a link written as [text][name] needs a line '[name]: address' "
                      "in the same chapter; or write [text](address)",
    "fence": "a directive starts with ::: or ``` followed directly by {name}, and ends "
             "with the same number of colons or backticks",
    "autolink": "write a web address as <https://...>",
}


def find_raw_markup(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: warn for every piece of markup left as text."""
    docname = app.env.docname
    source = str(app.env.doc2path(docname))
    for element in doctree.findall(nodes.TextElement):
        if isinstance(element, VERBATIM) or _inside(element, VERBATIM) or \
                isinstance(element.parent, nodes.TextElement):
            continue  # verbatim, or part of a larger text element checked already
        text = "".join(_visible_text(element))
        if not text or not any(c in text for c in "[{`:~<"):
            continue
        line = _line(element)
        for kind, match in _leftovers(text):
            # The parser knows the paragraph's line (nothing in a table cell):
            # the leftover's own line is found in the source.
            guess = line + text.count("\n", 0, match.start()) if line else 1
            needle = match.group(0).split("\n", 1)[0].strip()
            at = (docname, exact_line(app.env, source, guess, needle))
            warn(PlanWarning.RAW_MARKUP, _message(kind, match), at)


def _leftovers(text: str) -> Iterator[tuple[str, re.Match]]:
    seen: list[tuple[int, int]] = []
    for kind, pattern in (("role", ROLE), ("image", IMAGE), ("link", LINK),
                          ("reference link", REFERENCE_LINK), ("fence", FENCE),
                          ("autolink", AUTOLINK)):
        for match in pattern.finditer(text):
            if any(start <= match.start() < end for start, end in seen):
                continue  # part of a leftover already reported (a link in an image)
            seen.append(match.span())
            yield kind, match


def _message(kind: str, match: re.Match) -> str:
    shown = match.group(0).strip()
    if len(shown) > 60:
        shown = shown[:57] + "..."
    address = match.groupdict().get("address") or ""
    scheme = url_scheme(address)
    if scheme in FORBIDDEN_SCHEMES:
        return (f"'{shown}' is shown as typed: the {kind} was refused because "
                f"'{scheme}:' addresses are not allowed in the plan; link to an http(s) "
                "address or to a document in docs/, or remove the link.")
    return f"'{shown}' is shown as typed: the {kind} was not understood; {HOW[kind]}."


def _visible_text(element: nodes.Element) -> Iterator[str]:
    """The text a reader sees, without what is shown verbatim on purpose."""
    for child in element.children:
        if isinstance(child, nodes.Text):
            yield child.astext()
        elif isinstance(child, VERBATIM):
            # Keeps positions and line breaks, matches nothing.
            yield re.sub(r"[^\n]", " ", child.astext())
        elif (isinstance(child, nodes.Element) and not isinstance(child, nodes.TextElement)) \
                or isinstance(child, nodes.Inline):
            yield from _visible_text(child)  # type: ignore[arg-type]  # an Inline Element


def _inside(node: nodes.Node, kinds: tuple) -> bool:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, kinds):
            return True
        parent = parent.parent
    return False


def _line(node: nodes.Node) -> int | None:
    while node is not None and not node.line:
        node = node.parent
    return node.line if node is not None else None
