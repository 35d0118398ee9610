"""Every warning an author meets, in the plan's language, at its line, with the fix.

The extension's own warnings say what is wrong and how to fix it, in the
plan's language (its message catalogue). Sphinx, MyST, docutils,
sphinxcontrib-bibtex and the spelling check say it in English, at the first
line of the paragraph, often without a fix. A filter on Sphinx's warning
handler (where Sphinx's own ``WarningSuppressor`` sits) recognises the
messages an author can cause and writes them again:

- the text through the ``jointplan`` catalogue (English message ids, so a
  plan with ``language = "en"`` keeps English), with the fix: a did-you-mean
  for bibliography keys, documents, labels and heading anchors (or the valid
  ones when there are few), and the usual confusions named (``.html`` for
  ``.md``, a path relative to the wrong folder, an address without
  ``https://``);
- the line: the one the mistake stands on, searched in the source from the
  line the parser gave (the paragraph's first line);
- the ``type.subtype`` is kept (spelling gets ``spelling.word``), so
  ``suppress_warnings`` and the search in the guide still work.

A warning that follows from a broken block (:mod:`.structure`) is held back,
so the cause is the only message for those lines.

The warnings made while the documents are read come out in the order the
documents are read, also when they are read in parallel (``-j``): Sphinx
passes on each worker's warnings when the worker is done, in whichever order
the workers finish, so each warning notes the document being read when it was
made, and the held warnings are put in document order before they are shown.

A warning of a Dutch plan that no rule knows keeps its text, introduced in Dutch.
"""

from __future__ import annotations

import contextlib
import difflib
import logging
import os
import posixpath
import re
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, cast

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.locale import get_translation
from sphinx.util.logging import (NAMESPACE, MemoryHandler, WarningStreamHandler,
                                 get_node_location)

if TYPE_CHECKING:  # sphinxcontrib-bibtex is optional at run time
    from sphinxcontrib.bibtex.domain import BibtexDomain

from . import structure

_ = get_translation("jointplan")

ANSI = re.compile(r"\x1b\[[0-9;]*m")
SPELLING = re.compile(r"^(?P<path>.+?):(?P<line>\d+|None): : Spell check: (?P<word>.+?): "
                      r"(?:(?P<suggestions>\[.*?\]): )?(?P<context>.*?)\.?$", re.S)
WEB_ADDRESS = re.compile(r"^(www\.|[\w-]+(\.[\w-]+)*\.(nl|com|org|net|eu|be|de|info|gov|"
                         r"io|nu|frl)(/|$))", re.I)
MAX_LISTED = 8
SEARCH_LINES = 200


class Context:
    """What a rule needs: the app, the warning's document and line."""

    def __init__(self, app: Sphinx, docname: str | None, path: str | None, line: int | None):
        self.app, self.env = app, app.env
        self.docname, self.path, self.line = docname, path, line

    def close(self, word: str, candidates, what: str) -> str:
        """A did-you-mean, or the candidates when there are few; '' if none."""
        candidates = sorted(set(candidates))
        close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
        if close:
            return " " + _("Did you mean '{name}'?").format(name=close[0])
        if 0 < len(candidates) <= MAX_LISTED:
            return " " + _("The {what} that exist: {names}.").format(
                what=what, names=", ".join(candidates))
        return ""

    def relative_doc(self, docname: str) -> str:
        """A document as a link from this document writes it."""
        here = posixpath.dirname(self.docname or "")
        return posixpath.relpath(docname, here or ".") + ".md"


Rule = Callable[[Context, re.Match], tuple[str, list[str]] | None]
RULES: list[tuple[str, str | None, re.Pattern, Rule]] = []


def rule(kind: str, subtype: str | None, pattern: str):
    def register(function: Rule) -> Rule:
        RULES.append((kind, subtype, re.compile(pattern, re.S), function))
        return function
    return register


@rule("myst", "xref_missing",
      r"^'myst' (?:cross-)?reference target not found: '(?P<target>.*)'$")
@rule("myst", "xref_missing", r"^Unknown source document '(?P<target>.*)'$")
def link_target(context: Context, match: re.Match):
    target = match["target"]
    return link_fix(context, target), [f"]({target}", f"<{target}>", target]


@rule("myst", "xref_missing", r"^Could not find document: (?P<target>.*)$")
def link_document(context: Context, match: re.Match):
    absolute = Path(match["target"])
    target = absolute
    if context.docname is not None:
        with contextlib.suppress(ValueError, TypeError):
            target = absolute.relative_to(Path(context.env.doc2path(context.docname)).parent)
    return link_fix(context, target.as_posix()), [target.as_posix(), absolute.name]


