"""Build output to pull-request feedback: annotations, a job summary, a comment.

The checks already print every problem with its file and line; an author who
edits a chapter in the forge's web editor should see them on the lines of
the pull request, not in a log of hundreds of lines. This script reads the
output of the builds (Sphinx, the extension, MyST, docutils, bibtex, the
spelling check) and writes:

- GitHub workflow commands (``::warning file=...,line=...,title=...::...``),
  which the forge shows on the diff of the pull request;
- with ``--summary FILE``: a Markdown table of all problems and the outcome of
  each check, for the run's summary page (``$GITHUB_STEP_SUMMARY``);
- with ``--comment FILE``: the pull-request comment (see ``comment``).

    python scripts/annotations.py --root . [--check NAME=OUTCOME ...]
        [--summary FILE] [--comment FILE --changes wijzigingen.json --run-url URL]
        LOG [LOG ...]

Paths in the output are made relative to ``--root`` (the repository), so the
annotation lands on the file as the pull request shows it.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ANSI = re.compile(r"\x1b\[[0-9;]*m")
# "path:line: WARNING: message [type.subtype]" and the forms without a path or line.
PROBLEM = re.compile(
    r"^(?:(?P<path>[^\s:][^:]*?)(?::(?P<line>\d+))?: )?(?P<level>WARNING|ERROR|CRITICAL): "
    r"(?P<message>.*?)(?: \[(?P<kind>[\w.:-]+)\])?$")
# sphinxcontrib-spelling: "WARNING: path:line: : Spell check: word: [suggestions]: context"
SPELLING = re.compile(
    r"^WARNING: (?P<path>[^:]+):(?P<line>\d+): : Spell check: (?P<word>[^:]+): "
    r"(?P<suggestions>\[.*?\]): (?P<context>.*)$")

#: What each kind of problem is, in the words of the authors' guide (Dutch).
TITLES = {
    "ivp.unknown-priority": "Onbekende prioriteit",
    "ivp.unknown-municipality": "Onbekende gemeente",
    "ivp.unknown-choice": "Onbekende keuze",
    "ivp.duplicate-id": "Id komt twee keer voor",
    "ivp.duplicate-choice": "Prioriteit twee keer gekozen",
    "ivp.missing-municipality": "Hoofdstuk zonder gemeente",
    "ivp.multiple-municipalities": "Twee gemeenten in één hoofdstuk",
    "ivp.misplaced": "Blok op de verkeerde plek",
    "ivp.unknown-field": "Onbekend veiligheidsveld",
    "ivp.unknown-origin": "Onbekende herkomst",
    "ivp.missing-option": "Verplichte optie ontbreekt",
    "ivp.invalid-value": "Ongeldige waarde",
    "ivp.incomplete-choice": "Uitwerking niet compleet",
    "ivp.joint-not-chosen": "Gezamenlijke prioriteit niet gekozen",
    "ivp.unchosen-priority": "Prioriteit door niemand gekozen",
    "ivp.content-policy": "Niet toegestaan in het plan",
    "ivp.encoding": "Bestand niet als UTF-8 opgeslagen",
    "ivp.raw-markup": "Opmaak niet herkend: de lezer ziet de tekens",
    "ivp.structure": "Blok eindigt op de verkeerde plek",
    "ivp.option-value": "Waarde tussen dubbele aanhalingstekens zetten",
    "ivp.control-character": "Onzichtbare tekens verwijderd",
    "ivp.toctree-cycle": "Inhoudsopgave verwijst terug",
    "ivp.internal-error": "Fout in de uitbreiding: meld het aan de beheerder",
    "ivp.pdf-link": "Link zonder doel in de pdf",
    "ivp.pdf-node": "De pdf kan dit niet tonen",
    "ivp.pdf-engine": "Melding van Typst (pdf)",
    "spelling": "Spelling",
    "bibtex.key_not_found": "Bron niet gevonden in references.bib",
    "myst.role_unknown": "Onbekende rol",
    "myst.directive_unknown": "Onbekend blok (directive)",
    "myst.xref_missing": "Link die nergens heen leidt",
    "myst.header": "Kopniveau overgeslagen",
    "image.not_readable": "Afbeelding niet gevonden",
    "ref.ref": "Onbekend label",
    "ref.doc": "Onbekend hoofdstuk",
    "toc.not_readable": "Onbekend hoofdstuk in de inhoudsopgave",
    "toc.not_included": "Hoofdstuk staat niet in de inhoudsopgave",
    "docutils": "Opmaakfout",
}


@dataclass
class Problem:
    path: str | None  # relative to the repository
    line: int | None
    level: str  # "warning" or "error"
    kind: str  # "ivp.raw-markup", "spelling", "docutils", ...
    message: str

    @property
    def title(self) -> str:
        label = (TITLES.get(self.kind) or TITLES.get(self.kind.split(".")[0])
                 or ("Fout" if self.level == "error" else "Melding"))
        return f"{label} ({self.kind})" if self.kind else label


def parse(text: str, root: Path, cwd: Path | None = None) -> list[Problem]:
    """The problems in build output, in order; continuation lines join their message."""
    problems: list[Problem] = []
    for raw in ANSI.sub("", text).splitlines():
        spelling = SPELLING.match(raw)
        if spelling:
            problems.append(Problem(
                relative(spelling["path"], root, cwd), int(spelling["line"]), "warning",
                "spelling", f"'{spelling['word']}' staat niet in het woordenboek "
                f"(suggesties: {', '.join(json.loads(spelling['suggestions'])) or 'geen'}); "
                "verbeter het woord, of zet het in docs/spelling_wordlist.txt als het "
                f"klopt. Context: {spelling['context'].rstrip('.')}"))
            continue
        match = PROBLEM.match(raw)
        # ("WARNING: Found 2 misspelled words" only counts what was reported.)
        if match and not (match["path"] is None and match["message"].startswith("Found ")):
            problems.append(Problem(
                relative(match["path"], root, cwd) if match["path"] else None,
                int(match["line"]) if match["line"] else None,
                "error" if match["level"] != "WARNING" else "warning",
                match["kind"] or "", match["message"].strip()))
        elif raw.startswith((" ", "\t")) and raw.strip() and problems:
            problems[-1].message += "\n" + raw.strip()  # e.g. Typst's diagnostic
    return problems


def relative(path: str, root: Path, cwd: Path | None = None) -> str:
    """A path as the repository shows it (Sphinx prints absolute paths)."""
    candidate = Path(path)
    if not candidate.is_absolute():
        candidate = (cwd or root) / candidate
    try:
        return candidate.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        # Built on another machine (recorded output): keep what follows the
        # repository's own top-level folders.
        parts = Path(path).parts
        for top in ("docs", "ext", "tests", "handleiding"):
            if top in parts:
                return Path(*parts[parts.index(top):]).as_posix()
        return path


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(problem: Problem) -> str:
    """The workflow command that puts one problem on the diff."""
    properties = []
    if problem.path:
        properties.append(f"file={escape_property(problem.path)}")
    if problem.line:
        properties.append(f"line={problem.line}")
    properties.append(f"title={escape_property(problem.title)}")
    return f"::{problem.level} {','.join(properties)}::{escape_data(problem.message)}"


def cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", "<br>")


def summary(problems: list[Problem], checks: list[tuple[str, str]]) -> str:
    """The run's summary page: each check's outcome, then every problem."""
    marks = {"success": "geslaagd", "failure": "mislukt", "skipped": "overgeslagen",
             "cancelled": "afgebroken"}
    lines = ["## Controles van het plan", "", "| controle | uitkomst |", "| --- | --- |"]
    lines += [f"| {cell(name)} | {marks.get(outcome, outcome)} |" for name, outcome in checks]
    lines += ["", f"### Meldingen ({len(problems)})", ""]
    if not problems:
        return "\n".join(lines + ["Geen meldingen.", ""])
    lines += ["| bestand | regel | soort | melding |", "| --- | --- | --- | --- |"]
    for problem in problems:
        lines.append(f"| {cell(problem.path or '')} | {problem.line or ''} | "
                     f"{cell(problem.title)} | {cell(problem.message)} |")
    lines += ["", "Wat elke melding betekent en hoe je haar oplost, staat in hoofdstuk 7 van "
              "de handleiding voor auteurs (`handleiding/auteurs.md`).", ""]
    return "\n".join(lines)


#: The comment is recognised by this line, so each push updates it.
MARKER = "<!-- ivp-plan-feedback -->"


def comment(problems: list[Problem], changes: dict | None, run_url: str) -> str:
    """The pull-request comment: what the change does to the plan, and where to look."""
    lines = [MARKER, "## Wat deze wijziging met het plan doet", ""]
    if changes is None:
        lines.append("Het overzicht van de wijzigingen kon niet worden gemaakt.")
    elif not changes.get("lines"):
        lines.append(f"Geen wijziging in prioriteiten, keuzes of tekst ten opzichte van "
                     f"`{changes.get('base', 'de basis')}`.")
    else:
        lines.append(f"Ten opzichte van `{changes.get('base', 'de basis')}`:")
        lines.append("")
        lines += [f"- {line}" for line in changes["lines"]]
    lines += ["", f"**Meldingen:** {len(problems)}"
              + (" (ze staan bij de regels in het tabblad *Files changed*)" if problems else ""),
              "", f"De website en de pdf's van deze versie: [downloads van deze run]({run_url})"
              " (plan-site, plan-pdfs, plan-changes).", ""]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("logs", nargs="*", type=Path)
    parser.add_argument("--root", type=Path, default=Path.cwd())
    parser.add_argument("--check", action="append", default=[], metavar="NAME=OUTCOME")
    parser.add_argument("--summary", type=Path)
    parser.add_argument("--comment", type=Path)
    parser.add_argument("--changes", type=Path)
    parser.add_argument("--run-url", default="")
    options = parser.parse_args(argv)
    problems = []
    for log in options.logs:
        if log.exists():
            problems += parse(log.read_text(encoding="utf-8", errors="replace"), options.root)
    for problem in problems:
        print(command(problem))
    checks = [tuple(check.split("=", 1)) for check in options.check]
    if options.summary:
        with options.summary.open("a", encoding="utf-8") as out:
            out.write(summary(problems, checks))
    if options.comment:
        changes = None
        if options.changes and options.changes.exists():
            changes = json.loads(options.changes.read_text(encoding="utf-8"))
        options.comment.parent.mkdir(parents=True, exist_ok=True)
        options.comment.write_text(comment(problems, changes, options.run_url),
                                   encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
