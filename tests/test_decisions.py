"""Decisions on the plan: parties, the register's checks, the lifecycle status, the
decisions table, the timeline, the raadsvoorstel per council and release gating.

Most tests build a generated plan of nine municipalities and four organisations
(besides the municipalities) in a temporary git repository, with releases
tagged at fixed dates and decisions in every state.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import shutil
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pikepdf
import pytest
from bs4 import BeautifulSoup

from utils import REPO, parse_warnings, strip_colors
from jointplan.plan import decisions as model
from jointplan.plan import timeline, words
from jointplan.plan.model import Location, Municipality

NAMES = ["Alfa", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf", "Hotel", "India"]
ORGANISATIONS = {"politie": "Politie", "om": "Openbaar Ministerie", "brandweer": "Brandweer",
                 "ggd": "GGD"}
PRIORITIES = ["woninginbraak", "drugs", "verkeer"]
EPOCH = "1545350400"  # 2018-12-21


def decision(body: str, **options: str) -> str:
    lines = [f":::{{ivp:decision}} {body}"]
    lines += [f":{key}: {value}" for key, value in options.items()]
    return "\n".join(lines) + "\n:::\n"


def agreements(version: str, who: list[str], day: int = 15) -> str:
    return "\n".join(decision(o, kind="akkoord", date=f"2019-01-{day + n:02d}", version=version,
                              outcome="akkoord", source="bron2018")
                     for n, o in enumerate(who))


def everyone(count: int) -> list[str]:
    return [n.lower() for n in NAMES[:count]] + list(ORGANISATIONS)


#: Decisions in every state: v1.0 agreed by all; Alfa's college proposed it and
#: its council adopted it with two amendments; Bravo's council rejected it;
#: Charlie's college proposed it (the council has not decided); Delta's council
#: adopted an earlier text that is no release; Echo's council postponed; the
#: driehoek took note; of the others nothing is recorded.
EVERY_STATE = agreements("v1.0", everyone(9)) + "\n".join([
    decision("alfa/college", kind="raadsvoorstel", date="2019-02-05", version="v1.0",
             source="bron2018"),
    decision("alfa/raad", kind="raadsbesluit", date="2019-03-01", version="v1.0",
             outcome="vastgesteld", source="bron2018", amendments="a1, a2"),
    decision("bravo/college", kind="raadsvoorstel", date="2019-02", version="v1.0",
             source="onbekend"),
    decision("bravo/raad", kind="raadsbesluit", date="2019-03", version="v1.0",
             outcome="verworpen", source="onbekend"),
    decision("charlie/college", kind="raadsvoorstel", date="2019-02-12", version="v1.0",
             source="onbekend"),
    decision("delta/raad", kind="raadsbesluit", version="geen", outcome="vastgesteld",
             source="bron2018"),
    decision("echo/raad", kind="raadsbesluit", date="2019-03-14", version="v1.0",
             outcome="aangehouden", source="onbekend"),
    decision("driehoek", kind="kennisname", date="2019-01", version="v1.0", source="onbekend"),
    # The two amendments Alfa's council adopted (its decision names them).
    "::::{ivp:amendment} A1\n:council: alfa\n:status: aangenomen\n:add-choice: verkeer\n::::\n",
    "::::{ivp:amendment} A2\n:council: alfa\n:status: aangenomen\n:drop-choice: woninginbraak"
    "\n::::\n",
])


def chapter(index: int) -> str:
    name = NAMES[index]
    text = [f"# {name}\n", f":::{{ivp:municipality}} {name.lower()}", f":name: {name}",
            f":residents: {1000 * (index + 1)}", ":::\n"]
    for priority in ("ondermijning", PRIORITIES[index % 3]):
        text += [f"## Prioriteit {priority}\n", f"::::{{ivp:choice}} {priority}",
                 ":origin: bewoners", ":status: indeling\n", ":::{ivp:goals}", "- Doel.", ":::\n",
                 ":::{ivp:indicators}", "- Indicator.", ":::", "::::\n"]
    return "\n".join(text)


PROPOSAL = """# Raadsvoorstel {name}

:::{{ivp:council-proposal}} {id}
:asks: {asks}
:::

## Gevraagd besluit

De raad wordt gevraagd het plan vast te stellen.

## Financiële gevolgen

Geen.

## Besluitvorming tot nu toe

