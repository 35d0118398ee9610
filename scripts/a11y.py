"""Accessibility check of every page of the built site, in real headless Chromium.

Serves the site on 127.0.0.1, opens each page in Debian's Chromium through
Playwright at desktop width and at a phone's 390 x 844, runs axe-core (WCAG 2.1
A and AA rules) and fails on any serious or critical violation, and on a page
that scrolls sideways, printing the page, the width, the rule and the elements.

    python scripts/a11y.py _build/html
"""

from __future__ import annotations

import functools
import http.server
import shutil
import sys
import threading
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING = {"serious", "critical"}
#: A desktop, and a phone (390 px wide, as an iPhone 12 to 15).
VIEWPORTS = [(1280, 900), (390, 844)]
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def serve(root: Path) -> http.server.ThreadingHTTPServer:
    handler = functools.partial(QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def check_site(root: Path) -> list[str]:
    """One line per serious or critical violation on any page."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("Chromium is not installed: run scripts/system-deps (as root) or "
                         "install the Debian package 'chromium'.")
    # Pages only: the theme copies template fragments into _static/, and the
    # earlier versions the change reports compare with are cached in .doctrees/.
    pages = sorted(p.relative_to(root).as_posix() for p in root.rglob("*.html")
                   if not any(part[:1] in "._" for part in p.relative_to(root).parts[:-1]))
    server = serve(root)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    problems = []
    axe = Axe()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
            for width, height in VIEWPORTS:
                page = browser.new_page(viewport={"width": width, "height": height})
                for name in pages:
                    page.goto(base + name, wait_until="load")
                    where = f"{name} at {width} px"
                    result = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
                    for violation in result.response["violations"]:
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
                page.close()
            browser.close()
    finally:
        server.shutdown()
    print(f"axe-core checked {len(pages)} pages at {' and '.join(f'{w} px' for w, _ in VIEWPORTS)}"
          f": {len(problems)} problems (serious or critical violations, sideways scrolling)")
    return problems


def main(argv: list[str]) -> int:
    problems = check_site(Path(argv[0] if argv else "_build/html"))
    for problem in problems:
        print(f"  - {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
