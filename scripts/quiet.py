"""A build step with a short Dutch summary; its full output goes to a log file.

Sphinx prints every step it takes (the MyST configuration, the options that
changed, a line per page written); the one line an author needs is lost in
it. ``make`` runs each build through this script unless ``V=1`` is given:

    python scripts/quiet.py --log _build/logs/html.log --what "De website" \
        --result _build/html/index.html -- sphinx-build ...

It prints what was built and where, the number of warnings, and each warning
as ``file:line: message [type.subtype]`` (the path as the repository shows
it), and exits with the command's status. The log file holds the whole
output, as CI's annotations (``scripts/annotations.py``) read it.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from annotations import parse


def summary(what: str, result: str, status: int, problems, log: Path) -> list[str]:
    errors = [p for p in problems if p.level == "error"]
    lines = []
    if status == 0:
        lines.append(f"{what}: klaar. {result}".rstrip())
    else:
        lines.append(f"{what}: mislukt (afsluitcode {status}).")
    count = len(problems)
    if count:
        lines.append(f"{count} melding{'en' if count != 1 else ''}"
                     + (f", waarvan {len(errors)} fout{'en' if len(errors) != 1 else ''}"
                        if errors else "") + ":")
        for problem in problems:
            where = ":".join(str(part) for part in (problem.path, problem.line) if part)
            kind = f" [{problem.kind}]" if problem.kind else ""
            lines.append(f"  {where + ': ' if where else ''}{problem.message}{kind}")
    else:
        lines.append("Geen meldingen.")
    if status != 0 and not problems:
        tail = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-15:]
        lines.append("De laatste regels van het verslag:")
        lines += [f"  {line}" for line in tail]
    lines.append(f"Volledig verslag: {log} (of: make ... V=1)")
    return lines


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--log", type=Path, required=True)
    parser.add_argument("--what", required=True)
    parser.add_argument("--result", default="")
    parser.add_argument("--only", default="", metavar="KIND",
                        help="list only warnings of this kind (e.g. spelling: the step "
                             "before it listed the others)")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    options = parser.parse_args(argv)
    command = options.command[1:] if options.command[:1] == ["--"] else options.command
    options.log.parent.mkdir(parents=True, exist_ok=True)
    with options.log.open("w", encoding="utf-8") as log:
        status = subprocess.run(command, stdout=log, stderr=subprocess.STDOUT).returncode
    problems = parse(options.log.read_text(encoding="utf-8", errors="replace"), Path.cwd())
    if options.only:
        problems = [p for p in problems if p.kind.split(".")[0] == options.only]
    print("\n".join(summary(options.what, options.result, status, problems, options.log)))
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
