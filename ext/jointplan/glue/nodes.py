"""The extension's own nodes, and the anchor names of the declarations' targets.

Each node class says what it is, so that a writer dispatches on the class and
never on a CSS class name: the ``pdf`` builder registers its own visitors for
them (:func:`jointplan.pdf.setup`, as ``sphinx.ext.todo`` does per format);
every other writer treats them as the docutils node they subclass.
"""

from __future__ import annotations

from typing import NoReturn

from docutils import nodes
from sphinx.util.docutils import SphinxTranslator

from ..plan.views import choice_anchor, municipality_anchor, priority_anchor

__all__ = ["PLACEHOLDER_VISITORS", "choice_anchor", "choice_box", "chosen_mark", "deleted",
           "deleted_text", "inserted", "inserted_text", "municipality_anchor", "plan_mark",
           "plan_placeholder", "priority_anchor"]


class plan_placeholder(nodes.General, nodes.Element):
    """Stands where a generated table or grid goes.

    ``kind`` says which one; a ``doctree-resolved`` handler
    (:func:`jointplan.glue.tables.fill_placeholders`) replaces it when the
    document is written, from the plan as it is then, so it never shows stale data.
    """


class choice_box(nodes.container):
    """A choice with its elaboration: framed in print."""


class chosen_mark(nodes.inline):
    """A matrix cell's "chosen" or "not chosen" (``chosen``: bool): words for the
    screen reader, a check mark for the eye."""


class plan_mark(nodes.inline):
    """" (illustratief)" or " (voorstel)" after a choice that was not decided."""


class inserted_text(nodes.inline):
    """Words a change or an amendment adds: underlined in print."""


class deleted_text(nodes.inline):
    """Words a change or an amendment removes: struck through in print."""


def inserted(text: str) -> inserted_text:
    """Added words (the site's stylesheet knows them by their class)."""
    return inserted_text(text, text, classes=["ivp-changes-ins"])


def deleted(text: str) -> deleted_text:
    """Removed words (the site's stylesheet knows them by their class)."""
    return deleted_text(text, text, classes=["ivp-changes-del"])


def visit_placeholder(self: SphinxTranslator, node: nodes.Element) -> NoReturn:
    # Only reached if the fill handler did not run (e.g. a custom builder
    # that emits no doctree-resolved); show nothing rather than fail.
    raise nodes.SkipNode


PLACEHOLDER_VISITORS = {
    fmt: (visit_placeholder, None)
    for fmt in ("html", "latex", "text", "man", "texinfo")
}
