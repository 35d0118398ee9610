"""Every check: the warning's subtype, file, line and text, on an edited test root."""

from __future__ import annotations


import pytest

from utils import CHOICE, appended, edited, line_of, source


# (case id, edits, subtype, file, marker whose line the warning points at, message part)
CASES = [
    ("unknown priority reference",
     edited("shared/overlap.md", "{ivp:priority}`ondermijning`", "{ivp:priority}`ondermijnig`"),
     "unknown-priority", "shared/overlap.md", "ondermijnig",
     "onbekende prioriteit ‘ondermijnig’; gebruik het id van een prioriteit uit de "
     "catalogus. Bedoel je ‘ondermijning’?"),
    ("reference on a later line of its paragraph, twice",
     appended("shared/overlap.md", "\nEen alinea\nover {ivp:priority}`drugz` en\n"
              "nog eens {ivp:priority}`drugz`.\n"),
     "unknown-priority", "shared/overlap.md", "nog eens {ivp:priority}`drugz`",
     "onbekende prioriteit ‘drugz’; gebruik het id van een prioriteit uit de catalogus. "
     "Bedoel je ‘drugs’?"),
    ("unknown municipality reference",
     edited("shared/overlap.md", "{ivp:municipality}`beta`", "{ivp:municipality}`betta`"),
     "unknown-municipality", "shared/overlap.md", "betta",
     "onbekende gemeente ‘betta’; gebruik het id dat een gemeentehoofdstuk verklaart. "
     "Bedoel je ‘beta’?"),
    ("unknown choice reference",
     appended("shared/overlap.md", "\nZie {ivp:choice}`alpha/verkeer`.\n"),
     "unknown-choice", "shared/overlap.md", "alpha/verkeer",
     "alpha koos ‘verkeer’ niet; de keuzes van alpha zijn: drugs, ondermijning, "
     "woninginbraak."),
    ("choice reference to an undeclared municipality",
     appended("shared/overlap.md", "\nZie {ivp:choice}`leusden/drugs`.\n"),
     "unknown-choice", "shared/overlap.md", "leusden/drugs",
     "er is geen gemeente ‘leusden’, dus ‘leusden/drugs’ is geen keuze"),
    ("choice reference to a priority not in the catalogue",
     appended("shared/overlap.md", "\nZie {ivp:choice}`alpha/drugz`.\n"),
     "unknown-choice", "shared/overlap.md", "alpha/drugz",
     "‘drugz’ in ‘alpha/drugz’ staat niet in de catalogus van prioriteiten; schrijf "
     "‘gemeente-id/prioriteit-id’ met het id van een prioriteit. Bedoel je ‘drugs’?"),
    ("choice of a priority not in the catalogue",
     appended("municipalities/alpha.md", CHOICE.format(priority="drugz", origin="bewoners")),
     "unknown-priority", "municipalities/alpha.md", "{ivp:choice} drugz",
     "‘drugz’ staat niet in de catalogus van prioriteiten; kies een bestaande prioriteit "
     "of voeg haar eerst toe aan de catalogus. Bedoel je ‘drugs’?"),
    ("duplicate priority id across documents",
     appended("shared/overlap.md", "\n:::{ivp:priority} drugs\n:title: Drugs 2\n"
              ":field: jeugd-en-veiligheid\n:::\n"),
     "duplicate-id", "shared/overlap.md", "{ivp:priority} drugs",
     "de prioriteit ‘drugs’ is al verklaard in shared/catalogue, regel 18; geef deze "
     "prioriteit een ander id of haal een van de twee verklaringen weg."),
    ("same priority chosen twice",
     appended("municipalities/gamma.md", CHOICE.format(priority="drugs", origin="raad")),
     "duplicate-choice", "municipalities/gamma.md", "{ivp:choice} drugs",
     "de gemeente ‘gamma’ koos de prioriteit ‘drugs’ al op regel 28"),
    ("chapter without a municipality",
     edited("municipalities/beta.md", ":::{ivp:municipality} beta\n:name: Beta\n"
            ":residents: 2000\n:college-decision: 2018-11-05\n:council-decision: 2018-12-20\n"
            ":::\n", ""),
     "missing-municipality", "municipalities/beta.md", "# Beta",
     "dit gemeentehoofdstuk verklaart geen gemeente"),
    ("chapter with two municipalities",
     appended("municipalities/beta.md", "\n:::{ivp:municipality} delta\n:name: Delta\n"
              ":residents: 10\n:::\n"),
     "multiple-municipalities", "municipalities/beta.md", "{ivp:municipality} delta",
     "dit hoofdstuk verklaart al de gemeente ‘beta’ (regel 3)"),
    ("unknown veiligheidsveld",
     edited("shared/catalogue.md", ":field: fysieke-veiligheid", ":field: fysieke-veilgheid"),
     "unknown-field", "shared/catalogue.md", "{ivp:priority} verkeer",
     "‘fysieke-veilgheid’ is geen veiligheidsveld van Kernbeleid Veiligheid"),
    ("missing required option",
     edited("shared/catalogue.md", ":title: Drugs\n", ""),
     "missing-option", "shared/catalogue.md", "{ivp:priority} drugs",
     "ivp:priority: de optie :title: is verplicht en mag niet leeg zijn."),
    ("empty title",
     edited("shared/catalogue.md", ":title: Drugs", ":title:"),
     "missing-option", "shared/catalogue.md", "{ivp:priority} drugs",
     "de optie :title: is verplicht en mag niet leeg zijn."),
    ("residents not a number",
     edited("municipalities/gamma.md", ":residents: 3000", ":residents: ongeveer 3000"),
     "invalid-value", "municipalities/gamma.md", "{ivp:municipality} gamma",
     ":residents: moet een heel getal zijn, zoals 65000, niet ‘ongeveer 3000’"),
    ("decision date not in ISO form",
     edited("municipalities/gamma.md", ":residents: 3000", ":residents: 3000\n:council-decision: 20-12-2018"),
     "invalid-value", "municipalities/gamma.md", "{ivp:municipality} gamma",
     ":council-decision: moet een datum zijn zoals 2018-12-20, een maand zoals 2019-01, "
     "‘datum-onbekend’ als het besluit genomen is op een dag die de bronnen niet noemen, "
     "of ‘nee’ als het (nog) niet genomen is; niet ‘20-12-2018’."),
    ("id with capitals",
     edited("shared/catalogue.md", "{ivp:priority} verkeer", "{ivp:priority} Verkeer Veilig"),
     "invalid-value", "shared/catalogue.md", "{ivp:priority} Verkeer",
     "‘Verkeer Veilig’ is geen geldig id voor een prioriteit; gebruik alleen kleine "
     "letters, cijfers en enkele streepjes. Bedoel je ‘verkeer-veilig’?"),
    ("declaration without an id",
     edited("shared/catalogue.md", "{ivp:priority} verkeer", "{ivp:priority}"),
     "missing-option", "shared/catalogue.md", "^:::{ivp:priority}",
     "ivp:priority: het id van de prioriteit ontbreekt; schrijf het achter de naam van "
     "het blok, bijvoorbeeld ‘{ivp:priority} mijn-prioriteit’."),
    ("joint priority not chosen by all",
     edited("municipalities/gamma.md", "::::{ivp:choice} ondermijning",
            "::::{ivp:choice} drugs\n:status: indeling\n:::{ivp:goals}\n- x\n:::\n"
            ":::{ivp:indicators}\n- y\n"
            ":::\n::::\n\n::::{ivp:choice} ondermijning-gone"),
     "joint-not-chosen", "shared/catalogue.md", "{ivp:priority} ondermijning",
     "de gezamenlijke prioriteit ‘ondermijning’ is niet gekozen door Gamma; voeg in hun "
     "hoofdstukken een ‘ivp:choice’"),
    ("catalogue priority nobody chose",
     appended("shared/catalogue.md", "\n:::{ivp:priority} brand\n:title: Brandveiligheid\n"
              ":field: fysieke-veiligheid\n:::\n"),
     "unchosen-priority", "shared/catalogue.md", "{ivp:priority} brand",
     "geen gemeente koos de prioriteit ‘brand’"),
    ("choice without goals",
     appended("municipalities/alpha.md", "\n::::{ivp:choice} verkeer\n:origin: raad\n"
              ":status: indeling\n\n"
              ":::{ivp:indicators}\n- x\n:::\n::::\n"),
     "incomplete-choice", "municipalities/alpha.md", "{ivp:choice} verkeer",
     "de uitwerking van ‘verkeer’ heeft geen doelen; voeg binnen deze keuze een blok "
     "‘ivp:goals’ toe."),
    ("unknown origin",
     appended("municipalities/alpha.md", CHOICE.format(priority="verkeer", origin="bewonres")),
     "unknown-origin", "municipalities/alpha.md", "{ivp:choice} verkeer",
     "onbekende herkomst ‘bewonres’; gebruik een of meer van bewoners, ondernemers, "
     "professionals, politie, raad, gescheiden door komma’s. Bedoel je ‘bewoners’?"),
    ("choice outside a municipality chapter",
     appended("shared/overlap.md", CHOICE.format(priority="verkeer", origin="raad")),
     "misplaced", "shared/overlap.md", "{ivp:choice} verkeer",
     "een keuze hoort bij een gemeente: zet haar in een gemeentehoofdstuk"),
    ("municipality declared outside the municipality folder",
     appended("shared/overlap.md", "\n:::{ivp:municipality} delta\n:name: Delta\n"
              ":residents: 10\n:::\n"),
     "misplaced", "shared/overlap.md", "{ivp:municipality} delta",
     "een gemeente wordt verklaard in haar eigen hoofdstuk in ‘municipalities/’"),
    ("summary of an unknown municipality",
     edited("shared/overlap.md", ":::{ivp:municipality-summary}", ":::{ivp:municipality-summary} alfa"),
     "unknown-municipality", "shared/overlap.md", "{ivp:municipality-summary} alfa",
     "onbekende gemeente ‘alfa’"),
]


