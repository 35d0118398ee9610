"""make serve: sphinx-autobuild serves the plan, rebuilds on save, shows our warnings."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from utils import copy_plan


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
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
    command = [str(Path(sys.executable).parent / "sphinx-autobuild"), "-c", str(plan),
               "--host", "127.0.0.1", "--port", str(port), str(plan / "docs"),
               str(tmp_path / "out")]
    with log.open("w") as output:
        server = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
        try:
            url = f"http://127.0.0.1:{port}/municipalities/rhenen.html"
            assert wait_for(lambda: "Rhenen" in fetch(url), 120), log.read_text()
            chapter = plan / "docs" / "municipalities" / "rhenen.md"
            text = chapter.read_text(encoding="utf-8")
            chapter.write_text(text.replace("## Profiel\n", "## Profiel\n\nNIEUWE ZIN "
                                            "{ivp:priority}`ondermijnig`.\n", 1),
                               encoding="utf-8")
            assert wait_for(lambda: "NIEUWE ZIN" in fetch(url), 60), log.read_text()
            # the extension's warning, with file and line, in the terminal
            assert wait_for(lambda: "Did you mean 'ondermijning'?" in log.read_text(), 10)
            assert "rhenen.md:" in log.read_text()
        finally:
            server.terminate()
            server.wait(timeout=30)
