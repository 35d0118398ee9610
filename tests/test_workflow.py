"""The repository's automation files are valid, and pin what they use."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from conftest import REPO

WORKFLOW = REPO / ".github" / "workflows" / "ci.yml"


def bin_path(name: str) -> str:
    return str(Path(sys.executable).parent / name)


def test_the_workflow_is_valid_against_the_github_schema():
    result = subprocess.run([bin_path("check-jsonschema"), "--builtin-schema",
                             "vendor.github-workflows", str(WORKFLOW)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_workflow_pins_its_actions_and_runs_the_readme_commands():
    text = WORKFLOW.read_text(encoding="utf-8")
    uses = re.findall(r"uses:\s*(\S+)", text)
    assert uses and all(re.fullmatch(r"[\w-]+/[\w-]+@v\d+\.\d+\.\d+", u) for u in uses), uses
    for command in ("make test", "make check", "make a11y", "make changes BASE="):
        assert command in text
    assert "upload-artifact" in text and "deploy-pages" in text


def test_the_pre_commit_configuration_is_valid():
    result = subprocess.run([bin_path("pre-commit"), "validate-config",
                             str(REPO / ".pre-commit-config.yaml")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
