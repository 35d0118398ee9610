"""The councils' PDFs: standards, structure, editions, text, status, reproducibility."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pikepdf
import pytest
from bs4 import BeautifulSoup
from PIL import Image

from utils import (MUNICIPALITY_CHAPTERS, ROOTS, appended, build, copy_plan, copy_root,
                   parse_warnings)
from jointplan.pdf.check import check_pdf, structure_elements

# 2018-12-21: a fixed date, so the cover and the bytes do not depend on today.
EPOCH = "1545350400"
FULL = "ivp-2019-2022"


def sphinx(confdir: Path, srcdir: Path, outdir: Path, builder: str = "pdf",
           *options: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-c", str(confdir), "-E", "-W", "--keep-going",
         "-b", builder, *options, str(srcdir), str(outdir)],
        capture_output=True, text=True, check=False,
        env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH})


def warned_build(srcdir: Path, outdir: Path) -> subprocess.CompletedProcess:
    """The PDFs built without -W, so a build that warns is still written."""
    return subprocess.run([sys.executable, "-m", "sphinx", "-E", "-b", "pdf", str(srcdir),
                           str(outdir)], capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def plan_copy(tmp_path_factory) -> Path:
    return copy_plan(tmp_path_factory.mktemp("pdf") / "plan")


@pytest.fixture(scope="module")
def pdf_dir(plan_copy) -> Path:
    outdir = plan_copy / "_build" / "pdf"
    result = sphinx(plan_copy, plan_copy / "docs", outdir)
    assert result.returncode == 0, result.stderr
    return outdir


@pytest.fixture(scope="module")
def single_page(plan_copy) -> BeautifulSoup:
    """The plan as one HTML page: what the PDF must say, document by document."""
    outdir = plan_copy / "_build" / "singlehtml"
    result = sphinx(plan_copy, plan_copy / "docs", outdir, "singlehtml")
    assert result.returncode == 0, result.stderr
    return BeautifulSoup((outdir / "index.html").read_text(encoding="utf-8"), "html.parser")


def text_of(pdf: Path, first: int | None = None, last: int | None = None,
            body_only: bool = False) -> str:
    pages = (["-f", str(first)] if first else []) + (["-l", str(last)] if last else [])
    # The body of an A4 page without its running header and footer (in points).
    crop = ["-x", "0", "-y", "60", "-W", "595", "-H", "730"] if body_only else []
    return subprocess.run(["pdftotext", "-raw", *crop, *pages, str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout


def squeeze(text: str) -> str:
    """Text compared without layout: no whitespace, no hyphens (line breaks add them)."""
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"[\s\-\u00ad\u2010\u2011]+", "", text)


# -- standards and structure ----------------------------------------------------

def test_the_full_plan_and_five_council_editions_pass_the_structural_check(pdf_dir):
    names = sorted(p.name for p in pdf_dir.glob("*.pdf"))
    proposals = [f"{FULL}-raadsvoorstel-{m}.pdf" for m in MUNICIPALITY_CHAPTERS]
    assert names == sorted([f"{FULL}.pdf"] + [f"{FULL}-{m}.pdf" for m in MUNICIPALITY_CHAPTERS]
                           + proposals)
    for name in proposals:  # a raadsvoorstel per council: a short document of its own
        report = check_pdf(pdf_dir / name)
        assert report.problems == [] and report.pages <= 3, (name, report.problems)
    for pdf in sorted(set(pdf_dir.glob("*.pdf")) - {pdf_dir / name for name in proposals}):
        report = check_pdf(pdf)
        assert report.problems == [], (pdf.name, report.problems)
        assert report.internal_links > 50
        assert report.structure["TH"] > 20 and report.structure["Table"] >= 10
        assert {"/Header", "/Footer"} <= set(report.artifacts)


def test_the_independent_pdfua_checker_finds_nothing(pdf_dir):
    from pdfua import validate
    for pdf in sorted(pdf_dir.glob("*.pdf")):
        report = validate(str(pdf))
        findings = [f"{f.rule_id}: {f.message}" for f in report.findings]
        assert findings == [], (pdf.name, findings)


def test_header_cells_have_a_scope_and_row_headers_are_named_by_their_cells(pdf_dir):
    with pikepdf.open(pdf_dir / f"{FULL}.pdf") as pdf:
        elements = structure_elements(pdf.Root.StructTreeRoot)
        scopes = [e.A[0].get("/Scope") if isinstance(e.A, pikepdf.Array) else e.A.get("/Scope")
                  for e in elements if e.S == "/TH"]
        assert "/Row" in scopes and "/Column" in scopes and None not in scopes
        row_headers = {str(e.ID) for e in elements if e.S == "/TH" and "/ID" in e
                       and "/Row" in repr(e.A)}
        named = [str(h) for e in elements if e.S == "/TD"
                 for h in e.A[0].get("/Headers", [])]
        assert row_headers and row_headers <= set(named)


def test_pdfa_and_pdfua_identification_language_and_title(pdf_dir):
    with pikepdf.open(pdf_dir / f"{FULL}-rhenen.pdf") as pdf:
        meta = pdf.open_metadata()
        assert meta["pdfaid:part"] == "2" and meta["pdfaid:conformance"] == "A"
        assert meta["pdfuaid:part"] == "1"
        assert str(pdf.Root.Lang) == "nl"
        # What the document is, and who wrote it (conf.py): the reconstruction's
        # authors, not the municipalities that adopted the plan in 2018-2019.
        assert meta["dc:title"] == ("Integraal Veiligheidsplan 2019-2022, uitgave Rhenen "
                                    "(reconstructie)")
        assert meta["dc:creator"] == ["Projectteam IVP als code"]
        assert str(pdf.docinfo["/Author"]) == "Projectteam IVP als code"
        assert "Reconstructie van het plan" in str(pdf.docinfo["/Subject"])
        assert pdf.Root.ViewerPreferences.DisplayDocTitle
        keywords = str(pdf.docinfo.get("/Keywords", ""))
        assert "Ondermijning" in keywords  # from the catalogue


# -- what the reader sees -----------------------------------------------------------

def document_texts(page: BeautifulSoup, left_out: set[str]) -> list[str]:
    """Every heading, paragraph and table cell of the single page, per document kept."""
    body = page.select_one("article.bd-article")
    assert body is not None
    for element in body.select("a.headerlink, a.footnote-reference, span.fn-bracket, "
                               "div.toctree-wrapper > ul, span.ivp-not-chosen"):
        element.decompose()
    for element in body.select("span.ivp-chosen"):  # the PDF prints the mark itself
        element.string = "✓"
    for docname in left_out:
        marker = body.find(id=f"document-{docname}")
        section = marker.find_next_sibling("section") if marker else None
        assert section is not None, docname
        section.decompose()
    texts = []
    root_title = body.find("h1")  # the cover carries it; the PDF says "Over dit plan"
    for element in body.find_all(["h1", "h2", "h3", "h4", "h5", "h6", "p", "th", "td"]):
        if element is root_title or element.find(["p", "table"]):
            continue
        text = element.get_text(" ", strip=True)
        if text:
            texts.append(text)
    return texts


@pytest.mark.parametrize("edition", ["", *MUNICIPALITY_CHAPTERS])
def test_nothing_is_lost_in_translation(pdf_dir, single_page, edition):
    """Every heading, paragraph and cell of the single-page HTML is in the PDF's text."""
    left_out = {"toegankelijkheid"}
    if edition:
        left_out |= {f"municipalities/{m}" for m in MUNICIPALITY_CHAPTERS if m != edition}
    page = BeautifulSoup(str(single_page), "html.parser")
    expected = document_texts(page, left_out)
    pdf = pdf_dir / (f"{FULL}-{edition}.pdf" if edition else f"{FULL}.pdf")
    found = squeeze(text_of(pdf, body_only=True))
    missing = [text for text in expected if squeeze(text) not in found]
    assert len(expected) > 300
    assert missing == [], "\n".join(missing)