:::{{ivp:decisions}} {id}
:::
"""


class Plan:
    """A generated plan in a git repository (conf.py at the top, docs/ below)."""

    def __init__(self, path: Path, count: int = 9, decided: str = EVERY_STATE,
                 proposals: dict[str, str] | None = None, extra: str = ""):
        self.path, self.count = path, count
        docs = path / "docs"
        (docs / "municipalities").mkdir(parents=True)
        (docs / "raadsvoorstellen").mkdir()
        ids = [n.lower() for n in NAMES[:count]]
        proposals = {"alfa": "vaststelling", "charlie": "kennisname"} \
            if proposals is None else proposals
        (path / "conf.py").write_text(
            'extensions = ["myst_parser", "sphinxcontrib.bibtex", "jointplan"]\n'
            'bibtex_bibfiles = ["docs/refs.bib"]\nmyst_enable_extensions = ["colon_fence"]\n'
            'language = "nl"\nexclude_patterns = ["_build"]\n'
            'html_theme = "pydata_sphinx_theme"\n'
            f'templates_path = [{str(REPO / "docs" / "_templates")!r}]\n'
            'jointplan_title = "Proefplan"\njointplan_kicker = "Proefregio"\n'
            'jointplan_pdf_name = "plan"\n'
            f"jointplan_organisations = {ORGANISATIONS!r}\n"
            'jointplan_bodies = {"driehoek": "Driehoek"}\n', encoding="utf-8")
        (docs / "refs.bib").write_text(
            "@misc{bron2018,\n  title = {Een bron},\n  author = {{Gemeente Alfa}},\n"
            "  year = {2018},\n}\n", encoding="utf-8")
        (docs / "index.md").write_text(
            "# Proefplan\n\n:::{ivp:municipality-cards}\n:::\n\n```{toctree}\n"
            "catalogue\nbesluitvorming\n" + "".join(f"municipalities/{i}\n" for i in ids)
            + "bronnen\n```\n", encoding="utf-8")
        (docs / "bronnen.md").write_text("# Bronnen\n\n```{bibliography}\n```\n")
        catalogue = (REPO / "tests" / "roots" / "test-plan" / "shared" / "catalogue.md")
        (docs / "catalogue.md").write_text(catalogue.read_text(encoding="utf-8"))
        for n, municipality in enumerate(ids):
            (docs / "municipalities" / f"{municipality}.md").write_text(chapter(n))
        for municipality, asks in proposals.items():
            (docs / "raadsvoorstellen" / f"{municipality}.md").write_text(
                PROPOSAL.format(name=municipality.capitalize(), id=municipality, asks=asks))
        toctree = "".join(f"/raadsvoorstellen/{m}\n" for m in proposals)
        self.write("besluitvorming.md",
                   "# Besluitvorming\n\n:::{ivp:decisions}\n:::\n\n"
                   ":::{ivp:decision-timeline}\n:::\n\n## Besluiten\n\n" + decided + extra
                   + (f"\n```{{toctree}}\n{toctree}```\n" if toctree else ""))
        (path / ".gitignore").write_text("_build/\n")
        self.git("init", "-q", "-b", "main")
        self.commit("Tekst", "2019-01-05T10:00:00")
        self.git("tag", "-a", "v1.0", "-m", "Versie 1.0", date="2019-01-10T09:00:00")

    def write(self, relpath: str, text: str) -> None:
        (self.path / "docs" / relpath).write_text(text, encoding="utf-8")

    def git(self, *args: str, date: str = "2019-01-01T12:00:00") -> str:
        env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date,
               "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t",
               "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"}
        return subprocess.run(["git", "-C", str(self.path), *args], check=True, env=env,
                              capture_output=True, text=True).stdout

    def commit(self, message: str, date: str) -> None:
        self.git("add", "-A", date=date)
        self.git("commit", "-qm", message, date=date)

    def build(self, builder: str = "html", *options: str) -> tuple[Path, list[dict]]:
        out = self.path / "_build" / builder
        result = subprocess.run(
            [sys.executable, "-m", "sphinx", "-b", builder, "-c", str(self.path), *options,
             str(self.path / "docs"), str(out)], capture_output=True, text=True,
            env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH})
        assert result.returncode == 0, result.stderr
        return out, parse_warnings(strip_colors(result.stderr), self.path / "docs")


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Plan:
    return Plan(tmp_path_factory.mktemp("decisions") / "plan")


@pytest.fixture(scope="module")
def site(generated) -> Path:
    out, warnings = generated.build()
    assert warnings == []
    return out


def page(site: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((site / f"{name}.html").read_text(encoding="utf-8"), "html.parser")


def table_rows(table) -> list[list[str]]:
    return [[" ".join(c.get_text(" ", strip=True).split()) for c in row.find_all(["th", "td"])]
            for row in table.select("tbody tr")]


# -- the pure model -------------------------------------------------------------------

def municipalities(count: int) -> list[Municipality]:
    return [Municipality(n.lower(), n, 1000, Location(f"municipalities/{n.lower()}", 3))
            for n in NAMES[:count]]


def record(body: str, kind: str, line: int, **fields) -> model.Decision:
    return model.Decision(body=body, kind=kind, location=Location("besluitvorming", line),
                          **fields)


def test_the_lifecycle_follows_the_decisions_through_every_state():
    plan = municipalities(9)

    def state(*records) -> model.Lifecycle:
        return model.Register(plan, records, ORGANISATIONS).lifecycle

    assert state().state == "werkversie"
    agreed = [record(o, "akkoord", n, version="v1.0", outcome="akkoord")
              for n, o in enumerate(everyone(9))]
    some = state(*agreed[:5])
    assert (some.state, some.version, some.agreed, some.organisations) == \
        ("ter-afstemming", "v1.0", 5, 13)
    assert state(*agreed).state == "ter-vaststelling"
    proposed = record("alfa/college", "raadsvoorstel", 50, version="v1.0",
                      outcome="voorgelegd")
    assert state(*agreed[:3], proposed).proposed == 1
    adopted = record("alfa/raad", "raadsbesluit", 51, version="v1.0", outcome="vastgesteld")
    life = state(*agreed, proposed, adopted)
    assert (life.state, life.adopted, life.councils, life.version) == \
        ("vastgesteld", 1, 9, "v1.0")
    # In words, never more than the records say.
    assert words.lifecycle_status(state(), "") == \
        "Werkversie: nog geen akkoord of besluit over de tekst vastgelegd"
    assert words.lifecycle_status(some, "") == \
        "Ter afstemming: vijf van de dertien organisaties akkoord met versie 1.0"
    assert words.lifecycle_status(state(*agreed, proposed), "") == \
        ("Ter vaststelling: alle dertien organisaties akkoord met versie 1.0; aan één van de "
         "negen gemeenteraden voorgelegd")
    assert words.lifecycle_status(life, "Vastgesteld door één van de negen") == \
        "Vastgesteld door één van de negen"


def test_a_municipalitys_shorthand_is_a_decision_unless_a_record_says_the_same():
    plan = [Municipality("alfa", "Alfa", 1, Location("municipalities/alfa", 3),
                         college_decision="2019-02", council_decision="2019-03-01",
                         council_version="v1.0")]
    register = model.Register(plan)
    assert [(d.body, d.kind, d.date, d.version, d.shorthand) for d in register.decisions] == [
        ("alfa/college", "raadsvoorstel", "2019-02", "", True),
        ("alfa/raad", "raadsbesluit", "2019-03-01", "v1.0", True)]
    sourced = record("alfa/raad", "raadsbesluit", 9, date="2019-03-01", version="v1.0",
                     outcome="vastgesteld", source="bron")
    register = model.Register(plan, [sourced])
    assert [d.source for d in register.decisions] == ["", "bron"]  # the record stands
    other_day = record("alfa/raad", "raadsbesluit", 9, date="2019-03-02",
                       outcome="vastgesteld")
    problems = model.Register(plan, [other_day]).problems({}, datetime.date(2020, 1, 1))
    # The plan layer's message id, in English; the glue says it in the plan's language.
    assert [(p.location.lineno, p.message) for p in problems] == [(9, (
        "this decision says 2019-03-02, but :council-decision: in municipalities/alfa "
        "(line 3) says 2019-03-01. Make them the same, or remove :council-decision: there: "
        "this decision names its source."))]


def test_impossible_dates_are_found():
    assert model.valid_date("2020-02-29") and model.valid_date("2019-01")
    assert not model.valid_date("2019-02-29")
    assert not model.valid_date("2019-13") and not model.valid_date("2019-00-10")


# -- the generated plan: nine municipalities, four organisations --------------------------

def test_the_decisions_table_lists_every_decision_with_its_source(site):
    exported = json.loads((site / "priorities.json").read_text(encoding="utf-8"))
    rows = table_rows(page(site, "besluitvorming").select_one("table.ivp-decisions"))
    assert len(rows) == len(exported["decisions"]) == 13 + 8
    # In time order: a month before the days in it.
    assert rows[:2] == [["Driehoek", "kennisname", "versie 1.0", "januari 2019",
                         "kennis genomen", "niet in de bronnenlijst"],
                        ["Alfa", "akkoord op de tekst", "versie 1.0", "15 januari 2019",
                         "akkoord", "Gemeente Alfa, 2018"]]
    assert ["Gemeenteraad van Alfa", "raadsbesluit", "versie 1.0", "1 maart 2019",
            "vastgesteld; aangenomen amendementen: A1, A2", "Gemeente Alfa, 2018"] in rows
    assert rows[-1] == ["Gemeenteraad van Delta", "raadsbesluit", "geen uitgave van deze tekst",
            "niet bekend", "vastgesteld", "Gemeente Alfa, 2018"]  # undated: last
    source = page(site, "besluitvorming").select_one("table.ivp-decisions td a")
    assert source["href"].startswith("bronnen.html#")  # the bibliography entry


def test_priorities_json_has_the_lifecycle_parties_and_decisions_and_validates(site):
    exported = json.loads((site / "priorities.json").read_text(encoding="utf-8"))
    schema = json.loads((site / "priorities.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(exported, schema)
    assert exported["lifecycle"] == {
        "state": "vastgesteld", "version": None, "organisations": 13, "agreed": 0,
        "councils": 9, "proposed": 3, "adopted": 2,
        "text": "CONCEPT: nog niet door alle gemeenteraden vastgesteld"}
    kinds = {p["kind"] for p in exported["parties"]}
    assert kinds == {"organisation", "body", "college", "council"}
    assert len(exported["parties"]) == 9 + 4 + 1 + 2 * 9
    alfa = next(d for d in exported["decisions"] if d["body"] == "alfa/raad")
    assert alfa == {"body": "alfa/raad", "kind": "raadsbesluit", "date": "2019-03-01",
                    "version": "v1.0", "outcome": "vastgesteld", "source": "bron2018",
                    "amendments": ["A1", "A2"]}
    broken = dict(exported, lifecycle=dict(exported["lifecycle"], state="klaar"))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)


def test_the_timeline_is_an_svg_whose_data_table_agrees_with_the_data(site):
    body = page(site, "besluitvorming")
    figure = body.select_one("figure.ivp-timeline svg")
    assert figure["role"] == "img"
    assert figure.select_one("title").get_text() == "Tijdlijn van de besluitvorming"
    description = figure.select_one("desc").get_text()
    assert "Gemeenteraad van Bravo: raadsbesluit in maart 2019 (versie 1.0): verworpen." in \
        description
    assert "Driehoek: kennisname in januari 2019 (versie 1.0): kennis genomen." in description
    assert "<script" not in str(figure) and "href" not in str(figure)  # nothing to load
    rows = table_rows(body.select_one("table.ivp-timeline-data"))
    exported = json.loads((site / "priorities.json").read_text(encoding="utf-8"))
    names = {p["id"]: p["name"] for p in exported["parties"]}
    expected = sorted(
        (names[d["body"]], words.DECISION_KINDS[d["kind"]],
         words.decision_version(d["version"] or ""), words.OUTCOME_WORDS[d["outcome"]])
        for d in exported["decisions"])
    assert sorted((r[0], r[2], r[3], r[4]) for r in rows) == expected
    # One mark per decision, each labelled with its version, on its party's row.
    marks = figure.select("circle, rect[width='12'], polygon")
    assert len(marks) == len(rows) == len(exported["decisions"])
    labels = [t.get_text() for t in figure.select("text[font-size='10']")]
    assert sorted(labels) == sorted(timeline.version_mark(d["version"] or "")
                                    for d in exported["decisions"])


def test_the_banner_and_the_proposal_page_say_where_the_plan_stands(site):
    banner = " ".join(page(site, "index").select_one("aside.ivp-status").get_text().split())
    assert "CONCEPT: nog niet door alle gemeenteraden vastgesteld." in banner
    facts = page(site, "raadsvoorstellen/alfa").select_one("dl.ivp-proposal-facts")
    text = " ".join(facts.get_text(" ", strip=True).replace(" :", "").split())
    assert "Besluit van het college College van B&W van Alfa, raadsvoorstel op 5 februari " \
        "2019 (versie 1.0): aan de raad voorgelegd" in text
    assert "Bijlage Uitgave voor de gemeenteraad van Alfa" in text
    assert facts.select_one("code").get_text() == "plan-alfa.pdf"
    history = table_rows(page(site, "raadsvoorstellen/alfa").select_one("table.ivp-decisions"))
    bodies = {row[0] for row in history}
    assert "Gemeenteraad van Alfa" in bodies and "Politie" in bodies
    assert "Gemeenteraad van Bravo" not in bodies  # another council's


#: What each council's chapter says of its decision, recorded only as ivp:decision
#: blocks (no chapter declares :council-decision:): adopted on a day, of a release;
#: rejected; adopted without a date, of no release of this text; postponed; nothing.
CHAPTER_FACTS = {
    "alfa": ["Vastgesteld door de raad 1 maart 2019", "Vastgestelde versie versie 1.0"],
    "bravo": ["Vastgesteld door de raad nog niet"],
    "delta": ["Vastgesteld door de raad datum niet bekend",
              "Vastgestelde versie geen uitgave van deze tekst"],
    "echo": ["Vastgesteld door de raad nog niet"],
    "foxtrot": ["Vastgesteld door de raad niet bekend", "Vastgestelde versie niet bekend"],
}


def chapter_facts(site: Path, municipality: str) -> list[str]:
    profile = page(site, f"municipalities/{municipality}").select_one("dl.ivp-profile")
    labels, values = profile.find_all("dt"), profile.find_all("dd")
    return [" ".join(f"{label.get_text(strip=True).rstrip(':')} {value.get_text(' ')}"
                     .split()) for label, value in zip(labels, values)
            if label.get_text(strip=True).startswith("Vastgestel")]


def test_a_chapters_facts_show_its_councils_decision_as_recorded(site):
    """The facts box of a council's chapter says what the banner and the adoption table
    say: the decision as recorded, also when only an ivp:decision records it."""
    for municipality, facts in CHAPTER_FACTS.items():
        assert chapter_facts(site, municipality) == facts, municipality


@pytest.fixture(scope="module")
def pdfs(generated) -> Path:
    out, warnings = generated.build("pdf")
    assert warnings == []
    return out


def test_a_council_editions_chapter_facts_show_its_decision_as_recorded(pdfs):
    for municipality, facts in CHAPTER_FACTS.items():
        text = " ".join(subprocess.run(
            ["pdftotext", str(pdfs / f"plan-{municipality}.pdf"), "-"], capture_output=True,
            text=True, check=True).stdout.split())
        for fact in facts:
            assert fact in text, (municipality, fact)
        if len(facts) == 1:  # not adopted: no version adopted either
            assert "Vastgestelde versie" not in text, municipality


def test_each_council_gets_its_raadsvoorstel_with_the_sha256_of_its_edition(pdfs):
    from pdfua import validate
    for name in ("plan.pdf", "plan-raadsvoorstel-alfa.pdf", "plan-raadsvoorstel-charlie.pdf"):
        assert [f"{f.rule_id}: {f.message}" for f in validate(str(pdfs / name)).findings] == []
    assert not (pdfs / "plan-raadsvoorstel-bravo.pdf").exists()  # no page, no proposal
    text = subprocess.run(["pdftotext", "-layout", str(pdfs / "plan-raadsvoorstel-alfa.pdf"),
                           "-"], capture_output=True, text=True, check=True).stdout
    digest = hashlib.sha256((pdfs / "plan-alfa.pdf").read_bytes()).hexdigest()
    assert re.search(rf"SHA-256 van de bijlage\s+{digest}", text)
    assert "Gevraagd besluit" in text and "Financiële gevolgen" in text
    with pikepdf.open(pdfs / "plan-raadsvoorstel-alfa.pdf") as pdf:
        assert str(pdf.docinfo["/Title"]) == "Raadsvoorstel Alfa"
    # The full plan: the timeline is a tagged figure with its text alternative, and the
    # status is in the metadata. The raadsvoorstellen are not in it.
    with pikepdf.open(pdfs / "plan.pdf") as pdf:
        from jointplan.pdf.check import structure_elements
        figures = [e for e in structure_elements(pdf.Root.StructTreeRoot)
                   if e.S == "/Figure"]
        assert any(str(f.Alt).startswith("Tijdlijn van de besluitvorming. Van januari 2019 "
                                         "tot maart 2019.") for f in figures)
        assert str(pdf.docinfo["/Subject"]).endswith(
            "CONCEPT: nog niet door alle gemeenteraden vastgesteld.")
    full = subprocess.run(["pdftotext", str(pdfs / "plan.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "Gevraagd besluit" not in full


# -- the checks ----------------------------------------------------------------------------

MISTAKES = {
    "unknown body": (decision("poltie", kind="akkoord", date="2019-01-20", version="v1.0",
                              outcome="akkoord", source="bron2018"),
                     "‘poltie’ is geen bekende organisatie of orgaan. ",
                     "Bedoel je ‘politie’?"),
    "impossible date": (decision("ggd", kind="kennisname", date="2019-02-30",
                                 source="onbekend"),
                        "de datum 2019-02-30 bestaat niet.", ""),
    "future date": (decision("brandweer", kind="kennisname", date="2999-01-01",
                             source="onbekend"),
                    "de datum 2999-01-01 ligt na vandaag", ""),
    "no such release": (decision("foxtrot/college", kind="raadsvoorstel", date="2019-02-01",
                                 version="v1.3", source="onbekend"),
                        ":version: v1.3: er is geen uitgave (tag) met die naam "
                        "(uitgaven: v1.0, v1.1). Bedoel je ‘v1.", ""),
    "release after the decision": (decision("golf/college", kind="raadsvoorstel",
                                            date="2019-05-01", version="v1.1",
                                            source="onbekend"),
                                   ":version: v1.1: deze uitgave is gemaakt op 2019-06-01, "
                                   "na het besluit (2019-05-01)", ""),
    "council before its proposal": (decision("hotel/college", kind="raadsvoorstel",
                                             date="2019-04-10", version="v1.0",
                                             source="onbekend")
                                    + decision("hotel/raad", kind="raadsbesluit",
                                               date="2019-04-01", version="v1.0",
                                               outcome="vastgesteld", source="onbekend"),
                                    "de raad besloot (2019-04-01) over v1.0 vóór het "
                                    "raadsvoorstel van het college (2019-04-10", ""),
    "not agreed by all": (decision("india/raad", kind="raadsbesluit", date="2019-07-01",
                                   version="v1.1", outcome="vastgesteld", source="onbekend"),
                          "de raad besloot over v1.1, maar niet elke organisatie ging "
                          "akkoord met die tekst: geen akkoord vastgelegd van Alfa, Bravo, ",
                          "Politie, Openbaar Ministerie, Brandweer, GGD."),
    "twice": (decision("politie", kind="akkoord", date="2019-01-24", version="v1.0",
                       outcome="akkoord", source="bron2018"),
              "dit besluit (politie, akkoord, v1.0) staat al in besluitvorming, regel ", ""),
    "wrong body for the kind": (decision("om", kind="raadsbesluit", date="2019-03-01",
                                         outcome="vastgesteld", source="onbekend"),
                                "een raadsbesluit is een besluit van een gemeenteraad, niet "
                                "van een organisatie (‘om’).", ""),
}


def test_every_check_of_the_decisions_is_a_dutch_warning_at_its_file_and_line(tmp_path):
    extra = "".join(text for text, _, _ in MISTAKES.values())
    plan = Plan(tmp_path / "plan", extra=extra, proposals={})
    plan.git("tag", "-a", "v1.1", "-m", "Versie 1.1", date="2019-06-01T09:00:00")
    _, warnings = plan.build()
    found = [w for w in warnings if w["type"] == "ivp.decision"]
    lines = (plan.path / "docs" / "besluitvorming.md").read_text(encoding="utf-8").splitlines()
    for name, (block, message, hint) in MISTAKES.items():
        # Warned at the (last) declaration the mistake is in.
        declaration = block.split(":::\n")[-2].splitlines()[0]
        line = [n for n, text in enumerate(lines, 1) if text == declaration][-1]
        assert [(w["file"], w["line"]) for w in found
                if message in w["message"] and hint in w["message"]] == \
            [("besluitvorming.md", line)], (name, found)
    assert len(found) == len(MISTAKES)


def test_a_release_for_adoption_warns_unless_every_organisation_agreed_it(tmp_path):
    plan = Plan(tmp_path / "plan", count=3, decided="", proposals={"alfa": "vaststelling"})
    release = [sys.executable, str(REPO / "scripts" / "release.py"), "--repo", str(plan.path)]
    refused = subprocess.run(release, capture_output=True, text=True)
    assert refused.returncode == 2
    stderr = strip_colors(refused.stderr)
    assert re.search(r"docs/raadsvoorstellen/alfa\.md:3: WARNING: ivp:council-proposal: deze "
                     r"uitgave \(v1\.0\) wordt de raad ter vaststelling voorgelegd, maar niet "
                     r"elke organisatie ging akkoord met de tekst: geen akkoord vastgelegd van "
                     r"Alfa, Bravo, Charlie, Politie, Openbaar Ministerie, Brandweer, GGD\.",
                     stderr), stderr[-2000:]
    # Everyone agrees; a new release of that text goes to the councils.
    plan.write("besluitvorming.md", (plan.path / "docs" / "besluitvorming.md").read_text(
        encoding="utf-8").replace("## Besluiten\n\n", "## Besluiten\n\n" + agreements(
            "v1.1", everyone(3), day=20)))
    plan.commit("Akkoord van iedereen", "2019-01-12T10:00:00")
    plan.git("tag", "-a", "v1.1", "-m", "Versie 1.1", date="2019-01-13T09:00:00")
    # Without Chromium (as in the publish workflow): the site's accessibility is
    # test_releases' and make a11y's, not this test's.
    tools = tmp_path / "bin"
    tools.mkdir()
    (tools / "git").symlink_to(shutil.which("git"))
    result = subprocess.run(release, capture_output=True, text=True,
                            env={**os.environ, "PATH": str(tools)})
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    out = plan.path / "_build" / "release" / "v1.1"
    sums = dict(reversed(line.split("  ")) for line in
                (out / "SHA256SUMS").read_text(encoding="utf-8").splitlines())
    assert "plan-raadsvoorstel-alfa.pdf" in sums
    assert sums["plan-raadsvoorstel-alfa.pdf"] == hashlib.sha256(
        (out / "plan-raadsvoorstel-alfa.pdf").read_bytes()).hexdigest()


def test_an_incremental_build_rewrites_what_shows_the_decisions(tmp_path):
    plan = Plan(tmp_path / "plan", count=3, decided=agreements("v1.0", everyone(3)),
                proposals={})
    # Modified already, so the version (and with it the configuration) stays the same.
    plan.write("bronnen.md", "# Bronnen\n\nDe bronnen.\n\n```{bibliography}\n```\n")
    site, _ = plan.build()
    banner = " ".join(page(site, "municipalities/bravo").select_one("aside.ivp-status")
                      .get_text().split())
    assert "Ter vaststelling: alle zeven organisaties akkoord met versie 1.0." in banner
    # A council adopts: recorded on the decisions page only; every page's banner changes.
    plan.write("besluitvorming.md", (plan.path / "docs" / "besluitvorming.md").read_text(
        encoding="utf-8") + decision("bravo/raad", kind="raadsbesluit", date="2019-03-01",
                                     version="v1.0", outcome="vastgesteld", source="onbekend"))
    site, _ = plan.build()
    banner = " ".join(page(site, "municipalities/alfa").select_one("aside.ivp-status")
                      .get_text().split())
    assert "Vastgesteld door één van de drie gemeenteraden" in banner
    rows = table_rows(page(site, "besluitvorming").select_one("table.ivp-decisions"))
    assert rows[-1][0] == "Gemeenteraad van Bravo"


def test_a_declaration_that_leaves_the_banner_as_it_was_rewrites_no_other_page(tmp_path):
    """The banner shows the status as the decisions record it (views.status), and the
    incremental build compares that same view, not the declarations' own status."""
    bravo = decision("bravo/raad", kind="raadsbesluit", date="2019-03-01", version="v1.0",
                     outcome="vastgesteld", source="onbekend")
    plan = Plan(tmp_path / "plan", count=3, decided=agreements("v1.0", everyone(3)) + bravo,
                proposals={})
    # Modified already, so the version (and with it the configuration) stays the same.
    plan.write("bronnen.md", "# Bronnen\n\nDe bronnen.\n\n```{bibliography}\n```\n")
    site, _ = plan.build()

    def banner(name: str) -> str:
        return " ".join(page(site, name).select_one("aside.ivp-status").get_text().split())

    banners = {name: banner(name) for name in ("municipalities/alfa", "municipalities/bravo",
                                               "bronnen")}
    assert "Vastgesteld door één van de drie gemeenteraden" in banners["bronnen"]
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in site.rglob("*.html")}
    # Bravo's chapter now declares the adoption the record states: the declarations'
    # own status changes (no council adopted it by them before), the banner does not.
    chapter = plan.path / "docs" / "municipalities" / "bravo.md"
    chapter.write_text(chapter.read_text(encoding="utf-8").replace(
        ":name: Bravo", ":name: Bravo\n:council-decision: 2019-03-01"), encoding="utf-8")
    site, _ = plan.build()
    assert {name: banner(name) for name in banners} == banners
    again = sorted(p.relative_to(site).as_posix() for p, (mtime, data) in before.items()
                   if p.stat().st_mtime_ns != mtime and p.read_bytes() == data)
    # The chapter read again, its toctree parent and Sphinx's own indices, and the
    # report of the changes since the release Bravo adopted (made in every build, as
    # Sphinx's indices), no other page.
    assert set(again) <= {"municipalities/bravo.html", "index.html", "genindex.html",
                          "search.html", "ivp-priorities.html", "wijzigingen/v1.0.html"}, again


