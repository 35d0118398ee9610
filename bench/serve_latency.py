"""How long `make serve` takes from saving a chapter to serving the new page.

Starts the live preview (scripts/serve.py, as make serve does) on a copy of the
real plan, then several times: appends a marked sentence to a municipality
chapter and polls the served page until the sentence is there. Writes
bench/serve_results.md (median, min, max) and the same section in
bench/results.md.
"""

from __future__ import annotations

import os
import shutil
import http.client
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
RUNS = 7
BEGIN, END = "<!-- serve latency (bench/serve_latency.py) -->", "<!-- /serve latency -->"


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (OSError, http.client.HTTPException):  # not up yet, or a page being rewritten
        return ""


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        plan = Path(tmp) / "plan"
        plan.mkdir()
        shutil.copy(REPO / "conf.py", plan / "conf.py")
        shutil.copytree(REPO / "docs", plan / "docs")
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        # What make serve runs.
        server = subprocess.Popen(
            [sys.executable, str(REPO / "scripts" / "serve.py"), "--port", str(port),
             "-D", "jointplan_live_warnings=1", "-D", "html_use_index=0", str(plan),
             str(plan / "docs"),
             str(Path(tmp) / "out")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        url = f"http://127.0.0.1:{port}/municipalities/rhenen.html"
        chapter = plan / "docs" / "municipalities" / "rhenen.md"
        latencies = []
        try:
            deadline = time.monotonic() + 180
            while "Rhenen" not in fetch(url) and time.monotonic() < deadline:
                time.sleep(0.5)
            time.sleep(2)  # let the first build settle
            for number in range(RUNS):
                marker = f"Meetzin{number}x"
                with chapter.open("a", encoding="utf-8") as f:
                    f.write(f"\n{marker}.\n")
                saved = time.monotonic()
                while marker not in fetch(url):
                    if time.monotonic() - saved > 60:
                        raise SystemExit("the page did not update within 60 s")
                    time.sleep(0.05)
                latencies.append(time.monotonic() - saved)
                time.sleep(1)
        finally:
            server.terminate()
            server.wait(timeout=30)
    load = os.getloadavg()[0]
    lines = ["## make serve: from saving a chapter to the new page being served", "",
             f"Real plan, {RUNS} saves of docs/municipalities/rhenen.md (a line of prose), "
             f"the page polled every 50 ms; `scripts/serve.py` as `make serve` runs it. "
             f"Load average during the run: {load:.1f} on {os.cpu_count()} cores.",
             "", "| median s | min s | max s | target |", "|---|---|---|---|",
             f"| {statistics.median(latencies):.2f} | {min(latencies):.2f} | "
             f"{max(latencies):.2f} | at most 0.5 s: "
             f"{'met' if max(latencies) <= 0.5 else 'NOT met'} |", ""]
    section = "\n".join([BEGIN, *lines, END])
    (BENCH / "serve_results.md").write_text("\n".join(lines), encoding="utf-8")
    # Also in results.md, which bench/run.py writes anew (make bench runs this after it).
    results = BENCH / "results.md"
    text = results.read_text(encoding="utf-8") if results.exists() else ""
    if BEGIN in text:
        text = text[:text.index(BEGIN)] + section + text[text.index(END) + len(END):]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    results.write_text(text, encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
