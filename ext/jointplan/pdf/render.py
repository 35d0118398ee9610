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

import re
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
import typst
from sphinx.errors import SphinxError

from . import destinations
from .metadata import add_metadata

STANDARDS: list[typst.PDFStandard] = ["ua-1", "a-2a"]


class PdfExportError(SphinxError):
    """Typst refused to write a PDF; ``line`` is where in the Typst source."""

    category = "PDF export error"

    def __init__(self, message: str, source: Path, line: int | None) -> None:
        super().__init__(message)
        self.source, self.line = source, line


@dataclass
class Job:
    """One edition: its Typst source, where the PDF goes, what the template reads."""

    source: Path
    target: Path
    inputs: dict[str, str]
    table_stubs: list[int]
    #: XMP properties added after the export (jointplan.pdf.metadata)
    xmp: dict[str, object] = field(default_factory=dict)
    #: The source marks citable paragraphs: give them named destinations.
    destinations: bool = False


class Renderer:
    """Typst compilers for a build: one per worker thread, so fonts load once each.

    A Typst compiler cannot be used by two threads at once; its work runs
    outside Python's lock, so two editions compile side by side on two cores.
    """

    def __init__(self, root: Path, fonts: Path, timestamp: int | None) -> None:
        self.root, self.fonts, self.timestamp = root, fonts, timestamp
        self.local = threading.local()

    @property
    def compiler(self) -> typst.Compiler:
        if not hasattr(self.local, "compiler"):
            # The compile root is the build folder: Typst can read nothing outside it.
            self.local.compiler = typst.Compiler(
                root=str(self.root), font_paths=[str(self.fonts)], ignore_system_fonts=True)
        return self.local.compiler

    def render(self, job: Job) -> list[str]:
        """Write ``job.target``; return Typst's warnings as text."""
        try:
            _, warnings = self.compiler.compile_with_warnings(
                input=str(job.source), output=str(job.target), format="pdf",
                pdf_standards=STANDARDS, sys_inputs=job.inputs, timestamp=self.timestamp)
        except typst.TypstError as error:
            where = re.search(r"\.typ:(\d+):\d+", getattr(error, "diagnostic", "") or "")
            raise PdfExportError(
                f"Typst refused to write {job.target.name}: {describe(error)}", job.source,
                int(where.group(1)) if where else None) from None
        problems = [add_row_headers(job.target, job.table_stubs)]
        if job.destinations:
            problems.append(destinations.add(job.target, self.compiler.query(
                f"<{destinations.COLLECTED_LABEL}>", field="value", one=True)))
        add_metadata(job.target, job.xmp)
        return [describe(warning) for warning in warnings] + [p for p in problems if p]

    def render_all(self, jobs: list[Job], workers: int
                   ) -> Iterator[tuple[Job, list[str] | PdfExportError]]:
        """Render every job, ``workers`` at a time.

        Yields each job with its warnings, or with the refusal when Typst wrote
        no PDF; one refused edition does not stop the others.
        """
        def attempt(job: Job) -> list[str] | PdfExportError:
            try:
                return self.render(job)
            except PdfExportError as refusal:
                return refusal

        if workers <= 1 or len(jobs) <= 1:
            for job in jobs:
                yield job, attempt(job)
            return
        with ThreadPoolExecutor(workers) as pool:
            yield from zip(jobs, pool.map(attempt, jobs))


def describe(diagnostic) -> str:
    """Typst's message, then where in the generated source and its hints."""
    message = (getattr(diagnostic, "message", None) or str(diagnostic)).strip()
    detail = (getattr(diagnostic, "diagnostic", "") or "").strip()
    if detail:
        # Typst's own rendering repeats the message on its first line and
        # already ends with the hints.
        first, _, rest = detail.partition("\n")
        return f"{message}\n{rest if message in first else detail}"
    return "\n".join([message, *(f"hint: {h}" for h in getattr(diagnostic, "hints", None) or [])])


def _children(element) -> list:
    kids = element.get("/K")
    if kids is None:
        return []
    kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
    return [k for k in kids if isinstance(k, pikepdf.Dictionary) and "/S" in k]


