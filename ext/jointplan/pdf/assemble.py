"""From Sphinx's single-page HTML to the print documents WeasyPrint renders.

Sphinx's ``singlehtml`` output is close to what a printed plan needs, but not
quite (see the PDF notes): links between documents read ``#document-X#anchor``
and resolve nowhere, chapters that share section names repeat ids, every
chapter starts with an empty marker, and documents are nested as deep as the
toctrees. This module takes that page apart into one section per document,
gives every id a per-document prefix, rewrites each internal link to its new
target, and puts the documents back together as a flat sequence of parts and
chapters, once for the full plan and once per council edition.

Plain BeautifulSoup, no Sphinx: the builder hands in the page and the plan.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html import escape

from bs4 import BeautifulSoup, Tag

DOCUMENT_PREFIX = "document-"


@dataclass
class Document:
    """One source document, cut out of the single page."""

    docname: str
    depth: int  # 0 for the root document, 1 for what its toctree includes, ...
    section: Tag


@dataclass
class Edition:
    """One PDF: which documents it holds and what its cover says."""

    slug: str  # file name without .pdf
    title: str
    subtitle: str
    status: str  # "CONCEPT" or the adoption line
    draft: bool
    keep: Callable[[str], bool] = field(default=lambda docname: True)


@dataclass
class Assembled:
    html: str
    broken_links: list[str]


def doc_prefix(docname: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", docname.lower()).strip("-")


def split_documents(page: BeautifulSoup, root_docname: str) -> list[Document]:
    """The documents of a singlehtml page, in reading order, detached."""
    body = page.select_one('div[role="main"]') or page.select_one("div.body") or page.body
    root_section = body.find("section")
    markers = body.select(f'span[id^="{DOCUMENT_PREFIX}"]')
    sections = []
    for marker in markers:
        section = marker.find_next_sibling("section")
        if section is not None:
            sections.append((marker["id"][len(DOCUMENT_PREFIX):], section))
        marker.decompose()
    owned = {id(section) for _, section in sections}
    documents = []
    for docname, section in sections:
        depth = 1 + sum(id(parent) in owned for parent in section.parents)
        documents.append(Document(docname, depth, section))
    for document in documents:
        document.section.extract()
    for wrapper in root_section.select("div.toctree-wrapper"):
        wrapper.decompose()
    return [Document(root_docname, 0, root_section.extract()), *documents]


def namespace_ids(documents: Iterable[Document]) -> dict[tuple[str, str], str]:
    """Prefix every id with its document's; return (docname, old id) -> new id."""
    new_ids: dict[tuple[str, str], str] = {}
    for document in documents:
        prefix = doc_prefix(document.docname)
        new_ids[document.docname, ""] = prefix
        for element in [document.section, *document.section.find_all(id=True)]:
            old = element.get("id")
            if old:
                new_ids.setdefault((document.docname, old), f"{prefix}--{old}")
                element["id"] = f"{prefix}--{old}"
        document.section["id"] = prefix
    return new_ids


def link_target(href: str, docname: str) -> tuple[str, str] | None:
    """(docname, anchor) an internal href points to, or None if it is external."""
    if href.startswith("#" + DOCUMENT_PREFIX):
        target_doc, _, anchor = href[1 + len(DOCUMENT_PREFIX):].partition("#")
        return target_doc, anchor
    if href.startswith("#"):
        return docname, href[1:]
    return None


def set_heading_levels(document: Document) -> None:
    """Number the headings by structure, the document's title at its depth.

    singlehtml numbers headings by how deep a document sits in the toctrees
    and stops at h6; in print, parts are h1 and chapters h2. A section's title
    is one level below its parent section's; a rubric heading (a priority's
    title, "Doelen") is one level below the section it stands in.
    """
    base = max(1, document.depth)
    for heading in document.section.find_all(re.compile(r"^h[1-6]$")):
        sections = 0
        for parent in heading.parents:
            sections += parent.name == "section"
            if parent is document.section:
                break
        is_rubric = "rubric" in heading.get("class", [])
        level = base + sections - 1 + is_rubric
        heading.name = f"h{min(6, level)}"


def clean_for_print(section: Tag) -> None:
    """Remove what only makes sense on screen, and what tags badly in PDF."""
    for element in section.select("a.headerlink, span.fn-bracket"):
        element.decompose()
    # Links tagged as Link > Span confuse screen readers: keep the text only.
    for link in section.find_all("a"):
        for span in link.find_all("span"):
            span.unwrap()
    # Footnotes go to the foot of the page where they are referenced.
    moved = set()
    for reference in section.select("a.footnote-reference"):
        note = section.find(id=reference.get("href", "")[1:])
        if note is None:
            continue
        for label in note.select("span.label"):
            label.decompose()
        footnote = BeautifulSoup("<span class=\"footnote\"></span>", "html.parser").span
        for paragraph in note.find_all("p"):
            footnote.append(BeautifulSoup(paragraph.decode_contents(), "html.parser"))
        reference.replace_with(footnote)
        moved.add(id(note))
    for footnote_list in section.select("aside.footnote-list"):
        if all(id(note) in moved for note in footnote_list.select("aside.footnote")):
            footnote_list.decompose()


