"""make serve: sphinx-autobuild serves the plan, rebuilds on save, shows our warnings
(in the terminal and at the top of the page)."""

from __future__ import annotations

import http.client
import re
import socket
import subprocess
import sys
import time
import urllib.request

from pathlib import Path

from utils import REPO, copy_plan


#: What make serve adds to the build's configuration (the Makefile's SERVEOPTS).
SERVEOPTS = re.search(r"^SERVEOPTS := (.*)$", (REPO / "Makefile").read_text(encoding="utf-8"),
                      re.M)[1].split()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (OSError, http.client.HTTPException):  # not up yet, or a page being rewritten
        return ""


def wait_for(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_serve_rebuilds_on_save_and_reports_warnings(tmp_path):
    plan = copy_plan(tmp_path / "plan")
    port = free_port()
    log = tmp_path / "serve.log"
    # What `make serve` runs, on a copy of the plan.
    command = [sys.executable, str(REPO / "scripts" / "serve.py"), "--port", str(port),
               *SERVEOPTS, str(plan), str(plan / "docs"), str(tmp_path / "out")]
    with log.open("w") as output:
        server = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
        try:
            url = f"http://127.0.0.1:{port}/municipalities/rhenen.html"
            assert wait_for(lambda: "Rhenen" in fetch(url), 120), log.read_text(encoding="utf-8")
            chapter = plan / "docs" / "municipalities" / "rhenen.md"
            text = chapter.read_text(encoding="utf-8")
            chapter.write_text(text.replace("## Profiel\n", "## Profiel\n\nNIEUWE ZIN "
                                            "{ivp:priority}`ondermijnig`.\n", 1),
                               encoding="utf-8")
            assert wait_for(lambda: "NIEUWE ZIN" in fetch(url), 60), log.read_text(encoding="utf-8")
            # the extension's warning, with file and line, in the terminal
            assert wait_for(lambda: "Bedoel je ‘ondermijning’?" in log.read_text(encoding="utf-8"), 10)
            assert "rhenen.md:" in log.read_text(encoding="utf-8")
            # and at the top of the page, for an author who watches the browser
            page = fetch(url)
            box = page.split('class="ivp-live-warnings"', 1)[1].split("</div>", 1)[0]
            line = text.splitlines().index("## Profiel") + 3
            assert f"docs/municipalities/rhenen.md:{line}</code>" in box
            assert "Bedoel je ‘ondermijning’?" in box
            # A prose edit; then every page written is the page make html writes.
            text = chapter.read_text(encoding="utf-8")
            chapter.write_text(text.replace("NIEUWE ZIN", "NOG EEN NIEUWE ZIN", 1),
                               encoding="utf-8")
            assert wait_for(lambda: "NOG EEN NIEUWE ZIN" in fetch(url), 60)
            # the search index is written after the browser was told to reload
            out = tmp_path / "out"
            assert wait_for(lambda: (out / "searchindex.js").stat().st_mtime_ns
                            >= (out / "municipalities" / "rhenen.html").stat().st_mtime_ns, 30)
        finally:
            server.terminate()
            server.wait(timeout=30)
    assert_same_site(plan, tmp_path / "out", tmp_path / "make-html")


LIVE_BOX = re.compile(r'<div class="ivp-live-warnings".*?</ul></div>', re.DOTALL)


def assert_same_site(plan, served, built):
    """The pages the live preview wrote are those of make html (a clean build of the
    same sources), but for the preview's warnings; the search index too."""
    subprocess.run([sys.executable, "-m", "sphinx", "-q", "-c", str(plan), "-b", "html",
                    str(plan / "docs"), str(built)], check=True, capture_output=True)
    # make serve writes no general index (SERVEOPTS)
    pages = sorted(p.relative_to(built) for p in built.rglob("*.html")
                   if "_static" not in p.parts and p.name != "genindex.html")
    assert Path("municipalities/rhenen.html") in pages
    different = [str(page) for page in pages
                 if LIVE_BOX.sub("", (served / page).read_text(encoding="utf-8"))
                 != (built / page).read_text(encoding="utf-8")]
    assert different == []
    # only the page with the mistake shows a warning box
    assert [str(page) for page in pages
            if LIVE_BOX.search((served / page).read_text(encoding="utf-8"))] \
        == ["municipalities/rhenen.html"]
    assert (served / "searchindex.js").read_text(encoding="utf-8") \
        == (built / "searchindex.js").read_text(encoding="utf-8")
