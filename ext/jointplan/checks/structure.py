"""Blocks that end in the wrong place: found at their opening fence, before parsing.

The easiest mistake in MyST is a fence left out or one colon short. Nothing
is wrong for the parser: the block simply runs on, and swallows what follows
(the next section's heading becomes a small caption inside a choice box, one
part of a choice ends up inside another). MyST parses a directive's body
later, on its own, so the only trace is a page that looks different.

On ``source-read`` the chapter is parsed with MyST's own markdown-it parser,
whose tokens carry the line range (``map``) of each block; every directive's
body is parsed again the same way. A block is reported at its opening fence
(``ivp.structure``), saying where it now ends and what it swallowed, when:

- it is never closed, so it runs to the end of the chapter or of the block
  around it;
- it is ended by a fence meant for a block inside it (the outer block has no
  more colons than the inner one, or the inner block's own fence is missing);
- it holds a heading, which then is no heading of the chapter.

Only the first such mistake of a region is reported: the messages the other
checks would give about the same lines (a part outside its choice, a choice
without goals) follow from it, so the region is noted (in a domain's data, so
that it outlives the build and survives parallel reads) and
:mod:`jointplan.checks.authormessages` holds those back until it is fixed. A
block of the chapter whose closing fence was left out spoils only itself: after
its early end the chapter reads as written, and a later mistake is reported too.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass, field
from typing import cast

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.locale import get_translation

from .kept import PerDocument, found
from .warnings import PlanWarning, guarded, warn

_ = get_translation("jointplan")

DIRECTIVE = re.compile(r"\{(?P<name>[A-Za-z][\w:.+-]*)\}")
#: Directives whose body is not Markdown: never parsed again.
LITERAL_BODIES = {"code", "code-block", "code-cell", "sourcecode", "literalinclude", "math",
                  "raw", "toctree", "csv-table", "eval-rst", "mermaid", "graphviz"}
#: The plan's parts, which belong directly inside a choice and hold no block.
PLAN_PARTS = {"ivp:goals", "ivp:indicators", "ivp:agreement"}
MAX_LISTED = 3


@dataclass
class Block:
    """A fenced block as found: its fence, name and line range (1-based, inclusive)."""

    fence: str
    name: str | None  # None: a code block (or a fence without a name)
    start: int
    end: int
    closed: bool
    broken_name: bool = False  # a fence meant as a directive that is none (":::{note")
    children: list[Block] = field(default_factory=list)
    headings: list[tuple[int, str]] = field(default_factory=list)

    @property
    def shown(self) -> str:
        return f"{self.fence}{{{self.name}}}" if self.name else self.fence


@dataclass
class Problem:
    line: int
    message: str
    region: tuple[int, int]
    #: Reported by another check (a fence that is no directive, jointplan.sourcetext):
    #: only the region is noted, so what follows from it is held back.
    silent: bool = False


#: The parser of each application, made once (the Sphinx object has no slot for it).
_PARSERS: weakref.WeakKeyDictionary[Sphinx, MarkdownIt] = weakref.WeakKeyDictionary()


def parser(app: Sphinx) -> MarkdownIt:
    md = _PARSERS.get(app)
    if md is None:
        config = getattr(app.env, "myst_config", None) or MdParserConfig()
        md = _PARSERS[app] = create_md_parser(config, RendererHTML)
    return md


def check_structure(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read``: report blocks that swallow what follows, at their fence."""
    if not str(app.env.doc2path(docname)).endswith(".md"):
        return
    reported = causes(parser(app), source[0])
    for problem in reported:
        if not problem.silent:
            warn(PlanWarning.STRUCTURE, problem.message, (docname, problem.line))
    regions(app.env)[docname] = [(*problem.region, problem.line) for problem in reported]


def causes(md, text: str) -> list[Problem]:
    """The problems to report: in order, without those inside the region of an earlier
    one (which follow from it)."""
    lines = text.split("\n")
    reported: list[Problem] = []
    for problem in sorted(find_problems(parse_blocks(md, text, 0, len(lines)), len(lines),
                                        lines), key=lambda p: p.line):
        if not any(r.region[0] <= problem.line <= r.region[1] for r in reported):
            reported.append(problem)
    return reported


#: (first line, last line, line of the cause) of a broken region of a document.
Region = tuple[int, int, int]


class StructureDomain(PerDocument):
    """Where the broken regions are kept between builds (see :mod:`.kept`)."""

    name = "ivp-structure"
    label = "Structuur van de hoofdstukken"
    data_version = 2


def regions(env: BuildEnvironment) -> dict[str, list[Region]]:
    """Per document: (first line, last line, line of the cause) of each broken region."""
    return cast(dict[str, list[Region]], found(env, StructureDomain.name))


def parse_blocks(md, text: str, offset: int, container_end: int) -> list[Block]:
    """The fenced blocks of ``text`` (whose first line is line ``offset + 1``)."""
    lines = text.split("\n")
    blocks: list[Block] = []
    tokens = md.parse(text, {})
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.map and token.level == 0:
            title = tokens[index + 1].content if index + 1 < len(tokens) else ""
            blocks.append(Block("#", "#heading", offset + token.map[0] + 1,
                                offset + token.map[0] + 1, True, headings=[(0, title)]))
        if token.type not in ("fence", "colon_fence") or not token.map:
            continue
        first, after = token.map
        markup = token.markup
        last_line = lines[after - 1] if after - 1 < len(lines) else ""
        closing = last_line.strip().lstrip("> ").strip()
        closed = after - 1 > first and set(closing) == {markup[0]} and len(closing) >= len(markup)
        match = DIRECTIVE.match(token.info.strip())
        name = match["name"] if match else (None if token.info.strip() or markup[0] != ":"
                                            else "")
        start = offset + first + 1
        end = offset + after if after <= len(lines) else offset + len(lines)
        block = Block(markup, name, start, min(end, container_end), closed,
                      broken_name=not match and token.info.strip().startswith("{"))
        if name and name not in LITERAL_BODIES:
            inner = parse_blocks(md, token.content, start, block.end - (1 if closed else 0))
            block.children = [b for b in inner if b.name != "#heading"]
            block.headings = [(b.start, b.headings[0][1]) for b in inner if b.name == "#heading"]
        blocks.append(block)
    return blocks


