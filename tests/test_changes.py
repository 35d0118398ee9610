"""make changes: what changed in the plan since an earlier git version."""

from __future__ import annotations

import itertools
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st

from utils import REPO, ROOTS
from jointplan.history.changes import (PlanChanges, Section, compare, page_sections, report,
                               report_html, section_changes, site_sections, word_diff)
from jointplan.pdf.check import check_pdf

OLD = {
    "municipalities": [{"id": "a", "name": "A"}, {"id": "b", "name": "B"}],
    "priorities": [{"id": "x", "title": "X", "field": "f", "joint": True},
                   {"id": "y", "title": "Y", "field": "f", "joint": False}],
    "choices": {"a": ["x", "y"], "b": ["x"]},
}


def test_compare_names_each_kind_of_change():
    new = {
        "municipalities": [{"id": "a", "name": "A"}, {"id": "c", "name": "C"}],
        "priorities": [{"id": "x", "title": "X", "field": "g", "joint": True},
                       {"id": "z", "title": "Z", "field": "f", "joint": False}],
        "choices": {"a": ["x", "z"], "c": ["x"]},
    }
    assert compare(OLD, new).lines() == [
        "Prioriteit toegevoegd aan de catalogus: Z.",
        "Prioriteit geschrapt uit de catalogus: Y.",
        "X: veiligheidsveld gewijzigd van f naar g.",
        "Gemeente toegevoegd: C.",
        "Gemeente verwijderd: B.",
        "A kiest nu ook: Z.",
        "A kiest niet meer: Y.",
    ]
    assert compare(OLD, OLD).lines() == [
        "Geen wijzigingen in prioriteiten, gemeenten of keuzes."]


@pytest.mark.parametrize(("old", "new", "segments"), [
    ("de raad besloot", "de gemeenteraad besloot",
     [("=", "de "), ("-", "raad"), ("+", "gemeenteraad"), ("=", " besloot")]),
    ("Zo besloot de raad.", "Zo besloot de raad!", [("=", "Zo besloot de raad"), ("-", "."),
                                                   ("+", "!")]),
    ("één café, twee", "één cafe, twee", [("=", "één "), ("-", "café"), ("+", "cafe"),
                                          ("=", ", twee")]),
    ("Eerste alinea.\nTweede alinea.", "Eerste alinea.\nDerde alinea.",
     [("=", "Eerste alinea.\n"), ("-", "Tweede"), ("+", "Derde"), ("=", " alinea.")]),
    # The space between two replaced words is part of one replacement.
    ("de oude raad besloot", "de nieuwe gemeenteraad besloot",
     [("=", "de "), ("-", "oude raad"), ("+", "nieuwe gemeenteraad"), ("=", " besloot")]),
    ("", "nieuw", [("+", "nieuw")]),
    ("weg", "", [("-", "weg")]),
    ("gelijk", "gelijk", [("=", "gelijk")]),
    # Lines first: a new row or field is one insertion, not words spread over others.
    ("Raad: niet bekend\nAlpha | ja | nee", "Raad: niet bekend\nVersie: niet bekend\n"
     "Alpha | ja | nee", [("=", "Raad: niet bekend\n"), ("+", "Versie: niet bekend\n"),
                          ("=", "Alpha | ja | nee")]),
])
def test_word_diff(old, new, segments):
    assert word_diff(old, new) == segments


@given(st.text(alphabet="ab é,.\n"), st.text(alphabet="ab é,.\n"))
def test_word_diff_keeps_both_texts(old, new):
    segments = word_diff(old, new)
    assert "".join(text for op, text in segments if op in "=-") == old
    assert "".join(text for op, text in segments if op in "=+") == new
    assert all(text for _, text in segments)
    assert all(a[0] != b[0] for a, b in itertools.pairwise(segments))  # runs merged


