"""Every message an author of a Dutch plan meets: Dutch, at the mistake's own line, with the fix.

One chapter holds one of each mistake the authors' guide lists that Sphinx,
MyST, docutils or sphinxcontrib-bibtex reports, each on a later line of its
paragraph (or in a table or a list), and the mistakes that used to pass in
silence (links in another language's syntax, markup shown as typed). Each
warning is asserted with its file, its exact line, its code and its Dutch
text; no warning of the Dutch plan is English. Blocks that swallow what
follows are reported once, at their opening fence, with nothing else about
the lines they broke.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from utils import build, copy_root, parse_warnings, source

MISTAKES = """\
# Fouten

## Werkwijze

Een alinea
met een link naar [het overzicht](overlap.html) op regel twee.

Een alinea
met [een anker](overlap.md#bestaat-niet) erin.

Een alinea
met [een pad](shared/overlap.md) erin.

Een alinea
over [de politie](www.politie.nl) en meer.

Een bron
wordt geciteerd: {cite:p}`bron2019`.

Een [label](#werkwjze) in dit hoofdstuk.

(dubbel)=
## Eerste

(dubbel)=
## Tweede

Een alinea
met een voetnoot[^nergens] erin.

Een alinea
met ![Een plaatje](plaatje.png) erin.

Een alinea
met een {ivp:prioriteit}`drugs` rol.

:::{notte}
Tekst.
:::

Een alinea
met een [[wiki]] link.

Een alinea met
een `Totstandkoming <overlap.md>`_ link.

Een alinea
met (Totstandkoming)[overlap.md] erin.

Een alinea
met [Totstandkoming] (overlap.md) erin.

Een alinea
met <a href="https://example.org">een link</a> erin.

## Titel {#eigen-id}

Een alinea
met **vet ** erin.

Verwijzing
naar {ref}`nergens-label`.

Verwijzing
naar {doc}`catalogus`.

| kolom | kolom |
| --- | --- |
| a | b |
| c | [in een tabel](nergens.md) |

- punt een
- punt twee
  met [een link](ook-nergens.md)

#### Te diep

Een alinea
over {ivp:priority}`drugz`,
over {ivp:municipality}`betta`
en over {ivp:choice}`alpha/verkeer`.

:::{ivp:priority} brand
:title: Brandveiligheid
:field: fysieke-veilgheid
:::

Een alinea
met ~~oude tekst~~ erin.

<!-- een notitie -->
"""

#: text on the mistake's line (the last such line; '^': the whole line) -> (code, message part)
EXPECTED = {
    "~~oude tekst~~": (
        "ivp.raw-markup",
        "‘~~oude tekst~~’ staat er zoals getypt; doorgehaalde tekst kan niet in het plan"),
    "<!-- een notitie -->": (
        "ivp.content-policy",
        "een HTML-commentaar (<!-- ... -->) mag niet in het plan en is weggehaald; schrijf "
        "commentaar als een regel die begint met %"),
    "{ivp:priority}`drugz`": (
        "ivp.unknown-priority",
        "onbekende prioriteit ‘drugz’; gebruik het id van een prioriteit uit de catalogus. "
        "Bedoel je ‘drugs’?"),
    "{ivp:municipality}`betta`": (
        "ivp.unknown-municipality",
        "onbekende gemeente ‘betta’; gebruik het id dat een gemeentehoofdstuk verklaart. "
        "Bedoel je ‘beta’?"),
    "{ivp:choice}`alpha/verkeer`": (
        "ivp.unknown-choice",
        "alpha koos ‘verkeer’ niet; de keuzes van alpha zijn: drugs, ondermijning, "
        "woninginbraak."),
    "{ivp:priority} brand": (
        "ivp.unknown-field",
        "ivp:priority: ‘fysieke-veilgheid’ is geen veiligheidsveld van Kernbeleid "
        "Veiligheid"),
    "overlap.html": (
        "myst.xref_missing",
        "de link ‘overlap.html’ leidt nergens heen: link naar het bronbestand van het "
        "hoofdstuk, ‘overlap.md’"),
    "#bestaat-niet": (
        "myst.xref_missing",
        "het hoofdstuk ‘shared/overlap’ heeft geen kop met het anker ‘bestaat-niet’"),
    "(shared/overlap.md)": (
        "myst.xref_missing",
        "het pad van een link begint bij de map van dit hoofdstuk (shared/), niet bij docs/; "
        "schrijf ‘overlap.md’"),
    "www.politie.nl": (
        "myst.xref_missing",
        "een webadres begint met https://; schrijf (https://www.politie.nl)"),
    "bron2019": (
        "bibtex.key_not_found",
        "de bron ‘bron2019’ staat niet in refs.bib; gebruik de sleutel van een bron die daar "
        "staat, of voeg de bron toe. Bedoel je ‘bron2018’?"),
    "#werkwjze": (
        "myst.xref_missing",
        "dit hoofdstuk heeft geen kop of label ‘werkwjze’"),
    "^(dubbel)=": (
        "docutils",
        "het label ‘dubbel’ komt twee keer voor"),
    "[^nergens]": (
        "docutils",
        "de voetnoot [^nergens] heeft geen tekst"),
    "plaatje.png": (
        "image.not_readable",
        "de afbeelding ‘plaatje.png’ bestaat niet in shared/"),
    "{ivp:prioriteit}": (
        "myst.role_unknown",
        "‘{ivp:prioriteit}’ is geen rol; controleer de naam. Bedoel je ‘ivp:priority’?"),
    "{notte}": (
        "myst.directive_unknown",
        "‘{notte}’ is geen blok (directive); controleer de naam. Bedoel je ‘note’?"),
    "[[wiki]]": (
        "ivp.raw-markup",
        "‘[[wiki]]’ staat er zoals getypt"),
    "`Totstandkoming <overlap.md>`_": (
        "ivp.raw-markup",
        "[Totstandkoming](overlap.md)"),
    "(Totstandkoming)[overlap.md]": (
        "ivp.raw-markup",
        "‘(Totstandkoming)[overlap.md]’ staat er zoals getypt"),
    "[Totstandkoming] (overlap.md)": (
        "ivp.raw-markup",
        "geen spatie tussen ] en ("),
    "<a href": (
        "ivp.content-policy",
        "[tekst](https://example.org)"),
    "## Titel {#eigen-id}": (
        "ivp.raw-markup",
        "‘{#eigen-id}’ staat er zoals getypt"),
    "**vet **": (
        "ivp.raw-markup",
        "‘**vet **’ staat er zoals getypt"),
    "nergens-label": (
        "ref.ref",
        "er is geen label ‘nergens-label’"),
    "{doc}`catalogus`": (
        "ref.doc",
        "er is geen hoofdstuk ‘catalogus’"),
    "[in een tabel](nergens.md)": (
        "myst.xref_missing",
        "de link ‘nergens.md’ leidt naar geen enkel hoofdstuk"),
    "ook-nergens.md": (
        "myst.xref_missing",
        "de link ‘ook-nergens.md’ leidt naar geen enkel hoofdstuk"),
    "#### Te diep": (
        "myst.header",
        "deze kop slaat een niveau over (#### na ##)"),
}

# Words of the English messages of Sphinx, MyST, docutils and bibtex, and of the
# extension's msgids (not "document", a Dutch word too); none may reach the author of
# a Dutch plan.
ENGLISH = re.compile(r"\b(the|is not|not found|could not|unknown|undefined|should|must|"
                     r"with|cannot|reference|target|duplicate|in English)\b",
                     re.IGNORECASE)


def line_of(needle: str) -> int:
    lines = MISTAKES.splitlines()
    if needle.startswith("^"):
        return [n for n, line in enumerate(lines, 1) if line == needle[1:]][-1]
    return [n for n, line in enumerate(lines, 1) if needle in line][-1]


@pytest.fixture(scope="module")
def mistakes(tmp_path_factory):
    index = source("index.md") + "\n```{toctree}\nshared/fouten\n```\n"
    srcdir = copy_root("plan", tmp_path_factory.mktemp("mistakes") / "src",
                       {"shared/fouten.md": MISTAKES, "index.md": index})
    app = build(srcdir, "html", confoverrides={"suppress_warnings": []})
    # docutils reports some mistakes as errors: read those lines as warnings too.
    return app, parse_warnings(app.warning.getvalue().replace(": ERROR: ", ": WARNING: "),
                               srcdir)


@pytest.mark.parametrize("marker", list(EXPECTED))
def test_each_mistake_in_dutch_at_its_own_line_with_the_fix(mistakes, marker):
    _app, warnings = mistakes
    code, text = EXPECTED[marker]
    found = [w for w in warnings if w["type"] == code and text in w["message"]]
    assert found, "\n".join(f"{w['line']}: {w['message']} [{w['type']}]" for w in warnings)
    assert [(w["file"], w["line"]) for w in found] == [("shared/fouten.md", line_of(marker))]


def test_no_english_reaches_the_author_of_a_dutch_plan(mistakes):
    app, _ = mistakes
    # Every warning line (also errors), as the author reads it.
    output = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())
    lines = [line for line in output.splitlines() if re.search(r"(WARNING|ERROR):", line)]
    assert len(lines) >= len(EXPECTED)
    for line in lines:
        message = line.split(": ", 2)[-1]
        message = re.sub(r"\[[\w.:-]+\]$|‘[^’]*’|\([^)]*\)", "", message)  # code, quoted
        assert not ENGLISH.search(message), line


def test_an_english_plan_keeps_english(tmp_path):
    srcdir = copy_root("plan", tmp_path / "src",
                       {"shared/overlap.md": source("shared/overlap.md")
                        + "\nZie [de politie](www.politie.nl).\n"})
    conf = srcdir / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8").replace('language = "nl"',
                                                             'language = "en"'),
                    encoding="utf-8")
    app = build(srcdir, "html")
    warnings = parse_warnings(app.warning.getvalue(), srcdir)
    assert any("a web address starts with https://; write (https://www.politie.nl)"
               in w["message"] for w in warnings), warnings


ALPHA = source("municipalities/alpha.md")


def without(text: str, old: str, new: str = "", count: int = 1) -> str:
    assert old in text
    return text.replace(old, new, count)


def first_choice_with_three_colons(text: str) -> str:
    """The guide's own warning: the outer choice with as many colons as its parts."""
    head, rest = text.split("::::{ivp:choice} ondermijning", 1)
    return head + ":::{ivp:choice} ondermijning" + rest.replace("::::\n", ":::\n", 1)


def test_a_fence_that_is_no_directive_is_the_only_message(build_plan):
    chapter = without(ALPHA, ":::{ivp:goals}\n- Doel voor drugs.",
                      ":::{ivp:goals\n- Doel voor drugs.")
    _app, warnings = build_plan({"municipalities/alpha.md": chapter})
    ours = [w for w in warnings if w["file"] == "municipalities/alpha.md"]
    line = chapter.splitlines().index(":::{ivp:goals") + 1
    # Not also "the elaboration of 'drugs' has no goals" at the choice.
    assert [(w["line"], w["type"]) for w in ours] == [(line, "ivp.raw-markup")], ours
    assert ours[0]["message"].startswith("‘:::{ivp:goals’ wordt niet herkend als blok")


def line_in(chapter: str, text: str, nth: int = 1) -> int:
    """The line of the nth line of the chapter that is exactly ``text``."""
    return [n for n, line in enumerate(chapter.splitlines(), 1) if line == text][nth - 1]


def choice_left_open() -> tuple[str, str]:
    chapter = without(ALPHA, "::::\n\n## Prioriteit woninginbraak",
                      "\n## Prioriteit woninginbraak")
    second = line_in(chapter, "::::{ivp:choice} woninginbraak")
    return chapter, (
        f"het blok ‘::::{{ivp:choice}}’ wordt afgesloten door de ‘::::’ op regel "
        f"{line_in(chapter, '::::', 1)}, die bedoeld was voor ‘::::{{ivp:choice}}’ (regel "
        f"{second}); daardoor bevat het de kop ‘Prioriteit woninginbraak’ (regel "
        f"{line_in(chapter, '## Prioriteit woninginbraak')}), het blok ‘::::{{ivp:choice}}’ "
        f"(regel {second}). Oplossing: hoort ‘{{ivp:choice}}’ er niet in, sluit "
        f"‘{{ivp:choice}}’ dan af met een regel ‘::::’ vóór regel {second}")


def goals_left_open() -> tuple[str, str]:
    chapter = without(ALPHA, "- Doel voor ondermijning.\n:::\n", "- Doel voor ondermijning.\n")
    indicators = line_in(chapter, ":::{ivp:indicators}")
    return chapter, (
        f"het blok ‘:::{{ivp:goals}}’ wordt afgesloten door de ‘:::’ op regel "
        f"{indicators + 2}, die bedoeld was voor ‘:::{{ivp:indicators}}’ (regel {indicators})")


STRUCTURE_CASES = [
    # (case, edited chapter, line of the opening fence reported, Dutch message part)
    ("closing fence of a choice left out", choice_left_open()[0],
     "::::{ivp:choice} ondermijning", choice_left_open()[1]),
    ("closing fence of goals left out (indicators inside goals)", goals_left_open()[0],
     ":::{ivp:goals}", goals_left_open()[1]),
    ("outer choice with as many colons as its parts",
     first_choice_with_three_colons(ALPHA), ":::{ivp:choice} ondermijning",
     "geef ‘{ivp:choice}’ dan meer dubbele punten dan de blokken erin: hier "
     "‘::::{ivp:choice}’ en aan het eind ‘::::’"),
    ("last choice running on to the end of the chapter",
     ALPHA.rstrip("\n").removesuffix("::::") + "\n## Slot\n\nTekst.\n",
     "::::{ivp:choice} drugs",
     "het blok ‘::::{ivp:choice}’ wordt nergens afgesloten: het loopt door tot het eind van "
     "het hoofdstuk"),
]


@pytest.mark.parametrize(("chapter", "opening", "message"),
                         [case[1:] for case in STRUCTURE_CASES],
                         ids=[case[0] for case in STRUCTURE_CASES])
def test_a_block_that_swallows_what_follows_is_the_only_message(build_plan, chapter, opening,
                                                                 message):
    _app, warnings = build_plan({"municipalities/alpha.md": chapter})
    line = next(n for n, text in enumerate(chapter.splitlines(), 1) if text == opening)
    ours = [w for w in warnings if w["file"] == "municipalities/alpha.md"]
    # The cause only: no "choice without goals", no "part outside its choice".
    assert [(w["line"], w["type"]) for w in ours] == [(line, "ivp.structure")], ours
    assert message in ours[0]["message"], ours[0]["message"]


def test_a_mistake_after_a_block_ended_early_is_reported_too(build_plan):
    """The choice left open ends at the next choice's fence; after that the chapter
    reads as written, so a misspelt option further on is a mistake of its own."""
    chapter = choice_left_open()[0]
    chapter = without(chapter, ":origin: bewoners, politie\n:status: indeling",
                      ":orign: bewoners, politie\n:status: indeling")
    _app, warnings = build_plan({"municipalities/alpha.md": chapter})
    ours = [(w["line"], w["type"]) for w in warnings if w["file"] == "municipalities/alpha.md"]
    opening = line_in(chapter, "::::{ivp:choice} ondermijning")
    typo = line_in(chapter, ":orign: bewoners, politie")
    assert (opening, "ivp.structure") in ours and (typo, "myst.directive_option") in ours, ours
    # What follows from the open block itself is still held back.
    assert all(line == opening or line >= typo - 1 for line, _type in ours), ours


def test_the_live_preview_shows_each_pages_warnings(build_plan):
    chapter = source("shared/overlap.md") + "\nEen alinea\nmet {ivp:priority}`drugz`.\n"
    app, _warnings = build_plan({"shared/overlap.md": chapter},
                               confoverrides={"jointplan_live_warnings": True})
    page = (app.outdir / "shared" / "overlap.html").read_text(encoding="utf-8")
    assert 'class="ivp-live-warnings"' in page
    line = len(chapter.splitlines())
    assert f"shared/overlap.md:{line}</code>" in page
    assert "drugz" in page.split('class="ivp-live-warnings"', 1)[1].split("</div>", 1)[0]
    catalogue = (app.outdir / "shared" / "catalogue.html").read_text(encoding="utf-8")
    assert "ivp-live-warnings" not in catalogue  # a page without warnings shows none


@pytest.mark.parametrize("parallel", [0, 2], ids=["serial", "parallel"])
def test_the_preview_keeps_a_read_warning_when_the_page_is_written_again(tmp_path, parallel):
    """A warning made while reading stays on its page in a later build that writes
    the page again without reading it (with -j 2 it was made in a worker)."""
    _case, chapter, opening, _message = STRUCTURE_CASES[0]
    srcdir = copy_root("plan", tmp_path / "src", {"municipalities/alpha.md": chapter})
    line = next(n for n, text in enumerate(chapter.splitlines(), 1) if text == opening)
    overrides = {"jointplan_live_warnings": True}
    for fresh in (True, False):
        app = build(srcdir, "html", builddir=tmp_path / "out", freshenv=fresh,
                    parallel=parallel, confoverrides=overrides)
        page = (app.outdir / "municipalities" / "alpha.html").read_text(encoding="utf-8")
        assert f"municipalities/alpha.md:{line}</code>" in page, fresh
        # the second build read nothing again (a new html_title) but wrote the page
        assert ("Opnieuw geschreven" in page) is not fresh
        assert fresh or "0 added, 0 changed, 0 removed" in app._status.getvalue()
        overrides = {**overrides, "html_title": "Opnieuw geschreven"}


def test_a_published_build_never_shows_warnings_in_the_page(build_plan):
    chapter = source("shared/overlap.md") + "\nMet {ivp:priority}`drugz`.\n"
    app, warnings = build_plan({"shared/overlap.md": chapter})
    assert any(w["type"] == "ivp.unknown-priority" for w in warnings)
    page = (app.outdir / "shared" / "overlap.html").read_text(encoding="utf-8")
    assert "ivp-live-warnings" not in page


# A grammar of nested blocks: the structure check is silent on every well-formed
# chapter, and on a chapter with one closing fence left out it warns once, at
# the opening fence of that block or of a block around it, which now ends elsewhere.

def blocks(depth: int, top: bool = False):
    leaves = ["Tekst.", "- punt", "```\ncode\n```"] + (["## Kop"] if top else [])
    leaf = st.sampled_from(leaves)
    if depth == 0:
        return st.lists(leaf, min_size=1, max_size=3)
    return st.lists(st.one_of(leaf, st.tuples(st.sampled_from(["note", "ivp:goals", "tip"]),
                                               st.deferred(lambda: blocks(depth - 1)))),
                    min_size=1, max_size=3)


def render(items, colons: int = 3) -> list[tuple[str, str | None]]:
    """Lines of the chapter, each with the id of the block it closes (or None)."""
    lines: list[tuple[str, str | None]] = []
    for item in items:
        if isinstance(item, str):
            lines += [(text, None) for text in item.split("\n")] + [("", None)]
            continue
        name, inner = item
        inner_lines = render(inner, colons)
        need = colons + max((depth_of(inner)), 0)
        ident = f"block{len(lines)}-{id(item)}"
        lines += [(":" * need + "{" + name + "}", f"open:{ident}")]
        lines += inner_lines + [(":" * need, ident), ("", None)]
    return lines


def depth_of(items) -> int:
    return max([1 + depth_of(item[1]) for item in items if not isinstance(item, str)] or [0])


def problems_of(text: str) -> list[int]:
    from myst_parser.config.main import MdParserConfig

    from jointplan.checks import structure

    class App:  # what the parser needs of Sphinx
        class env:
            myst_config = MdParserConfig(enable_extensions={"colon_fence"})

    return [problem.line for problem in structure.causes(structure.parser(App), text)
            if not problem.silent]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tree=blocks(2, top=True).filter(lambda items: any(not isinstance(i, str)
                                                         for i in items)),
       data=st.data())
def test_fences_grammar_warns_exactly_at_the_broken_block(tree, data):
    lines = [("# Titel", None), ("", None)] + render(tree)
    text = "\n".join(line for line, _ in lines)
    assert problems_of(text) == [], text
    opens = {c[5:]: i for i, (_, c) in enumerate(lines) if c and c.startswith("open:")}
    closes = {c: i for i, (_, c) in enumerate(lines) if c and not c.startswith("open:")}
    ident = data.draw(st.sampled_from(sorted(closes)))
    removed = closes[ident]
    broken = [line for index, (line, _) in enumerate(lines) if index != removed]
    text = "\n".join(broken)
    found = problems_of(text)
    # Reported once, at the block itself or at a block around it (whose own
    # closing fence the block took): both now end in the wrong place.
    around = {opens[other] + 1 for other in opens
              if opens[other] <= opens[ident] and closes[other] >= removed}
    assert len(found) == 1 and found[0] in around, (found, around, text)


def test_a_misspelled_word_in_dutch_at_its_own_line(tmp_path):
    pytest.importorskip("enchant")
    chapter = source("shared/overlap.md") + "\nEen alinea over\nverkeersongevalen in de regio.\n"
    srcdir = copy_root("plan", tmp_path / "src", {"shared/overlap.md": chapter})
    app = build(srcdir, "spelling", confoverrides={
        "extensions": ["myst_parser", "sphinxcontrib.bibtex", "jointplan",
                       "sphinxcontrib.spelling"],
        "spelling_lang": "nl_NL", "spelling_warning": True,
        "spelling_show_suggestions": True})
    warnings = parse_warnings(app.warning.getvalue(), srcdir)
    found = [w for w in warnings if "verkeersongevalen" in w["message"]]
    assert [(w["file"], w["line"], w["type"]) for w in found] == [
        ("shared/overlap.md", len(chapter.splitlines()), "spelling.word")], warnings
    assert found[0]["message"].startswith(
        "‘verkeersongevalen’ staat niet in het woordenboek; verbeter het woord, of zet het in "
        "docs/spelling_wordlist.txt als het klopt.")
    assert "verkeersongevallen" in found[0]["message"]  # the suggestion
    assert not any("misspelled" in w["message"] for w in warnings)


def test_make_prints_a_short_dutch_summary(tmp_path):
    import subprocess
    import sys

    from utils import REPO
    chapter = source("shared/overlap.md") + "\nEen alinea\nmet {ivp:priority}`drugz`.\n"
    srcdir = copy_root("plan", tmp_path / "src", {"shared/overlap.md": chapter})
    log = tmp_path / "logs" / "html.log"
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "quiet.py"), "--log", str(log), "--what",
         "De website", "--result", "Open _build/html/index.html in je browser.", "--",
         sys.executable, "-m", "sphinx", "-b", "html", str(srcdir), str(tmp_path / "out")],
        capture_output=True, text=True, cwd=srcdir)
    lines = result.stdout.splitlines()
    assert result.returncode == 0, result.stdout + result.stderr
    assert lines[0] == "De website: klaar. Open _build/html/index.html in je browser."
    assert lines[1] == "1 melding:"
    assert lines[2].startswith(f"  shared/overlap.md:{len(chapter.splitlines())}: ")
    assert lines[2].endswith("[ivp.unknown-priority]") and "drugz" in lines[2]
    assert lines[-1].startswith(f"Volledig verslag: {log}")
    assert len(lines) == 4  # nothing else: no Sphinx progress, no MyST configuration
    assert "reading sources" in log.read_text(encoding="utf-8")  # the full log is kept


