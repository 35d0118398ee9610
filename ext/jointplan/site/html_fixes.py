"""Small corrections to the HTML that docutils writes, for screen readers.

docutils wraps the bibliography in ``role="list"`` and gives each entry
``role="doc-biblioentry"``, a DPUB-ARIA role that is deprecated and that
assistive technology (and axe-core: aria-required-children) does not accept as
a list item. Each entry is made a ``listitem``, keeping the list.
"""

from __future__ import annotations

from sphinx.application import Sphinx


def fix_bibliography_roles(app: Sphinx, pagename: str, templatename: str, context: dict,
                           doctree) -> None:
    body = context.get("body")
    if body and 'role="doc-biblioentry"' in body:
        context["body"] = body.replace('role="doc-biblioentry"', 'role="listitem"')
