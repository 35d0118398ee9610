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

from jointplan.glue import tables
from utils import REPO, ROOTS, build, copy_root, parse_warnings, run

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
    assert not (site / "vastgesteld/gamma").exists()


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
    # Its pages' tables are filled as the joint text's (glue.tables.fill): the
    # catalogue's legend before its first entry too, as on the site.
    catalogue_legend = re.compile(r"Catalogus (?:Catalogus )?Aanduidingen\. „")
    assert catalogue_legend.search(joint) and catalogue_legend.search(alpha)
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
    outputs, sites_built = [], []
    for name, page in (("withdrawn", withdrawn), ("absent", absent)):
        srcdir = copy_root("amended", tmp_path / name, {PAGE: page})
        app = build(srcdir, "pdf", confoverrides={"jointplan_pdf_editions": ["alpha"]})
        warnings = [w for w in parse_warnings(app.warning.getvalue(), srcdir)
                    if "alpha" not in (w["message"] or "")]
        assert warnings == [], app.warning.getvalue()
        html = build(srcdir, "html")
        outdir = Path(html.outdir)
        sites_built.append(outdir)
        outputs.append(((Path(app.outdir) / "plan-alpha.pdf").read_bytes(),
                        (outdir / "priorities.json").read_bytes(),
                        (outdir / "municipalities/alpha.html").read_bytes(),
                        (outdir / "shared/overlap.html").read_bytes(),
                        tree_of(outdir / "vastgesteld"),
                        (outdir / "priorities-alpha.json").exists()))
    assert outputs[0][:5] == outputs[1][:5]
    # The whole site, but for the page that declares the amendments (and so the
    # search index and inventory, which hold its words and anchors, and the
    # digest of the sources).
    skipped = ("amendementen", "_sources/amendementen", "searchindex", "objects.inv",
               "jointplan-build")
    sites = [{name: data for name, data in tree_of(site).items()
              if not name.startswith(skipped)} for site in sites_built]
    assert sites[0].keys() == sites[1].keys()
    assert [name for name in sites[0] if sites[0][name] != sites[1][name]] == []
    assert outputs[0][5] is outputs[1][5] is False
    # Beta's view is there, Alpha's (no amendment left) is not.
    assert "beta/shared/tekst.html" in outputs[0][4]
    assert not any(name.startswith("alpha/") for name in outputs[0][4])


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


def adopting_twice(*, second: str = "", extra: str = "") -> str:
    """The amendments page with Alpha adopting twice: in January 2019 with A1,
    A1a and A2 (named), in March 2020 again (``second``: its :amendments: line),
    plus ``extra`` records."""
    record = (":::{{ivp:decision}} alpha/raad\n:kind: raadsbesluit\n:date: {date}\n"
              ":outcome: vastgesteld\n:source: onbekend\n{names}:::\n")
    return ((ROOT / PAGE).read_text() + "\n" + extra
            + record.format(date="2019-01", names=":amendments: A1, A1a, A2\n") + "\n"
            + record.format(date="2020-03", names=second))


A5 = """
::::{ivp:amendment} A5
:council: alpha
:date: 2020-03-12
:status: aangenomen
:paragraph: p-7787ev
:old: hierboven
:new: hiervoor

{#p-amd009} Bij de tweede vaststelling.
::::
"""


