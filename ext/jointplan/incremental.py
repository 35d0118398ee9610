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
    """The documents whose generated content or link texts changed in this read."""
    domain = env.domains["ivp"]
    before = getattr(domain, "fingerprint_before_read", None)
    if before is None:
        return []
    after = domain.plan.fingerprint()
    changed = {key for key in before.keys() | after.keys() if before.get(key) != after.get(key)}
    if not changed:
        return []
    # Choices known before or after this read: a page that listed a choice that
    # is now gone must be rewritten as much as one that gains a new one.
    choices = [tuple(target.split("/", 1)) for kind, target in before.keys() | after.keys()
               if kind == "choice"]
    outdated = {docname for docname, shown in domain.data["shown"].items()
                if any(affected(item, changed, choices) for item in shown)}
    for docname, references in domain.data["references"].items():
        # Fingerprint keys are (role name, target), as references are.
        if not references.isdisjoint(changed):
            outdated.add(docname)
    return sorted(outdated & env.found_docs)


#: Generated content that shows the whole plan.
WHOLE_PLAN = {"overlap-matrix", "shared-priorities", "municipality-cards", "adoption-status"}


def affected(shown: tuple[str, str, str], changed: set[tuple[str, str]],
             choices: list[tuple[str, ...]]) -> bool:
    """Whether generated content of this kind shows any of the changed facts.

    ``shown`` is (kind, municipality id, priority id) as directives note it.
    A priority's details and a choice's details show the priority and who else
    chose it (by name); a municipality's summary shows its priorities and, for
    each, who else chose it. The overviews show everything.
    """
    kind, municipality, priority = shown
    if kind in WHOLE_PLAN or (kind == "municipality-summary" and not municipality):
        return True
    if kind == "municipality-summary":
        priorities = {p for m, *rest in choices for p in rest if m == municipality}
        if ("municipality", municipality) in changed:
            return True
    else:  # priority-details, choice-details
        priorities = {priority}
    for fact_kind, target in changed:
        if fact_kind == "priority" and target in priorities:
            return True
        if fact_kind == "choice" and target.split("/", 1)[-1] in priorities:
            return True
        if fact_kind == "name":
            # A renamed municipality matters where it is listed as a partner.
            if any(m == target and rest and rest[0] in priorities for m, *rest in choices):
                return True
    return False
