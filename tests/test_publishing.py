"""Findable, private, Dutch and publishable: page and PDF metadata, the
Content-Security-Policy, Dutch permalink titles, the accessibility statement
from measurements, and each council's publication package."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
from bs4 import BeautifulSoup

from jointplan.plan import measurements
from utils import copy_plan

REPO = Path(__file__).resolve().parent.parent
EPOCH = "1545350400"  # 2018-12-21
SITE_PACKAGES = Path(pikepdf.__file__).parent.parent
CODES = {"renswoude": "GM0339", "rhenen": "GM0340", "utrechtse-heuvelrug": "GM1581",
         "veenendaal": "GM0345", "wijk-bij-duurstede": "GM0352"}
OWMS_CORE = {"DCTERMS.identifier", "DCTERMS.title", "DCTERMS.type", "DCTERMS.creator",
             "DCTERMS.language", "DCTERMS.modified", "DCTERMS.spatial", "DCTERMS.subject"}


def sphinx(plan: Path, builder: str, outdir: Path, *options: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-c", str(plan), "-W", "--keep-going", "-b", builder,
         *options, str(plan / "docs"), str(outdir)],
        capture_output=True, text=True, check=False,
        env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH})
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def plan(tmp_path_factory) -> Path:
    return copy_plan(tmp_path_factory.mktemp("publishing") / "plan")


@pytest.fixture(scope="module")
def pdfs(plan) -> Path:
    outdir = plan / "_build" / "pdf"
    sphinx(plan, "pdf", outdir)
    return outdir


@pytest.fixture(scope="module")
def site(plan, pdfs) -> Path:
    """The site, built after the PDFs were measured as `make pdf` does."""
    check = subprocess.run([sys.executable, "-m", "jointplan.pdf.check", "--results",
                            str(pdfs / "measurements.json"), *map(str, sorted(pdfs.glob("*.pdf")))],
                           capture_output=True, text=True, check=False)
    assert check.returncode == 0, check.stdout + check.stderr
    outdir = plan / "_build" / "html"
    sphinx(plan, "html", outdir, "-E")
    return outdir


def pages(site: Path) -> list[Path]:
    return [p for p in sorted(site.rglob("*.html"))
            if not any(part[:1] in "._" for part in p.relative_to(site).parts[:-1])]


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


# -- metadata ---------------------------------------------------------------------

def test_every_page_describes_itself_in_owms_and_schema_org(site):
    for path in pages(site):
        page = soup(path)
        tags = [(m["name"], m.get("title", ""), m["content"])
                for m in page.find_all("meta", attrs={"name": re.compile(r"^DCTERMS\.")})]
        names = {name for name, _, _ in tags}
        assert names >= OWMS_CORE, (path.name, OWMS_CORE - names)
        value = {name: content for name, _, content in tags}
        relative = path.relative_to(site).as_posix()
        assert value["DCTERMS.identifier"] == relative
        assert value["DCTERMS.language"] == "nl" and value["DCTERMS.type"] == "webpagina"
        assert value["DCTERMS.modified"] == "2018-12-21"  # the text's date (SOURCE_DATE_EPOCH)
        assert value["DCTERMS.subject"] == "Openbare orde en veiligheid"
        spatial = {content for name, _, content in tags if name == "DCTERMS.spatial"}
        assert {"Veenendaal", "https://identifier.overheid.nl/tooi/id/gemeente/gm0345",
                "Wijk bij Duurstede"} <= spatial
        # A reconstruction (conf.py): made by its authors, not by the municipalities.
        assert [(scheme, content) for name, scheme, content in tags
                if name == "DCTERMS.creator"] == [("", "Projectteam IVP als code")]
        title = page.title.get_text()
        assert title.startswith(value["DCTERMS.title"]), (title, value["DCTERMS.title"])

        (block,) = page.find_all("script", type="application/ld+json")
        data = json.loads(block.string)
        assert data["@context"] == "https://schema.org" and data["@type"] == "WebPage"
        assert data["url"] == relative and data["dateModified"] == "2018-12-21"
        assert data["creator"] == [{"@type": "Organization",
                                    "name": "Projectteam IVP als code"}]
        areas = data["spatialCoverage"]
        assert {m["@type"] for m in areas} == {"AdministrativeArea"}
        assert {m["name"]: m["identifier"]["value"] for m in areas} == {
            "Renswoude": "GM0339", "Rhenen": "GM0340", "Utrechtse Heuvelrug": "GM1581",
            "Veenendaal": "GM0345", "Wijk bij Duurstede": "GM0352"}
        # The priorities are the PDFs' keywords, not the pages': renaming one would
        # otherwise rewrite every page.
        assert "keywords" not in data


def test_every_pdf_carries_the_same_fields_in_its_xmp(pdfs):
    for path in sorted(pdfs.glob("*.pdf")):
        # A council's edition or its raadsvoorstel: that council's area.
        council = path.stem.removeprefix("ivp-2019-2022").lstrip("-").removeprefix(
            "raadsvoorstel-")
        with pikepdf.open(path) as pdf:
            meta = pdf.open_metadata()
            assert meta["dc:identifier"] == path.name
            assert meta["dc:type"] == {"beleidsnota"}
            assert "Openbare orde en veiligheid" in meta["dc:subject"]
            assert "Ondermijning" in meta["dc:subject"]
            # Still what Typst wrote, and still PDF/A-2a and PDF/UA-1.
            assert meta["pdfaid:part"] == "2" and meta["pdfaid:conformance"] == "A"
            assert meta["pdfuaid:part"] == "1" and meta["dc:language"] == {"nl"}
            # A reconstruction: made by its authors, published by no municipality.
            assert meta["dc:creator"] == ["Projectteam IVP als code"]
            assert "dc:publisher" not in meta
            if council:
                name = {"wijk-bij-duurstede": "Wijk bij Duurstede",
                        "utrechtse-heuvelrug": "Utrechtse Heuvelrug"}.get(
                            council, council.capitalize())
                assert meta["dc:coverage"] == f"{name} ({CODES[council]})"
            else:
                assert meta["dc:coverage"] == (
                    "Renswoude (GM0339), Rhenen (GM0340), Utrechtse Heuvelrug (GM1581), "
                    "Veenendaal (GM0345), Wijk bij Duurstede (GM0352)")


def makers(page: BeautifulSoup) -> tuple[list[tuple[str, str]], list[dict]]:
    """A page's DCTERMS.creator tags (scheme, name) and its JSON-LD creators."""
    (block,) = page.find_all("script", type="application/ld+json")
    return ([(m.get("title", ""), m["content"])
             for m in page.find_all("meta", attrs={"name": "DCTERMS.creator"})],
            json.loads(block.string).get("creator", []))


