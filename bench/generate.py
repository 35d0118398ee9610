"""Synthetic plans of a given size, to measure how the build scales.

``generate(dest, municipalities, priorities, variant)`` writes ``conf.py`` and
``docs/`` for a plan with that many municipality chapters and catalogue
priorities. Each municipality chooses about a tenth of the catalogue (at least
four), popular priorities more often, the joint one always; chapters run to
about 2,000 words with references to other chapters.

``variant="ivp"`` uses the extension. ``variant="floor"`` writes the same
documents with every directive and role replaced by the plain text it renders
(field lists, tables, names where the extension makes links), built without
the extension: the cost of Sphinx, MyST and the theme alone, against which the
extension's share is measured. (Rendering the links too, as MyST Markdown
links, made the floor three times slower than the extension: MyST resolves a
document link far more slowly than the domain resolves its own.)
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

FIELDS = ["veilige-woon-en-leefomgeving", "bedrijvigheid-en-veiligheid", "jeugd-en-veiligheid",
          "fysieke-veiligheid", "integriteit-en-veiligheid"]
FIELD_TITLES = dict(zip(FIELDS, ["Veilige woon- en leefomgeving", "Bedrijvigheid en veiligheid",
                                 "Jeugd en veiligheid", "Fysieke veiligheid",
                                 "Integriteit en veiligheid"]))
WORDS_PER_CHAPTER = 2000
PARTNERS_LISTED = 8  # as jointplan.plan.model: longer partner lists become a count
REPO = Path(__file__).resolve().parent.parent


def vocabulary() -> list[str]:
    """Dutch words from the real plan, so line breaking and search are realistic."""
    text = " ".join(p.read_text(encoding="utf-8") for p in (REPO / "docs").rglob("*.md"))
    words = re.findall(r"\b[a-zà-ÿ]{2,}\b", text.lower())
    return sorted(set(words))


@dataclass
class Plan:
    municipalities: list[tuple[str, str]]  # (id, name)
    priorities: list[tuple[str, str, str]]  # (id, title, field)
    choices: dict[str, list[str]]  # municipality id -> priority ids


def make_plan(n_municipalities: int, n_priorities: int, rng: random.Random) -> Plan:
    municipalities = [(f"gemeente-{i:03d}", f"Gemeente {i:03d}") for i in range(n_municipalities)]
    priorities = [(f"prioriteit-{i:03d}", f"Prioriteit {i:03d}", FIELDS[i % len(FIELDS)])
                  for i in range(n_priorities)]
    joint = priorities[0][0]
    per_municipality = max(4, n_priorities // 10)
    # Zipf-like popularity: a few priorities are shared by many municipalities.
    weights = [1 / (rank + 1) for rank in range(1, n_priorities)]
    choices = {}
    for mid, _ in municipalities:
        chosen = {joint}
        while len(chosen) < per_municipality:
            chosen.add(rng.choices(priorities[1:], weights)[0][0])
        choices[mid] = sorted(chosen)
    # every catalogue priority is chosen somewhere (else the build warns)
    for index, (pid, _, _) in enumerate(priorities):
        if not any(pid in c for c in choices.values()):
            choices[municipalities[index % n_municipalities][0]].append(pid)
    return Plan(municipalities, priorities, choices)


def paragraph(rng: random.Random, words: list[str], count: int) -> str:
    text = " ".join(rng.choice(words) for _ in range(count))
    lines, line = [], ""
    for word in text.split():
        if len(line) + len(word) > 85:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "\n".join(lines).capitalize() + "."


class Writer:
    """Renders the plan's documents in either variant."""

    def __init__(self, plan: Plan, variant: str, rng: random.Random, words: list[str]):
        self.plan, self.variant, self.rng, self.words = plan, variant, rng, words
        self.names = dict(plan.municipalities)
        self.titles = {pid: title for pid, title, _ in plan.priorities}
        self.fields = {pid: field for pid, _, field in plan.priorities}
        self.choosers = {pid: [m for m, c in plan.choices.items() if pid in c]
                         for pid, _, _ in plan.priorities}

    @property
    def ivp(self) -> bool:
        return self.variant == "ivp"

    def ref_priority(self, pid: str) -> str:
        return f"{{ivp:priority}}`{pid}`" if self.ivp else self.titles[pid]

    def ref_choice(self, mid: str, pid: str, text: str = "") -> str:
        return f"{{ivp:choice}}`{mid}/{pid}`" if self.ivp else (text or self.names[mid])

    def text(self, count: int) -> str:
        return paragraph(self.rng, self.words, count)

    def table(self, caption: str, headers: list[str], rows: list[list[str]]) -> str:
        lines = [f"**{caption}**", "", "| " + " | ".join(headers) + " |",
                 "|" + "---|" * len(headers)]
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        return "\n".join(lines)

    def catalogue(self) -> str:
        out = ["# Catalogus", "", self.text(80), ""]
        for pid, title, field in self.plan.priorities:
            joint = pid == self.plan.priorities[0][0]
            if self.ivp:
                out += [f":::{{ivp:priority}} {pid}", f":title: {title}", f":field: {field}"]
                out += [":joint:"] if joint else []
                out += ["", self.text(40), ":::", ""]
            else:
                chosen = ", ".join(self.ref_choice(m, pid) for m in self.choosers[pid])
                out += [f"## {title}", "", f"Veiligheidsveld: {FIELD_TITLES[field]}",
                        "", f"Gekozen door: {chosen}", "", self.text(40), ""]
        return "\n".join(out)

    def overlap(self) -> str:
        out = ["# Overlap", "", self.text(120), ""]
        if self.ivp:
            return "\n".join(out + [":::{ivp:overlap-matrix}", ":::", "",
                                    ":::{ivp:shared-priorities}", ":::", "",
                                    ":::{ivp:municipality-summary}", ":::", ""])
        mids = [m for m, _ in self.plan.municipalities]
        rows = [[self.ref_priority(pid)]
                + ["✓" if pid in self.plan.choices[m] else "" for m in mids]
                + [str(len(self.choosers[pid]))] for pid, title, _ in self.plan.priorities]
        out += [self.table("Prioriteiten per gemeente", ["Prioriteit"]
                           + [self.ref_municipality(m) for m in mids] + ["Aantal"], rows), ""]
        shared = [[self.ref_priority(pid), FIELD_TITLES[field],
                   ", ".join(self.ref_choice(m, pid) for m in self.choosers[pid]),
                   str(len(self.choosers[pid]))] for pid, title, field in self.plan.priorities
                  if 2 <= len(self.choosers[pid]) < len(mids)]
        out += [self.table("Gedeelde prioriteiten", ["Prioriteit", "Veld", "Gedeeld door",
                                                     "Aantal"], shared), ""]
        for mid in mids:
            out += [self.summary(mid), ""]
        return "\n".join(out)

    def summary(self, mid: str) -> str:
        rows = [[self.ref_choice(mid, pid, self.titles[pid]), FIELD_TITLES[self.fields[pid]],
                 self.partners(mid, pid)] for pid in self.plan.choices[mid]]
        return self.table(f"Prioriteiten van {self.names[mid]}",
                          ["Prioriteit", "Veld", "Gedeeld met"], rows)

    def chapter(self, mid: str) -> str:
        name = self.names[mid]
        chosen = self.plan.choices[mid]
        words_per_choice = max(60, (WORDS_PER_CHAPTER - 300) // len(chosen))
        out = [f"# {name}", ""]
        if self.ivp:
            out += [f":::{{ivp:municipality}} {mid}", f":name: {name}", ":residents: 25000",
                    ":::", ""]
        else:
            out += [f"Gemeente: {name}", "", "Inwoners: 25.000", ""]
        others = [m for m, _ in self.plan.municipalities if m != mid]
        out += ["## Profiel", "", self.text(150), "", "## Keuze", "", self.text(150), ""]
        for pid in chosen:
            out += [f"## {self.titles[pid]}", ""]
            body = [self.text(words_per_choice // 2), ""]
            partner = next((m for m in self.choosers[pid] if m != mid), None)
            if partner:
                body += [f"Zie ook {self.ref_choice(partner, pid)} en "
                         f"{self.ref_priority(pid)}.", ""]
            goals = ["- " + self.text(12) for _ in range(3)]
            indicators = ["- " + self.text(10) for _ in range(2)]
            agreement = [self.text(words_per_choice // 4)]
            if self.ivp:
                out += [f"::::{{ivp:choice}} {pid}", ":origin: bewoners, politie",
                        ":status: indeling", "",
                        *body,
                        ":::{ivp:goals}", *goals, ":::", "", ":::{ivp:indicators}", *indicators,
                        ":::", "", ":::{ivp:agreement}", *agreement, ":::", "::::", ""]
            else:
                out += [f"Prioriteit: {self.ref_priority(pid)}", "",
                        f"Veiligheidsveld: {FIELD_TITLES[self.fields[pid]]}", "",
                        f"Gedeeld met: {self.partners(mid, pid)}", "", *body,
                        "**Doelen**", "", *goals, "", "**Indicatoren**", "", *indicators, "",
                        "**Afspraken met de politie**", "", *agreement, ""]
        out += ["## Samenwerking", "", self.text(100), ""]
        if others:
            out += [f"Buurgemeente: {self.ref_municipality(self.rng.choice(others))}.", ""]
        out += [":::{ivp:municipality-summary}", ":::", ""] if self.ivp else [self.summary(mid), ""]
        return "\n".join(out)

    def partners(self, mid: str, pid: str) -> str:
        others = [m for m in self.choosers[pid] if m != mid]
        if not others:
            return "alleen deze gemeente"
        if len(others) == len(self.plan.municipalities) - 1:
            return "alle andere gemeenten"
        if len(others) > PARTNERS_LISTED:
            return f"{len(others)} andere gemeenten"
        return ", ".join(self.ref_choice(m, pid) for m in others)

    def ref_municipality(self, mid: str) -> str:
        return f"{{ivp:municipality}}`{mid}`" if self.ivp else self.names[mid]

    def index(self) -> str:
        out = ["# Synthetisch plan", "", self.text(100), ""]
        if self.ivp:
            out += [":::{ivp:municipality-cards}", ":::", ""]
        else:
            for mid, name in self.plan.municipalities:
                out += [f"- {name}: " + ", ".join(self.titles[p] for p in self.plan.choices[mid])]
            out += [""]
        out += ["```{toctree}", "shared/catalogus", "shared/overlap"]
        out += [f"municipalities/{mid}" for mid, _ in self.plan.municipalities]
        out += ["```", ""]
        return "\n".join(out)


CONF = '''project = "Synthetisch plan"
language = "nl"
extensions = ["myst_parser", "sphinx_design"{extra}]
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["_build"]
html_theme = "alabaster"
'''


def generate(dest: Path, n_municipalities: int, n_priorities: int, variant: str,
             seed: int = 2019) -> Path:
    """Write the plan into dest (conf.py + docs/); returns the docs dir."""
    rng = random.Random(seed)
    plan = make_plan(n_municipalities, n_priorities, rng)
    writer = Writer(plan, variant, random.Random(seed + 1), vocabulary())
    docs = dest / "docs"
    (docs / "shared").mkdir(parents=True, exist_ok=True)
    (docs / "municipalities").mkdir(parents=True, exist_ok=True)
    extra = ', "jointplan"' if variant == "ivp" else ""
    (dest / "conf.py").write_text(CONF.format(extra=extra), encoding="utf-8")
    (docs / "index.md").write_text(writer.index(), encoding="utf-8")
    (docs / "shared" / "catalogus.md").write_text(writer.catalogue(), encoding="utf-8")
    (docs / "shared" / "overlap.md").write_text(writer.overlap(), encoding="utf-8")
    for mid, _ in plan.municipalities:
        (docs / "municipalities" / f"{mid}.md").write_text(writer.chapter(mid), encoding="utf-8")
    return docs


if __name__ == "__main__":
    import sys

    size_m, size_p, variant, out = sys.argv[1:5]
    print(generate(Path(out), int(size_m), int(size_p), variant))
