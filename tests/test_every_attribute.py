"""Proof over every attribute the views read: incremental builds equal clean builds.

Which attributes of the plan's records (and of the recorded decisions, which
the banner's status and the decisions table show) a page can show is not
listed here by hand: :func:`attributes_the_views_read` builds every view of a
plan whose records record each field read. Each of those attributes needs an editor in
:data:`EDITORS` (the test fails naming one that has none), and the random edit
sequences below use every editor, besides adding, removing and moving choices
and chapters. After each edit, an incremental build (serial and ``-j 2``) must
give the bytes of a clean build and write no page again whose bytes did not
change (Sphinx's own indices aside).
"""

from __future__ import annotations

import dataclasses
import os
import random
from collections.abc import Callable
from pathlib import Path

import pytest

from jointplan.plan import decisions as recorded
from jointplan.plan import model
from jointplan.plan.decisions import Decision
from jointplan.plan.model import Choice, Location, Municipality, Plan, Priority
from utils import copy_root, every_view, run

RECORDS = (Municipality, Priority, Choice, Location, Decision)


def attributes_the_views_read() -> set[tuple[str, str]]:
    """(record class, field) of every field any view (or link) reads, on a plan that
    takes every branch: every adoption state, every status, joint and not, shared
    by none, some and all."""
    read: set[tuple[str, str]] = set()
    recording = {}
    for cls in RECORDS:
        names = {f.name for f in dataclasses.fields(cls)}

        def getattribute(self, name, _cls=cls, _names=names):
            if name in _names:
                read.add((_cls.__name__, name))
            return object.__getattribute__(self, name)

        recording[cls] = type(cls.__name__, (cls,), {"__getattribute__": getattribute})
    M, P, C, L, D = (recording[cls] for cls in RECORDS)
    decisions = ["2019-01-20", "2019-02", model.DECIDED_UNDATED, model.NOT_DECIDED, ""]
    municipalities = [M(f"m{i}", f"M {i}", 100 * i or None, L(f"m{i}", 1),
                        residents_note="ca." if i else "", kernen=("K",), region="R",
                        college_decision=d, council_decision=d,
                        council_version="v1.0" if i % 2 else "")
                      for i, d in enumerate(decisions)]
    priorities = [P(f"p{i}", f"P {i}", field, L("catalogue", i), joint=i == 0, summary="s")
                  for i, field in enumerate([*model.FIELDS, "?"])]
    choices = [C(m.id, p.id, L(m.id, 10 + n), origins=("raad",),
                 status=model.STATUSES[n % len(model.STATUSES)])
               for n, (m, p) in enumerate((m, p) for m in municipalities for p in priorities
                                          if p.id == "p0" or (p.id == "p1" and m.id < "m3")
                                          or (p.id == "p2" and m.id == "m1"))]
    # the recorded decisions (the banner's status, the decisions table): every kind
    # and outcome, dated or not, of a release or not
    decided = [D(body, kind, L("besluiten", n), date=["2019-03-01", "2019-02", ""][n % 3],
                 version=["v1.0", "", "geen"][n % 3], outcome=outcome, source="s",
                 amendments=("a1",), note="n")
               for n, (body, kind, outcome) in enumerate(
                   (body, kind, outcome) for body, kind in (
                       ("m1", "akkoord"), ("m1/college", "raadsvoorstel"),
                       ("m2/raad", "raadsbesluit"), ("m3/raad", "raadsbesluit"),
                       ("m4/raad", "kennisname"))
                   for outcome in (*recorded.OUTCOMES[kind], recorded.OUTCOME_UNKNOWN))]
    every_view(Plan(municipalities, priorities, choices), decided)
    return read


# -- a plan as data, written out as documents -------------------------------------

@dataclasses.dataclass
class Chapter:
    municipality: dict  # option -> value; "id" too
    choices: list[dict]  # each: priority, status
    padding: int = 0  # prose lines before the declaration (moves it)