def test_a_council_that_adopts_twice_has_the_text_of_its_latest_decision(tmp_path, monkeypatch):
    """Alpha adopted in 2019 with A1, A1a and A2, and in 2020 again with A5
    (dated that day, named by no decision): its adopted text is the text of
    2020, with A5 only, on the site, in its export and in its edition."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    srcdir = copy_root("amended", tmp_path / "src", {PAGE: adopting_twice(extra=A5)})
    app = build(srcdir, "html")
    assert parse_warnings(app.warning.getvalue(), srcdir) == [], app.warning.getvalue()
    site = Path(app.outdir)
    chapter = words_of(soup(site / "municipalities/alpha.html"))
    assert "De raad van Alpha heeft de tekst vastgesteld met amendement A5." in chapter
    view = words_of(soup(site / "vastgesteld/alpha/shared/tekst.html"))
    assert "Zie ook de alinea hiervoor" in view and "over twee regels" in view
    assert "vier regels" not in view
    rows = [th.get_text(strip=True) for th in soup(site / "vastgesteld/index.html")
            .find("tbody").find_all("th")]
    assert "alinea p-7787ev" in rows and "alinea p-rb2v9u" not in rows
    assert "verkeer" not in json.loads((site / "priorities-alpha.json").read_text())[
        "choices"]["alpha"]
    pdf = build(srcdir, "pdf", confoverrides={"jointplan_pdf_editions": ["alpha"]})
    edition = pdf_text(Path(pdf.outdir) / "plan-alpha.pdf")
    assert "vastgesteld met amendement A5" in edition
    assert "hiervoor (amendement A5)" in edition and "vier regels" not in edition
    # The text valid in 2019 is still the first one, with its own amendments.
    out = subprocess.run([str(REPO / ".venv/bin/python"), str(REPO / "scripts/adopted_text.py"),
                          str(srcdir), "--date", "2019-06-01"], capture_output=True, text=True,
                         check=True).stdout
    assert "Alpha: geldt: versie niet bekend met amendementen A1 en A2" in out


def test_a_second_decision_without_amendments_adopts_the_joint_text(tmp_path):
    srcdir = copy_root("amended", tmp_path / "src", {PAGE: adopting_twice()})
    app = build(srcdir, "html")
    assert parse_warnings(app.warning.getvalue(), srcdir) == [], app.warning.getvalue()
    site = Path(app.outdir)
    assert "amendement" not in words_of(soup(site / "municipalities/alpha.html")).lower()
    assert "het plan vermeldt geen amendement dat de raad aannam" in \
        words_of(soup(site / "vastgesteld/alpha.html"))
    assert not (site / "vastgesteld/alpha").exists()


def test_an_amendment_no_decision_adopted_is_reported_at_its_line(tmp_path):
    """A6 is dated after Alpha's last decision; A7 has no date while Alpha
    decided twice; the second decision names A2 again: each is located, and
    none of them changes Alpha's text."""
    late = A5.replace("A5", "A6").replace("2020-03-12", "2021-01-05").replace(
        "p-amd009", "p-amd010")
    undated = A5.replace("A5", "A7").replace(":date: 2020-03-12\n", "").replace(
        "p-amd009", "p-amd011").replace("p-7787ev", "p-7ja2m8").replace(
        ":old: hierboven\n:new: hiervoor", ":old: kader\n:new: vak")
    text = adopting_twice(second=":amendments: A2\n", extra=late + undated)
    srcdir = copy_root("amended", tmp_path / "src", {PAGE: text})
    app = build(srcdir, "html")
    lines = text.splitlines()
    second = [n for n, line in enumerate(lines, 1) if line == ":::{ivp:decision} alpha/raad"]
    at = {number: lines.index(f"::::{{ivp:amendment}} {number}") + 1 for number in ("A6", "A7")}
    warnings = {(w["line"], w["message"]) for w in parse_warnings(app.warning.getvalue(), srcdir)
                if w["type"] == "ivp.amendment"}
    assert warnings == {
        (at["A6"], f"amendement A6: het amendement is aangenomen op 2021-01-05, maar de raad van "
         f"Alpha stelde het plan het laatst vast op 2020-03 (amendementen, regel {second[1]}), "
         "vóór die dag, dus geen vastgelegd besluit heeft het aangenomen. Leg het besluit vast "
         "dat het aannam (ivp:decision alpha/raad met :amendments: A6), of verbeter de datum "
         "van het amendement."),
        (at["A7"], "amendement A7: het amendement is aangenomen, maar heeft geen datum, en de "
         f"raad van Alpha stelde het plan 2 keer vast (het laatst in amendementen, regel "
         f"{second[1]}); zeg welk besluit het aannam: noem A7 bij :amendments: van dat "
         "besluit, of geef het amendement zijn :date:."),
        (second[1], f":amendments: A2 is al aangenomen met een eerder besluit van de raad "
         f"(amendementen, regel {second[0]}); een amendement wordt één keer aangenomen, met één "
         "besluit. Haal A2 hier weg, of leg het amendement dat dit besluit aannam vast onder "
         "een eigen nummer."),
    }, app.warning.getvalue()
    # Alpha's current decision adopted none of them: its text is the joint text.
    assert "amendement" not in words_of(soup(Path(app.outdir) / "municipalities/alpha.html")
                                        ).lower()


