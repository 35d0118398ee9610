"""How long `make serve` takes from saving a chapter to serving the new page.

Starts the live preview (scripts/serve.py, as make serve does) on a copy of the
real plan, then several times: appends a marked sentence to a municipality
chapter and measures two moments after the save:

- **page**: the served page holds the sentence (polled every 20 ms);
- **reload**: the browser is told to reload (the preview's websocket message),
  which is what an author waits for.

With ``--baseline DIR`` (another checkout with its own ``.venv``, e.g. the main
branch) a second preview of that checkout runs next to it, and the saves
alternate between the two (the order switching every run), so both see the
same machine load and the ratio of their medians is fair on shared cores.
Writes bench/serve_results.md and the same section in bench/results.md.

    python bench/serve_latency.py [--runs 15] [--baseline /work/main]
"""

from __future__ import annotations

import argparse
import http.client
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from websockets.sync.client import connect

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
BEGIN, END = "<!-- serve latency (bench/serve_latency.py) -->", "<!-- /serve latency -->"
TARGET = 0.5


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (OSError, http.client.HTTPException):  # not up yet, or a page being rewritten
        return ""


def serveopts(checkout: Path) -> list[str]:
    """What that checkout's make serve adds to the configuration."""
    for line in (checkout / "Makefile").read_text(encoding="utf-8").splitlines():
        if line.startswith("SERVEOPTS := "):
            return line.split(":=", 1)[1].split()
    return []


class Preview:
    """One checkout's live preview on its own copy of this checkout's plan."""

    def __init__(self, label: str, checkout: Path, tmp: Path):
        self.label = label
        plan = tmp / label / "plan"
        plan.mkdir(parents=True)
        shutil.copy(REPO / "conf.py", plan / "conf.py")
        shutil.copytree(REPO / "docs", plan / "docs")
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        python = checkout / ".venv" / "bin" / "python"
        self.process = subprocess.Popen(
            [str(python if python.exists() else sys.executable),
             str(checkout / "scripts" / "serve.py"), "--port", str(self.port),
             *serveopts(checkout), str(plan), str(plan / "docs"), str(tmp / label / "out")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.url = f"http://127.0.0.1:{self.port}/municipalities/rhenen.html"
        self.chapter = plan / "docs" / "municipalities" / "rhenen.md"
        self.page: list[float] = []
        self.reload: list[float] = []
        self.socket = None
        self.reloaded = threading.Event()
        self.reloaded_at = 0.0

    def wait_until_up(self) -> None:
        deadline = time.monotonic() + 300
        while "Rhenen" not in fetch(self.url):
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise SystemExit(f"{self.label}: the preview did not start")
            time.sleep(0.5)
        self.socket = connect(f"ws://127.0.0.1:{self.port}/websocket-reload")
        threading.Thread(target=self.listen, daemon=True).start()

    def listen(self) -> None:
        assert self.socket is not None
        try:
            for _message in self.socket:
                self.reloaded_at = time.monotonic()
                self.reloaded.set()
        except Exception:  # closed at the end
            return

    def save(self, number: int) -> None:
        marker = f"Meetzin{self.label}{number}x"
        self.reloaded.clear()
        with self.chapter.open("a", encoding="utf-8") as f:
            f.write(f"\n{marker}.\n")
        saved = time.monotonic()
        while marker not in fetch(self.url):
            if time.monotonic() - saved > 60:
                raise SystemExit(f"{self.label}: the page did not update within 60 s")
            time.sleep(0.02)
        self.page.append(time.monotonic() - saved)
        if not self.reloaded.wait(60):
            raise SystemExit(f"{self.label}: no reload within 60 s")
        self.reload.append(self.reloaded_at - saved)

    def stop(self) -> None:
        if self.socket is not None:
            self.socket.close()
        self.process.terminate()
        self.process.wait(timeout=30)


def row(label: str, values: list[float]) -> str:
    return (f"| {label} | {statistics.median(values):.2f} | {min(values):.2f} | "
            f"{max(values):.2f} | {statistics.quantiles(values, n=4)[2]:.2f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--baseline", type=Path,
                        help="another checkout (with .venv) to measure alternately")
    options = parser.parse_args()
    loads = [os.getloadavg()[0]]
    with tempfile.TemporaryDirectory() as tmp:
        previews = [Preview("this", REPO, Path(tmp))]
        if options.baseline:
            previews.append(Preview("baseline", options.baseline.resolve(), Path(tmp)))
        try:
            for preview in previews:
                preview.wait_until_up()
            time.sleep(3)  # let the first builds settle
            for number in range(options.runs):
                order = previews if number % 2 == 0 else previews[::-1]
                for preview in order:
                    preview.save(number)
                    time.sleep(1.5)  # the work done after the reload, then quiet
                loads.append(os.getloadavg()[0])
        finally:
            for preview in previews:
                preview.stop()
    this = previews[0]
    lines = ["## make serve: from saving a chapter to the new page being served", "",
             f"Real plan, {options.runs} saves of docs/municipalities/rhenen.md (a line of "
             "prose each); `scripts/serve.py` with the Makefile's SERVEOPTS, as `make serve` "
             "runs it. *page*: the served page holds the new line (polled every 20 ms); "
             "*reload*: the browser is told to reload (what the author waits for). "
             f"Load average during the run: {min(loads):.1f} to {max(loads):.1f} on "
             f"{os.cpu_count()} cores" + (", shared with other jobs" if max(loads) > 1 else "")
             + ".", "",
             "| preview, moment | median s | min s | max s | 3rd quartile s |",
             "|---|---|---|---|---|",
             row(f"{this.label}, page", this.page), row(f"{this.label}, reload", this.reload)]
    if options.baseline:
        base = previews[1]
        lines += [row(f"baseline ({options.baseline}), page", base.page),
                  row(f"baseline ({options.baseline}), reload", base.reload), "",
                  "Saves alternated between the two previews (the order switching every "
                  "run). Ratio of the medians, this / baseline: page "
                  f"{statistics.median(this.page) / statistics.median(base.page):.2f}, "
                  f"reload {statistics.median(this.reload) / statistics.median(base.reload):.2f}."]
    met = statistics.median(this.reload) <= TARGET
    lines += ["", f"Target (issue 21): at most {TARGET} s from saving to the new page. "
              f"Median reload {statistics.median(this.reload):.2f} s: "
              f"{'met' if met else 'NOT met'}; "
              f"{sum(v <= TARGET for v in this.reload)} of {len(this.reload)} saves within it.",
              ""]
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
