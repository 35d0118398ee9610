"""The singlehtml surgery behind the PDFs, on a hand-made page."""

from __future__ import annotations

from bs4 import BeautifulSoup

from jointplan.pdf.assemble import Edition, assemble

# Shaped like Sphinx's singlehtml: documents nested through toctree wrappers,
# each behind an empty marker; two chapters share a section id ("doelen").
PAGE = """<html><body><div class="body" role="main">
<section id="plan"><h1>Plan<a class="headerlink" href="#plan">¶</a></h1>
<p>Zie <a class="reference internal" href="#document-m/a#doelen"><span>A</span></a>
en <a href="#document-m/b">B</a> en <a href="_images/x.png">plaatje</a>.</p>
<div class="toctree-wrapper compound">
<span id="document-m/a"></span><section id="a"><h2>A</h2>
<section id="doelen"><h3>Doelen</h3><p class="rubric">x</p>
<h4 class="ivp-heading rubric">Indicatoren</h4>
<p><a href="#doelen">hier</a> <a href="#document-m/b#doelen">B's doelen</a></p></section></section>
<span id="document-m/b"></span><section id="b"><h2>B</h2>
<section id="doelen"><h3>Doelen</h3><p><a href="#document-m/a#nergens">weg</a></p></section>
</section></div></section></div></body></html>"""

COMMON = dict(title="Plan", municipalities=["A", "B"], date="1 januari 2019", version="1.0",
              stylesheet="print.css", author="Wij")


def edition(keep=lambda docname: True) -> Edition:
    return Edition("plan", "Plan", "Alles", "CONCEPT", True, keep)


def test_ids_are_unique_and_links_land_in_the_right_chapter():
    result = assemble(PAGE, "index", edition(), **COMMON)
    page = BeautifulSoup(result.html, "html.parser")
    ids = [element["id"] for element in page.find_all(id=True)]
    assert len(ids) == len(set(ids))
    assert "m-a--doelen" in ids and "m-b--doelen" in ids
    hrefs = {a.get_text(): a["href"] for a in page.select("section a")}
    assert hrefs == {"A": "#m-a--doelen", "B": "#m-b", "hier": "#m-a--doelen",
                     "B's doelen": "#m-b--doelen"}
    assert result.broken_links == ["m/b: #document-m/a#nergens"]
    # markers, header links and links to local files are gone, their text stays
    assert not page.select('span[id^="document-"], a.headerlink')
    assert "plaatje" in page.get_text() and not page.select('a[href^="_images"]')
    assert not page.select("a span")  # no Span inside Link in the tags


def test_headings_are_renumbered_by_structure():
    page = BeautifulSoup(assemble(PAGE, "index", edition(), **COMMON).html, "html.parser")
    chapter = page.find(id="m-a")
    # included by the root document: depth 1, so a part-level h1 (in the
    # plan, chapters sit one level deeper, under the part pages)
    assert chapter.h1.get_text() == "A"
    assert chapter.find(id="m-a--doelen").h2.get_text() == "Doelen"
    assert chapter.find("h3", class_="rubric").get_text() == "Indicatoren"
    assert page.find(id="index").h1.get_text() == "Over dit plan"
    toc = [(li["class"][0], li.get_text()) for li in page.select("nav.toc li")]
    assert toc == [("toc-h1", "Over dit plan"), ("toc-h1", "A"), ("toc-h2", "Doelen"),
                   ("toc-h1", "B"), ("toc-h2", "Doelen")]


def test_an_edition_leaves_out_other_chapters_and_unwraps_links_to_them():
    result = assemble(PAGE, "index", edition(lambda docname: docname != "m/b"), **COMMON)
    page = BeautifulSoup(result.html, "html.parser")
    assert page.find(id="m-b") is None
    assert "B's doelen" in page.get_text()
    assert not page.select('a[href*="m-b"]')
    assert result.broken_links == []


def test_footnotes_move_to_where_they_are_referenced():
    page = PAGE.replace(
        "<p>Zie ", '<p>Noot<a class="footnote-reference brackets" href="#fn1" id="r1">'
        '<span class="fn-bracket">[</span>1<span class="fn-bracket">]</span></a>. Zie ')
    page = page.replace('<div class="toctree-wrapper compound">',
                        '<aside class="footnote-list brackets"><aside class="footnote brackets" '
                        'id="fn1"><span class="label"><span class="fn-bracket">[</span>'
                        '<a href="#r1">1</a><span class="fn-bracket">]</span></span>'
                        '<p>De voetnoottekst.</p></aside></aside>'
                        '<div class="toctree-wrapper compound">')
    html = BeautifulSoup(assemble(page, "index", edition(), **COMMON).html, "html.parser")
    note = html.select_one("span.footnote")  # print.css floats it to the page foot
    assert note.get_text() == "De voetnoottekst."
    assert note.find_parent("p").get_text().startswith("NootDe voetnoottekst.")
    assert not html.select("aside.footnote-list, a.footnote-reference")


def test_the_change_summary_becomes_the_last_chapter():
    from jointplan.pdf.assemble import changes_appendix
    appendix = changes_appendix("v1.0", ["Beta kiest nu ook: Drugs."])
    page = BeautifulSoup(assemble(PAGE, "index", edition(), appendix=appendix, **COMMON).html,
                         "html.parser")
    last = page.select("section.document")[-1]
    assert last["id"] == "wijzigingen"
    assert last.h1.get_text() == "Wijzigingen ten opzichte van versie v1.0"
    assert last.li.get_text() == "Beta kiest nu ook: Drugs."
    assert page.select("nav.toc li")[-1].get_text() == "Wijzigingen ten opzichte van versie v1.0"