def test_a_page_its_pdf_and_its_package_name_the_same_makers(plan, site, pdfs, tmp_path):
    """Who made a text is one answer (jointplan.plan.metadata.makers) for the site, the
    PDFs and the publication packages: a reconstruction is its authors' (conf.py's
    author), published by no municipality; the municipalities' own text is theirs."""
    def pdf_makers(path: Path) -> tuple[object, object, object]:
        with pikepdf.open(path) as pdf:
            meta = pdf.open_metadata()
            return (str(pdf.docinfo.get("/Author", "")), meta.get("dc:creator"),
                    meta.get("dc:publisher"))

    def package(pdfs: Path) -> tuple[object, object]:
        found = json.loads((pdfs / "ivp-2019-2022-veenendaal.publicatie.json").read_text())
        return found["maker"], found["uitgever"]

    chapter = Path("municipalities/veenendaal.html")
    team = "Projectteam IVP als code"
    assert makers(soup(site / chapter)) == (
        [("", team)], [{"@type": "Organization", "name": team}])
    assert pdf_makers(pdfs / "ivp-2019-2022-veenendaal.pdf") == (team, [team], None)
    assert package(pdfs) == (None, None)

    # The same text as the municipalities' own plan.
    own = ("-D", "jointplan_reconstruction=0")
    sphinx(plan, "html", tmp_path / "html", "-E", *own)
    sphinx(plan, "pdf", tmp_path / "pdf", "-E", *own, "-D", "jointplan_pdf_editions=veenendaal")
    tags, creators = makers(soup(tmp_path / "html" / chapter))
    assert tags == [("OVERHEID.Gemeente", name) for name in (
        "Renswoude", "Rhenen", "Utrechtse Heuvelrug", "Veenendaal", "Wijk bij Duurstede")]
    assert [(c["@type"], c["name"], c["identifier"]["value"], c["areaServed"]["@type"])
            for c in creators] == [
        ("GovernmentOrganization", name, CODES[key], "AdministrativeArea")
        for key, name in (("renswoude", "Renswoude"), ("rhenen", "Rhenen"),
                          ("utrechtse-heuvelrug", "Utrechtse Heuvelrug"),
                          ("veenendaal", "Veenendaal"),
                          ("wijk-bij-duurstede", "Wijk bij Duurstede"))]
    # A council's edition: its municipality made and publishes it.
    assert pdf_makers(tmp_path / "pdf" / "ivp-2019-2022-veenendaal.pdf") == (
        "Veenendaal", ["Veenendaal"], {"Veenendaal"})
    maker, publisher = package(tmp_path / "pdf")
    assert maker == publisher and maker["naam"] == "Gemeente Veenendaal"
    assert maker["cbs-gemeentecode"] == "GM0345"