def link_fix(context: Context, target: str) -> str:
    env = context.env
    here = posixpath.dirname(context.docname or "")
    bare, _sep, anchor = target.partition("#")
    if WEB_ADDRESS.match(bare):
        return _("the link '{target}' leads nowhere: a web address starts with https://; "
                 "write (https://{target}).").format(target=target)
    if bare.endswith((".html", ".htm")):
        docname = posixpath.normpath(posixpath.join(here, bare.rsplit(".", 1)[0]))
        if docname in env.found_docs:
            return _("the link '{target}' leads nowhere: link to the chapter's source file, "
                     "'{fixed}', not to the web page made from it.").format(
                target=target, fixed=context.relative_doc(docname) + (
                    f"#{anchor}" if anchor else ""))
    if bare and (bare.endswith(".md") or "/" in bare):
        wanted = posixpath.normpath(bare[:-3] if bare.endswith(".md") else bare).lstrip("/")
        if wanted in env.found_docs:
            return _("the link '{target}' leads nowhere: a link's path starts from the "
                     "folder of this chapter ({folder}), not from docs/; write "
                     "'{fixed}'.").format(target=target, folder=(here or ".") + "/",
                                          fixed=context.relative_doc(wanted))
        relative = {context.relative_doc(doc): doc for doc in env.found_docs}
        return _("the link '{target}' leads to no chapter; check the file name (paths start "
                 "from the folder of this chapter).").format(target=target) + \
            context.close(bare, relative, _("chapters"))
    anchors = anchors_of(context, context.docname)
    return _("the link '{target}' leads nowhere: this chapter has no heading or label "
             "'{name}'; link a heading by its anchor, such as (#{example}).").format(
        target=target, name=anchor or bare, example=next(iter(sorted(anchors)), "kop")) + \
        context.close(anchor or bare, anchors, _("anchors"))


def anchors_of(context: Context, docname: str | None) -> set[str]:
    if not docname:
        return set()
    slugs = set(context.env.metadata.get(docname, {}).get("myst_slugs", {}))
    labels = context.env.domaindata.get("std", {}).get("labels", {})
    return slugs | {name for name, entry in labels.items() if entry[0] == docname}


@rule("myst", "xref_missing", r"^local id not found in doc '(?P<doc>.*)': '(?P<anchor>.*)'$")
def heading_anchor(context: Context, match: re.Match):
    anchors = anchors_of(context, match["doc"])
    return (_("the chapter '{doc}' has no heading with the anchor '{anchor}'; the anchor is "
              "the heading's text in small letters with hyphens for spaces.").format(
        doc=match["doc"], anchor=match["anchor"])
        + context.close(match["anchor"], anchors, _("anchors")), [f"#{match['anchor']}"])


@rule("bibtex", "key_not_found", r'^could not find bibtex key "(?P<key>.*)"$')
def bibliography_key(context: Context, match: re.Match):
    keys: set[str] = set()
    # Without the bibliography's data there is no suggestion, only the message.
    with contextlib.suppress(Exception):
        keys = set(cast("BibtexDomain", context.env.get_domain("cite")).bibdata.data.entries)
    files = ", ".join(context.app.config.bibtex_bibfiles) or "references.bib"
    return (_("the source '{key}' is not in {files}; use the key of an entry there, or add "
              "the entry.").format(key=match["key"], files=files)
            + context.close(match["key"], keys, _("keys")), [match["key"]])


@rule("ref", "ref", r"^undefined label: '(?P<label>.*)'$")
@rule("ref", "numref", r"^undefined label: '(?P<label>.*)'$")
def label(context: Context, match: re.Match):
    labels = {name for name, entry in
              context.env.domaindata.get("std", {}).get("labels", {}).items()
              if entry[0] in context.env.found_docs}
    return (_("there is no label '{label}'; a label is a line '({label})=' above a "
              "heading.").format(label=match["label"])
            + context.close(match["label"], labels, _("labels")), [match["label"]])


@rule("ref", "doc", r"^unknown document: '(?P<doc>.*)'$")
@rule("toc", "not_readable",
      r"^toctree contains reference to nonexisting document '(?P<doc>.*)'$")
def document(context: Context, match: re.Match):
    return (_("there is no chapter '{doc}'; name a file in docs/ without '.md', as seen "
              "from this chapter's folder.").format(doc=match["doc"])
            + context.close(match["doc"], context.env.found_docs, _("chapters")),
            [match["doc"]])