def test_a_changed_decision_rewrites_its_councils_chapter_and_nothing_else(tmp_path):
    """A council's decision recorded only as an ivp:decision: changing that block
    rewrites the council's chapter (its facts and banner), as a clean build writes it,
    and no other chapter; changing what the chapter does not show rewrites none."""
    decided = agreements("v1.0", everyone(3)) + decision(
        "alfa/raad", kind="raadsbesluit", date="2019-03-01", version="v1.0",
        outcome="vastgesteld", source="onbekend")
    plans = [Plan(tmp_path / name, count=3, decided=decided, proposals={})
             for name in ("incremental", "clean")]
    for plan in plans:
        # Modified already, so the version (and with it the configuration) stays the same.
        plan.write("bronnen.md", "# Bronnen\n\nDe bronnen.\n\n```{bibliography}\n```\n")
    site, _ = plans[0].build()
    assert chapter_facts(site, "alfa") == ["Vastgesteld door de raad 1 maart 2019",
                                           "Vastgestelde versie versie 1.0"]
    chapters = sorted((site / "municipalities").glob("*.html"))

    def written(edit) -> list[str]:
        before = {p: p.stat().st_mtime_ns for p in chapters}
        for plan in plans:
            plan.write("besluitvorming.md", (plan.path / "docs" / "besluitvorming.md")
                       .read_text(encoding="utf-8").replace(*edit))
        plans[0].build()
        clean, _ = plans[1].build("html", "-E")
        for chapter in chapters:
            assert chapter.read_bytes() == (clean / "municipalities" / chapter.name
                                            ).read_bytes(), chapter.name
        return [p.stem for p in chapters if p.stat().st_mtime_ns != before[p]]

    assert written((":date: 2019-03-01", ":date: 2019-03-08")) == ["alfa"]
    assert chapter_facts(site, "alfa") == ["Vastgesteld door de raad 8 maart 2019",
                                           "Vastgestelde versie versie 1.0"]
    # Its explanation is shown with the decision, not in the chapter.
    assert written((":source: onbekend\n:::", ":source: onbekend\n\nToelichting.\n:::")
                   ) == []