def test_table_of_contents_page_numbers_match_where_chapters_start(pdf_dir):
    pdf_path = pdf_dir / f"{FULL}.pdf"
    toc = {}
    for line in text_of(pdf_path, 2, 2, body_only=True).splitlines():
        # "Title . . . . 12", with a word joiner before the number
        match = re.fullmatch(r"(.+?)[\s.\u2060]+(\d+)", line.strip())
        if match:
            toc[match[1].strip()] = int(match[2])
    assert len(toc) > 15
    with pikepdf.open(pdf_path) as pdf:
        pages = {page.objgen: number for number, page in enumerate(pdf.pages, 1)}
        with pdf.open_outline() as outline:
            starts = {}
            stack = list(outline.root)
            while stack:
                item = stack.pop()
                stack.extend(item.children)
                destination = item.destination
                starts.setdefault(item.title, set()).add(pages[destination[0].objgen])
    for title, number in toc.items():
        assert number in starts[title], title  # (titles can repeat: a set of pages)
        body = text_of(pdf_path, number, number, body_only=True)
        assert squeeze(title) in squeeze(body), title
    # Parts and chapters begin a page: their title is the first line of its body.
    for chapter in ("Gezamenlijk deel", "Inleiding", "Wettelijk kader", "Lokale uitwerking "
                    "per gemeente", "Rhenen", "Wijk bij Duurstede", "Bronnen"):
        body = text_of(pdf_path, toc[chapter], toc[chapter], body_only=True)
        assert body.strip().splitlines()[0] == chapter


