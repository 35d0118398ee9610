"""What real authors type wrong, beyond the checks of test_warnings.py.

Each case edits one file of the test root and asserts the exact warning:
type and subtype, file, line and message, and that the build went on.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from utils import CHOICE, appended, edited, line_of, source

ROOT = Path(__file__).parent / "roots" / "test-plan"

PRIORITY = ":::{{ivp:priority}} {pid}\n:title: {title}\n:field: fysieke-veiligheid\n:::\n"
LONG = "Een titel die zo lang is dat hij niet meer in de kop van een tabel past, zelfs niet op een breed scherm"

# (case, edits, warning type, file, line marker, message part)
CASES = [
    ("unknown option", edited("shared/catalogue.md", ":title: Drugs", ":titel: Drugs"),
     "myst.directive_option", "shared/catalogue.md", ":titel: Drugs",
     "het blok ‘{ivp:priority}’ kent de optie :titel: niet; het kent :field:, :joint:, "
     ":title:. Bedoel je ‘title’?"),
    ("content in a directive that takes none",
     edited("shared/overlap.md", ":::{ivp:overlap-matrix}\n", ":::{ivp:overlap-matrix}\nTekst\n"),
     "myst.directive_parse", "shared/overlap.md", "{ivp:overlap-matrix}",
     "het blok ‘{ivp:overlap-matrix}’ heeft geen tekst; haal de tekst tussen de begin- en "
     "eindregel weg"),
    ("a value for a flag", edited("shared/catalogue.md", ":joint:", ":joint: nee"),
     "ivp.invalid-value", "shared/catalogue.md", "{ivp:priority} ondermijning",
     ":joint: heeft geen waarde, maar hier staat ‘nee’; schrijf alleen ‘:joint:’ bij de "
     "gezamenlijke prioriteit, of laat de regel weg."),
    ("id of white space only", edited("shared/catalogue.md", "{ivp:priority} verkeer",
                                      "{ivp:priority}    "),
     "ivp.missing-option", "shared/catalogue.md", "^:::{ivp:priority}    ",
     "het id van de prioriteit ontbreekt"),
    ("id with diacritics", edited("shared/catalogue.md", "{ivp:priority} verkeer",
                                  "{ivp:priority} veiligheid-één"),
     "ivp.invalid-value", "shared/catalogue.md", "veiligheid-één",
     "Bedoel je ‘veiligheid-een’?"),
    ("id with a space in a choice", edited("municipalities/beta.md", "{ivp:choice} verkeer",
                                           "{ivp:choice} verkeer veilig"),
     "ivp.invalid-value", "municipalities/beta.md", "{ivp:choice} verkeer veilig",
     "‘verkeer veilig’ is geen geldig id voor een prioriteit"),
    ("duplicate declaration in one file",
     appended("shared/catalogue.md", "\n" + PRIORITY.format(pid="verkeer", title="Nog eens")),
     "ivp.duplicate-id", "shared/catalogue.md", "^:::{ivp:priority} verkeer",
     "de prioriteit ‘verkeer’ is al verklaard in shared/catalogue, regel 25"),
    ("duplicate municipality across files",
     edited("municipalities/gamma.md", "{ivp:municipality} gamma", "{ivp:municipality} beta"),
     "ivp.duplicate-id", "municipalities/gamma.md", "{ivp:municipality} beta",
     "de gemeente ‘beta’ is al verklaard in municipalities/beta, regel 3"),
    ("chapter missing from the toctree",
     {"index.md": source("index.md").replace("municipalities/gamma\n", "")},
     "toc.not_included", "municipalities/gamma.md", None,
     "dit hoofdstuk staat in geen enkele inhoudsopgave, dus lezers vinden het niet"),
    ("choice before its municipality is declared",
     edited("municipalities/beta.md", "# Beta\n", "# Beta\n" + CHOICE.format(
         priority="drugs", origin="raad")),
     "ivp.misplaced", "municipalities/beta.md", "{ivp:choice} drugs",
     "een keuze hoort bij een gemeente: zet haar in een gemeentehoofdstuk, na de "
     "verklaring ‘ivp:municipality’."),
    ("reference to a choice another municipality did not make",
     appended("municipalities/alpha.md", "\nZoals {ivp:choice}`beta/drugs`.\n"),
     "ivp.unknown-choice", "municipalities/alpha.md", "{ivp:choice}`beta/drugs`",
     "beta koos ‘drugs’ niet; de keuzes van beta zijn: ondermijning, verkeer, "
     "woninginbraak."),
    ("choice reference without a slash",
     appended("municipalities/alpha.md", "\nZie {ivp:choice}`beta`.\n"),
     "ivp.unknown-choice", "municipalities/alpha.md", "{ivp:choice}`beta`",
     "geen gemeente koos ‘beta’"),
    ("reference with its own text and a typo",
     appended("shared/overlap.md", "\nZie {ivp:priority}`de drugsaanpak <drugz>`.\n"),
     "ivp.unknown-priority", "shared/overlap.md", "drugsaanpak",
     "onbekende prioriteit ‘drugz’; gebruik het id van een prioriteit uit de catalogus. "
     "Bedoel je ‘drugs’?"),
    ("HTML in a title", edited("shared/catalogue.md", ":title: Drugs", ":title: <b>Drugs</b>"),
     "ivp.invalid-value", "shared/catalogue.md", "{ivp:priority} drugs",
     ":title: is platte tekst en staat zo in tabellen en de index; haal de opmaak weg uit "
     "‘<b>Drugs</b>’."),
    ("Markdown in a title", edited("shared/catalogue.md", ":title: Drugs", ":title: **Drugs**"),
     "ivp.invalid-value", "shared/catalogue.md", "{ivp:priority} drugs",
     "haal de opmaak weg uit ‘**Drugs**’"),
    ("Markdown link in a municipality name",
     edited("municipalities/beta.md", ":name: Beta", ":name: [Beta](https://beta.nl)"),
     "ivp.invalid-value", "municipalities/beta.md", "{ivp:municipality} beta",
     ":name: is platte tekst"),
    ("very long title", edited("shared/catalogue.md", ":title: Drugs", f":title: {LONG}"),
     "ivp.invalid-value", "shared/catalogue.md", "{ivp:priority} drugs",
     f":title: is {len(LONG)} tekens lang; houd het bij 80"),
    ("negative residents", edited("municipalities/gamma.md", ":residents: 3000",
                                  ":residents: -3000"),
     "ivp.invalid-value", "municipalities/gamma.md", "{ivp:municipality} gamma",
     "niet ‘-3000’"),
    ("empty municipality name", edited("municipalities/gamma.md", ":name: Gamma", ":name:"),
     "ivp.missing-option", "municipalities/gamma.md", "{ivp:municipality} gamma",
     "de optie :name: is verplicht en mag niet leeg zijn."),
    ("choice without an origin",
     edited("municipalities/gamma.md", "::::{ivp:choice} drugs\n:origin: bewoners, politie\n",
            "::::{ivp:choice} drugs\n"),
     "ivp.missing-option", "municipalities/gamma.md", "{ivp:choice} drugs",
     "ivp:choice: de optie :origin: is verplicht"),
    ("goals outside a choice",
     appended("municipalities/gamma.md", "\n:::{ivp:goals}\n- Los doel.\n:::\n"),
     "ivp.misplaced", "municipalities/gamma.md", "{ivp:goals}",
     "ivp:goals: dit onderdeel hoort binnen een blok ‘ivp:choice’"),
    ("empty goals", edited("municipalities/gamma.md", ":::{ivp:goals}\n- Doel voor drugs.\n:::",
                           ":::{ivp:goals}\n:::"),
     "ivp.missing-option", "municipalities/gamma.md", "^:::{ivp:goals}",
     "de doelen zijn leeg; schrijf ze als lijst binnen het blok."),
    ("choice without indicators",
     edited("municipalities/gamma.md",
            ":::{ivp:indicators}\n- Indicator voor drugs.\n:::\n", ""),
     "ivp.incomplete-choice", "municipalities/gamma.md", "{ivp:choice} drugs",
     "de uitwerking van ‘drugs’ heeft geen indicatoren; voeg binnen deze keuze een blok "
     "‘ivp:indicators’ toe."),
    ("misspelt directive", edited("shared/catalogue.md", "{ivp:priority} drugs",
                                  "{ivp:prioriteit} drugs"),
     "myst.directive_unknown", "shared/catalogue.md", "{ivp:prioriteit} drugs",
     "‘{ivp:prioriteit}’ is geen blok (directive); controleer de naam. Bedoel je "
     "‘ivp:priority’?"),
    ("misspelt role", appended("shared/overlap.md", "\nZie {ivp:prio}`drugs`.\n"),
     "myst.role_unknown", "shared/overlap.md", "{ivp:prio}",
     "‘{ivp:prio}’ is geen rol; controleer de naam."),
    ("unknown bibliography key", appended("shared/overlap.md",
                                          "\nVolgens de bron {cite:p}`bestaatniet`.\n"),
     "bibtex.key_not_found", "shared/overlap.md", "bestaatniet",
     "de bron ‘bestaatniet’ staat niet in refs.bib"),
    # Markup the parser left as text (ivp.raw-markup)
    ("role without a target", appended("shared/overlap.md", "\nZie {ivp:priority}`` hier.\n"),
     "ivp.raw-markup", "shared/overlap.md", "{ivp:priority}``",
     "‘{ivp:priority}``’ staat er zoals getypt: de rol is niet herkend; een rol heeft "
     "haar doel tussen de backticks nodig"),
    ("role without its closing backtick",
     appended("shared/overlap.md", "\nZie {ivp:municipality}`beta zonder einde.\n"),
     "ivp.raw-markup", "shared/overlap.md", "zonder einde",
     "‘{ivp:municipality}`beta zonder einde.’ staat er zoals getypt: de rol is niet "
     "herkend"),
    ("script address in a link",
     appended("shared/overlap.md", "\nEen [klik hier](javascript:alert(1)) link.\n"),
     "ivp.raw-markup", "shared/overlap.md", "klik hier",
     "‘[klik hier](javascript:alert(1))’ staat er zoals getypt: de link is geweigerd, "
     "want adressen die met ‘javascript:’ beginnen, mogen niet in het plan"),
    ("script address in a link on the second line of a paragraph",
     appended("shared/overlap.md", "\nEen zin over\ntwee regels [x](JavaScript:void(0)).\n"),
     "ivp.raw-markup", "shared/overlap.md", "twee regels",
     "adressen die met ‘javascript:’ beginnen, mogen niet in het plan"),
    ("reference link whose definition was refused",
     appended("shared/overlap.md", "\nZie [de bron][b].\n\n[b]: javascript:alert(2)\n"),
     "ivp.raw-markup", "shared/overlap.md", "[de bron][b]",
     "‘[de bron][b]’ staat er zoals getypt: de verwijzingslink is niet herkend; een link "
     "als [tekst][naam] heeft in hetzelfde hoofdstuk een regel ‘[naam]: adres’ nodig"),
    ("reference link without a definition",
     appended("shared/overlap.md", "\nZie [de bron][nergens] hier.\n"),
     "ivp.raw-markup", "shared/overlap.md", "[de bron][nergens]",
     "de verwijzingslink is niet herkend"),
    ("link address with spaces", appended("shared/overlap.md",
                                          "\nZie [het besluit](raads besluit.md).\n"),
     "ivp.raw-markup", "shared/overlap.md", "raads besluit",
     "een adres met spaties zet je tussen punthaken: [tekst](<mijn bestand.md>)"),
    ("script address in an autolink", appended("shared/overlap.md",
                                               "\nOf <javascript:alert(3)> dus.\n"),
     "ivp.raw-markup", "shared/overlap.md", "<javascript:",
     "‘<javascript:alert(3)>’ staat er zoals getypt: het webadres is geweigerd"),
    ("role leftover in a table cell",
     appended("shared/overlap.md", "\n| Kop |\n|---|\n| {ivp:priority}`` |\n"),
     "ivp.raw-markup", "shared/overlap.md", "| {ivp:priority}`` |",
     "de rol is niet herkend"),
    ("directive fence without its closing brace",
     appended("shared/overlap.md", "\n:::{note\nLet op.\n:::\n"),
     "ivp.raw-markup", "shared/overlap.md", ":::{note",
     "‘:::{note’ wordt niet herkend als blok (directive)"),
    ("backtick fence without its closing brace",
     appended("shared/overlap.md", "\n```{note\nLet op.\n```\n"),
     "ivp.raw-markup", "shared/overlap.md", "```{note",
     "‘```{note’ wordt niet herkend als blok (directive)"),
    ("colon fence without braces", appended("shared/overlap.md", "\n:::note\nLet op.\n:::\n"),
     "ivp.raw-markup", "shared/overlap.md", ":::note",
     "‘:::note’ wordt niet herkend als blok (directive)"),
    # Option values MyST cannot read (ivp.option-value)
    ("place name starting with an apostrophe",
     edited("municipalities/gamma.md", ":name: Gamma", ":name: 's-Hertogenbosch"),
     "ivp.option-value", "municipalities/gamma.md", ":name: 's-Hertogenbosch",
     ":name: 's-Hertogenbosch is niet te lezen (een waarde die begint met een "
     "aanhalingsteken, | of >, of die een tab of ‘ #’ bevat, moet tussen aanhalingstekens); "
     "ze is gelezen zoals getypt. Zet haar tussen dubbele aanhalingstekens: "
     ":name: \"'s-Hertogenbosch\""),
    ("place name 't Zandt", edited("municipalities/gamma.md", ":name: Gamma", ":name: 't Zandt"),
     "ivp.option-value", "municipalities/gamma.md", ":name: 't Zandt",
     "Zet haar tussen dubbele aanhalingstekens: :name: \"'t Zandt\""),
    ("value with a hash after a space",
     edited("shared/catalogue.md", ":title: Drugs", ":title: Drugs #2"),
     "ivp.option-value", "shared/catalogue.md", ":title: Drugs #2",
     ":title: Drugs #2 zou worden gelezen als ‘Drugs’"),
    ("value with a tab", edited("municipalities/gamma.md", ":name: Gamma", ":name: Gam\tma"),
     "ivp.option-value", "municipalities/gamma.md", "Gam\tma",
     'Zet haar tussen dubbele aanhalingstekens: :name: "Gam\\tma"'),
    ("value starting with a bar", edited("shared/catalogue.md", ":title: Drugs", ":title: |Drugs"),
     "ivp.option-value", "shared/catalogue.md", ":title: |Drugs",
     ':title: |Drugs is niet te lezen'),
    # Control characters (ivp.control-character)
    ("NUL byte in a paragraph", edited("municipalities/beta.md", "Toelichting bij verkeer.",
                                       "Toelichting\x00 bij verkeer."),
     "ivp.control-character", "municipalities/beta.md", "Toelichting\x00",
     "deze regel bevat 1 onzichtbare besturingsteken(s) (U+0000), waarschijnlijk van het "
     "kopiëren van tekst; ze zijn weggehaald."),
    ("bell and escape in a title", edited("shared/catalogue.md", ":title: Drugs",
                                          ":title: Dr\x07ugs\x1b"),
     "ivp.control-character", "shared/catalogue.md", ":title: Dr\x07",
     "2 onzichtbare besturingsteken(s) (U+0007, U+001B)"),
]


@pytest.mark.parametrize(("edits", "kind", "relpath", "marker", "message"),
                         [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_bad_input_is_reported_where_it_stands(build_plan, edits, kind, relpath, marker,
                                               message):
    app, warnings = build_plan(edits)
    matching = [w for w in warnings if w["type"] == kind and message in w["message"]]
    assert matching, app.warning.getvalue()
    warning = matching[0]
    assert warning["file"] == relpath
    if marker is not None:
        text = edits.get(relpath) or source(relpath)
        assert warning["line"] == line_of(text, marker), warning
    assert (app.outdir / "index.html").exists()  # the build went on


def test_a_file_that_is_not_utf8_is_reported_not_a_crash(tmp_path):
    from utils import build, copy_root, parse_warnings
    srcdir = copy_root("plan", tmp_path / "src")
    path = srcdir / "municipalities" / "beta.md"
    path.write_bytes(path.read_text(encoding="utf-8").replace(
        "Toelichting bij verkeer.", "Toelichting bij één verkeer.").encode("latin-1"))
    app = build(srcdir)
    warnings = parse_warnings(app.warning.getvalue(), srcdir)
    line = path.read_bytes().split(b"\n").index(b"Toelichting bij \xe9\xe9n verkeer.") + 1
    assert {"file": "municipalities/beta.md", "line": line, "type": "ivp.encoding",
            "message": "dit bestand is geen geldige UTF-8 (byte 0xe9 op deze regel) en is niet "
                       "gelezen; sla het in je editor op als UTF-8."} in warnings, \
        app.warning.getvalue()
    assert (app.outdir / "index.html").exists()  # the rest of the plan was built