def test_an_amendment_dated_after_the_decision_that_names_it_is_reported(tmp_path):
    """Alpha's decision of March 2020 names A5, dated January 2021: reported at
    the decision, with the amendment's place and what to correct."""
    text = adopting_twice(second=":amendments: A5\n",
                          extra=A5.replace("2020-03-12", "2021-01-05"))
    srcdir = copy_root("amended", tmp_path / "src", {PAGE: text})
    app = build(srcdir, "html")
    lines = text.splitlines()
    second = [n for n, line in enumerate(lines, 1) if line == ":::{ivp:decision} alpha/raad"][1]
    at = lines.index("::::{ivp:amendment} A5") + 1
    warnings = {(w["line"], w["message"]) for w in parse_warnings(app.warning.getvalue(), srcdir)
                if w["type"] == "ivp.amendment"}
    assert warnings == {
        (second, f":amendments: noemt A5, met de datum 2021-01-05 (amendementen, regel {at}), "
         "na dit besluit (2020-03); een raad neemt een amendement aan in de vergadering waarin "
         "hij besluit, niet later. Verbeter de :date: van het amendement of van dit besluit."),
    }, app.warning.getvalue()


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


def test_make_vastgesteld_on_a_day_builds_the_text_of_the_decision_then_in_force(tmp_path):
    """Alpha adopted v1.0 with A1, A1a and A2, then v2.0 without amendments: the text
    valid in between is v1.0 with its amendments, not with the later decision's."""
    repo = adopted_repo(tmp_path / "plan")
    git(repo, "tag", "-a", "v2.0", "-m", "Versie 2.0", date="2019-06-02T09:00:00")
    alpha = repo / "docs/municipalities/alpha.md"
    alpha.write_text(alpha.read_text().replace(":council-decision: 2019-01-20\n", "")
                     .replace(":council-version: v1.0\n", ""))
    record = (":::{{ivp:decision}} {party}\n:kind: {kind}\n:date: {date}\n:version: {version}\n"
              ":outcome: {outcome}\n:source: onbekend\n{names}:::\n\n")
    agreed = "".join(record.format(party=party, kind="akkoord", date="onbekend", version=version,
                                   outcome="akkoord", names="")
                     for version in ("v1.0", "v2.0") for party in ("alpha", "beta", "gamma"))
    with (repo / "docs" / PAGE).open("a") as page:
        page.write("\n" + agreed + "".join(
            record.format(party="alpha/raad", kind="raadsbesluit", date=date, version=version,
                          outcome="vastgesteld", names=names)
            for date, version, names in (("2019-01-20", "v1.0", ":amendments: A1, A1a, A2\n"),
                                         ("2019-07-01", "v2.0", ""))))
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "Alpha stelt v2.0 vast", date="2019-07-02T10:00:00")
    result = build_adopted(repo, "alpha", "--date", "2019-06-15")
    assert result.returncode == 0, result.stderr + result.stdout
    assert "versie 1.0 met amendementen A1 en A2" in result.stdout
    out = repo / "_build/vastgesteld/alpha"
    assert json.loads((out / "vastgesteld.json").read_text())["warnings"] == []
    edition = pdf_text(out / "plan-alpha.pdf")
    assert "Een gewone alinea van het plan over vier regels (amendement A1)." in edition
    assert "vastgesteld met amendementen A1 en A2" in edition


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


# -- each council's whole adopted text on the site (jointplan.site.adoptedview) --------

