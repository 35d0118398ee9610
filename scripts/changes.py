"""make changes BASE=<git ref>: a page for reviewers on what changed since BASE.

Builds the plan as it is now and as it was at BASE (each with the extension of
its own version, from ``git archive``), compares their ``priorities.json`` and
the text of the built sites section by section, and writes
``_build/changes/index.html``, a plain-text summary ``wijzigingen.txt`` and
``wijzigingen.json``, which the PDF builder can add as an appendix
(``make pdf CHANGES=_build/changes/wijzigingen.json``).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from html import escape
from io import BytesIO
from pathlib import Path

from jointplan import labels
from jointplan.changes import compare, report, report_html, section_changes, site_sections

REPO = Path(__file__).resolve().parent.parent


def build_export(root: Path, outdir: Path) -> dict:
    """Build root's plan (conf.py + docs/) with root's own extension; its export."""
    env = {**os.environ, "PYTHONPATH": f"{root / 'ext'}{os.pathsep}"
           f"{os.environ.get('PYTHONPATH', '')}"}
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "html", "-c", str(root),
         str(root / "docs"), str(outdir)], capture_output=True, text=True, env=env)
    if result.returncode != 0:
        raise SystemExit(f"building {root} failed:\n{result.stderr}")
    export = outdir / "priorities.json"
    return json.loads(export.read_text(encoding="utf-8")) if export.exists() else {}


def checkout(repo: Path, ref: str, dest: Path) -> None:
    listing = subprocess.run(["git", "-C", str(repo), "ls-tree", "--name-only", ref],
                             capture_output=True, text=True, check=False)
    if listing.returncode != 0:
        raise SystemExit(f"cannot read version {ref!r}: {listing.stderr.strip()}")
    # ext/ may be absent in a version from before the extension (or elsewhere):
    # then the installed extension builds it.
    paths = [p for p in ("conf.py", "docs", "ext") if p in listing.stdout.split()]
    archive = subprocess.run(["git", "-C", str(repo), "archive", ref, *paths],
                             capture_output=True, check=False)
    if archive.returncode != 0:
        raise SystemExit(f"cannot read version {ref!r}: {archive.stderr.decode().strip()}")
    with tarfile.open(fileobj=BytesIO(archive.stdout)) as tar:
        tar.extractall(dest, filter="data")


def describe(repo: Path) -> str:
    """The version being built: the working tree of repo, named by git."""
    result = subprocess.run(["git", "-C", str(repo), "describe", "--tags", "--always",
                             "--dirty"], capture_output=True, text=True, check=False)
    return result.stdout.strip() or "werkversie"


def page(data: dict, site: str) -> str:
    """A page of its own around the report, styled by the extension's CSS."""
    css = (REPO / "ext" / "jointplan" / "static" / "jointplan.css").read_text(encoding="utf-8")
    title = escape(labels.CHANGES_SINCE.format(base=data["base"]))
    body = report_html(data, lambda page, anchor: f"{site}{page}.html#{anchor}")
    return f"""<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font-family: sans-serif; max-width: 50rem; margin: 2rem auto; padding: 0 1rem;
        line-height: 1.5; }}
{css}</style></head>
<body><main>
<h1>{title}</h1>
<p>Deze versie: {escape(data['target'])}.</p>
{body}</main></body></html>
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base", required=True, help="git ref of the earlier version")
    parser.add_argument("--repo", type=Path, default=REPO)
    parser.add_argument("--out", type=Path, default=REPO / "_build" / "changes")
    parser.add_argument("--site", default="../html/",
                        help="address of the current site, for the links to its sections")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        old_root, old_html, new_html = (Path(tmp) / name for name in ("base", "base-html",
                                                                       "new-html"))
        checkout(options.repo, options.base, old_root)
        old = build_export(old_root, old_html)
        new = build_export(options.repo, new_html)
        sections = section_changes(site_sections(old_html), site_sections(new_html))
    data = report(options.base, describe(options.repo), compare(old, new), sections)
    options.out.mkdir(parents=True, exist_ok=True)
    (options.out / "index.html").write_text(page(data, options.site), encoding="utf-8")
    summary = "\n".join(data["lines"]) + "\n"
    (options.out / "wijzigingen.txt").write_text(summary, encoding="utf-8")
    # For the PDF's appendix: make pdf CHANGES=_build/changes/wijzigingen.json
    (options.out / "wijzigingen.json").write_text(
        json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(summary + f"Gewijzigde paragrafen: {len(sections)}. "
          f"Zie {options.out / 'index.html'}")


if __name__ == "__main__":
    main()
