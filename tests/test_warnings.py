"""Every check: the warning's subtype, file, line and text, on an edited test root."""

from __future__ import annotations


import pytest

from utils import CHOICE, appended, edited, line_of, source


# (case id, edits, subtype, file, marker whose line the warning points at, message part)
CASES = [
    ("unknown priority reference",
     edited("shared/overlap.md", "{ivp:priority}`ondermijning`", "{ivp:priority}`ondermijnig`"),
     "unknown-priority", "shared/overlap.md", "ondermijnig",
     "unknown priority 'ondermijnig'; use the id of a priority from the catalogue. "
     "Did you mean 'ondermijning'?"),
    ("reference on a later line of its paragraph, twice",
     appended("shared/overlap.md", "\nEen alinea\nover {ivp:priority}`drugz` en\n"
              "nog eens {ivp:priority}`drugz`.\n"),
     "unknown-priority", "shared/overlap.md", "nog eens {ivp:priority}`drugz`",
     "unknown priority 'drugz'; use the id of a priority from the catalogue. "
     "Did you mean 'drugs'?"),
    ("unknown municipality reference",
     edited("shared/overlap.md", "{ivp:municipality}`beta`", "{ivp:municipality}`betta`"),
     "unknown-municipality", "shared/overlap.md", "betta",
     "unknown municipality 'betta'; use the id a municipality chapter declares. "
     "Did you mean 'beta'?"),
    ("unknown choice reference",
     appended("shared/overlap.md", "\nZie {ivp:choice}`alpha/verkeer`.\n"),
     "unknown-choice", "shared/overlap.md", "alpha/verkeer",
     "no municipality chose 'alpha/verkeer'"),
    ("choice of a priority not in the catalogue",
     appended("municipalities/alpha.md", CHOICE.format(priority="drugz", origin="bewoners")),
     "unknown-priority", "municipalities/alpha.md", "{ivp:choice} drugz",
     "'drugz' is not in the priority catalogue; choose an existing priority or add it to "
     "the catalogue first. Did you mean 'drugs'?"),
    ("duplicate priority id across documents",
     appended("shared/overlap.md", "\n:::{ivp:priority} drugs\n:title: Drugs 2\n"
              ":field: jeugd-en-veiligheid\n:::\n"),
     "duplicate-id", "shared/overlap.md", "{ivp:priority} drugs",
     "priority 'drugs' is already declared in shared/catalogue, line 18; give this "
     "priority another id or remove one of the two declarations."),
    ("same priority chosen twice",
     appended("municipalities/gamma.md", CHOICE.format(priority="drugs", origin="raad")),
     "duplicate-choice", "municipalities/gamma.md", "{ivp:choice} drugs",
     "municipality 'gamma' already chose priority 'drugs' at line 26"),
    ("chapter without a municipality",
     edited("municipalities/beta.md", ":::{ivp:municipality} beta\n:name: Beta\n"
            ":residents: 2000\n:college-decision: 2018-11-05\n:council-decision: 2018-12-20\n"
            ":::\n", ""),
     "missing-municipality", "municipalities/beta.md", "# Beta",
     "this municipality chapter declares no municipality"),
    ("chapter with two municipalities",
     appended("municipalities/beta.md", "\n:::{ivp:municipality} delta\n:name: Delta\n"
              ":residents: 10\n:::\n"),
     "multiple-municipalities", "municipalities/beta.md", "{ivp:municipality} delta",
     "this chapter already declares municipality 'beta' (line 3)"),
    ("unknown veiligheidsveld",
     edited("shared/catalogue.md", ":field: fysieke-veiligheid", ":field: fysieke-veilgheid"),
     "unknown-field", "shared/catalogue.md", "{ivp:priority} verkeer",
     "'fysieke-veilgheid' is not a veiligheidsveld of Kernbeleid Veiligheid"),
    ("missing required option",
     edited("shared/catalogue.md", ":title: Drugs\n", ""),
     "missing-option", "shared/catalogue.md", "{ivp:priority} drugs",
     "ivp:priority: the :title: option is required and must not be empty."),
    ("empty title",
     edited("shared/catalogue.md", ":title: Drugs", ":title:"),
     "missing-option", "shared/catalogue.md", "{ivp:priority} drugs",
     "the :title: option is required and must not be empty."),
    ("residents not a number",
     edited("municipalities/gamma.md", ":residents: 3000", ":residents: ongeveer 3000"),
     "invalid-value", "municipalities/gamma.md", "{ivp:municipality} gamma",
     ":residents: must be a whole number such as 65000, not 'ongeveer 3000'"),
    ("decision date not in ISO form",
     edited("municipalities/gamma.md", ":residents: 3000", ":residents: 3000\n:council-decision: 20-12-2018"),
     "invalid-value", "municipalities/gamma.md", "{ivp:municipality} gamma",
     ":council-decision: must be a date such as 2018-12-20, a month such as 2019-01, "
     "'datum-onbekend' when the decision was taken on a day the sources do not give, or "
     "'nee' when it was not (yet) taken; not '20-12-2018'."),
    ("id with capitals",
     edited("shared/catalogue.md", "{ivp:priority} verkeer", "{ivp:priority} Verkeer Veilig"),
     "invalid-value", "shared/catalogue.md", "{ivp:priority} Verkeer",
     "'Verkeer Veilig' is not a valid priority id; use lower-case letters, digits and "
     "single hyphens only. Did you mean 'verkeer-veilig'?"),
    ("declaration without an id",
     edited("shared/catalogue.md", "{ivp:priority} verkeer", "{ivp:priority}"),
     "missing-option", "shared/catalogue.md", "^:::{ivp:priority}",
     "ivp:priority: the priority id is missing; write it after the directive name"),
    ("joint priority not chosen by all",
     edited("municipalities/gamma.md", "::::{ivp:choice} ondermijning",
            "::::{ivp:choice} drugs\n:::{ivp:goals}\n- x\n:::\n:::{ivp:indicators}\n- y\n"
            ":::\n::::\n\n::::{ivp:choice} ondermijning-gone"),
     "joint-not-chosen", "shared/catalogue.md", "{ivp:priority} ondermijning",
     "joint priority 'ondermijning' is not chosen by Gamma; add an 'ivp:choice'"),
    ("catalogue priority nobody chose",
     appended("shared/catalogue.md", "\n:::{ivp:priority} brand\n:title: Brandveiligheid\n"
              ":field: fysieke-veiligheid\n:::\n"),
     "unchosen-priority", "shared/catalogue.md", "{ivp:priority} brand",
     "no municipality chose priority 'brand'"),
    ("choice without goals",
     appended("municipalities/alpha.md", "\n::::{ivp:choice} verkeer\n:origin: raad\n\n"
              ":::{ivp:indicators}\n- x\n:::\n::::\n"),
     "incomplete-choice", "municipalities/alpha.md", "{ivp:choice} verkeer",
     "the elaboration of 'verkeer' has no goals; add a 'ivp:goals' directive"),
    ("unknown origin",
     appended("municipalities/alpha.md", CHOICE.format(priority="verkeer", origin="bewonres")),
     "unknown-origin", "municipalities/alpha.md", "{ivp:choice} verkeer",
     "unknown origin 'bewonres'; use one or more of bewoners, ondernemers, professionals, "
     "politie, raad, separated by commas. Did you mean 'bewoners'?"),
    ("choice outside a municipality chapter",
     appended("shared/overlap.md", CHOICE.format(priority="verkeer", origin="raad")),
     "misplaced", "shared/overlap.md", "{ivp:choice} verkeer",
     "a choice belongs to a municipality: put it in a municipality chapter"),
    ("municipality declared outside the municipality folder",
     appended("shared/overlap.md", "\n:::{ivp:municipality} delta\n:name: Delta\n"
              ":residents: 10\n:::\n"),
     "misplaced", "shared/overlap.md", "{ivp:municipality} delta",
     "a municipality is declared in its own chapter under 'municipalities/'"),
    ("summary of an unknown municipality",
     edited("shared/overlap.md", ":::{ivp:municipality-summary}", ":::{ivp:municipality-summary} alfa"),
     "unknown-municipality", "shared/overlap.md", "{ivp:municipality-summary} alfa",
     "unknown municipality 'alfa'"),
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
