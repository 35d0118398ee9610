"""make vastgesteld RAAD=<id> [DATUM=YYYY-MM-DD]: build the text a council adopted.

A council adopts a release (a tag ``v1.0``) and may amend it; the repository
keeps one text, which goes on changing after the adoption. This builds that
council's adopted text as it was, not as the text is now:

1. which release and which amendments, from the current records
   (:func:`jointplan.plan.pointintime.as_adopted`, or with ``--date`` the text
   valid in that municipality on that day, :func:`~.pointintime.valid_on_recorded`);
2. the release's sources, from git: a local clone of the repository with the
   tag checked out, in a temporary folder;
3. the current records on top of them: every ``ivp:decision`` and
   ``ivp:amendment`` block of the current sources replaces the release's own
   (in the same document, where the first of them stood, or at its end; a
   document the release lacks is added as an orphan page with its title and
   records), the decision options of each municipality's declaration
   (``:college-decision:``, ``:council-decision:``, ``:council-version:``) are
   the current ones, and the bibliography entries the records cite are added
   (with ``--date``, the council's adopting decisions after that day are left
   out, so the build applies the amendments of the decision then in force);
4. that is committed in the clone, and the release's tag moved onto it (with
   its own date), so the build is release 1.0 "without local changes": its
   covers, dates and checks are the release's;
5. the site (with ``vastgesteld/<id>.html``) and the council's edition are
   built with the current extension, so the amendments are applied, into
   ``_build/vastgesteld/<id>/``: ``site/``, the edition's PDF,
   ``vastgesteld.json`` (what was built from what) and ``logs/``.

Nothing in the repository itself changes. Later releases keep their own
commits in the clone, so what the build says of them stays true.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from collections.abc import Collection
from typing import NoReturn

sys.path.insert(0, str(Path(__file__).parent))

from stamp_ids import read_plan

from jointplan.glue.decisions import register
from jointplan.plan import versions, words
from jointplan.plan.model import closest
from jointplan.plan.pointintime import VALID, as_adopted, valid_on_recorded

#: The opening of a record block: ``:::{ivp:decision} rhenen/raad`` (any fence).
RECORD = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>:{3,}|`{3,})\{ivp:(?:decision|amendment)\}"
                    r"(?:[ \t].*)?$")
MUNICIPALITY = re.compile(r"^[ \t]*(?::{3,}|`{3,})\{ivp:municipality\}[ \t]+(?P<id>\S+)")
DECISION_OPTION = re.compile(r"^[ \t]*:(?:college-decision|council-decision|council-version):")
OPTION = re.compile(r"^[ \t]*:[\w-]+:")
HEADING = re.compile(r"^#[ \t]")
BIB_ENTRY = re.compile(r"^@\w+\{(?P<key>[^,\s]+),", re.MULTILINE)
SOURCE = re.compile(r"^[ \t]*:source:[ \t]*(?P<key>\S+)", re.MULTILINE)


def fail(message: str) -> NoReturn:
    print(f"make vastgesteld: {message}", file=sys.stderr)
    raise SystemExit(2)


def git(folder: Path, *args: str, date: int | None = None) -> str:
    env = dict(os.environ)
    if date is not None:
        stamp = f"@{date} +0000"
        env.update(GIT_AUTHOR_DATE=stamp, GIT_COMMITTER_DATE=stamp)
    env.setdefault("GIT_AUTHOR_NAME", "jointplan")
    env.setdefault("GIT_AUTHOR_EMAIL", "jointplan@localhost")
    env.setdefault("GIT_COMMITTER_NAME", env["GIT_AUTHOR_NAME"])
    env.setdefault("GIT_COMMITTER_EMAIL", env["GIT_AUTHOR_EMAIL"])
    result = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True,
                            env=env, check=False)
    if result.returncode != 0:
        fail(f"git {' '.join(args)} mislukte: {result.stderr.strip()}")
    return result.stdout


# -- the records ----------------------------------------------------------------------

def record_blocks(text: str) -> list[tuple[int, int]]:
    """(first, last + 1) line numbers (0-based) of each record block in a document."""
    lines = text.splitlines()
    found, number = [], 0
    while number < len(lines):
        match = RECORD.match(lines[number])
        if match is None:
            number += 1
            continue
        fence = match["fence"]
        close = re.compile(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
        end = next((n for n in range(number + 1, len(lines)) if close.match(lines[n])),
                   len(lines) - 1)
        found.append((number, end + 1))
        number = end + 1
    return found


def records_of(text: str, left_out: Collection[int] = ()) -> list[str]:
    """The record blocks of a document, but those opening on a line of ``left_out``."""
    lines = text.splitlines()
    return ["\n".join(lines[start:end]) for start, end in record_blocks(text)
            if start + 1 not in left_out]


def with_records(old: str, records: list[str]) -> str:
    """A release's document with its record blocks replaced by ``records``: where
    its first record stood, or at its end."""
    lines = old.splitlines()
    blocks = record_blocks(old)
    at = blocks[0][0] if blocks else len(lines)
    kept = [line for number, line in enumerate(lines)
            if not any(start <= number < end for start, end in blocks)]
    at -= sum(1 for start, end in blocks for n in range(start, end) if n < at)
    inserted = "\n\n".join(records).splitlines()
    if inserted:
        inserted = ([""] if at and kept[at - 1].strip() else []) + inserted + [""]
    return "\n".join(kept[:at] + inserted + kept[at:]).rstrip("\n") + "\n"


def decision_options(text: str) -> dict[str, list[str]]:
    """Municipality id -> the decision option lines of its declaration."""
    found: dict[str, list[str]] = {}
    lines = text.splitlines()
    for number, line in enumerate(lines):
        match = MUNICIPALITY.match(line)
        if match is None:
            continue
        options = found.setdefault(match["id"], [])
        for option in lines[number + 1:]:
            if not OPTION.match(option):
                break
            if DECISION_OPTION.match(option):
                options.append(option)
    return found


def with_decision_options(old: str, current: dict[str, list[str]]) -> str:
    """A release's document whose declarations carry the current decision options."""
    lines, result, number = old.splitlines(), [], 0
    while number < len(lines):
        line = lines[number]
        result.append(line)
        number += 1
        match = MUNICIPALITY.match(line)
        if match is None or match["id"] not in current:
            continue
        while number < len(lines) and OPTION.match(lines[number]):
            if not DECISION_OPTION.match(lines[number]):
                result.append(lines[number])
            number += 1
        result.extend(current[match["id"]])
    return "\n".join(result) + ("\n" if old.endswith("\n") else "")