def rewrite_links(documents: list[Document], new_ids: dict[tuple[str, str], str],
                  dropped: set[str]) -> list[str]:
    """Point internal links at the new ids; unwrap links into dropped documents.

    Returns descriptions of links whose target exists nowhere.
    """
    broken = []
    for document in documents:
        for link in document.section.find_all("a", href=True):
            href = link["href"]
            target = link_target(href, document.docname)
            if target is None:
                if not href.startswith(("http://", "https://", "mailto:")):
                    link.unwrap()  # local files (e.g. image links) would leak build paths
                continue
            target_doc, anchor = target
            if target_doc in dropped:
                link.unwrap()  # another council's chapter: not in this edition
                continue
            new_id = new_ids.get((target_doc, anchor))
            if new_id is None:
                broken.append(f"{document.docname}: {href}")
                link.unwrap()
                continue
            link["href"] = f"#{new_id}"
    return broken


def table_of_contents(documents: list[Document]) -> str:
    entries = []
    for document in documents:
        for heading in document.section.find_all(["h1", "h2"]):
            section = heading.find_parent("section")
            if section is None or not section.get("id"):
                continue
            entries.append(
                f'<li class="toc-{heading.name}"><a href="#{section["id"]}">'
                f"{escape(heading.get_text(' ', strip=True))}</a></li>")
    return "\n".join(entries)


def changes_appendix(base: str, lines: list[str]) -> str:
    """The appendix 'Wijzigingen ten opzichte van versie X' (see scripts/changes.py)."""
    items = "".join(f"<li>{escape(line)}</li>" for line in lines)
    return (f'<section class="document depth-1 appendix" id="wijzigingen">'
            f"<h1>Wijzigingen ten opzichte van versie {escape(base)}</h1>"
            f"<ul>{items}</ul></section>")


def assemble(page_html: str, root_docname: str, edition: Edition, *, title: str,
             municipalities: list[str], date: str, version: str, stylesheet: str,
             author: str, appendix: str = "") -> Assembled:
    """The print HTML of one edition, with an optional appendix at the end."""
    page = BeautifulSoup(page_html, "html.parser")
    every = split_documents(page, root_docname)
    documents = [d for d in every if edition.keep(d.docname)]
    new_ids = namespace_ids(documents)
    dropped = {d.docname for d in every} - {d.docname for d in documents}
    broken = rewrite_links(documents, new_ids, dropped)
    root, parts = documents[0], documents[1:]
    # The cover carries the plan's title; the root document's own content
    # (introduction and municipality cards) becomes the first chapter.
    root_title = root.section.find(re.compile(r"^h[1-6]$"))
    if root_title is not None:
        root_title.string = "Over dit plan"
    for document in documents:
        set_heading_levels(document)
        clean_for_print(document.section)
        document.section["class"] = document.section.get("class", []) + [
            "document", f"depth-{document.depth}"]
    body = "\n".join(str(d.section) for d in [root, *parts]) + appendix
    toc = table_of_contents([root, *parts])
    if appendix:
        heading = escape(BeautifulSoup(appendix, "html.parser").h1.get_text())
        toc += f"\n<li class=\"toc-h1\"><a href=\"#wijzigingen\">{heading}</a></li>"
    names = "".join(f"<li>{escape(name)}</li>" for name in municipalities)
    draft_class = "draft" if edition.draft else "final"
    html = f"""<!DOCTYPE html>
<html lang="nl">
<head>
<meta charset="utf-8">
<title>{escape(edition.title)}</title>
<meta name="author" content="{escape(author)}">
<meta name="description" content="{escape(edition.subtitle)}">
<meta name="keywords" content="integraal veiligheidsplan, veiligheid, ondermijning">
<link rel="stylesheet" href="{escape(stylesheet)}">
</head>
<body class="{draft_class}">
<section class="cover">
<p class="cover-kicker">Heuvelrug-gemeenten</p>
<p class="cover-title">{escape(title)}</p>
<p class="cover-subtitle">{escape(edition.subtitle)}</p>
<ul class="cover-municipalities">{names}</ul>
<dl class="cover-facts">
<dt>Versie</dt><dd>{escape(version)}</dd>
<dt>Status</dt><dd class="cover-status">{escape(edition.status)}</dd>
<dt>Datum</dt><dd>{escape(date)}</dd>
</dl>
</section>
<nav class="toc" aria-label="Inhoudsopgave">
<h1 class="toc-title">Inhoud</h1>
<ol>
{toc}
</ol>
</nav>
{body}
</body>
</html>
"""
    return Assembled(html, broken)
