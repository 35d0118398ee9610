"""The live preview shows each page's warnings at the top of that page.

An author who watches the browser during ``make serve`` would otherwise never
see a warning: it is printed in the terminal, the page just shows the bare
id. With ``jointplan_live_warnings = True`` (only ``make serve`` sets it;
never a published or CI build) every warning located in a document is
collected, as the author reads it in the terminal (after
:mod:`jointplan.checks.authormessages` wrote it again), and written at the
top of that document's page: file, line, message.

Warnings made while a document is read are kept with it in the environment
until it is read again (a page written again without being read keeps
them); the others (references resolved while writing, the plan's checks
after reading) are made again by every build and kept for that build only.
"""

from __future__ import annotations

import html
import logging
import re
import weakref
from pathlib import Path
from typing import cast

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.locale import get_translation
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.build_phase import BuildPhase
from sphinx.util.logging import (NAMESPACE, MemoryHandler, WarningStreamHandler,
                                 get_node_location)

from ..checks import authormessages
from ..checks.kept import PerDocument, found
from ..checks.warnings import guarded

_ = get_translation("jointplan")

#: (path, line, message, kind) of one warning.
Item = tuple[str, int, str, str]

LOCATION = re.compile(r"^(?P<path>.*?)(?::(?P<line>\d+))?$")


class Collector(logging.Filter):
    """Last on the warning handler: sees what the author sees, as the author sees it."""

    def __init__(self, app: Sphinx):
        super().__init__()
        self.app = app

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "ivp_collected", False):
            return True
        record.ivp_collected = True
        location = getattr(record, "location", None)
        if isinstance(location, nodes.Node):
            location = get_node_location(location)
        if isinstance(location, tuple):
            docname, line = location
            location = f"{self.app.env.doc2path(docname)}:{line or ''}".rstrip(":") \
                if docname else None
        if not isinstance(location, str) or not location:
            return True
        match = LOCATION.match(location)
        if match is None:
            return True
        docname = self.app.env.path2doc(match["path"])
        if not docname:
            return True
        kind = ".".join(filter(None, (getattr(record, "type", None),
                                      getattr(record, "subtype", None))))
        message = re.sub(r" \[[\w.:-]+\]$", "", logging.LogRecord.getMessage(record))
        item = (match["path"], int(match["line"]) if match["line"] else 0, message, kind)
        if self.app.phase == BuildPhase.READING:
            stored(self.app.env).setdefault(docname, []).append(item)
        else:
            _STATE[self.app].build_warnings.setdefault(docname, []).append(item)
        return True


class LiveWarningsDomain(PerDocument):
    """The warnings made while reading, per document, kept for the pages of a later
    build (see :mod:`jointplan.checks.kept`)."""

    name = "ivp-live-warnings"
    label = "Meldingen in de voorvertoning"


def stored(env: BuildEnvironment) -> dict[str, list[Item]]:
    return cast(dict[str, list[Item]], found(env, LiveWarningsDomain.name))


class LiveState:
    """What one application collects while it builds."""

    def __init__(self, collector: Collector) -> None:
        self.collector = collector
        #: The warnings made while writing, per document (not kept).
        self.build_warnings: dict[str, list[Item]] = {}


#: Per application (the Sphinx object has no slot for it).
_STATE: weakref.WeakKeyDictionary[Sphinx, LiveState] = weakref.WeakKeyDictionary()


def install(app: Sphinx, config) -> None:
    """``config-inited``: collect only when the flag is on."""
    if not config.jointplan_live_warnings:
        return
    state = _STATE[app] = LiveState(Collector(app))
    for handler in logging.getLogger(NAMESPACE).handlers:
        if isinstance(handler, WarningStreamHandler):
            handler.addFilter(state.collector)
    app.connect("env-before-read-docs", new_build)
    app.connect("html-page-context", guarded(show))


class CollectHeldWarnings(SphinxPostTransform):
    """Before the references of a page to write are resolved (the first of the
    post-transforms), see that held warnings are collected as they are made."""

    default_priority = 1

    def run(self, **kwargs) -> None:
        for app in list(_STATE):  # only the applications that collect
            if app.env is self.env:
                guarded(collect_held_warnings)(app)


def collect_held_warnings(app: Sphinx) -> None:
    """While pages are written, Sphinx holds warnings back (``pending_warnings``)
    and prints them after the last page: collect them as they are made, so the
    page they belong to can show them (also the first page written, whose
    references are resolved before any ``doctree-resolved``)."""
    author = authormessages.installed(app)
    collector = _STATE[app].collector
    for handler in logging.getLogger(NAMESPACE).handlers:
        if isinstance(handler, MemoryHandler) and collector not in handler.filters:
            if author is not None:
                handler.filters.insert(0, author)
            handler.addFilter(collector)


def new_build(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    _STATE[app].build_warnings = {}


def show(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """``html-page-context``: the page's warnings above its body."""
    items = list(dict.fromkeys(stored(app.env).get(pagename, []) +
                               _STATE[app].build_warnings.get(pagename, [])))
    if not items or "body" not in context:
        return
    items.sort(key=lambda item: item[1])
    rows = "".join(
        f"<li><code>{html.escape(relative(app, path))}:{line or ''}</code> "
        f"{html.escape(message)}"
        + (f" <small>[{html.escape(kind)}]</small>" if kind else "") + "</li>"
        for path, line, message, kind in items)
    heading = _("{count} warning(s) on this page (shown only in the preview)").format(
        count=len(items))
    context["body"] = (f'<div class="ivp-live-warnings" role="alert"><p><strong>'
                       f"{html.escape(str(heading))}</strong></p><ul>{rows}</ul></div>"
                       + context["body"])


def relative(app: Sphinx, path: str) -> str:
    try:
        return Path(path).resolve().relative_to(Path(app.confdir).resolve()).as_posix()
    except ValueError:
        return path


def setup_live_warnings(app: Sphinx) -> None:
    app.add_config_value(
        "jointplan_live_warnings", False, "html", types=frozenset({bool}),
        description="Show each page's warnings at its top (make serve only; never in a "
                    "published build).")
    app.add_domain(LiveWarningsDomain)
    app.connect("config-inited", install)
    app.add_post_transform(CollectHeldWarnings)
