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
     "amendement A1: onbekende gemeente ‘alfa’ bij :council:; noem het id van een gemeente "
     "uit haar hoofdstuk. Bedoel je ‘alpha’?"),
    ("unknown paragraph",
     lambda t: replace_in(t, ":paragraph: p-rb2v9u", ":paragraph: p-rb2v9x"), "A1", "alpha",
     "amendement A1: onbekende alinea ‘p-rb2v9x’ bij :paragraph:; noem het id aan het begin "
     "van de alinea die het amendement wijzigt. Bedoel je ‘p-rb2v9u’?"),
    ("text to replace that is not there",
     lambda t: replace_in(t, ":old: over twee regels", ":old: over tien regels"), "A1", "alpha",
     "amendement A1: de te vervangen tekst ‘over tien regels’ staat niet in alinea p-rb2v9u"),
    ("sub-amendment of text that is not there",
     lambda t: replace_in(t, ":old: drie\n", ":old: zes\n"), "A1a", "alpha",
     "amendement A1a: de te vervangen tekst ‘zes’ staat niet in de nieuwe tekst van "
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
     "amendement A2: Alpha heeft ‘drugs’ al gekozen"),
    ("a priority that is not in the catalogue",
     lambda t: replace_in(t, ":add-choice: verkeer", ":add-choice: verkeerr"), "A2", "alpha",
     "amendement A2: onbekende prioriteit ‘verkeerr’ bij :add-choice:; kies een prioriteit "
     "uit de catalogus. Bedoel je ‘verkeer’?"),
    ("a status that does not exist",
     lambda t: replace_in(t, ":status: verworpen", ":status: verworpn"), "A3", "alpha",
     "ivp:amendment: :status: moet een van ingediend, aangenomen, verworpen, ingetrokken zijn, "
     "niet ‘verworpn’. Bedoel je ‘verworpen’?"),
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
    assert "onbekend amendement ‘alpha/A11’" in warnings[0]["message"]
    assert "Bedoel je ‘alpha/A1’?" in warnings[0]["message"]


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


# -- the councils' decisions and the amendments tell one story ------------------------

def decision(council: str, amendments: str, outcome: str = "vastgesteld",
             date: str = "2019-01") -> str:
    return (f"\n:::{{ivp:decision}} {council}/raad\n:kind: raadsbesluit\n:date: {date}\n"
            f":outcome: {outcome}\n:source: onbekend\n:amendments: {amendments}\n:::\n")


def decision_line(text: str, council: str) -> int:
    return text.splitlines().index(f":::{{ivp:decision}} {council}/raad") + 1


def test_applied_only_what_status_and_decision_both_say():
    from jointplan.plan.amendments import applied
    from jointplan.plan.decisions import Decision, Register
    from jointplan.plan.model import Municipality

    alpha = Municipality("alpha", "Alpha", 1, Location("m", 1))
    a1 = amendment("A1", status="aangenomen", add_choice="verkeer")
    a2 = amendment("A2", status="aangenomen", drop_choice="drugs")
    a3 = amendment("A3", status="verworpen", add_choice="drugs")

    def numbers(*decisions: Decision, municipality=alpha) -> list[str]:
        return [a.number for a in applied([a1, a2, a3], Register([municipality], decisions))
                if a.adopted]

    def council(amendments=(), outcome="vastgesteld") -> Decision:
        return Decision("alpha/raad", "raadsbesluit", Location("b", 3), date="2019-01",
                        outcome=outcome, amendments=amendments)

    assert numbers() == []  # no decision recorded: nothing adopted
    assert numbers(council()) == ["A1", "A2"]  # a decision that names none: the statuses
    assert numbers(council(("A2", "A3"))) == ["A2"]  # only what both say
    assert numbers(council(("A1",), outcome="verworpen")) == []
    # The chapter's :council-decision: counts as a decision that names none.
    dated = Municipality("alpha", "Alpha", 1, Location("m", 1), council_decision="2019-01")
    assert numbers(municipality=dated) == ["A1", "A2"]


