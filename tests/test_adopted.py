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


def test_the_text_valid_on_a_day_follows_each_adoption_of_a_council():
    import datetime

    from jointplan.plan.amendments import Amendment
    from jointplan.plan.decisions import Decision, Register
    from jointplan.plan.model import Location, Municipality
    from jointplan.plan.pointintime import NOT_YET, VALID, valid_on_recorded

    alpha = Municipality("alpha", "Alpha", 1, Location("m", 1))
    amendments = [Amendment("A1", "alpha", Location("x", 1), status="aangenomen",
                            add_choice="p"),
                  Amendment("A2", "alpha", Location("x", 2), status="aangenomen",
                            add_choice="q")]

    def adopting(date: str, version: str, numbers: tuple[str, ...]) -> Decision:
        return Decision("alpha/raad", "raadsbesluit", Location("b", int(date[:4])), date=date,
                        version=version, outcome="vastgesteld", amendments=numbers)

    found = Register([alpha], [adopting("2019-01-20", "v1.0", ("A1",)),
                               adopting("2021-03-04", "v1.1", ("A2",))])
    day = datetime.date
    assert valid_on_recorded(found, alpha, amendments, day(2019, 1, 19)) == (NOT_YET, None)
    state, text = valid_on_recorded(found, alpha, amendments, day(2020, 6, 1))
    assert (state, text.version, text.amendments) == (VALID, "v1.0", ("A1",))
    state, text = valid_on_recorded(found, alpha, amendments, day(2021, 3, 4))
    assert (state, text.version, text.amendments) == (VALID, "v1.1", ("A2",))


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


# -- make vastgesteld: a past release with its amendments, built -----------------------

def git(path: Path, *args: str, date: str = "2019-01-01T12:00:00") -> str:
    import os
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date,
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"}
    return subprocess.run(["git", "-C", str(path), *args], check=True, env=env,
                          capture_output=True, text=True).stdout


def adopted_repo(path: Path) -> Path:
    """The amended test plan in git: v1.0 (2019-01-10) holds no records; Alpha's
    council adopts it with amendments (its decision in its chapter, the amendments
    and Beta's decision on the amendments page), and main changes the text after."""
    import shutil
    shutil.copytree(ROOT, path / "docs")
    (path / "docs" / "conf.py").rename(path / "conf.py")
    conf = (path / "conf.py").read_text()
    (path / "conf.py").write_text(conf.replace('["refs.bib"]', '["docs/refs.bib"]')
                                  .replace('["_templates"]', '["docs/_templates"]'))
    (path / ".gitignore").write_text("_build/\n")
    page, alpha = path / "docs" / PAGE, path / "docs/municipalities/alpha.md"
    records = page.read_text()
    page.write_text(records[:records.index("## Alpha")])
    alpha.write_text(alpha.read_text().replace(":council-decision: 2019-01\n", ""))
    git(path, "init", "-q", "-b", "main")
    git(path, "add", "-A")
    git(path, "commit", "-qm", "Versie 1.0", date="2019-01-05T10:00:00")
    git(path, "tag", "-a", "v1.0", "-m", "Versie 1.0", date="2019-01-10T09:00:00")
    # After the adoption: the records, and a later change of the text.
    page.write_text(records + "\n:::{ivp:decision} beta/raad\n:kind: raadsbesluit\n"
                    ":date: 2018-12-20\n:outcome: vastgesteld\n"
                    ":source: onbekend\n:amendments: A1\n:::\n")
    alpha.write_text(alpha.read_text().replace(
        ":residents: 1000\n", ":residents: 1000\n:council-decision: 2019-01-20\n"
        ":council-version: v1.0\n"))
    tekst = path / "docs/shared/tekst.md"
    tekst.write_text(tekst.read_text().replace("Zie ook de alinea hierboven.",
                                               "Zie ook de later herschreven alinea."))
    git(path, "add", "-A")
    git(path, "commit", "-qm", "Later", date="2019-06-01T10:00:00")
    return path


def build_adopted(repo: Path, *args: str) -> subprocess.CompletedProcess:
    import sys
    return subprocess.run([sys.executable, str(REPO / "scripts/build_adopted.py"), *args,
                           "docs", "-c", ".", "--out", "_build/vastgesteld"], cwd=repo,
                          capture_output=True, text=True, env={
                              **__import__("os").environ, "SOURCE_DATE_EPOCH": "1700000000"})