class RandomPlan:
    """A small plan kept as data, edited at random, written as MyST."""

    DECISIONS = ["", "2019-01", "2018-12-20", model.DECIDED_UNDATED, model.NOT_DECIDED]

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.counter = 0
        #: catalogue document -> priorities in order (option -> value; "id" too)
        self.catalogues: dict[str, list[dict]] = {"shared/catalogue": [], "shared/more": []}
        for i in range(6):
            self.catalogues["shared/catalogue" if i < 4 else "shared/more"].append(
                {"id": f"p{i}", "title": f"Prioriteit {i}",
                 "field": list(model.FIELDS)[i % 3], "joint": i == 0})
        self.chapters = {f"g{i}": self.new_chapter(i, {"p0", f"p{i + 1}", f"p{(i + 2) % 6}"})
                         for i in range(4)}
        #: recorded decisions, in order (option -> value; "body" and "note" too)
        self.decisions: list[dict] = [self.new_decision(body, kind) for body, kind in (
            ("g0", "akkoord"), ("g1/college", "raadsvoorstel"), ("g1/raad", "raadsbesluit"))]

    def new_decision(self, body: str, kind: str) -> dict:
        return {"body": body, "kind": kind, "date": "2019-03-01", "version": "v1.0",
                "outcome": recorded.OUTCOMES[kind][0], "source": "onbekend",
                "amendments": "", "note": ""}

    def new_chapter(self, number: int, priorities: set[str]) -> Chapter:
        return Chapter({"id": f"g{number}", "name": f"Gemeente {number}", "residents": 100,
                        "residents-note": "", "college-decision": "2018-12-20",
                        "council-decision": "2019-01", "council-version": ""},
                       [{"priority": p, "status": "besloten"} for p in sorted(priorities)])

    # -- helpers for the editors

    def priorities(self) -> list[dict]:
        return [p for entries in self.catalogues.values() for p in entries]

    def chapter(self) -> Chapter:
        return self.chapters[self.rng.choice(sorted(self.chapters))]

    def priority(self) -> dict:
        return self.rng.choice(self.priorities())

    def choice(self) -> dict | None:
        chapter = self.chapter()
        return self.rng.choice(chapter.choices) if chapter.choices else None

    def decision(self) -> dict | None:
        return self.rng.choice(self.decisions) if self.decisions else None

    def word(self) -> str:
        self.counter += 1
        return self.rng.choice(["Nieuw", "Ander", "Hernoemd", "Échte"]) + f" {self.counter}"

    # -- structural edits (choices and chapters added, removed, moved)

    def add_choice(self) -> None:
        chapter = self.chapter()
        free = sorted({p["id"] for p in self.priorities()}
                      - {c["priority"] for c in chapter.choices})
        if free:
            chapter.choices.insert(self.rng.randrange(len(chapter.choices) + 1),
                                   {"priority": self.rng.choice(free), "status": "besloten"})

    def remove_choice(self) -> None:
        chapter = self.chapter()
        if len(chapter.choices) > 1:
            chapter.choices.pop(self.rng.randrange(len(chapter.choices)))

    def move_choice(self) -> None:
        chapter = self.chapter()
        if len(chapter.choices) > 1:
            chapter.choices.append(chapter.choices.pop(0))

    def add_chapter(self) -> None:
        self.counter += 1
        self.chapters[f"n{self.counter}"] = self.new_chapter(
            100 + self.counter, {"p0", self.priority()["id"]})

    def remove_chapter(self) -> None:
        if len(self.chapters) > 2:
            del self.chapters[self.rng.choice(sorted(self.chapters))]

    def add_decision(self) -> None:
        municipality = self.chapter().municipality["id"]
        body, kind = self.rng.choice([(municipality, "akkoord"),
                                      (f"{municipality}/college", "raadsvoorstel"),
                                      (f"{municipality}/raad", "raadsbesluit"),
                                      (f"{municipality}/raad", "kennisname")])
        self.decisions.insert(self.rng.randrange(len(self.decisions) + 1),
                              self.new_decision(body, kind))

    def remove_decision(self) -> None:
        if self.decisions:
            self.decisions.pop(self.rng.randrange(len(self.decisions)))

    def move_decision(self) -> None:
        if len(self.decisions) > 1:
            self.decisions.append(self.decisions.pop(0))

    # -- writing

    def files(self) -> dict[str, str]:
        files = {}
        for docname, entries in self.catalogues.items():
            text = [f"# {docname}", ""]
            for p in entries:
                text += [f":::{{ivp:priority}} {p['id']}", f":title: {p['title']}",
                         f":field: {p['field']}", *([":joint:"] if p["joint"] else []),
                         ":::", ""]
            files[f"{docname}.md"] = "\n".join(text)
        some = sorted(self.chapters)[0]
        files["shared/overlap.md"] = "\n".join([
            "# Overzicht", "", ":::{ivp:overlap-matrix}", ":::", "",
            ":::{ivp:shared-priorities}", ":::", "", ":::{ivp:municipality-summary}", ":::",
            "", ":::{ivp:adoption-status}", ":::", "",
            # links whose text and target come from the declarations
            "Zie {ivp:priority}`p1`, {ivp:municipality}`g1` en {ivp:choice}`g1/p0`,",
            f"en {{ivp:municipality}}`{self.chapters[some].municipality['id']}`.", ""])
        # the decisions of the plan, and of a council named by id (which may go)
        text = ["# Besluiten", "", ":::{ivp:decisions}", ":::", "", ":::{ivp:decisions} g1",
                ":::", ""]
        for d in self.decisions:
            text += [f":::{{ivp:decision}} {d['body']}",
                     *(f":{option}: {value}" for option, value in d.items()
                       if option not in ("body", "note") and value != ""),
                     "", d["note"], ":::", ""]
        files["shared/besluiten.md"] = "\n".join(text)
        files["index.md"] = ("# Plan\n\n:::{ivp:municipality-cards}\n:::\n\n```{toctree}\n"
                             + "".join(f"{d}\n" for d in self.catalogues)
                             + "shared/overlap\nshared/besluiten\n"
                             + "".join(f"municipalities/{c}\n" for c in sorted(self.chapters))
                             + "```\n")
        for name, chapter in self.chapters.items():
            m = chapter.municipality
            text = [f"# {m['name']}", "", *["Tekst.", ""] * chapter.padding,
                    f":::{{ivp:municipality}} {m['id']}",
                    *(f":{option}: {value}" for option, value in m.items()
                      if option != "id" and value != ""), ":::", "",
                    ":::{ivp:municipality-summary}", ":::", ""]
            for c in chapter.choices:
                status = c["status"]
                text += [f"## {c['priority']}", "", f"::::{{ivp:choice}} {c['priority']}",
                         ":origin: raad", f":status: {status}",
                         # what the municipality did or named needs a source
                         *([":source: bron2018"] if status in model.SOURCED_STATUSES else []),
                         "", f"{status.capitalize()}.", "",
                         ":::{ivp:goals}", "- doel", ":::", "", ":::{ivp:indicators}",
                         "- meting", ":::", "::::", ""]
            files[f"municipalities/{name}.md"] = "\n".join(text)
        return files


