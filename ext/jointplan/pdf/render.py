"""Typst source to a PDF that is PDF/A-2a and PDF/UA-1, or no PDF at all.

Typst's exporter enforces the standards it is asked for: with ``ua-1`` and
``a-2a`` it tags the document, marks running headers, footers and repeated
table headers as artifacts, writes both identifications, ``/Lang``,
``DisplayDocTitle`` and the output intent, and refuses to write a PDF that
breaks a rule it can check (no title, an image without alt text). A refusal
becomes :class:`PdfExportError`, which Sphinx reports without a traceback.

One thing Typst 0.15 only offers behind a feature flag that the Python package
cannot switch on is a row scope for header cells in a column (the priority
names in the overlap matrix). :func:`add_row_headers` adds it afterwards with
pikepdf: the stub cells become ``TH`` with ``/Scope /Row``, and the other cells
of the row name them in ``/Headers``, as Typst does for column headers.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pikepdf
import typst
from sphinx.errors import SphinxError

STANDARDS = ["ua-1", "a-2a"]


class PdfExportError(SphinxError):
    category = "PDF export error"


@dataclass
class Job:
    """One edition: its Typst source, where the PDF goes, what the template reads."""

    source: Path
    target: Path
    inputs: dict[str, str]
    table_stubs: list[int]


class Renderer:
    """One Typst compiler for a build, so fonts are loaded once."""

    def __init__(self, root: Path, fonts: Path, timestamp: int | None) -> None:
        # The compile root is the build folder: Typst can read nothing outside it.
        self.compiler = typst.Compiler(root=str(root), font_paths=[str(fonts)],
                                       ignore_system_fonts=True)
        self.timestamp = timestamp

    def render(self, job: Job) -> list[str]:
        """Write ``job.target``; return Typst's warnings as text."""
        try:
            _, warnings = self.compiler.compile_with_warnings(
                input=str(job.source), output=str(job.target), format="pdf",
                pdf_standards=STANDARDS, sys_inputs=job.inputs, timestamp=self.timestamp)
        except typst.TypstError as error:
            raise PdfExportError(
                f"Typst refused to write {job.target.name}: {describe(error)}") from None
        add_row_headers(job.target, job.table_stubs)
        return [describe(warning) for warning in warnings]


def describe(diagnostic) -> str:
    """Typst's message, where in the generated source, and its hints, on a few lines."""
    message = getattr(diagnostic, "message", None) or str(diagnostic)
    parts = [message.strip()]
    where = (getattr(diagnostic, "diagnostic", "") or "").strip()
    if where and where != message.strip():
        parts.append(where)
    parts.extend(f"hint: {hint}" for hint in getattr(diagnostic, "hints", None) or [])
    return "\n".join(parts)


def _children(element) -> list:
    kids = element.get("/K")
    if kids is None:
        return []
    kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
    return [k for k in kids if isinstance(k, pikepdf.Dictionary) and "/S" in k]


def _tables(root) -> list:
    """The Table structure elements in document order."""
    found, stack = [], list(reversed(_children(root)))
    while stack:
        element = stack.pop()
        if element.S == "/Table":
            found.append(element)
        stack.extend(reversed(_children(element)))
    return found


def _rows(table) -> list:
    rows = []
    for child in _children(table):
        if child.S == "/TR":
            rows.append(child)
        elif child.S in ("/TBody", "/TFoot"):
            rows.extend(r for r in _children(child) if r.S == "/TR")
    return rows


def _table_attributes(cell) -> pikepdf.Dictionary:
    """The cell's attribute dictionary owned by Table (created if absent)."""
    attributes = cell.get("/A")
    if isinstance(attributes, pikepdf.Dictionary):
        attributes = pikepdf.Array([attributes])
        cell.A = attributes
    elif attributes is None:
        attributes = pikepdf.Array()
        cell.A = attributes
    for entry in attributes:
        if isinstance(entry, pikepdf.Dictionary) and entry.get("/O") == "/Table":
            return entry
    entry = pikepdf.Dictionary(O=pikepdf.Name.Table)
    attributes.append(entry)
    return entry


def add_row_headers(path: Path, table_stubs: list[int]) -> None:
    """Give the stub cells of each table the row-header role, in place.

    ``table_stubs`` holds the number of stub columns of every table the
    translator wrote, in document order; the PDF's Table elements come in the
    same order. If the counts differ the tags are left as Typst wrote them.
    """
    if not any(table_stubs):
        return
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        tree = pdf.Root.StructTreeRoot
        tables = _tables(tree)
        if len(tables) != len(table_stubs):
            return
        ids = pikepdf.NameTree(tree.IDTree) if "/IDTree" in tree else \
            pikepdf.NameTree.new(pdf)
        for number, (table, stubs) in enumerate(zip(tables, table_stubs), 1):
            if not stubs:
                continue
            occupied: dict[tuple[int, int], bool] = {}  # cells covered by row spans
            for y, row in enumerate(_rows(table)):
                x, headers, others = 0, [], []
                for cell in _children(row):
                    while occupied.get((y, x)):
                        x += 1
                    attributes = _table_attributes(cell)
                    colspan = int(attributes.get("/ColSpan", 1))
                    rowspan = int(attributes.get("/RowSpan", 1))
                    for dy in range(1, rowspan):
                        for dx in range(colspan):
                            occupied[y + dy, x + dx] = True
                    if cell.S == "/TD" and x < stubs:
                        cell.S = pikepdf.Name.TH
                        attributes.Scope = pikepdf.Name.Row
                        cell.ID = pikepdf.String(f"R{number}x{x}y{y}")
                        ids[str(cell.ID)] = cell
                        headers.append(cell.ID)
                    elif cell.S == "/TD":
                        others.append(attributes)
                    x += colspan
                for attributes in others:
                    named = attributes.get("/Headers")
                    if named is None:
                        named = attributes.Headers = pikepdf.Array()
                    named.extend(headers)
        tree.IDTree = ids.obj
        # deterministic_id: the same input gives the same bytes.
        pdf.save(path, deterministic_id=True)