def test_make_vastgesteld_builds_the_adopted_release_with_its_amendments(tmp_path):
    repo = adopted_repo(tmp_path / "plan")
    tag_before = git(repo, "rev-parse", "v1.0^{commit}")
    result = build_adopted(repo, "alpha")
    assert result.returncode == 0, result.stderr + result.stdout
    assert result.stdout.startswith("De tekst zoals de raad van Alpha hem vaststelde: versie 1.0 "
                                    "met amendementen A1 en A2."), result.stdout
    out = repo / "_build/vastgesteld/alpha"
    facts = json.loads((out / "vastgesteld.json").read_text())
    assert (facts["version"], facts["amendments"], facts["pdf"]) == \
        ("v1.0", ["A1", "A2"], ["plan-alpha.pdf"])
    # The edition: v1.0's words with the amendments applied, not main's later words.
    edition = pdf_text(out / "plan-alpha.pdf")
    assert "Een gewone alinea van het plan over vier regels (amendement A1)." in edition
    assert "Zie ook de alinea hierboven." in edition
    assert "later herschreven" not in edition
    assert "Uitgave 1.0 Door de gemeenteraad vastgesteld op 20 januari 2019 (versie 1.0); " \
        "vastgesteld met amendementen A1 en A2 10 januari 2019" in edition
    assert "ontwikkelversie" not in edition.lower()
    assert facts["warnings"] == []
    # The site: the council's view and its chapter's banner; the joint text is v1.0's.
    site = out / "site"
    view = " ".join(soup(site / "vastgesteld/alpha.html").get_text(" ").split())
    assert "Tekst zoals vastgesteld door de raad van Alpha" in view
    chapter = " ".join(soup(site / "municipalities/alpha.html").get_text(" ").split())
    assert "vastgesteld met amendementen A1 en A2" in chapter
    assert "versie 1.0" in chapter.lower()
    tekst = (site / "shared/tekst.html").read_text()
    assert "Zie ook de alinea hierboven." in tekst and "later herschreven" not in tekst
    # Beta's decision came from the records of now, on the release's amendments page.
    assert "met klem" in (site / "vastgesteld/beta.html").read_text()
    # The repository itself is untouched: no change, the tag where it was.
    assert git(repo, "status", "--porcelain") == ""
    assert git(repo, "rev-parse", "v1.0^{commit}") == tag_before


def test_make_vastgesteld_refuses_a_text_not_adopted_on_that_day(tmp_path):
    repo = adopted_repo(tmp_path / "plan")
    result = build_adopted(repo, "alpha", "--date", "2019-01-15")
    assert result.returncode == 2
    assert result.stderr.startswith("make vastgesteld: op 15 januari 2019 gold in Alpha geen "
                                    "vastgestelde tekst"), result.stderr
    unknown = build_adopted(repo, "alfa")
    assert unknown.returncode == 2 and "Bedoel je ‘alpha’?" in unknown.stderr
    not_adopted = build_adopted(repo, "gamma")
    assert not_adopted.returncode == 2 and "Er is dus geen vastgestelde tekst" in \
        not_adopted.stderr


def test_the_records_of_now_replace_the_releases_own_in_place(tmp_path):
    import importlib.util
    import sys
    sys.path.insert(0, str(REPO / "scripts"))
    spec = importlib.util.spec_from_file_location("build_adopted",
                                                  REPO / "scripts/build_adopted.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    old = ("# Besluiten\n\nTekst vooraf.\n\n:::{ivp:decision} politie\n:kind: akkoord\n:::\n\n"
           "Tekst ertussen.\n\n::::{ivp:amendment} A1\n:council: alpha\n\nOud.\n::::\n\n"
           "Tekst achteraf.\n\n:::{ivp:decisions}\n:::\n")
    new_records = [":::{ivp:decision} politie\n:kind: akkoord\n:date: 2019-01\n:::",
                   "::::{ivp:amendment} A1\n:council: alpha\n:status: aangenomen\n\nNieuw.\n::::"]
    assert script.with_records(old, new_records) == (
        "# Besluiten\n\nTekst vooraf.\n\n" + "\n\n".join(new_records) + "\n\n\nTekst ertussen."
        "\n\n\nTekst achteraf.\n\n:::{ivp:decisions}\n:::\n")
    declared = ":::{ivp:municipality} alpha\n:name: Alpha\n:council-decision: nee\n:::\n"
    assert script.with_decision_options(declared, {"alpha": [":council-decision: 2019-01",
                                                             ":council-version: v1.0"]}) == \
        (":::{ivp:municipality} alpha\n:name: Alpha\n:council-decision: 2019-01\n"
         ":council-version: v1.0\n:::\n")
    # A page the release lacks: its title and its records, as an orphan page.
    now, then = tmp_path / "now", tmp_path / "then"
    (now / "docs").mkdir(parents=True)
    (then / "docs").mkdir(parents=True)
    (now / "docs/besluiten.md").write_text("# Besluiten\n\nProza van nu.\n\n" + old)
    assert script.overlay(now / "docs", then / "docs", now, then) == ["besluiten.md"]
    added = (then / "docs/besluiten.md").read_text()
    assert added.startswith("---\norphan: true\n---\n\n# Besluiten\n\n:::{ivp:decision} politie")
    assert "Proza van nu" not in added and "Oud." in added


def test_incremental_build_follows_the_councils_decision(tmp_path):
    """Only a decision changes (it names A2 of Alpha's amendments): Alpha's chapter,
    not read again, is rewritten with the amendments that now count."""
    from sphinx.testing.util import SphinxTestApp

    srcdir = copy_root("amended", tmp_path / "src")
    app = SphinxTestApp("html", srcdir=srcdir)
    app.build()
    outdir = Path(app.outdir)
    assert "vastgesteld met amendementen A1 en A2." in \
        (outdir / "municipalities/alpha.html").read_text()
    page = srcdir / PAGE
    decided = page.read_text() + (
        "\n:::{ivp:decision} alpha/raad\n:kind: raadsbesluit\n:date: 2019-01\n"
        ":outcome: vastgesteld\n:source: onbekend\n:amendments: A2\n:::\n")
    page.write_text(decided)
    app.build()
    app.cleanup()
    alpha = (outdir / "municipalities/alpha.html").read_text()
    assert "vastgesteld met amendement A2." in alpha
    clean = build(copy_root("amended", tmp_path / "clean", {PAGE: decided}), "html")
    for name in ("municipalities/alpha.html", "vastgesteld/alpha.html"):
        assert (outdir / name).read_text() == (Path(clean.outdir) / name).read_text(), name
