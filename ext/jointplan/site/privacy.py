"""Private by construction: every page forbids loading anything from another host.

The site is read without being tracked: the theme ships its fonts, icons and
scripts, the extension adds none from elsewhere, and each page carries a
Content-Security-Policy (as ``<meta http-equiv>``, since the site is served
as static files, e.g. by GitHub Pages, which sends no headers of the plan's
choosing) that lets the browser load only from the site's own host:

- scripts from the site's own files, and the inline scripts the pages hold,
  each by the SHA-256 of its text (the theme sets the colour mode before the
  page is drawn, Sphinx passes the page's options to its scripts, the status
  banner looks for a newer version), never ``'unsafe-inline'`` or
  ``'unsafe-eval'`` (Sphinx's one eval, the catalogue's plural rule, is
  replaced by ``static/jointplan-plural.js``);
- styles from the site's own files, the theme's ``<noscript>`` style by its
  hash, and style attributes (Sphinx's index pages hide their collapse icons
  with ``style="display: none"``) only by the hash of each value, with
  ``'unsafe-hashes'``;
- fonts, images (and the ``data:`` images the theme's style sheets hold) and
  requests only from the site's own host; no frames, plugins, or forms to
  elsewhere.

The hashes are of what the page was written with, so they are added when the
build has written its pages (``build-finished``): each page without the policy
gets it, as the first element of its ``<head>`` after the character set. The
same page gives the same bytes in a clean, incremental or parallel build.
Every page is looked at after an application's first build (or one that
failed); after a build of the same application that succeeded (the live
preview builds one application again and again), only the pages written since
that build began.

``scripts/a11y.py`` opens every page in Chromium and fails on any request to
another host, any violation of the policy, any cookie and any storage but the
colour mode.
"""

from __future__ import annotations

import base64
import hashlib
import re
import time
import weakref
from pathlib import Path

from sphinx.application import Sphinx

from ..checks.warnings import guarded

#: The policy, except the hashes of the page's own inline scripts and styles.
POLICY = ("default-src 'none'; script-src 'self'{scripts}; style-src 'self'{styles}; "
          "img-src 'self' data:; font-src 'self'; connect-src 'self'; "
          "manifest-src 'self'; base-uri 'none'; form-action 'self'")
MARKER = '<meta http-equiv="Content-Security-Policy"'
CHARSET = re.compile(r'<meta charset="[^"]*"\s*/?>', re.IGNORECASE)
#: An inline script: no src, and JavaScript (JSON-LD and other data blocks are not run).
INLINE_SCRIPT = re.compile(r"<script(?P<attributes>[^>]*)>(?P<text>.*?)</script>",
                           re.DOTALL | re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style[^>]*>(?P<text>.*?)</style>", re.DOTALL | re.IGNORECASE)
#: A style attribute (Sphinx's index pages hide their collapse icons with one).
STYLE_ATTRIBUTE = re.compile(r'<[a-zA-Z][^>]*\sstyle="(?P<text>[^"]*)"')
EXECUTABLE = re.compile(r'\btype="(?:text/javascript|module|application/javascript)"',
                        re.IGNORECASE)


#: Seconds before a build's start from which a page counts as written by it (file
#: systems keep modification times coarser than the clock).
MARGIN = 2.0


class Builds:
    """Per application: when the build in progress began, and whether the last one
    gave every page its policy."""

    def __init__(self) -> None:
        self.started: float | None = None
        self.complete = False


_BUILDS: weakref.WeakKeyDictionary[Sphinx, Builds] = weakref.WeakKeyDictionary()


def setup_privacy(app: Sphinx) -> None:
    app.connect("env-get-outdated", note_start)
    app.connect("build-finished", guarded(add_policies))


def note_start(app: Sphinx, env, added, changed, removed) -> list[str]:
    """``env-get-outdated`` (the start of every build): the pages written from now on
    are this build's; the last build's policies are complete only if it ended."""
    builds = _BUILDS.setdefault(app, Builds())
    builds.started = time.time() - MARGIN if builds.complete else None
    builds.complete = False
    return []


def source(text: str) -> str:
    """The CSP hash source of a script's or style's text."""
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest())
    return f"'sha256-{digest.decode('ascii')}'"


def script_hashes(page: str) -> list[str]:
    """The hash of each distinct inline script of the page, in order."""
    found: list[str] = []
    for script in INLINE_SCRIPT.finditer(page):
        attributes = script["attributes"]
        if re.search(r"\bsrc=", attributes, re.IGNORECASE):
            continue
        if "type=" in attributes.lower() and not EXECUTABLE.search(attributes):
            continue
        if source(script["text"]) not in found:
            found.append(source(script["text"]))
    return found


def style_hashes(page: str, pattern: re.Pattern) -> list[str]:
    """The hash of each distinct style element or attribute (``pattern``)."""
    found: list[str] = []
    for style in pattern.finditer(page):
        if source(style["text"]) not in found:
            found.append(source(style["text"]))
    return found


def policy(page: str) -> str:
    # The theme's <noscript> style (hides what needs JavaScript when it is off).
    styles = style_hashes(page, INLINE_STYLE)
    # 'unsafe-hashes' lets exactly these attribute values through, nothing else.
    attributes = style_hashes(page, STYLE_ATTRIBUTE)
    if attributes:
        styles += ["'unsafe-hashes'", *attributes]
    return POLICY.format(scripts="".join(" " + h for h in script_hashes(page)),
                         styles="".join(" " + h for h in styles))


def with_policy(page: str) -> str:
    """The page with its policy first in ``<head>`` (unchanged if it has one)."""
    if MARKER in page:
        return page
    tag = f'{MARKER} content="{policy(page)}" />'
    charset = CHARSET.search(page)
    if charset is not None:
        return f"{page[:charset.end()]}\n    {tag}{page[charset.end():]}"
    head = re.search(r"<head[^>]*>", page, re.IGNORECASE)
    if head is None:
        return page
    return f"{page[:head.end()]}\n    {tag}{page[head.end():]}"


def pages(outdir: Path):
    """The site's pages: not the theme's template fragments (``_static``) or caches."""
    for path in sorted(outdir.rglob("*.html")):
        if not any(part[:1] in "._" for part in path.relative_to(outdir).parts[:-1]):
            yield path


def add_policies(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: the policy on every page written without one."""
    if exception is not None or app.builder.format != "html":
        return
    builds = _BUILDS.setdefault(app, Builds())
    for path in pages(Path(app.outdir)):
        if builds.started is not None and path.stat().st_mtime < builds.started:
            continue  # secured by an earlier build of this application
        page = path.read_text(encoding="utf-8")
        secured = with_policy(page)
        if secured != page:
            path.write_text(secured, encoding="utf-8")
    builds.complete = True