def test_each_adopted_amendment_belongs_to_one_decision_and_only_the_latest_applies():
    from jointplan.plan.amendments import applied, decision_of, problems
    from jointplan.plan.decisions import Decision, Register
    from jointplan.plan.model import Municipality

    alpha = Municipality("alpha", "Alpha", 1, Location("m", 1))
    a1 = amendment("A1", status="aangenomen", date="2019-01-10", add_choice="verkeer")
    a2 = amendment("A2", status="aangenomen", date="2019-01", drop_choice="drugs")
    a5 = amendment("A5", status="aangenomen", date="2020-02-20", add_choice="jeugd")

    def council(date: str, *names: str) -> Decision:
        return Decision("alpha/raad", "raadsbesluit", Location("b", int(date[:4])), date=date,
                        outcome="vastgesteld", amendments=names)

    def numbers(*decisions: Decision) -> list[str]:
        return [a.number for a in applied([a1, a2, a5], Register([alpha], decisions))
                if a.adopted]

    first, second = council("2019-01-20"), council("2020-03-04")
    # Named by none: each belongs to the first decision not before its date.
    assert [decision_of(a, [first, second]) for a in (a1, a2, a5)] == [first, first, second]
    assert numbers(first, second) == ["A5"]
    assert numbers(first) == ["A1", "A2"]  # A5 is after the only decision: none
    # Named: the naming decision, whatever the dates say.
    assert numbers(council("2019-01-20", "A1", "A2", "A5"), second) == []
    assert numbers(first, council("2020-03-04", "A1")) == ["A1"]
    # The first decision after A2 names others, so no decision adopted A2.
    assert decision_of(a2, [council("2019-01-20", "A1"), second]) is None
    # Amendments of two decisions change two texts: they do not clash.
    again = amendment("A5", status="aangenomen", date="2020-02-20", add_choice="verkeer")

    def clashes(*found: Amendment) -> list[str]:
        return [p.params["number"] for p in problems(
            found, {}, {"alpha": alpha}, ["verkeer"], set(), Register([alpha], [first, second]))]

    assert clashes(a1, again) == []
    assert clashes(a1, amendment("A5", status="aangenomen", date="2019-01",
                                 add_choice="verkeer")) == ["A5"]