def tree_of(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder``, by its path there."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def words_of(page: BeautifulSoup) -> str:
    """The text a sighted reader sees (without the words for screen readers)."""
    page = BeautifulSoup(str(page), "html.parser")
    for hidden in page.find_all(class_="ivp-changes-sr"):
        hidden.decompose()
    return " ".join(page.get_text(" ").split()).replace(" ,", ",").replace(" .", ".") \
        .replace("( ", "(").replace(" )", ")")


def test_council_view_is_the_whole_adopted_text(site):
    view = site / "vastgesteld/alpha"
    # Its edition: the shared chapters and its own, not the other councils' or
    # what the PDFs leave out (the amendments page).
    assert sorted(p.relative_to(view).as_posix() for p in view.rglob("*.html")) == [
        "index.html", "municipalities/alpha.html", "shared/catalogue.html",
        "shared/overlap.html", "shared/tekst.html"]
    page = soup(view / "shared/tekst.html")
    text = words_of(page)
    assert "Een gewone alinea van het plan over vier regels (amendement A1)." in text
    assert "over twee regels" not in text
    inserted = page.find("ins", class_="ivp-amended")
    assert inserted.get_text(" ", strip=True) == \
        "[begin invoeging] over vier regels [einde invoeging]"
    mark = inserted.find_next_sibling("a")
    assert mark.get_text() == "amendement A1"
    assert mark["href"] == "../../../amendementen.html#ivp-amendment-alpha-a1"
    # The banner names the text and its amendments, and links the deviations
    # and the same page in the joint text.
    banner = page.find(class_="ivp-adopted-view")
    assert "Deze pagina toont de tekst zoals vastgesteld door de raad van Alpha: de " \
        "gezamenlijke tekst (welke versie is niet bekend) met amendementen A1 en A2." \
        in words_of(banner)
    links = {a.get_text(): a["href"] for a in banner.find_all("a")}
    assert links == {"A1": "../../../amendementen.html#ivp-amendment-alpha-a1",
                     "A2": "../../../amendementen.html#ivp-amendment-alpha-a2",
                     "Alle afwijkingen van de gezamenlijke tekst": "../../alpha.html",
                     "Deze pagina in de gezamenlijke tekst": "../../../shared/tekst.html"}
    assert page.title.get_text().startswith("Tekst, zoals vastgesteld door de raad van Alpha")
    status = page.find(class_="ivp-status").get_text()
    assert status.startswith("Tekst zoals vastgesteld door de raad van Alpha, met amendementen "
                             "A1 en A2.")
    # Beta's view has its own amendment, not Alpha's.
    beta = words_of(soup(site / "vastgesteld/beta/shared/tekst.html"))
    assert "over twee regels" in beta and "vier" not in beta
    assert "met klem (amendement A1)" in beta
    # The joint text is unchanged.
    joint = soup(site / "shared/tekst.html")
    assert joint.find(class_="ivp-adopted-view") is None
    assert "over twee regels" in words_of(joint)


def test_council_view_tables_follow_its_amendments(site):
    def verkeer_row(path: Path) -> str:
        table = soup(path).find("table", id="ivp-shared")
        return next((" ".join(tr.get_text(" ").split()) for tr in table.find_all("tr")
                     if "Verkeersveiligheid" in tr.get_text()), "")

    # Alpha added Verkeersveiligheid: shared with Beta in its adopted text only.
    assert "Alpha" in verkeer_row(site / "vastgesteld/alpha/shared/overlap.html")
    assert "Alpha" not in verkeer_row(site / "shared/overlap.html")
    assert "Alpha" not in verkeer_row(site / "vastgesteld/beta/shared/overlap.html")
    # The added choice links to the amendment that added it.
    page = soup(site / "vastgesteld/alpha/shared/overlap.html")
    assert page.find("a", href="../../../amendementen.html#ivp-amendment-alpha-a2")
    assert not page.find("a", href=re.compile("ivp-choice-alpha-verkeer"))


def test_council_view_links_stay_inside_it(site):
    """Every relative address of every view page exists, with its anchor; links to
    a document of the edition go to its copy in the view, others to the joint text."""
    for path in sorted((site / "vastgesteld").rglob("*.html")):
        page = soup(path)
        for tag, attribute in (("a", "href"), ("link", "href"), ("script", "src"),
                               ("img", "src")):
            for node in page.find_all(tag, **{attribute: True}):
                address = node[attribute]
                if re.match(r"^[a-z]+:|^#|^$", address):
                    continue
                where, _, anchor = address.partition("#")
                target = (path.parent / where.split("?")[0]).resolve()
                assert target.is_file(), (path, address)
                if anchor and target.suffix == ".html":
                    assert soup(target).find(id=anchor), (path, address)
    page = soup(site / "vastgesteld/alpha/shared/tekst.html")
    hrefs = {a["href"] for a in page.find_all("a", href=True)}
    # The previous/next links (alabaster's relbar) and the body's links.
    assert "catalogue.html" in hrefs or any(h.startswith("catalogue.html#") for h in hrefs)
    assert not any(h.startswith("../../../shared/catalogue") for h in hrefs)
    index = soup(site / "vastgesteld/alpha/index.html")
    toctree = [a["href"] for a in index.find("div", class_="toctree-wrapper").find_all("a")]
    assert {"shared/tekst.html", "municipalities/alpha.html",
            "../../municipalities/beta.html", "../../amendementen.html"} <= set(toctree)
    assert index.find("html")["data-content_root"] == "../../"


def test_council_view_metadata_and_search(site):
    page = soup(site / "vastgesteld/alpha/shared/tekst.html")
    meta = [(m["name"], m["content"]) for m in page.find_all("meta", attrs={"name": True})
            if m["name"].startswith("DCTERMS.")]
    assert ("DCTERMS.identifier", "vastgesteld/alpha/shared/tekst.html") in meta
    assert [c for n, c in meta if n in ("DCTERMS.creator", "DCTERMS.spatial")] == \
        ["Alpha", "Alpha"]
    data = json.loads(page.find("script", type="application/ld+json").string)
    assert data["description"] == \
        "Tekst zoals vastgesteld door de raad van Alpha, met amendementen A1 en A2"
    # The search index holds each document once: the copies are not in it.
    index = (site / "searchindex.js").read_text()
    assert "vastgesteld" not in index
    assert '"shared/tekst"' in index


def test_council_without_amendments_gets_a_notice(site):
    page = soup(site / "vastgesteld/gamma.html")
    text = words_of(page)
    assert "Tekst zoals vastgesteld door de raad van Gamma" in text
    # Gamma's adoption is not recorded: the page claims no adopted text.
    assert "Deze website toont daarom geen vastgestelde tekst van Gamma." in text
    assert page.find("a", string="Naar de gezamenlijke tekst")["href"] == "../index.html"
    alpha = soup(site / "vastgesteld/alpha.html")
    assert alpha.find("a", string=re.compile("Lees de hele tekst"))["href"] == "alpha/index.html"
    assert alpha.find("a", string="Waar de vastgestelde teksten verschillen")["href"] == \
        "index.html"
    # The council's chapter in the joint text links its chapter in the view.
    chapter = soup(site / "municipalities/alpha.html")
    link = chapter.find("p", class_="ivp-adopted-link").find("a")
    assert link.get_text() == "Lees de hele tekst zoals vastgesteld door de raad van Alpha"
    assert link["href"] == "../vastgesteld/alpha/municipalities/alpha.html"
    assert chapter.find("h1").find_next_sibling("p") is link.parent
    # And that page in the view does not link itself as the joint one would.
    assert soup(site / "vastgesteld/alpha/municipalities/alpha.html").find(
        "p", class_="ivp-adopted-link") is None
    assert soup(site / "municipalities/gamma.html").find("p", class_="ivp-adopted-link") is None
    index = soup(site / "vastgesteld/index.html")
    assert index.find("a", href="gamma.html") is not None


def test_notice_of_an_adopted_council_without_amendments(tmp_path):
    amendments = (ROOT / PAGE).read_text()
    start, end = amendments.index("## Beta"), amendments.index("{#p-amd008}")
    srcdir = copy_root("amended", tmp_path / "src", {PAGE: amendments[:start]
                                                     + amendments[end:]})
    site = Path(build(srcdir, "html").outdir)
    text = words_of(soup(site / "vastgesteld/beta.html"))
    assert ("De raad van Beta stelde de gezamenlijke tekst vast (welke versie is niet bekend); "
            "het plan vermeldt geen amendement dat de raad aannam. De tekst zoals vastgesteld "
            "door de raad van Beta is dus die gezamenlijke tekst, zonder amendementen.") in text
    assert not (site / "vastgesteld/beta").exists()


@pytest.mark.parametrize("parallel", [0, 2])
def test_incremental_build_rewrites_the_council_views(tmp_path, parallel):
    """An edit of an amended paragraph, then of an amendment, then withdrawing a
    council's amendments: each incremental build gives the clean build's pages."""
    srcdir = copy_root("amended", tmp_path / "src")
    run(srcdir, tmp_path / "incremental", freshenv=True, parallel=parallel)
    tekst, page = srcdir / "shared/tekst.md", srcdir / PAGE
    gamma = srcdir / "municipalities/gamma.md"
    amendments = page.read_text()
    start, end = amendments.index("## Alpha"), amendments.index("## Beta")
    steps = [
        # Only Gamma's chapter, in no view: a view page whose joint page is not
        # written again is not made again either.
        (gamma, gamma.read_text().replace("{#p-g6bcba} Toelichting bij",
                                          "{#p-g6bcba} Uitleg bij")),
        (tekst, tekst.read_text().replace("{#p-rb2v9u} Een gewone alinea",
                                          "{#p-rb2v9u} Een bijzondere alinea")),
        (page, amendments.replace(":new: vier", ":new: vijf")),
        (page, amendments[:start] + "## Alpha\n\n" + amendments[end:]),
    ]
    def stamps(folder: Path) -> dict[str, int]:
        return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns
                for p in folder.rglob("*.html")}

    for number, (path, text) in enumerate(steps):
        out = tmp_path / "incremental/html"
        before = stamps(out)
        path.write_text(text)
        app = run(srcdir, tmp_path / "incremental", freshenv=False, parallel=parallel)
        if number == 0:
            now = stamps(out)
            views = [name for name in before if name.startswith("vastgesteld/alpha/")]
            kept = [name for name in views
                    if before[name.split("/", 2)[2]] == now[name.split("/", 2)[2]]]
            assert kept and all(before[name] == now[name] for name in kept), kept
        # (The last step leaves the amendments page's reference to alpha/A1 unknown.)
        assert [w for w in parse_warnings(app.warning.getvalue(), srcdir)
                if "alpha/A1" not in w["message"]] == [], app.warning.getvalue()
        clean = run(srcdir, tmp_path / f"clean{number}", freshenv=True, parallel=parallel)
        got, want = Path(app.outdir) / "vastgesteld", Path(clean.outdir) / "vastgesteld"
        assert tree_of(got) == tree_of(want), number
        # The chapter's link to its view comes and goes with the amendments.
        chapter = "municipalities/alpha.html"
        assert (Path(app.outdir) / chapter).read_bytes() == \
            (Path(clean.outdir) / chapter).read_bytes(), number
        if number >= 1:
            assert "Een bijzondere alinea" in words_of(soup(got / "beta/shared/tekst.html"))
        if number == 2:
            assert "over vijf regels (amendement A1)" in words_of(
                soup(got / "alpha/shared/tekst.html"))
    assert not (got / "alpha").exists()
    assert "ivp-adopted-link" not in (Path(app.outdir) / chapter).read_text()
    assert not (Path(app.outdir) / "priorities-alpha.json").exists()


