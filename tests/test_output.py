"""What readers get: the generated tables in HTML, the JSON export, other builders."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
from bs4 import BeautifulSoup
from utils import build, copy_root

ROOT = Path(__file__).parent / "roots" / "test-plan"
SCHEMA = Path(__file__).parent.parent / "ext" / "jointplan" / "site" / "static" / "priorities.schema.json"

# What the test root declares (tests/roots/test-plan/municipalities/*.md).
DECLARED = {
    "alpha": {"ondermijning", "woninginbraak", "drugs"},
    "beta": {"ondermijning", "woninginbraak", "verkeer"},
    "gamma": {"ondermijning", "drugs"},
}


@pytest.fixture(scope="module")
def html_app(tmp_path_factory):
    # One build serves all read-only assertions of this module.
    srcdir = copy_root("plan", tmp_path_factory.mktemp("out") / "plan")
    return build(srcdir, "html")


def soup(app, page: str) -> BeautifulSoup:
    return BeautifulSoup((app.outdir / page).read_text(encoding="utf-8"), "html.parser")


def table_by_caption(page: BeautifulSoup, caption_start: str):
    for table in page.find_all("table"):
        caption = table.find("caption")
        if caption and caption.get_text(" ", strip=True).startswith(caption_start):
            return table
    raise AssertionError(f"no table captioned {caption_start!r}")


def matrix(app) -> dict[str, set[str]]:
    """Municipality name -> priority titles ticked in the rendered matrix."""
    table = table_by_caption(soup(app, "shared/overlap.html"), "Prioriteiten per gemeente")
    headers = [th.get_text(strip=True) for th in table.thead.find_all("th")]
    assert headers[0] == "Prioriteit" and headers[-1] == "Aantal"
    ticked: dict[str, set[str]] = {name: set() for name in headers[1:-1]}
    for row in table.tbody.find_all("tr"):
        if "ivp-field" in row.get("class", []) or "ivp-total" in row.get("class", []):
            continue
        title = row.th.get_text(" ", strip=True).replace(" (gezamenlijk)", "")
        cells = [td.get_text(strip=True) for td in row.find_all("td")]
        for name, cell in zip(headers[1:-1], cells[:-1]):
            # Screen readers hear "gekozen" / "niet gekozen"; the eye sees a mark.
            # A choice's status follows it, always: no mark would read as a decision.
            assert cell == "niet gekozen" or re.fullmatch(
                r"gekozen\((besloten|vermeld|indeling|voorstel|illustratief)\)", cell), cell
            if cell.startswith("gekozen"):
                ticked[name].add(title)
        assert int(cells[-1]) == sum(cell.startswith("gekozen") for cell in cells[:-1])
    return ticked


def test_matrix_is_an_accessible_table_matching_the_declarations(html_app):
    page = soup(html_app, "shared/overlap.html")
    table = table_by_caption(page, "Prioriteiten per gemeente")
    # header cells for columns and for each row, a caption
    assert len(table.thead.find_all("th")) == 5
    body_rows = table.tbody.find_all("tr")
    assert all(row.find("th") for row in body_rows)
    fields = [r.th.get_text(strip=True) for r in body_rows if "ivp-field" in r.get("class", [])]
    assert fields == ["Veilige woon- en leefomgeving", "Jeugd en veiligheid",
                      "Fysieke veiligheid", "Integriteit en veiligheid"]
    titles = {"ondermijning": "Ondermijning", "woninginbraak": "Woninginbraak",
              "drugs": "Drugs", "verkeer": "Verkeersveiligheid"}
    assert matrix(html_app) == {
        name.title(): {titles[p] for p in chosen} for name, chosen in DECLARED.items()}
    joint_rows = [r for r in body_rows if "ivp-joint" in r.get("class", [])]
    assert [r.th.get_text(" ", strip=True) for r in joint_rows] == ["Ondermijning (gezamenlijk)"]
    total = next(r for r in body_rows if "ivp-total" in r.get("class", []))
    assert [td.get_text(strip=True) for td in total.find_all("td")][:3] == ["3", "3", "2"]


def test_links_in_generated_tables_land_on_their_targets(html_app):
    table = table_by_caption(soup(html_app, "shared/overlap.html"), "Prioriteiten per gemeente")
    links = [a["href"] for a in table.find_all("a")]
    assert "catalogue.html#ivp-priority-ondermijning" in links
    assert "../municipalities/beta.html#ivp-municipality-beta" in links
    for href in links:
        page, _, anchor = href.partition("#")
        target = (html_app.outdir / "shared" / (page or "overlap.html")).resolve()
        assert soup(html_app, target.relative_to(html_app.outdir).as_posix()).find(id=anchor)


def test_knowledge_sharing_table_lists_partial_overlaps(html_app):
    table = table_by_caption(soup(html_app, "shared/overlap.html"), "Prioriteiten die meerdere")
    rows = {r.th.get_text(strip=True): r.find_all("td")[1].get_text(" ", strip=True)
            for r in table.tbody.find_all("tr")}
    assert rows == {"Woninginbraak": "Alpha (besloten) , Beta (vermeld)",
                    "Drugs": "Alpha (indeling) , Gamma (vermeld)"}


def test_summary_per_municipality_says_with_whom(html_app):
    page = soup(html_app, "shared/overlap.html")
    table = table_by_caption(page, "Prioriteiten van Beta")
    rows = {r.th.get_text(strip=True): r.find_all("td")[-1].get_text(" ", strip=True)
            for r in table.tbody.find_all("tr")}
    assert rows == {"Woninginbraak(vermeld)": "Alpha (besloten)",
                    "Verkeersveiligheid(besloten)": "alleen deze gemeente",
                    "Ondermijning(vermeld)": "alle andere gemeenten"}


def adoption_rows(app) -> dict[str, list[str]]:
    """The adoption table of the overlap chapter: municipality -> its cells."""
    table = table_by_caption(soup(app, "shared/overlap.html"), "Stand van de vaststelling")
    return {r.th.get_text(strip=True): [td.get_text(" ", strip=True) for td in r.find_all("td")]
            for r in table.tbody.find_all("tr")}


def test_adoption_status_table(html_app):
    assert adoption_rows(html_app) == {
        # The last column: the release the council adopted (none recorded here).
        "Alpha": ["niet bekend", "januari 2019", "vastgesteld", "niet bekend"],
        "Beta": ["5 november 2018", "20 december 2018", "vastgesteld", "niet bekend"],
        # The sources are silent: "niet bekend", never "nog niet vastgesteld".
        "Gamma": ["niet bekend", "niet bekend", "niet bekend", "niet bekend"],
    }
    profile = soup(html_app, "municipalities/beta.html").select_one(".ivp-profile")
    assert "Vastgesteld door de raad : 20 december 2018" in profile.get_text(" ", strip=True)


def test_cards_on_the_landing_page_come_from_the_declarations(html_app):
    cards = soup(html_app, "index.html").select(".ivp-cards .sd-card")
    assert [c.select_one(".sd-card-title").get_text(strip=True) for c in cards] == \
        ["Alpha", "Beta", "Gamma"]
    assert "Inwoners: 2.000" in cards[1].get_text(" ", strip=True)
    assert len(cards[2].select("li")) == 2


def test_choice_details_and_catalogue_entries(html_app):
    beta = soup(html_app, "municipalities/beta.html")
    choice = beta.find(id="ivp-choice-beta-woninginbraak")
    text = choice.get_text(" ", strip=True)
    assert "Gedeeld met: Alpha (besloten)" in text.replace(" :", ":")
    # under the chapter's h2
    assert choice.find("h3", string="Doelen (vermeld in de bronnen, geen besluit bekend)")
    entry = soup(html_app, "shared/catalogue.html").find(id="ivp-priority-drugs")
    assert "Gekozen door: Alpha (indeling) , Gamma (vermeld)" in entry.get_text(
        " ", strip=True).replace(" :", ":")


def test_priorities_json_is_valid_and_agrees_with_the_tables(html_app):
    data = json.loads((html_app.outdir / "priorities.json").read_text(encoding="utf-8"))
    schema = json.loads((html_app.outdir / "priorities.schema.json").read_text(encoding="utf-8"))
    assert schema == json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    chosen = {m: {c["priority"] for c in cs} for m, cs in data["choices"].items()}
    assert chosen == DECLARED
    titles = {p["id"]: p["title"] for p in data["priorities"]}
    names = {m["id"]: m["name"] for m in data["municipalities"]}
    assert matrix(html_app) == {names[m]: {titles[p] for p in ps} for m, ps in chosen.items()}
    assert [p["id"] for p in data["priorities"] if p["joint"]] == ["ondermijning"]


def test_priority_index_page(html_app):
    page = soup(html_app, "ivp-priorities.html")
    text = page.get_text(" ", strip=True)
    assert "Integriteit en veiligheid" in text and "gezamenlijke prioriteit" in text


@pytest.mark.parametrize("buildername", ["singlehtml", "dirhtml", "text", "latex"])
def test_every_builder_resolves_the_references_without_warnings(build_plan, buildername):
    app, warnings = build_plan(buildername=buildername)
    assert warnings == [], app.warning.getvalue()
    if buildername == "text":
        overlap = (app.outdir / "shared" / "overlap.txt").read_text(encoding="utf-8")
        assert "Zie *Ondermijning* en *Beta*." in overlap


def test_long_partner_lists_become_a_count_linking_to_the_catalogue(build_plan):
    chapter = """# Extra {n}