@pytest.mark.parametrize(
    ("edits", "subtype", "relpath", "marker", "message"),
    [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_check_warns_with_location_and_hint(build_plan, edits, subtype, relpath, marker,
                                            message):
    app, warnings = build_plan(edits)
    text = edits.get(relpath) or source(relpath)
    expected_line = line_of(text, marker)
    ours = [w for w in warnings if w["type"] == f"ivp.{subtype}"]
    assert ours, f"no ivp.{subtype} warning in:\n{app.warning.getvalue()}"
    assert any(w["file"] == relpath and w["line"] == expected_line and message in w["message"]
               for w in ours), ours
    # The build went on: the overlap page was still written.
    assert (app.outdir / "shared" / "overlap.html").exists()


def test_clean_root_has_no_warnings(build_plan):
    app, warnings = build_plan()
    assert warnings == [], app.warning.getvalue()


def test_a_warning_kind_can_be_suppressed(build_plan):
    edits = appended("shared/catalogue.md", "\n:::{ivp:priority} brand\n:title: Brand\n"
                     ":field: fysieke-veiligheid\n:::\n")
    conf = source("conf.py") + '\nsuppress_warnings = ["ivp.unchosen-priority"]\n'
    app, warnings = build_plan({**edits, "conf.py": conf})
    assert warnings == [], app.warning.getvalue()


def test_one_bad_value_gives_one_warning_not_a_cascade(build_plan):
    """A malformed option is reported, but the declaration still counts."""
    edits = edited("municipalities/gamma.md", ":residents: 3000", ":residents: veel")
    edits.update(edited("shared/catalogue.md", ":field: jeugd-en-veiligheid", ":field: jeugd"))
    app, warnings = build_plan(edits)
    assert sorted(w["type"] for w in warnings) == ["ivp.invalid-value", "ivp.unknown-field"], \
        app.warning.getvalue()