def set_option(pick: Callable[[RandomPlan], dict | None], option: str,
               value: Callable[[RandomPlan], object]) -> Callable[[RandomPlan], None]:
    def edit(plan: RandomPlan) -> None:
        record = pick(plan)
        if record is not None:
            record[option] = value(plan)
    edit.__qualname__ = f"set :{option}:"
    return edit


def set_decision_kind(plan: RandomPlan) -> None:
    """Another kind, with an outcome it can have."""
    decision = plan.decision()
    if decision is not None:
        decision["kind"] = plan.rng.choice(list(recorded.OUTCOMES))
        decision["outcome"] = plan.rng.choice(recorded.OUTCOMES[decision["kind"]])


def set_decision_outcome(plan: RandomPlan) -> None:
    decision = plan.decision()
    if decision is not None:
        decision["outcome"] = plan.rng.choice(
            [*recorded.OUTCOMES[decision["kind"]], recorded.OUTCOME_UNKNOWN])


def rename_priority_id(plan: RandomPlan) -> None:
    priority = plan.priority()
    old, new = priority["id"], f"q{plan.counter}"
    plan.counter += 1
    priority["id"] = new
    for chapter in plan.chapters.values():
        for c in chapter.choices:
            if c["priority"] == old:
                c["priority"] = new


def move_priority(plan: RandomPlan) -> None:
    """To the end of the other catalogue document (its page and its order change)."""
    source, target = plan.rng.sample(sorted(plan.catalogues), 2)
    if plan.catalogues[source]:
        plan.catalogues[target].append(plan.catalogues[source].pop(0))


