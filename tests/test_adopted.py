"""Each council's adopted text: its edition, its site view, its export, and the
page where the adopted texts differ; withdrawing an amendment changes nothing."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import jsonschema
import pytest
from bs4 import BeautifulSoup

from utils import REPO, ROOTS, build, copy_root, parse_warnings

ROOT = ROOTS / "test-amended"
PAGE = "amendementen.md"


def pdf_text(path: Path) -> str:
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    return " ".join(out.replace("\u00ad\n", "").split())


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    srcdir = copy_root("amended", tmp_path_factory.mktemp("adopted") / "src")
    app = build(srcdir, "html")
    assert parse_warnings(app.warning.getvalue(), srcdir) == [], app.warning.getvalue()
    return Path(app.outdir)


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_council_view_on_the_site(site):
    page = soup(site / "vastgesteld/alpha.html")
    text = " ".join(page.get_text(" ").split())
    assert "Tekst zoals vastgesteld door de raad van Alpha" in text
    assert "Een gewone alinea van het plan over vier regels." in text
    assert page.find("del", class_="ivp-amended").get_text(" ", strip=True) == \
        "[begin verwijdering] over twee regels [einde verwijdering]"
    assert "over vier regels" in page.find("ins", class_="ivp-amended").get_text()
    assert page.find("a", href="../shared/tekst.html#p-rb2v9u") is not None
    assert page.find("a", href="../amendementen.html#ivp-amendment-alpha-a1") is not None
    assert "De prioriteit Verkeersveiligheid is toegevoegd" in text
    # The banner of the council's chapter, and only of that council's.
    alpha = " ".join(soup(site / "municipalities/alpha.html").get_text(" ").split())
    assert "De raad van Alpha heeft de tekst vastgesteld met amendementen A1 en A2." in alpha
    gamma = soup(site / "municipalities/gamma.html").get_text(" ")
    assert "amendement" not in gamma
    assert not (site / "vastgesteld/gamma.html").exists()


def test_page_where_the_adopted_texts_differ(site):
    page = soup(site / "vastgesteld/index.html")
    table = page.find("table")
    head = [th.get_text(strip=True) for th in table.find("thead").find_all("th")]
    assert head == ["Alinea of keuze", "Gezamenlijke tekst", "Alpha", "Beta"]
    rows = {tr.find("th").get_text(strip=True): [td.get_text(" ", strip=True)
                                                 for td in tr.find_all("td")]
            for tr in table.find("tbody").find_all("tr")}
    assert rows["alinea p-rb2v9u"][0] == "Een gewone alinea van het plan over twee regels."
    assert rows["alinea p-rb2v9u"][1].startswith("Een gewone alinea van het plan over vier regels.")
    assert rows["alinea p-rb2v9u"][2] == "gezamenlijke tekst"
    assert rows["alinea p-8cbhkb"][1] == "gezamenlijke tekst"
    assert rows["alinea p-8cbhkb"][2].startswith("Een alinea met klem")
    assert rows["Keuze voor Verkeersveiligheid"][1].startswith("toegevoegd")
    # Rejected and withdrawn amendments change nothing.
    assert len(rows) == 3


def test_each_council_has_its_export(site):
    schema = json.loads((site / "priorities.schema.json").read_text())
    joint = json.loads((site / "priorities.json").read_text())
    alpha = json.loads((site / "priorities-alpha.json").read_text())
    jsonschema.validate(alpha, schema)
    assert "verkeer" not in joint["choices"]["alpha"]
    assert "verkeer" in [c["priority"] for c in alpha["choices"]["alpha"]]
    assert alpha["choices"]["beta"] == joint["choices"]["beta"]
    assert not (site / "priorities-gamma.json").exists()


def test_council_edition_is_the_adopted_text(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    srcdir = copy_root("amended", tmp_path / "src")
    app = build(srcdir, "pdf", confoverrides={"jointplan_pdf_editions": ["plan", "alpha"]})
    assert parse_warnings(app.warning.getvalue(), srcdir) == [], app.warning.getvalue()
    alpha = pdf_text(Path(app.outdir) / "plan-alpha.pdf")
    joint = pdf_text(Path(app.outdir) / "plan.pdf")
    assert "vastgesteld met amendementen A1 en A2" in alpha
    assert "Een gewone alinea van het plan over vier regels (amendement A1)." in alpha
    assert "Afwijkingen van de gezamenlijke tekst" in alpha
    assert ("Gezamenlijke tekst: Een gewone alinea van het plan over twee regels. "
            "Vastgesteld: Een gewone alinea van het plan over vier regels.") in alpha
    assert "de prioriteit Verkeersveiligheid is toegevoegd" in alpha
    assert "over twee regels." in joint and "vier regels" not in joint
    assert "Afwijkingen" not in joint and "amendement" not in joint.lower()
    # The overlap tables follow the amended choices: Verkeersveiligheid is now
    # shared by Alpha and Beta in Alpha's edition, in Beta's only in the joint one.
    # Shared by Alpha (by amendment) and Beta, each with its status.
    shared = re.compile(r"Verkeersveiligheid Fysieke veiligheid Alpha \(\w+\), Beta \(\w+\) 2")
    assert shared.search(alpha)
    assert not shared.search(joint)
    source = (Path(app.outdir) / "plan-alpha.typ").read_text()
    assert "#inserted[over vier regels]" in source
    check = subprocess.run([str(REPO / ".venv/bin/python"), "-m", "jointplan.pdf.check",
                            str(Path(app.outdir) / "plan-alpha.pdf")], capture_output=True,
                           text=True)
    assert check.returncode == 0, check.stdout


def test_withdrawing_an_amendment_gives_byte_identical_output(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    text = (ROOT / PAGE).read_text()
    start = text.index("## Alpha")
    end = text.index("## Beta")
    alpha_part = text[start:end]
    withdrawn = text[:start] + alpha_part.replace(":status: aangenomen", ":status: ingetrokken") \
        + text[end:]
    absent = text[:start] + "## Alpha\n\n" + text[end:]
    outputs = []
    for name, page in (("withdrawn", withdrawn), ("absent", absent)):
        srcdir = copy_root("amended", tmp_path / name, {PAGE: page})
        app = build(srcdir, "pdf", confoverrides={"jointplan_pdf_editions": ["alpha"]})
        warnings = [w for w in parse_warnings(app.warning.getvalue(), srcdir)
                    if "alpha" not in (w["message"] or "")]
        assert warnings == [], app.warning.getvalue()
        html = build(srcdir, "html")
        outdir = Path(html.outdir)
        outputs.append(((Path(app.outdir) / "plan-alpha.pdf").read_bytes(),
                        (outdir / "priorities.json").read_bytes(),
                        (outdir / "municipalities/alpha.html").read_bytes(),
                        (outdir / "shared/overlap.html").read_bytes(),
                        (outdir / "priorities-alpha.json").exists()))
    assert outputs[0][:4] == outputs[1][:4]
    assert outputs[0][4] is outputs[1][4] is False


def test_text_as_adopted_and_valid_on_a_day():
    import datetime

    from jointplan.plan.amendments import Amendment
    from jointplan.plan.model import Location, Municipality
    from jointplan.plan.pointintime import NOT_YET, UNCERTAIN, VALID, as_adopted, valid_on

    def council(id_, decision="", version=""):
        return Municipality(id_, id_.title(), 1, Location("m", 1), council_decision=decision,
                            council_version=version)

    amendments = [Amendment("A1", "a", Location("x", 1), status="aangenomen", add_choice="p"),
                  Amendment("A2", "a", Location("x", 2), status="verworpen", add_choice="q"),
                  Amendment("A3", "a", Location("x", 3), status="ingetrokken", add_choice="r")]
    dated, month = council("a", "2018-12-20", "v1.0"), council("b", "2019-01")
    adopted = as_adopted(dated, amendments)
    assert (adopted.version, adopted.amendments) == ("v1.0", ("A1",))
    assert as_adopted(council("c"), amendments) is None
    day = datetime.date
    assert valid_on(dated, amendments, day(2018, 12, 19)) == (NOT_YET, None)
    assert valid_on(dated, amendments, day(2018, 12, 20)) == (VALID, adopted)
    assert valid_on(month, [], day(2018, 12, 31)) == (NOT_YET, None)
    assert valid_on(month, [], day(2019, 1, 15))[0] == UNCERTAIN
    assert valid_on(month, [], day(2019, 2, 1))[0] == VALID
    assert valid_on(council("c"), [], day(2020, 1, 1)) == (UNCERTAIN, None)
    assert valid_on(council("d", "nee"), [], day(2020, 1, 1)) == (NOT_YET, None)
    assert valid_on(council("e", "datum-onbekend"), [], day(2020, 1, 1))[0] == UNCERTAIN


def test_adopted_text_script_derives_the_answers():
    import sys
    out = subprocess.run([sys.executable, str(REPO / "scripts/adopted_text.py"), str(ROOT),
                          "--date", "2019-01-15"], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines() == [
        "Alpha: niet bekend (besluit: januari 2019): versie niet bekend met amendementen A1 en A2",
        "Beta: geldt: versie niet bekend met amendement A1",
        "Gamma: niet bekend"]


def test_incremental_build_follows_the_amendments(tmp_path):
    """The council's banner, and links to a paragraph that moved, are rewritten
    when only the amendments page (or the paragraph's chapters) changed."""
    from sphinx.testing.util import SphinxTestApp

    srcdir = copy_root("amended", tmp_path / "src")
    app = SphinxTestApp("html", srcdir=srcdir)
    app.build()
    outdir = Path(app.outdir)
    page = srcdir / PAGE
    page.write_text(page.read_text().replace(":status: aangenomen\n:add-choice: verkeer",
                                             ":status: ingetrokken\n:add-choice: verkeer"))
    app.build()
    alpha = (outdir / "municipalities/alpha.html").read_text()
    assert "vastgesteld met amendement A1." in alpha
    # The paragraph p-rb2v9u moves to the catalogue: the amendments page, not
    # read again, must link it there.
    tekst = srcdir / "shared/tekst.md"
    moved = "{#p-rb2v9u} Een gewone alinea van het plan\nover twee regels.\n"
    tekst.write_text(tekst.read_text().replace(moved, ""))
    catalogue = srcdir / "shared/catalogue.md"
    catalogue.write_text(catalogue.read_text() + "\n" + moved)
    app.build()
    app.cleanup()
    assert 'href="shared/catalogue.html#p-rb2v9u"' in (outdir / "amendementen.html").read_text()
    clean = build(copy_root("amended", tmp_path / "clean", {
        PAGE: page.read_text(), "shared/tekst.md": tekst.read_text(),
        "shared/catalogue.md": catalogue.read_text()}), "html")
    for name in ("municipalities/alpha.html", "amendementen.html"):
        assert (outdir / name).read_text() == (Path(clean.outdir) / name).read_text(), name
