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
from sphinx.locale import get_translation

from .policy import FORBIDDEN_SCHEMES, url_scheme
from .sources import exact_line, inside
from .warnings import PlanWarning, warn

_ = get_translation("jointplan")

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
# Links and attributes in the syntax of other languages, shown as typed.
WIKI_LINK = re.compile(r"\[\[[^\[\]\n]+\]\]")
REVERSED_LINK = re.compile(r"\([^()\n]+\)\[(?P<address>[^\[\]\s]+)\]")
SPACED_LINK = re.compile(r"(?<![!\\])\[[^\[\]\n]+\][ \t]+\((?P<address>[^()\s]*[./:#][^()\s]*)\)")
HEADING_ATTRIBUTES = re.compile(r"\{\s*[#.][\w-]+[^{}\n]*\}\s*$")
STRAY_EMPHASIS = re.compile(r"\*\*[^*\n]*(?:\*\*)?")
HEADING_MARK = re.compile(r"^#{1,6}(?=[^\s#])\S*")
OTHER_SYNTAX = {"wiki link", "reversed link", "spaced link", "heading attributes", "emphasis",
                "heading", "strikethrough"}
STRIKETHROUGH = re.compile(r"~~[^~\n]+~~")
RST_LINK = re.compile(r"^(?P<text>[^<>]+?)\s*<(?P<address>[^<>\s]+)>$")

# What each leftover is called in a message, and how to write it instead
# (message ids of the jointplan catalogue, translated when a message is made).
KIND_NAMES = {
    "role": _("the role"),
    "image": _("the image"),
    "link": _("the link"),
    "reference link": _("the reference link"),
    "fence": _("the fence"),
    "autolink": _("the autolink"),
}
HOW = {
    "role": _("a role needs its target between the backticks, such as "
              "{ivp:priority}`drugs`; remove the braces if you meant them as text"),
    "image": _("write an image as ![what it shows](file.png), with a file in docs/"),
    "link": _("write a link as [text](https://...) or [text](file.md); an address with "
              "spaces goes between angle brackets: [text](<my file.md>)"),
    "reference link": _("a link written as [text][name] needs a line '[name]: address' "
                        "in the same chapter; or write [text](address)"),
    "fence": _("a directive starts with ::: or ``` followed directly by {name}, and ends "
               "with the same number of colons or backticks"),
    "autolink": _("write a web address as <https://...>"),
    "wiki link": _("Markdown writes a link as [text](file.md), not [[...]]"),
    "reversed link": _("write the text between square brackets first, then the address "
                       "between parentheses: [text](address)"),
    "spaced link": _("write no space between ] and (: [text](address)"),
    "heading attributes": _("attributes after a heading are not read; to give the heading "
                            "an anchor of your own, put a line (name)= above it"),
    "emphasis": _("bold is written **text**, without a space just inside the asterisks"),
    "heading": _("a heading needs a space after the #: # Title"),
    "rst link": _("that is a link in reStructuredText; in Markdown write [text](address)"),
    "strikethrough": _("struck-through text cannot be written in the plan; say in words "
                       "what was dropped, or leave it out"),
}


def find_raw_markup(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: warn for every piece of markup left as text."""
    docname = app.env.docname
    source = str(app.env.doc2path(docname))
    for element in doctree.findall(nodes.TextElement):
        if isinstance(element, VERBATIM) or inside(element, VERBATIM) or \
                isinstance(element.parent, nodes.TextElement):
            continue  # verbatim, or part of a larger text element checked already
        text = "".join(_visible_text(element))
        if not text or not any(c in text for c in "[{`:~<*#"):
            continue
        line = _line(element)
        for kind, match in _leftovers(text, element):
            # The parser knows the paragraph's line (nothing in a table cell):
            # the leftover's own line is found in the source.
            guess = line + text.count("\n", 0, match.start()) if line else 1
            needle = match.group(0).split("\n", 1)[0].strip()
            at = (docname, exact_line(app.env, source, guess, needle))
            warn(PlanWarning.RAW_MARKUP, _message(kind, match), at)


def _leftovers(text: str, element: nodes.Element) -> Iterator[tuple[str, re.Match]]:
    seen: list[tuple[int, int]] = []
    patterns = [("wiki link", WIKI_LINK), ("reversed link", REVERSED_LINK),
                ("spaced link", SPACED_LINK), ("role", ROLE), ("image", IMAGE),
                ("link", LINK), ("reference link", REFERENCE_LINK), ("fence", FENCE),
                ("autolink", AUTOLINK), ("emphasis", STRAY_EMPHASIS),
                ("strikethrough", STRIKETHROUGH)]
    if isinstance(element, nodes.title):
        patterns.append(("heading attributes", HEADING_ATTRIBUTES))
    if isinstance(element, nodes.paragraph):
        patterns.append(("heading", HEADING_MARK))
    for kind, pattern in patterns:
        for match in pattern.finditer(text):
            if any(start <= match.start() < end for start, end in seen):
                continue  # part of a leftover already reported (a link in an image)
            seen.append(match.span())
            yield kind, match


def find_rst_links(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: `text <address>`_ is code followed by an underscore in MyST."""
    docname = app.env.docname
    source = str(app.env.doc2path(docname))
    for literal in doctree.findall(nodes.literal):
        match = RST_LINK.match(literal.astext())
        following = literal.next_node(descend=False, siblings=True)
        if not match or not isinstance(following, nodes.Text) or \
                not following.astext().startswith("_"):
            continue
        shown = f"`{literal.astext()}`_"
        at = (docname, exact_line(app.env, source, _line(literal), shown))
        warn(PlanWarning.RAW_MARKUP,
             _("'{shown}' is shown as code followed by '_': {how}: [{text}]({address}).")
             .format(shown=shown, how=HOW["rst link"], text=match["text"],
                     address=match["address"]), at)


def _message(kind: str, match: re.Match) -> str:
    shown = match.group(0).strip()
    if len(shown) > 60:
        shown = shown[:57] + "..."
    address = match.groupdict().get("address") or ""
    scheme = url_scheme(address)
    if scheme in FORBIDDEN_SCHEMES:
        return _("'{shown}' is shown as typed: {kind} was refused because '{scheme}:' "
                 "addresses are not allowed in the plan; link to an http(s) address or to "
                 "a document in docs/, or remove the link.").format(
            shown=shown, kind=KIND_NAMES[kind], scheme=scheme)
    if kind in OTHER_SYNTAX:
        return _("'{shown}' is shown as typed; {how}.").format(shown=shown, how=HOW[kind])
    return _("'{shown}' is shown as typed: {kind} was not understood; {how}.").format(
        shown=shown, kind=KIND_NAMES[kind], how=HOW[kind])


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


def _line(node: nodes.Node) -> int | None:
    while node is not None and not node.line:
        node = node.parent
    return node.line if node is not None else None