def test_bookmarks_follow_the_chapters_and_each_edition_holds_its_own_chapter(pdf_dir):
    full = [title for level, title in check_pdf(pdf_dir / f"{FULL}.pdf").outline if level <= 1]
    for chapter in ("Gezamenlijk deel", "Inleiding", "Wettelijk kader", "Overlap en samenwerking",
                    "Vaststelling", "Lokale uitwerking per gemeente", "Rhenen", "Veenendaal",
                    "Bronnen"):
        assert chapter in full
    edition = [title for level, title in check_pdf(pdf_dir / f"{FULL}-rhenen.pdf").outline
               if level <= 1]
    assert "Rhenen" in edition and "Veenendaal" not in edition and "Renswoude" not in edition
    assert "Overlap en samenwerking" in edition  # the overlap tables stay in every edition


def words_of(pdf: Path, page: int) -> list[tuple[str, float, float, float, float]]:
    """(word, x0, y0, x1, y1) from the top left of the page, in points."""
    html = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf),
                           "-"], capture_output=True, text=True, check=True).stdout
    return [(w.get_text(), *(float(w[k]) for k in ("xmin", "ymin", "xmax", "ymax")))
            for w in BeautifulSoup(html, "html.parser").find_all("word")]


def test_internal_links_land_on_their_targets(pdf_dir):
    """Follow the link on the word 'Ondermijning' on page 3: it lands on its entry."""
    pdf_path = pdf_dir / f"{FULL}.pdf"
    word = next(w for w in words_of(pdf_path, 3) if w[0].startswith("Ondermijning"))
    with pikepdf.open(pdf_path) as pdf:
        height = float(pdf.pages[2].mediabox[3])
        pages = {page.objgen: number for number, page in enumerate(pdf.pages, 1)}
        x, y = (word[1] + word[3]) / 2, height - (word[2] + word[4]) / 2
        link = next(a for a in pdf.pages[2].Annots
                    if float(a.Rect[0]) <= x <= float(a.Rect[2])
                    and float(a.Rect[1]) <= y <= float(a.Rect[3]))
        destination = link.Dest
        if not isinstance(destination, pikepdf.Array):
            destination = pikepdf.NameTree(pdf.Root.Names.Dests)[str(destination)]
        target_page, top = pages[destination[0].objgen], height - float(destination[3])
    below = [w for w in words_of(pdf_path, target_page) if w[2] >= top - 2]
    # The heading of what the link names ("Ondermijning", or a chapter's
    # "Prioriteit ondermijning" where the word links a council's choice).
    assert "ondermijning" in " ".join(w[0] for w in below[:2]).lower()
    assert "gezamenlijke prioriteit" in text_of(pdf_path, target_page, target_page)


