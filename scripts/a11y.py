"""Accessibility and privacy check of every page of the built site, in real headless Chromium.

Serves the site on 127.0.0.1, opens each page in Debian's Chromium through
Playwright at desktop width and at a phone's 390 x 844, and fails on:

- any serious or critical violation of axe-core's WCAG 2.1 A and AA rules;
- a page that scrolls sideways, a heading without Dutch hyphenation;
- any request to another host than the site's own (fonts, icons, scripts,
  styles, anything), any violation of the page's Content-Security-Policy, any
  cookie, and any storage but the colour mode (localStorage ``mode`` and
  ``theme``) and the theme's sidebar scroll position (sessionStorage, this tab
  only). The search page is also opened with a query, so the search runs.

With ``--results FILE`` it writes what it measured as JSON (the date, the
tools, the counts per impact and rule, the build it measured, each page's
digest); the accessibility statement renders it (jointplan.site.statement).
With ``--changed-since FILE`` only the pages whose bytes differ from that
measurement are checked: after the statement has been rebuilt with the
results, its own page is checked again.

    python scripts/a11y.py _build/html [--results FILE] [--changed-since FILE]
"""

from __future__ import annotations

import argparse
import datetime
import functools
import hashlib
import http.server
import json
import re
import shutil
import sys
import threading
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING = {"serious", "critical"}
#: A desktop, and a phone (390 px wide, as an iPhone 12 to 15).
VIEWPORTS = [(1280, 900), (390, 844)]
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"]
#: What a page may keep in the browser: the reader's colour mode (the theme's
#: switch), and for this tab only where the sidebar was scrolled to.
ALLOWED_STORAGE = {"localStorage": {"mode", "theme"},
                   "sessionStorage": {"sidebar-scroll-top"}}
#: Collects the Content-Security-Policy violations of a page (runs before its scripts).
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", event => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI || "inline"}`
    + ` (${event.sourceFile || "page"}:${event.lineNumber})`);
});
"""
#: Written into the site by the extension: the release and the sources it was built from.
BUILD_FILE = "jointplan-build.json"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def serve(root: Path) -> http.server.ThreadingHTTPServer:
    handler = functools.partial(QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def site_pages(root: Path) -> list[str]:
    # Pages only: the theme copies template fragments into _static/, and the
    # earlier versions the change reports compare with are cached in .doctrees/.
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.html")
                  if not any(part[:1] in "._" for part in p.relative_to(root).parts[:-1]))


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def search_query(root: Path) -> str:
    """A word to search for: the first word of the root page's title."""
    title = re.search(r"<title>([^<]*)</title>", (root / "index.html").read_text("utf-8"))
    words = re.findall(r"\w{4,}", title.group(1)) if title else []
    return words[0] if words else "plan"


