"""How long `make serve` takes from saving a chapter to serving the new page.

Starts the live preview (scripts/serve.py, as make serve does) on a copy of the
real plan, then several times: appends a marked sentence to a municipality
chapter and measures, as a browser showing that page sees it:

- **reload**: the browser is told to reload (the preview's websocket message);
- **shown**: the page fetched on that message has arrived, with the sentence
  (what an author waits for; the work the preview does after the reload, such
  as the search index, runs meanwhile).

With ``--baseline DIR`` (another checkout, e.g. ``git archive main | tar -x -C
DIR``; run with this checkout's Python, that checkout's ``ext`` first on the
path, so it must not change meanwhile) a second preview runs next to it, and the saves
alternate between the two (the order switching every run), so both see the
same machine load and the ratio of their medians is fair on shared cores.
Writes bench/serve_results.md and the same section in bench/results.md.

    python bench/serve_latency.py [--runs 15] [--baseline DIR [--baseline-name main]]
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
        # This benchmark's Python, with that checkout's extension first on the path.
        environment = {**os.environ, "PYTHONPATH": str(checkout / "ext")}
        self.process = subprocess.Popen(
            [sys.executable, str(checkout / "scripts" / "serve.py"), "--port", str(self.port),
             *serveopts(checkout), str(plan), str(plan / "docs"), str(tmp / label / "out")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=environment)
        self.url = f"http://127.0.0.1:{self.port}/municipalities/rhenen.html"
        self.chapter = plan / "docs" / "municipalities" / "rhenen.md"
        self.reload: list[float] = []
        self.shown: list[float] = []
        self.socket = None
        self.reloaded = threading.Event()
        self.reloaded_at = self.shown_at = 0.0
        self.page_text = ""
        self.stopping = False

    def wait_until_up(self) -> None:
        deadline = time.monotonic() + 300
        while "Rhenen" not in fetch(self.url):
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise SystemExit(f"{self.label}: the preview did not start")
            time.sleep(0.5)
        self.socket = connect(f"ws://127.0.0.1:{self.port}/websocket-reload")
        threading.Thread(target=self.listen, daemon=True).start()

    def listen(self) -> None:
        """As the browser does: on the reload message, fetch the page again."""
        assert self.socket is not None
        try:
            for _message in self.socket:
                self.reloaded_at = time.monotonic()
                self.page_text = fetch(self.url)
                self.shown_at = time.monotonic()
                self.reloaded.set()
        except Exception as error:  # closed at the end
            if not self.stopping:
                print(f"{self.label}: the reload connection failed: {error!r}", file=sys.stderr)

    def save(self, number: int) -> None:
        marker = f"Meetzin{self.label}{number}x"
        self.reloaded.clear()
        with self.chapter.open("a", encoding="utf-8") as f:
            f.write(f"\n{marker}.\n")
        saved = time.monotonic()
        if not self.reloaded.wait(60):
            raise SystemExit(f"{self.label}: no reload within 60 s (save {number})")
        if marker not in self.page_text:
            raise SystemExit(f"{self.label}: the page fetched after the reload is not new")
        self.reload.append(self.reloaded_at - saved)
        self.shown.append(self.shown_at - saved)

    def stop(self) -> None:
        self.stopping = True
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
                        help="another checkout to measure alternately")
    parser.add_argument("--baseline-name", help="what the baseline is, for the results "
                        "(default: its path)")
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
             "runs it. *reload*: the browser is told to reload (the websocket message); "
             "*shown*: the page fetched on that message, with the new line, has arrived "
             "(what the author waits for). "
             f"Load average during the run: {min(loads):.1f} to {max(loads):.1f} on "
             f"{os.cpu_count()} cores" + (", shared with other jobs" if max(loads) > 1 else "")
             + ".", "",
             "| preview, moment | median s | min s | max s | 3rd quartile s |",
             "|---|---|---|---|---|",
             row(f"{this.label}, reload", this.reload), row(f"{this.label}, shown", this.shown)]
    if options.baseline:
        base = previews[1]
        name = options.baseline_name or str(options.baseline)
        lines += [row(f"baseline ({name}), reload", base.reload),
                  row(f"baseline ({name}), shown", base.shown), "",
                  "Saves alternated between the two previews (the order switching every "
                  "run). Ratio of the medians, this / baseline: reload "
                  f"{statistics.median(this.reload) / statistics.median(base.reload):.2f}, "
                  f"shown {statistics.median(this.shown) / statistics.median(base.shown):.2f}."]
    met = statistics.median(this.shown) <= TARGET
    lines += ["", f"Target (issue 21): at most {TARGET} s from saving to the new page. "
              f"Median shown {statistics.median(this.shown):.2f} s: "
              f"{'met' if met else 'NOT met'}; "
              f"{sum(v <= TARGET for v in this.shown)} of {len(this.shown)} saves within it.",
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