def test_cover_and_running_header_show_the_adoption_status(pdf_dir):
    cover = text_of(pdf_dir / f"{FULL}.pdf", 1, 1)
    # Two councils' decisions are in the sources; of the others nothing is known,
    # which is not the same as "not adopted": no CONCEPT.
    # And in another text than this reconstruction (:council-version: geen).
    assert "Vastgesteld door twee van de vijf gemeenteraden, in een andere tekst dan deze; " \
           "van de andere drie is niet bekend of en wanneer de raad het plan heeft " \
           "vastgesteld" in " ".join(cover.split())
    assert "Reconstructie van het plan" in cover  # conf.py: jointplan_reconstruction
    assert "21 december 2018" in cover  # SOURCE_DATE_EPOCH: a copy outside git
    assert "Gezamenlijk plan van de vijf Heuvelrug-gemeenten" in cover  # counted
    assert "CONCEPT" not in text_of(pdf_dir / f"{FULL}.pdf")
    veenendaal = pdf_dir / f"{FULL}-veenendaal.pdf"
    cover = " ".join(text_of(veenendaal, 1, 1).replace("\xad\n", "").split())
    assert "Door de gemeenteraad vastgesteld op 20 december 2018" in cover
    assert "niet de tekst die de gemeenteraden vaststelden" in cover
    rhenen = text_of(pdf_dir / f"{FULL}-rhenen.pdf", 1, 1)
    assert "Niet bekend of en wanneer de gemeenteraad het plan heeft vastgesteld" in \
        " ".join(rhenen.split())
    page = text_of(pdf_dir / f"{FULL}.pdf", 7, 7)
    total = check_pdf(pdf_dir / f"{FULL}.pdf").pages
    assert f"Pagina 7 van {total}" in page


