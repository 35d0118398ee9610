"""The reviewers' site: Dutch interface words, the plan's status on every page."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Comment

from utils import copy_plan

THEME_POT = Path(sys.executable).parent.parent / "lib" / f"python{sys.version_info.major}." \
    f"{sys.version_info.minor}" / "site-packages" / "pydata_sphinx_theme" / "locale" / "sphinx.pot"
# English interface words a reader would notice outside the plan's own text.
ENGLISH = re.compile(r"\b(the|this page|search|navigation|sidebar|source|edit|previous|next|"
                     r"home|skip|back to top|light|dark|settings|powered|built with|created "
                     r"using|announcement|version)\b", re.IGNORECASE)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    plan = copy_plan(tmp_path_factory.mktemp("site") / "plan")
    out = plan / "_build" / "html"
    result = subprocess.run([sys.executable, "-m", "sphinx", "-c", str(plan), "-E", "-W",
                             "-b", "html", str(plan / "docs"), str(out)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    return out


def interface_strings(page: BeautifulSoup) -> set[str]:
    """What the theme says: texts and ARIA labels outside the plan's own article."""
    for part in page.select("article.bd-article, script, style"):
        part.decompose()
    found = set()
    for element in page.find_all(True):
        for attribute in ("aria-label", "title", "placeholder", "alt"):
            if element.get(attribute):
                found.add(element[attribute].strip())
    for text in page.find_all(string=True):
        if not isinstance(text, Comment) and text.strip():
            found.add(" ".join(text.split()))
    return found


def test_the_interface_is_dutch_on_every_page(site):
    msgids = set(re.findall(r'^msgid "(.+)"$', THEME_POT.read_text(encoding="utf-8"), re.M))
    assert "On this page" in msgids  # the theme's own words are what is checked
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 15
    english = {}
    for path in pages:
        strings = interface_strings(BeautifulSoup(path.read_text(encoding="utf-8"),
                                                  "html.parser"))
        # Project and plan names (e.g. "IVP 2019-2022 ...") are not interface words.
        bad = {s for s in strings if s in msgids or (ENGLISH.search(s) and "IVP" not in s)}
        if bad:
            english[path.relative_to(site).as_posix()] = sorted(bad)
    assert english == {}


def test_every_page_shows_the_plan_status(site):
    for path in sorted(site.rglob("*.html")):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        if page.select_one("article.bd-article") is None:
            continue  # search and index pages have no plan status banner... yet
        banner = page.select_one("aside.ivp-status")
        assert banner is not None, path.name
        assert banner["aria-label"] == "Stand van het plan"
        text = " ".join(banner.get_text(" ", strip=True).split())
        # A copy outside git: the development version without a commit.
        assert text.startswith("Ontwikkelversie. Vastgesteld door twee van de vijf "
                               "gemeenteraden, in een andere tekst dan deze; van de "
                               "andere drie is niet bekend of en "
                               "wanneer de raad het plan heeft vastgesteld."), path.name
        assert "Reconstructie van het plan" in text
    veenendaal = BeautifulSoup((site / "municipalities" / "veenendaal.html").read_text(),
                               "html.parser")
    assert ("Veenendaal: door de gemeenteraad vastgesteld op 20 december 2018, in een andere "
            "tekst dan deze." in
            veenendaal.select_one("aside.ivp-status").get_text(" ", strip=True))
    wijk = BeautifulSoup((site / "municipalities" / "wijk-bij-duurstede.html").read_text(),
                         "html.parser")
    assert ("Wijk bij Duurstede: door de gemeenteraad vastgesteld in januari 2019, in een "
            "andere tekst dan deze." in  # a month: "in"
            wijk.select_one("aside.ivp-status").get_text(" ", strip=True))
    rhenen = BeautifulSoup((site / "municipalities" / "rhenen.html").read_text(),
                           "html.parser")
    assert "Rhenen: niet bekend of en wanneer de gemeenteraad het plan heeft vastgesteld." in \
        rhenen.select_one("aside.ivp-status").get_text(" ", strip=True)


def test_the_footer_names_the_authors_of_this_text_not_the_municipalities(site):
    footer = BeautifulSoup((site / "index.html").read_text(), "html.parser").select_one(
        "footer.bd-footer")
    text = " ".join(footer.get_text(" ", strip=True).split())
    assert "© Copyright 2026, Projectteam IVP als code." in text
    assert "2018" not in text and "Gemeenten" not in text


def test_the_pdfs_are_linked_where_make_puts_them(site, tmp_path):
    from utils import REPO
    dry_run = subprocess.run(["make", "-n", "pdf", "PYTHON=python3"], cwd=REPO,
                             capture_output=True, text=True, check=False).stdout
    assert "cp _build/pdf/*.pdf _build/html/pdf/" in dry_run
    index = BeautifulSoup((site / "index.html").read_text(), "html.parser")
    links = [a["href"] for a in index.select("nav.ivp-downloads a")]
    assert links == ["pdf/ivp-2019-2022.pdf"] + [
        f"pdf/ivp-2019-2022-{m}.pdf" for m in ("renswoude", "rhenen", "utrechtse-heuvelrug",
                                               "veenendaal", "wijk-bij-duurstede")]
    chapter = BeautifulSoup((site / "municipalities" / "rhenen.html").read_text(),
                            "html.parser")
    assert [a["href"] for a in chapter.select("nav.ivp-downloads a")] == [
        "../pdf/ivp-2019-2022-rhenen.pdf"]
    # Every link resolves once the PDFs are in place (as make copies them).
    built = site.parent / "pdf"
    result = subprocess.run([sys.executable, "-m", "sphinx", "-c", str(site.parent.parent),
                             "-E", "-b", "pdf", str(site.parent.parent / "docs"), str(built)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    (site / "pdf").mkdir(exist_ok=True)
    for pdf in built.glob("*.pdf"):
        (site / "pdf" / pdf.name).write_bytes(pdf.read_bytes())
    for page, href in [("index.html", h) for h in links] + [
            ("municipalities/rhenen.html", "../pdf/ivp-2019-2022-rhenen.pdf")]:
        assert (site / page).parent.joinpath(href).resolve().is_file(), href


def test_edit_and_comment_links_come_from_the_configured_repository(tmp_path):
    plan = copy_plan(tmp_path / "plan")
    out = tmp_path / "html"
    result = subprocess.run([sys.executable, "-m", "sphinx", "-c", str(plan), "-E", "-b", "html",
                             "-D", "jointplan_repository=https://github.com/voorbeeld/ivp",
                             str(plan / "docs"), str(out)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    page = BeautifulSoup((out / "municipalities" / "rhenen.html").read_text(), "html.parser")
    edit = page.select_one("a.ivp-edit")
    assert edit.get_text() == "Bewerk deze pagina"
    assert edit["href"] == ("https://github.com/voorbeeld/ivp/edit/main/docs/municipalities/"
                            "rhenen.md")
    comment = page.select_one("a.ivp-comment")
    assert comment.get_text() == "Reageer op deze pagina"
    from urllib.parse import parse_qs, urlparse
    url = urlparse(comment["href"])
    assert url.path == "/voorbeeld/ivp/issues/new"
    query = parse_qs(url.query)
    assert query["title"] == ["Reactie: Rhenen"]
    assert "Adres: municipalities/rhenen.html" in query["body"][0]
    assert "Bron: docs/municipalities/rhenen.md" in query["body"][0]


def test_no_edit_or_comment_links_without_a_repository(site):
    page = BeautifulSoup((site / "municipalities" / "rhenen.html").read_text(), "html.parser")
    assert page.select_one(".ivp-feedback") is None
