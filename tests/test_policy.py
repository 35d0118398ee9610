"""The content policy: scripts, raw HTML and outside files never reach the output."""

from __future__ import annotations

from pathlib import Path

import pytest

from utils import build, copy_root, parse_warnings

ROOT = Path(__file__).parent / "roots" / "test-plan"
OVERLAP = (ROOT / "shared" / "overlap.md").read_text(encoding="utf-8")

# (case, Markdown appended to shared/overlap.md, line marker, what is refused,
#  a string that must not appear in the built page)
CASES = [
    ("raw HTML block", '<div onclick="steal()">x</div>\n', "<div onclick",
     "losse html mag niet in het plan", "steal()"),
    # Inline tags are removed; the text between them stays, as harmless text.
    ("inline HTML", "Tekst <script>alert(1)</script> tekst.\n", "Tekst <script>",
     "losse html mag niet in het plan", "<script>"),
    ("inline HTML in upper case", "Tekst <SCRIPT>alert(2)</SCRIPT> tekst.\n", "<SCRIPT>",
     "losse html mag niet in het plan", "<SCRIPT>"),
    ("raw directive", "```{raw} html\n<b onmouseover=x>y</b>\n```\n", "{raw} html",
     "losse html mag niet in het plan", "onmouseover"),
    ("eval-rst smuggling a raw directive",
     "```{eval-rst}\n.. raw:: html\n\n   <iframe src=evil></iframe>\n```\n", ".. raw:: html",
     "losse html mag niet in het plan", "iframe"),
    ("eval-rst javascript link", "```{eval-rst}\n`klik <javascript:alert(3)>`_\n```\n",
     "`klik <", "een adres dat begint met ‘javascript:’", "alert(3)"),
    ("javascript link hidden by an entity and case",
     "```{eval-rst}\n`klik <JaVa&#115;cript:alert(4)>`_\n```\n", "`klik <",
     "een adres dat begint met ‘javascript:’", "alert(4)"),
    ("data: image", "![plaatje](data:image/png;base64,iVBORw0KGgo=)\n", "![plaatje]",
     "een adres dat begint met ‘data:’", "base64"),
    ("HTML nested in a table", "| a | b |\n|---|---|\n| x | <img src=x onerror=alert(5)> |\n",
     "onerror", "losse html mag niet in het plan", "alert(5)"),
    ("HTML nested in an admonition", ":::{note}\nLet op <script>alert(6)</script>\n:::\n",
     "Let op <script>", "losse html mag niet in het plan", "<script>"),
]


@pytest.mark.parametrize(("markdown", "marker", "refused", "absent"),
                         [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_refused_content_is_reported_and_removed(build_plan, markdown, marker, refused, absent):
    text = OVERLAP + "\n" + markdown
    app, warnings = build_plan({"shared/overlap.md": text})
    line = next(n for n, row in enumerate(text.splitlines(), 1) if marker in row)
    ours = [w for w in warnings if w["type"] == "ivp.content-policy"]
    assert ours, app.warning.getvalue()
    assert all(w["file"] == "shared/overlap.md" for w in ours)
    assert any(w["line"] == line and w["message"].startswith(refused) for w in ours), ours
    page = (app.outdir / "shared" / "overlap.html").read_text(encoding="utf-8")
    assert absent not in page
    assert "Zie " in page  # the rest of the page is still there


@pytest.mark.parametrize("directive", ["include", "literalinclude"])
def test_files_from_outside_the_docs_are_not_included(tmp_path, directive):
    (tmp_path / "geheim.md").write_text("GEHEIM wachtwoord\n", encoding="utf-8")
    srcdir = copy_root("plan", tmp_path / "src", {
        "shared/overlap.md": OVERLAP + f"\n```{{{directive}}} ../../geheim.md\n```\n"})
    app = build(srcdir)
    warnings = [w for w in parse_warnings(app.warning.getvalue(), srcdir)
                if w["type"] == "ivp.content-policy"]
    assert len(warnings) == 1, app.warning.getvalue()
    assert warnings[0]["file"] == "shared/overlap.md"
    assert "geheim.md’, een bestand buiten de map met de tekst van het plan," in \
        warnings[0]["message"]
    assert "GEHEIM" not in (app.outdir / "shared" / "overlap.html").read_text(encoding="utf-8")


def test_files_inside_the_docs_may_be_included(build_plan):
    app, warnings = build_plan({
        "shared/_stukje.md": "Een gedeeld stukje tekst.\n",
        "shared/overlap.md": OVERLAP + "\n```{include} _stukje.md\n```\n",
        "conf.py": (ROOT / "conf.py").read_text() + '\nexclude_patterns += ["shared/_*"]\n'})
    assert warnings == [], app.warning.getvalue()
    assert "Een gedeeld stukje" in (app.outdir / "shared/overlap.html").read_text()


def test_a_maintainer_can_allow_raw_html_for_one_document(build_plan):
    conf = (ROOT / "conf.py").read_text() + '\njointplan_allow_raw = ["shared/overlap"]\n'
    app, warnings = build_plan({
        "conf.py": conf,
        "shared/overlap.md": OVERLAP + '\n<div class="kader">Toegestaan</div>\n'})
    assert warnings == [], app.warning.getvalue()
    assert '<div class="kader">Toegestaan</div>' in (
        app.outdir / "shared" / "overlap.html").read_text(encoding="utf-8")