def test_the_pdfs_stay_valid_after_their_metadata_is_added(pdfs):
    from pdfua import validate
    from jointplan.pdf.check import check_pdf
    for path in sorted(pdfs.glob("*.pdf")):
        assert check_pdf(path).problems == [], path.name
        assert [f.rule_id for f in validate(str(path)).findings] == [], path.name


# -- private by construction ------------------------------------------------------

def csp_source(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_every_page_has_a_strict_policy_naming_exactly_its_inline_scripts(site):
    for path in pages(site):
        text = path.read_text(encoding="utf-8")
        page = soup(path)
        head = [t for t in page.head.children if getattr(t, "name", None)]
        assert head[0].name == "meta" and head[0].get("charset")
        assert head[1].get("http-equiv") == "Content-Security-Policy", path.name
        policy = dict(part.strip().split(" ", 1) for part in head[1]["content"].split(";"))
        assert policy["default-src"] == "'none'"
        assert "'unsafe-inline'" not in head[1]["content"]
        assert "'unsafe-eval'" not in head[1]["content"]
        for directive in ("img-src", "font-src", "connect-src", "style-src", "script-src"):
            assert policy[directive].startswith("'self'"), (path.name, directive)
            assert "http" not in policy[directive] and "*" not in policy[directive]
        inline = [s.string or "" for s in page.find_all("script")
                  if not s.get("src") and s.get("type") != "application/ld+json"]
        assert inline, path.name  # the theme's colour mode, at least
        for script in inline:
            assert csp_source(script) in policy["script-src"].split(), path.name
        # Nothing on the page is loaded from another host.
        for element in page.find_all(["script", "img", "iframe", "source", "link"]):
            address = element.get("src") or (element.get("href") if element.name == "link"
                                              and element.get("rel") != ["canonical"] else "")
            assert not re.match(r"(https?:)?//", address or ""), (path.name, str(element))
        assert "<script" not in text.split("Content-Security-Policy")[0]


def test_sphinx_search_keeps_nothing_in_the_browser(site):
    # Sphinx's highlighting keeps the search words in localStorage; the site's own
    # sphinx_highlight.js switches it off (searchtools.js reads the switch).
    highlight = (site / "_static" / "sphinx_highlight.js").read_text(encoding="utf-8")
    assert "const SPHINX_HIGHLIGHT_ENABLED = false;" in highlight
    assert "localStorage" not in highlight.split("*/")[-1]
    searchtools = (site / "_static" / "searchtools.js").read_text(encoding="utf-8")
    assert "if (SPHINX_HIGHLIGHT_ENABLED) {" in searchtools  # the switch Sphinx reads


def test_the_browser_check_fails_on_a_request_to_another_host(tmp_path):
    sys.path.insert(0, str(REPO / "scripts"))
    import a11y
    (tmp_path / "index.html").write_text(
        '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>Proef</title>'
        '</head><body><main><h1>Proef</h1><p>Tekst.</p>'
        '<img src="http://tracker.invalid/pixel.png" alt="">'
        "<script>localStorage.setItem('bezocht', '1')</script></main></body></html>",
        encoding="utf-8")
    measured = a11y.check_site(tmp_path)
    assert measured["requests_elsewhere"] == 2  # once per screen width
    assert any("request to another host: http://tracker.invalid/pixel.png" in p
               for p in measured["problems"])
    assert any("localStorage holds ['bezocht']" in p for p in measured["problems"])


# -- Dutch throughout -------------------------------------------------------------

def english_messages() -> set[str]:
    """Every message of Sphinx's and the theme's catalogue templates."""
    found = set()
    for pot in (SITE_PACKAGES / "sphinx" / "locale" / "sphinx.pot",
                SITE_PACKAGES / "pydata_sphinx_theme" / "locale" / "sphinx.pot"):
        found |= set(re.findall(r'^msgid "(.+)"$', pot.read_text(encoding="utf-8"), re.M))
    # Words that are the same in Dutch.
    return found - {"Copyright %(copyright)s", "Home", "Index", "Downloads"}


def test_no_english_title_or_label_on_any_page_permalinks_included(site):
    english = english_messages()
    assert "Link to this heading" in english and "Link to this table" in english
    found = {}
    for path in pages(site):
        page = soup(path)
        values = {element[attribute].strip() for attribute in ("title", "aria-label")
                  for element in page.find_all(attrs={attribute: True})}
        bad = sorted(value for value in values if value in english)
        if bad:
            found[path.relative_to(site).as_posix()] = bad
        assert not page.find(title=re.compile("^Link to"))
    assert found == {}
    overlap = soup(site / "shared" / "overlap.html")
    assert overlap.find("a", class_="headerlink", title="Link naar deze kop")
    assert overlap.find("a", class_="headerlink", title="Link naar deze tabel")


# -- the accessibility statement --------------------------------------------------

def statement(site: Path) -> str:
    article = soup(site / "toegankelijkheid.html").select_one("article")
    return " ".join(article.get_text(" ").split())


def test_the_statement_reports_what_was_measured_of_this_build_and_no_more(plan, site):
    text = statement(site)
    measured = json.loads((plan / "_build" / "pdf" / "measurements.json").read_text())
    assert measured["build"] == json.loads((site / "jointplan-build.json").read_text())
    # The PDFs were measured (above): the statement says what the check found.
    count = len(list((plan / "_build" / "pdf").glob("*.pdf")))
    assert "Gemeten op" in text and f"de {count} pdf-uitgaven van deze versie" in text
    assert "ivp-2019-2022-veenendaal.pdf" in text
    assert "Controle van de structuur" in text and ": geen bevindingen." in text
    assert "Elke uitgave is opgesteld als PDF/A-2a en geeft aan te voldoen aan PDF/UA-1." in text
    # The site of this build was not measured (no make a11y here): it says so.
    assert "De website van ontwikkelversie" in text
    assert "is niet automatisch gecontroleerd" in text
    assert "Ernstige of kritieke bevindingen" not in text


def test_a_measurement_of_another_text_is_not_reported_as_this_builds(plan, site, tmp_path):
    other = tmp_path / "plan"
    shutil.copytree(plan, other, ignore=shutil.ignore_patterns("html"))
    chapter = other / "docs" / "shared" / "inleiding.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\n{#p-erbij} Een zin erbij.\n",
                       encoding="utf-8")
    sphinx(other, "html", other / "_build" / "html")
    text = statement(other / "_build" / "html")
    assert "De pdf-uitgaven van ontwikkelversie" in text
    assert "zijn niet automatisch gecontroleerd" in text
    assert "De laatste meting (" in text and "een eerdere stand van de tekst" in text
    assert "Elke uitgave is opgesteld" not in text


