"""Amendments as data: the model, the directive's page, and every message at file:line."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from jointplan.plan.amendments import Amendment, adopted_text, chosen_after, effective
from jointplan.plan.model import Location

from utils import ROOTS, build, copy_root, parse_warnings

ROOT = ROOTS / "test-amended"
PAGE = "amendementen.md"


def source() -> str:
    return (ROOT / PAGE).read_text(encoding="utf-8")


def directive_line(text: str, number: str, council: str) -> int:
    """The line of the directive that declares amendment ``number`` of ``council``."""
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if line == f"::::{{ivp:amendment}} {number}" and lines[index + 1] == f":council: {council}":
            return index + 1
    raise AssertionError(f"{council}/{number} not in the page")


def amendment(number, council="alpha", **fields) -> Amendment:
    return Amendment(number=number, council=council, location=Location("a", 1), **fields)


def test_model_applies_adopted_amendments_and_their_sub_amendments():
    a1 = amendment("A1", status="aangenomen", paragraph="p-x", old="twee regels",
                   new="drie regels")
    a1a = amendment("A1a", status="aangenomen", amends="A1", old="drie", new="vier")
    rejected = amendment("A2", status="verworpen", paragraph="p-x", old="Een", new="Geen")
    withdrawn = amendment("A3", status="ingetrokken", add_choice="verkeer")
    adds = amendment("A4", status="aangenomen", add_choice="verkeer")
    applied = effective([a1, a1a, rejected, withdrawn, adds])
    assert [a.number for a in applied] == ["A1", "A4"]
    assert adopted_text("Een alinea over\ntwee regels.", applied, "p-x") == \
        "Een alinea over vier regels."
    assert chosen_after({("alpha", "drugs")}, applied) == {("alpha", "drugs"), ("alpha", "verkeer")}
    # Withdrawing the amendment gives the text back as it was.
    assert adopted_text("Een alinea over twee regels.", effective([a1, a1a, adds])[1:], "p-x") \
        == "Een alinea over twee regels."


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    srcdir = copy_root("amended", tmp_path_factory.mktemp("amendments") / "src")
    app = build(srcdir, "html")
    assert parse_warnings(app.warning.getvalue(), srcdir) == [], app.warning.getvalue()
    return BeautifulSoup((Path(app.outdir) / "amendementen.html").read_text(), "html.parser")


def test_amendment_page_shows_each_amendment(page):
    box = page.find(id="ivp-amendment-alpha-a1")
    text = " ".join(box.get_text(" ").split())
    assert "Amendement A1" in text and "aangenomen" in text
    assert "A. de Boer (fractie Noord), C. Dekker (fractie Zuid)" in text
    assert "januari 2019" in text
    assert box.find("a", href="shared/tekst.html#p-rb2v9u").get_text() == "alinea p-rb2v9u"
    assert box.find("a", href="municipalities/alpha.html#ivp-municipality-alpha").get_text() \
        == "Alpha"
    assert box.find(class_="ivp-changes-del").get_text() == "over twee regels"
    assert box.find(class_="ivp-changes-ins").get_text() == "over drie regels"
    assert "Vervalt:" in text and "Wordt:" in text and "De raad wil een langere alinea." in text
    adds = page.find(id="ivp-amendment-alpha-a2")
    assert "Voegt prioriteit toe : Verkeersveiligheid" in " ".join(adds.get_text(" ").split())
    # References to an amendment and to a paragraph.
    assert page.find("a", href="#ivp-amendment-alpha-a1").get_text() == "Amendement A1"


def replace_in(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


ALPHA_A1 = ":council: alpha\n:submitters: A. de Boer (fractie Noord), C. Dekker"
CASES = [
    ("unknown council",
     lambda t: replace_in(t, ALPHA_A1, ALPHA_A1.replace("alpha", "alfa")), "A1", "alfa",
     "amendement A1: onbekende gemeente 'alfa' bij :council:; noem het id van een gemeente "
     "uit haar hoofdstuk. Bedoelt u 'alpha'?"),
    ("unknown paragraph",
     lambda t: replace_in(t, ":paragraph: p-rb2v9u", ":paragraph: p-rb2v9x"), "A1", "alpha",
     "amendement A1: onbekende alinea 'p-rb2v9x' bij :paragraph:; noem het id aan het begin "
     "van de alinea die het amendement wijzigt. Bedoelt u 'p-rb2v9u'?"),
    ("text to replace that is not there",
     lambda t: replace_in(t, ":old: over twee regels", ":old: over tien regels"), "A1", "alpha",
     "amendement A1: de te vervangen tekst 'over tien regels' staat niet in alinea p-rb2v9u"),
    ("sub-amendment of text that is not there",
     lambda t: replace_in(t, ":old: drie\n", ":old: zes\n"), "A1a", "alpha",
     "amendement A1a: de te vervangen tekst 'zes' staat niet in de nieuwe tekst van "
     "amendement A1"),
    ("two adopted amendments of one council that conflict",
     lambda t: replace_in(t, ":status: verworpen\n:drop-choice: drugs",
                          ":status: aangenomen\n:paragraph: p-rb2v9u\n:old: twee\n:new: vijf"),
     "A3", "alpha",
     "amendement A3: botst met amendement A1 (amendementen, regel 7), dat ook is aangenomen: "
     "beide wijzigen dezelfde tekst van alinea p-rb2v9u"),
    ("adopted amendment of a council with no decision recorded",
     lambda t: replace_in(t, ":council: beta\n:submitters: G. Bakker (fractie Midden)\n"
                          ":date: 2018-12-20\n:status: aangenomen",
                          ":council: gamma\n:submitters: G. Bakker (fractie Midden)\n"
                          ":date: 2018-12-20\n:status: aangenomen"), "A1", "gamma",
     "amendement A1: het amendement is aangenomen, maar van de raad van Gamma is geen "
     "besluit vastgelegd"),
    ("a choice added that the council has already",
     lambda t: replace_in(t, ":add-choice: verkeer", ":add-choice: drugs"), "A2", "alpha",
     "amendement A2: Alpha heeft 'drugs' al gekozen"),
    ("a priority that is not in the catalogue",
     lambda t: replace_in(t, ":add-choice: verkeer", ":add-choice: verkeerr"), "A2", "alpha",
     "amendement A2: onbekende prioriteit 'verkeerr' bij :add-choice:; kies een prioriteit "
     "uit de catalogus. Bedoelt u 'verkeer'?"),
    ("a status that does not exist",
     lambda t: replace_in(t, ":status: verworpen", ":status: verworpn"), "A3", "alpha",
     "ivp:amendment: :status: moet een van ingediend, aangenomen, verworpen, ingetrokken zijn, "
     "niet 'verworpn'. Bedoelt u 'verworpen'?"),
    ("the same number twice",
     lambda t: replace_in(t, "::::{ivp:amendment} A3\n", "::::{ivp:amendment} A2\n"), "A2",
     "alpha", "amendement A2: de raad van alpha heeft al een amendement met dit nummer"),
]


@pytest.mark.parametrize(("edit", "number", "council", "message"),
                         [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_amendment_message_at_its_line(tmp_path, edit, number, council, message):
    text = edit(source())
    srcdir = copy_root("amended", tmp_path / "src", {PAGE: text})
    app = build(srcdir, "html")
    warnings = [w for w in parse_warnings(app.warning.getvalue(), srcdir)
                if w["type"] == "ivp.amendment"]
    line = directive_line(text, number, council)
    if message.startswith("amendement A2: de raad van alpha heeft al"):
        line = [n for n, text_line in enumerate(text.splitlines(), 1)
                if text_line == "::::{ivp:amendment} A2"][1]
    assert any(w["file"] == PAGE and w["line"] == line and message in w["message"]
               for w in warnings), (line, warnings, app.warning.getvalue())


def test_unknown_amendment_reference(tmp_path):
    text = replace_in(source(), "{ivp:amendment}`alpha/A1`", "{ivp:amendment}`alpha/A11`")
    srcdir = copy_root("amended", tmp_path / "src", {PAGE: text})
    app = build(srcdir, "html")
    warnings = parse_warnings(app.warning.getvalue(), srcdir)
    line = next(n for n, text_line in enumerate(text.splitlines(), 1) if "alpha/A11" in text_line)
    assert [(w["type"], w["file"], w["line"]) for w in warnings] == [
        ("ivp.amendment", PAGE, line)], app.warning.getvalue()
    assert "onbekend amendement 'alpha/A11'" in warnings[0]["message"]
    assert "Bedoelt u 'alpha/A1'?" in warnings[0]["message"]


def test_each_amendment_is_a_pdf_in_its_dutch_form(tmp_path):
    import subprocess

    from pdfua import validate

    from jointplan.pdf.check import DOCUMENT_ELEMENTS, check_pdf

    srcdir = copy_root("amended", tmp_path / "src")
    app = build(srcdir, "pdf", confoverrides={"jointplan_pdf_editions": ["amendementen"]})
    assert parse_warnings(app.warning.getvalue(), srcdir) == [], app.warning.getvalue()
    outdir = Path(app.outdir)
    assert sorted(p.name for p in outdir.glob("*.pdf")) == [
        "amendement-alpha-a1.pdf", "amendement-alpha-a1a.pdf", "amendement-alpha-a2.pdf",
        "amendement-alpha-a3.pdf", "amendement-beta-a1.pdf", "amendement-beta-a2.pdf"]
    for pdf in outdir.glob("*.pdf"):
        assert check_pdf(pdf, DOCUMENT_ELEMENTS).problems == [], pdf.name
        assert [f.message for f in validate(str(pdf)).findings] == [], pdf.name

    def text(name: str) -> str:
        out = subprocess.run(["pdftotext", str(outdir / name), "-"], capture_output=True,
                             text=True).stdout
        return " ".join(out.replace("\u00ad\n", "").replace("-\n", "-").split())

    a1 = text("amendement-alpha-a1.pdf")
    assert "Amendement A1 van de raad van Alpha" in a1
    assert ("De raad van de gemeente Alpha, in vergadering bijeen ter behandeling van het "
            "voorstel tot vaststelling van het Testplan 2031-2034, besluit het ontwerpbesluit "
            "als volgt te wijzigen: In alinea p-rb2v9u van het plan:") in a1.replace("vaststel- ling", "vaststelling")
    assert "Vervalt: over twee regels Wordt: over drie regels" in a1
    assert "Ingediend door A. de Boer (fractie Noord), C. Dekker (fractie Zuid)" in a1
    assert "Toelichting De raad wil een langere alinea." in a1
    assert "besluit het amendement A1 als volgt te wijzigen:" in text("amendement-alpha-a1a.pdf")
    assert "Aan de lokale prioriteiten van Alpha wordt toegevoegd:" in \
        text("amendement-alpha-a2.pdf")
    # The old text is struck through and the new underlined (the template's helpers).
    source = (outdir / "amendement-alpha-a1.typ").read_text()
    assert "#deleted[over twee regels]" in source and "#inserted[over drie regels]" in source