def test_decisions_and_amendments_that_disagree_are_reported_at_their_lines(tmp_path,
                                                                            monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    # Alpha's decision names A1b (a typo), A3 (rejected) and not A1a (adopted);
    # Beta's names Alpha's A3 and not its own adopted A1; Gamma, which rejected
    # the plan, names an amendment.
    text = (source() + decision("alpha", "A1, A2, A1b, A3") + decision("beta", "A3")
            + decision("gamma", "A1", outcome="verworpen") + decision("gamma", "A7", date="2019-02"))
    srcdir = copy_root("amended", tmp_path / "src", {PAGE: text})
    app = build(srcdir, "html")
    warnings = {(w["file"], w["line"], w["message"]) for w in
                parse_warnings(app.warning.getvalue(), srcdir) if w["type"] == "ivp.amendment"}
    alpha, beta = decision_line(text, "alpha"), decision_line(text, "beta")
    expected = {
        (PAGE, alpha, ":amendments: de raad van Alpha heeft geen amendement A1b (amendementen "
         "van deze raad: A1, A1a, A2, A3). Bedoel je ‘A1’? Leg het amendement vast "
         "(ivp:amendment met :council: alpha), of verbeter het nummer."),
        (PAGE, alpha, f":amendments: noemt A3 als aangenomen, maar het amendement (amendementen, "
         f"regel {directive_line(text, 'A3', 'alpha')}) heeft :status: verworpen. Maak ze "
         "gelijk: verbeter de status van het amendement, of haal A3 hier weg."),
        (PAGE, directive_line(text, "A1a", "alpha"),
         f"amendement A1a: het amendement is aangenomen, maar het raadsbesluit (amendementen, "
         f"regel {alpha}) noemt het niet bij :amendments: (het noemt A1, A1b, A2, A3). Voeg "
         "A1a daar toe, of geef het amendement de status die in de besluitenlijst van de raad "
         "staat."),
        (PAGE, beta, f":amendments: A3 is een amendement van de raad van Alpha (amendementen, "
         f"regel {directive_line(text, 'A3', 'alpha')}), niet van Beta; een raadsbesluit noemt "
         "alleen de amendementen van de eigen raad. Verbeter het nummer, of de :council: van "
         "het amendement."),
        (PAGE, directive_line(text, "A1", "beta"),
         f"amendement A1: het amendement is aangenomen, maar het raadsbesluit (amendementen, "
         f"regel {beta}) noemt het niet bij :amendments: (het noemt A3). Voeg A1 daar toe, of "
         "geef het amendement de status die in de besluitenlijst van de raad staat."),
        (PAGE, [n for n, line in enumerate(text.splitlines(), 1)
                if line == ":::{ivp:decision} gamma/raad"][1],
         ":amendments: van de raad van Gamma is geen amendement vastgelegd, dus kan hij A7 "
         "niet hebben aangenomen. Leg het amendement vast (ivp:amendment met :council: "
         "gamma), of haal A7 hier weg."),
        (PAGE, decision_line(text, "gamma"),
         ":amendments: een raadsbesluit met de uitkomst verworpen neemt geen amendementen aan: "
         "een amendement wordt aangenomen bij de vaststelling. Haal :amendments: weg, of "
         "verbeter de uitkomst."),
    }
    assert warnings == expected, app.warning.getvalue()
    # The texts claim only what both say: Alpha's A1 without its sub-amendment A1a, and
    # A2; Beta nothing.
    outdir = Path(app.outdir)
    alpha_page = " ".join(BeautifulSoup((outdir / "municipalities/alpha.html").read_text(),
                                        "html.parser").get_text(" ").split())
    assert "De raad van Alpha heeft de tekst vastgesteld met amendementen A1 en A2." in alpha_page
    assert "over drie regels" in (outdir / "vastgesteld/alpha.html").read_text()
    assert "amendement" not in (outdir / "municipalities/beta.html").read_text().lower()
    # Beta: no view of an amended text, only the notice that it adopted the joint text.
    assert not (outdir / "vastgesteld/beta").exists()
    assert "het plan vermeldt geen amendement dat de raad aannam" in \
        (outdir / "vastgesteld/beta.html").read_text()
    # The council edition's cover follows the same data.
    import subprocess
    pdf = build(srcdir, "pdf", confoverrides={"jointplan_pdf_editions": ["alpha", "beta"]})
    words = {}
    for council in ("alpha", "beta"):
        out = subprocess.run(["pdftotext", "-l", "1", str(Path(pdf.outdir) / f"plan-{council}.pdf"),
                              "-"], capture_output=True, text=True, check=True).stdout
        words[council] = " ".join(out.split())
    assert "vastgesteld met amendementen A1 en A2" in words["alpha"]
    assert "amendement" not in words["beta"]


def test_a_decision_that_names_the_adopted_amendments_is_quiet_and_changes_nothing(tmp_path):
    text = source() + decision("alpha", "a1, A1a, A2") + decision("beta", "A1", date="2018-12-20")
    srcdir = copy_root("amended", tmp_path / "src", {PAGE: text})
    app = build(srcdir, "html")
    assert parse_warnings(app.warning.getvalue(), srcdir) == [], app.warning.getvalue()
    outdir = Path(app.outdir)
    assert "over vier regels" in (outdir / "vastgesteld/alpha.html").read_text()
    assert "vastgesteld met amendement A1." in (outdir / "municipalities/beta.html").read_text()


def test_an_unknown_paragraph_is_reported_once_also_under_nitpicky(tmp_path):
    text = replace_in(source(), ":paragraph: p-rb2v9u", ":paragraph: p-rb2v9x")
    srcdir = copy_root("amended", tmp_path / "src", {PAGE: text})
    app = build(srcdir, "html", confoverrides={"nitpicky": True})
    warnings = parse_warnings(app.warning.getvalue(), srcdir)
    assert [(w["file"], w["line"], w["type"]) for w in warnings] == [
        (PAGE, directive_line(text, "A1", "alpha"), "ivp.amendment")], app.warning.getvalue()
    assert "onbekende alinea ‘p-rb2v9x’" in warnings[0]["message"]


def test_a_council_amends_only_the_text_of_its_own_edition(tmp_path):
    # Alpha's rejected A3 changes Beta's chapter; Beta's A1 the amendments page,
    # which is in no edition (jointplan_pdf_exclude).
    text = replace_in(source(), ":status: verworpen\n:drop-choice: drugs",
                      ":status: verworpen\n:paragraph: p-85ubty\n:old: Toelichting\n:new: Uitleg")
    text = replace_in(text, ":paragraph: p-8cbhkb\n:old: met nadruk\n:new: met klem",
                      ":paragraph: p-amd001\n:old: De amendementen\n:new: Alle amendementen")
    srcdir = copy_root("amended", tmp_path / "src", {PAGE: text})
    app = build(srcdir, "html")
    warnings = [(w["file"], w["line"], w["message"])
                for w in parse_warnings(app.warning.getvalue(), srcdir)]
    assert warnings == [
        (PAGE, directive_line(text, "A3", "alpha"),
         "amendement A3: alinea p-85ubty staat in municipalities/beta, het hoofdstuk van Beta, "
         "dat niet in de uitgave voor Alpha staat: de raad van Alpha heeft die tekst niet "
         "vastgesteld en kan hem niet wijzigen. Noem een alinea uit de gezamenlijke "
         "hoofdstukken of uit het hoofdstuk van Alpha."),
        (PAGE, directive_line(text, "A1", "beta"),
         "amendement A1: alinea p-amd001 staat in amendementen, dat niet in de uitgave voor "
         "Beta staat, dus niet in de tekst die de raad vaststelde. Noem een alinea uit de "
         "tekst van die uitgave."),
    ], app.warning.getvalue()


def test_amendments_of_a_council_that_adopted_another_text_change_no_text(tmp_path):
    """Beta's decision (:version: geen) says it adopted another text than an
    edition of this one: its adopted amendment is warned at its line, and no
    page or cover claims this text with its amendments."""
    import subprocess
    text = source() + (":::{ivp:decision} beta/raad\n:kind: raadsbesluit\n:date: 2018-12-20\n"
                       ":version: geen\n:outcome: vastgesteld\n:source: onbekend\n:::\n")
    srcdir = copy_root("amended", tmp_path / "src", {PAGE: text})
    app = build(srcdir, "html")
    warnings = parse_warnings(app.warning.getvalue(), srcdir)
    assert [(w["type"], w["file"], w["line"]) for w in warnings] == [
        ("ivp.amendment", PAGE, directive_line(text, "A1", "beta"))], app.warning.getvalue()
    assert warnings[0]["message"] == (
        "amendement A1: het amendement is aangenomen, maar de raad van Beta stelde een andere "
        "tekst vast dan een uitgave van dit plan (versie 'geen' in het raadsbesluit, "
        f"amendementen, regel {decision_line(text, 'beta')}); een amendement kan geen tekst "
        "wijzigen die de raad niet vaststelde, dus deze tekst toont het nergens als "
        "vastgesteld. Verbeter de status van het amendement, of de versie in het raadsbesluit.")
    outdir = Path(app.outdir)
    pages = {page.relative_to(outdir).as_posix(): " ".join(
                 BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
                 .get_text(" ").split()) for page in outdir.rglob("*.html")}
    assert not [name for name, page in pages.items() if "tekst) met amendement" in page
                or "Beta heeft de tekst vastgesteld met" in page]
    assert "met klem" not in pages["vastgesteld/index.html"]
    assert not (outdir / "vastgesteld" / "beta").exists()
    assert not (outdir / "priorities-beta.json").exists()
    assert "in een andere tekst dan deze. Deze website toont daarom geen vastgestelde tekst " \
           "van Beta." in pages["vastgesteld/beta.html"]
    assert "vastgesteld met amendementen A1 en A2" in pages["municipalities/alpha.html"]
    pdf = build(srcdir, "pdf", confoverrides={"jointplan_pdf_editions": ["beta"]})
    cover = subprocess.run(["pdftotext", "-l", "1", str(Path(pdf.outdir) / "plan-beta.pdf"),
                            "-"], capture_output=True, text=True, check=True).stdout
    assert "in een andere tekst dan deze" in " ".join(cover.split())
    assert "amendement" not in cover


def test_the_chapters_council_version_geen_applies_no_amendment():
    from jointplan.plan.amendments import applied
    from jointplan.plan.decisions import Register
    from jointplan.plan.model import Municipality
    from jointplan.plan.pointintime import as_adopted

    other = Municipality("alpha", "Alpha", 1, Location("m", 1), council_decision="2019-01",
                         council_version="geen")
    a1 = amendment("A1", status="aangenomen", add_choice="verkeer")
    assert [a.number for a in applied([a1], Register([other])) if a.adopted] == []
    adopted = as_adopted(other, [a1])
    assert adopted is not None and adopted.amendments == ()
    from jointplan.plan import words
    assert words.adopted_text_phrase("geen", ["A1"]) == "geen uitgave van deze tekst"
