"""What changed in the plan between two versions, for reviewers and councils.

``compare(old, new)`` takes two ``priorities.json`` exports and says which
priorities were added, removed or changed and which choices each municipality
added or dropped. The text is compared as the reader sees it, not as authors
write it: ``site_sections`` reads a built site into sections of rendered text,
``section_changes`` diffs the sections of two versions word by word,
``report`` is the JSON (``wijzigingen.json``, which the PDF's changes appendix
reads too) and ``report_html`` the reviewers' page. Plain Python and
BeautifulSoup: ``scripts/changes.py`` builds both versions and calls them
(``make changes BASE=<git ref>``).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from html import escape
from itertools import groupby
from pathlib import Path

from bs4 import BeautifulSoup, NavigableString, SoupStrainer, Tag
from bs4.element import PreformattedString

from ..plan import words


@dataclass(frozen=True)
class PriorityChange:
    """One attribute of a catalogue entry in both versions ('title', 'field' or 'joint')."""

    title: str  # the title now
    attribute: str
    before: object
    after: object


@dataclass(frozen=True)
class StatusChange:
    municipality: str
    priority: str
    before: str | None  # None: not given
    after: str | None


@dataclass
class PlanChanges:
    """What changed between two exports, as facts; ``lines`` words them (plan.words)."""

    priorities_added: list[str] = field(default_factory=list)
    priorities_removed: list[str] = field(default_factory=list)
    priorities_changed: list[PriorityChange] = field(default_factory=list)
    municipalities_added: list[str] = field(default_factory=list)
    municipalities_removed: list[str] = field(default_factory=list)
    # municipality name -> (chosen, dropped) priority titles
    choices: dict[str, tuple[list[str], list[str]]] = field(default_factory=dict)
    statuses: list[StatusChange] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.priorities_added or self.priorities_removed
                    or self.priorities_changed or self.municipalities_added
                    or self.municipalities_removed or self.choices or self.statuses)

    def lines(self) -> list[str]:
        """The summary as Dutch sentences."""
        out = [words.CHANGE_PRIORITY_ADDED.format(title=t) for t in self.priorities_added]
        out += [words.CHANGE_PRIORITY_REMOVED.format(title=t) for t in self.priorities_removed]
        out += [words.priority_changed(c.title, c.attribute, c.before, c.after)
                for c in self.priorities_changed]
        out += [words.CHANGE_MUNICIPALITY_ADDED.format(name=n) for n in self.municipalities_added]
        out += [words.CHANGE_MUNICIPALITY_REMOVED.format(name=n)
                for n in self.municipalities_removed]
        for name, (chosen, dropped) in sorted(self.choices.items()):
            if chosen:
                out.append(words.CHANGE_CHOSEN.format(name=name, titles=", ".join(chosen)))
            if dropped:
                out.append(words.CHANGE_DROPPED.format(name=name, titles=", ".join(dropped)))
        out += [words.status_changed(c.municipality, c.priority, c.before, c.after)
                for c in self.statuses]
        return out or [words.CHANGE_NONE]


def compare(old: dict, new: dict) -> PlanChanges:
    """Compare two priorities.json exports (an empty dict for 'no plan yet')."""
    changes = PlanChanges()
    old_p = {p["id"]: p for p in old.get("priorities", [])}
    new_p = {p["id"]: p for p in new.get("priorities", [])}
    changes.priorities_added = [new_p[i]["title"] for i in new_p if i not in old_p]
    changes.priorities_removed = [old_p[i]["title"] for i in old_p if i not in new_p]
    for pid in (i for i in new_p if i in old_p):
        before, after = old_p[pid], new_p[pid]
        for attribute in ("title", "field", "joint"):
            if before.get(attribute) != after.get(attribute):
                changes.priorities_changed.append(PriorityChange(
                    after["title"], attribute, before.get(attribute), after.get(attribute)))
    old_m = {m["id"]: m["name"] for m in old.get("municipalities", [])}
    new_m = {m["id"]: m["name"] for m in new.get("municipalities", [])}
    changes.municipalities_added = [new_m[i] for i in new_m if i not in old_m]
    changes.municipalities_removed = [old_m[i] for i in old_m if i not in new_m]
    titles = {**{i: p["title"] for i, p in old_p.items()},
              **{i: p["title"] for i, p in new_p.items()}}
    old_c, new_c = chosen_ids(old), chosen_ids(new)
    for mid in new_m.keys() & old_m.keys():
        chosen = sorted(titles[p] for p in set(new_c.get(mid, [])) - set(old_c.get(mid, [])))
        dropped = sorted(titles[p] for p in set(old_c.get(mid, [])) - set(new_c.get(mid, [])))
        if chosen or dropped:
            changes.choices[new_m[mid]] = (chosen, dropped)
    old_s, new_s = statuses(old), statuses(new)
    for (mid, pid), status in sorted(new_s.items()):
        before = old_s.get((mid, pid), status)
        if before != status and mid in new_m:
            changes.statuses.append(StatusChange(new_m[mid], titles[pid], before, status))
    return changes


def chosen_ids(export: dict) -> dict[str, list[str]]:
    """Municipality id -> ids of the priorities it chose; exports before the
    statuses list ids, later ones objects with the choice's status."""
    return {mid: [c if isinstance(c, str) else c["priority"] for c in chosen]
            for mid, chosen in export.get("choices", {}).items()}


