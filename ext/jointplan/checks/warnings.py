"""Every warning the extension emits, and the one helper that emits them.

Each warning has type ``ivp`` and a subtype from :class:`PlanWarning`, so an
author can silence one kind with ``suppress_warnings = ["ivp.<subtype>"]``.
Sphinx appends the ``[ivp.<subtype>]`` suffix itself.
"""

from __future__ import annotations

import functools
import logging as stdlib_logging
from collections.abc import Callable
from enum import Enum
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import SphinxError
from sphinx.locale import get_translation
from sphinx.util import logging

_ = get_translation("jointplan")

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
    CONTROL_CHARACTER = "control-character"
    """Invisible control characters in a source (removed)."""
    OPTION_VALUE = "option-value"
    """A directive option value MyST cannot read as typed (read as typed, quoted)."""
    PROVENANCE = "provenance"
    """A choice's declared status (besloten, voorstel, illustratief) and its text
    disagree, or the status is unknown."""
    COUNCIL_VERSION = "council-version"
    """The release a council is said to have adopted does not exist as a tag, was
    made after the decision, or contradicts the chapter's decision."""
    DECISION = "decision"
    """A recorded decision names an unknown body, a date that cannot be, a version
    that did not exist, comes before its proposal or after no agreement, or is
    recorded twice (jointplan.plan.decisions)."""
    CHANGE_REPORT = "change-report"
    """The change report against an earlier version could not be made."""
    RAW_MARKUP = "raw-markup"
    """Markup the parser did not understand, which the reader would see as typed."""
    STRUCTURE = "structure"
    """A block that swallows what follows: never closed, ended by a fence meant for a
    block inside it, or holding a heading."""
    TOCTREE_CYCLE = "toctree-cycle"
    """A toctree entry that points back to a document above it (ignored)."""
    INTERNAL_ERROR = "internal-error"
    """The extension failed on a document (a bug, never the author's doing): an
    error, so the build fails; it went on without that step, to report the rest."""
    PDF_LINK = "pdf-link"
    """A link in the PDF whose target is not in that edition."""
    PDF_NODE = "pdf-node"
    """A document element the PDF cannot lay out (printed as plain text), or an
    image it cannot show as the accessibility standard requires."""
    PDF_ENGINE = "pdf-engine"
    """A warning of the PDF engine (Typst) while laying out an edition."""
    PARAGRAPH_ID = "paragraph-id"
    """A paragraph, list item or table row without id (when ids are required), an
    invalid id, or one id on two blocks."""
    UNKNOWN_PARAGRAPH = "unknown-paragraph"
    """A reference names a paragraph id that no block carries."""
    AMENDMENT = "amendment"
    """An amendment that cannot be right: an unknown council, paragraph or priority,
    text to replace that is not there, a conflict with another adopted amendment
    of the council, or adopted by a council with no decision recorded."""


def warn(subtype: PlanWarning | str, message: str, location: Any) -> None:
    """Emit one ``ivp`` warning.

    ``location`` is a node while reading, or ``(docname, lineno)`` for checks
    that run later from stored records.
    """
    subtype = PlanWarning(subtype)
    logger.warning(message, location=location, type=WARNING_TYPE, subtype=subtype.value)


def suggestion(word: str, candidates) -> str:
    """' Did you mean ...?' in the plan's language for a mistyped id, or ''."""
    from ..plan.model import closest
    close = closest(word, candidates)
    return " " + _("Did you mean '{name}'?").format(name=close) if close else ""


def translated(message: str) -> str:
    """A message id of the plan layer (``model.N_``) in the plan's language."""
    return str(_(message))


def guarded(handler: Callable[..., Any], fallback: Any = None) -> Callable[..., Any]:
    """An event handler whose exception becomes a located error, not a traceback.

    An author cannot fix a traceback, and one failing step of the extension
    should not hide what else is wrong in the plan: the error names the
    document and the exception, the build goes on to report the rest, and
    fails (see :func:`fail_on_errors`). ``fallback`` is what the
    handler returns then (events that collect document names need a list).
    """
    @functools.wraps(handler)
    def run(app: Sphinx, *args: Any) -> Any:
        try:
            return handler(app, *args)
        except SphinxError:
            raise  # deliberate, with a message of its own
        except Exception as error:
            report_failure(f"{handler.__module__}.{handler.__name__}", error,
                           _location(app, args))
            return fallback
    return run


def fail(subtype: PlanWarning, message: str, location: Any) -> None:
    """Emit one ``ivp`` error: the build fails (see :func:`fail_on_errors`), -W or not."""
    logger.error(message, location=location, type=WARNING_TYPE, subtype=subtype.value)


def report_failure(step: str, error: Exception, location: Any) -> None:
    """A bug of the extension, at the document (and line) it failed on: an error."""
    fail(PlanWarning.INTERNAL_ERROR,
         _("the extension failed in {step} ({error_type}: {error}); that step was "
           "skipped. Please report this message to the maintainers of the "
           "extension.").format(step=step, error_type=type(error).__name__, error=error),
         location)


class Errors(stdlib_logging.Handler):
    """Fails the build when the extension reported an error (:func:`fail`).

    Attached to Sphinx's logger in the main process, it also sees the errors
    of documents read or written in parallel processes, which Sphinx hands
    back to that logger; an error logged there has no effect on the exit
    status by itself.
    """

    def __init__(self, app: Sphinx) -> None:
        super().__init__(stdlib_logging.ERROR)
        self.app = app

    def emit(self, record: stdlib_logging.LogRecord) -> None:
        if getattr(record, "type", None) == WARNING_TYPE:
            self.app.statuscode = 1


def fail_on_errors(app: Sphinx) -> None:
    """Called from setup: Sphinx sets up its logging (and drops old handlers) first."""
    stdlib_logging.getLogger(logging.NAMESPACE).addHandler(Errors(app))


def _location(app: Sphinx, args: tuple[Any, ...]) -> Any:
    for arg in args:
        if isinstance(arg, nodes.document) and arg.get("source"):
            docname = app.env.path2doc(arg["source"])
            if docname:
                return (docname, None)
    docnames = getattr(app.env, "found_docs", ())
    for arg in args:
        if isinstance(arg, str) and arg in docnames:
            return (arg, None)
    current = getattr(getattr(app.env, "current_document", None), "docname", None)
    return (current, None) if current else None