def reorder_priorities(plan: RandomPlan) -> None:
    entries = plan.catalogues["shared/catalogue"]
    if len(entries) > 1:
        entries.append(entries.pop(0))


def move_municipality(plan: RandomPlan) -> None:
    plan.chapter().padding += 1


#: (record, field) -> an edit of it. Every field a view reads needs one.
EDITORS: dict[tuple[str, str], list[Callable[[RandomPlan], None]]] = {
    ("Municipality", "id"): [set_option(lambda p: p.chapter().municipality, "id",
                                        lambda p: f"h{p.rng.randrange(10**6)}")],
    ("Municipality", "name"): [set_option(lambda p: p.chapter().municipality, "name",
                                          RandomPlan.word)],
    ("Municipality", "residents"): [set_option(lambda p: p.chapter().municipality,
                                               "residents", lambda p: p.rng.randrange(1, 10**5))],
    ("Municipality", "residents_note"): [set_option(
        lambda p: p.chapter().municipality, "residents-note",
        lambda p: p.rng.choice(["", "ongeveer", "2019"]))],
    ("Municipality", "college_decision"): [set_option(
        lambda p: p.chapter().municipality, "college-decision",
        lambda p: p.rng.choice(RandomPlan.DECISIONS))],
    ("Municipality", "council_decision"): [set_option(
        lambda p: p.chapter().municipality, "council-decision",
        lambda p: p.rng.choice(RandomPlan.DECISIONS))],
    ("Municipality", "council_version"): [set_option(
        lambda p: p.chapter().municipality, "council-version",
        lambda p: p.rng.choice(["", "v1.0", "v2.0"]))],
    # copied into the council's status as its decisions record it (Register.as_recorded)
    ("Municipality", "kernen"): [set_option(lambda p: p.chapter().municipality, "kernen",
                                            lambda p: p.rng.choice(["", "Kern", "Kern, Dorp"]))],
    ("Municipality", "region"): [set_option(lambda p: p.chapter().municipality, "region",
                                            lambda p: p.rng.choice(["", "Regio"]))],
    ("Municipality", "location"): [move_municipality],
    ("Priority", "id"): [rename_priority_id],
    ("Priority", "title"): [set_option(RandomPlan.priority, "title", RandomPlan.word)],
    ("Priority", "field"): [set_option(RandomPlan.priority, "field",
                                       lambda p: p.rng.choice(list(model.FIELDS)))],
    ("Priority", "joint"): [set_option(RandomPlan.priority, "joint",
                                       lambda p: p.rng.random() < 0.3)],
    ("Priority", "location"): [move_priority, reorder_priorities],
    ("Choice", "municipality"): [RandomPlan.add_choice, RandomPlan.remove_choice],
    ("Choice", "priority"): [RandomPlan.add_choice, RandomPlan.remove_choice],
    ("Choice", "status"): [set_option(RandomPlan.choice, "status",
                                      lambda p: p.rng.choice(model.STATUSES))],
    ("Choice", "location"): [RandomPlan.move_choice],
    ("Decision", "body"): [RandomPlan.add_decision, RandomPlan.remove_decision],
    ("Decision", "kind"): [set_decision_kind],
    ("Decision", "date"): [set_option(RandomPlan.decision, "date", lambda p: p.rng.choice(
        ["", "2019-01", "2019-03-01", "2018-12-20"]))],
    ("Decision", "version"): [set_option(RandomPlan.decision, "version",
                                         lambda p: p.rng.choice(["", "v1.0", "v2.0", "geen"]))],
    ("Decision", "outcome"): [set_decision_outcome],
    ("Decision", "source"): [set_option(RandomPlan.decision, "source",
                                        lambda p: p.rng.choice(["onbekend", "bron2018"]))],
    ("Decision", "amendments"): [set_option(RandomPlan.decision, "amendments",
                                            lambda p: p.rng.choice(["", "a1", "a1, a2"]))],
    ("Decision", "note"): [set_option(RandomPlan.decision, "note", RandomPlan.word)],
    ("Decision", "location"): [RandomPlan.move_decision],
    ("Location", "docname"): [move_priority, RandomPlan.add_chapter,
                              RandomPlan.remove_chapter],
    ("Location", "lineno"): [reorder_priorities, RandomPlan.move_choice],
}


