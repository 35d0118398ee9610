"""Citable paragraphs: ids in the source, the check, references, self-links, PDF
destinations, the stamping tool, and ids that survive any edit of other blocks."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
from bs4 import BeautifulSoup
from docutils.core import publish_doctree
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from myst_parser.parsers.docutils_ import Parser

from jointplan.glue.paragraphs import collect
from jointplan.plan.paragraphs import PARAGRAPH_ID, insertion_column, stamp

from utils import REPO, ROOTS, build, copy_root, parse_warnings

ROOT = ROOTS / "test-amended"
MARKER = re.compile(r"\{#(p-[a-z0-9-]+)\}")


def source_ids(root: Path) -> dict[str, tuple[str, int]]:
    """Every id written in a root's chapters: id -> (file, line)."""
    found = {}
    for path in sorted(root.rglob("*.md")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for match in MARKER.finditer(line):
                found[match[1]] = (path.relative_to(root).as_posix(), number)
    return found


def line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if needle in line)


@pytest.fixture(scope="module")
def built_html(tmp_path_factory):
    srcdir = copy_root("amended", tmp_path_factory.mktemp("paragraphs") / "src")
    app = build(srcdir, "html")
    return app, parse_warnings(app.warning.getvalue(), srcdir)


def test_stamped_root_builds_without_warnings(built_html):
    app, warnings = built_html
    assert warnings == [], app.warning.getvalue()
    assert app.config.jointplan_paragraph_ids is True


def test_every_id_is_on_its_element_with_a_dutch_self_link(built_html):
    app, _ = built_html
    ids = source_ids(ROOT)
    assert len(ids) > 30
    seen = set()
    for page in Path(app.outdir).rglob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for element in soup.find_all(id=lambda v: bool(v and PARAGRAPH_ID.fullmatch(v))):
            paragraph_id = element["id"]
            seen.add(paragraph_id)
            assert element.name in ("p", "li", "tr", "dt"), element.name
            scope = element.find_next_sibling("dd") if element.name == "dt" else element
            link = scope.find("a", class_="ivp-paralink")
            assert link is not None, paragraph_id
            assert link["href"] == f"#{paragraph_id}"
            assert link["aria-label"] == f"Link naar alinea {paragraph_id}"
            assert "tabindex" not in link.attrs  # reachable with the keyboard
            # The marker itself never reaches the reader.
            assert "{#" not in element.get_text()
    assert seen == set(ids)
    css = (REPO / "ext/jointplan/site/static/jointplan-paragraphs.css").read_text()
    # Hidden with opacity, not visibility: a hidden element cannot take focus.
    assert "visibility: visible" in css and ":focus" in css


def test_row_and_item_ids_name_the_right_block(built_html):
    app, _ = built_html
    soup = BeautifulSoup((Path(app.outdir) / "shared/tekst.html").read_text(), "html.parser")
    tekst = (ROOT / "shared/tekst.md").read_text()
    row_id = re.search(r"\| \{#(p-[a-z0-9]+)\} Alpha", tekst)[1]
    assert soup.find(id=row_id).name == "tr"
    assert soup.find(id=row_id).find_all("td")[1].get_text(strip=True) == "1"
    item_id = re.search(r"- \{#(p-[a-z0-9]+)\} Een punt met een vervolg", tekst)[1]
    item = soup.find(id=item_id)
    assert item.name == "li" and "Een tweede alinea in het punt." in item.get_text()


def test_reference_to_a_paragraph(tmp_path):
    tekst = (ROOT / "shared/tekst.md").read_text()
    target = re.search(r"\{#(p-[a-z0-9]+)\} Een gewone alinea", tekst)[1]
    overlap = (ROOT / "shared/overlap.md").read_text() + (
        f"\n{{#p-ref1}} Zie {{ivp:paragraph}}`{target}` en\n"
        f"ook {{ivp:paragraph}}`p-onbekend` en {{ivp:paragraph}}`{target[:-1]}`.\n")
    srcdir = copy_root("amended", tmp_path / "src", {"shared/overlap.md": overlap})
    app = build(srcdir, "html")
    warnings = parse_warnings(app.warning.getvalue(), srcdir)
    soup = BeautifulSoup((Path(app.outdir) / "shared/overlap.html").read_text(), "html.parser")
    link = soup.find("a", href=f"tekst.html#{target}")
    assert link is not None and link.get_text() == f"alinea {target}"
    unknown = [w for w in warnings if w["type"] == "ivp.unknown-paragraph"]
    line = line_of(srcdir / "shared/overlap.md", "p-onbekend")
    assert [(w["file"], w["line"]) for w in unknown] == [("shared/overlap.md", line)] * 2
    assert "onbekende alinea ‘p-onbekend’" in unknown[0]["message"]
    assert f"Bedoel je ‘{target}’?" in unknown[1]["message"]