def check_site(root: Path, pages: list[str] | None = None) -> dict:
    """Open the pages (default: all) at each width; return what was measured.

    ``problems`` holds one line per failure (a serious or critical violation,
    sideways scrolling, a heading without hyphenation, a request elsewhere, a
    policy violation, a cookie or storage).
    """
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("Chromium is not installed: run scripts/system-deps a11y (as root) "
                         "or install the Debian package 'chromium'.")
    every_page = site_pages(root)
    pages = every_page if pages is None else pages
    server = serve(root)
    origin = f"127.0.0.1:{server.server_address[1]}"
    base = f"http://{origin}/"
    visits = list(pages)
    if "search.html" in pages:
        visits.append(f"search.html?q={search_query(root)}")
    problems: list[str] = []
    impacts: Counter = Counter()
    rules: dict[str, dict] = {}
    elsewhere: list[str] = []
    found = Counter()  # policy violations, cookies, storage beyond the allowed
    axe = Axe()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
            browser_version = browser.version
            for width, height in VIEWPORTS:
                context = browser.new_context(viewport={"width": width, "height": height})
                context.add_init_script(CSP_LISTENER)
                page = context.new_page()
                requested: list[str] = []
                page.on("request", lambda request: requested.append(request.url))  # noqa: B023 - this page's list
                for name in visits:
                    requested.clear()
                    page.goto(base + name, wait_until="load")
                    page.wait_for_load_state("networkidle")
                    where = f"{name} at {width} px"
                    for url in requested:
                        parts = urlsplit(url)
                        if parts.scheme not in ("data", "blob", "about") and \
                                parts.netloc != origin:
                            elsewhere.append(url)
                            problems.append(f"{where}: request to another host: {url}")
                    for violation in page.evaluate("window.__cspViolations"):
                        found["policy"] += 1
                        problems.append(f"{where}: Content-Security-Policy violation: "
                                        f"{violation}")
                    for area, allowed in ALLOWED_STORAGE.items():
                        kept = set(page.evaluate(f"Object.keys(window.{area})")) - allowed
                        if kept:
                            found["storage"] += 1
                            problems.append(f"{where}: {area} holds {sorted(kept)}")
                    if context.cookies():
                        found["cookies"] += 1
                        problems.append(f"{where}: cookies set: "
                                        f"{sorted(c['name'] for c in context.cookies())}")
                    if "?" in name:
                        continue  # the search page once more, for its requests and storage
                    result = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
                    for violation in result.response["violations"]:
                        impacts[violation["impact"]] += 1
                        rule = rules.setdefault(violation["id"], {
                            "id": violation["id"], "impact": violation["impact"],
                            "help": violation["help"], "pages": 0})
                        rule["pages"] += 1
                        if violation["impact"] not in FAILING:
                            continue
                        targets = ", ".join(str(n["target"][0]) for n in violation["nodes"][:3])
                        problems.append(f"{where}: {violation['impact']} {violation['id']}: "
                                        f"{violation['help']} ({targets})")
                    # The page itself never scrolls sideways; wide tables scroll
                    # inside their own box.
                    wide, visible = page.evaluate(
                        "[document.documentElement.scrollWidth, "
                        "document.documentElement.clientWidth]")
                    if wide > visible + 1:
                        problems.append(f"{where}: the page scrolls sideways ({wide} px wide)")
                    # Long Dutch words in headings hyphenate (lang nl, hyphens: auto)
                    # rather than break anywhere. (This Chromium has no hyphenation
                    # dictionaries, so the setting is checked, not the break.)
                    unhyphenated = page.evaluate(
                        "document.documentElement.lang.startsWith('nl') ? "
                        "[...document.querySelectorAll('article h1, article h2, article h3')]"
                        ".filter(h => getComputedStyle(h).hyphens !== 'auto')"
                        ".map(h => h.textContent.trim().slice(0, 40)) : ['<html lang>']")
                    for heading in unhyphenated:
                        problems.append(f"{where}: heading without Dutch hyphenation: {heading}")
                context.close()
            browser.close()
    finally:
        server.shutdown()
    build = root / BUILD_FILE
    return {
        "kind": "site",
        "measured": datetime.date.today().isoformat(),
        "build": json.loads(build.read_text(encoding="utf-8")) if build.exists() else None,
        "tools": {"axe-core": axe_version(), "chromium": browser_version},
        "rules": WCAG,
        "viewports": [width for width, _ in VIEWPORTS],
        "pages": len(pages),
        "page_digests": {name: digest(root / name) for name in pages},
        "impacts": dict(impacts),
        "violations": sorted(rules.values(), key=lambda r: r["id"]),
        "requests_elsewhere": len(elsewhere),
        "policy_violations": found["policy"],
        "cookies": found["cookies"],
        "storage": found["storage"],
        "problems": problems,
    }


def axe_version() -> str:
    import axe_playwright_python
    script = Path(axe_playwright_python.__file__).parent / "axe.min.js"
    found = re.search(r"axe v([\d.]+)", script.read_text(encoding="utf-8")[:500])
    return found.group(1) if found else ""


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, nargs="?", default=Path("_build/html"))
    parser.add_argument("--results", type=Path, help="write the measurement here (JSON)")
    parser.add_argument("--changed-since", type=Path,
                        help="check only the pages that differ from this measurement")
    options = parser.parse_args(argv)
    pages = None
    if options.changed_since:
        before = json.loads(options.changed_since.read_text(encoding="utf-8"))["page_digests"]
        pages = [name for name in site_pages(options.site)
                 if before.get(name) != digest(options.site / name)]
    measured = check_site(options.site, pages)
    widths = " and ".join(f"{w} px" for w in measured["viewports"])
    print(f"axe-core checked {measured['pages']} pages at {widths}: "
          f"{len(measured['problems'])} problems (serious or critical violations, sideways "
          f"scrolling, requests to other hosts, policy violations, cookies or storage)")
    for problem in measured["problems"]:
        print(f"  - {problem}")
    if options.results:
        options.results.parent.mkdir(parents=True, exist_ok=True)
        options.results.write_text(json.dumps(measured, ensure_ascii=False, indent=1) + "\n",
                                   encoding="utf-8")
    return 1 if measured["problems"] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
