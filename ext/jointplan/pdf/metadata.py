"""The PDFs' own metadata: what Typst writes, plus the fields the site's pages carry.

Typst writes the title, author (``author`` in conf.py), keywords (the
priorities), description (edition and version), language and dates into the
XMP and the document information. :func:`add_metadata` adds, with pikepdf,
the rest of the description (:mod:`jointplan.plan.metadata`): identifier,
informatietype, publisher and area (the municipalities, with their CBS codes)
and subject; only properties of the Dublin Core schema, which PDF/A
predefines, so the file needs no extension schema and stays PDF/A-2a.

The full plan is made by and covers every municipality; a council's edition
is its municipality's.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pikepdf

from ..plan import metadata, words
from ..plan.model import Plan
from ..site import metadata as site_metadata
from ..site.pages import PDF_FOLDER


def edition_description(config, plan: Plan, edition) -> metadata.Description:
    """The description of one edition (an ``Edition`` of the builder)."""
    base = config.html_baseurl.rstrip("/")
    identifier = f"{base}/{PDF_FOLDER}/{edition.slug}.pdf" if base else f"{edition.slug}.pdf"
    # As the cover's data has it (the PDF's Subject).
    description = ", ".join(filter(None, [edition.title, words.version_phrase(
        config.release or config.version)]))
    found = site_metadata.describe(config, plan, identifier, edition.title,
                                   config.jointplan_document_type, description)
    # A council's edition, or a raadsvoorstel to one council: that municipality only.
    own = (plan.municipality_by_id[edition.key].name if edition.key in plan.municipality_by_id
           else getattr(edition, "municipality", ""))
    if own:
        found = dataclasses.replace(found, municipalities=tuple(
            m for m in found.municipalities if m.name == own))
    return found


def add_metadata(path: Path, fields: dict[str, object]) -> None:
    """Add ``fields`` (:func:`metadata.xmp_fields`) to the PDF's XMP, in place.

    The document information is left alone (none of these fields has an entry
    there), and no date is touched, so the same input gives the same bytes.
    """
    if not fields:
        return
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
            for name, value in fields.items():
                xmp[name] = value
        pdf.save(path, deterministic_id=True)