def documents(srcdir: Path) -> dict[str, str]:
    """Source path (relative to srcdir) -> text, of every Markdown document."""
    return {path.relative_to(srcdir).as_posix(): path.read_text(encoding="utf-8")
            for path in sorted(srcdir.rglob("*.md"))
            if "_build" not in path.relative_to(srcdir).parts}


def overlay(current_src: Path, release_src: Path, current_top: Path, release_top: Path,
            left_out: Collection[tuple[str, int]] = ()) -> list[str]:
    """Put the current records onto the release's sources, but those at ``left_out``
    (source path, line); the documents changed."""
    now, then = documents(current_src), documents(release_src)
    options: dict[str, list[str]] = {}
    for text in now.values():
        options.update(decision_options(text))
    changed = []
    for path in sorted(set(now) | set(then)):
        records = records_of(now.get(path, ""), {line for doc, line in left_out if doc == path})
        old = then.get(path)
        if old is None:
            if not records:
                continue
            title = next((line for line in now[path].splitlines() if HEADING.match(line)), "")
            new = "---\norphan: true\n---\n\n" + (title + "\n\n" if title else "") \
                + "\n\n".join(records) + "\n"
        else:
            new = with_decision_options(old, options)
            if records or record_blocks(old):
                new = with_records(new, records)
        if new != old:
            target = release_src / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(new, encoding="utf-8")
            changed.append(path)
    # The sources the records cite, where the release's bibliography lacks them.
    cited = {m["key"] for text in now.values() for block in records_of(text)
             for m in SOURCE.finditer(block)}
    for bib in sorted(current_top.rglob("*.bib")):
        relative = bib.relative_to(current_top)
        if "_build" in relative.parts or not (release_top / relative).is_file():
            continue
        old_bib = (release_top / relative).read_text(encoding="utf-8")
        have = {m["key"] for m in BIB_ENTRY.finditer(old_bib)}
        text = bib.read_text(encoding="utf-8")
        starts = list(BIB_ENTRY.finditer(text))
        added = [text[m.start():(starts[i + 1].start() if i + 1 < len(starts) else len(text))]
                 .strip() for i, m in enumerate(starts) if m["key"] in cited - have]
        if added:
            (release_top / relative).write_text(
                old_bib.rstrip("\n") + "\n\n" + "\n\n".join(added) + "\n", encoding="utf-8")
            changed.append(relative.as_posix())
    return changed