def test_every_message_of_the_extension_has_its_dutch_text():
    """Also the messages no test provokes: each message id in the code is in jointplan.po."""
    from babel.messages.extract import extract_from_dir
    from babel.messages.pofile import read_po

    from utils import REPO
    package = REPO / "ext" / "jointplan"
    # Only the modules whose _ is the jointplan catalogue's (others may look
    # words up in Sphinx's own), and the plan's message ids (N_).
    ours = {path.relative_to(package).as_posix() for path in package.rglob("*.py")
            if 'get_translation("jointplan")' in path.read_text(encoding="utf-8")
            or "N_(" in path.read_text(encoding="utf-8")}
    ids = {message for file, _line, message, _comments, _context in extract_from_dir(
        str(package), keywords={"_": None, "N_": None}, comment_tags=()) if file in ours}
    with (package / "locale" / "nl" / "LC_MESSAGES" / "jointplan.po").open("rb") as po:
        dutch = {m.id: m.string for m in read_po(po) if m.id}
    assert len(ids) > 100
    assert sorted(ids - {i for i, text in dutch.items() if text}) == []


# A grammar of links: written right, or in another language's syntax; on lines of
# their own paragraph or of one paragraph. The broken ones, and only they, are warned
# at their own line (a few examples: each is a build).
LINK_FORMS = {
    "Zie [het overzicht](overlap.md) hier.": False,
    "Zie [[Overzicht]] hier.": True,
    "Zie (het overzicht)[overlap.md] hier.": True,
    "Zie [het overzicht] (overlap.md) hier.": True,
    "Zie `het overzicht <overlap.md>`_ hier.": True,
    "Gewone tekst zonder link.": False,
}


