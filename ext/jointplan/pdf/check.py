"""Structural check of a council PDF: what the accessibility and archive norms need.

Run as ``python -m jointplan.pdf.check FILE.pdf ...``; it prints what is wrong
and exits 1 if anything is. With ``--results FILE`` it also runs the
independent checker ``pdfua`` and writes what both found as JSON, which the
accessibility statement renders. It checks structure, not every clause of PDF/UA or
PDF/A: no full validator (veraPDF, PAC) can be installed here. Typst already
refuses to export what it knows breaks the standards; this check is the second
pair of eyes, independent of the engine that wrote the file.
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf

#: Written next to the PDFs by the extension: the release and sources they come from.
BUILD_FILE = "jointplan-build.json"


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
        names |= {str(key)[1:] for key in pdf.Root.Dests.keys()}  # noqa: SIM118 - a PDF dictionary
    return names


def fonts_of(resources, seen: set) -> list:
    """Font dictionaries in a resource dictionary, through form XObjects too."""
    fonts: list[pikepdf.Object] = []
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
    for instruction in pikepdf.parse_content_stream(page):
        operands, operator = instruction.operands, instruction.operator
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


#: Structure every plan PDF has; an amendment's document has no table.
PLAN_ELEMENTS = ("H1", "H2", "Table", "TH", "TD", "Link")
DOCUMENT_ELEMENTS = ("H1", "H2", "Link")


def check_pdf(path: Path, required: tuple[str, ...] = PLAN_ELEMENTS) -> Report:
    """Everything this module checks of one PDF, in one reading of the file."""
    report = Report(Path(path))
    with pikepdf.open(path) as pdf:
        report.pages = len(pdf.pages)
        check_tags(pdf, required, report)
        check_identification(pdf, report.problems)
        report.outline = outline_entries(pdf)
        if not report.outline:
            report.problems.append("no bookmarks")
        check_pages(pdf, report)
        if (report.internal_links or report.external_links) and not report.structure["Link"]:
            report.problems.append("links, but no Link structure element")
    return report


def check_tags(pdf: pikepdf.Pdf, required: tuple[str, ...], report: Report) -> None:
    """Tagged, with the structure a plan needs, figures described, header cells scoped."""
    root, problems = pdf.Root, report.problems
    if "/StructTreeRoot" not in root:
        problems.append("not tagged: no StructTreeRoot")
    else:
        elements = structure_elements(root.StructTreeRoot)
        report.structure = Counter(str(e.S)[1:] for e in elements)
        # Tables where there are any (a raadsvoorstel may have none): a table
        # has header and data cells.
        if not report.structure["Table"]:
            required = tuple(r for r in required if r not in ("Table", "TH", "TD"))
        # Links are asked for where there are any (checked in check_pdf).
        for name in (r for r in required if r != "Link"):
            if not report.structure[name]:
                problems.append(f"no {name} structure element")
        for element in elements:
            if element.S == "/Figure" and not str(element.get("/Alt", "")).strip():
                problems.append("a Figure without alternative text")
            if element.S == "/TH" and table_scope(element) not in ("/Row", "/Column", "/Both"):
                problems.append("a table header cell (TH) without /Scope")
    if "/MarkInfo" not in root or not root.MarkInfo.get("/Marked", False):
        problems.append("MarkInfo /Marked is not true")
    language = str(root.get("/Lang", ""))
    if not language.startswith("nl"):
        problems.append(f"document language is {language or 'not set'!r}, not nl")


def check_identification(pdf: pikepdf.Pdf, problems: list[str]) -> None:
    """PDF/A-2a and PDF/UA-1 identification, title shown, an output intent."""
    root, meta = pdf.Root, pdf.open_metadata()
    if meta.get("pdfaid:part") != "2" or meta.get("pdfaid:conformance") != "A":
        problems.append("no PDF/A-2a identification in XMP")
    if meta.get("pdfuaid:part") != "1":
        problems.append("no PDF/UA-1 identification in XMP")
    if b"http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>" not in \
            root.Metadata.read_bytes():
        problems.append("pdfuaid namespace not declared in a PDF/A extension schema")
    if not str(meta.get("dc:title", "")).strip():
        problems.append("no document title (dc:title)")
    viewer: pikepdf.Object | dict = root.get("/ViewerPreferences") or {}
    if not viewer.get("/DisplayDocTitle", False):
        problems.append("DisplayDocTitle is not set")
    intents: pikepdf.Object | list = root.get("/OutputIntents") or []
    if not any(i.get("/S") == "/GTS_PDFA1" and "/DestOutputProfile" in i for i in intents):
        problems.append("no PDF/A output intent with an ICC profile")


def check_pages(pdf: pikepdf.Pdf, report: Report) -> None:
    """Per page: links that lead somewhere, content tagged or an artifact, fonts embedded."""
    destinations = named_destinations(pdf)
    seen: set = set()
    for number, page in enumerate(pdf.pages, 1):
        check_links(page, number, destinations, report)
        untagged, subtypes = marked_content(page)
        if untagged:
            report.problems.append(f"page {number}: {untagged} text runs neither tagged nor "
                                   "marked as artifact")
        report.artifacts.update(subtypes)
        if number > 1 and not {"/Header", "/Footer"} <= subtypes:
            report.problems.append(f"page {number}: running header or footer is not an "
                                   "artifact")
        for font in fonts_of(page.get("/Resources"), seen):
            if font.get("/Subtype") in ("/Type0", "/Type3"):
                continue  # Type0 embeds through its descendant; Type3 is drawn inline
            descriptor = font.get("/FontDescriptor") or {}
            if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                report.problems.append(f"page {number}: font {font.get('/BaseFont')} not "
                                       "embedded")


def check_links(page, number: int, destinations: set[str], report: Report) -> None:
    """Counts a page's links; a link to a local file or a missing destination is a problem."""
    for annotation in page.get("/Annots") or []:
        if annotation.get("/Subtype") != "/Link":
            continue
        action: pikepdf.Object | dict = annotation.get("/A") or {}
        uri = str(action.get("/URI", "")) if action.get("/S") == "/URI" else ""
        if uri:
            report.external_links += 1
            if uri.startswith("file:"):
                report.problems.append(f"page {number}: link to a local file {uri}")
            continue
        report.internal_links += 1
        dest = annotation.get("/Dest", action.get("/D"))
        if isinstance(dest, (pikepdf.String, pikepdf.Name)):
            name = str(dest).lstrip("/")
            if name not in destinations:
                report.problems.append(f"page {number}: link to missing destination {name}")
        elif not isinstance(dest, pikepdf.Array):
            report.problems.append(f"page {number}: link without a destination")


