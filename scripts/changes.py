"""make changes BASE=<git ref>: a page for reviewers on what changed since BASE.

Builds the plan as it is now and as it was at BASE (each with the extension of
its own version, from ``git archive``), compares their ``priorities.json`` and
the chapters' text, and writes ``_build/changes/index.html``, a plain-text
summary ``wijzigingen.txt`` and ``wijzigingen.json``, which the PDF builder
can add as an appendix (``make pdf CHANGES=_build/changes/wijzigingen.json``).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

from jointplan.changes import chapter_diffs, compare, render_page

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


def chapters(root: Path) -> dict[str, str]:
    docs = root / "docs"
    return {p.relative_to(docs).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(docs.rglob("*.md"))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base", required=True, help="git ref of the earlier version")
    parser.add_argument("--repo", type=Path, default=REPO)
    parser.add_argument("--out", type=Path, default=REPO / "_build" / "changes")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        old_root = Path(tmp) / "base"
        checkout(options.repo, options.base, old_root)
        old = build_export(old_root, Path(tmp) / "base-html")
        new = build_export(options.repo, Path(tmp) / "new-html")
        old_text = chapters(old_root)
    changes = compare(old, new)
    diffs = chapter_diffs(old_text, chapters(options.repo))
    options.out.mkdir(parents=True, exist_ok=True)
    (options.out / "index.html").write_text(render_page(changes, diffs, options.base),
                                            encoding="utf-8")
    summary = "\n".join(changes.lines()) + "\n"
    (options.out / "wijzigingen.txt").write_text(summary, encoding="utf-8")
    # For the PDF's appendix: make pdf CHANGES=_build/changes/wijzigingen.json
    (options.out / "wijzigingen.json").write_text(json.dumps(
        {"base": options.base, "lines": changes.lines()}, ensure_ascii=False, indent=2) + "\n",
        encoding="utf-8")
    print(summary + f"Gewijzigde hoofdstukken: {len(diffs)}. "
          f"Zie {options.out / 'index.html'}")


if __name__ == "__main__":
    main()
