"""Keep generated content fresh in incremental builds.

Sphinx rewrites only the documents it re-read. A table in ``overlap.md`` shows
what the municipality chapters declare, so when a chapter changes the table's
document must be rewritten too, or it goes stale (the trap ``sphinx.ext.todo``'s
list falls into). Before reading, the plan is kept; after reading, every page
that was not read again is compared by what it shows (:mod:`jointplan.plan.views`:
its generated content, the links to plan objects it holds, the status banner
(:func:`jointplan.plan.views.status`, from the recorded decisions), its
neighbours in the navigation), and those that differ are
returned to Sphinx through ``env-updated``. The views are what the renderers
render, so there is no second list of "what a page shows" to keep in step.
"""

from __future__ import annotations

import os
from collections.abc import Set
from dataclasses import replace
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..plan import views
from ..plan.model import Location, Plan
from . import decisions
from .domain import ReadSnapshot, ivp

#: A page's neighbours: (parents, previous, next), each (docname, title) or None.
Neighbours = tuple[tuple[tuple[str, str], ...], "tuple[str, str] | None",
                   "tuple[str, str] | None"]


def take_snapshot(app: Sphinx, env: BuildEnvironment, added: Set[str], changed: Set[str],
                  removed: Set[str]) -> list[str]:
    """``env-get-outdated``: keep what the comparison after reading needs."""
    ivp(env).note_read(ReadSnapshot(ivp(env).plan, neighbours(env),
                                    frozenset(added | changed), frozenset(removed),
                                    status=decisions.status(env),
                                    register=decisions.register(env)))
    return []


def neighbours(env: BuildEnvironment) -> dict[str, Any]:
    """What the theme links on each page around its body: the parents, the
    previous and the next page, with their titles.

    Sphinx does not write a page again when these change (a chapter added
    after it, a neighbour renamed), so the extension compares them too.
    """
    relations = env.collect_relations()

    def titled(docname: str | None) -> tuple[str, str] | None:
        if not docname:
            return None
        title = env.titles.get(docname)
        return docname, title.astext() if title else ""

    result = {}
    for docname, (parent, previous, following) in relations.items():
        parents: list[tuple[str, str] | None] = []
        while parent and titled(parent) not in parents:
            parents.append(titled(parent))
            parent = relations.get(parent, (None,))[0]
        result[docname] = (tuple(parents), titled(previous), titled(following))
    return result


def remove_stale_pages(app: Sphinx, exception: Exception | None) -> None:
    """Delete the pages of deleted chapters.

    Sphinx leaves them in the output, so a municipality chapter that was
    removed from the plan would otherwise stay published.
    """
    snapshot = ivp(app.env).read_snapshot
    if snapshot is None or exception is not None \
            or not hasattr(app.builder, "get_outfilename"):
        return
    for docname in sorted(snapshot.removed):
        page = app.builder.get_outfilename(docname)
        if os.path.isfile(page):
            os.remove(page)


def documents_to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated``: the documents not read in this build whose output changes."""
    domain = ivp(env)
    snapshot = domain.read_snapshot
    if snapshot is None:
        return []
    # What was read is written anyway; the comparisons are for the other pages.
    unread = env.found_docs - snapshot.read
    now = neighbours(env)
    outdated = {docname for docname in unread
                if snapshot.neighbours.get(docname) != now.get(docname)}
    # The banner: the plan's status on every page, a council's own on its chapter.
    status_before, status = snapshot.status, decisions.status(env)
    if (status_before.text, status_before.draft) != (status.text, status.draft):
        return sorted(unread)
    outdated |= {docname for docname in unread
                 if status_before.council(docname) != status.council(docname)}
    before, after = snapshot.plan, domain.plan
    if same_declarations(before, after):
        return sorted(outdated)

    def shows_change(shown: views.Shown) -> bool:
        if shown[0] in views.RECORDED:  # as recorded: jointplan.glue.decisions compares it
            return False
        return views.build(before, shown) != views.build(after, shown)

    def link_changes(reference: tuple[str, str]) -> bool:
        return views.target(before, *reference) != views.target(after, *reference)

    for docname in unread - outdated:
        if any(map(shows_change, domain.shown.get(docname, ()))) \
                or any(map(link_changes, domain.references.get(docname, ()))):
            outdated.add(docname)
    return sorted(outdated)


def same_declarations(before: Plan, after: Plan) -> bool:
    """The same declarations in the same order, whatever their lines.

    Every view is built from the declarations and their order alone (never a
    line number), so then no view differs: a quick answer for the common edit
    of a chapter's prose, which moves declarations without changing them.
    """
    def unlined(plan: Plan) -> tuple[list[Any], ...]:
        return tuple([replace(record, location=Location(record.location.docname, 0))
                      for record in records]
                     for records in (plan.municipalities, plan.priorities, plan.choices))
    return unlined(before) == unlined(after)