def statuses(export: dict) -> dict[tuple[str, str], str | None]:
    """(municipality id, priority id) -> the choice's status, where the export has one."""
    return {(mid, pid): entry.get("status")
            for mid, by_priority in export.get("provenance", {}).items()
            for pid, entry in by_priority.items()}


# -- the text as the reader sees it ------------------------------------------

@dataclass(frozen=True)
class Section:
    """One section of a built HTML page, as the reader sees it."""

    page: str  # page name without .html, e.g. "municipalities/beta"
    anchor: str  # the section's id in the page
    title: str  # heading text, without the permalink
    text: str  # the section's own text (not its subsections'), one block a line


#: What a page shows besides its content, or only to screen readers as a
#: duplicate of what the eye sees.
NOT_CONTENT = ("a.headerlink", "nav", "header", "footer", "script", "style", "template",
               ".toctree-wrapper", ".sr-only", ".visually-hidden", ".ivp-changes-sr")
#: Elements that start a new block of text; every other element is inline.
BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "div",
    "dl", "dt", "fieldset", "figcaption", "figure", "form", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "li", "main", "ol", "p", "pre", "summary", "td", "th", "tr", "ul"})
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
#: Built pages that are not the plan's text: indices, search, theme files, PDFs.
GENERATED_PAGES = frozenset({"genindex", "search", "py-modindex"})
#: Where a site keeps its change reports (jointplan.releases): not content.
CHANGES_FOLDER = "wijzigingen"


def _normalised(text: str) -> str:
    return " ".join(text.split())


def _blocks(element: Tag, skip: Tag | None = None) -> list[str]:
    """The text blocks of an element, without its subsections (and ``skip``)."""
    blocks: list[str] = []
    line: list[str] = []

    def flush() -> None:
        text = _normalised("".join(line))
        if text:
            blocks.append(text)
        line.clear()

    def walk(node: Tag) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                if not isinstance(child, PreformattedString):  # comments, doctypes
                    line.append(str(child))
            elif not isinstance(child, Tag):
                continue
            elif child is skip or child.name == "section":
                flush()  # a subsection is a Section of its own
            elif child.name in ("table", "dl"):
                flush()
                blocks.extend(_table_rows(child) if child.name == "table"
                              else _definition_rows(child))
            elif child.name in BLOCKS:
                flush()
                walk(child)
                flush()
            else:
                walk(child)

    walk(element)
    flush()
    return blocks


def _table_rows(table: Tag) -> list[str]:
    """A table as the caption and one line per row, cells joined by " | "."""
    rows = [" ".join(_blocks(caption)) for caption in table.find_all("caption", limit=1)]
    for row in table.find_all("tr"):
        if row.find_parent("table") is table:
            cells = [" ".join(_blocks(cell)) for cell in row.find_all(["th", "td"],
                                                                      recursive=False)]
            if any(cells):
                rows.append(_normalised(" | ".join(cells)))
    return [row for row in rows if row]


def _definition_rows(definitions: Tag) -> list[str]:
    """A definition or field list as one line per term: "Status: besloten"."""
    rows: list[str] = []
    for item in definitions.find_all(["dt", "dd"], recursive=False):
        text = " ".join(_blocks(item))
        if item.name == "dt" or not rows:
            rows.append(text)
        else:
            rows[-1] = _normalised(f"{rows[-1]} {text}")
    return [row for row in rows if row]


