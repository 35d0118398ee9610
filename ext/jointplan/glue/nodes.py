"""Placeholder nodes for what can only be rendered once every chapter is read."""

from __future__ import annotations

from docutils import nodes


class plan_placeholder(nodes.General, nodes.Element):
    """Stands where a generated table or grid goes.

    ``kind`` says which one; a post-transform replaces it when the document is
    written, from the plan as it is then, so it never shows stale data.
    """


def visit_placeholder(self, node: nodes.Element) -> None:
    # Only reached if the post-transform did not run (e.g. a custom builder
    # that skips post-transforms); show nothing rather than fail.
    raise nodes.SkipNode


PLACEHOLDER_VISITORS = {
    fmt: (visit_placeholder, None)
    for fmt in ("html", "latex", "text", "man", "texinfo")
}


# Ids of the declarations' targets. They are part of the published URLs
# (reviewers link to them), so they only ever change with the ids.

def priority_anchor(priority_id: str) -> str:
    return f"ivp-priority-{priority_id}"


def municipality_anchor(municipality_id: str) -> str:
    return f"ivp-municipality-{municipality_id}"


def choice_anchor(municipality_id: str, priority_id: str) -> str:
    return f"ivp-choice-{municipality_id}-{priority_id}"