def test_every_attribute_the_views_read_has_an_editor():
    read = attributes_the_views_read()
    missing = sorted(read - EDITORS.keys())
    assert not missing, f"add an editor to EDITORS for {missing}: the views read them"
    # and the probe sees what the views are known to read
    assert {("Priority", "title"), ("Choice", "status"),
            ("Municipality", "council_decision")} <= read


def edit_sequence(rng: random.Random) -> list[Callable[[RandomPlan], None]]:
    """Every editor of an attribute the views read, and the structural edits, shuffled."""
    read = attributes_the_views_read()
    edits = [edit for attribute, editors in EDITORS.items() if attribute in read
             for edit in editors]
    edits += [RandomPlan.add_choice, RandomPlan.remove_choice, RandomPlan.move_choice,
              RandomPlan.add_chapter, RandomPlan.remove_chapter, RandomPlan.add_decision,
              RandomPlan.remove_decision]
    ordered = list(dict.fromkeys(edits))  # each once, in a fixed order
    rng.shuffle(ordered)
    return ordered


def outputs(outdir: Path) -> dict[str, bytes]:
    files = sorted(outdir.rglob("*.html")) + [outdir / "priorities.json"]
    return {f.relative_to(outdir).as_posix(): f.read_bytes() for f in files}


def snapshot(outdir: Path) -> dict[str, tuple[int, bytes]]:
    return {f.relative_to(outdir).as_posix(): (f.stat().st_mtime_ns, f.read_bytes())
            for f in outdir.rglob("*.html")}


#: What Sphinx writes in every build that reads anything: its indices, and the
#: toctree parent of a re-read chapter.
SPHINX_REWRITES = {"genindex.html", "search.html", "ivp-priorities.html", "index.html"}


def write_plan(srcdir: Path, files: dict[str, str]) -> None:
    for path in [*(srcdir / "municipalities").glob("*.md"), *(srcdir / "shared").glob("*.md")]:
        if path.relative_to(srcdir).as_posix() not in files:
            path.unlink()
    for relpath, text in files.items():
        path = srcdir / relpath
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize("seed", [int(os.environ.get("JOINTPLAN_EDIT_SEED", "20"))])
def test_random_edits_of_every_attribute_agree_with_clean_builds(tmp_path, seed):
    """Serial and -j 2 incremental builds after each edit, against one clean build.

    JOINTPLAN_EDIT_SEED=<n> runs another sequence (the suite runs one), and
    JOINTPLAN_EDITS_PER_STEP=1 builds after every single edit (the suite makes two
    edits per step, to keep its time).
    """
    rng = random.Random(seed)
    plan = RandomPlan(rng)
    srcdir = copy_root("plan", tmp_path / "src")
    write_plan(srcdir, plan.files())
    modes = {"serial": 0, "parallel": 2}
    outdirs = {name: run(srcdir, tmp_path / name, freshenv=True, parallel=parallel).outdir
               for name, parallel in modes.items()}
    edits = edit_sequence(rng)
    per_step = int(os.environ.get("JOINTPLAN_EDITS_PER_STEP", "2"))
    for step in range(0, len(edits), per_step):
        files_before = plan.files()
        for edit in edits[step:step + per_step]:
            edit(plan)
        write_plan(srcdir, plan.files())
        # A chapter whose source changed is read and written again by Sphinx,
        # whatever its output: only the pages not read again must be left alone.
        edited = {name.removesuffix(".md") + ".html" for name, text in plan.files().items()
                  if files_before.get(name) != text}
        clean = outputs(run(srcdir, tmp_path / f"clean-{step}", freshenv=True).outdir)
        for name, parallel in modes.items():
            outdir = outdirs[name]
            before = snapshot(outdir)
            run(srcdir, tmp_path / name, freshenv=False, parallel=parallel)
            done = (step, [getattr(e, "__qualname__", e) for e in edits[step:step + per_step]],
                    name)
            assert outputs(outdir) == clean, done
            again = {page for page, (mtime, data) in snapshot(outdir).items()
                     if page in before and before[page][0] != mtime
                     and before[page][1] == data}
            assert again <= SPHINX_REWRITES | edited, (done, "written again unchanged",
                                                       sorted(again - SPHINX_REWRITES - edited))