def test_the_findings_in_words_follow_the_measurement():
    build = {"version": "1.0", "sources": "abc"}
    site = {"kind": "site", "measured": "2026-12-02", "build": build,
            "tools": {"axe-core": "4.12.1", "chromium": "140.0"}, "viewports": [1280, 390],
            "pages": 24, "impacts": {"moderate": 2},
            "violations": [{"id": "region", "impact": "moderate", "help": "...", "pages": 2}],
            "requests_elsewhere": 0, "policy_violations": 0, "cookies": 0, "storage": 0}
    lines = [line for part in measurements.findings("site", site, build) for line in part]
    assert lines[0].startswith("Gemeten op 2 december 2026: 24 pagina's van deze versie, "
                               "bij een schermbreedte van 1280 en 390 pixels")
    assert "Ernstige of kritieke bevindingen: geen." in lines
    assert "`region`: twee pagina's" in lines
    assert any(line.startswith("Pagina's die een cookie plaatsen: geen") for line in lines)
    # Severe findings are counted, not hidden.
    site["impacts"] = {"serious": 3}
    site["violations"] = [{"id": "color-contrast", "impact": "serious", "help": "", "pages": 3}]
    lines = [line for part in measurements.findings("site", site, build) for line in part]
    assert "Ernstige of kritieke bevindingen: drie bevindingen." in lines
    # No measurement, or one of another version: not measured.
    for measured in (None, {**site, "build": {"version": "0.9", "sources": "x"}}):
        lines = [line for part in measurements.findings("site", measured, build)
                 for line in part]
        assert lines[0] == ("De website van `versie 1.0` is niet automatisch gecontroleerd: "
                            "er is geen meting van deze versie.")
        assert not any("Ernstige" in line for line in lines)


