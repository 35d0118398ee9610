"""Targeted benchmark: the councils' adopted texts cost at most 1.5x one build.

For a synthetic plan (bench/generate.py), ids are stamped (timed: the
``make ids`` tool), every council gets a decision and two adopted amendments
(one changes a paragraph of its own chapter, one adds a priority, so the
overlap tables change in its edition), and the PDF build of all editions and
the site build (with every council's view under ``vastgesteld/``) are timed
with and without the amendments. The councils' adopted editions and views
share every document their amendments do not touch, and within a document
every unit of generated content another council's text showed already
(jointplan.pdf.adopted, jointplan.site.units).

    .venv/bin/python bench/adopted.py [M P [RUNS]]     (default 5 20 2)
    .venv/bin/python bench/adopted.py real [RUNS]      (the plan in docs/)

Writes bench/adopted_results_<M>x<P>.md (adopted_results_real.md): wall-clock and
CPU seconds (user + system of the build processes; on a shared machine the CPU
time varies less). Not part of
``make bench``.
"""

from __future__ import annotations

import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

PYTHON = sys.executable
MARKER = re.compile(r"\{#(p-[a-z0-9]+)\} (\w+)")


def amendments(docs: Path) -> str:
    """Two adopted amendments per council, and the decisions they need."""
    out = ["# Amendementen", ""]
    chapters = sorted((docs / "municipalities").glob("*.md"))
    catalogue = (docs / "shared" / "catalogus.md").read_text()
    priorities = re.findall(r"\{ivp:priority\} ([a-z0-9-]+)", catalogue)
    for chapter in chapters:
        text = chapter.read_text()
        council = chapter.stem
        # A decision, so an adopted amendment is possible.
        chapter.write_text(text.replace(":residents: 25000",
                                        ":residents: 25000\n:council-decision: 2019-01", 1))
        chosen = set(re.findall(r"\{ivp:choice\} ([a-z0-9-]+)", text))
        paragraph_id, word = MARKER.search(text.split("## Profiel", 1)[1]).groups()
        extra = next(p for p in priorities if p not in chosen)
        out += amendment_blocks(council, paragraph_id, word, extra)
    return "\n".join(out)


def amendment_blocks(council: str, paragraph_id: str, word: str, extra: str) -> list[str]:
    """A1 changes a word of a paragraph, A2 adds a choice of the priority ``extra``."""
    return ["::::{ivp:amendment} A1", f":council: {council}", ":status: aangenomen",
            f":paragraph: {paragraph_id}", f":old: {word}", f":new: {word} (gewijzigd)",
            "", "Toelichting.", "::::", "",
            "::::{ivp:amendment} A2", f":council: {council}", ":status: aangenomen",
            f":add-choice: {extra}", "", "Toelichting.", "::::", ""]


def real_plan_amendments(docs: Path) -> str:
    """For a copy of the real plan: every council adopts this text with two
    amendments (a made-up decision of a made-up council meeting, for timing only).
    The plan's own council decisions, on another text, are taken out."""
    out = ["# Amendementen", ""]
    priorities = sorted({m for f in docs.rglob("*.md")
                         for m in re.findall(r"\{ivp:priority\} ([a-z0-9-]+)", f.read_text())})
    decisions = docs / "shared" / "besluitvorming.md"
    decisions.write_text(re.sub(r":::\{ivp:decision\} [a-z-]+/raad\n.*?\n:::\n", "",
                                decisions.read_text(), flags=re.S))
    for chapter in sorted((docs / "municipalities").glob("*.md")):
        if chapter.stem == "index":
            continue
        text = re.sub(r"^:council-(version|decision): .*\n", "", chapter.read_text(), flags=re.M)
        chapter.write_text(text)
        council = chapter.stem
        chosen = set(re.findall(r"\{ivp:choice\} ([a-z0-9-]+)", text))
        paragraph_id, word = MARKER.search(text).groups()
        extra = next(p for p in priorities if p not in chosen)
        out += [f":::{{ivp:decision}} {council}/raad", ":kind: raadsbesluit",
                ":date: 2019-03-01", ":outcome: vastgesteld", ":amendments: A1, A2", ":::", "",
                *amendment_blocks(council, paragraph_id, word, extra)]
    return "\n".join(out)


