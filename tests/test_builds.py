"""Incremental and parallel builds give the same output as a clean serial build."""

from __future__ import annotations

import os
from pathlib import Path


from utils import copy_root, parse_warnings, run


def outputs(outdir: Path) -> dict[str, bytes]:
    """The pages and the export, which is what readers and tools see."""
    files = sorted(outdir.rglob("*.html")) + [outdir / "priorities.json"]
    return {f.relative_to(outdir).as_posix(): f.read_bytes() for f in files}


def write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    # Sphinx compares modification times; make sure the edit is seen as newer.
    stamp = path.stat().st_mtime + 5
    os.utime(path, (stamp, stamp))


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    write(path, text.replace(old, new, 1))


DELTA = """# Delta

:::{ivp:municipality} delta
:name: Delta
:residents: 400
:::

::::{ivp:choice} ondermijning
:origin: raad
:status: indeling

:::{ivp:goals}
- Doel.
:::

:::{ivp:indicators}
- Indicator.
:::
::::
"""

EDITS = [
    ("remove a choice", lambda src: replace(
        src / "municipalities/alpha.md", "::::{ivp:choice} drugs", "::::{ivp:choice} verkeer")),
    ("rename a priority", lambda src: replace(
        src / "shared/catalogue.md", ":title: Woninginbraak", ":title: Inbraak in woningen")),
    ("rename a municipality", lambda src: replace(
        src / "municipalities/beta.md", ":name: Beta", ":name: Bèta")),
    ("add a municipality chapter", lambda src: (
        write(src / "municipalities/delta.md", DELTA),
        replace(src / "index.md", "municipalities/gamma\n", "municipalities/gamma\nmunicipalities/delta\n"))),
    ("delete a municipality chapter", lambda src: (
        (src / "municipalities/gamma.md").unlink(),
        replace(src / "index.md", "municipalities/gamma\n", ""))),
    ("change a choice's origin", lambda src: replace(
        src / "municipalities/beta.md", ":origin: bewoners, politie", ":origin: raad")),
    ("change a priority's field", lambda src: replace(
        src / "shared/catalogue.md", ":field: jeugd-en-veiligheid", ":field: fysieke-veiligheid")),
    ("declare a choice illustrative", lambda src: replace(
        src / "municipalities/beta.md", "Toelichting bij woninginbraak.",
        "Illustratief. Toelichting bij woninginbraak.") or replace(
        src / "municipalities/beta.md",
        "::::{ivp:choice} woninginbraak\n:origin: bewoners, politie\n:status: vermeld\n"
        ":source: bron2018",
        "::::{ivp:choice} woninginbraak\n:origin: bewoners, politie\n:status: illustratief")),
]


def test_incremental_builds_equal_clean_builds(tmp_path):
    srcdir = copy_root("plan", tmp_path / "src")
    run(srcdir, tmp_path / "incremental", freshenv=True)
    for number, (name, edit) in enumerate(EDITS):
        edit(srcdir)
        incremental = run(srcdir, tmp_path / "incremental", freshenv=False)
        clean = run(srcdir, tmp_path / f"clean-{number}", freshenv=True)
        assert "0 added, 0 changed, 0 removed" not in incremental.status.getvalue(), name
        assert outputs(incremental.outdir) == outputs(clean.outdir), name


def written_pages(outdir: Path, before: dict[str, int]) -> set[str]:
    return {page for page, mtime in page_times(outdir).items() if before.get(page) != mtime}


def page_times(outdir: Path) -> dict[str, int]:
    return {f.relative_to(outdir).with_suffix("").as_posix(): f.stat().st_mtime_ns
            for f in outdir.rglob("*.html")}


def test_incremental_build_rewrites_only_what_shows_the_change(tmp_path):
    srcdir = copy_root("plan", tmp_path / "src")
    outdir = run(srcdir, tmp_path / "out", freshenv=True).outdir
    # Prose only: no generated content changes, so only this chapter is
    # rewritten, besides what Sphinx itself always rewrites: the indices, and
    # the toctree parent (index), whose entry for the chapter could change.
    before = page_times(outdir)
    replace(srcdir / "municipalities/beta.md", "Toelichting bij verkeer.", "Nieuwe toelichting.")
    run(srcdir, tmp_path / "out", freshenv=False)
    always = {"genindex", "search", "ivp-priorities"}
    assert written_pages(outdir, before) - always == {"municipalities/beta", "index"}
    # An origin is shown only in its own chapter: no other page changes.
    before = page_times(outdir)
    replace(srcdir / "municipalities/beta.md", ":origin: bewoners, politie", ":origin: raad")
    run(srcdir, tmp_path / "out", freshenv=False)
    assert written_pages(outdir, before) - always == {"municipalities/beta", "index"}
    # A new choice: the chapter and every page showing overlap data.
    before = page_times(outdir)
    replace(srcdir / "municipalities/beta.md", "::::{ivp:choice} verkeer", "::::{ivp:choice} drugs")
    run(srcdir, tmp_path / "out", freshenv=False)
    assert written_pages(outdir, before) - always == {
        "municipalities/alpha", "municipalities/beta", "municipalities/gamma",
        "shared/catalogue", "shared/overlap", "index"}