def without_marker(text: str, needle: str) -> str:
    """The text with the marker on the line holding ``needle`` taken out."""
    lines = text.split("\n")
    index = next(i for i, line in enumerate(lines) if needle in line)
    lines[index] = MARKER.sub("", lines[index]).replace("  ", " ").replace("| ", "| ", 1)
    lines[index] = re.sub(r"(^|[-|:>] )\s+", r"\1", lines[index])
    return "\n".join(lines)


@pytest.mark.parametrize(("needle", "kind"), [
    ("Een gewone alinea", "Alinea"),
    ("Een genest punt", "Punt van een lijst"),
    ("Beta | 2", "Rij van een tabel"),
    ("De definitie van de term", "Definitie"),
    ("Een alinea in een kader", "Alinea"),
])
def test_block_without_id_is_reported_at_its_line(tmp_path, needle, kind):
    text = without_marker((ROOT / "shared/tekst.md").read_text(), needle)
    srcdir = copy_root("amended", tmp_path / "src", {"shared/tekst.md": text})
    app = build(srcdir, "html")
    # (An amendment or reference to the block that lost its id is reported too.)
    warnings = [w for w in parse_warnings(app.warning.getvalue(), srcdir)
                if w["type"] == "ivp.paragraph-id"]
    assert [(w["type"], w["file"], w["line"]) for w in warnings] == [
        ("ivp.paragraph-id", "shared/tekst.md", line_of(srcdir / "shared/tekst.md", needle))]
    assert warnings[0]["message"].startswith(f"{kind} zonder id;")
    assert "make ids" in warnings[0]["message"]


def test_ids_are_optional_unless_the_plan_requires_them(tmp_path):
    text = without_marker((ROOT / "shared/tekst.md").read_text(), "Zie ook de alinea")
    conf = (ROOT / "conf.py").read_text().replace("jointplan_paragraph_ids = True",
                                                  "jointplan_paragraph_ids = False")
    srcdir = copy_root("amended", tmp_path / "src", {"shared/tekst.md": text, "conf.py": conf})
    app = build(srcdir, "html")
    assert parse_warnings(app.warning.getvalue(), srcdir) == []


def test_duplicate_and_invalid_ids(tmp_path):
    catalogue = (ROOT / "shared/catalogue.md").read_text()
    first = MARKER.search(catalogue)[1]
    tekst = (ROOT / "shared/tekst.md").read_text()
    tekst = MARKER.sub(f"{{#{first}}}", tekst, count=1)  # the first paragraph: a copy
    tekst = re.sub(r"\{#p-[a-z0-9]+\} Zie ook", "{#P_fout} Zie ook", tekst)
    srcdir = copy_root("amended", tmp_path / "src", {"shared/tekst.md": tekst})
    app = build(srcdir, "html")
    warnings = [w for w in parse_warnings(app.warning.getvalue(), srcdir)
                if w["type"] == "ivp.paragraph-id"]
    found = sorted((w["file"], w["line"], w["message"][:40]) for w in warnings)
    path = srcdir / "shared/tekst.md"
    assert [(f, n) for f, n, _ in found] == [
        ("shared/tekst.md", line_of(path, "Een gewone alinea")),
        ("shared/tekst.md", line_of(path, "Zie ook")),
        ("shared/tekst.md", line_of(path, "Zie ook")),
    ], app.warning.getvalue()
    messages = {w["message"] for w in warnings}
    assert any(m.startswith(f"alinea-id ‘{first}’ staat ook in shared/catalogue, regel "
                            f"{line_of(ROOT / 'shared/catalogue.md', first)}") for m in messages)
    assert any(m.startswith("‘{#P_fout}’ is geen geldige alinea-id") for m in messages)
    assert any(m.startswith("Alinea zonder id") for m in messages)