@rule("toc", "not_included", r"^document isn't included in any toctree$")
def not_in_toctree(context: Context, match: re.Match):
    return _("this chapter is in no table of contents, so readers cannot find it; add it "
             "to a toctree (as in index.md).").format(), []


@rule("image", "not_readable", r"^image file not readable: (?P<path>.*)$")
def image(context: Context, match: re.Match):
    name = posixpath.basename(match["path"])
    folder = Path(context.app.srcdir, posixpath.dirname(match["path"]))
    present = [p.name for p in folder.glob("*") if p.is_file() and not p.name.endswith(".md")] \
        if folder.is_dir() else []
    return (_("the image '{name}' does not exist in {folder}; put the file there, or correct "
              "its name (the path starts from this chapter's folder).").format(
        name=name, folder=(posixpath.dirname(match["path"]) or ".") + "/")
        + context.close(name, present, _("files")), [name])


@rule("docutils", None, r'^Duplicate explicit target name: "(?P<name>.*)"\.$')
@rule("ref", None, r"^duplicate label (?P<name>.*), other instance in (?P<other>.*)$")
def duplicate_label(context: Context, match: re.Match):
    return (_("the label '{name}' is used twice; give one of them another name.").format(
        name=match["name"]), [f"({match['name']})=", match["name"]])


@rule("docutils", None, r"^Too many autonumbered footnote references")
def footnote_count(context: Context, match: re.Match):
    return None  # the unknown footnote below it says what is wrong


@rule("docutils", None, r'^Unknown target name: "(?P<name>.*)"\.$')
def unknown_target(context: Context, match: re.Match):
    name = match["name"]
    if context.path and f"[^{name}]" in source_text(context.path):
        return (_("the footnote [^{name}] has no text; add a line '[^{name}]: the text' "
                  "at the end of the chapter, or remove the reference.").format(name=name),
                [f"[^{name}]"])
    return (_("there is no link target '{name}'.").format(name=name)
            + context.close(name, anchors_of(context, context.docname), _("anchors")),
            [name])


@rule("myst", "role_unknown", r'^Unknown interpreted text role "(?P<name>.*)"\.$')
def unknown_role(context: Context, match: re.Match):
    from docutils.parsers.rst import roles
    # The registries are private, so types-docutils leaves them out.
    known = set(roles._roles) | set(roles._role_registry)  # type: ignore[attr-defined]
    known |= {f"{domain.name}:{name}" for domain in domains(context) for name in domain.roles}
    return (_("'{{{name}}}' is no role; check its name.").format(name=match["name"])
            + context.close(match["name"], known, _("roles")), [f"{{{match['name']}}}"])


@rule("myst", "directive_unknown", r"^Unknown directive type: '(?P<name>.*)'$")
def unknown_directive(context: Context, match: re.Match):
    from docutils.parsers.rst import directives
    # The registries are private, so types-docutils leaves them out.
    known = (set(directives._directives)  # type: ignore[attr-defined]
             | set(directives._directive_registry))  # type: ignore[attr-defined]
    known |= {f"{domain.name}:{name}" for domain in domains(context)
              for name in domain.directives}
    return (_("'{{{name}}}' is no block (directive); check its name.").format(
        name=match["name"]) + context.close(match["name"], known, _("blocks")),
        [f"{{{match['name']}}}"])


@rule("myst", "directive_option",
      r"^'(?P<name>[^']+)': Unknown option keys?: (?P<keys>.+?) \(allowed: \[(?P<allowed>.*)\]\)$")
def unknown_option(context: Context, match: re.Match):
    keys = re.findall(r"'([^']*)'", match["keys"])
    allowed = re.findall(r"'([^']*)'", match["allowed"])
    return (_("the block '{{{name}}}' has no option {options}; it takes {allowed}.").format(
        name=match["name"], options=", ".join(f":{key}:" for key in keys),
        allowed=", ".join(f":{key}:" for key in allowed) or "-")
        + (context.close(keys[0], allowed, _("options")) if keys else ""),
        [f":{key}:" for key in keys])


@rule("myst", "directive_parse", r"^'(?P<name>[^']+)': Has content, but none permitted$")
def content_not_permitted(context: Context, match: re.Match):
    return _("the block '{{{name}}}' takes no text; remove the text between its opening and "
             "closing lines (the block fills itself in).").format(name=match["name"]), []


@rule("docutils", None,
      r'^Content block expected for the "(?P<name>[^"]+)" directive; none found\.$')
def content_expected(context: Context, match: re.Match):
    return _("the block '{{{name}}}' is empty; write its text between the opening and "
             "closing lines.").format(name=match["name"]), []