def test_a_council_that_has_not_adopted_gets_a_draft(tmp_path):
    from utils import edited
    srcdir = copy_root("plan", tmp_path / "src", edited(
        "municipalities/gamma.md", ":residents: 3000", ":residents: 3000\n:council-decision: nee"))
    result = sphinx(srcdir, srcdir, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    full = text_of(tmp_path / "out" / "plan.pdf")
    assert "CONCEPT: nog niet door alle gemeenteraden vastgesteld" in " ".join(
        full.replace("\xad\n", "").split())
    assert "CONCEPT" in text_of(tmp_path / "out" / "plan.pdf", 4, 4)  # running header
    gamma = " ".join(text_of(tmp_path / "out" / "plan-gamma.pdf", 1, 1).split())
    assert "CONCEPT: nog niet door de gemeenteraad vastgesteld" in gamma
    assert "CONCEPT" not in text_of(tmp_path / "out" / "plan-beta.pdf")
    assert "Reconstructie" not in full  # the test plan does not say it is one


def test_no_page_has_content_in_the_side_margins(pdf_dir, tmp_path):
    """Tables and lines stay inside the 20 mm side margins on every page."""
    pdf = pdf_dir / f"{FULL}.pdf"
    subprocess.run(["pdftoppm", "-r", "40", "-gray", "-png", str(pdf), str(tmp_path / "p")],
                   check=True)
    pages = sorted(tmp_path.glob("p-*.png"))
    assert len(pages) == check_pdf(pdf).pages
    for page in pages[1:]:  # the cover has its coloured band on purpose
        image = Image.open(page).convert("L")
        width, height = image.size
        strip = round(width * 17 / 210)  # 17 of the 20 mm margin on an A4 width
        for box in ((0, 0, strip, height), (width - strip, 0, width, height)):
            darkest = image.crop(box).getextrema()[0]
            assert darkest > 240, f"{page.name}: ink in the margin {box}"


# -- the test root: identity from conf.py, every node type, hostile text ---------

@pytest.fixture(scope="module")
def markup_build(tmp_path_factory):
    """The test plan with a chapter of every markup the PDF must handle."""
    srcdir = copy_root("plan", tmp_path_factory.mktemp("markup") / "src", {
        "shared/markup.md": (ROOTS / "markup-chapter.md").read_text(encoding="utf-8"),
    })
    Image.new("RGB", (40, 40), (11, 79, 124)).save(srcdir / "shared" / "figuur.png")
    conf = srcdir / "conf.py"
    conf.write_text(conf.read_text() + '\nmyst_enable_extensions = ["colon_fence", "deflist", '
                    '"fieldlist"]\n', encoding="utf-8")
    index = srcdir / "index.md"
    # The markup chapter has its own bibliography, with the sources of the choices.
    index.write_text(index.read_text().replace("shared/overlap\n", "shared/overlap\n"
                                               "shared/markup\n").replace("bronnen\n", ""))
    (srcdir / "bronnen.md").unlink()
    outdir = srcdir / "_build" / "pdf"
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-E", "--keep-going", "-b", "pdf", str(srcdir),
         str(outdir)], capture_output=True, text=True, check=False,
        env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH})
    return srcdir, outdir, result


def test_every_markup_the_plan_uses_is_laid_out_without_warnings(markup_build):
    srcdir, outdir, result = markup_build
    assert result.returncode == 0, result.stderr
    assert parse_warnings(result.stderr, srcdir) == []
    pdf = outdir / "plan.pdf"
    report = check_pdf(pdf)
    assert report.problems == []
    for tag in ("Note", "Figure", "Caption", "L", "LI", "Code", "BlockQuote", "TH", "TD"):
        assert report.structure[tag], tag
    text = text_of(pdf)
    for expected in ("De tekst van de voetnoot.", "Een notitie.", "Eigen titel",
                     "Een tussenkop", "twee kolommen breed", "Het bijschrift van de figuur.",
                     "code met #hekje en $dollar en <label>", "Een citaat van iemand.",
                     "De uitleg van de term.", "Ander veld", "Een bron voor de tests",
                     "Tekst onder het anker."):
        assert expected in text, expected
    assert text.count("De tekst van de voetnoot.") == 1  # one note, referenced twice
    with pikepdf.open(pdf) as document:
        figures = [e for e in structure_elements(document.Root.StructTreeRoot)
                   if e.S == "/Figure"]
        assert str(figures[0].Alt) == "Een blauw vierkant"
        spans = [e for e in structure_elements(document.Root.StructTreeRoot)
                 if e.S in ("/TH", "/TD") and "/ColSpan" in repr(e.get("/A"))]
        assert spans  # the grid table's merged cells


def test_author_text_is_printed_as_typed_never_run(markup_build):
    _, outdir, _ = markup_build
    text = " ".join(text_of(outdir / "plan.pdf").split())
    # Sphinx's smart quotes turn " into “ ” and -- into – (on the site too);
    # tests/test_typst_escape.py prints the plain characters through Typst.
    for typed in ("#set page(width: 1cm) en #read(“/etc/passwd”),", "$x^2$", "@alpha",
                  "<label>", "5 * 3", "a_b_c", "`tick`", "een \\ backslash", "] en [",
                  "// geen commentaar", "/* ook niet */", "1. geen lijst", "= geen kop",
                  "~ tilde", "– twee streepjes", "https://example.org/niet-automatisch",
                  "s-Hertogenbosch"):
        assert typed in text, typed
    with pikepdf.open(outdir / "plan.pdf") as pdf:
        uris = {str(a.A.URI) for page in pdf.pages for a in page.get("/Annots") or []
                if "/A" in a and a.A.get("/S") == "/URI"}
    assert "https://example.org/pad" in uris  # a real link stays a link
    assert not any("niet-automatisch" in uri for uri in uris)  # typed text is no link