@pytest.mark.parametrize("theme", ["alabaster", "pydata_sphinx_theme"])
def test_sections_are_the_text_the_reader_sees(build_plan, theme):
    app, _ = build_plan(confoverrides={"html_theme": theme})
    outdir = Path(app.outdir)
    beta = page_sections((outdir / "municipalities" / "beta.html").read_text(), "beta")
    assert [(s.anchor, s.title) for s in beta] == [
        ("beta", "Beta"), ("prioriteit-ondermijning", "Prioriteit ondermijning"),
        ("prioriteit-woninginbraak", "Prioriteit woninginbraak"),
        ("prioriteit-verkeer", "Prioriteit verkeer")]
    # Each section has its own text only, a field per line.
    assert beta[0].text == ("Gemeente: Beta\nInwoners: 2.000\n"
                            "Vastgesteld door de raad: 20 december 2018\n"
                            "Vastgestelde versie: niet bekend")
    assert beta[3].text.splitlines()[:2] == ["Prioriteit: Verkeersveiligheid",
                                              "Veiligheidsveld: Fysieke veiligheid"]
    assert "Toelichting bij verkeer.\nDoelen (besloten)\nDoel voor verkeer.\n" in beta[3].text
    sections = site_sections(outdir)
    assert [s.page for s in sections if s.title == s.page.split("/")[-1].capitalize()] == [
        "shared/overlap", "municipalities/alpha", "municipalities/beta",
        "municipalities/gamma", "bronnen"]  # pages in the order of the root's toctree
    assert sections[0].page == "index" and sections[1].page == "shared/catalogue"
    overlap = [s for s in sections if s.page == "shared/overlap"]
    assert [s.title for s in overlap] == ["Overlap", "Vaststelling"]
    # The generated tables, row by row.
    assert ("Prioriteiten per gemeente, per veiligheidsveld\n"
            "Prioriteit | Alpha | Beta | Gamma | Aantal\n") in overlap[0].text
    assert "Woninginbraak | gekozen (besloten) | gekozen (vermeld) | niet gekozen | 2" in overlap[0].text
    assert "Beta | 5 november 2018 | 20 december 2018 | vastgesteld" in overlap[1].text
    everything = "\n".join(s.title + "\n" + s.text for s in sections)
    for chrome in ("¶", "#", "Zoeken", "vorige", "volgende", "Powered by", "Created using",
                   "Page source", "Op deze pagina"):
        assert chrome not in everything
    assert "Catalogus" not in sections[0].text  # the root's toctree is navigation too


def test_section_changes_in_reading_order():
    old = [Section("a", "a", "A", "Inleiding."), Section("a", "weg", "Weg", "Vervalt."),
           Section("a", "oud-anker", "Hernoemd anker", "Tekst."),
           Section("b", "b", "B", "De raad besloot."), Section("b", "gelijk", "Gelijk", "x")]
    new = [Section("a", "a", "A", "Inleiding."),
           Section("a", "nieuw-anker", "Hernoemd anker", "Tekst."),
           Section("b", "b", "B", "De gemeenteraad besloot."),
           Section("b", "erbij", "Erbij", "Nieuw."), Section("b", "gelijk", "Gelijk", "x")]
    assert [(c.page, c.anchor, c.kind, c.chapter, c.segments)
            for c in section_changes(old, new)] == [
        ("a", "weg", "removed", "A", (("-", "Vervalt."),)),
        ("b", "b", "changed", "B", (("=", "De "), ("-", "raad"), ("+", "gemeenteraad"),
                                    ("=", " besloot."))),
        ("b", "erbij", "added", "B", (("+", "Nieuw."),))]


def test_the_report_page_shortens_unchanged_text():
    words = " ".join(f"woord{n}" for n in range(40))
    section = Section("b", "s", "Sectie", f"{words} de raad besloot {words}")
    changes = section_changes([section], [Section("b", "s", "Sectie",
                                                  section.text.replace("raad", "gemeenteraad"))])
    data = report("v1", "v2", PlanChanges(), changes)
    page = BeautifulSoup(report_html(data, lambda page, anchor: f"/{page}.html#{anchor}"),
                         "html.parser")
    assert page.find("h3").a["href"] == "/b.html#s"
    text = page.find(class_="ivp-changes-text")
    assert text.find("del").get_text() == "[begin verwijdering] raad [einde verwijdering]"
    assert text.find("ins").get_text() == "[begin invoeging] gemeenteraad [einde invoeging]"
    assert "woord39 de" in text.get_text() and "woord30" not in text.get_text()
    assert len(text.find_all(class_="ivp-changes-gap")) == 2
    empty = report_html(report("v1", "v2", PlanChanges(), []), lambda page, anchor: "")
    assert "<p>Geen tekstwijzigingen.</p>" in empty and "<ins" not in empty


def marked(page: BeautifulSoup, tag: str) -> set[str]:
    """The texts of ins or del elements, without the words for screen readers."""
    return {"".join(element.find_all(string=True, recursive=False))
            for element in page.find_all(tag)}


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@t",
                    *args], check=True, capture_output=True)


