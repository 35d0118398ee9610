"""Put one version of the site into the published tree, next to the others.

    python scripts/publish_site.py --site _build/release/v1.1/site --pages pages \\
        --version v1.1 --site-url https://owner.github.io/repo/

The published tree (the ``gh-pages`` branch, see .github/workflows/publish.yml)
holds every release under its own folder (``v1.0/``, ``v1.1/``) and the
development version under ``dev/``. A release's folder is written once and
never changed afterwards (the archive law wants the adopted text kept
unchanged); ``dev/`` is replaced on every push to main. Then:

- ``versions.json``: the list the version switcher and the "older version"
  notice read (pydata-sphinx-theme's format), the newest release preferred;
- ``index.html``: sends a visitor of the site's root to the newest release;
- ``.nojekyll``: GitHub Pages would otherwise hide the ``_static`` folders.
"""

from __future__ import annotations

import argparse
import json
import shutil
from html import escape
from pathlib import Path

from jointplan.plan.versions import TAG_PATTERN, version_key

DEVELOPMENT = "dev"
#: Build leftovers that are not part of the site.
NOT_PUBLISHED = (".doctrees", ".buildinfo")


def publish(site: Path, pages: Path, version: str) -> None:
    target = pages / version
    if target.exists():
        if version != DEVELOPMENT:
            raise SystemExit(f"{version} is already published; a release is never changed. "
                             "Make a new release (a new tag) instead.")
        shutil.rmtree(target)
    shutil.copytree(site, target, ignore=shutil.ignore_patterns(*NOT_PUBLISHED))


def version_list(pages: Path, site_url: str) -> list[dict]:
    """Every published version, newest release first, then the development version."""
    base = site_url.rstrip("/") + "/"
    releases = sorted((p.name for p in pages.iterdir()
                       if p.is_dir() and TAG_PATTERN.fullmatch(p.name)),
                      key=version_key, reverse=True)
    entries = [{"name": f"versie {name[1:]}" + (" (nieuwste)" if i == 0 else ""),
                "version": name, "url": f"{base}{name}/", **({"preferred": True} if i == 0 else {})}
               for i, name in enumerate(releases)]
    if (pages / DEVELOPMENT).is_dir():
        entries.append({"name": "ontwikkelversie", "version": DEVELOPMENT,
                        "url": f"{base}{DEVELOPMENT}/"})
    return entries


def landing_page(entries: list[dict]) -> str:
    newest = next((e for e in entries if e.get("preferred")), entries[0] if entries else None)
    target = escape(newest["version"] + "/") if newest else ""
    return (f'<!DOCTYPE html>\n<html lang="nl"><head><meta charset="utf-8">\n'
            f'<meta http-equiv="refresh" content="0; url={target}">\n'
            f'<title>Het plan</title></head>\n<body><p><a href="{target}">'
            f'Naar de nieuwste versie van het plan</a>.</p></body></html>\n')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", type=Path, required=True, help="the built site")
    parser.add_argument("--pages", type=Path, required=True, help="the published tree")
    parser.add_argument("--version", required=True, help="a release tag (v1.1) or 'dev'")
    parser.add_argument("--site-url", required=True, help="where the published tree is served")
    options = parser.parse_args()
    if options.version != DEVELOPMENT and not TAG_PATTERN.fullmatch(options.version):
        raise SystemExit(f"--version must be a release tag such as v1.1 or '{DEVELOPMENT}'")
    options.pages.mkdir(parents=True, exist_ok=True)
    publish(options.site, options.pages, options.version)
    entries = version_list(options.pages, options.site_url)
    (options.pages / "versions.json").write_text(
        json.dumps(entries, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    (options.pages / "index.html").write_text(landing_page(entries), encoding="utf-8")
    (options.pages / ".nojekyll").touch()
    print(f"Published {options.version}: "
          f"{', '.join(e['version'] for e in entries)} in {options.pages}")


if __name__ == "__main__":
    main()
