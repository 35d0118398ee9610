"""Where each choice comes from: declared once, with its sources, shown everywhere.

The test plan's choices carry every kind of status: besloten (Alpha's
woninginbraak, Beta's verkeer, with the councils' decisions as sources),
vermeld (with a source), indeling (Alpha's drugs); the edits below add an
illustratief choice and a part that is a proposal, and one whose own status
names a source of its own.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup

from utils import copy_root, line_of, source

from jointplan.history.changes import compare

ALPHA = source("municipalities/alpha.md").replace(
    "::::{ivp:choice} woninginbraak\n:origin: bewoners, politie\n:status: besloten\n"
    ":source: besluit-alpha\n\nToelichting bij woninginbraak.",
    "::::{ivp:choice} woninginbraak\n:origin: bewoners, politie\n:status: illustratief\n\n"
    "Illustratief. Deze keuze is door de opstellers ingevuld.")
BETA = source("municipalities/beta.md").replace(
    ":::{ivp:goals}\n- Doel voor verkeer.", ":::{ivp:goals}\n:status: voorstel\n\n"
    "- Doel voor verkeer.").replace(
    ":::{ivp:goals}\n- Doel voor woninginbraak.",
    ":::{ivp:goals}\n:status: besloten\n:source: besluit-beta\n\n- Doel voor woninginbraak.")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("provenance")
    assert source("municipalities/alpha.md") != ALPHA and source("municipalities/beta.md") != BETA
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
    joined = " ".join(element.get_text(" ", strip=True).split())
    return joined.replace(" ,", ",").replace("[ ", "[").replace(" ]", "]").replace("] )", "])")


def legends(soup) -> list[str]:
    return [text(p) for p in soup.select("p.ivp-legend")]


def test_the_matrix_marks_every_status_and_explains_each_mark_once(built):
    overlap = page(built, "shared/overlap.html")
    matrix = overlap.select_one("table.ivp-matrix")
    rows = {text(r.th): [text(td) for td in r.find_all("td")]
            for r in matrix.tbody.find_all("tr") if r.th}
    assert rows["Woninginbraak"] == ["gekozen (illustratief)", "gekozen (vermeld)",
                                     "niet gekozen", "2"]
    assert rows["Verkeersveiligheid"] == ["niet gekozen", "gekozen (besloten)",
                                          "niet gekozen", "1"]
    assert rows["Drugs"] == ["gekozen (indeling)", "niet gekozen", "gekozen (vermeld)", "2"]
    # No mark is left out: an unmarked choice would read as a decision.
    assert not any(cell == "gekozen" for row in rows.values() for cell in row)
    # One legend under the matrix, for the marks the page shows, each explained once.
    [legend] = legends(overlap)
    assert matrix.find_next_sibling("p") is overlap.select_one("p.ivp-legend")
    assert legend.startswith("Aanduidingen. „besloten”: een bestuursorgaan van de gemeente "
                             "heeft het besloten. „vermeld”: de bronnen noemen het")
    assert "„illustratief”: door de opstellers als voorbeeld ingevuld" in legend
    assert "„indeling”: zo deelt dit plan de prioriteiten in" in legend
    assert "„voorstel”" not in legend  # no choice is one (a part is, in its own heading)
    assert legend.endswith("De bron staat bij de keuze.")
    shared = overlap.select_one("table.ivp-summary.beta")
    assert "Alpha (illustratief)" in text(shared)
    assert "Verkeersveiligheid (besloten)" in text(shared)


def test_cards_catalogue_and_the_index_of_priorities_mark_it_too(built):
    index = page(built, "index.html")
    alpha = text(index.select(".ivp-cards .sd-card")[0])
    assert "Prioriteiten (3):" in alpha
    assert "Woninginbraak (illustratief)" in alpha and "Drugs (indeling)" in alpha
    [legend] = legends(index)
    assert "„besloten”" in legend and "„illustratief”" in legend
    catalogue = page(built, "shared/catalogue.html")
    assert "Gekozen door : Alpha (illustratief), Beta (vermeld)" in text(catalogue)
    # The catalogue's legend stands once, before the first entry.
    [legend] = legends(catalogue)
    first_entry = catalogue.select_one(".ivp-priority")
    assert first_entry.find_previous_sibling("p")["class"] == ["ivp-legend"]
    priorities = text(page(built, "ivp-priorities.html"))
    assert "Alpha (illustratief: door de opstellers ingevuld)" in priorities
    assert "Beta (besloten)" in priorities
    assert "Gamma (vermeld in de bronnen, geen besluit bekend)" in priorities
    assert "Alpha (indeling van dit plan, geen besluit van de gemeente)" in priorities


def test_a_chapter_shows_each_status_with_its_source(built):
    beta = page(built, "municipalities/beta.html")
    details = {text(box.select_one("dl.ivp-details")) for box in beta.select(".ivp-choice")}
    verkeer = next(d for d in details if "Verkeersveiligheid" in d)
    assert "Status : besloten (bron: [GemeenteAlpha18, GemeenteraadBeta18])" in verkeer
    # The source links to the bibliography entry, as an author's citation does.
    status = next(dd for dd in beta.select("dl.ivp-details dd") if "besloten" in text(dd))
    assert [a["href"].split("#")[0] for a in status.select("a")] == ["../bronnen.html"] * 2
    ondermijning = next(d for d in details if "Ondermijning" in d)
    assert ("Status : vermeld in de bronnen, geen besluit bekend (bron: [GemeenteAlpha18])"
            in ondermijning)
    # Parts say where they come from in their heading; a part with a source of its
    # own names it under the heading.
    chapter = text(beta)
    assert "Doelen (voorstel van de opstellers)" in chapter
    assert "Indicatoren (besloten) Indicator voor verkeer." in chapter
    assert ("Doelen (besloten) Bron: [GemeenteraadBeta18] Doel voor woninginbraak."
            in chapter)
    alpha = text(page(built, "municipalities/alpha.html"))
    assert "Status : illustratief: door de opstellers ingevuld" in alpha
    assert "Status : indeling van dit plan, geen besluit van de gemeente" in alpha
    assert "besloten door de gemeente" not in alpha + chapter


def test_the_export_carries_status_and_sources_in_every_list(built):
    data = json.loads((built["html"] / "priorities.json").read_text(encoding="utf-8"))
    assert data["statuses"] == ["besloten", "vermeld", "indeling", "voorstel", "illustratief"]
    burglary = next(p for p in data["priorities"] if p["id"] == "woninginbraak")
    assert burglary["chosen_by"] == [
        {"municipality": "alpha", "status": "illustratief", "sources": []},
        {"municipality": "beta", "status": "vermeld", "sources": ["bron2018"]}]
    assert data["choices"]["beta"][1] == {"priority": "verkeer", "status": "besloten",
                                          "sources": ["besluit-beta", "bron2018"]}
    assert data["provenance"]["beta"]["verkeer"] == {
        "status": "besloten", "sources": ["besluit-beta", "bron2018"],
        "goals": {"status": "voorstel", "sources": []},
        "indicators": {"status": "besloten", "sources": ["besluit-beta", "bron2018"]}}
    assert data["provenance"]["beta"]["woninginbraak"]["goals"] == {
        "status": "besloten", "sources": ["besluit-beta"]}
    import jsonschema
    schema = json.loads((built["html"] / "priorities.schema.json").read_text())
    jsonschema.validate(data, schema)
    # A list of who chose what without statuses does not validate.
    burglary["chosen_by"] = ["alpha", "beta"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


def test_the_pdf_shows_the_marks_and_the_sources(built):
    pdf = built["pdf"] / "plan.pdf"
    words = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True,
                                    text=True, check=True).stdout.split())
    assert "Woninginbraak (illustratief)" in words  # the card
    assert "✓ (illustratief)" in words and "✓ (besloten)" in words  # the matrix
    assert "besloten (bron: [GemeenteAlpha18, GemeenteraadBeta18])" in words
    assert "Doelen (voorstel van de opstellers)" in words
    assert "„illustratief”: door de opstellers als voorbeeld ingevuld" in words


def test_the_change_summary_reports_a_changed_status_and_reads_older_exports():
    old = {"municipalities": [{"id": "a", "name": "Alpha"}],
           "priorities": [{"id": "drugs", "title": "Drugs", "field": "f", "joint": False}],
           "choices": {"a": ["drugs"]},  # before the statuses: ids only
           "provenance": {"a": {"drugs": {"status": "besloten"}}}}
    new = {**old, "choices": {"a": [{"priority": "drugs", "status": "vermeld",
                                     "sources": ["k"]}]},
           "provenance": {"a": {"drugs": {"status": "vermeld", "sources": ["k"]}}}}
    assert compare(old, new).lines() == [
        "Alpha: status van Drugs gewijzigd van besloten naar vermeld."]
    assert compare(new, new).lines() == [
        "Geen wijzigingen in prioriteiten, gemeenten of keuzes."]


STATUS_HELP = ("besloten (een bestuursorgaan van de gemeente heeft het besloten en een bron "
               "zegt dat; met :source:), vermeld (de bronnen noemen het als prioriteit van "
               "deze gemeente, een besluit is niet bekend; met :source:), indeling (de eigen "
               "indeling van dit plan: een splitsing of omschrijving van de opstellers), "
               "voorstel (een voorstel van de opstellers) of illustratief (door de opstellers "
               "als voorbeeld ingevuld)")
GAMMA_DRUGS = "::::{ivp:choice} drugs\n:origin: bewoners, politie\n:status: vermeld\n" \
              ":source: bron2018\n"


@pytest.mark.parametrize(("old", "new", "marker", "message"), [
    (GAMMA_DRUGS, "::::{ivp:choice} drugs\n:origin: bewoners, politie\n",
     "{ivp:choice} drugs",
     f"deze keuze zegt niet waar ze vandaan komt: voeg ‘:status:’ toe met één van "
     f"{STATUS_HELP}. Er is geen standaardwaarde"),
    (GAMMA_DRUGS, GAMMA_DRUGS.replace("vermeld", "vermelt"), "{ivp:choice} drugs",
     f":status: ‘vermelt’ bestaat niet; gebruik één van {STATUS_HELP}. "
     "Bedoel je ‘vermeld’?"),
    (GAMMA_DRUGS, GAMMA_DRUGS.replace(":source: bron2018\n", ""), "{ivp:choice} drugs",
     ":status: vermeld vraagt om de bron die zegt dat de gemeente dit als prioriteit noemt: "
     "voeg ‘:source: <sleutel>’ toe"),
    (GAMMA_DRUGS, GAMMA_DRUGS.replace("vermeld\n:source: bron2018", "besloten"),
     "{ivp:choice} drugs",
     ":status: besloten vraagt om de bron die zegt dat een bestuursorgaan het besloot"),
    (GAMMA_DRUGS, GAMMA_DRUGS.replace("bron2018", "bron2019"), "{ivp:choice} drugs",
     ":source: noemt ‘bron2019’, maar die sleutel staat niet in de bronnenlijst "
     "(bibtex_bibfiles in conf.py); gebruik de sleutel van een bron daar, of voeg de bron "
     "eerst toe. Bedoel je ‘bron2018’?"),
    # A part that says more than its choice needs a source of its own.
    (":::{ivp:goals}\n- Doel voor drugs.", ":::{ivp:goals}\n:status: besloten\n\n"
     "- Doel voor drugs.", "{ivp:goals}",
     ":status: besloten vraagt om de bron die zegt dat een bestuursorgaan het besloot"),
    # The text rule: the authors' own words say so in the chapter too.
    (GAMMA_DRUGS, "::::{ivp:choice} drugs\n:origin: bewoners, politie\n:status: illustratief\n",
     "{ivp:choice} drugs",
     "deze keuze is verklaard als ‘illustratief’, maar haar tekst zegt dat niet; voeg een "
     "zin toe die begint met ‘Illustratief.’"),
    (GAMMA_DRUGS, "::::{ivp:choice} drugs\n:origin: bewoners, politie\n:status: voorstel\n",
     "{ivp:choice} drugs",
     "deze keuze is verklaard als ‘voorstel’, maar haar tekst zegt dat niet; voeg een zin "
     "toe die begint met ‘Voorstel.’"),
    ("Toelichting bij drugs.", "Illustratief: zo zou het kunnen.", "{ivp:choice} drugs",
     "de tekst noemt deze keuze illustratief, maar ze is verklaard als ‘vermeld’; voeg "
     "‘:status: illustratief’ toe"),
])
def test_status_and_sources_are_checked_at_their_line(build_plan, old, new, marker, message):
    chapter = "municipalities/gamma.md"
    text_after = source(chapter).replace(old, new)
    assert text_after != source(chapter)
    _, warnings = build_plan({chapter: text_after})
    ours = [w for w in warnings if w["type"] == "ivp.provenance"]
    assert [(w["file"], w["line"]) for w in ours] == [(chapter, line_of(text_after, marker))]
    assert message in ours[0]["message"]
    # Nothing else complains: the keys that exist are cited, the others left out.
    assert [w for w in warnings if w["type"] != "ivp.provenance"] == []


def test_an_undeclared_status_is_shown_as_such_never_as_a_decision(build_plan):
    chapter = "municipalities/gamma.md"
    app, warnings = build_plan({chapter: source(chapter).replace(GAMMA_DRUGS,
                               "::::{ivp:choice} drugs\n:origin: bewoners, politie\n")})
    assert [w["type"] for w in warnings] == ["ivp.provenance"]
    out = app.outdir
    matrix = BeautifulSoup((out / "shared/overlap.html").read_text(), "html.parser")
    row = next(r for r in matrix.select("table.ivp-matrix tbody tr") if r.th
               and text(r.th) == "Drugs")
    assert text(row.find_all("td")[2]) == "gekozen (status niet opgegeven)"
    assert "„status niet opgegeven”: het hoofdstuk zegt niet waar de keuze vandaan komt." \
        in text(matrix.select_one("p.ivp-legend"))
    gamma = text(BeautifulSoup((out / "municipalities/gamma.html").read_text(), "html.parser"))
    assert "Status : niet opgegeven" in gamma
    assert "Doelen (status niet opgegeven)" in gamma
    data = json.loads((out / "priorities.json").read_text())
    assert data["provenance"]["gamma"]["drugs"]["status"] is None