def domains(context: Context):
    container = context.env.domains
    return container.sorted() if hasattr(container, "sorted") else container.values()


@rule("myst", "header", r"^Non-consecutive header level increase; H(?P<up>\d) to H(?P<to>\d)$")
def heading_level(context: Context, match: re.Match):
    up = int(match["up"])
    return _("this heading skips a level ({to} after {up}); write {right} for a heading "
             "directly under a {up} heading.").format(
        to="#" * int(match["to"]), up="#" * up, right="#" * (up + 1)), []


@rule("myst", "header", r"^Document headings start at H(?P<level>\d), not H1$")
def first_heading(context: Context, match: re.Match):
    return _("the chapter's first heading has {level}; start with one # (the chapter's "
             "title).").format(level="#" * int(match["level"])), []


def misspelled(context: Context, match: re.Match):
    word, suggestions = match["word"], match.groupdict().get("suggestions") or ""
    found = re.findall(r'"([^"]*)"', suggestions)
    hint = _(" Suggestions: {words}.").format(words=", ".join(found)) if found else ""
    return (_("'{word}' is not in the dictionary; correct the word, or add it to "
              "docs/spelling_wordlist.txt if it is right.").format(word=word) + hint,
            [word])


_source_cache: dict[str, tuple[int, str]] = {}


def source_text(path: str) -> str:
    try:
        stamp = os.stat(path).st_mtime_ns
    except OSError:
        return ""
    cached = _source_cache.get(path)
    if cached is None or cached[0] != stamp:
        with open(path, encoding="utf-8", errors="replace") as f:
            cached = (stamp, f.read())
        _source_cache[path] = cached
    return cached[1]


def exact(path: str | None, line: int | None, needles: list[str],
          claimed: set) -> int | None:
    """The line, from the one given on, on which the first needle stands."""
    if not path or not needles:
        return line
    lines = source_text(path).splitlines()
    first = (line or 1) - 1
    for needle in needles:
        if not needle:
            continue
        for index in range(first, min(len(lines), first + SEARCH_LINES)):
            column = lines[index].find(needle)
            while column != -1:
                if (path, index, column, needle) not in claimed:
                    claimed.add((path, index, column, needle))
                    return index + 1
                column = lines[index].find(needle, column + 1)
    return line


#: The checks whose warning at a broken region's first line is its cause.
CAUSES = {"structure", "raw-markup", "option-value"}


class AuthorMessages(logging.Filter):
    """Rewrites the warnings an author can cause; holds back the follow-ons."""

    def __init__(self, app: Sphinx):
        super().__init__()
        self.app = app
        self.claimed: set = set()

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING or getattr(record, "ivp_author", False):
            return True
        record.ivp_author = True
        try:
            return self.rewrite(record)
        except Exception:
            return True

    def rewrite(self, record: logging.LogRecord) -> bool:
        message = ANSI.sub("", record.getMessage())
        kind, subtype = getattr(record, "type", None), getattr(record, "subtype", None)
        docname, path, line = self.locate(record)
        spelling = SPELLING.match(message) if not kind else None
        if spelling:
            kind, subtype = "spelling", "word"
            path = spelling["path"]
            path = os.path.normpath(os.path.join(os.getcwd(), path))
            docname = self.app.env.path2doc(path)
            line = int(spelling["line"]) if spelling["line"].isdigit() else None
            rewritten = misspelled(Context(self.app, docname, path, line), spelling)
            return self.apply(record, kind, subtype, docname, path, line, rewritten)
        if not kind and message.startswith("Found ") and "misspelled" in message:
            return False  # every word was reported on its own line
        if docname and line and self.held_back(docname, line, kind, subtype):
            return False
        if kind == "ivp":
            return True
        for rule_kind, rule_subtype, pattern, function in RULES:
            if rule_kind != kind or rule_subtype not in (None, subtype):
                continue
            match = pattern.match(message)
            if match:
                rewritten = function(Context(self.app, docname, path, line), match)
                if rewritten is None:
                    return False
                return self.apply(record, kind, subtype, docname, path, line, rewritten)
        if is_dutch(self.app) and kind not in (None, "ivp"):
            record.msg, record.args = _("{message} (message of Sphinx, in English; "
                                        "chapter 7 of the authors' guide explains "
                                        "it)").format(message=message), ()
        return True

    def apply(self, record, kind, subtype, docname, path, line, rewritten) -> bool:
        text, needles = rewritten
        line = exact(path, line, needles, self.claimed)
        record.msg, record.args = str(text), ()
        record.type, record.subtype = kind, subtype
        if docname and kind != "spelling":
            record.location = (docname, line)
        elif path:
            record.location = f"{path}:{line}" if line else path
        return True

    def held_back(self, docname: str, line: int, kind, subtype) -> bool:
        for start, end, cause in structure.regions(self.app.env).get(docname, ()):
            if start <= line <= end and line != cause:
                return True
            if line == cause and kind == "ivp" and subtype not in CAUSES:
                return True  # the choice's own "no goals", at the choice's fence
        return False

    def locate(self, record) -> tuple[str | None, str | None, int | None]:
        env = self.app.env
        location = getattr(record, "location", None)
        if isinstance(location, nodes.Node):
            location = get_node_location(location)
        if isinstance(location, tuple):
            docname, line = location
            path = str(env.doc2path(docname)) if docname else None
            return docname, path, line
        if isinstance(location, str) and location:
            path, _sep, line = location.rpartition(":")
            if not path or not line.isdigit():
                path, line = location, ""
            if ":" not in location and location in env.found_docs:
                return location, str(env.doc2path(location)), None
            docname = env.path2doc(path) if os.path.isabs(path) else None
            return docname, path, int(line) if line else None
        return None, None, None


