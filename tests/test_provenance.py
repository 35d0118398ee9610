"""What is decided and what the authors wrote: declared once, shown everywhere."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup

from utils import copy_root, line_of, source

ALPHA = source("municipalities/alpha.md").replace(
    "::::{ivp:choice} woninginbraak\n:origin: bewoners, politie\n\nToelichting bij woninginbraak.",
    "::::{ivp:choice} woninginbraak\n:origin: bewoners, politie\n:status: illustratief\n\n"
    "Illustratief. Deze keuze is door de opstellers ingevuld.")
BETA = source("municipalities/beta.md").replace(
    ":::{ivp:goals}\n- Doel voor verkeer.", ":::{ivp:goals}\n:status: voorstel\n\n"
    "- Doel voor verkeer.")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("provenance")
    srcdir = copy_root("plan", tmp / "src", {"municipalities/alpha.md": ALPHA,
                                             "municipalities/beta.md": BETA})
    outputs = {}
    for builder in ("html", "pdf"):
        result = subprocess.run([sys.executable, "-m", "sphinx", "-E", "-W", "-b", builder,
                                 str(srcdir), str(tmp / builder)],
                                capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stderr
        outputs[builder] = tmp / builder
    return outputs


def page(built, name: str) -> BeautifulSoup:
    return BeautifulSoup((built["html"] / name).read_text(encoding="utf-8"), "html.parser")


def text(element) -> str:
    return " ".join(element.get_text(" ", strip=True).split()).replace(" ,", ",")


def test_the_matrix_marks_what_the_authors_wrote_and_explains_the_mark(built):
    overlap = page(built, "shared/overlap.html")
    matrix = overlap.select_one("table.ivp-matrix")
    row = next(r for r in matrix.tbody.find_all("tr") if text(r.th) == "Woninginbraak")
    assert [text(td) for td in row.find_all("td")] == [
        "gekozen (illustratief)", "gekozen", "niet gekozen", "2"]
    legend = matrix.find_next_sibling("p")
    assert "„illustratief”: door de opstellers als voorbeeld ingevuld" in text(legend)
    shared = overlap.select_one("table.ivp-summary.beta")
    assert "Alpha (illustratief)" in text(shared)


def test_cards_and_catalogue_mark_it_too(built):
    cards = page(built, "index.html").select(".ivp-cards .sd-card")
    alpha = text(cards[0])
    assert "Woninginbraak (illustratief)" in alpha and "Drugs (illustratief)" not in alpha
    assert "niet door de gemeente besloten" in text(page(built, "index.html"))
    catalogue = text(page(built, "shared/catalogue.html"))
    assert "Alpha (illustratief), Beta" in catalogue


def test_a_chapter_shows_the_status_of_each_choice_and_part(built):
    alpha = text(page(built, "municipalities/alpha.html"))
    assert "Status : illustratief: door de opstellers ingevuld" in alpha
    assert "Status : besloten door de gemeente" in alpha
    beta = text(page(built, "municipalities/beta.html"))
    assert "Doelen (voorstel van de opstellers)" in beta


def test_the_export_carries_the_provenance(built):
    data = json.loads((built["html"] / "priorities.json").read_text(encoding="utf-8"))
    assert data["provenance"]["alpha"]["woninginbraak"] == {
        "status": "illustratief", "goals": "illustratief", "indicators": "illustratief"}
    assert data["provenance"]["beta"]["verkeer"] == {
        "status": "besloten", "goals": "voorstel", "indicators": "besloten"}
    import jsonschema
    schema = json.loads((built["html"] / "priorities.schema.json").read_text())
    jsonschema.validate(data, schema)


def test_the_pdf_shows_the_marks(built):
    pdf = built["pdf"] / "plan.pdf"
    words = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True,
                                    text=True, check=True).stdout.split())
    assert "Woninginbraak (illustratief)" in words  # the card
    assert "✓ (illustratief)" in words  # the matrix
    assert "Doelen (voorstel van de opstellers)" in words
    assert "„illustratief”: door de opstellers als voorbeeld ingevuld" in words


@pytest.mark.parametrize(("chapter", "old", "new", "marker", "message"), [
    ("municipalities/alpha.md", "::::{ivp:choice} drugs\n:origin: bewoners, politie\n",
     "::::{ivp:choice} drugs\n:origin: bewoners, politie\n:status: illustratief\n",
     "{ivp:choice} drugs",
     "this choice is declared 'illustratief', but its text does not say so; add a note "
     "starting with 'Illustratief.'"),
    ("municipalities/alpha.md", "Toelichting bij drugs.", "Illustratief: zo zou het kunnen.",
     "{ivp:choice} drugs",
     "the text calls this choice illustrative, but it is declared as decided; add "
     "':status: illustratief'"),
    ("municipalities/gamma.md", "::::{ivp:choice} drugs\n:origin: bewoners, politie\n",
     "::::{ivp:choice} drugs\n:origin: bewoners, politie\n:status: illustratif\n",
     "{ivp:choice} drugs",
     ":status: must be one of besloten, voorstel, illustratief, not 'illustratif'. "
     "Did you mean 'illustratief'?"),
])
def test_status_and_text_must_agree(build_plan, chapter, old, new, marker, message):
    text_after = source(chapter).replace(old, new)
    assert text_after != source(chapter)
    _, warnings = build_plan({chapter: text_after})
    ours = [w for w in warnings if w["type"] == "ivp.provenance"]
    assert [(w["file"], w["line"]) for w in ours] == [(chapter, line_of(text_after, marker))]
    assert message in ours[0]["message"]