def test_decisions_read_and_written_in_parallel_agree_with_a_clean_serial_build(tmp_path):
    """parallel_read_safe and parallel_write_safe for what the decisions and the
    structure check keep (decisions, raadsvoorstellen, the pages showing decisions,
    broken regions): incremental builds, serial and -j 2, give a clean build's pages,
    and the same warnings."""
    unclosed = "\n## Kapot\n\n::::{ivp:choice} verkeer\n:origin: raad\n:status: indeling\n"
    plans = {mode: Plan(tmp_path / mode, count=3) for mode in ("clean", "serial", "parallel")}
    for plan in plans.values():
        # Modified already, so the version (and with it the configuration) stays the same
        # and the builds after the edits are incremental.
        plan.write("bronnen.md", "# Bronnen\n\nDe bronnen.\n\n```{bibliography}\n```\n")

    def append(plan: Plan, relpath: str, text: str) -> None:
        plan.write(relpath, (plan.path / "docs" / relpath).read_text(encoding="utf-8") + text)

    def edit(plan: Plan) -> None:
        # a council adopts: recorded on the decisions page only (each page's banner)
        append(plan, "besluitvorming.md", decision(
            "bravo/raad", kind="raadsbesluit", date="2019-03-01", version="v1.0",
            outcome="vastgesteld", source="onbekend"))
        # a block left open: its region's other messages are held back
        append(plan, "municipalities/charlie.md", unclosed)

    steps = {"first build": lambda plan: None, "edits": edit}

    def pages(site: Path) -> dict[str, bytes]:
        return {p.relative_to(site).as_posix(): p.read_bytes()
                for p in sorted(site.rglob("*.html"))}

    def located(warnings: list[dict]) -> list[tuple]:
        return sorted((w["file"], w["line"], w["type"], w["message"]) for w in warnings)

    for name, step in steps.items():
        for plan in plans.values():
            step(plan)
        clean, clean_warnings = plans["clean"].build("html", "-E")
        serial, serial_warnings = plans["serial"].build()
        parallel, parallel_warnings = plans["parallel"].build("html", "-j", "2")
        assert pages(serial) == pages(clean), name
        assert pages(parallel) == pages(clean), name
        assert located(parallel_warnings) == located(serial_warnings), name
        if name == "first build":
            assert located(parallel_warnings) == located(clean_warnings)
    assert [w["type"] for w in parallel_warnings
            if w["file"] == "municipalities/charlie.md"] == ["ivp.structure"]


