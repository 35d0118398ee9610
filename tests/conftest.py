"""Shared fixtures: Sphinx's own test fixtures, and helpers to build edited roots."""

from __future__ import annotations

from pathlib import Path

import pytest

from utils import ROOTS, build, copy_root, parse_warnings

pytest_plugins = ("sphinx.testing.fixtures",)


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


@pytest.fixture
def build_plan(tmp_path):
    """Build a copy of a test root with some files replaced; returns (app, warnings)."""

    def run(edits=None, root="plan", buildername="html", **kwargs):
        srcdir = copy_root(root, tmp_path / f"src-{buildername}", edits)
        app = build(srcdir, buildername, **kwargs)
        return app, parse_warnings(app.warning.getvalue(), srcdir)

    return run
