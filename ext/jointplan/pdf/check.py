"""Structural check of a council PDF: what the accessibility and archive norms need.

Run as ``python -m jointplan.pdf.check FILE.pdf ...``; it prints what is wrong
and exits 1 if anything is. It checks structure, not every clause of PDF/UA or
PDF/A: no full validator (veraPDF, PAC) can be installed here. Typst already
refuses to export what it knows breaks the standards; this check is the second
pair of eyes, independent of the engine that wrote the file.
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pikepdf


@dataclass
class Report:
    path: Path
    problems: list[str] = field(default_factory=list)
    structure: Counter = field(default_factory=Counter)
    outline: list[tuple[int, str]] = field(default_factory=list)
    artifacts: Counter = field(default_factory=Counter)  # header/footer artifacts
    internal_links: int = 0
    external_links: int = 0
    pages: int = 0


def structure_elements(root) -> list:
    """All structure elements below the StructTreeRoot, depth first."""
    found, stack = [], [root.get("/K")]
    while stack:
        kid = stack.pop()
        if kid is None:
            continue
        if isinstance(kid, pikepdf.Array):
            stack.extend(reversed(list(kid)))
        elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            found.append(kid)
            stack.append(kid.get("/K"))
    return found


def outline_entries(pdf: pikepdf.Pdf) -> list[tuple[int, str]]:
    entries = []
    with pdf.open_outline() as outline:
        stack = [(0, item) for item in reversed(outline.root)]
        while stack:
            level, item = stack.pop()
            entries.append((level, item.title))
            stack.extend((level + 1, child) for child in reversed(item.children))
    return entries


def named_destinations(pdf: pikepdf.Pdf) -> set[str]:
    names = set()
    if "/Names" in pdf.Root and "/Dests" in pdf.Root.Names:
        names |= {str(key) for key in pikepdf.NameTree(pdf.Root.Names.Dests)}
    if "/Dests" in pdf.Root:
        names |= {str(key)[1:] for key in pdf.Root.Dests}
    return names


def fonts_of(resources, seen: set) -> list:
    """Font dictionaries in a resource dictionary, through form XObjects too."""
    fonts: list[Any] = []
    if resources is None or (resources.objgen in seen and resources.objgen != (0, 0)):
        return fonts
    seen.add(resources.objgen)
    for font in (resources.get("/Font") or {}).values():
        fonts.append(font)
        fonts.extend(font.get("/DescendantFonts") or [])
    for xobject in (resources.get("/XObject") or {}).values():
        if xobject.get("/Subtype") == "/Form":
            fonts.extend(fonts_of(xobject.get("/Resources"), seen))
    return fonts


TEXT_SHOWING = {"Tj", "TJ", "'", '"'}


def table_scope(cell) -> str | None:
    """The /Scope a TH declares in its Table attributes, if any."""
    attributes = cell.get("/A")
    entries = attributes if isinstance(attributes, pikepdf.Array) else [attributes]
    for entry in entries:
        if isinstance(entry, pikepdf.Dictionary) and entry.get("/O") == "/Table" \
                and "/Scope" in entry:
            return str(entry.Scope)
    return None


def marked_content(page) -> tuple[int, set[str]]:
    """Text runs outside any tagged or artifact content; artifact subtypes seen.

    PDF/UA requires every piece of content to be either in the structure tree
    (marked with an MCID) or an artifact; running headers and footers must be
    artifacts, so a screen reader does not read them on every page.
    """
    untagged, subtypes, stack = 0, set(), []
    for operands, operator in pikepdf.parse_content_stream(page):  # type: ignore[misc]
        name = str(operator)
        if name in ("BDC", "BMC"):
            tag = str(operands[0])
            properties = operands[1] if len(operands) > 1 else None
            is_artifact = tag == "/Artifact"
            if is_artifact and isinstance(properties, pikepdf.Dictionary):
                subtypes.add(str(properties.get("/Subtype", "")))
            has_mcid = isinstance(properties, pikepdf.Dictionary) and "/MCID" in properties
            stack.append(is_artifact or has_mcid)
        elif name == "EMC" and stack:
            stack.pop()
        elif name in TEXT_SHOWING and not any(stack):
            untagged += 1
    return untagged, subtypes


def check_pdf(path: Path) -> Report:
    report = Report(Path(path))
    problems = report.problems
    with pikepdf.open(path) as pdf:
        root = pdf.Root
        report.pages = len(pdf.pages)
        # Tags and language
        if "/StructTreeRoot" not in root:
            problems.append("not tagged: no StructTreeRoot")
        else:
            elements = structure_elements(root.StructTreeRoot)
            report.structure = Counter(str(e.S)[1:] for e in elements)
            for name in ("H1", "H2", "Table", "TH", "TD", "Link"):
                if not report.structure[name]:
                    problems.append(f"no {name} structure element")
            for element in elements:
                if element.S == "/Figure" and not str(element.get("/Alt", "")).strip():
                    problems.append("a Figure without alternative text")
                if element.S == "/TH" and table_scope(element) not in ("/Row", "/Column",
                                                                       "/Both"):
                    problems.append("a table header cell (TH) without /Scope")
        if "/MarkInfo" not in root or not root.MarkInfo.get("/Marked", False):
            problems.append("MarkInfo /Marked is not true")
        if not str(root.get("/Lang", "")).startswith("nl"):
            problems.append(f"document language is {root.get('/Lang')!r}, not nl")
        # Identification and metadata
        meta = pdf.open_metadata()
        if meta.get("pdfaid:part") != "2" or meta.get("pdfaid:conformance") != "A":
            problems.append("no PDF/A-2a identification in XMP")
        if meta.get("pdfuaid:part") != "1":
            problems.append("no PDF/UA-1 identification in XMP")
        if b"http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>" not in \
                root.Metadata.read_bytes():
            problems.append("pdfuaid namespace not declared in a PDF/A extension schema")
        if not str(meta.get("dc:title", "")).strip():
            problems.append("no document title (dc:title)")
        viewer: Any = root.get("/ViewerPreferences") or {}
        if not viewer.get("/DisplayDocTitle", False):
            problems.append("DisplayDocTitle is not set")
        intents: Any = root.get("/OutputIntents") or []
        if not any(i.get("/S") == "/GTS_PDFA1" and "/DestOutputProfile" in i for i in intents):
            problems.append("no PDF/A output intent with an ICC profile")
        # Outline
        report.outline = outline_entries(pdf)
        if not report.outline:
            problems.append("no bookmarks")
        # Links
        destinations = named_destinations(pdf)
        seen: set = set()
        for number, page in enumerate(pdf.pages, 1):
            for annotation in page.get("/Annots") or []:
                if annotation.get("/Subtype") != "/Link":
                    continue
                action: Any = annotation.get("/A") or {}
                uri = str(action.get("/URI", "")) if action.get("/S") == "/URI" else ""
                if uri:
                    report.external_links += 1
                    if uri.startswith("file:"):
                        problems.append(f"page {number}: link to a local file {uri}")
                    continue
                report.internal_links += 1
                dest = annotation.get("/Dest", action.get("/D"))
                if isinstance(dest, (pikepdf.String, pikepdf.Name)):
                    name = str(dest).lstrip("/")
                    if name not in destinations:
                        problems.append(f"page {number}: link to missing destination {name}")
                elif not isinstance(dest, pikepdf.Array):
                    problems.append(f"page {number}: link without a destination")
            untagged, subtypes = marked_content(page)
            if untagged:
                problems.append(f"page {number}: {untagged} text runs neither tagged nor "
                                "marked as artifact")
            report.artifacts.update(subtypes)
            if number > 1 and not {"/Header", "/Footer"} <= subtypes:
                problems.append(f"page {number}: running header or footer is not an artifact")
            for font in fonts_of(page.get("/Resources"), seen):
                if font.get("/Subtype") in ("/Type0", "/Type3"):
                    continue  # Type0 embeds through its descendant; Type3 is drawn inline
                descriptor = font.get("/FontDescriptor") or {}
                if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                    problems.append(f"page {number}: font {font.get('/BaseFont')} not embedded")
    return report


def main(argv: list[str]) -> int:
    failed = False
    for name in argv:
        report = check_pdf(Path(name))
        status = "OK" if not report.problems else "FAILED"
        print(f"{name}: {status} ({report.pages} pages, {len(report.outline)} bookmarks, "
              f"{report.internal_links} internal and {report.external_links} external links, "
              f"{report.structure['Table']} tables)")
        for problem in dict.fromkeys(report.problems):
            print(f"  - {problem}")
        failed |= bool(report.problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
