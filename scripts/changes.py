"""make changes BASE=<git ref>: what changed since BASE, for reviewers and clerks.

Builds the site (``_build/html``, incrementally) with ``jointplan_compare_with``
set to BASE: the extension builds BASE once with its own extension, compares
the rendered text section by section and the plan's data, and adds the page
``wijzigingen/<BASE>.html`` to the site, in the site's own look. This script
then copies the report to ``_build/changes/``: ``wijzigingen.json`` (for the
PDF appendix, ``make pdf CHANGES=_build/changes/wijzigingen.json``, and the
pull request's comment), ``wijzigingen.txt`` (the summary) and ``index.html``,
a page of its own for the CI artefact that opens without the site.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from html import escape
from pathlib import Path

from jointplan.plan import words
from jointplan.history.changes import CHANGES_FOLDER, report_page
from jointplan.history.reports import report_name

REPO = Path(__file__).resolve().parent.parent


def page(data: dict, site: str) -> str:
    """A page of its own around the report, styled by the extension's CSS."""
    css = (REPO / "ext" / "jointplan" / "site" / "static" / "jointplan.css").read_text(
        encoding="utf-8")
    title = escape(words.changes_since(data["base"]))
    body = report_page(data, lambda page, anchor: f"{site}{page}.html#{anchor}")
    return f"""<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font-family: sans-serif; max-width: 50rem; margin: 2rem auto; padding: 0 1rem;
        line-height: 1.5; }}
{css}</style></head>
<body><main>
{body}</main></body></html>
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base", required=True, help="git ref of the earlier version")
    parser.add_argument("--repo", type=Path, default=REPO)
    parser.add_argument("--out", type=Path, help="default: <repo>/_build/changes")
    options = parser.parse_args()
    repo = options.repo.resolve()
    out = options.out or repo / "_build" / "changes"
    site = repo / "_build" / "html"
    build = subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "html", "-c", str(repo),
         "-D", f"jointplan_compare_with={options.base}", str(repo / "docs"), str(site)],
        check=False)
    name = f"{CHANGES_FOLDER}/{report_name(options.base)}"
    report = site / f"{name}.json"
    if build.returncode != 0 or not report.exists():
        raise SystemExit(f"make changes: no report against {options.base!r}; see the "
                         "warnings above.")
    data = json.loads(report.read_text(encoding="utf-8"))
    out.mkdir(parents=True, exist_ok=True)
    (out / "wijzigingen.json").write_text(report.read_text(encoding="utf-8"),
                                          encoding="utf-8")
    summary = "\n".join(data["lines"]) + "\n"
    (out / "wijzigingen.txt").write_text(summary, encoding="utf-8")
    links = Path(os.path.relpath(site, out)).as_posix() + "/"
    (out / "index.html").write_text(page(data, links), encoding="utf-8")
    print(summary + f"Gewijzigde paragrafen: {len(data['sections'])}. "
          f"Zie {site / name}.html")


if __name__ == "__main__":
    main()