def test_make_changes_against_an_earlier_commit(tmp_path):
    repo = tmp_path / "repo"
    shutil.copytree(ROOTS / "test-plan", repo / "docs")
    (repo / "docs" / "conf.py").rename(repo / "conf.py")
    conf = (repo / "conf.py").read_text().replace('["refs.bib"]', '["docs/refs.bib"]')
    (repo / "conf.py").write_text(conf)
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "versie 1")
    git(repo, "tag", "v1")
    beta = repo / "docs" / "municipalities" / "beta.md"
    beta.write_text(beta.read_text().replace("{ivp:choice} woninginbraak",
                                             "{ivp:choice} drugs"))
    catalogue = repo / "docs" / "shared" / "catalogue.md"
    catalogue.write_text(catalogue.read_text().replace(
        "de onderwereld de bovenwereld gebruikt", "de onderwereld de legale bovenwereld misbruikt"))
    out = tmp_path / "changes"
    result = subprocess.run([sys.executable, str(REPO / "scripts" / "changes.py"), "--base",
                             "v1", "--repo", str(repo), "--out", str(out)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    summary = (out / "wijzigingen.txt").read_text(encoding="utf-8").splitlines()
    assert summary == ["Beta kiest nu ook: Drugs.", "Beta kiest niet meer: Woninginbraak."]
    data = json.loads((out / "wijzigingen.json").read_text(encoding="utf-8"))
    assert (data["base"], data["lines"]) == ("v1", summary)  # for the PDF appendix
    # Again, with the earlier version cached in the site's doctrees: the same report
    # (the cached pages are not taken for pages of this version).
    again = subprocess.run([sys.executable, str(REPO / "scripts" / "changes.py"), "--base",
                            "v1", "--repo", str(repo), "--out", str(out)],
                           capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    assert json.loads((out / "wijzigingen.json").read_text(encoding="utf-8")) == data
    changed = {(s["page"], s["anchor"]): [(op, text) for op, text in s["segments"] if op != "="]
               for s in data["sections"]}
    assert list(changed) == [
        ("index", "testplan"), ("shared/catalogue", "catalogus"), ("shared/overlap", "overlap"),
        ("municipalities/alpha", "prioriteit-woninginbraak"),
        ("municipalities/alpha", "prioriteit-drugs"),
        ("municipalities/beta", "prioriteit-woninginbraak"),
        ("municipalities/gamma", "prioriteit-drugs")]
    assert all(s["kind"] == "changed" for s in data["sections"])
    assert changed[("shared/catalogue", "catalogus")][:3] == [
        ("+", "legale "), ("-", "gebruikt"), ("+", "misbruikt")]
    assert changed[("municipalities/beta", "prioriteit-woninginbraak")][:2] == [
        ("-", "Woninginbraak"), ("+", "Drugs")]
    html = (out / "index.html").read_text(encoding="utf-8")
    for myst in (":::", "{ivp:", "**"):
        assert myst not in html
    page = BeautifulSoup(html, "html.parser")
    assert [h.get_text() for h in page.find_all("h3")] == [
        "Testplan", "Catalogus", "Overlap", "Prioriteit woninginbraak", "Prioriteit drugs",
        "Prioriteit woninginbraak", "Prioriteit drugs"]
    assert {"legale ", "misbruikt", "Drugs"} <= marked(page, "ins")
    assert {"gebruikt", "Woninginbraak"} <= marked(page, "del")
    # The same report in the site, in its own look, linking the sections.
    site = BeautifulSoup((repo / "_build" / "html" / "wijzigingen" / "v1.html")
                         .read_text(encoding="utf-8"), "html.parser")
    article = site.select_one("article.bd-article") or site.select_one("[role=main]")
    assert article.h1.get_text() == "Wijzigingen ten opzichte van versie 1"
    assert [h.get_text() for h in article.find_all("h3")] == [
        h.get_text() for h in page.find_all("h3")]
    assert article.find("a", href="../shared/catalogue.html#catalogus") is not None
    # The same report as the PDF's last chapter.
    result = subprocess.run([sys.executable, "-m", "sphinx", "-E", "-W", "-b", "pdf",
                             "-D", f"jointplan_pdf_changes={out / 'wijzigingen.json'}",
                             "-D", "jointplan_pdf_editions=plan", "-c", str(repo),
                             str(repo / "docs"), str(tmp_path / "pdf")],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    pdf = tmp_path / "pdf" / "plan.pdf"
    report = check_pdf(pdf)
    assert not report.problems
    assert (1, "Beta: Prioriteit woninginbraak") in report.outline
    text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    appendix = text[text.index("Wijzigingen ten opzichte van versie 1"):]
    assert "de onderwereld de legale bovenwereld gebruikt misbruikt." in appendix
    assert "Prioriteit: Woninginbraak Drugs" in appendix