def test_a_page_naming_a_council_by_id_is_rewritten_when_the_id_goes(tmp_path):
    """A raadsvoorstel names its council by id (its facts, its decisions table): when
    that id is no longer declared, the page says so in an incremental build too, though
    nothing of the register that is shown by name changed."""
    # charlie took no decision: what is shown by name stays the same
    plans = [Plan(tmp_path / name, count=3, decided=agreements("v1.0", ["alfa", "bravo"]),
                  proposals={"charlie": "kennisname"}) for name in ("incremental", "clean")]
    for plan in plans:
        # Modified already, so the version (and with it the configuration) stays the same.
        plan.write("bronnen.md", "# Bronnen\n\nDe bronnen.\n\n```{bibliography}\n```\n")
    plans[0].build()
    for plan in plans:
        chapter = plan.path / "docs" / "municipalities" / "charlie.md"
        chapter.write_text(chapter.read_text(encoding="utf-8").replace(
            "{ivp:municipality} charlie", "{ivp:municipality} charlie-nieuw"),
            encoding="utf-8")
    incremental, _ = plans[0].build()
    clean, _ = plans[1].build()
    assert page(incremental, "raadsvoorstellen/charlie").select_one("main") is not None
    assert ((incremental / "raadsvoorstellen" / "charlie.html").read_bytes()
            == (clean / "raadsvoorstellen" / "charlie.html").read_bytes())