def page_sections(html: str, page: str) -> list[Section]:
    """The sections of one built page, from its article body only."""
    soup = BeautifulSoup(html, "html.parser")
    body = (soup.select_one("article.bd-article") or soup.select_one("[role=main]")
            or soup.find("main") or soup.body or soup)
    for hidden in body.select(", ".join(NOT_CONTENT)):
        hidden.decompose()
    sections = []
    for section in body.find_all("section"):
        heading = section.find(HEADINGS, recursive=False)
        title = _normalised(heading.get_text()) if heading else ""
        sections.append(Section(page, str(section.get("id", "")), title,
                                "\n".join(_blocks(section, skip=heading))))
    return sections


def _is_content_page(page: str) -> bool:
    parts = page.split("/")
    # "_static", "_sources", and hidden folders such as ".doctrees", where
    # earlier versions are cached, hold no pages of this site.
    return not (any(part[:1] in "._" for part in parts[:-1])
                or parts[0] in ("pdf", CHANGES_FOLDER) or page in GENERATED_PAGES
                or page.startswith("ivp-"))  # the ivp domain's indices


def _next_page(html: str, page: str) -> str | None:
    """The page a built page names as the next one in reading order."""
    links = BeautifulSoup(html, "html.parser", parse_only=SoupStrainer("link"))
    link = links.find("link", rel="next", href=True)
    if link is None:
        return None
    target = posixpath.join(posixpath.dirname(page), str(link["href"]).split("#")[0])
    return posixpath.normpath(target).removesuffix(".html")


def site_sections(outdir: Path) -> list[Section]:
    """Every section of a built site's content pages, in reading order.

    The order follows the "next" links from the root page (the toctrees);
    pages no toctree reaches follow in alphabetical order.
    """
    pages = {path.relative_to(outdir).with_suffix("").as_posix():
             path.read_text(encoding="utf-8") for path in sorted(outdir.rglob("*.html"))}
    pages = {page: html for page, html in pages.items() if _is_content_page(page)}
    order: list[str] = []
    page = "index" if "index" in pages else next(iter(pages), None)
    while page in pages and page not in order:
        order.append(page)
        page = _next_page(pages[page], page)
    order += [page for page in pages if page not in order]
    return [section for page in order for section in page_sections(pages[page], page)]


#: Words, the whitespace between them, and each other character on its own.
TOKEN = re.compile(r"\w+|\s+|[^\w\s]")


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """The change from old to new word by word: ("=", text), ("-", text), ("+", text).

    Joining the "=" and "-" texts gives old, the "=" and "+" texts new.
    Lines (paragraphs, table rows, fields) are lined up first and only changed
    lines are compared word by word, so a new table row reads as one inserted
    row, not as words scattered over the rows around it.
    """
    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    segments: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        before, after = "".join(a[i1:i2]), "".join(b[j1:j2])
        if op == "equal":
            segments.append(("=", before))
        elif op == "replace":
            segments += _word_diff(before, after)
        else:
            segments += [("-", before), ("+", after)]
    return _merged(segments)


def _word_diff(old: str, new: str) -> list[tuple[str, str]]:
    a, b = TOKEN.findall(old), TOKEN.findall(new)
    # Without autojunk: in a long text the space would count as junk and
    # nothing would line up.
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    raw: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            raw.append(("=", "".join(a[i1:i2])))
        else:
            raw += [("-", "".join(a[i1:i2])), ("+", "".join(b[j1:j2]))]
    # A lone space between two changes belongs to them: "x y" -> "p q" reads
    # as one replacement, not as two around an unchanged space.
    cleaned: list[tuple[str, str]] = []
    for i, (kind, text) in enumerate(raw):
        between_changes = 0 < i < len(raw) - 1 and raw[i - 1][0] != "=" != raw[i + 1][0]
        if kind == "=" and text.isspace() and between_changes:
            cleaned += [("-", text), ("+", text)]
        else:
            cleaned.append((kind, text))
    return cleaned


