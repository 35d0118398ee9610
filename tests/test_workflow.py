"""The repository's automation files are valid, and pin what they use."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from utils import REPO

WORKFLOW = REPO / ".github" / "workflows" / "ci.yml"
COMMENT_WORKFLOW = REPO / ".github" / "workflows" / "pr-comment.yml"
PUBLISH_WORKFLOW = REPO / ".github" / "workflows" / "publish.yml"
WORKFLOWS = (WORKFLOW, COMMENT_WORKFLOW, PUBLISH_WORKFLOW)


def bin_path(name: str) -> str:
    return str(Path(sys.executable).parent / name)


def test_the_workflows_are_valid_against_the_github_schema():
    result = subprocess.run([bin_path("check-jsonschema"), "--builtin-schema",
                             "vendor.github-workflows", *map(str, WORKFLOWS)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_workflow_pins_its_actions_and_runs_the_readme_commands():
    text = "".join(path.read_text(encoding="utf-8") for path in WORKFLOWS)
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


def load(path):
    import yaml
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key 'on' as true
    return data


def test_pull_requests_never_get_a_token_with_write_access():
    """The forge's pattern for forks: read-only checks, a separate commenting workflow."""
    checks = load(WORKFLOW)
    assert "pull_request_target" not in checks["on"]
    assert checks["permissions"] == {"contents": "read"}
    for name, job in checks["jobs"].items():
        assert not any(v == "write" for v in (job.get("permissions") or {}).values()), name
    comment = load(COMMENT_WORKFLOW)
    assert list(comment["on"]) == ["workflow_run"]
    assert comment["on"]["workflow_run"]["workflows"] == [checks["name"]]
    assert comment["permissions"] == {}
    job = comment["jobs"]["comment"]
    assert job["permissions"] == {"actions": "read", "pull-requests": "write"}
    steps = " ".join(str(step) for step in job["steps"])
    # The pull request's code is never checked out or run with that token.
    assert "checkout" not in steps and "make " not in steps and "python" not in steps
    assert "head.sha" in steps and "HEAD_SHA" in steps  # the number belongs to the run


def test_the_checks_feed_the_annotations_summary_and_comment():
    steps = load(WORKFLOW)["jobs"]["build"]["steps"]
    names = [step.get("name", step.get("uses", "")) for step in steps]
    annotate = next(step for step in steps if "scripts/annotations.py" in step.get("run", ""))
    assert annotate["if"] == "always()"
    for check in ("test", "check", "a11y", "build"):
        assert f"steps.{check}.outcome" in annotate["run"]
        assert next(s for s in steps if s.get("id") == check)["continue-on-error"] is True
    assert "_build/logs/check.log" in annotate["run"] and "$GITHUB_STEP_SUMMARY" in annotate["run"]
    failing = steps[names.index("Fail if a check failed")]
    assert all(f"steps.{check}.outcome == 'failure'" in failing["if"]
               for check in ("test", "check", "a11y", "build"))


def test_releases_and_main_are_published_and_nothing_else():
    """Write access only where the workflow runs on main or a release tag, never a PR."""
    publish = load(PUBLISH_WORKFLOW)
    assert publish["on"]["push"] == {"branches": ["main"], "tags": ["v*"]}
    assert "pull_request" not in publish["on"] and "pull_request_target" not in publish["on"]
    assert publish["permissions"] == {"contents": "read"}
    assert publish["concurrency"]["cancel-in-progress"] is False  # one gh-pages writer
    build = publish["jobs"]["build"]
    assert build["permissions"] == {"contents": "write"}
    assert build["steps"][0]["with"]["fetch-depth"] == 0  # the tags
    runs = {step.get("name", ""): step for step in build["steps"]}
    release = runs["Release (make release)"]
    assert release["if"] == "github.ref_type == 'tag'" and release["run"] == "make release"
    upload = runs["GitHub Release with the PDFs, priorities.json, the note and the checksums"]
    for artefact in ("*.pdf", "*-publicatie.zip", "priorities.json", "SHA256SUMS",
                     "release-notes.md"):
        assert artefact in upload["run"]
    assert "scripts/publish_site.py" in runs["Add this version to the published tree (gh-pages)"]["run"]
    assert publish["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
