"""Each council's whole adopted text on the site: "zoals vastgesteld door de raad van X".

For every council with adopted amendments (:mod:`jointplan.plan.adopted`) the
site gets ``vastgesteld/<council>/<docname>.html`` for every document of that
council's edition (what its PDF edition holds: the shared chapters and its own
chapter, not the other councils' chapters, the raadsvoorstellen or
``jointplan_pdf_exclude``):

- an amended paragraph reads as adopted: the new words in ``<ins>`` (with
  words for screen readers), followed by "(amendement A1)" linking to the
  amendment (:func:`jointplan.glue.adoptedtext.mark`);
- the overlap tables are filled from the council's amended plan;
- a banner at the top names the text and its amendments, and links the list of
  deviations and the same page in the joint text;
- every link to a document of the edition (body, navigation, previous/next)
  stays inside the council's view; others go to the joint text.

The pages are made at write time from the resolved doctrees, rendered by the
builder like any page (theme, navigation, the extension's banner and
metadata) and then moved into the council's folder: every relative address
in the page is recomputed from its new place. A document no amendment
touches (no amended paragraph, no table when the council's choices are the
joint ones) is translated once and shared by every council's view. A council
whose adopted text has no amendments gets no copy: ``vastgesteld/<council>.html``
says its adopted text is the joint text (:mod:`jointplan.site.adopted`).

The copies are not in the search index (only documents Sphinx writes are), so
a search finds each paragraph once, in the joint text; their metadata names
the council whose adopted text they are (:mod:`jointplan.site.metadata`).
They are made in every build and written only when their bytes change, and
pages no longer made (an amendment withdrawn) are removed, so an incremental
build gives the clean build's output.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html import escape, unescape
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.util import logging
from sphinx.util.osutil import relative_uri

from ..glue import decisions, tables
from ..glue.adoptedtext import held_placeholder, hold, mark
from ..glue.domain import ivp
from ..glue.paragraphs import paragraph_link, text_domain
from ..plan import views, words
from ..plan.adopted import amended_plan
from ..plan.amendments import Amendment
from ..plan.model import NO_EDITION
from .units import Units, replaying

FOLDER = "vastgesteld"
#: Where a view page is rendered before it is moved into the council's folder.
SCRATCH = "jointplan-adopted-view.html"
#: What each view page was made from (see write_views), in the doctree folder.
STATE = "jointplan-adopted-views.json"


@dataclass(frozen=True)
class View:
    """What a page of a council's view adds to the page it copies."""

    council: str  # municipality id
    name: str
    pagename: str  # vastgesteld/<council>/<docname>
    description: str  # its adopted text in words, for the page's metadata
    banner: str  # the status banner's first sentence


@dataclass
class BuildState:
    """What the views keep while one builder writes (not on the builder itself)."""

    #: A view is being rendered: its doctree resolutions are not the builder's.
    in_view: bool = False
    #: The documents the builder resolved (so wrote) in this build.
    resolved: set[str] = field(default_factory=set)
    #: (pagenames made under vastgesteld/, councils with a view), for build-finished.
    made: tuple[set[str], set[str]] | None = None
    #: The HTML of the generated content the views of this build showed.
    units: Units = field(default_factory=Units)
    #: Each document resolved for the views of this build, its tables still to fill.
    held: dict[str, nodes.document] = field(default_factory=dict)


_states: weakref.WeakKeyDictionary[Builder, BuildState] = weakref.WeakKeyDictionary()


def state(builder: Builder) -> BuildState:
    return _states.setdefault(builder, BuildState())


@contextmanager
def rendering_view(builder: Builder) -> Iterator[None]:
    """While a view's document is resolved and rendered (see :func:`note_resolved`)."""
    state(builder).in_view = True
    try:
        yield
    finally:
        state(builder).in_view = False


def view_pagename(council: str, docname: str) -> str:
    return f"{FOLDER}/{council}/{docname}"


def council_page(council: str) -> str:
    """The council's entry page: its deviations, or the notice that it is the joint text."""
    return f"{FOLDER}/{council}"