def _merged(segments: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Adjacent segments joined: each run of changes as one deletion and one insertion."""
    out: list[tuple[str, str]] = []
    for equal, grouped in groupby((s for s in segments if s[1]), key=lambda s: s[0] == "="):
        run = list(grouped)
        if equal:
            out.append(("=", "".join(text for _, text in run)))
        else:
            for op in "-+":
                text = "".join(t for o, t in run if o == op)
                if text:
                    out.append((op, text))
    return out


@dataclass(frozen=True)
class SectionChange:
    page: str
    anchor: str
    title: str
    kind: str  # "added" | "removed" | "changed"
    segments: tuple[tuple[str, str], ...]
    chapter: str = ""  # the title of the section's page, to name where it stands


def section_changes(old: list[Section], new: list[Section]) -> list[SectionChange]:
    """The sections added, removed or changed, in the new version's reading order.

    Sections are the same when their page and anchor are, or failing that
    their page and title (an anchor can change when a heading above gains a
    twin). A removed section is listed where it stood: after the section
    that preceded it in the old version.
    """
    unmatched = list(range(len(old)))
    match: dict[int, int] = {}  # old index -> new index
    for j, section in enumerate(new):
        i = next((i for key in (_anchor_key, _title_key) for i in unmatched
                  if key(old[i]) == key(section)), None)
        if i is not None:
            unmatched.remove(i)
            match[i] = j
    old_chapters = _chapters(old)
    new_chapters = _chapters(new)
    # Removed sections by the new index they follow (-1: before everything).
    removed: dict[int, list[SectionChange]] = {}
    follows = -1
    for i, section in enumerate(old):
        if i in match:
            follows = match[i]
        else:
            removed.setdefault(follows, []).append(SectionChange(
                section.page, section.anchor, section.title, "removed",
                tuple(word_diff(section.text, "")), old_chapters[section.page]))
    counterpart = {j: old[i] for i, j in match.items()}
    changes = list(removed.get(-1, []))
    for j, section in enumerate(new):
        before = counterpart.get(j)
        chapter = new_chapters[section.page]
        if before is None:
            changes.append(SectionChange(section.page, section.anchor, section.title,
                                         "added", tuple(word_diff("", section.text)),
                                         chapter))
        elif (before.title, before.text) != (section.title, section.text):
            # A new heading is part of what changed: its diff comes first.
            old_text, new_text = before.text, section.text
            if before.title != section.title:
                old_text, new_text = f"{before.title}\n{old_text}", f"{section.title}\n{new_text}"
            changes.append(SectionChange(section.page, section.anchor, section.title,
                                         "changed", tuple(word_diff(old_text, new_text)),
                                         chapter))
        changes += removed.get(j, [])
    return changes


def _chapters(sections: list[Section]) -> dict[str, str]:
    """Each page's title: the title of its first section."""
    chapters: dict[str, str] = {}
    for section in sections:
        chapters.setdefault(section.page, section.title)
    return chapters


def _anchor_key(section: Section) -> tuple[str, str]:
    return section.page, section.anchor


def _title_key(section: Section) -> tuple[str, str]:
    return section.page, section.title


# -- the report ----------------------------------------------------------------

def report(base: str, target: str, plan: PlanChanges,
           sections: list[SectionChange]) -> dict:
    """What ``make changes`` writes to wijzigingen.json (the PDF appendix reads it)."""
    return {"base": base, "target": target, "lines": plan.lines(),
            "sections": [{"page": s.page, "anchor": s.anchor, "title": s.title,
                          "chapter": s.chapter, "kind": s.kind,
                          "segments": [list(segment) for segment in s.segments]}
                         for s in sections]}


#: Words of unchanged text kept on either side of a change.
CONTEXT_WORDS = 8
#: The op of a cut in :func:`shortened_lines`: unchanged text left out.
GAP = "…"


def shortened_lines(segments) -> list[list[tuple[str, str]]]:
    """A changed section's segments as lines (one per block of text).

    Long unchanged stretches keep a few words next to each change, within
    the change's own block; (GAP, "") stands for what is left out: at the end
    or start of a line for part of a block, on a line of its own for whole
    blocks. For reading, not for reconstructing the texts.
    """
    segments = [tuple(segment) for segment in segments]
    cut: list[tuple[str, str]] = []
    for n, (op, text) in enumerate(segments):
        tokens = TOKEN.findall(text) if op == "=" else []
        head = 0 if n == 0 else _context_end(tokens)
        tail = len(tokens) if n == len(segments) - 1 else \
            len(tokens) - _context_end(tokens[::-1])
        if op != "=" or sum(not t.isspace() for t in tokens[head:tail]) <= CONTEXT_WORDS:
            cut.append((op, text))
            continue
        kept_head, left_out, kept_tail = ("".join(tokens[:head]), "".join(tokens[head:tail]),
                                          "".join(tokens[tail:]))
        if "\n" not in left_out:
            cut += [("=", kept_head), (GAP, ""), ("=", kept_tail)]
            continue
        first, *middle, last = left_out.split("\n")
        # Part of a block is left out only where words of it are kept.
        if not kept_head.strip():
            first, middle = "", [first, *middle]
        if not kept_tail.strip():
            middle, last = [*middle, last], ""
        cut.append(("=", kept_head))
        if first.strip():
            cut.append((GAP, ""))
        cut.append(("=", "\n"))
        if any(block.strip() for block in middle):
            cut += [(GAP, ""), ("=", "\n")]
        if last.strip():
            cut.append((GAP, ""))
        cut.append(("=", kept_tail))
    lines: list[list[tuple[str, str]]] = [[]]
    for op, text in cut:
        first, *rest = text.split("\n")
        lines[-1].append((op, first))
        lines += [[(op, part)] for part in rest]
    return [_spaced([s for s in line if s[1] or s[0] == GAP])
            for line in lines if any(text.strip() or op == GAP for op, text in line)]


def _spaced(line: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """A space between a deletion and the insertion that replaces it, so that
    "raad" and "gemeenteraad" do not read (or extract from a PDF) as one word."""
    out: list[tuple[str, str]] = []
    for op, text in line:
        if out and out[-1][0] == "-" and op == "+" and not (out[-1][1][-1:].isspace()
                                                              or text[:1].isspace()):
            out.append(("=", " "))
        out.append((op, text))
    return out


def _context_end(tokens: list[str]) -> int:
    """How many tokens hold CONTEXT_WORDS words, stopping at a new block."""
    words = 0
    for n, token in enumerate(tokens):
        if "\n" in token or words == CONTEXT_WORDS:
            return n
        words += not token.isspace()
    return len(tokens)


def _segment_html(op: str, text: str) -> str:
    if op == GAP:
        return (f'<span class="ivp-changes-gap"><span aria-hidden="true">{GAP}</span>'
                f'<span class="ivp-changes-sr">[{words.CHANGES_GAP}]</span></span>')
    if op == "=":
        return escape(text)
    tag, (start, end) = ("ins", words.CHANGES_INSERTED) if op == "+" else \
        ("del", words.CHANGES_DELETED)
    return (f'<{tag}><span class="ivp-changes-sr">[{start}] </span>{escape(text)}'
            f'<span class="ivp-changes-sr"> [{end}]</span></{tag}>')


def report_html(data: dict, href: Callable[[str, str], str]) -> str:
    """The report as an HTML fragment for a page of the site (Dutch).

    The summary of priorities and choices, then each changed section with a
    link to it in the current site and its text, insertions underlined and
    deletions struck through (and announced to screen readers).
    """
    summary = "".join(f"<li>{escape(line)}</li>" for line in data["lines"])
    parts = [f'<div class="ivp-changes">\n<h2>{words.CHANGES_SUMMARY}</h2>\n'
             f'<ul>{summary}</ul>\n<h2>{words.CHANGES_TEXT}</h2>']
    sections = data.get("sections", [])
    if sections:
        parts.append(f'<p class="ivp-changes-legend">{words.CHANGES_LEGEND}</p>')
    else:
        parts.append(f"<p>{words.CHANGES_NO_TEXT}</p>")
    for section in sections:
        title = escape(section["title"])
        if section["kind"] != "removed":  # nothing to link to in the current site
            title = f'<a href="{escape(href(section["page"], section["anchor"]))}">{title}</a>'
        where = words.CHANGES_KIND[section["kind"]]
        if section.get("chapter") and section["chapter"] != section["title"]:
            where += ", " + words.CHANGES_IN_CHAPTER.format(chapter=section["chapter"])
        lines = "".join("<p>" + "".join(_segment_html(*s) for s in line) + "</p>"
                        for line in shortened_lines(section["segments"]))
        parts.append(f'<section class="ivp-changes-section ivp-changes-{section["kind"]}">\n'
                     f'<h3>{title}</h3>\n<p class="ivp-changes-where">{escape(where)}.</p>\n'
                     f'<div class="ivp-changes-text">{lines}</div>\n</section>')
    return "\n".join(parts) + "\n</div>\n"


def report_page(data: dict, href: Callable[[str, str], str]) -> str:
    """The report with its title and the version it compares: a whole page's body."""
    title = escape(words.changes_since(data["base"]))
    compared = escape(words.CHANGES_THIS_VERSION.format(version=data["target"]))
    return f"<h1>{title}</h1>\n<p>{compared}</p>\n{report_html(data, href)}"
