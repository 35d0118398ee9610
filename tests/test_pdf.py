"""The councils' PDFs: structure, editions, adoption status, margins, reproducibility."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
from PIL import Image

from conftest import copy_root
from jointplan.pdf.check import check_pdf
from test_plan import MUNICIPALITY_CHAPTERS, copy_plan

# 2018-12-21: a fixed date, so the cover and the bytes do not depend on today.
EPOCH = "1545350400"
FULL = "ivp-2019-2022"


def build_pdf(confdir: Path, srcdir: Path, outdir: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-c", str(confdir), "-E", "-W", "--keep-going",
         "-b", "pdf", str(srcdir), str(outdir)],
        capture_output=True, text=True, check=False,
        env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH})


@pytest.fixture(scope="module")
def pdf_dir(tmp_path_factory) -> Path:
    plan = copy_plan(tmp_path_factory.mktemp("pdf") / "plan")
    outdir = plan / "_build" / "pdf"
    result = build_pdf(plan, plan / "docs", outdir)
    assert result.returncode == 0, result.stderr
    return outdir


def text_of(pdf: Path, first: int | None = None, last: int | None = None) -> str:
    pages = (["-f", str(first)] if first else []) + (["-l", str(last)] if last else [])
    return subprocess.run(["pdftotext", "-layout", *pages, str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout


def test_the_full_plan_and_five_council_editions_pass_the_structural_check(pdf_dir):
    names = sorted(p.name for p in pdf_dir.glob("*.pdf"))
    assert names == sorted([f"{FULL}.pdf"] + [f"{FULL}-{m}.pdf" for m in MUNICIPALITY_CHAPTERS])
    for pdf in sorted(pdf_dir.glob("*.pdf")):
        report = check_pdf(pdf)
        assert report.problems == [], (pdf.name, report.problems)
        assert report.internal_links > 50
        assert report.structure["TH"] > 20 and report.structure["Table"] >= 10


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


def test_internal_links_land_on_their_targets(pdf_dir):
    with pikepdf.open(pdf_dir / f"{FULL}.pdf") as pdf:
        dests = pikepdf.NameTree(pdf.Root.Names.Dests)
        target = dests["shared-catalogus--ivp-priority-ondermijning"]
        page_number = next(n for n, page in enumerate(pdf.pages, 1)
                           if page.objgen == target[0].objgen)
    text = text_of(pdf_dir / f"{FULL}.pdf", page_number, page_number)
    assert "Ondermijning" in text and "gezamenlijke prioriteit" in text


def test_cover_and_running_header_show_the_adoption_status(pdf_dir):
    cover = text_of(pdf_dir / f"{FULL}.pdf", 1, 1)
    assert "CONCEPT: nog niet door alle gemeenteraden vastgesteld" in cover
    assert "21 december 2018" in cover  # SOURCE_DATE_EPOCH
    assert "CONCEPT" in text_of(pdf_dir / f"{FULL}.pdf", 5, 5)  # running header
    veenendaal = pdf_dir / f"{FULL}-veenendaal.pdf"
    cover = text_of(veenendaal, 1, 1)
    assert "Vastgesteld door de gemeenteraad op 20 december 2018" in cover
    assert "CONCEPT" not in cover
    assert "CONCEPT" not in text_of(veenendaal, 5, 5).splitlines()[0]  # running header
    rhenen = text_of(pdf_dir / f"{FULL}-rhenen.pdf", 1, 1)
    assert "CONCEPT: nog niet door de gemeenteraad vastgesteld" in rhenen
    assert "Pagina 3 van" in text_of(pdf_dir / f"{FULL}.pdf", 3, 3)


def test_no_page_has_content_in_the_side_margins(pdf_dir, tmp_path):
    """Tables and lines stay inside the 20 mm side margins on every page."""
    pdf = pdf_dir / f"{FULL}.pdf"
    subprocess.run(["pdftoppm", "-r", "40", "-gray", "-png", str(pdf), str(tmp_path / "p")],
                   check=True)
    pages = sorted(tmp_path.glob("p-*.png"))
    assert len(pages) == check_pdf(pdf).pages
    for page in pages:
        image = Image.open(page).convert("L")
        width, height = image.size
        strip = round(width * 17 / 210)  # 17 of the 20 mm margin on an A4 width
        for box in ((0, 0, strip, height), (width - strip, 0, width, height)):
            darkest = image.crop(box).getextrema()[0]
            assert darkest > 240, f"{page.name}: ink in the margin {box}"


def test_pdf_builds_are_reproducible(tmp_path):
    outputs = []
    for run in ("one", "two"):
        srcdir = copy_root("plan", tmp_path / run)
        result = build_pdf(srcdir, srcdir, tmp_path / f"out-{run}")
        assert result.returncode == 0, result.stderr
        outputs.append({p.name: p.read_bytes() for p in (tmp_path / f"out-{run}").glob("*.pdf")})
    assert len(outputs[0]) == 4  # the full plan and three editions
    assert outputs[0] == outputs[1]