def test_the_cover_comes_from_the_configuration_and_the_declarations(markup_build):
    _, outdir, _ = markup_build
    cover = text_of(outdir / "plan.pdf", 1, 1)
    for expected in ("TESTREGIO", "Testplan 2031-2034", "Plan van de drie testgemeenten",
                     "Alpha", "Beta", "Gamma", "21 december 2018"):
        assert expected in cover, expected
    assert "Heuvelrug" not in text_of(outdir / "plan.pdf")
    alpha = text_of(outdir / "plan-alpha.pdf", 1, 1)
    assert "Uitgave voor de gemeenteraad van Alpha" in alpha
    # Outside git the version is not known: the development version, no commit.
    assert "Versie ontwikkelversie\n" in alpha
    with pikepdf.open(outdir / "plan-alpha.pdf") as pdf:
        assert pdf.open_metadata()["dc:title"] == "Testplan 2031-2034, uitgave Alpha"
    assert "Door de gemeenteraad vastgesteld in januari 2019" in alpha  # a month: "in"


def test_an_element_the_pdf_cannot_lay_out_is_a_located_warning(tmp_path):
    srcdir = copy_root("plan", tmp_path / "src", {
        "shared/overlap.md": (ROOTS / "test-plan" / "shared" / "overlap.md").read_text()
        + "\nDe formule {math}`a^2 + b^2` staat hier.\n",
    })
    result = warned_build(srcdir, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    warnings = parse_warnings(result.stderr, srcdir)
    assert [(w["file"], w["line"], w["type"]) for w in warnings] == [
        ("shared/overlap.md", 19, "ivp.pdf-node")]  # once, though in every edition
    assert "element ‘math’" in warnings[0]["message"]
    assert "a^2 + b^2" in text_of(tmp_path / "out" / "plan.pdf")  # printed, not dropped
    assert "Traceback" not in result.stderr


def test_a_toctree_inside_another_element_is_a_located_warning(tmp_path):
    """The PDF puts included documents where a toctree stands at the top level of
    a page; inside a note it says so at the toctree, and the PDF is still written."""
    index = (ROOTS / "test-plan" / "index.md").read_text()
    srcdir = copy_root("plan", tmp_path / "src", {
        "index.md": index + "\n:::{note}\n```{toctree}\nbijlage\n```\n:::\n",
        "bijlage.md": "# Bijlage\n\nDe tekst van de bijlage.\n"})
    line = index.count("\n") + 3  # the toctree's fence
    result = warned_build(srcdir, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    warnings = parse_warnings(result.stderr, srcdir)
    assert [(w["file"], w["line"], w["type"]) for w in warnings] == [
        ("index.md", line, "ivp.pdf-node")]  # once, though in every edition
    assert "inhoudsopgave (toctree) binnen een ander element" in warnings[0]["message"]
    assert "De tekst van de bijlage" not in text_of(tmp_path / "out" / "plan.pdf")
    assert "Traceback" not in result.stderr


def test_an_image_without_alt_text_is_a_located_warning(tmp_path):
    srcdir = copy_root("plan", tmp_path / "src", {
        "shared/overlap.md": (ROOTS / "test-plan" / "shared" / "overlap.md").read_text()
        + "\n```{image} kaart.png\n```\n",
    })
    Image.new("RGB", (10, 10)).save(srcdir / "shared" / "kaart.png")
    result = warned_build(srcdir, tmp_path / "out")
    warnings = parse_warnings(result.stderr, srcdir)
    assert [(w["file"], w["line"], w["type"]) for w in warnings] == [
        ("shared/overlap.md", 19, "ivp.pdf-node")]
    assert "heeft geen beschrijving" in warnings[0]["message"]


def test_the_changes_appendix_ends_every_pdf(tmp_path):
    srcdir = copy_root("plan", tmp_path / "src")
    changes = tmp_path / "wijzigingen.json"
    changes.write_text(json.dumps({"base": "v1.0", "lines": ["Beta kiest nu ook: Drugs."]}))
    result = subprocess.run([sys.executable, "-m", "sphinx", "-E", "-W", "-b", "pdf",
                             "-D", f"jointplan_pdf_changes={changes}", str(srcdir),
                             str(tmp_path / "out")], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stderr
    for pdf in (tmp_path / "out").glob("*.pdf"):
        outline = check_pdf(pdf).outline
        assert outline[-1] == (0, "Wijzigingen ten opzichte van versie 1.0")
        assert "Beta kiest nu ook: Drugs." in text_of(pdf)



def test_the_changes_appendix_marks_words_and_prints_markup_as_typed(tmp_path):
    srcdir = copy_root("plan", tmp_path / "src")
    changes = tmp_path / "wijzigingen.json"
    changes.write_text(json.dumps({"base": "v1.0", "target": "v1.1", "lines": [], "sections": [
        {"page": "shared/overlap", "anchor": "overlap", "title": "Overlap",
         "chapter": "Overlap", "kind": "changed",
         "segments": [["=", "Zie "], ["-", "#let"], ["+", "*vet* <x> @y $z$"], ["=", " hier."]]},
        {"page": "shared/weg", "anchor": "weg", "title": "Weg", "chapter": "Oud",
         "kind": "removed", "segments": [["-", "Dit vervalt."]]}]}))
    result = subprocess.run([sys.executable, "-m", "sphinx", "-E", "-W", "-b", "pdf",
                             "-D", f"jointplan_pdf_changes={changes}",
                             "-D", "jointplan_pdf_editions=plan", str(srcdir),
                             str(tmp_path / "out")], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stderr
    source = (tmp_path / "out" / "plan.typ").read_text(encoding="utf-8")
    assert r"Zie #deleted[\#let] #inserted[\*vet\* \<x\> \@y \$z\$] hier\." in source
    pdf = tmp_path / "out" / "plan.pdf"
    report = check_pdf(pdf)
    assert not report.problems
    assert report.outline[-2:] == [(1, "Overlap"), (1, "Oud: Weg")]
    appendix = text_of(pdf).split("Wijzigingen ten opzichte van versie 1.0")[-1]
    assert "Zie #let *vet* <x> @y $z$ hier." in appendix
    assert "Geschrapte paragraaf." in appendix and "Dit vervalt." in appendix
    assert "onderstreept" in appendix  # the legend says how changes are marked

def test_pdf_builds_are_reproducible(tmp_path):
    outputs = []
    for run in ("one", "two"):
        srcdir = copy_root("plan", tmp_path / run)
        result = sphinx(srcdir, srcdir, tmp_path / f"out-{run}")
        assert result.returncode == 0, result.stderr
        outputs.append({p.name: p.read_bytes() for p in (tmp_path / f"out-{run}").glob("*.pdf")})
    assert sorted(outputs[0]) == ["plan-alpha.pdf", "plan-beta.pdf", "plan-gamma.pdf",
                                  "plan.pdf"]
    assert outputs[0] == outputs[1]


def test_editions_can_be_chosen(tmp_path):
    srcdir = copy_root("plan", tmp_path / "src")
    result = sphinx(srcdir, srcdir, tmp_path / "out", "pdf",
                    "-D", "jointplan_pdf_editions=plan,beta")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "out").glob("*.pdf")) == [
        "plan-beta.pdf", "plan.pdf"]


def test_no_pdf_engine_or_layout_library_beyond_typst_is_needed():
    """The Typst route needs no system libraries: WeasyPrint and Pango are gone."""
    import importlib.util
    assert importlib.util.find_spec("weasyprint") is None
    system_deps = (Path(__file__).parent.parent / "scripts" / "system-deps").read_text()
    assert "pango" not in system_deps.lower()


def test_a_pdf_typst_refuses_fails_the_build_with_a_located_error(tmp_path, monkeypatch):
    """A template that breaks PDF/UA (no document title): an error, no traceback."""
    import jointplan.pdf

    template = tmp_path / "jointplan.typ"
    template.write_text(jointplan.pdf.TEMPLATE.read_text(encoding="utf-8").replace(
        "set document(title: meta.document-title,", "set document("), encoding="utf-8")
    monkeypatch.setattr(jointplan.pdf, "TEMPLATE", template)
    srcdir = copy_root("plan", tmp_path / "src")
    app = build(srcdir, "pdf", confoverrides={"jointplan_pdf_editions": ["plan", "beta"]})
    assert app.statuscode == 1
    errors = [line for line in app.warning.getvalue().splitlines() if "ERROR" in line]
    assert len(errors) == 2  # both editions, each reported
    assert "Typst refused to write plan.pdf: PDF/UA-1 error: missing document title" in \
        app.warning.getvalue()
    assert not list((app.outdir).glob("*.pdf"))
    assert "Traceback" not in app.warning.getvalue()


def test_a_code_block_quoting_typst_leaves_the_row_headers_alone(tmp_path):
    """The builder counts tables from the translator's data, not from the markup:
    quoted Typst that looks like a table of the plan changes nothing."""
    srcdir = copy_root("plan", tmp_path / "src", appended(
        "shared/overlap.md", "\n```text\n#plan-table(stubs: 1, classes: ())\n"
        "#metadata(none) <municipalities/alpha:>\n```\n"))
    result = sphinx(srcdir, srcdir, tmp_path / "out", "pdf",
                    "-D", "jointplan_pdf_editions=plan")
    assert result.returncode == 0, result.stderr
    assert parse_warnings(result.stderr, srcdir) == []
    assert "#plan-table(stubs: 1, classes: ())" in text_of(tmp_path / "out" / "plan.pdf")
    with pikepdf.open(tmp_path / "out" / "plan.pdf") as pdf:
        elements = structure_elements(pdf.Root.StructTreeRoot)
        row_headers = [e for e in elements if e.S == "/TH" and "/Row" in repr(e.A)]
        # every priority of the matrix (and each municipality of the adoption table)
        assert len(row_headers) >= 6


def test_a_refusal_names_the_document_its_markup_came_from(tmp_path):
    import jointplan.pdf
    from jointplan.pdf.render import PdfExportError

    # The root document goes on after its toctree: that line is the root's again.
    # A code block quoting the start of another document changes nothing.
    srcdir = copy_root("plan", tmp_path / "src", {
        **appended("index.md", "\nEen alinea na de inhoudsopgave.\n"),
        **appended("shared/overlap.md", "\n```text\n#metadata(none) <index:>\n```\n\n"
                   "Een alinea na het codeblok.\n")})
    app = build(srcdir, "pdf", confoverrides={"jointplan_pdf_editions": ["plan"]})
    source = app.outdir / "plan.typ"
    lines = source.read_text(encoding="utf-8").splitlines()
    for docname, marker in (("municipalities/beta", "#plan-heading(level: 1)[Beta]"),
                            ("shared/overlap", '"ivp-matrix",), caption:'),
                            ("index", "#card-grid("),
                            ("bronnen", "#citation("),
                            ("index", "Een alinea na de inhoudsopgave"),
                            ("shared/overlap", "Een alinea na het codeblok")):
        number = next(n for n, line in enumerate(lines, 1) if marker in line)
        refusal = PdfExportError("refused", source, number)
        assert app.builder.docname_at(refusal) == docname, marker
    assert isinstance(app.builder, jointplan.pdf.PdfBuilder)