def edition_docnames(app: Sphinx, municipality) -> list[str]:
    """The documents of the council's edition, as its PDF edition holds them."""
    env = app.env
    chapters = set(ivp(env).municipality_chapters())
    excluded = set(app.config.jointplan_pdf_exclude)
    proposals = app.config.jointplan_proposal_dir.strip("/") + "/"
    own = municipality.location.docname
    return sorted(d for d in env.found_docs
                  if d not in excluded and not d.startswith(proposals)
                  and (d not in chapters or d == own))


def wanted(app: Sphinx) -> bool:
    """Only the html builder: its pages are ``<docname>.html`` (the relocation relies on it)."""
    return isinstance(app.builder, StandaloneHTMLBuilder) and app.builder.name == "html"


# -- the adopted text of one document -------------------------------------------

def marker(builder: StandaloneHTMLBuilder, docname: str):
    """The site's mark of amended words: ``<ins>`` and a link to the amendment."""
    def marked(amendment: Amendment, new: str) -> list[nodes.Node]:
        found: list[nodes.Node] = []
        if new:
            start, end = words.CHANGES_INSERTED
            found.append(nodes.raw(
                "", f'<ins class="ivp-amended"><span class="ivp-changes-sr">[{start}] </span>'
                f'{escape(new)}<span class="ivp-changes-sr"> [{end}]</span></ins>',
                format="html"))
        uri = (builder.get_relative_uri(docname, amendment.location.docname)
               + "#" + amendment.anchor)
        label = words.amended_by(amendment.number)[1:-1]  # "amendement A1"
        found += [nodes.Text(" ("),
                  nodes.reference(label, label, refuri=uri, internal=True,
                                  classes=["ivp-amendment-mark"]),
                  nodes.Text(")")]
        return found
    return marked


def link_added_choices(tree: nodes.document, own: list[Amendment]) -> None:
    """A choice the council added by amendment stands where the amendment is
    declared: the tables' links to it go to the amendment."""
    anchors = {"#" + views.choice_anchor(a.council, a.add_choice): "#" + a.anchor
               for a in own if a.add_choice}
    for reference in tree.findall(nodes.reference):
        uri = reference.get("refuri", "")
        cut = uri.find("#")
        if cut >= 0 and uri[cut:] in anchors:
            reference["refuri"] = uri[:cut] + anchors[uri[cut:]]


def translate(builder: StandaloneHTMLBuilder, docname: str, own: list[Amendment], plan
              ) -> tuple[str, str, nodes.document, bool]:
    """(body, metatags, doctree, whether it has maths) of the document with the council's amendments
    applied and its tables filled from ``plan``, as ``write_doc`` translates it."""
    env = builder.env
    held = state(builder).held
    if docname not in held:  # resolved once, for every council's view
        # Its references were resolved, and any problem warned, when the joint page was.
        with logging.suppress_logging():
            held[docname] = env.get_and_resolve_doctree(
                docname, builder, tags=builder.tags, doctree=hold(env.get_doctree(docname)))
    tree = held[docname].deepcopy()
    units = state(builder).units
    tables.fill(env, builder, tree, docname, plan, kind=held_placeholder,
                translated=units.translated(docname))
    if own:
        mark(tree, own, marker(builder, docname))
        # The links it moves go to a choice only this council's amended plan has,
        # so no other view shows an equal unit (see units.py).
        link_added_choices(tree, own)
    uri = builder.get_target_uri(docname)
    builder.imgpath = relative_uri(uri, builder.imagedir)
    builder.post_process_images(tree)
    tree.settings = builder.docsettings
    builder.secnumbers = env.toc_secnumbers.get(docname, {})
    builder.fignumbers = env.toc_fignumbers.get(docname, {})
    builder.dlpath = relative_uri(uri, "_downloads")
    builder.current_docname = docname
    visitor = replaying(builder.create_translator(tree, builder), units, docname)
    tree.walkabout(visitor)
    return ("".join(visitor.fragment), "".join(visitor.meta[2:]),
            tree, getattr(visitor, "_has_maths_elements", False))