def test_notice_of_a_council_that_adopted_another_text(tmp_path):
    """A council that adopted no edition of this text (``:council-version: geen``)
    and has no amendments: the notice claims no adopted text here."""
    alpha = (ROOT / "municipalities/alpha.md").read_text()
    amendments = (ROOT / PAGE).read_text()
    start, end = amendments.index("## Alpha"), amendments.index("## Beta")
    srcdir = copy_root("amended", tmp_path / "src", {
        "municipalities/alpha.md": alpha.replace(":council-decision: 2019-01\n",
                                                 ":council-decision: 2019-01\n"
                                                 ":council-version: geen\n"),
        PAGE: amendments[:start] + "## Alpha\n\n" + amendments[end:]})
    app = build(srcdir, "html")
    site = Path(app.outdir)
    text = words_of(soup(site / "vastgesteld/alpha.html"))
    assert ("Door de gemeenteraad vastgesteld in januari 2019, in een andere tekst dan deze. "
            "Deze website toont daarom geen vastgestelde tekst van Alpha.") in text
    assert "gezamenlijke tekst vast" not in text


def test_an_amended_paragraph_on_the_deviations_page_reads_as_the_site_renders_it(tmp_path):
    """A citation in an amended paragraph shows as the site shows it (its label,
    linked to the bibliography), never as its key."""
    tekst = (ROOT / "shared/tekst.md").read_text(encoding="utf-8")
    index = (ROOT / "index.md").read_text(encoding="utf-8")
    srcdir = copy_root("amended", tmp_path / "src", {
        "shared/tekst.md": tekst.replace("{#p-rb2v9u} Een gewone alinea van het plan\n",
                                         "{#p-rb2v9u} Een gewone alinea van het plan "
                                         "{cite:p}`bron2018`\n"),
        "bronnen.md": "# Bronnen\n\n```{bibliography}\n```\n",
        "index.md": index.replace("amendementen\n```", "amendementen\nbronnen\n```")})
    app = build(srcdir, "html")
    assert parse_warnings(app.warning.getvalue(), srcdir) == [], app.warning.getvalue()
    site = Path(app.outdir)
    joint = soup(site / "shared/tekst.html").find(id="p-rb2v9u")
    citation = joint.find("a", href=re.compile(r"^\.\./bronnen\.html#"))
    assert citation is not None and "bron2018" not in joint.get_text()
    page = soup(site / "vastgesteld/alpha.html")
    section = page.find("a", href="../shared/tekst.html#p-rb2v9u").find_parent("section")
    shown = section.find("p")
    assert "bron2018" not in section.get_text()
    # The joint paragraph's words and citation, with the amendment's words, no self-link.
    assert " ".join(shown.get_text(" ").split()) == " ".join(
        joint.get_text(" ").replace("¶", "").replace("over twee regels", "over vier regels")
        .split())
    assert shown.find("a", href=citation["href"]) is not None
    assert not shown.find_all(id=True) and shown.get("id") is None
    assert not shown.find(class_="ivp-paralink")