# -- a council's publication package ----------------------------------------------

def test_each_council_edition_has_its_decision_and_publication_metadata(pdfs):
    assert not (pdfs / "ivp-2019-2022.publicatie.json").exists()  # no one council's
    veenendaal = json.loads((pdfs / "ivp-2019-2022-veenendaal.publicatie.json").read_text())
    assert veenendaal["datum"] == "2018-12-20" and veenendaal["vastgesteld"] is True
    assert veenendaal["onderwerp"] == "Openbare orde en veiligheid"
    # A reconstruction: the municipality neither made nor published this text.
    assert veenendaal["maker"] is None and veenendaal["uitgever"] is None
    from jointplan.plan import publication
    from jointplan.plan.model import Location, Municipality
    made = publication.publication_metadata(
        Municipality("veenendaal", "Veenendaal", None, Location("veenendaal", 1)),
        publication.Decision("veenendaal", False, "", "", ""), code="GM0345", title="", publication_type="", subject="", language="nl",
        version="1.0", adopted_text=None, files={})
    assert made["maker"] == made["uitgever"] == {
        "naam": "Gemeente Veenendaal", "cbs-gemeentecode": "GM0345",
        "tooi": "https://identifier.overheid.nl/tooi/id/gemeente/gm0345"}
    assert veenendaal["verantwoordelijke"]["naam"] == "de gemeenteraad van Veenendaal"
    assert veenendaal["gebied"]["naam"] == "Veenendaal"
    assert veenendaal["bestanden"] == {"document": "ivp-2019-2022-veenendaal.pdf",
                                       "besluit": "ivp-2019-2022-veenendaal.besluit.txt"}
    # conf.py names no publication type: left open, not guessed.
    assert veenendaal["publicatietype"] is None
    decision = (pdfs / "ivp-2019-2022-veenendaal.besluit.txt").read_text(encoding="utf-8")
    assert decision.startswith("Besluit van de gemeenteraad van Veenendaal\n")
    assert "Door de gemeenteraad vastgesteld op 20 december 2018, in een andere tekst dan " \
           "deze." in decision
    # The plan is a reconstruction (conf.py): this document is not the adopted text.
    assert veenendaal["is-vastgestelde-tekst"] is False
    assert "niet de tekst die de gemeenteraden vaststelden" in decision
    # A council whose decision the sources do not give: said so, never "adopted".
    rhenen = json.loads((pdfs / "ivp-2019-2022-rhenen.publicatie.json").read_text())
    assert rhenen["datum"] is None and rhenen["vastgesteld"] is False
    text = (pdfs / "ivp-2019-2022-rhenen.besluit.txt").read_text(encoding="utf-8")
    assert "Niet bekend of en wanneer de gemeenteraad het plan heeft vastgesteld" in text
    assert "niet voor een officiële bekendmaking bedoeld" in text