def adopted_paragraphs(builder: StandaloneHTMLBuilder, page: str, docname: str,
                       own: list[Amendment], ids: list[str]) -> dict[str, str]:
    """Paragraph id -> the paragraph of ``docname`` as the council adopted it,
    rendered as the site shows it (citations, links and markup; the new words
    unmarked), as HTML for ``page``. Its ids and self-link stay on the joint page."""
    env = builder.env
    tree = hold(env.get_doctree(docname))
    # warned when the joint page was resolved
    with rendering_view(builder), logging.suppress_logging():
        tree = env.get_and_resolve_doctree(docname, builder, tags=builder.tags, doctree=tree)
    mark(tree, own, lambda amendment, new: [nodes.Text(new)] if new else [])
    holders = {node_id: node for node in tree.findall(nodes.Element)
               for node_id in node["ids"] if node_id in ids}
    found = {}
    for paragraph_id, holder in holders.items():
        paragraph = holder if isinstance(holder, nodes.paragraph) else next(
            iter(holder.findall(nodes.paragraph)), None)
        if paragraph is None:
            continue
        copy = paragraph.deepcopy()
        for element in copy.findall(nodes.Element):  # the joint page has these ids
            element["ids"] = []
        for shown in list(copy.findall(lambda n: isinstance(n, (paragraph_link, nodes.target)))):
            shown.parent.remove(shown)
        tree.children = [copy]
        tree.settings = builder.docsettings
        builder.current_docname = docname
        visitor = builder.create_translator(tree, builder)
        tree.walkabout(visitor)
        found[paragraph_id] = relocate("".join(visitor.fragment),  # type: ignore[attr-defined]
                                       builder.get_target_uri(docname),
                                       builder.get_target_uri(page), {})
    return found


# -- moving a rendered page into the council's folder -----------------------------

#: The attributes that hold addresses in the pages Sphinx and the theme write.
ADDRESS = re.compile(r'(\s(?:href|src|action|data-content_root)=")([^"]*)(")')
SCRIPT = re.compile(r"(<script\b[^>]*>)(.*?</script>)", re.S)
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def relocate(page: str, source: str, target: str, moved: dict[str, str]) -> str:
    """The page written for address ``source`` (``shared/tekst.html``), with every
    relative address recomputed for ``target``; an address of ``moved``
    (a page of the council's edition) becomes its copy in the view.

    Inline scripts are left as they are (the Content-Security-Policy names them
    by their hash), only their ``src`` is recomputed."""
    base, new_base = posixpath.dirname(source), posixpath.dirname(target) or "."
    paths: dict[str, str] = {}  # a page links to few pages, many times (the tables)

    def new_path(path: str) -> str:
        folder = path.endswith("/") or path in (".", "..")
        resolved = posixpath.normpath(posixpath.join(base, path))
        resolved = moved.get(resolved, resolved)
        found = posixpath.relpath(resolved, new_base)
        if folder and not found.endswith("/"):
            found += "/"
        return found

    def address(url: str) -> str:
        if not url or url.startswith(("#", "/")) or SCHEME.match(url):
            return url
        cut = min((i for i in (url.find("#"), url.find("?")) if i >= 0), default=len(url))
        path, rest = url[:cut], url[cut:]
        if not path:
            return url
        if path not in paths:
            paths[path] = new_path(path)
        return paths[path] + rest

    def attributes(text: str) -> str:
        return ADDRESS.sub(lambda m: m[1] + address(m[2]) + m[3], text)

    out, at = [], 0
    for script in SCRIPT.finditer(page):
        out += [attributes(page[at:script.start()]), attributes(script[1]), script[2]]
        at = script.end()
    out.append(attributes(page[at:]))
    return "".join(out)


# -- the views ----------------------------------------------------------------

