"""The content policy: what a chapter may not put into the published plan.

Chapters come in as pull requests from seven organisations. Markdown is meant
to be safe to accept from any of them, so the few ways it can carry code or
other files into the site are refused: raw HTML (blocks, inline, the ``raw``
directive, ``eval-rst`` that smuggles one), links and images with
``javascript:``, ``vbscript:`` or ``data:`` addresses, event-handler
attributes, and included files from outside the source folder. Each is an
``ivp.content-policy`` warning at its file and line, and is removed from the
document before anything is written, so it never reaches the HTML or the PDF.

A maintainer allows an exception in ``conf.py``:

- ``jointplan_allow_raw = ["shared/colofon"]``: docnames (glob patterns)
  whose raw HTML is kept; addresses and event handlers are still checked.
- ``jointplan_allow_include = ["../gedeeld"]``: folders (relative to the
  configuration directory) from which files may be included.
"""

from __future__ import annotations

from collections.abc import Callable

import html
import re
from fnmatch import fnmatch
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.locale import get_translation

from .sources import exact_line
from .warnings import PlanWarning, warn

_ = get_translation("jointplan")

# Letters, digits, + . - then a colon: the scheme of a URL, once the
# obfuscations browsers ignore (entities, whitespace, control characters,
# case) are undone.
SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
FORBIDDEN_SCHEMES = {"javascript", "vbscript", "data"}
EVENT_ATTRIBUTE = re.compile(r"^on[a-z]+$", re.IGNORECASE)


def url_scheme(url: str) -> str:
    """The scheme a browser would see, e.g. 'javascript' for 'JaVa&#115;cript :'."""
    text = html.unescape(html.unescape(url))
    text = re.sub(r"[\x00-\x20\x7f]+", "", text).lower()
    match = SCHEME.match(text)
    return match.group(1) if match else ""


def location(node: nodes.Node, docname: str) -> tuple[str, int | None] | nodes.Node:
    """The node, or its nearest ancestor that knows its line."""
    while node is not None and not node.line:
        node = node.parent
    return node if node is not None else (docname, None)


def outside(path: str | None, allowed: list[Path]) -> bool:
    if not path or path.startswith("<"):
        return False
    resolved = Path(path).resolve()
    return not any(resolved.is_relative_to(folder) for folder in allowed)


