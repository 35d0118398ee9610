"""Which text each council adopted, and which text was valid on a given day.

Derived from the recorded decisions (``ivp:decision <id>/raad``, or the
chapter's :council-decision: and :council-version:; the release tags) and the
amendments those decisions confirm, never from copies kept by hand:

    python scripts/adopted_text.py [-c CONFDIR] [SOURCEDIR] [--date 2019-02-01]

prints one line per council. ``make vastgesteld RAAD=<id>``
(``scripts/build_adopted.py``) builds that text: the release's sources with
the current amendments and decisions, the council's site pages and edition.
"""

from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from stamp_ids import read_plan

from jointplan.glue.decisions import register
from jointplan.plan import words
from jointplan.plan.pointintime import as_adopted, valid_on_recorded


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("srcdir", nargs="?", default="docs", type=Path)
    parser.add_argument("-c", "--confdir", default=None, type=Path)
    parser.add_argument("--date", type=datetime.date.fromisoformat,
                        help="the day (YYYY-MM-DD) to ask which text was valid")
    args = parser.parse_args(argv)
    srcdir = args.srcdir.resolve()
    confdir = args.confdir or (srcdir.parent if (srcdir.parent / "conf.py").exists()
                               else srcdir)
    env, text_domain, _ = read_plan(srcdir, confdir.resolve())
    plan = env.domains["ivp"].plan
    amendments = text_domain.applied()  # those of each council's current decision
    recorded = register(env)
    for municipality in plan.ordered_municipalities:
        if args.date is None:
            adopted = as_adopted(recorded.as_recorded(municipality), amendments)
            answer = (words.adopted_text_phrase(adopted.version, adopted.amendments)
                      if adopted else words.council_status(
                          recorded.as_recorded(municipality)).lower())
        else:
            state, adopted = valid_on_recorded(recorded, municipality,
                                               text_domain.amendments, args.date)
            answer = words.VALID_ON[state]
            if adopted is not None and state == "uncertain":
                answer += f" (besluit: {words.decision_date(adopted.decision)})"
            if adopted is not None:
                answer += ": " + words.adopted_text_phrase(adopted.version, adopted.amendments)
        print(f"{municipality.name}: {answer}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
