"""Helpers shared by the test modules (fixtures are in conftest.py), as Sphinx's own
``tests/utils.py``."""

from __future__ import annotations

import contextlib
import re
import shutil
from collections.abc import Sequence
from pathlib import Path

from sphinx.testing.util import SphinxTestApp

from jointplan.plan import views
from jointplan.plan.decisions import Decision, Register
from jointplan.plan.model import Plan

ROOTS = Path(__file__).parent / "roots"
REPO = Path(__file__).parent.parent
#: The test plan that the warning tests edit.
PLAN_ROOT = ROOTS / "test-plan"
MUNICIPALITY_CHAPTERS = sorted(p.stem for p in (REPO / "docs" / "municipalities").glob("*.md")
                               if p.stem != "index")

WARNING_LINE = re.compile(
    r"^(?P<path>[^\s:][^:]*?)(?::(?P<line>\d+))?: (?P<level>WARNING|ERROR): "
    r"(?P<message>.*?)(?: \[(?P<type>[\w.:-]+)\])?$")


def strip_colors(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def parse_warnings(text: str, srcdir: Path) -> list[dict]:
    """Warnings and errors as dicts with file (relative to srcdir), line, message and
    type; an error has "level": "ERROR" as well."""
    found = []
    for line in strip_colors(text).splitlines():
        match = WARNING_LINE.match(line)
        if match:
            path = Path(match["path"])
            with contextlib.suppress(ValueError):
                path = path.relative_to(srcdir)
            found.append({"file": path.as_posix(),
                          "line": int(match["line"]) if match["line"] else None,
                          "message": match["message"], "type": match["type"],
                          **({"level": "ERROR"} if match["level"] == "ERROR" else {})})
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


def copy_plan(dest: Path) -> Path:
    """The real plan: conf.py and docs/ in the layout conf.py expects."""
    dest.mkdir(parents=True)
    shutil.copy(REPO / "conf.py", dest / "conf.py")
    shutil.copytree(REPO / "docs", dest / "docs")
    return dest


def build(srcdir: Path, buildername: str = "html", **kwargs) -> SphinxTestApp:
    """One in-process build (kwargs as SphinxTestApp's: builddir, freshenv, parallel)."""
    app = SphinxTestApp(buildername, srcdir=srcdir, **kwargs)
    try:
        app.build()
    finally:
        app.cleanup()
    return app


def run(srcdir: Path, builddir: Path, freshenv: bool, parallel: int = 0) -> SphinxTestApp:
    """An HTML build into builddir, fresh or incremental; an internal error of the
    extension (which fails the build, and may leave pages that still agree) fails it."""
    app = build(srcdir, "html", builddir=builddir, freshenv=freshenv, parallel=parallel)
    assert app.statuscode == 0, app.warning.getvalue()
    return app


# -- editing the test plan's sources ------------------------------------------------

def source(relpath: str) -> str:
    return (PLAN_ROOT / relpath).read_text(encoding="utf-8")


def line_of(text: str, needle: str) -> int:
    """1-based line of the last line containing needle (appended text comes last).

    A needle starting with '^' must be the whole line.
    """
    if needle.startswith("^"):
        return [n for n, line in enumerate(text.splitlines(), 1) if line == needle[1:]][-1]
    return [n for n, line in enumerate(text.splitlines(), 1) if needle in line][-1]


def edited(relpath: str, old: str, new: str) -> dict[str, str]:
    text = source(relpath)
    assert old in text, f"{old!r} not in {relpath}"
    return {relpath: text.replace(old, new, 1)}


def appended(relpath: str, text: str) -> dict[str, str]:
    return {relpath: source(relpath) + text}


CHOICE = """
## Extra

::::{{ivp:choice}} {priority}
:origin: {origin}
:status: indeling

:::{{ivp:goals}}
- Doel.
:::

:::{{ivp:indicators}}
- Indicator.
:::
::::
"""


# -- views --------------------------------------------------------------------------

def every_shown(plan: Plan) -> list[views.Shown]:
    """Every generated element a page of this plan can show."""
    municipalities = ["", *plan.municipality_by_id]
    priorities = list(plan.priority_by_id)
    return ([(kind, "", "") for kind in views.KINDS]
            + [("municipality-summary", m, "") for m in municipalities]
            + [("priority-details", "", p) for p in priorities]
            + [("choice-details", m, p) for m in municipalities for p in priorities])


def every_view(plan: Plan, decisions: Sequence[Decision] = ()) -> dict:
    """Every view of the plan, with the banner's status, what the decisions' content
    shows (with these recorded decisions) and every link target it can show."""
    found: dict = {shown: views.build(plan, shown) for shown in every_shown(plan)}
    register = Register(plan.ordered_municipalities, decisions)
    found["status"] = views.status(register)
    found["adoption-recorded"] = views.adoption(plan, register.as_recorded)
    for municipality in plan.municipality_by_id:
        found["council-facts", municipality] = views.build_recorded(
            plan, ("council-facts", municipality, ""), register)
    found["decisions"] = views.decisions(register)
    for party in register.parties:
        found["decision-target", party.id] = views.decision_target(register, party.id)
    found["index"] = views.priority_index(plan)
    for role in views.ROLES:
        for name in [*plan.municipality_by_id, *plan.priority_by_id,
                     *(f"{m}/{p}" for m, p in plan.choice_by_key)]:
            found[role, name] = views.target(plan, role, name)
    return found
