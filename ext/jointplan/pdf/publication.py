"""Next to each council edition: its decision text and publication metadata.

``<edition>.besluit.txt`` and ``<edition>.publicatie.json``
(:mod:`jointplan.plan.publication`); ``make release`` puts them with the PDF
into the council's publication package (``scripts/release.py``).
"""

from __future__ import annotations

import json
from pathlib import Path

from ..glue import buildversion
from ..plan import publication
from ..plan.decisions import Register
from ..plan.model import Plan

DECISION_SUFFIX = ".besluit.txt"
METADATA_SUFFIX = ".publicatie.json"


def write_publication(outdir: Path, config, plan: Plan, key: str, slug: str,
                      title: str, register: Register) -> None:
    """The decision and metadata of a council edition (``key``: its municipality);
    the decision as ``register`` records it (jointplan.glue.decisions.register)."""
    municipality = plan.municipality_by_id.get(key)
    if municipality is None:
        return  # the full plan: no one council publishes it
    decision = publication.council_decision(register, municipality)
    version = config.release or config.version
    tag = buildversion.of(config).tag
    adopted_text = publication.is_adopted_text(decision, tag.name if tag else "",
                                               config.jointplan_reconstruction)
    pdf, text = f"{slug}.pdf", f"{slug}{DECISION_SUFFIX}"
    (outdir / text).write_text(
        publication.decision_text(municipality, decision, title, pdf, version, adopted_text,
                                  config.jointplan_reconstruction),
        encoding="utf-8")
    metadata = publication.publication_metadata(
        municipality, decision, code=config.jointplan_municipality_codes.get(key, ""),
        title=title, publication_type=config.jointplan_publication_type,
        adopted_text=adopted_text,
        subject=config.jointplan_subject,
        language=(config.language or "nl").split("_")[0], version=version,
        files={"document": pdf, "besluit": text},
        reconstruction=config.jointplan_reconstruction)
    (outdir / f"{slug}{METADATA_SUFFIX}").write_text(
        json.dumps(metadata, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