def test_only_the_release_a_council_adopted_is_called_the_adopted_text():
    from jointplan.plan import publication
    from jointplan.plan.decisions import Register
    from jointplan.plan.model import Location, Municipality
    alpha = Municipality("alpha", "Alpha", None, Location("alpha", 1),
                         council_decision="2019-01-10", council_version="v1.0")
    beta = Municipality("beta", "Beta", None, Location("beta", 1), council_decision="nee")
    register = Register([alpha, beta])
    decision = publication.council_decision(register, alpha)
    assert (decision.adopted, decision.date, decision.version) == (True, "2019-01-10", "v1.0")
    assert publication.is_adopted_text(decision, "v1.0", reconstruction=False) is True
    assert publication.is_adopted_text(decision, "v1.1", reconstruction=False) is False
    assert publication.is_adopted_text(decision, "v1.0", reconstruction=True) is False
    text = publication.decision_text(alpha, decision, "Plan", "plan-alpha.pdf", "1.0",
                                     True, False)
    assert "Door de gemeenteraad vastgesteld op 10 januari 2019 (versie 1.0)." in text
    assert "Dit document is de versie die de gemeenteraad vaststelde (versie 1.0)." in text
    later = publication.decision_text(alpha, decision, "Plan", "plan-alpha.pdf", "1.1",
                                      False, False)
    assert "De gemeenteraad stelde versie 1.0 vast; dit document is versie 1.1." in later
    # A council known not to have adopted: no date, not adopted, not for publication.
    refused = publication.council_decision(register, beta)
    assert (refused.adopted, refused.date) == (False, "")
    metadata = publication.publication_metadata(
        beta, refused, code="", title="Plan", publication_type="", subject="", language="nl",
        version="1.0", adopted_text=publication.is_adopted_text(refused, "v1.0", False),
        files={})
    assert metadata["vastgesteld"] is False and metadata["is-vastgestelde-tekst"] is False
    assert metadata["datum"] is None and metadata["onderwerp"] is None
    assert metadata["gebied"] == {"naam": "Beta"}  # no code configured: none invented


def test_a_council_decision_recorded_only_as_a_record_is_the_publication_decision():
    """An ivp:decision block alone (no :council-decision: option) says what the
    council decided; where both are given, the block wins."""
    from jointplan.plan import publication
    from jointplan.plan.decisions import Decision, Register
    from jointplan.plan.model import Location, Municipality
    alpha = Municipality("alpha", "Alpha", None, Location("alpha", 1))
    gamma = Municipality("gamma", "Gamma", None, Location("gamma", 1),
                         council_decision="2019-01-10", council_version="v1.0")
    records = [Decision("alpha/raad", "raadsbesluit", Location("vaststelling", 5),
                        date="2019-02-14", version="v1.1", outcome="vastgesteld"),
               Decision("gamma/raad", "raadsbesluit", Location("vaststelling", 9),
                        date="2019-01-10", version="v1.1", outcome="vastgesteld")]
    register = Register([alpha, gamma], records)
    assert publication.council_decision(Register([alpha]), alpha).adopted is False
    decision = publication.council_decision(register, alpha)
    assert (decision.adopted, decision.date, decision.version) == (True, "2019-02-14", "v1.1")
    assert decision.status == "Door de gemeenteraad vastgesteld op 14 februari 2019 (versie 1.1)"
    assert publication.council_decision(register, gamma).version == "v1.1"
    text = publication.decision_text(alpha, decision, "Plan", "plan-alpha.pdf", "1.0",
                                     False, False)
    assert "De gemeenteraad stelde versie 1.1 vast; dit document is versie 1.0." in text