def test_a_declaration_a_reader_cannot_trust_is_warned_at_its_line(build_plan):
    """Options that cannot be read, outside git (no versions to check against)."""
    from utils import line_of, source
    text = source("shared/overlap.md") + "\n" + "\n".join([
        decision("alpha/raad", kind="raadsbesluiten", date="2019-01", source="onbekend"),
        decision("beta/raad", kind="raadsbesluit", date="20 december", outcome="vastgesteld",
                 source="bron2019"),
        decision("gamma/college", kind="raadsvoorstel", version="1.0", outcome="aangenomen",
                 source="onbekend"),
        decision("alpha", kind="akkoord", outcome="akkoord"),
    ])
    proposal = "# Voorstel\n\n:::{ivp:council-proposal} gama\n:asks: vaststellen\n:::\n"
    _, warnings = build_plan({"shared/overlap.md": text, "voorstel.md": proposal})
    found = sorted((w["file"], w["line"], w["message"]) for w in warnings
                   if w["type"] and w["type"].startswith("ivp.")
                   and w["type"] != "ivp.toctree")
    overlap = [(line, message) for file, line, message in found if file == "shared/overlap.md"]
    assert (line_of(text, "alpha/raad"), "ivp:decision: :kind: ‘raadsbesluiten’ is geen soort "
            "besluit; kies uit akkoord, raadsvoorstel, raadsbesluit, kennisname. Bedoel je "
            "‘raadsbesluit’?") in overlap
    assert (line_of(text, "beta/raad"), "ivp:decision: :date: ‘20 december’ is geen datum; "
            "schrijf een dag (2018-12-20), een maand (2019-01) of ‘onbekend’.") in overlap
    assert (line_of(text, "beta/raad"), "ivp:decision: :source: ‘bron2019’ staat niet in de "
            "bronnenlijst. Bedoel je ‘bron2018’? Voeg de bron toe aan het .bib-bestand, of "
            "schrijf ‘onbekend’.") in overlap
    gamma = [m for line, m in overlap if line == line_of(text, "gamma/college")]
    assert any(":version: ‘1.0’ is geen versie" in m for m in gamma)
    assert any(":outcome: ‘aangenomen’ past niet bij een raadsvoorstel; kies uit voorgelegd, "
               "ingetrokken, onbekend." in m for m in gamma)
    assert (line_of(text, "^:::{ivp:decision} alpha"),
            "ivp:decision: :source: ontbreekt; noem de sleutel van de bron in de bronnenlijst "
            "die het besluit vermeldt, of ‘onbekend’ als die bron er (nog) niet in staat.") \
        in overlap
    placed = [(line, m) for file, line, m in found if file == "voorstel.md"]
    assert (3, "ivp:council-proposal: een raadsvoorstel is een eigen pagina in de map "
            "‘raadsvoorstellen/’; verplaats deze pagina daarheen.") in placed
    assert (3, "ivp:council-proposal: :asks: zegt wat de raad gevraagd wordt; kies uit "
            "vaststelling, kennisname, niet ‘vaststellen’. Bedoel je ‘vaststelling’?") in placed
    assert (3, "ivp:council-proposal: ‘gama’ is geen gemeente van het plan. Bedoel je "
            "‘gamma’?") in placed