# -- the build ------------------------------------------------------------------------

def sphinx(builder: str, confdir: Path, srcdir: Path, outdir: Path, doctrees: Path,
           log: Path, *options: str) -> list[str]:
    """One build; its warnings (the log holds the whole output)."""
    command = [sys.executable, "-m", "sphinx", "-b", builder, "-c", str(confdir),
               "-d", str(doctrees), *options, str(srcdir), str(outdir)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    log.write_text(result.stdout + result.stderr, encoding="utf-8")
    if result.returncode != 0:
        fail(f"de {builder}-bouw mislukte; zie {log}.")
    return [line for line in result.stderr.splitlines() if "WARNING" in line or "ERROR" in line]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("council", help="the municipality id whose adopted text to build")
    parser.add_argument("srcdir", nargs="?", default="docs", type=Path)
    parser.add_argument("-c", "--confdir", default=None, type=Path)
    parser.add_argument("--date", type=datetime.date.fromisoformat,
                        help="build the text valid in that municipality on this day")
    parser.add_argument("--out", default=Path("_build/vastgesteld"), type=Path)
    args = parser.parse_intermixed_args(argv)
    srcdir = args.srcdir.resolve()
    confdir = (args.confdir or (srcdir.parent if (srcdir.parent / "conf.py").exists()
                                else srcdir)).resolve()
    top = versions.top(confdir)
    if top is None:
        fail("het plan staat niet in een git-repository; de vastgestelde uitgave komt uit git.")
    tags = versions.tags(top) or {}

    # 1. Which text: from the current records.
    env, text_domain, _ = read_plan(srcdir, confdir)
    plan = env.domains["ivp"].plan
    municipality = plan.municipality_by_id.get(args.council)
    if municipality is None:
        close = closest(args.council, plan.municipality_by_id)
        fail(f"'{args.council}' is geen gemeente van het plan."
             + (f" Bedoel je ‘{close}’?" if close else "")
             + f" Gemeenten: {', '.join(plan.municipality_by_id)}.")
    found = register(env)
    recorded = found.as_recorded(municipality)
    later: list[tuple[str, int]] = []  # the council's adoptions after that day's
    if args.date is not None:  # the amendments of the decision in force that day
        state, adopted = valid_on_recorded(found, municipality, text_domain.amendments,
                                           args.date)
        own = found.adopting(municipality.id)
        taken = [d for d in own if (first := d.first_day()) is not None and first <= args.date]
        later = [(f"{d.location.docname}.md", d.location.lineno) for d in own[len(taken):]]
        if state != VALID or adopted is None:
            fail(f"op {words.decision_date(args.date.isoformat())} gold in {municipality.name} "
                 f"geen vastgestelde tekst die het plan kent ({words.VALID_ON[state]}; "
                 f"{words.council_status(recorded).lower()}).")
    else:
        adopted = as_adopted(recorded, text_domain.applied())  # its current decision's
        if adopted is None:
            fail(f"{words.council_status(recorded).rstrip('.')}. Er is dus geen vastgestelde "
                 f"tekst van de raad van {municipality.name} om te bouwen.")
    version = adopted.version
    if version not in tags:
        fail(f"de raad van {municipality.name} stelde "
             f"{words.adopted_text_phrase(version, adopted.amendments)} vast, maar "
             + (f"er is geen uitgave (tag) {version} in de repository (git fetch --tags)."
                if version else "de besluiten zeggen niet welke uitgave; leg :version: vast "
                "in het raadsbesluit (ivp:decision <gemeente>/raad)."))
    tag = tags[version]

    out = (args.out / municipality.id).resolve()
    if out.exists():
        shutil.rmtree(out)
    (out / "logs").mkdir(parents=True)
    with tempfile.TemporaryDirectory(prefix="vastgesteld-") as tmp:
        # 2. The release's sources: a local clone (all tags, objects shared).
        clone = Path(tmp) / "repo"
        git(top, "clone", "--quiet", "--shared", "--no-checkout", str(top), str(clone))
        git(clone, "checkout", "--quiet", "--detach", tag.commit)
        release_src = clone / srcdir.relative_to(top)
        release_conf = clone / confdir.relative_to(top)
        # 3. The current records on top.
        changed = overlay(srcdir, release_src, top, clone, later)
        # 4. Committed, and the release's tag on that commit, with the tag's own date.
        stamp = int(git(clone, "log", "-1", "--format=%ct", tag.commit).strip())
        if changed:
            git(clone, "add", "-A")
            git(clone, "commit", "--quiet", "-m",
                f"{version} met de besluiten en amendementen van nu", date=stamp)
        git(clone, "tag", "--force", "-a", version, "-m", f"Versie {version[1:]}",
            date=tag.timestamp)
        # 5. The site and the council's edition, with the current extension.
        doctrees = Path(tmp) / "doctrees"
        warnings = sphinx("html", release_conf, release_src, out / "site", doctrees / "html",
                          out / "logs" / "html.log")
        pdf_out = Path(tmp) / "pdf"
        warnings += sphinx("pdf", release_conf, release_src, pdf_out, doctrees / "pdf",
                           out / "logs" / "pdf.log", "-D",
                           f"jointplan_pdf_editions={municipality.id}")
        pdfs = sorted(pdf_out.glob("*.pdf"))
        for pdf in pdfs:
            shutil.copy2(pdf, out / pdf.name)
        # Each once (both builds read the same sources), at its path in the repository.
        warnings = list(dict.fromkeys(w.replace(f"{clone}/", "") for w in warnings))
    facts = {
        "council": municipality.id, "name": municipality.name, "version": version,
        "amendments": list(adopted.amendments), "decision": adopted.decision,
        "date": args.date.isoformat() if args.date else None,
        "built_from": {"release": tag.commit, "records": git(top, "rev-parse", "HEAD").strip(),
                       "records_modified": bool(git(top, "status", "--porcelain",
                                                    "--untracked-files=no").strip()),
                       "documents_with_current_records": changed},
        "site": "site/index.html", "pdf": [pdf.name for pdf in pdfs], "warnings": warnings,
    }
    (out / "vastgesteld.json").write_text(json.dumps(facts, ensure_ascii=False, indent=2)
                                          + "\n", encoding="utf-8")
    print(f"De tekst zoals de raad van {municipality.name} hem vaststelde: "
          f"{words.adopted_text_phrase(version, adopted.amendments)}.")
    print(f"Website: {out / 'site' / 'index.html'} (en {out / 'site' / 'vastgesteld'}/)")
    for pdf in pdfs:
        print(f"Pdf: {out / pdf.name}")
    for warning in warnings:
        print(warning)
    return 0


if __name__ == "__main__":
    sys.exit(main())