def banner(builder: StandaloneHTMLBuilder, docname: str, municipality, own: list[Amendment],
           choices_changed: bool) -> str:
    """The notice at the top of a view page (HTML, addresses as from ``docname``)."""
    def link(to: str, anchor: str, text: str) -> str:
        uri = builder.get_relative_uri(docname, to) + (f"#{anchor}" if anchor else "")
        return f'<a href="{escape(uri)}">{escape(text)}</a>'

    amendments = words.amendments_named(
        link(a.location.docname, a.anchor, a.number) for a in own)
    text = words.VIEW_BANNER.format(name=escape(municipality.name), amendments=amendments,
                                    version=escape(words.view_version(municipality)))
    if choices_changed:
        text += " " + escape(words.VIEW_BANNER_CHOICES)
    # The same page in the joint text: the builder's address, which is not moved.
    joint = f'<a href="{escape(builder.get_relative_uri(docname, docname))}" ' \
        f'data-ivp-joint="">{escape(words.VIEW_JOINT_PAGE)}</a>'
    head = escape(words.VIEW_HEAD.format(name=municipality.name))
    return (f'<div class="admonition ivp-adopted-view"><p class="admonition-title">{head}</p>'
            f"<p>{text}</p><p>{link(council_page(municipality.id), '', words.VIEW_DEVIATIONS)}"
            f" · {joint}</p></div>\n")


def note_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: the documents the builder writes in this build (it
    resolves each in the main process, also with -j)."""
    if not state(app.builder).in_view:
        state(app.builder).resolved.add(docname)


def digest(*parts: object) -> str:
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()


def write_views(app: Sphinx, councils) -> set[str]:
    """Write each council's view; returns the pagenames it holds.

    A view page is made again when the builder wrote its document in this
    build (whatever changes the joint page, its navigation or its status,
    changes the copy too), or when what only the view shows changed: the
    council's amendments and decision, where its amended paragraphs are, its
    edition's documents, the document's tables as the amended plan fills them.
    Those are kept, per page, in the doctree folder."""
    if not wanted(app):
        return set()
    builder = app.builder
    assert isinstance(builder, StandaloneHTMLBuilder)
    env = app.env
    domain = ivp(env)
    plan = domain.plan
    paragraphs = text_domain(env).by_id()
    with_tables = set(domain.shown)
    shared: dict[str, tuple[str, str, nodes.document, bool]] = {}
    scratch = Path(app.doctreedir) / SCRATCH
    outdir = Path(builder.outdir)
    state_file = Path(app.doctreedir) / STATE
    try:
        kept = json.loads(state_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        kept = {}
    before = kept.get("pages", {}) if kept.get("outdir") == str(outdir) else {}
    written, state(builder).resolved = state(builder).resolved, set()
    state(builder).units, state(builder).held = Units(), {}  # this build's
    after: dict[str, str] = {}
    made: set[str] = set()
    for municipality, own in councils:
        amended = amended_plan(plan, own)
        docnames = edition_docnames(app, municipality)
        changed = {paragraphs[a.paragraph].docname for a in own if a.paragraph in paragraphs}
        if amended is not plan:
            changed |= with_tables
        moved = {builder.get_target_uri(d): builder.get_target_uri(
            view_pagename(municipality.id, d)) for d in docnames}
        council = digest(own, decisions.as_recorded(env, municipality), docnames,
                         sorted(changed))
        numbers = [a.number for a in own]
        description = (words.adopted_title(municipality.name) + ", met "
                       + words.amendments_named(numbers))
        for docname in docnames:
            pagename = view_pagename(municipality.id, docname)
            made.add(pagename)
            source, target = builder.get_target_uri(docname), builder.get_target_uri(pagename)
            key = digest(council, sorted(
                (repr(shown), repr(views.build(amended, shown)))
                for shown in domain.shown.get(docname, ())) if amended is not plan else ())
            after[pagename] = key
            if docname not in written and before.get(pagename) == key \
                    and (outdir / target).is_file():
                continue  # neither the joint page nor what only the view shows changed
            with rendering_view(builder):
                if docname in changed:
                    body, meta, tree, maths = translate(builder, docname, own, amended)
                else:  # the joint text, shared by every council's view
                    if docname not in shared:
                        shared[docname] = translate(builder, docname, [], plan)
                    body, meta, tree, maths = shared[docname]
            context = builder.get_doc_context(docname, body, meta)
            context["body"] = banner(builder, docname, municipality, own,
                                     amended is not plan) + body
            context["title"] = escape(words.view_title(unescape(
                re.sub(r"<[^>]*>", "", context.get("title") or "")), municipality.name))
            context["has_maths_elements"] = maths
            context["sourcename"] = ""  # its source is the joint text's
            context["ivp_adopted_view"] = View(municipality.id, municipality.name, pagename,
                                               description, description + ".")
            if app.config.html_baseurl:
                context["pageurl"] = posixpath.join(app.config.html_baseurl,
                                                    builder.get_target_uri(pagename))
            builder.handle_page(docname, context, outfilename=scratch, event_arg=tree)
            page = scratch.read_text(encoding="utf-8")
            # The joint page's own link (data-ivp-joint) must not move with the rest.
            page = relocate(page, source, target, moved)
            joint = posixpath.relpath(source, posixpath.dirname(target))
            page = re.sub(r'href="[^"]*" data-ivp-joint=""', f'href="{joint}"', page)
            # The theme's version switcher links this page in another version by
            # its name: the view's, not the joint page's.
            page = page.replace(f"DOCUMENTATION_OPTIONS.pagename = '{docname}';",
                                f"DOCUMENTATION_OPTIONS.pagename = '{pagename}';")
            write_if_changed(outdir / target, page)
    scratch.unlink(missing_ok=True)
    # Kept only for the pages made; a build that fails before this makes all again.
    state_file.write_text(json.dumps({"outdir": str(outdir), "pages": after}, indent=0),
                          encoding="utf-8")
    return made


def write_if_changed(path: Path, text: str) -> None:
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def add_view_status(app: Sphinx, pagename: str, templatename: str, context: dict,
                    doctree) -> None:
    """``html-page-context`` (after the status is set): a view page's banner says
    whose adopted text it is, before the plan's status."""
    view = context.get("ivp_adopted_view")
    if isinstance(view, View):
        context["ivp_status"] = " ".join(filter(None, [view.banner,
                                                       context.get("ivp_status", "")]))