def test_pdf_has_a_named_destination_per_id(tmp_path):
    srcdir = copy_root("amended", tmp_path / "src")
    app = build(srcdir, "pdf", confoverrides={"jointplan_pdf_editions": ["plan", "alpha"]})
    assert parse_warnings(app.warning.getvalue(), srcdir) == []
    ids = source_ids(ROOT)
    with pikepdf.open(Path(app.outdir) / "plan.pdf") as pdf:
        names = pikepdf.NameTree(pdf.Root.Names.Dests)
        found = {key for key in names if key.startswith("p-")}
        # All but the page the PDFs leave out (jointplan_pdf_exclude).
        assert found == {pid for pid, (file, _) in ids.items() if file != "amendementen.md"}
        pages = {page.objgen: n for n, page in enumerate(pdf.pages, 1)}
        # Each points at a page and a place on it.
        for key in found:
            destination = names[key]
            assert destination[0].objgen in pages and destination[1] == "/XYZ"
    # A council's edition has the destinations of what it holds, not of the others'.
    with pikepdf.open(Path(app.outdir) / "plan-alpha.pdf") as pdf:
        found = {k for k in pikepdf.NameTree(pdf.Root.Names.Dests) if k.startswith("p-")}
    gamma = {pid for pid, (file, _) in ids.items() if file == "municipalities/gamma.md"}
    alpha = {pid for pid, (file, _) in ids.items() if file == "municipalities/alpha.md"}
    assert alpha <= found and not gamma & found
    check = subprocess.run([sys.executable, "-m", "jointplan.pdf.check",
                            str(Path(app.outdir) / "plan.pdf")], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr


def test_stamp_tool_is_idempotent_and_keeps_existing_ids(tmp_path):
    srcdir = tmp_path / "src"
    shutil.copytree(ROOT, srcdir)
    before = source_ids(srcdir)
    path = srcdir / "shared/tekst.md"
    text = without_marker(path.read_text(), "Een genest punt")
    text = without_marker(text, "Beta | 2")
    text += "\nEen nieuwe alinea.\n\n- Een nieuw punt.\n"
    path.write_text(text)
    script = [sys.executable, str(REPO / "scripts/stamp_ids.py"), str(srcdir)]
    assert subprocess.run([*script, "--check"], capture_output=True).returncode == 1
    run = subprocess.run(script, capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "4 id(s) stamped" in run.stdout
    after = source_ids(srcdir)
    # No id moved or changed; a block whose marker was lost gets its id back
    # (an id is derived from the document and the text, not from a counter).
    assert {k: after[k] for k in before} == before
    assert len(after) == len(before) + 2
    stamped = path.read_text()
    assert re.search(r"- \{#p-[a-z0-9]+\} Een genest punt", stamped)
    assert re.search(r"\| \{#p-[a-z0-9]+\} Beta \| 2 \|", stamped)
    # Again: nothing to do, nothing changed.
    again = subprocess.run(script, capture_output=True, text=True, cwd=tmp_path)
    assert "0 id(s) stamped" in again.stdout and path.read_text() == stamped
    assert subprocess.run([*script, "--check"], capture_output=True).returncode == 0
    app = build(srcdir, "html")
    assert parse_warnings(app.warning.getvalue(), srcdir) == []


@pytest.mark.parametrize(("line", "kind", "column"), [
    ("Tekst", "paragraph", 0),
    ("   Tekst", "paragraph", 3),
    ("> Tekst", "paragraph", 2),
    ("- Tekst", "item", 2),
    ("  10. Tekst", "item", 6),
    ("- [ ] Taak", "item", 6),
    ("  Tekst op de regel na het opsommingsteken", "item", 2),
    ("-", "item", None),
    ("1. **Vet.** Tekst", "item", 3),
    ("- *Cursief* tekst", "item", 2),
    ("| Cel | x |", "row", 2),
    (": Definitie", "definition", 2),
    ("[^1]: Noot", "paragraph", 6),
    ("", "paragraph", None),
])
def test_insertion_column(line, kind, column):
    assert insertion_column(line, kind) == column


# -- the property: edits of other blocks change no id -------------------------

SETTINGS = {"myst_enable_extensions": ["colon_fence", "deflist"], "report_level": 5,
            "halt_level": 5, "warning_stream": False}
WORDS = st.lists(st.sampled_from(["veilig", "wijk", "raad", "plan", "Doel", "2019", "politie",
                                  "jeugd", "*nadruk*", "en", "de"]), min_size=1, max_size=6)


def parse(text: str):
    document = publish_doctree(text, source_path="x.md", parser=Parser(),
                               settings_overrides=SETTINGS)
    return collect(document, "x", text.splitlines())


def render(groups: list[tuple[str, list[dict]]]) -> str:
    """Markdown of groups of blocks: ('p', [block]), ('list', items), ('table', rows)."""
    out = []
    for kind, blocks in groups:
        def mark(block):
            return f"{{#{block['id']}}} " if block.get("id") else ""
        if kind == "p":
            out.append("\n\n".join(mark(b) + b["text"] for b in blocks))
        elif kind == "list":
            out.append("\n".join(f"- {mark(b)}{b['text']}" for b in blocks))
        else:
            rows = "\n".join(f"| {mark(b)}{b['text']} | x |" for b in blocks)
            out.append(f"| Kop | Twee |\n| --- | --- |\n{rows}")
    return "\n\n".join(out) + "\n"


def stamp_and_read(groups) -> dict[str, str]:
    """Stamp the rendered groups; write the new ids into the blocks; id -> text."""
    text = render(groups)
    _, missing, _ = parse(text)
    found, _, _ = parse(text)
    taken = {p.id for p in found}
    stamped, _ = stamp(text, missing, taken)
    found, missing, invalid = parse(stamped)
    assert missing == [] and invalid == []
    # Put each id back into the model, by the line it was stamped on.
    lines = stamped.split("\n")
    for block in (b for _, blocks in groups for b in blocks):
        if not block.get("id"):
            line = next(line for line in lines if MARKER.search(line)
                        and line.rstrip(" |x").endswith(block["text"])
                        and MARKER.search(line)[1] not in
                        {b.get("id") for _, bs in groups for b in bs})
            block["id"] = MARKER.search(line)[1]
    # A row's text is its cells'; the first cell is the block's own text.
    result = {p.id: p.text.split("\n")[0] for p in found}
    assert len(result) == len(found)  # no id twice
    return result


block = st.builds(lambda words: {"text": " ".join(words) + "."}, WORDS)
group = st.one_of(
    st.tuples(st.just("p"), st.lists(block, min_size=1, max_size=1)),
    st.tuples(st.just("list"), st.lists(block, min_size=1, max_size=4)),
    st.tuples(st.just("table"), st.lists(block, min_size=1, max_size=3)))
edit = st.tuples(st.sampled_from(["edit", "insert", "delete", "move"]),
                 st.integers(0, 1000), st.integers(0, 1000), block)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(group, min_size=1, max_size=6), st.lists(edit, max_size=8))
def test_edits_of_other_blocks_change_no_id(groups, edits):
    groups = [(kind, [dict(b) for b in blocks]) for kind, blocks in groups]
    # Unique texts, so a block can be recognised by its text.
    for n, b in enumerate(b for _, blocks in groups for b in blocks):
        b["text"] = f"{b['text'][:-1]} b{n}."
    before = stamp_and_read(groups)
    untouched = {b["id"]: b["text"] for _, blocks in groups for b in blocks}
    counter = 1000
    for op, i, j, new in edits:
        flat = [(g, k) for g, (_, blocks) in enumerate(groups) for k in range(len(blocks))]
        if not flat:
            break
        g, k = flat[i % len(flat)]
        blocks = groups[g][1]
        counter += 1
        if op == "edit":
            blocks[k]["text"] = f"{new['text'][:-1]} b{counter}."
            untouched.pop(blocks[k].get("id"), None)
        elif op == "insert":
            blocks.insert(k, {"text": f"{new['text'][:-1]} b{counter}."})
        elif op == "delete" and len(blocks) > 1:
            untouched.pop(blocks.pop(k).get("id"), None)
        elif op == "move":
            moved = blocks.pop(k)
            target = groups[j % len(groups)][1]
            target.insert(j % (len(target) + 1), moved)
        groups = [(kind, bs) for kind, bs in groups if bs]
    after = stamp_and_read(groups)
    # Every block no edit touched keeps its id and its text.
    for paragraph_id, text in untouched.items():
        assert after.get(paragraph_id) == text.replace("*", ""), (paragraph_id, render(groups))
    # Edited blocks keep their id too; new blocks got ids nobody had.
    assert set(before) - set(after) <= set(before) - {b.get("id") for _, bs in groups for b in bs}
