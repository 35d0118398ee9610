"""The real plan in docs/: it builds strictly, and a misspelt id fails the check."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from bs4 import BeautifulSoup

from utils import MUNICIPALITY_CHAPTERS, REPO, copy_plan, parse_warnings

def strict_build(plan: Path, outdir: Path) -> subprocess.CompletedProcess:
    """What `make check` runs."""
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-c", str(plan), "-E", "-W", "--keep-going", "-n",
         "-b", "html", "-d", str(outdir / ".doctrees"), str(plan / "docs"), str(outdir)],
        capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def built_plan(tmp_path_factory) -> Path:
    plan = copy_plan(tmp_path_factory.mktemp("real") / "plan")
    outdir = plan / "_build"
    result = strict_build(plan, outdir)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    return outdir


def page(outdir: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((outdir / name).read_text(encoding="utf-8"), "html.parser")


def test_joint_priority_is_chosen_by_all_five(built_plan):
    data = json.loads((built_plan / "priorities.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, json.loads(
        (built_plan / "priorities.schema.json").read_text(encoding="utf-8")))
    assert len(data["municipalities"]) == 5
    [joint] = [p for p in data["priorities"] if p["joint"]]
    assert joint["id"] == "ondermijning"
    assert sorted(c["municipality"] for c in joint["chosen_by"]) == sorted(
        m["id"] for m in data["municipalities"])
    row = page(built_plan, "shared/overlap.html").select_one("table.ivp-matrix tr.ivp-joint")
    cells = [td.get_text(strip=True) for td in row.find_all("td")]
    # Each with the status its chapter declares, as the export has it.
    assert cells == [f"gekozen({c['status']})" for c in joint["chosen_by"]] + ["5"]


@pytest.mark.parametrize("chapter", MUNICIPALITY_CHAPTERS)
def test_each_municipality_chapter_declares_itself_and_three_elaborated_choices(
        built_plan, chapter):
    html = page(built_plan, f"municipalities/{chapter}.html")
    assert html.find(id=f"ivp-municipality-{chapter}")
    choices = html.select("div.ivp-choice")
    assert len(choices) >= 3
    for choice in choices:
        assert choice.select(".ivp-goals li") and choice.select(".ivp-indicators li"), choice["id"]


def test_every_chapter_cites_a_source(built_plan):
    chapters = sorted((built_plan / "shared").glob("*.html")) + sorted(
        (built_plan / "municipalities").glob("*.html"))
    for html_file in (c for c in chapters if c.name != "index.html"):  # section pages
        html = page(built_plan, html_file.relative_to(built_plan).as_posix())
        citations = html.select('article a[href*="bronnen.html#"]')
        assert citations, f"{html_file.name} cites no source"


def test_each_municipalitys_priorities_are_two_clicks_from_the_landing_page(built_plan):
    landing = page(built_plan, "index.html")
    cards = landing.select(".ivp-cards .sd-card")
    assert len(cards) == 5
    for card in cards:
        # click 1: the card's title leads to the chapter, whose choices are on that page
        href = card.select_one(".sd-card-title a")["href"]
        chapter, _, anchor = href.partition("#")
        assert page(built_plan, chapter).find(id=anchor)
        assert len(card.select("li a")) >= 3


def misspell_first_reference(text: str) -> tuple[str, int]:
    """Replace the first reference to ondermijning; return the text and its line."""
    # The target: inside the angle brackets when the author wrote the link's text.
    # A role's target (inside the angle brackets when the author wrote the link's
    # text), or a choice's directive.
    match = re.search(r"\{ivp:(?:choice|priority)\}(?:`(?:[^`<]*<)?\s*| )(ondermijning)\b",
                      text)
    assert match, "chapter has no reference to ondermijning"
    line = text.count("\n", 0, match.start(1)) + 1
    return text[:match.start(1)] + "ondermijnig" + text[match.end(1):], line


@pytest.mark.parametrize("chapter", MUNICIPALITY_CHAPTERS)
def test_a_misspelt_ondermijning_fails_the_check_naming_file_line_and_fix(tmp_path, chapter):
    plan = copy_plan(tmp_path / "plan")
    source = plan / "docs" / "municipalities" / f"{chapter}.md"
    text, line = misspell_first_reference(source.read_text(encoding="utf-8"))
    source.write_text(text, encoding="utf-8")
    result = strict_build(plan, tmp_path / "out")
    assert result.returncode != 0
    warnings = parse_warnings(result.stderr, plan / "docs")
    assert any(w["file"] == f"municipalities/{chapter}.md" and w["line"] == line
               and "Bedoel je ‘ondermijning’?" in w["message"] for w in warnings), \
        result.stderr


def test_bibliography_is_in_dutch(built_plan):
    text = page(built_plan, "bronnen.html").select_one("article").get_text(" ", strip=True)
    assert text.count("[") >= 20  # every source cited somewhere is listed
    for english in (" and ", "et al.", "Technical Report", "URL:", "Accessed", "edition",
                    "PhD thesis", "pages"):
        assert english not in text, english


def test_the_extension_holds_no_word_of_this_plan():
    """Names, region and period come from conf.py and the chapters, never from ext/."""
    declared = re.findall(r"^:name:\s*(.+)$", "\n".join(
        p.read_text(encoding="utf-8") for p in (REPO / "docs" / "municipalities").glob("*.md")),
        re.MULTILINE)
    assert len(declared) == len(MUNICIPALITY_CHAPTERS)
    words = [*declared, "Heuvelrug", "2019-2022", "Ondermijning"]
    sources = [p for p in (REPO / "ext" / "jointplan").rglob("*")
               if p.suffix in (".py", ".typ", ".css", ".json", ".html")]
    found = [(p.relative_to(REPO).as_posix(), word) for p in sources
             for word in words if word.lower() in p.read_text(encoding="utf-8").lower()]
    assert found == []


def test_the_real_plans_decisions_are_what_its_sources_say_and_nothing_more(built_plan):
    """Two councils' decisions (Veenendaal's day, Wijk bij Duurstede's month, each with
    its source), on the original text, no release of this one; nothing else recorded."""
    data = json.loads((built_plan / "priorities.json").read_text(encoding="utf-8"))
    assert data["decisions"] == [
        {"body": "veenendaal/raad", "kind": "raadsbesluit", "date": "2018-12-20",
         "version": "geen", "outcome": "vastgesteld", "source": "cu-veenendaal2018",
         "amendments": []},
        {"body": "wijk-bij-duurstede/raad", "kind": "raadsbesluit", "date": "2019-01",
         "version": "geen", "outcome": "vastgesteld", "source": "sp-wbd2019",
         "amendments": []}]
    assert (data["lifecycle"]["state"], data["lifecycle"]["adopted"],
            data["lifecycle"]["councils"], data["lifecycle"]["organisations"]) == \
        ("vastgesteld", 2, 5, 7)
    rows = page(built_plan, "shared/besluitvorming.html").select(
        "table.ivp-decisions tbody tr")
    assert [" ".join(r.get_text(" ", strip=True).split()) for r in rows] == [
        "Gemeenteraad van Veenendaal raadsbesluit geen uitgave van deze tekst 20 december "
        "2018 vastgesteld ChristenUnie Veenendaal, 2018",
        "Gemeenteraad van Wijk bij Duurstede raadsbesluit geen uitgave van deze tekst "
        "januari 2019 vastgesteld SP Wijk bij Duurstede, 2019"]
    # Each council is asked to take note of the reconstruction, not to adopt it.
    for chapter in MUNICIPALITY_CHAPTERS:
        proposal = (REPO / "docs" / "raadsvoorstellen" / f"{chapter}.md").read_text(
            encoding="utf-8")
        assert f":::{{ivp:council-proposal}} {chapter}\n:asks: kennisname\n" in proposal
