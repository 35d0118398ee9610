"""``priorities.json``: the plan's objects and choices, for tools and reviewers.

Written next to the HTML with its JSON Schema, so that other tools (the change
report, a municipality's own site) read the same data the tables show.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from sphinx.application import Sphinx

from ..plan.model import FIELDS, STATUSES, Choice, Plan
from ..plan.views import municipality_anchor, priority_anchor
from . import decisions
from .domain import ivp

SCHEMA = Path(__file__).parent.parent / "site" / "static" / "priorities.schema.json"
JSON_NAME = "priorities.json"


def plan_as_data(plan: Plan, uri_of, recorded=None) -> dict:
    """The export as plain data; ``uri_of(docname, anchor)`` makes links.

    ``recorded(municipality)``: the municipality with its adoption as the
    decisions record it (:func:`.decisions.as_recorded`); without it, the
    declarations' options alone.

    Every list of who chose what carries each choice's status and sources, so
    a reader of one list alone cannot take an illustration for a decision.
    """
    def provenance(choice: Choice) -> dict:
        return {"status": choice.status or None, "sources": list(choice.sources)}

    def parts(choice: Choice) -> dict:
        own = dict(choice.part_sources)
        return {part: {"status": status or None,
                       "sources": list(own.get(part, choice.sources))}
                for part, status in choice.part_status}

    return {
        "$schema": SCHEMA.name,
        "fields": [{"id": field_id, "title": title} for field_id, title in FIELDS.items()],
        "statuses": list(STATUSES),
        "municipalities": [
            {"id": m.id, "name": m.name, "residents": m.residents,
             "college_decision": m.college_decision or None,
             "council_decision": m.council_decision or None,
             "council_version": m.council_version or None,
             "url": uri_of(m.location.docname, municipality_anchor(m.id))}
            for m in map(recorded or (lambda m: m), plan.ordered_municipalities)
        ],
        "priorities": [
            {"id": p.id, "title": p.title, "field": p.field, "joint": p.joint,
             "chosen_by": [{"municipality": m.id,
                            **provenance(plan.choice_by_key[m.id, p.id])}
                           for m in plan.choosers(p.id)],
             "url": uri_of(p.location.docname, priority_anchor(p.id))}
            for p in plan.ordered_priorities
        ],
        "choices": {
            municipality_id: [{"priority": p.id,
                               **provenance(plan.choice_by_key[municipality_id, p.id])}
                              for p in priorities]
            for municipality_id, priorities in plan.chosen_by_municipality.items()
        },
        # Where each choice and each of its parts comes from.
        "provenance": {
            municipality_id: {
                p.id: {**provenance(plan.choice_by_key[municipality_id, p.id]),
                       **parts(plan.choice_by_key[municipality_id, p.id])}
                for p in priorities}
            for municipality_id, priorities in plan.chosen_by_municipality.items()
        },
    }


def write_priorities_json(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    if not app.config.jointplan_export_json:
        return
    builder = app.builder

    def uri_of(docname: str, anchor: str) -> str:
        return f"{builder.get_target_uri(docname)}#{anchor}"

    data = plan_as_data(ivp(app.env).plan, uri_of,
                        lambda m: decisions.as_recorded(app.env, m))
    data.update(decisions.as_data(app.env))  # the lifecycle, parties and decisions
    outdir = Path(builder.outdir)
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
    (outdir / JSON_NAME).write_text(text, encoding="utf-8")
    shutil.copyfile(SCHEMA, outdir / SCHEMA.name)
