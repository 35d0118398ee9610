"""Recorded build output becomes annotations, a run summary and a pull-request comment."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from utils import REPO

sys.path.insert(0, str(REPO / "scripts"))
from annotations import MARKER, comment, command, parse, summary

RECORDED = (Path(__file__).parent / "fixtures" / "build-output.txt").read_text(encoding="utf-8")


def test_every_kind_of_warning_lands_on_its_file_and_line():
    problems = parse(RECORDED, REPO)
    found = {(p.kind, p.path, p.line) for p in problems}
    assert found >= {
        ("ivp.raw-markup", "docs/shared/overlap.md", 19),        # the extension
        ("ivp.unknown-priority", "docs/shared/overlap.md", 19),
        ("myst.role_unknown", "docs/shared/overlap.md", 19),     # MyST
        ("myst.xref_missing", "docs/shared/overlap.md", 25),
        ("docutils", "docs/shared/overlap.md", 36),              # docutils
        ("bibtex.key_not_found", "docs/shared/overlap.md", 23),  # bibtex
        ("spelling", "docs/shared/overlap.md", 27),              # the spelling check
        ("toc.not_included", "docs/municipalities/gamma.md", None),
        ("ivp.duplicate-id", "docs/shared/catalogus.md", 12),    # coloured output
    }
    assert len(problems) == 13  # "Found 2 misspelled words" and the summary line are not
    error = next(p for p in problems if p.level == "error")
    assert error.path == "docs/index.md" and "missing alt text" in error.message
    assert "hint: add alt text" in error.message  # continuation lines stay with it


def test_annotations_are_workflow_commands_with_a_dutch_title():
    problems = parse(RECORDED, REPO)
    lines = [command(p) for p in problems]
    assert ("::warning file=docs/shared/overlap.md,line=23,title=Bron niet gevonden in "
            "references.bib (bibtex.key_not_found)::could not find bibtex key "
            "\"bestaatniet\"") in lines
    raw = next(line for line in lines if "ivp.raw-markup" in line)
    assert raw.startswith("::warning file=docs/shared/overlap.md,line=19,title=Opmaak niet "
                          "herkend%3A de lezer ziet de tekens (ivp.raw-markup)::")
    spelling = next(line for line in lines if "'gemeentz' staat" in line)
    assert "'gemeentz' staat niet in het woordenboek (suggesties: gemeente)" in spelling
    assert all("\n" not in line for line in lines)  # multi-line messages are escaped
    assert any("%0A" in line for line in lines)
    assert "::warning title=Melding (config.unknown)::unknown config value" in lines[8]


def test_the_run_summary_lists_checks_and_problems():
    text = summary(parse(RECORDED, REPO), [("Tests (make test)", "success"),
                                           ("Strikte build", "failure")])
    assert "| Tests (make test) | geslaagd |" in text
    assert "| Strikte build | mislukt |" in text
    assert "### Meldingen (13)" in text
    assert ("| docs/shared/overlap.md | 23 | Bron niet gevonden in references.bib "
            "(bibtex.key_not_found) | could not find bibtex key \"bestaatniet\" |") in text
    assert "Geen meldingen." in summary([], [("Tests", "success")])


def test_the_comment_says_what_changed_and_is_recognised_on_the_next_push():
    changes = {"base": "origin/main", "lines": ["Beta kiest nu ook: Drugs.",
                                                "Hoofdstuk shared/overlap: 3 regels gewijzigd."]}
    text = comment(parse(RECORDED, REPO), changes, "https://github.com/o/r/actions/runs/1")
    assert text.splitlines()[0] == MARKER
    assert "- Beta kiest nu ook: Drugs." in text and "Ten opzichte van `origin/main`:" in text
    assert "**Meldingen:** 13" in text
    assert "(https://github.com/o/r/actions/runs/1)" in text
    assert "Geen wijziging" in comment([], {"base": "main", "lines": []}, "u")


def test_the_command_line_writes_all_three(tmp_path):
    log = tmp_path / "check.log"
    log.write_text(RECORDED, encoding="utf-8")
    changes = tmp_path / "wijzigingen.json"
    changes.write_text('{"base": "main", "lines": ["Alpha kiest nu ook: Drugs."]}')
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "annotations.py"), "--root", str(REPO),
         "--check", "Tests=success", "--summary", str(tmp_path / "summary.md"),
         "--comment", str(tmp_path / "comment" / "comment.md"), "--changes", str(changes),
         "--run-url", "https://example.org/run", str(log), str(tmp_path / "absent.log")],
        capture_output=True, text=True, check=True)
    assert result.stdout.count("::warning ") == 12 and result.stdout.count("::error ") == 1
    assert "| Tests | geslaagd |" in (tmp_path / "summary.md").read_text()
    assert "Alpha kiest nu ook: Drugs." in (tmp_path / "comment" / "comment.md").read_text()
