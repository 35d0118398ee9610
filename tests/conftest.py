"""Shared fixtures: Sphinx's own test fixtures, and helpers to build edited roots."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

pytest_plugins = ("sphinx.testing.fixtures",)

ROOTS = Path(__file__).parent / "roots"
REPO = Path(__file__).parent.parent

WARNING_LINE = re.compile(
    r"^(?P<path>[^\s:][^:]*?)(?::(?P<line>\d+))?: WARNING: (?P<message>.*?)"
    r"(?: \[(?P<type>[\w.:-]+)\])?$")


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


def strip_colors(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def parse_warnings(text: str, srcdir: Path) -> list[dict]:
    """Warnings as dicts with file (relative to srcdir), line, message, type."""
    found = []
    for line in strip_colors(text).splitlines():
        match = WARNING_LINE.match(line)
        if match:
            path = Path(match["path"])
            try:
                path = path.relative_to(srcdir)
            except ValueError:
                pass
            found.append({"file": path.as_posix(),
                          "line": int(match["line"]) if match["line"] else None,
                          "message": match["message"], "type": match["type"]})
    return found


def copy_root(name: str, dest: Path, edits: dict[str, str | None] | None = None) -> Path:
    """Copy tests/roots/test-<name> to dest and apply edits (path -> text, None deletes)."""
    shutil.copytree(ROOTS / f"test-{name}", dest)
    for relpath, text in (edits or {}).items():
        target = dest / relpath
        if text is None:
            target.unlink()
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    return dest


def build(srcdir: Path, buildername: str = "html", **kwargs) -> SphinxTestApp:
    app = SphinxTestApp(buildername, srcdir=srcdir, **kwargs)
    try:
        app.build()
    finally:
        app.cleanup()
    return app


@pytest.fixture
def build_plan(tmp_path):
    """Build a copy of a test root with some files replaced; returns (app, warnings)."""

    def run(edits=None, root="plan", buildername="html", **kwargs):
        srcdir = copy_root(root, tmp_path / f"src-{buildername}", edits)
        app = build(srcdir, buildername, **kwargs)
        return app, parse_warnings(app.warning.getvalue(), srcdir)

    return run