class Policy:
    """The rules of what a chapter may contain, one method per rule.

    Each rule gets an element whose ancestors were kept, and says whether it
    removed it (so that its subtree is skipped: one pass over the document).
    """

    def __init__(self, app: Sphinx, docname: str) -> None:
        self.app, self.docname = app, docname
        config = app.config
        self.allow_raw = any(fnmatch(docname, pattern) for pattern in config.jointplan_allow_raw)
        self.allowed_folders = [Path(app.srcdir).resolve()] + [
            (Path(app.confdir) / folder).resolve() for folder in config.jointplan_allow_include]
        # Nodes carry their file as a string; resolve each file once, not per node.
        self.outside_by_source: dict[str | None, bool] = {}
        self.reported_sources: set[str | None] = set()

    def refuse(self, node: nodes.Node, what: str, fix: str) -> None:
        warn(PlanWarning.CONTENT_POLICY,
             _("{what} is not allowed in the plan and was removed; {fix}").format(
                 what=what, fix=fix), location(node, self.docname))

    def rules(self) -> tuple[Callable[[nodes.Element], bool], ...]:
        return (self.included_from_outside, self.raw_content, self.event_attributes,
                self.forbidden_address)

    def included_from_outside(self, node: nodes.Element) -> bool:
        """An included file from outside the source folder: reported once, all of it dropped."""
        source = (node.get("source") if isinstance(node, nodes.literal_block) else None) \
            or node.source
        if source not in self.outside_by_source:
            self.outside_by_source[source] = outside(source, self.allowed_folders)
        if not self.outside_by_source[source]:
            return False
        if source not in self.reported_sources:
            self.reported_sources.add(source)
            self.refuse(node.parent if node.parent.line else node,
                        _("including '{source}', a file outside the documentation "
                          "folder,").format(source=source),
                        _("include only files inside docs/, or ask a maintainer to allow "
                          "the folder in jointplan_allow_include."))
        node.parent.remove(node)
        return True

    def raw_content(self, node: nodes.Element) -> bool:
        if not isinstance(node, nodes.raw) or (self.allow_raw
                                               and "html" in node.get("format", "")):
            return False
        refuse_raw(self.app, self.docname, node)
        node.parent.remove(node)
        return True

    def event_attributes(self, node: nodes.Element) -> bool:
        for attribute in [key for key in node.attributes if EVENT_ATTRIBUTE.match(key)]:
            self.refuse(node, _("the event-handler attribute '{attribute}'").format(
                attribute=attribute), _("remove it: the plan runs no scripts."))
            del node[attribute]
        return False

    def forbidden_address(self, node: nodes.Element) -> bool:
        """A javascript:, vbscript: or data: address: the link keeps its text."""
        for key in ("refuri", "uri"):
            scheme = url_scheme(node[key]) if key in node.attributes else ""
            if scheme not in FORBIDDEN_SCHEMES:
                continue
            if isinstance(node, nodes.target):
                # the target behind a named link: the link itself is reported
                node.parent.remove(node)
                return True
            self.refuse(node, _("a '{scheme}:' address").format(scheme=scheme),
                        _("link to an http(s) address or to a file in docs/ instead."))
            if isinstance(node, nodes.reference):
                node.replace_self(node.children or [nodes.Text(node.astext())])
            else:
                node.parent.remove(node)
            return True
        return False


def enforce(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: find, report and remove what the policy refuses."""
    rules = Policy(app, app.env.docname).rules()
    # What is removed takes its subtree with it: nodes whose ancestor was
    # removed are skipped (and counted as removed for their own descendants).
    removed: set[int] = set()
    for node in list(doctree.findall(nodes.Element)):
        if node.parent is None or id(node.parent) in removed:
            if node.parent is not None:
                removed.add(id(node))
            continue
        if any(rule(node) for rule in rules):
            removed.add(id(node))


HTML_LINK = re.compile(r"<a\s[^>]*?href\s*=\s*[\"']?(?P<address>[^\"'\s>]*)", re.I)
CLOSING_TAG = re.compile(r"^\s*</\w+>\s*$")


def refuse_raw(app: Sphinx, docname: str, node: nodes.raw) -> None:
    """Raw HTML: a link said as such (at its own line); a lone closing tag not again."""
    text = node.astext()
    inline = isinstance(node.parent, nodes.TextElement)
    if inline and CLOSING_TAG.match(text):
        return  # the end of an inline element whose start was reported
    at = location(node, docname)
    if inline and node.parent.line and node.source:
        line = exact_line(app.env, node.source, node.parent.line,
                          text.strip().split("\n", 1)[0])
        at = (docname, line)
    if text.strip().startswith("<!--"):
        warn(PlanWarning.CONTENT_POLICY,
             _("an HTML comment (<!-- ... -->) is not allowed in the plan and was removed; "
               "write a comment as a line that starts with %, which no reader sees."), at)
        return
    link = HTML_LINK.search(text)
    if link:
        warn(PlanWarning.CONTENT_POLICY,
             _("the HTML link '{link}' is not allowed in the plan and was removed (its text "
               "stays); write it in Markdown: [text]({address}).").format(
                 link=text.strip()[:60], address=link["address"] or _("address")), at)
        return
    warn(PlanWarning.CONTENT_POLICY,
         _("raw {format} content is not allowed in the plan and was removed; write it in "
           "Markdown; if it is really needed, a maintainer can allow raw HTML for this "
           "document in jointplan_allow_raw.").format(
             format=node.get("format", "") or "HTML"), at)