#: Structure types that hold only inline content: no table can be inside.
INLINE = frozenset(["/P", "/H1", "/H2", "/H3", "/H4", "/H5", "/H6", "/Span", "/Link",
                    "/Lbl", "/Code", "/Reference", "/Quote", "/Em", "/Strong", "/Caption",
                    "/TOC", "/TOCI", "/Formula"])


def _tables(root) -> list:
    """The Table structure elements in document order."""
    found, stack = [], list(reversed(_children(root)))
    while stack:
        element = stack.pop()
        kind = element.S
        if kind == "/Table":
            found.append(element)
        if kind not in INLINE:
            stack.extend(reversed(_children(element)))  # tables nest in cells too
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
    first = attributes[0] if isinstance(attributes, pikepdf.Array) and len(attributes) else None
    if isinstance(first, pikepdf.Dictionary) and first.get("/O") == "/Table":
        return first  # where Typst puts it
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


def _mark_row_headers(table, stubs: int, number: int, ids: pikepdf.NameTree) -> None:
    """Stub cells become TH with /Scope /Row; each cell of the row names them.

    A row of one stub cell spanning several columns (a group row, such as a
    veiligheidsveld in the overlap matrix) heads the rows below it, up to the
    next group row: their cells name it too.
    """
    occupied: set[tuple[int, int]] = set()  # stub positions covered by row spans
    group = None
    for y, row in enumerate(_rows(table)):
        x, headers, others = 0, [], []
        cells = _children(row)
        for cell in cells:
            attributes = _table_attributes(cell)
            if x >= stubs:
                # Past the stub columns: spans here cannot move a stub cell.
                if cell.S == "/TD":
                    others.append(attributes)
                continue
            while (y, x) in occupied:
                x += 1
            colspan = int(attributes.get("/ColSpan", 1))
            for dy in range(1, int(attributes.get("/RowSpan", 1))):
                occupied.update((y + dy, x + dx) for dx in range(colspan))
            if cell.S == "/TD" and x < stubs:
                cell.S = pikepdf.Name.TH
                attributes.Scope = pikepdf.Name.Row
                cell.ID = pikepdf.String(f"R{number}x{x}y{y}")
                ids[str(cell.ID)] = cell
                headers.append((cell.ID, attributes))
            elif cell.S == "/TD":
                others.append(attributes)
            x += colspan
        if len(cells) == 1 and headers and _table_attributes(cells[0]).get("/ColSpan", 1) > 1:
            group = headers[0][0]
            continue
        above = [group] if group is not None else []
        for _own, attributes in headers:  # a row header names its group
            _name_headers(attributes, above)
        names = above + [own for own, _ in headers]
        for attributes in others:
            _name_headers(attributes, names)


def _name_headers(attributes: pikepdf.Dictionary, names: list) -> None:
    if not names:
        return
    if "/Headers" not in attributes:
        attributes.Headers = pikepdf.Array()
    attributes.Headers.extend(names)


def add_row_headers(path: Path, table_stubs: list[int]) -> str:
    """Give the stub cells of each table the row-header role, in place.

    ``table_stubs`` holds the number of stub columns of every table the
    translator wrote, in document order; the PDF's Table elements come in the
    same order. If the counts differ the tags are left as Typst wrote them and
    the returned message says so (empty when all went well).
    """
    if not any(table_stubs):
        return ""
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        tree = pdf.Root.StructTreeRoot
        tables = _tables(tree)
        if len(tables) != len(table_stubs):
            return (f"row headers not marked: the PDF has {len(tables)} tables, the "
                    f"source {len(table_stubs)}; please report this to the maintainers.")
        ids = pikepdf.NameTree(tree.IDTree) if "/IDTree" in tree else \
            pikepdf.NameTree.new(pdf)
        for number, (table, stubs) in enumerate(zip(tables, table_stubs), 1):
            if stubs:
                _mark_row_headers(table, stubs, number, ids)
        tree.IDTree = ids.obj
        # deterministic_id: the same input gives the same bytes.
        pdf.save(path, deterministic_id=True)
    return ""