def remove_stale(app: Sphinx, expected: set[str], councils: set[str]) -> None:
    """Remove what an earlier build made and this one did not: the pages under
    ``vastgesteld/`` and the councils' exports (an amendment withdrawn)."""
    outdir = Path(app.builder.outdir)
    folder = outdir / FOLDER
    if folder.is_dir():
        for page in sorted(folder.rglob("*.html"), reverse=True):
            name = page.relative_to(outdir).with_suffix("").as_posix()
            if name not in expected:
                page.unlink()
        for directory in sorted((d for d in folder.rglob("*") if d.is_dir()), reverse=True):
            if not any(directory.iterdir()):
                directory.rmdir()
        if not any(folder.iterdir()):
            folder.rmdir()
    for municipality in ivp(app.env).plan.ordered_municipalities:
        export = outdir / f"priorities-{municipality.id}.json"
        if municipality.id not in councils and export.is_file():
            export.unlink()


def notice_body(app: Sphinx, pagename: str, municipality) -> str:
    """A council whose adopted text is the joint text (or that adopted none): a notice."""
    recorded = decisions.as_recorded(app.env, municipality)
    if recorded.adopted and recorded.council_version != NO_EDITION:
        text = words.VIEW_JOINT_ADOPTED.format(name=municipality.name,
                                               version=words.view_version(recorded))
    else:
        text = words.VIEW_NOT_ADOPTED.format(status=words.council_status(recorded),
                                             name=municipality.name)
    root = app.builder.get_relative_uri(pagename, app.config.root_doc)
    return (f"<h1>{escape(words.adopted_title(municipality.name))}</h1><p>{escape(text)}</p>"
            f'<p><a href="{escape(root)}">{escape(words.VIEW_TO_JOINT)}</a></p>')