def pdfua_findings(path: Path) -> list[str] | None:
    """What the independent checker ``pdfua`` finds; None when it is not installed."""
    try:
        from pdfua import validate
    except ImportError:
        return None
    return [f"{f.rule_id}: {f.message}" for f in validate(str(path)).findings]


def identification(path: Path) -> dict[str, str]:
    with pikepdf.open(path) as pdf:
        meta = pdf.open_metadata()
        return {"pdfa_id": f"{meta.get('pdfaid:part', '')}{meta.get('pdfaid:conformance', '')}",
                "pdfua_id": str(meta.get("pdfuaid:part", ""))}


def measurement(reports: list[Report], findings: dict[Path, list[str] | None]) -> dict:
    """What was measured, for the accessibility statement (jointplan.site.statement).

    The build the PDFs come from is the one the builder noted next to them.
    """
    folders = {report.path.parent for report in reports}
    builds = [json.loads((f / BUILD_FILE).read_text(encoding="utf-8"))
              for f in folders if (f / BUILD_FILE).exists()]
    try:
        from importlib.metadata import version
        pdfua_version = version("pdfua")
    except Exception:
        pdfua_version = ""
    return {
        "kind": "pdf",
        "measured": datetime.date.today().isoformat(),
        # One build for all (else none: the files cannot be tied to one version).
        "build": builds[0] if len(folders) == 1 and builds else None,
        "tools": {"pdfua": pdfua_version},
        "files": [{"name": r.path.name, "pages": r.pages, "problems": len(set(r.problems)),
                   "pdfua": None if (found := findings[r.path]) is None else len(found),
                   **identification(r.path)} for r in reports],
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pdfs", nargs="+", type=Path)
    parser.add_argument("--results", type=Path,
                        help="also run pdfua, and write what was measured here (JSON)")
    options = parser.parse_args(argv)
    failed = False
    reports, findings = [], {}
    for path in options.pdfs:
        # An amendment (jointplan.pdf.amendments) is a document without tables.
        report = check_pdf(path, DOCUMENT_ELEMENTS if path.name.startswith("amendement-")
                           else PLAN_ELEMENTS)
        reports.append(report)
        status = "OK" if not report.problems else "FAILED"
        print(f"{path}: {status} ({report.pages} pages, {len(report.outline)} bookmarks, "
              f"{report.internal_links} internal and {report.external_links} external links, "
              f"{report.structure['Table']} tables)")
        for problem in dict.fromkeys(report.problems):
            print(f"  - {problem}")
        failed |= bool(report.problems)
        if options.results:
            findings[path] = pdfua_findings(path)
            for finding in findings[path] or []:
                print(f"  - pdfua: {finding}")
            failed |= bool(findings[path])
    if options.results:
        options.results.parent.mkdir(parents=True, exist_ok=True)
        options.results.write_text(json.dumps(measurement(reports, findings), indent=1,
                                              ensure_ascii=False) + "\n", encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
