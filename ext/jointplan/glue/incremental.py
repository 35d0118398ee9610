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

from ..plan.model import Municipality, Plan, Priority


def take_fingerprint(app: Sphinx, env: BuildEnvironment, added, changed, removed):
    domain = env.domains["ivp"]
    domain.plan_before_read = domain.plan
    domain.fingerprint_before_read = domain.plan.fingerprint()
    domain.read_docs = set(added) | set(changed)
    domain.removed_docs = set(removed)
    domain.neighbours_before_read = neighbours(env)
    return []


def neighbours(env: BuildEnvironment) -> dict[str, tuple]:
    """What the theme links on each page around its body: the parents, the
    previous and the next page, with their titles.

    Sphinx does not write a page again when these change (a chapter added
    after it, a neighbour renamed), so the extension compares them too.
    """
    relations = env.collect_relations()

    def titled(docname: str | None) -> tuple[str, str] | None:
        title = env.titles.get(docname) if docname else None
        return docname and (docname, title.astext() if title else "")

    result = {}
    for docname, (parent, previous, following) in relations.items():
        parents: list = []
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
    removed = getattr(app.env.domains["ivp"], "removed_docs", set())
    if exception is not None or not hasattr(app.builder, "get_outfilename"):
        return
    for docname in sorted(removed):
        page = app.builder.get_outfilename(docname)
        if os.path.isfile(page):
            os.remove(page)


def documents_to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """The documents not read in this build whose generated content or link texts changed."""
    domain = env.domains["ivp"]
    before = getattr(domain, "plan_before_read", None)
    if before is None:
        return []
    # What was read is written anyway; the comparisons are for the other pages.
    unread = env.found_docs - domain.read_docs
    old_neighbours, new_neighbours = domain.neighbours_before_read, neighbours(env)
    outdated = {docname for docname in unread
                if old_neighbours.get(docname) != new_neighbours.get(docname)}
    after = domain.plan
    old, new = domain.fingerprint_before_read, after.fingerprint()
    changed = {key for key in old.keys() | new.keys() if old.get(key) != new.get(key)}
    if not changed:
        return sorted(outdated)
    if site_status(before) != site_status(after):
        return sorted(unread)
    outdated |= {docname for docname, shown in domain.data["shown"].items()
                 if docname in unread and any(shows_change(item, before, after)
                                              for item in shown)}
    for docname, references in domain.data["references"].items():
        # Fingerprint keys are (role name, target), as references are.
        if docname in unread and not references.isdisjoint(changed):
            outdated.add(docname)
    return sorted(outdated)


def site_status(plan: Plan) -> tuple:
    """Whether the site shows a status on every page (jointplan.site); the status
    itself comes from the recorded decisions, whose changes jointplan.glue.decisions
    hands back."""
    return (bool(plan.municipality_by_id),)


#: Generated content that shows the whole plan.
WHOLE_PLAN = {"overlap-matrix", "shared-priorities", "municipality-cards", "adoption-status"}


def shows_change(shown: tuple[str, str, str], before: Plan, after: Plan) -> bool:
    """Whether generated content of this kind looks different after this read.

    ``shown`` is (kind, municipality id, priority id) as directives note it.
    The overviews show everything; the other kinds are compared by what they
    show (see :func:`view`), so a page is not written again when, say, a
    partner list still says "all other municipalities".
    """
    kind, municipality, _ = shown
    if kind in WHOLE_PLAN or (kind == "municipality-summary" and not municipality):
        return True
    return view(before, shown) != view(after, shown)


def view(plan: Plan, shown: tuple[str, str, str]) -> tuple | None:
    """What a priority's details, a choice's details or a municipality's
    summary show of the plan, as plain data (as jointplan.tables renders them)."""
    kind, municipality_id, priority_id = shown
    municipality = plan.municipality_by_id.get(municipality_id)
    priority = plan.priority_by_id.get(priority_id)
    if kind == "priority-details":
        return priority and (priority_view(priority), tuple(
            choice_view(plan, m, priority) for m in plan.choosers(priority.id)))
    if kind == "choice-details":
        return municipality and priority and (
            priority_view(priority), shared_view(plan, municipality, priority))
    return municipality and (municipality.name, tuple(
        (priority_view(p), choice_view(plan, municipality, p),
         shared_view(plan, municipality, p))
        for p in plan.chosen_by_municipality[municipality.id]))


def priority_view(priority: Priority) -> tuple:
    return priority.id, priority.title, priority.field, priority.joint, priority.location.docname


def choice_view(plan: Plan, municipality: Municipality, priority: Priority) -> tuple:
    """A link to a choice: its text, target and mark."""
    choice = plan.choice_by_key[municipality.id, priority.id]
    return municipality.id, municipality.name, choice.location.docname, choice.status


def shared_view(plan: Plan, municipality: Municipality, priority: Priority) -> tuple:
    """A "shared with" cell: a fixed text, a number, or the partners by name."""
    how, partners = plan.shared_with(municipality.id, priority.id)
    if how == "count":
        return how, len(partners)
    if how == "listed":
        return how, tuple(choice_view(plan, m, priority) for m in partners)
    return (how,)
