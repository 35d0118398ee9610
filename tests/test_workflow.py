"""The repository's automation files are valid, and pin what they use."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from conftest import REPO

WORKFLOW = REPO / ".github" / "workflows" / "ci.yml"
COMMENT_WORKFLOW = REPO / ".github" / "workflows" / "pr-comment.yml"


def bin_path(name: str) -> str:
    return str(Path(sys.executable).parent / name)


def test_the_workflows_are_valid_against_the_github_schema():
    result = subprocess.run([bin_path("check-jsonschema"), "--builtin-schema",
                             "vendor.github-workflows", str(WORKFLOW), str(COMMENT_WORKFLOW)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_workflow_pins_its_actions_and_runs_the_readme_commands():
    text = WORKFLOW.read_text(encoding="utf-8") + COMMENT_WORKFLOW.read_text(encoding="utf-8")
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
        writes = {k for k, v in (job.get("permissions") or {}).items() if v == "write"}
        if writes:  # only the publishing job, and only on main
            assert name == "publish" and "refs/heads/main" in job["if"], name
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
