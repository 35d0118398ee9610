"""The three ways author text enters Typst source, and nothing else.

Typst markup is code: ``#`` starts an expression, ``<x>`` is a label, ``@x`` a
reference, ``*``/``_`` emphasis, ``$`` maths, ``//`` a comment, ``=`` or ``-``
at a line start a heading or a list item, ``1.`` an enumeration, ``https://``
an automatic link. The translator never writes author text except through
these functions, so a chapter can contain any of them and they print as typed.
"""

from __future__ import annotations

import re
import string

# Typst accepts a backslash before any character that is not a letter, digit
# or space and prints that character. Escaping every ASCII punctuation mark is
# simpler and safer than listing the ones markup interprets today: it also
# covers the shorthands ("--", "...", "~", "-?"), list markers at a line start
# and URLs that Typst would otherwise turn into links.
_MARKUP = {ord(c): "\\" + c for c in string.punctuation}
# Control characters (C0, DEL, C1) cannot be printed; the source checks report
# them where the author can fix them.
CONTROL = frozenset([*range(32), *range(0x7F, 0xA0)]) - {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x85}
_MARKUP.update({c: None for c in CONTROL})
# What Typst reads as a line break or a space (NEL and the Unicode line and
# paragraph separators included) becomes one space; other spaces, such as a
# no-break space, are printed as they are.
_WHITESPACE = re.compile("[ \t\n\r\f\v\x85\u2028\u2029]+")

_STRING = {ord("\\"): "\\\\", ord('"'): '\\"', ord("\n"): "\\n", ord("\r"): "\\r",
           ord("\t"): "\\t"}
_STRING.update({c: f"\\u{{{c:x}}}" for c in [*range(32), 0x7F] if c not in _STRING})

_LABEL_SAFE = frozenset(string.ascii_letters + string.digits + "-")


def markup(text: str) -> str:
    """Text for a place where Typst reads markup (paragraphs, content blocks).

    Runs of ASCII whitespace become one space, as they would in HTML: a
    newline in a docutils text node is a soft line break of the source, and
    two of them would start a new paragraph in Typst.
    """
    return _WHITESPACE.sub(" ", text).translate(_MARKUP)


def string_literal(text: str) -> str:
    """A Typst string literal (for link targets, alt text, raw text, metadata)."""
    return '"' + text.translate(_STRING) + '"'


def label_name(docname: str, node_id: str = "") -> str:
    """A Typst label for a node id in a document, unique across the whole PDF.

    Typst labels allow letters, digits, ``-``, ``_``, ``.`` and ``:``. The
    mapping is one-to-one: ``/`` becomes ``.``, the docname and id are joined
    by ``:``, and any other character is written as ``_<hex>_``. An empty id
    names the start of the document.
    """
    def safe(part: str, slash: str) -> str:
        return "".join(c if c in _LABEL_SAFE else slash if c == "/" else f"_{ord(c):x}_"
                       for c in part)
    return f"{safe(docname, '.')}:{safe(node_id, '_2f_')}"


def label(docname: str, node_id: str = "") -> str:
    """The label syntax ``<name>``; only ever written after an element we made."""
    return f"<{label_name(docname, node_id)}>"