def find_problems(blocks: list[Block], container_end: int, lines: list[str],
                  container: Block | None = None) -> list[Problem]:
    problems: list[Problem] = []
    for block in blocks:
        if block.name == "#heading":
            continue
        region = (block.start, container.end if container else container_end)
        if block.broken_name:
            # The parts of the choice around it are reported missing: hold that back.
            around = (container.start, container.end) if container else \
                (block.start, block.end)
            problems.append(Problem(block.start, "", around, silent=True))
            continue
        early = next((child for child in block.children
                      if not child.closed and child.fence[0] == block.fence[0]
                      and len(child.fence) >= len(block.fence) and block.closed), None)
        if early is not None:
            if container is None:
                region = (block.start, left_over(block, blocks, lines, container_end))
            problems.append(Problem(block.start, ended_early(block, early), region))
            continue
        if not block.closed:
            problems.append(Problem(block.start, unclosed(block, container, lines), region))
            continue
        if block.headings and block.name:
            problems.append(Problem(block.start, holds_heading(block), region))
            continue
        problems += find_problems(block.children, block.end, lines, block)
    return problems


def left_over(block: Block, siblings: list[Block], lines: list[str], end: int) -> int:
    """The last line a chapter-level block ended early spoils. When its own closing
    fence was left out, its early end: past that the chapter reads as written, and
    a mistake there is one of its own. When that fence is still there, left over, it
    opens a block of its own that runs on (what follows from it is held back): the
    end of the chapter."""
    later = [b for b in siblings if b.start > block.end]
    for number in range(block.end + 1, end + 1):
        text = lines[number - 1].strip()
        # A bare fence that closes no later block (it opens a nameless one).
        if len(text) >= 3 and set(text) == {block.fence[0]} and not any(
                b.start < number <= b.end or (b.start == number and b.name) for b in later):
            return end
    return block.end


def swallowed(block: Block) -> str:
    """What the block holds that it should not: headings first (they vanish from the
    page's contents), then blocks other than a choice's own parts."""
    found = [(0, line, _("the heading '{title}' (line {line})").format(title=title, line=line))
             for line, title in block.headings]
    found += [(1, child.start, _("the block '{block}' (line {line})").format(
        block=child.shown, line=child.start)) for child in block.children
        if child.name and not (block.name == "ivp:choice" and child.name in PLAN_PARTS)]
    ordered = [text for _kind, _line, text in sorted(found)]
    if not ordered:
        return _("all the text after it")
    listed = ", ".join(ordered[:MAX_LISTED])
    if len(ordered) > MAX_LISTED:
        listed += _(" and {count} more").format(count=len(ordered) - MAX_LISTED)
    return listed


def unclosed(block: Block, container: Block | None, lines: list[str]) -> str:
    if container is None:
        end = _("the end of the chapter (line {line})").format(line=block.end)
    else:
        end = _("the end of the block '{block}' around it (line {line})").format(
            block=container.shown, line=container.end)
    if block.name == "":
        return _("the line '{fence}' closes no block, so it opens one that runs on to {end} "
                 "and shows what it holds as typed; remove it, or give the block above "
                 "it the same number of colons at its start and end.").format(
            fence=block.fence, end=end)
    return _("the block '{block}' is never closed, so it runs on to {end} and holds "
             "{what}; close it with a line '{fence}' where it should end.").format(
        block=block.shown, end=end, what=swallowed(block), fence=block.fence)


def ended_early(block: Block, child: Block) -> str:
    more = block.fence[0] * (len(child.fence) + 1)
    outer_may_hold = block.name not in PLAN_PARTS and not (
        child.name == "ivp:choice" or child.name == "ivp:municipality")
    more_colons = _("if '{child}' belongs inside it, give '{block}' more {char} than the "
                    "blocks inside it: '{more}{{{name}}}' here and '{more}' at its end").format(
        child=f"{{{child.name}}}" if child.name else child.fence, block=f"{{{block.name}}}",
        char=_("colons") if block.fence[0] == ":" else _("backticks"), more=more,
        name=block.name)
    close = _("if '{child}' does not belong inside it, close '{block}' with a line "
              "'{fence}' before line {line}").format(
        child=f"{{{child.name}}}" if child.name else child.fence, block=f"{{{block.name}}}",
        fence=block.fence, line=child.start)
    fixes = (more_colons, close) if outer_may_hold else (close, more_colons)
    return _("the block '{block}' is ended by the '{fence}' on line {end}, which was meant "
             "for '{child}' (line {line}), so it holds {what}. Fix: {first}; "
             "{second}.").format(
        block=block.shown, fence=block.fence, end=block.end, child=child.shown,
        line=child.start, what=swallowed(block), first=fixes[0], second=fixes[1])


def holds_heading(block: Block) -> str:
    return _("the block '{block}' holds {what} up to its end on line {end}; a heading "
             "inside a block is no heading of the chapter (it is missing from the page's "
             "contents). Close the block with a line '{fence}' before the heading.").format(
        block=block.shown, what=swallowed(block), end=block.end, fence=block.fence)


def setup_structure(app: Sphinx) -> None:
    app.add_domain(StructureDomain)
    app.connect("source-read", guarded(check_structure))
