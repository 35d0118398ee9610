"""Every warning the extension emits, and the one helper that emits them.

Each warning has type ``ivp`` and a subtype from :class:`PlanWarning`, so an
author can silence one kind with ``suppress_warnings = ["ivp.<subtype>"]``.
Sphinx appends the ``[ivp.<subtype>]`` suffix itself.
"""

from __future__ import annotations

from enum import Enum

from sphinx.util import logging

logger = logging.getLogger(__name__)

WARNING_TYPE = "ivp"


class PlanWarning(Enum):
    """The subtypes of ``ivp`` warnings."""

    UNKNOWN_PRIORITY = "unknown-priority"
    """A choice or reference names a priority that is not in the catalogue."""
    UNKNOWN_MUNICIPALITY = "unknown-municipality"
    """A reference names a municipality that no chapter declares."""
    UNKNOWN_CHOICE = "unknown-choice"
    """A reference names a municipality/priority pair that was not chosen."""
    DUPLICATE_ID = "duplicate-id"
    """Two declarations of a municipality or of a priority share an id."""
    DUPLICATE_CHOICE = "duplicate-choice"
    """A municipality chose the same priority twice."""
    MISSING_MUNICIPALITY = "missing-municipality"
    """A chapter under the municipality folder declares no municipality."""
    MULTIPLE_MUNICIPALITIES = "multiple-municipalities"
    """A chapter declares more than one municipality."""
    MISPLACED = "misplaced"
    """A directive stands where it cannot work (a choice outside a municipality
    chapter, goals outside a choice, a municipality outside its folder)."""
    UNKNOWN_FIELD = "unknown-field"
    """A priority names a veiligheidsveld that Kernbeleid Veiligheid lacks."""
    UNKNOWN_ORIGIN = "unknown-origin"
    """A choice names an origin outside the known list."""
    MISSING_OPTION = "missing-option"
    """A required directive option is absent or empty."""
    INVALID_VALUE = "invalid-value"
    """An option's value is malformed (an id with capitals, residents not a number)."""
    INCOMPLETE_CHOICE = "incomplete-choice"
    """A choice lacks its goals or its indicators."""
    JOINT_NOT_CHOSEN = "joint-not-chosen"
    """A joint priority is missing from some municipality's choices."""
    UNCHOSEN_PRIORITY = "unchosen-priority"
    """A catalogue priority that no municipality chose."""
    CONTENT_POLICY = "content-policy"
    """Raw HTML, a script or data address, an event handler or a file from
    outside docs/: removed from the output (see jointplan.policy)."""
    ENCODING = "encoding"
    """A source file that is not valid UTF-8: skipped, not read."""
    PDF_LINK = "pdf-link"
    """A link in the PDF whose target is not in that edition."""
    PDF_NODE = "pdf-node"
    """A document element the PDF cannot lay out (printed as plain text), or an
    image it cannot show as the accessibility standard requires."""
    PDF_ENGINE = "pdf-engine"
    """A warning of the PDF engine (Typst) while laying out an edition."""


def warn(subtype: PlanWarning | str, message: str, location) -> None:
    """Emit one ``ivp`` warning.

    ``location`` is a node while reading, or ``(docname, lineno)`` for checks
    that run later from stored records.
    """
    subtype = PlanWarning(subtype)
    logger.warning(message, location=location, type=WARNING_TYPE, subtype=subtype.value)