def is_dutch(app: Sphinx) -> bool:
    return (app.config.language or "").split("_")[0].lower() == "nl"


#: The filter installed for each application (the Sphinx object has no slot for it).
_INSTALLED: weakref.WeakKeyDictionary[Sphinx, AuthorMessages] = weakref.WeakKeyDictionary()


def installed(app: Sphinx) -> AuthorMessages | None:
    """The filter installed for ``app``, if any (the live warnings put it first too)."""
    return _INSTALLED.get(app)


def install(app: Sphinx) -> None:
    """First on Sphinx's warning handler, so every later filter sees the new text."""
    author = AuthorMessages(app)
    _INSTALLED[app] = author
    for handler in logging.getLogger(NAMESPACE).handlers:
        if isinstance(handler, WarningStreamHandler):
            handler.filters.insert(0, author)


def reset_lines(app: Sphinx, *args) -> None:
    author = _INSTALLED.get(app)
    if author is not None:
        author.claimed.clear()


def reset_lines_after_update(app: Sphinx, env: object) -> list[str]:
    """``env-updated``: no page to write again, only the lines to forget."""
    reset_lines(app)
    return []


#: The document this process is reading (noted on each warning made meanwhile).
_reading: str | None = None


def note_reading(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read``: from here on, warnings are made while reading ``docname``."""
    global _reading
    _reading = docname


def tag_records() -> None:
    """Every log record notes the document being read when it was made (in the
    workers of a parallel read too: they are forked with this factory)."""
    previous = logging.getLogRecordFactory()
    if getattr(previous, "ivp_notes_reading", False):
        return

    def factory(*args, **kwargs) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        record.ivp_reading = _reading
        return record

    factory.ivp_notes_reading = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(factory)


#: Per application: the documents in the order they are read.
_READ_ORDER: weakref.WeakKeyDictionary[Sphinx, list[str]] = weakref.WeakKeyDictionary()


def note_read_order(app: Sphinx, env, docnames: list[str]) -> None:
    """``env-before-read-docs`` (after the extensions that reorder the list)."""
    global _reading
    _reading = None
    _READ_ORDER[app] = list(docnames)


def in_reading_order(app: Sphinx, env) -> list[str]:
    """``env-updated`` (first): the warnings held while reading, in the order of the
    documents they were made in (as a serial build shows them); a warning made
    outside any document's reading stays after the one before it."""
    global _reading
    _reading = None
    position = {docname: index for index, docname in enumerate(_READ_ORDER.pop(app, []))}
    for handler in logging.getLogger(NAMESPACE).handlers:
        if not isinstance(handler, MemoryHandler):
            continue
        keys, key = [], -1
        for record in handler.buffer:
            key = position.get(getattr(record, "ivp_reading", None) or "", key)
            keys.append(key)
        order = sorted(range(len(keys)), key=keys.__getitem__)
        handler.buffer[:] = [handler.buffer[index] for index in order]
    return []


def setup_author_messages(app: Sphinx) -> None:
    install(app)
    tag_records()
    app.connect("source-read", note_reading, priority=0)
    app.connect("env-before-read-docs", note_read_order, priority=900)
    app.connect("env-updated", in_reading_order, priority=0)
    app.connect("env-before-read-docs", reset_lines)
    app.connect("env-updated", reset_lines_after_update)