@settings(max_examples=4, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(lines=st.lists(st.sampled_from(sorted(LINK_FORMS)), min_size=2, max_size=6),
       one_paragraph=st.booleans())
def test_links_grammar_warns_exactly_on_the_broken_lines(tmp_path_factory, lines,
                                                         one_paragraph):
    head = source("shared/overlap.md") + "\n"
    chapter = head + ("\n" if one_paragraph else "\n\n").join(lines) + "\n"
    first = len(head.splitlines()) + 1
    numbers = [first + index * (1 if one_paragraph else 2) for index in range(len(lines))]
    srcdir = copy_root("plan", tmp_path_factory.mktemp("links") / "src",
                       {"shared/overlap.md": chapter})
    app = build(srcdir, "html")
    warnings = parse_warnings(app.warning.getvalue(), srcdir)
    assert sorted(w["line"] for w in warnings) == \
        [number for number, line in zip(numbers, lines) if LINK_FORMS[line]], chapter
    assert {w["type"] for w in warnings} <= {"ivp.raw-markup"}


# Decisions and amendments: their messages go through the catalogue too, so an
# English plan reads them in English and a Dutch plan only in Dutch.
DECISION_MISTAKES = """

:::{ivp:decision} alpha/raad
:kind: raadsbesluiten
:date: 2019-01
:source: onbekend
:::

:::{ivp:decision} alpa
:kind: kennisname
:date: 2019-02
:source: onbekend
:::

{#p-dec001} Zie {ivp:paragraph}`p-rb2v9x`.
"""

#: marker line -> (English message part, Dutch message part)
DECISION_AND_AMENDMENT_MESSAGES = {
    ":kind: raadsbesluiten": (
        "ivp:decision: :kind: 'raadsbesluiten' is no kind of decision; choose from akkoord, "
        "raadsvoorstel, raadsbesluit, kennisname. Did you mean 'raadsbesluit'?",
        "ivp:decision: :kind: ‘raadsbesluiten’ is geen soort besluit; kies uit akkoord, "
        "raadsvoorstel, raadsbesluit, kennisname. Bedoel je ‘raadsbesluit’?"),
    "{ivp:decision} alpa": (
        "'alpa' is not a known organisation or body. Use the id of a municipality",
        "‘alpa’ is geen bekende organisatie of orgaan. Gebruik de id van een gemeente"),
    "p-rb2v9x": (
        "unknown paragraph 'p-rb2v9x'; refer to the id at the start of a paragraph "
        "({#p-...}). Did you mean 'p-rb2v9u'?",
        "onbekende alinea ‘p-rb2v9x’; verwijs naar het id dat aan het begin van een alinea "
        "staat ({#p-...}). Bedoel je ‘p-rb2v9u’?"),
    ":council: alfa": (
        "amendment A1: unknown municipality 'alfa' in :council:; name the id of a "
        "municipality from its chapter. Did you mean 'alpha'?",
        "amendement A1: onbekende gemeente ‘alfa’ bij :council:; noem het id van een gemeente "
        "uit haar hoofdstuk. Bedoel je ‘alpha’?"),
    ":status: verworpn": (
        "ivp:amendment: :status: must be one of ingediend, aangenomen, verworpen, ingetrokken, "
        "not 'verworpn'. Did you mean 'verworpen'?",
        "ivp:amendment: :status: moet een van ingediend, aangenomen, verworpen, ingetrokken "
        "zijn, niet ‘verworpn’. Bedoel je ‘verworpen’?"),
}


@pytest.fixture(scope="module", params=["en", "nl"])
def decision_and_amendment_mistakes(request, tmp_path_factory):
    """The amended test plan with a mistake in decisions, amendments and paragraph
    references, in each language: (language, source texts, warnings)."""
    from utils import ROOTS
    root = ROOTS / "test-amended"
    overlap = (root / "shared" / "overlap.md").read_text(encoding="utf-8") + DECISION_MISTAKES
    amendments = (root / "amendementen.md").read_text(encoding="utf-8")
    amendments = amendments.replace(":council: alpha\n:submitters: A. de Boer",
                                    ":council: alfa\n:submitters: A. de Boer", 1)
    amendments = amendments.replace(":status: verworpen", ":status: verworpn", 1)
    conf = (root / "conf.py").read_text(encoding="utf-8").replace(
        'language = "nl"', f'language = "{request.param}"')
    edits = {"shared/overlap.md": overlap, "amendementen.md": amendments, "conf.py": conf}
    srcdir = copy_root("amended", tmp_path_factory.mktemp(request.param) / "src", edits)
    app = build(srcdir, "html")
    return request.param, edits, app.warning.getvalue(), parse_warnings(
        app.warning.getvalue(), srcdir)


@pytest.mark.parametrize("marker", list(DECISION_AND_AMENDMENT_MESSAGES))
def test_decision_and_amendment_messages_in_the_plans_language(decision_and_amendment_mistakes,
                                                               marker):
    language, edits, _output, warnings = decision_and_amendment_mistakes
    english, dutch = DECISION_AND_AMENDMENT_MESSAGES[marker]
    expected = english if language == "en" else dutch
    file = next(name for name, text in edits.items() if marker in text)
    line = next(n for n, text in enumerate(edits[file].splitlines(), 1) if marker in text)
    if marker == ":council: alfa" or marker.startswith(":status:"):
        # warned at the amendment's directive, above its options
        line = max(n for n, text in enumerate(edits[file].splitlines(), 1)
                   if n < line and text.startswith("::::{ivp:amendment}"))
    if marker.startswith(":kind:"):
        line -= 1  # at the decision's directive
    found = [(w["file"], w["line"]) for w in warnings if expected in w["message"]]
    assert found == [(file, line)], "\n".join(
        f"{w['file']}:{w['line']}: {w['message']}" for w in warnings)


def test_no_message_of_a_dutch_plan_about_decisions_or_amendments_is_english(
        decision_and_amendment_mistakes):
    language, _edits, output, _warnings = decision_and_amendment_mistakes
    lines = [line for line in re.sub(r"\x1b\[[0-9;]*m", "", output).splitlines()
             if re.search(r"(WARNING|ERROR):", line)]
    assert len(lines) >= len(DECISION_AND_AMENDMENT_MESSAGES)
    for line in lines:
        message = re.sub(r"\[[\w.:-]+\]$|‘[^’]*’|'[^']*'|\([^)]*\)", "",
                         line.split(": ", 2)[-1])
        if language == "nl":
            assert not ENGLISH.search(message), line
            assert "Did you mean" not in line and "Bedoelt u" not in line, line
        else:
            assert "Bedoel" not in line, line


def test_the_dutch_catalogue_says_je_not_u():
    """One form of address for every message: 'je', as the authors' guide does."""
    from babel.messages.pofile import read_po

    from utils import REPO
    path = REPO / "ext" / "jointplan" / "locale" / "nl" / "LC_MESSAGES" / "jointplan.po"
    with path.open("rb") as po:
        texts = [m.string for m in read_po(po) if m.id]
    assert any("Bedoel je" in text for text in texts)
    assert [text for text in texts if re.search(r"\b(u|uw|Bedoelt)\b", text)] == []


def test_every_message_the_extension_emits_is_a_message_id():
    """No message written in the code in one language: what reaches warn(), a Problem
    or a directive's warning starts from _() or N_() (formatted, and joined with
    parts that are themselves translated or no words)."""
    import ast

    from utils import REPO
    package = REPO / "ext" / "jointplan"
    calls = {"warn", "fail", "problem", "Problem"}
    found = []

    def words_of(node) -> list[str]:
        """The literal words of a message expression that no _() or N_() wraps."""
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name in ("_", "N_"):
                return []
            if name == "format" and isinstance(node.func, ast.Attribute):
                return words_of(node.func.value)
            return []  # another function's result: its own module is checked
        if isinstance(node, ast.BinOp):
            return words_of(node.left) + words_of(node.right)
        if isinstance(node, ast.JoinedStr):
            return [v.value for v in node.values if isinstance(v, ast.Constant)]
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return [node.value]
        return []

    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name not in calls:
                continue
            for argument in node.args:
                for text in words_of(argument):
                    # a prefix such as "ivp:decision: " or a kind such as "decision"
                    if re.search(r"[a-z]{2,} [a-z]{2,}", text):
                        found.append(f"{path.relative_to(package)}:{node.lineno}: {text!r}")
    assert found == []


# With -j 2 the documents are read by two workers, whose warnings Sphinx passes on
# when each is done; the author sees the same messages in the same order as in a
# serial build, each cause before (or instead of) what follows from it.
PARALLEL_CASES = [(case[0], case[1]) for case in STRUCTURE_CASES] + [
    ("a fence that is no directive",
     without(ALPHA, ":::{ivp:goals}\n- Doel voor drugs.", ":::{ivp:goals\n- Doel voor drugs.")),
]


@pytest.mark.parametrize("chapter", [case[1] for case in PARALLEL_CASES],
                         ids=[case[0] for case in PARALLEL_CASES])
def test_a_parallel_build_shows_the_messages_of_a_serial_build_in_its_order(tmp_path, chapter):
    index = source("index.md") + "\n```{toctree}\naaa-lang\nshared/fouten\n```\n"
    # Mistakes in several documents, read by different workers; the first worker
    # (aaa-lang, bronnen, index, alpha) has the longest text, so it is done last.
    long_text = "# Lange tekst\n\n" + "".join(
        f"Alinea {n} over {{ivp:priority}}`drugs` en *nadruk*.\n\n" for n in range(600))
    edits = {"municipalities/alpha.md": chapter, "shared/fouten.md": MISTAKES,
             "index.md": index, "aaa-lang.md": long_text,
             "municipalities/beta.md": source("municipalities/beta.md")
             + "\nEen alinea over {ivp:priority}`drugz`.\n"}
    shown = {}
    for jobs in (1, 2):
        srcdir = copy_root("plan", tmp_path / f"j{jobs}", edits)
        app = build(srcdir, "html", parallel=jobs, confoverrides={"suppress_warnings": []})
        assert app.parallel == jobs
        shown[jobs] = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue()).replace(
            str(srcdir), "")
    assert shown[2] == shown[1]
    files = [line.split(":", 1)[0] for line in shown[1].splitlines() if ": WARNING: " in line]
    assert {"/municipalities/alpha.md", "/municipalities/beta.md", "/shared/fouten.md"} \
        <= set(files)
