"""Author text never runs as Typst code: the escapes, checked by Typst itself.

Each test compiles a small Typst document that holds the escaped texts and
asks Typst (with ``typst.query``) for the plain text it made of them; the
round trip must give back exactly what the author typed.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import typst
from hypothesis import given, settings
from hypothesis import strategies as st

from jointplan.pdf.escape import label, label_name, markup, string_literal
from jointplan.pdf.render import PdfExportError, Renderer

# Walks the content Typst made of a markup block and returns its text.
PLAIN = """#let plain(it) = {
  if type(it) == str { it }
  else if it == [] { "" }
  else if it.has("text") { it.text }
  else if it.func() == [ ].func() { " " }
  else if it.has("children") { it.children.map(plain).fold("", (a, b) => a + b) }
  else if it.has("body") { plain(it.body) }
  else { "<" + repr(it.func()) + ">" }
}
"""

HOSTILE = [
    '#set page(width: 1cm) #read("/etc/passwd") #image("/etc/passwd")',
    "$x^2$ @label <label> *sterk* _schuin_ `code` \\ ] [ \" ' // comment /* block */",
    "= kop", "- lijst", "+ lijst", "/ term: uitleg", "1. lijst", "~ -- --- ... -? 'quote'",
    "https://example.org/pad www.example.org", "#{ 1 + 1 }", "#(1)", "#let x = 1",
    "\\u{41} \\#", "]; #panic(\"boom\")", "'s-Hertogenbosch en 't Zandt", "a:b; c, d!",
]


def round_trip(tmp_path: Path, texts: list[str]) -> tuple[list[str], list[str]]:
    """What Typst reads back from markup(text) and from string_literal(text)."""
    items = "".join(f"  [{markup(text)}],\n" for text in texts)
    strings = "".join(f"  {string_literal(text)},\n" for text in texts)
    source = tmp_path / "escape.typ"
    source.write_text(f"{PLAIN}#let items = (\n{items})\n#let strings = (\n{strings})\n"
                      "#metadata((items.map(plain), strings)) <out>\n", encoding="utf-8")
    result = typst.query(str(source), "<out>", field="value", one=True,
                         root=str(tmp_path), ignore_system_fonts=True)
    read_markup, read_strings = json.loads(result)
    return read_markup, read_strings


def expected_markup(text: str) -> str:
    """What markup() promises: a line break or space run is one space, controls gone."""
    text = re.sub("[ \t\n\r\f\v\x85\u2028\u2029]+", " ", text)
    return "".join(c for c in text if not (ord(c) < 32 or 0x7F <= ord(c) < 0xA0))


def test_hostile_text_prints_as_typed(tmp_path):
    read_markup, read_strings = round_trip(tmp_path, HOSTILE)
    assert read_markup == [expected_markup(text) for text in HOSTILE]
    assert read_strings == HOSTILE


@settings(max_examples=25, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=40), min_size=1, max_size=20))
def test_any_text_prints_as_typed(tmp_path_factory, texts):
    tmp_path = tmp_path_factory.mktemp("escape")
    read_markup, read_strings = round_trip(tmp_path, texts)
    assert read_markup == [expected_markup(text) for text in texts]
    assert read_strings == texts


@given(st.text(min_size=1, max_size=30), st.text(max_size=30), st.text(max_size=30),
       st.text(max_size=30))
def test_labels_are_valid_and_one_to_one(doc_a, id_a, doc_b, id_b):
    name = label_name(doc_a, id_a)
    assert all(c.isascii() and (c.isalnum() or c in "-_.:") for c in name)
    if (doc_a, id_a) != (doc_b, id_b):
        assert name != label_name(doc_b, id_b)


def test_a_label_made_from_any_docname_is_accepted_by_typst(tmp_path):
    source = tmp_path / "label.typ"
    name = label("chapters/één hoofdstuk (2)", "section-1")
    source.write_text(f"= Kop {name}\n#link({name})[terug]\n", encoding="utf-8")
    assert typst.compile(str(source), root=str(tmp_path)).startswith(b"%PDF")


def test_typst_cannot_read_outside_the_build_folder(tmp_path):
    build = tmp_path / "build"
    build.mkdir()
    (tmp_path / "secret.txt").write_text("geheim")
    source = build / "edition.typ"
    source.write_text('#set document(title: "T")\n#read("../secret.txt")\n')
    renderer = Renderer(build, Path(__file__).parent.parent / "ext/jointplan/pdf/fonts", None)
    from jointplan.pdf.render import Job
    with pytest.raises(PdfExportError, match="escape the project root"):
        renderer.render(Job(source, build / "edition.pdf", {}, []))


def test_a_pdf_that_breaks_the_standards_is_refused_with_a_clear_message(tmp_path):
    from jointplan.pdf.render import Job
    source = tmp_path / "edition.typ"
    source.write_text("= Geen documenttitel\nTekst.\n")
    renderer = Renderer(tmp_path, Path(__file__).parent.parent / "ext/jointplan/pdf/fonts", None)
    with pytest.raises(PdfExportError) as refused:
        renderer.render(Job(source, tmp_path / "edition.pdf", {}, []))
    assert "edition.pdf" in str(refused.value)
    assert "title" in str(refused.value).lower()
    assert not (tmp_path / "edition.pdf").exists()
