"""The pure model: overlaps and cross-document problems on hand-made plans."""

from __future__ import annotations

from jointplan.plan.model import Choice, Location, Municipality, Plan, Priority, did_you_mean
from utils import every_view


def municipality(mid, name=None, doc=None, line=1):
    return Municipality(mid, name or mid.title(), 1000,
                        Location(doc or f"municipalities/{mid}", line))


def priority(pid, field="veilige-woon-en-leefomgeving", joint=False, line=1):
    return Priority(pid, pid.title(), field, Location("shared/catalogue", line), joint=joint)


def choice(mid, pid, line=10, status="vermeld"):
    return Choice(mid, pid, Location(f"municipalities/{mid}", line), status=status)


def three_municipality_plan(**extra) -> Plan:
    return Plan(
        [municipality("c"), municipality("a"), municipality("b")],
        [priority("joint", "integriteit-en-veiligheid", joint=True, line=1),
         priority("burglary", line=2), priority("drugs", "jeugd-en-veiligheid", line=3),
         priority("traffic", "fysieke-veiligheid", line=4)],
        [choice("a", "joint"), choice("b", "joint"), choice("c", "joint"),
         choice("a", "burglary", 11), choice("b", "burglary", 11),
         choice("c", "traffic", 12)] + extra.get("choices", []),
    )


def test_choosers_are_in_table_order_and_counts_follow():
    plan = three_municipality_plan()
    assert [m.id for m in plan.ordered_municipalities] == ["a", "b", "c"]
    assert [m.id for m in plan.choosers("burglary")] == ["a", "b"]
    assert [m.id for m in plan.choosers("joint")] == ["a", "b", "c"]
    assert plan.choosers("drugs") == ()
    assert {mid: [p.id for p in ps] for mid, ps in plan.chosen_by_municipality.items()} == {
        "a": ["burglary", "joint"], "b": ["burglary", "joint"], "c": ["traffic", "joint"]}


def test_priorities_are_grouped_by_field_in_framework_order():
    plan = three_municipality_plan()
    assert [(field, [p.id for p in ps]) for field, ps in plan.priorities_by_field()] == [
        ("veilige-woon-en-leefomgeving", ["burglary"]),
        ("jeugd-en-veiligheid", ["drugs"]),
        ("fysieke-veiligheid", ["traffic"]),
        ("integriteit-en-veiligheid", ["joint"]),
    ]


def test_shared_priorities_exclude_the_joint_one_and_single_choices():
    plan = three_municipality_plan()
    shared = plan.shared_priorities()
    assert [(s.priority.id, [m.id for m in s.municipalities]) for s in shared] == [
        ("burglary", ["a", "b"])]
    assert [m.id for m in plan.partners("a", "burglary")] == ["b"]
    assert plan.partners("c", "traffic") == ()


def test_a_consistent_plan_has_only_the_unchosen_priority_problem():
    problems = three_municipality_plan().problems(
        ["municipalities/a", "municipalities/b", "municipalities/c"])
    assert [(p.kind, p.location.lineno) for p in problems] == [("unchosen-priority", 3)]
    assert "'drugs'" in problems[0].message


def test_joint_priority_missing_somewhere_names_the_municipality():
    plan = Plan([municipality("a"), municipality("b", "Bee")],
                [priority("joint", joint=True)], [choice("a", "joint")])
    [problem] = plan.problems()
    assert problem.kind == "joint-not-chosen"
    assert "not chosen by Bee;" in problem.message


def test_unknown_choice_suggests_the_closest_id():
    plan = three_municipality_plan(choices=[choice("a", "drugz", 30)])
    problem = next(p for p in plan.problems() if p.kind == "unknown-priority")
    assert problem.location == Location("municipalities/a", 30)
    assert problem.message.endswith("Did you mean 'drugs'?")
    # an unknown choice neither counts nor breaks the tables
    assert plan.choosers("drugs") == ()


def test_duplicates_first_declaration_wins_whatever_the_input_order():
    first = Priority("x", "First", "fysieke-veiligheid", Location("a", 5))
    second = Priority("x", "Second", "fysieke-veiligheid", Location("b", 1))
    for order in ([first, second], [second, first]):
        plan = Plan([], order, [])
        assert plan.priority_by_id["x"].title == "First"
        [problem] = [p for p in plan.problems() if p.kind == "duplicate-id"]
        assert problem.location == Location("b", 1)
        assert "already declared in a, line 5" in problem.message


def test_duplicate_choice_is_reported_once_and_counted_once():
    plan = three_municipality_plan(choices=[choice("c", "traffic", 40)])
    duplicates = [p for p in plan.problems() if p.kind == "duplicate-choice"]
    assert [(p.location.lineno) for p in duplicates] == [40]
    assert [m.id for m in plan.choosers("traffic")] == ["c"]


def test_chapter_without_or_with_two_municipalities():
    plan = Plan([municipality("a"), municipality("b", doc="municipalities/a", line=9)], [], [])
    kinds = {(p.kind, p.location.docname, p.location.lineno)
             for p in plan.problems(["municipalities/a", "municipalities/empty"])}
    assert kinds == {("multiple-municipalities", "municipalities/a", 9),
                     ("missing-municipality", "municipalities/empty", 1)}


def test_views_ignore_line_numbers_but_not_titles():
    base = three_municipality_plan()
    moved = Plan(base.municipalities,
                 [Priority(p.id, p.title, p.field,
                           Location(p.location.docname, p.location.lineno + 50), p.joint)
                  for p in base.priorities], base.choices)
    renamed = Plan(base.municipalities,
                   [Priority(p.id, p.title + "!", p.field, p.location, p.joint)
                    for p in base.priorities], base.choices)
    assert every_view(moved) == every_view(base)
    assert every_view(renamed) != every_view(base)


def test_did_you_mean():
    assert did_you_mean("ondermijnig", ["ondermijning", "drugs"]) == \
        " Did you mean 'ondermijning'?"
    assert did_you_mean("xyz", ["ondermijning"]) == ""