def test_sharing_units_of_generated_content_changes_no_output(tmp_path, monkeypatch):
    """The councils' texts share the units of generated content they have in
    common (a table row, a catalogue entry's facts: glue.tables.Linker.unit): the
    PDFs' sources and the council views are what they are when every unit is drawn
    and translated for each council again."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    made = tables.Linker.unit
    reused: dict[str, list[bool]] = {"pdf": [], "html": []}
    # Beta's choices change too (it drops one), so its tables are filled again
    # after Alpha's, from units Alpha's text showed and units of its own.
    page = (ROOT / PAGE).read_text().replace(":status: ingetrokken\n:drop-choice: verkeer",
                                             ":status: aangenomen\n:drop-choice: verkeer")
    outputs = []
    for sharing in (True, False):
        srcdir = copy_root("amended", tmp_path / f"sharing-{sharing}", {PAGE: page})
        sources, views = {}, {}
        for name in ("pdf", "html"):
            def unit(self, key, cls, make, name=name):
                node = made(self, key, cls, make)
                reused[name].append(bool(node.get("reused")))
                return node
            monkeypatch.setattr(tables.Linker, "unit", unit if sharing else
                                lambda self, key, cls, make: make())
            app = build(srcdir, name)
            assert app.statuscode == 0, app.warning.getvalue()
            if name == "pdf":
                sources = {p.name: p.read_text() for p in Path(app.outdir).glob("*.typ")}
            else:
                views = tree_of(Path(app.outdir) / "vastgesteld")
        assert "plan-alpha.typ" in sources and "beta/shared/tekst.html" in views
        outputs.append((sources, views))
    # The second council's text took units from the first's, in both outputs.
    assert any(reused["pdf"]) and any(reused["html"])
    assert outputs[0][0] == outputs[1][0]
    assert outputs[0][1] == outputs[1][1]
