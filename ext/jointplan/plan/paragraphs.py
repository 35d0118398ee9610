"""Citable paragraphs: the id an author's text carries, in plain Python.

Every paragraph, list item and table row of the chapters can carry an id
that a councillor cites ("alinea p-k3x9qa") and an amendment targets. The id
stands in the source, written by hand or stamped once by ``make ids``, at the
start of the text it names::

    {#p-k3x9qa} Een alinea van het plan ...
    - {#p-2bq7mf} Een punt van een lijst
    | {#p-w4hh8c} Eerste cel van een rij | ... |

So it does not depend on the paragraph's position: editing, inserting,
moving or removing other paragraphs changes no id. This module knows the
marker, makes new ids and puts them into source text; the Sphinx glue
(:mod:`jointplan.glue.paragraphs`) finds the paragraphs in the doctree.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

#: A paragraph id: "p-" and lower-case letters, digits and single hyphens.
PARAGRAPH_ID = re.compile(r"p-[a-z0-9]+(?:-[a-z0-9]+)*")
#: The marker at the start of a paragraph's text; group "id" as typed.
MARKER = re.compile(r"\{#(?P<id>[^{}\s]*)\}[ \t]*")
#: Letters of stamped ids: no 0/o, 1/l/i, so a reader can type a cited id.
ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
ID_LENGTH = 6

#: Kinds of citable blocks and where their marker goes.
PARAGRAPH, ITEM, ROW, DEFINITION = "paragraph", "item", "row", "definition"
KINDS = (PARAGRAPH, ITEM, ROW, DEFINITION)

# The start of a block's first line, before its text: indentation and
# block-quote markers, then what each kind has before its text.
_QUOTE = r"[ \t]*(?:>[ \t]?)*[ \t]*"
_STARTS = {
    PARAGRAPH: re.compile(_QUOTE + r"(?:\[\^[^\]]+\]:[ \t]*)?"),
    ITEM: re.compile(_QUOTE + r"(?:(?:[-*+]|\d{1,9}[.)])[ \t]+(?:\[[ xX]\][ \t]+)?)+"),
    ROW: re.compile(_QUOTE + r"\|?[ \t]*"),
    DEFINITION: re.compile(_QUOTE + r"(?::[ \t]+)?"),
}


@dataclass(frozen=True)
class Paragraph:
    """A citable block as the plan read it: where it stands and its text."""

    id: str
    docname: str
    lineno: int
    kind: str
    text: str


@dataclass(frozen=True)
class Unstamped:
    """A block without id: the line its marker goes on, and what it is."""

    docname: str
    lineno: int
    kind: str
    text: str


def split_marker(text: str) -> tuple[str | None, str]:
    """(the id as typed, the text after the marker); (None, text) without one."""
    match = MARKER.match(text)
    if match is None:
        return None, text
    return match["id"], text[match.end():]


def strip_marker(text: str) -> str:
    """The text without a leading id marker (for summaries read while parsing)."""
    return split_marker(text.lstrip())[1]


def new_id(docname: str, text: str, taken: set[str]) -> str:
    """A new id for a block: derived from where it is and what it says.

    The same text in the same document gets the same id on every machine and
    branch, so two branches that stamp the same new paragraph agree; ids in
    ``taken`` are never given again.
    """
    for attempt in range(1000):
        digest = hashlib.sha256(f"{docname}\0{text}\0{attempt}".encode()).digest()
        number = int.from_bytes(digest[:8], "big")
        letters = []
        for _ in range(ID_LENGTH):
            number, index = divmod(number, len(ALPHABET))
            letters.append(ALPHABET[index])
        candidate = "p-" + "".join(letters)
        if candidate not in taken:
            taken.add(candidate)
            return candidate
    raise RuntimeError("no free paragraph id found")  # pragma: no cover


def insertion_column(line: str, kind: str) -> int | None:
    """Where on a block's first line its marker goes; None if not found."""
    # The paragraph's pattern matches every line (all its parts are optional).
    paragraph_start = _STARTS[PARAGRAPH].match(line)
    assert paragraph_start is not None
    match = _STARTS[kind].match(line)
    if match is None or (kind == ITEM and match.end() == paragraph_start.end()):
        # An item whose text starts on the line after its bullet: mark the text.
        match = paragraph_start
    column = match.end()
    if column >= len(line.rstrip()) or (kind == ITEM and re.match(r"(?:[-*+]|\d+[.)])(?:[ \t]|$)",
                                                                  line[column:])):
        return None  # nothing to name on this line (a bullet alone)
    return column


def stamp(text: str, places: Iterable[Unstamped], taken: set[str]) -> tuple[str, list[str]]:
    """The source ``text`` with a marker put at each place; and the new ids.

    Places whose line is already marked, or where no insertion point is
    found, are left as they are (the check keeps reporting them). Existing
    markers are never touched.
    """
    lines = text.split("\n")
    added = []
    for place in sorted(places, key=lambda p: p.lineno, reverse=True):
        index = place.lineno - 1
        if not 0 <= index < len(lines):
            continue
        line = lines[index]
        column = insertion_column(line, place.kind)
        if column is None or MARKER.match(line, column):
            continue
        new = new_id(place.docname, place.text, taken)
        lines[index] = line[:column] + "{#" + new + "} " + line[column:].lstrip(" \t")
        added.append(new)
    return "\n".join(lines), added


def duplicates(paragraphs: Iterable[Paragraph]) -> list[tuple[Paragraph, Paragraph]]:
    """(later, first) for every id given to more than one block, in source order."""
    first: dict[str, Paragraph] = {}
    found = []
    for paragraph in sorted(paragraphs, key=lambda p: (p.docname, p.lineno)):
        earlier = first.setdefault(paragraph.id, paragraph)
        if earlier is not paragraph:
            found.append((paragraph, earlier))
    return found


def by_id(paragraphs: Iterable[Paragraph]) -> Mapping[str, Paragraph]:
    """Paragraphs by id, the first in source order winning."""
    result: dict[str, Paragraph] = {}
    for paragraph in sorted(paragraphs, key=lambda p: (p.docname, p.lineno)):
        result.setdefault(paragraph.id, paragraph)
    return result