def timed(command: list[str], env: dict) -> float:
    """Wall-clock seconds of the command; its CPU seconds are added to CPU."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return wall


#: CPU seconds (user + system) of each timed command, in order: on a shared
#: machine the CPU time of a build varies much less than its wall-clock time.
CPU: list[float] = []


def main() -> None:
    real = sys.argv[1:2] == ["real"]
    if real:
        m, p = len(list((REPO / "docs" / "municipalities").glob("*.md"))) - 1, 0
        runs = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    else:
        m, p = (int(a) for a in sys.argv[1:3]) if len(sys.argv) > 2 else (5, 20)
        runs = int(sys.argv[3]) if len(sys.argv) > 3 else 2
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        if real:  # the plan's conf.py and chapters, ids as they are
            docs = root / "plan" / "docs"
            shutil.copytree(REPO / "docs", docs)
            conf = root / "plan" / "conf.py"
            conf.write_text((REPO / "conf.py").read_text().replace(
                'jointplan_pdf_exclude = ["toegankelijkheid"]',
                'jointplan_pdf_exclude = ["toegankelijkheid", "amendementen"]'))
            stamp_time = again = 0.0
        else:
            docs = generate(root / "plan", m, p, "ivp")
            conf = root / "plan" / "conf.py"
            conf.write_text(conf.read_text() + 'jointplan_pdf_exclude = ["amendementen"]\n')
            stamp = [PYTHON, str(REPO / "scripts" / "stamp_ids.py"), "-c", str(conf.parent),
                     str(docs)]
            stamp_time = timed(stamp, env)
            again = timed(stamp, env)
        sphinx = [PYTHON, "-m", "sphinx", "-q", "-E", "-b", "pdf", "-c", str(conf.parent)]
        site = [PYTHON, "-m", "sphinx", "-q", "-E", "-b", "html", "-c", str(conf.parent)]
        amended_docs = root / "amended"
        subprocess.run(["cp", "-r", str(docs), str(amended_docs)], check=True)
        (amended_docs / "amendementen.md").write_text(
            real_plan_amendments(amended_docs) if real else amendments(amended_docs))
        index = amended_docs / "index.md"
        index.write_text(index.read_text().replace("```{toctree}", "```{toctree}\namendementen"))
        timed([*sphinx, str(docs), str(root / "warmup")], env)
        joint, amended, joint_cpu, amended_cpu = [], [], [], []
        site_joint, site_amended, site_joint_cpu, site_amended_cpu = [], [], [], []
        for n in range(runs):  # alternated, so a busy moment of the machine hits both
            joint.append(timed([*sphinx, str(docs), str(root / f"joint{n}")], env))
            joint_cpu.append(CPU[-1])
            amended.append(timed([*sphinx, str(amended_docs), str(root / f"amended{n}")], env))
            amended_cpu.append(CPU[-1])
            site_joint.append(timed([*site, str(docs), str(root / f"site-joint{n}")], env))
            site_joint_cpu.append(CPU[-1])
            site_amended.append(timed([*site, str(amended_docs), str(root / f"site{n}")], env))
            site_amended_cpu.append(CPU[-1])
        first_view = root / "site0" / "vastgesteld"
        assert len(list(first_view.glob("*/"))) == m, "every council has its view"
        # The amended editions really are the councils' adopted texts.
        first = next(c.stem for c in sorted((amended_docs / "municipalities").glob("*.md"))
                     if c.stem != "index")
        edition = next(pdf for pdf in (root / "amended0").glob(f"*-{first}.pdf")
                       if "raadsvoorstel" not in pdf.name)
        text = subprocess.run(["pdftotext", str(edition), "-"],
                              capture_output=True, text=True).stdout
        assert "(amendement A1)" in text and "Afwijkingen van de gezamenlijke tekst" in text
    med = statistics.median
    ratio = med(amended) / med(joint)
    cpu_ratio = med(amended_cpu) / med(joint_cpu)
    both = (med(amended) + med(site_amended)) / (med(joint) + med(site_joint))
    both_cpu = (med(amended_cpu) + med(site_amended_cpu)) / (med(joint_cpu)
                                                              + med(site_joint_cpu))
    load = os.getloadavg()[0]
    lines = [
        "# The councils' adopted texts: cost of the amended editions",
        "",
        (f"The real plan (docs/, {m} municipalities; its own council decisions replaced by "
         "made-up ones that adopt this text, for timing only), every " if real else
         f"Plan of {m} municipalities x {p} priorities (bench/generate.py), ids stamped, every ")
        + "council with two adopted amendments (a paragraph of its own chapter, a priority "
        "added: its edition's overlap tables change). PDF build of all editions "
        f"(`-b pdf -E`, {runs} runs, median), SOURCE_DATE_EPOCH set.",
        "",
        "| build | wall s | CPU s (user + sys) |",
        "| --- | --- | --- |",
        *([] if real else [f"| `make ids` on the fresh plan | {stamp_time:.1f} | |",
                            f"| `make ids` again (nothing to do) | {again:.1f} | |"]),
        f"| all PDFs, no amendments | {statistics.median(joint):.1f} | "
        f"{statistics.median(joint_cpu):.1f} |",
        f"| all PDFs, every council with amendments | {statistics.median(amended):.1f} | "
        f"{statistics.median(amended_cpu):.1f} |",
        f"| ratio, PDFs | {ratio:.2f} | {cpu_ratio:.2f} |",
        f"| site, no amendments | {med(site_joint):.1f} | {med(site_joint_cpu):.1f} |",
        f"| site with every council's view | {med(site_amended):.1f} | "
        f"{med(site_amended_cpu):.1f} |",
        f"| ratio, site | {med(site_amended) / med(site_joint):.2f} | "
        f"{med(site_amended_cpu) / med(site_joint_cpu):.2f} |",
        f"| ratio, site and PDFs (`make`; target at most 1.5) | {both:.2f} | {both_cpu:.2f} |",
        "",
        "Machine: shared, 2 cores; other builds ran at the same time (load average "
        f"{load:.1f} at the end), so the wall-clock figures are indicative; the CPU "
        "seconds vary less with the load.",
        "",
    ]
    out = HERE / ("adopted_results_real.md" if real else f"adopted_results_{m}x{p}.md")
    out.write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
