"""make ids: give every paragraph, list item and table row of the chapters an id.

Reads the plan once with Sphinx (the ``dummy`` builder, a throw-away
environment), so it finds exactly the blocks the check reports, and puts a
marker ``{#p-...}`` at the start of each block that has none. Ids already in
the text are never changed; running it again changes nothing. A new id is
derived from the document and the block's text, so two branches that stamp
the same new paragraph give it the same id.

    python scripts/stamp_ids.py [-c CONFDIR] [SOURCEDIR]   (default: -c . docs)
    python scripts/stamp_ids.py --check ...                 exit 1 if any block lacks an id
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from sphinx.application import Sphinx

from jointplan.plan.paragraphs import stamp


def read_plan(srcdir: Path, confdir: Path):
    """The ``ivp-text`` domain of a fresh read of the plan, and Sphinx's warnings."""
    warnings = io.StringIO()
    with tempfile.TemporaryDirectory() as tmp:
        app = Sphinx(str(srcdir), str(confdir), str(Path(tmp) / "out"),
                     str(Path(tmp) / "doctrees"), "dummy", status=None, warning=warnings,
                     freshenv=True, confoverrides={"jointplan_paragraph_ids": False})
        app.build()
        return app.env, app.env.domains["ivp-text"], warnings.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("srcdir", nargs="?", default="docs", type=Path)
    parser.add_argument("-c", "--confdir", default=None, type=Path,
                        help="folder of conf.py (default: the source folder's parent "
                             "if it has conf.py, else the source folder)")
    parser.add_argument("--check", action="store_true",
                        help="change nothing; exit 1 when a block has no id")
    args = parser.parse_args(argv)
    srcdir = args.srcdir.resolve()
    confdir = args.confdir or (srcdir.parent if (srcdir.parent / "conf.py").exists()
                               else srcdir)
    env, domain, _ = read_plan(srcdir, confdir.resolve())
    taken = {p.id for p in domain.paragraphs}
    places = defaultdict(list)
    for place in domain.unstamped:
        places[place.docname].append(place)
    if args.check:
        for docname, missing in sorted(places.items()):
            for place in sorted(missing, key=lambda p: p.lineno):
                print(f"{env.doc2path(docname)}:{place.lineno}: {place.kind} zonder id")
        return 1 if places else 0
    total = 0
    for docname, missing in sorted(places.items()):
        path = Path(env.doc2path(docname))
        text = path.read_text(encoding="utf-8")
        stamped, added = stamp(text, missing, taken)
        if stamped != text:
            path.write_text(stamped, encoding="utf-8")
        total += len(added)
        if added:
            print(f"{path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}:"
                  f" {len(added)} id(s)")
        skipped = len(missing) - len(added)
        if skipped:
            print(f"{path}: {skipped} block(s) left without id (no place for a marker found)",
                  file=sys.stderr)
    print(f"{total} id(s) stamped, {len(taken) - total} already present.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