:::{{ivp:municipality}} extra-{n}
:name: Extra {n}
:residents: 100
:::

::::{{ivp:choice}} ondermijning
:origin: raad
:status: indeling
:::{{ivp:goals}}
- x
:::
:::{{ivp:indicators}}
- y
:::
::::

::::{{ivp:choice}} drugs
:origin: raad
:status: indeling
:::{{ivp:goals}}
- x
:::
:::{{ivp:indicators}}
- y
:::
::::
"""
    extra = {f"municipalities/extra-{n}.md": chapter.format(n=n) for n in range(8)}
    index = (ROOT / "index.md").read_text(encoding="utf-8")
    extra["index.md"] = index.replace("municipalities/gamma\n", "municipalities/gamma\n" + "".join(
        f"municipalities/extra-{n}\n" for n in range(8)))
    app, warnings = build_plan(extra)
    assert warnings == [], app.warning.getvalue()
    alpha = soup(app, "municipalities/alpha.html")
    def shared_with(choice_id):
        choice = alpha.find(id=choice_id)
        label = next(dt for dt in choice.find_all("dt") if dt.get_text().startswith("Gedeeld met"))
        return label.find_next("dd")

    cell = shared_with("ivp-choice-alpha-drugs")
    # gamma and the eight extras: nine partners, more than are listed by name
    assert cell.get_text(strip=True) == "9 andere gemeenten"
    assert cell.a["href"] == "../shared/catalogue.html#ivp-priority-drugs"
    assert shared_with("ivp-choice-alpha-woninginbraak").get_text(strip=True) == "Beta(vermeld)"


def test_the_four_adoption_states_have_their_own_words(build_plan):
    from utils import edited
    edits = {**edited("municipalities/alpha.md", ":council-decision: 2019-01",
                      ":college-decision: datum-onbekend\n:council-decision: datum-onbekend"),
             **edited("municipalities/gamma.md", ":residents: 3000",
                      ":residents: 3000\n:council-decision: nee")}
    app, warnings = build_plan(edits)
    assert warnings == [], app.warning.getvalue()
    assert adoption_rows(app) == {
        "Alpha": ["datum niet bekend", "datum niet bekend", "vastgesteld", "niet bekend"],
        "Beta": ["5 november 2018", "20 december 2018", "vastgesteld", "niet bekend"],
        # Not adopted: no adopted release either.
        "Gamma": ["niet bekend", "nog niet", "nog niet vastgesteld", "nog niet"],
    }


def test_a_council_known_to_have_adopted_no_edition_of_this_text(build_plan):
    """:council-version: geen: the plan was adopted, in another text (a reconstruction)."""
    from utils import edited
    edits = {**edited("municipalities/beta.md", ":council-decision: 2018-12-20",
                      ":council-decision: 2018-12-20\n:council-version: geen"),
             **edited("municipalities/gamma.md", ":residents: 3000",
                      ":residents: 3000\n:council-version: geen")}
    app, warnings = build_plan(edits)
    assert warnings == [], app.warning.getvalue()
    rows = adoption_rows(app)
    assert rows["Beta"][-1] == rows["Gamma"][-1] == "geen uitgave van deze tekst"
    assert rows["Alpha"][-1] == "niet bekend"
    beta = soup(app, "municipalities/beta.html")
    assert "Vastgestelde versie : geen uitgave van deze tekst" in \
        beta.select_one(".ivp-profile").get_text(" ", strip=True)
    # The banner says the council adopted another text than this one.
    assert ("Beta: door de gemeenteraad vastgesteld op 20 december 2018, in een andere "
            "tekst dan deze.") in beta.get_text(" ", strip=True)
    data = json.loads((app.outdir / "priorities.json").read_text(encoding="utf-8"))
    assert [m["council_version"] for m in data["municipalities"]] == [None, "geen", "geen"]
    jsonschema.validate(data, json.loads(SCHEMA.read_text(encoding="utf-8")))
