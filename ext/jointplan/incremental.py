"""Keep generated content fresh in incremental builds.

Sphinx rewrites only the documents it re-read. A table in ``overlap.md`` shows
what the municipality chapters declare, so when a chapter changes the table's
document must be rewritten too, or it goes stale (the trap ``sphinx.ext.todo``'s
list falls into). Before reading, the plan's fingerprint is taken; after reading
it is compared, and the documents that show what changed are returned to
Sphinx through ``env-updated``.
"""

from __future__ import annotations

import os

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

def take_fingerprint(app: Sphinx, env: BuildEnvironment, added, changed, removed):
    domain = env.domains["ivp"]
    domain.fingerprint_before_read = domain.plan.fingerprint()
    domain.removed_docs = set(removed)
    return []


def remove_stale_pages(app: Sphinx, exception: Exception | None) -> None:
    """Delete the pages of deleted chapters.

    Sphinx leaves them in the output, so a municipality chapter that was
    removed from the plan would otherwise stay published.
    """
    removed = getattr(app.env.domains["ivp"], "removed_docs", set())
    if exception is not None or not hasattr(app.builder, "get_outfilename"):
        return
    for docname in sorted(removed):
        page = app.builder.get_outfilename(docname)
        if os.path.isfile(page):
            os.remove(page)


def documents_to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    domain = env.domains["ivp"]
    before = getattr(domain, "fingerprint_before_read", None)
    if before is None:
        return []
    after = domain.plan.fingerprint()
    changed = {key for key in before.keys() | after.keys() if before.get(key) != after.get(key)}
    if not changed:
        return []
    outdated = set(domain.data["overlap_docs"])
    for docname, references in domain.data["references"].items():
        # Fingerprint keys are (role name, target), as references are.
        if not references.isdisjoint(changed):
            outdated.add(docname)
    return sorted(outdated & env.found_docs)