def test_a_changed_choice_rewrites_only_the_pages_that_show_its_priority(tmp_path):
    srcdir = copy_root("plan", tmp_path / "src")
    outdir = run(srcdir, tmp_path / "out", freshenv=True).outdir
    before = page_times(outdir)
    # Gamma's drugs turns illustrative. Beta did not choose drugs and shows
    # nothing of it; Alpha lists Gamma as a partner for drugs.
    replace(srcdir / "municipalities/gamma.md",
            "::::{ivp:choice} drugs\n:origin: bewoners, politie\n:status: vermeld\n"
            ":source: bron2018",
            "::::{ivp:choice} drugs\n:origin: bewoners, politie\n:status: illustratief")
    replace(srcdir / "municipalities/gamma.md", "Toelichting bij drugs.", "Illustratief.")
    incremental = run(srcdir, tmp_path / "out", freshenv=False)
    always = {"genindex", "search", "ivp-priorities"}
    assert written_pages(outdir, before) - always == {
        "municipalities/alpha", "municipalities/gamma", "shared/catalogue", "shared/overlap",
        "index"}
    clean = run(srcdir, tmp_path / "clean", freshenv=True)
    assert outputs(incremental.outdir) == outputs(clean.outdir)


def test_parallel_build_equals_serial_build(tmp_path):
    srcdir = copy_root("plan", tmp_path / "src")
    serial = run(srcdir, tmp_path / "serial", freshenv=True)
    parallel = run(srcdir, tmp_path / "parallel", freshenv=True, parallel=2)
    assert outputs(parallel.outdir) == outputs(serial.outdir)
    # and after edits, an incremental parallel build still agrees with a clean one
    for number, (name, edit) in enumerate(EDITS[:3]):
        edit(srcdir)
        parallel = run(srcdir, tmp_path / "parallel", freshenv=False, parallel=2)
        clean = run(srcdir, tmp_path / f"clean-{number}", freshenv=True)
        assert outputs(parallel.outdir) == outputs(clean.outdir), name


def test_duplicates_across_documents_read_in_parallel_are_found(tmp_path):
    srcdir = copy_root("plan", tmp_path / "src")
    # index/catalogue and gamma land in different chunks of a 2-process read
    (srcdir / "municipalities/gamma.md").write_text(
        (srcdir / "municipalities/gamma.md").read_text(encoding="utf-8")
        + "\n:::{ivp:priority} drugs\n:title: Drugs\n:field: jeugd-en-veiligheid\n:::\n",
        encoding="utf-8")
    app = run(srcdir, tmp_path / "out", freshenv=True, parallel=2)
    warnings = parse_warnings(app.warning.getvalue(), srcdir)
    # Declarations are ordered by docname, so the result does not depend on
    # which process read what: gamma's comes first, the catalogue's is the duplicate.
    assert [(w["file"], w["type"]) for w in warnings] == [
        ("shared/catalogue.md", "ivp.duplicate-id")]
    assert "al verklaard in municipalities/gamma" in warnings[0]["message"]


def test_two_clean_html_builds_are_byte_identical(tmp_path):
    """Sorted output everywhere, no timestamps or absolute paths."""
    srcdir = copy_root("plan", tmp_path / "src")
    first = run(srcdir, tmp_path / "one", freshenv=True).outdir
    second = run(srcdir, tmp_path / "two", freshenv=True).outdir

    def files(outdir: Path) -> dict[str, bytes]:
        return {p.relative_to(outdir).as_posix(): p.read_bytes()
                for p in sorted(outdir.rglob("*")) if p.is_file()}

    assert files(first) == files(second)
    for name, data in files(first).items():
        assert str(tmp_path).encode() not in data, name
