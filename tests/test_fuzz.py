"""Property-based tests: whatever authors type, the extension warns and never crashes.

Hypothesis generates option values, ids and small documents; every build must
finish, with any problem reported as a warning. SphinxTestApp.build() raises if
an exception escapes an extension, so a passing example is a build without one.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from utils import ROOTS, build, every_view
from jointplan.plan.model import Choice, Location, Municipality, Plan, Priority

# Text an author could paste into an option: anything on one line, including
# colons, backticks, braces, markup and non-Latin letters.
line_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=40).map(
    lambda text: text.replace("\n", " ").strip())
ids = st.one_of(st.from_regex(r"[a-z][a-z0-9-]{0,12}", fullmatch=True), line_text)
FIELDS = ["veilige-woon-en-leefomgeving", "jeugd-en-veiligheid", "fysieke-veiligheid"]

FUZZ = settings(max_examples=30, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow])


def build_docs(files: dict[str, str]) -> None:
    """Build a copy of the test root with files replaced; must not raise."""
    with tempfile.TemporaryDirectory() as tmp:
        srcdir = Path(tmp) / "src"
        shutil.copytree(ROOTS / "test-plan", srcdir)
        for relpath, text in files.items():
            (srcdir / relpath).write_text(text, encoding="utf-8")
        build(srcdir)


@FUZZ
@given(pid=ids, title=line_text, field=st.one_of(st.sampled_from(FIELDS), line_text),
       joint=st.sampled_from(["", ":joint:\n", ":joint: ja\n"]), body=line_text)
def test_priority_declarations_never_crash(pid, title, field, joint, body):
    catalogue = (ROOTS / "test-plan" / "shared" / "catalogue.md").read_text(encoding="utf-8")
    build_docs({"shared/catalogue.md": catalogue + f"\n:::{{ivp:priority}} {pid}\n"
                f":title: {title}\n:field: {field}\n{joint}\n{body}\n:::\n"})


@FUZZ
@given(mid=ids, name=line_text, residents=st.one_of(st.integers(-5, 10**7).map(str), line_text),
       decision=st.one_of(st.just(""), line_text, st.dates().map(str)),
       origin=line_text, priority=ids)
def test_municipality_chapters_never_crash(mid, name, residents, decision, origin, priority):
    chapter = (f"# Fuzz\n\n:::{{ivp:municipality}} {mid}\n:name: {name}\n"
               f":residents: {residents}\n:council-decision: {decision}\n:::\n\n"
               f"::::{{ivp:choice}} {priority}\n:origin: {origin}\n:status: indeling\n\n"
               ":::{ivp:goals}\n- doel\n:::\n::::\n\n"
               f"Zie {{ivp:municipality}}`{mid}` en {{ivp:choice}}`{mid}/{priority}`.\n")
    build_docs({"municipalities/gamma.md": chapter})


@FUZZ
@given(role=st.sampled_from(["priority", "municipality", "choice"]), target=line_text,
       text=line_text)
def test_references_never_crash(role, target, text):
    overlap = (ROOTS / "test-plan" / "shared" / "overlap.md").read_text(encoding="utf-8")
    reference = f"{{ivp:{role}}}`{text} <{target}>`" if text else f"{{ivp:{role}}}`{target}`"
    build_docs({"shared/overlap.md": overlap + f"\nZie {reference}.\n"})


# The pure model, on many more cases: any mix of records gives problems, not errors.
locations = st.builds(Location, st.sampled_from(["a", "b", "municipalities/x"]),
                      st.integers(1, 50))
small_ids = st.sampled_from(["a", "b", "c", "d"])


@settings(max_examples=300, deadline=None)
@given(municipalities=st.lists(st.builds(Municipality, small_ids, line_text,
                                         st.one_of(st.none(), st.integers(1, 10)), locations),
                               unique_by=lambda r: r.location),
       priorities=st.lists(st.builds(Priority, small_ids, line_text,
                                     st.sampled_from(FIELDS + ["", "x"]), locations,
                                     st.booleans()), unique_by=lambda r: r.location),
       # two declarations never share a file and line
       choices=st.lists(st.builds(Choice, small_ids, small_ids, locations),
                        unique_by=lambda r: r.location))
def test_the_model_reports_problems_and_never_raises(municipalities, priorities, choices):
    plan = Plan(municipalities, priorities, choices)
    problems = plan.problems(["municipalities/x", "municipalities/y"])
    assert all(problem.message and problem.kind for problem in problems)
    for priority in plan.priority_by_id.values():
        assert set(plan.choosers(priority.id)) <= set(plan.municipality_by_id.values())
    for shared in plan.shared_priorities():
        assert 2 <= len(shared.municipalities) < len(plan.municipality_by_id)
    # the order of the input never changes the outcome (parallel reads)
    again = Plan(reversed(municipalities), reversed(priorities), reversed(choices))
    assert again.problems(["municipalities/x", "municipalities/y"]) == problems
    assert every_view(again) == every_view(plan)
