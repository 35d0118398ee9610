"""What changed in the plan between two versions, for reviewers.

``compare(old, new)`` takes two ``priorities.json`` exports and says which
priorities were added, removed or changed and which choices each municipality
added or dropped; ``render_page`` adds a readable text diff per chapter and
writes one HTML page. Plain Python: ``scripts/changes.py`` builds both versions
and calls it (``make changes BASE=<git ref>``).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from html import escape


@dataclass
class PlanChanges:
    priorities_added: list[str] = field(default_factory=list)
    priorities_removed: list[str] = field(default_factory=list)
    priorities_changed: list[str] = field(default_factory=list)
    municipalities_added: list[str] = field(default_factory=list)
    municipalities_removed: list[str] = field(default_factory=list)
    # municipality name -> (chosen, dropped) priority titles
    choices: dict[str, tuple[list[str], list[str]]] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not (self.priorities_added or self.priorities_removed
                    or self.priorities_changed or self.municipalities_added
                    or self.municipalities_removed or self.choices)

    def lines(self) -> list[str]:
        """The summary as Dutch sentences."""
        out = []
        for title in self.priorities_added:
            out.append(f"Prioriteit toegevoegd aan de catalogus: {title}.")
        for title in self.priorities_removed:
            out.append(f"Prioriteit geschrapt uit de catalogus: {title}.")
        out += self.priorities_changed
        for name in self.municipalities_added:
            out.append(f"Gemeente toegevoegd: {name}.")
        for name in self.municipalities_removed:
            out.append(f"Gemeente verwijderd: {name}.")
        for name, (chosen, dropped) in sorted(self.choices.items()):
            if chosen:
                out.append(f"{name} kiest nu ook: {', '.join(chosen)}.")
            if dropped:
                out.append(f"{name} kiest niet meer: {', '.join(dropped)}.")
        return out or ["Geen wijzigingen in prioriteiten, gemeenten of keuzes."]


def compare(old: dict, new: dict) -> PlanChanges:
    """Compare two priorities.json exports (an empty dict for 'no plan yet')."""
    changes = PlanChanges()
    old_p = {p["id"]: p for p in old.get("priorities", [])}
    new_p = {p["id"]: p for p in new.get("priorities", [])}
    changes.priorities_added = [new_p[i]["title"] for i in new_p if i not in old_p]
    changes.priorities_removed = [old_p[i]["title"] for i in old_p if i not in new_p]
    for pid in (i for i in new_p if i in old_p):
        before, after = old_p[pid], new_p[pid]
        if before["title"] != after["title"]:
            changes.priorities_changed.append(
                f"Prioriteit hernoemd: {before['title']} heet nu {after['title']}.")
        if before["field"] != after["field"]:
            changes.priorities_changed.append(
                f"{after['title']}: veiligheidsveld gewijzigd van {before['field']} "
                f"naar {after['field']}.")
        if before.get("joint") != after.get("joint"):
            state = "nu" if after.get("joint") else "niet langer"
            changes.priorities_changed.append(f"{after['title']} is {state} gezamenlijk.")
    old_m = {m["id"]: m["name"] for m in old.get("municipalities", [])}
    new_m = {m["id"]: m["name"] for m in new.get("municipalities", [])}
    changes.municipalities_added = [new_m[i] for i in new_m if i not in old_m]
    changes.municipalities_removed = [old_m[i] for i in old_m if i not in new_m]
    titles = {**{i: p["title"] for i, p in old_p.items()},
              **{i: p["title"] for i, p in new_p.items()}}
    old_c, new_c = old.get("choices", {}), new.get("choices", {})
    for mid in new_m.keys() & old_m.keys():
        chosen = sorted(titles[p] for p in set(new_c.get(mid, [])) - set(old_c.get(mid, [])))
        dropped = sorted(titles[p] for p in set(old_c.get(mid, [])) - set(new_c.get(mid, [])))
        if chosen or dropped:
            changes.choices[new_m[mid]] = (chosen, dropped)
    return changes


def chapter_diffs(old: dict[str, str], new: dict[str, str]) -> list[tuple[str, str]]:
    """(chapter, HTML side-by-side diff) for each chapter whose text changed."""
    diffs = []
    differ = difflib.HtmlDiff(wrapcolumn=72)
    for name in sorted(old.keys() | new.keys()):
        before, after = old.get(name, ""), new.get(name, "")
        if before == after:
            continue
        table = differ.make_table(before.splitlines(), after.splitlines(),
                                  "vorige versie", "deze versie", context=True, numlines=2)
        diffs.append((name, table))
    return diffs


def render_page(changes: PlanChanges, diffs: list[tuple[str, str]], base: str) -> str:
    summary = "".join(f"<li>{escape(line)}</li>" for line in changes.lines())
    sections = "".join(
        f'<section><h3>{escape(name)}</h3>{table}</section>' for name, table in diffs
    ) or "<p>Geen tekstwijzigingen.</p>"
    return f"""<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8">
<title>Wijzigingen ten opzichte van {escape(base)}</title>
<style>
body {{ font-family: sans-serif; max-width: 80rem; margin: 2rem auto; padding: 0 1rem; }}
table.diff {{ font-family: monospace; font-size: .85rem; border-collapse: collapse; }}
.diff_add {{ background: #d9f2d9; }} .diff_chg {{ background: #fff3c4; }}
.diff_sub {{ background: #f7d4d4; }} td.diff_header {{ color: #666; }}
</style></head>
<body>
<h1>Wijzigingen ten opzichte van {escape(base)}</h1>
<h2>Prioriteiten, gemeenten en keuzes</h2>
<ul>{summary}</ul>
<h2>Tekst per hoofdstuk</h2>
{sections}
</body></html>
"""
