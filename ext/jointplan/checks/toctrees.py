"""Toctrees that point back up: found and cut before anything walks them.

A chapter whose toctree lists a document above it (``../index``) makes the
toctree a cycle, and Sphinx 9 then recurses until Python gives up (in
``collect_relations``, which sphinxcontrib-bibtex calls once all is read).
Right after reading, before any other handler walks the toctrees, each entry
that points back to a document on its own path from the root is an
``ivp.toctree-cycle`` warning at that toctree, and is dropped: from the
environment's toctree graph, and from the toctree node itself (in the stored
doctree and in the document's table of contents), so that neither the build
nor the navigation goes round in circles.
"""

from __future__ import annotations

from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.locale import get_translation
from sphinx.environment import BuildEnvironment

from .warnings import PlanWarning, warn

_ = get_translation("jointplan")


def break_cycles(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated``, before any other handler: drop and report every back edge."""
    includes = env.toctree_includes
    finished: set[str] = set()
    dropped: list[tuple[str, str]] = []
    for start in [app.config.root_doc, *sorted(includes)]:
        if start in finished:
            continue
        # Depth first without recursion: (document, its entries still to visit).
        path, on_path = [(start, list(includes.get(start, ())))], {start}
        while path:
            docname, entries = path[-1]
            if not entries:
                path.pop()
                on_path.discard(docname)
                finished.add(docname)
                continue
            entry = entries.pop(0)
            if entry in on_path:
                includes[docname] = [e for e in includes[docname] if e != entry]
                dropped.append((docname, entry))
                warn(PlanWarning.TOCTREE_CYCLE,
                     _("this toctree lists '{entry}', which already includes this document "
                       "(directly or through other pages), so the table of contents would "
                       "go round in circles; the entry is ignored. Remove it from the "
                       "toctree, and link to the page with [text](page.md) instead.").format(
                         entry=entry),
                     (docname, toctree_line(env, docname, entry)))
            elif entry not in finished:
                path.append((entry, list(includes.get(entry, ()))))
                on_path.add(entry)
    for docname, entry in dropped:
        drop_entry(app, env, docname, entry)
    return []


def drop_entry(app: Sphinx, env: BuildEnvironment, docname: str, entry: str) -> None:
    """Remove a toctree entry from the stored doctree and the document's toc."""
    doctree = env.get_doctree(docname)
    tocs = [env.tocs[docname]] if docname in env.tocs else []
    for tree in [doctree, *tocs]:
        for toctree in tree.findall(addnodes.toctree):
            toctree["entries"] = [(title, ref) for title, ref in toctree["entries"]
                                  if ref != entry]
            toctree["includefiles"] = [ref for ref in toctree["includefiles"] if ref != entry]
    app.builder.write_doctree(docname, doctree)
    env.files_to_rebuild.get(entry, set()).discard(docname)


def toctree_line(env: BuildEnvironment, docname: str, entry: str) -> int | None:
    try:
        doctree = env.get_doctree(docname)
    except OSError:
        return None
    for toctree in doctree.findall(addnodes.toctree):
        if entry in toctree["includefiles"]:
            return toctree.line
    return None
