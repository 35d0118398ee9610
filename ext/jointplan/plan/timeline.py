"""The timeline of the decision processes as SVG, made in plain Python at build time.

One row per party, months from left to right, one mark per decision: its shape
is the kind of decision, filled when the outcome moves the plan on, and its
label is the version it concerns, so the figure reads without colour.
Decisions without a date stand in a column of their own at the right. The
rows and marks come from :func:`points`, which the data table next to the
figure is made from as well, so the two cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape

from . import words
from .decisions import Decision, Party, Register
from .versions import version_key

#: Layout, in SVG user units (the figure scales to its column).
LABEL_WIDTH = 250
MONTH_WIDTH = 46
UNDATED_WIDTH = 130
ROW_HEIGHT = 26
MIN_WIDTH = 720
TOP = 46
FONT = "Noto Sans, DejaVu Sans, sans-serif"
INK, MUTED, RULE = "#1a1a1a", "#4a4a4a", "#9aa5b1"
#: Fill per position of a version in the plan's versions (text labels carry
#: the version too, so colour only helps).
PALETTE = ("#0b4f7c", "#8a3b00", "#2f6b2f", "#6b2f6b", "#7a5c00", "#1f5f5f")


@dataclass(frozen=True)
class Point:
    """One decision on the timeline: its row, its column and what it shows."""

    party: Party
    decision: Decision
    month: tuple[int, int] | None  # (year, month), None when the date is not known


def version_mark(version: str) -> str:
    """The label next to a mark: '1.0', '?' (not known) or '–' (no release of this text)."""
    if version == "geen":
        return "–"
    return version[1:] if version else "?"


def rows(register: Register) -> list[Party]:
    """The organisations always (agreement is asked of each), other parties when
    they took a decision."""
    deciding = {d.body for d in register.decisions}
    return [p for p in register.parties if p.kind == "organisation" or p.id in deciding]


def points(register: Register) -> list[Point]:
    """Every decision as it stands on the timeline, row by row, in time order."""
    found = []
    for party in rows(register):
        for decision in register.of(party.id):
            first = decision.first_day()
            found.append(Point(party, decision,
                               (first.year, first.month) if first else None))
    return found


def months(found: list[Point]) -> list[tuple[int, int]]:
    """Every month from the first dated decision to the last."""
    dated = sorted(p.month for p in found if p.month)
    if not dated:
        return []
    (year, month), last, result = dated[0], dated[-1], []
    while (year, month) <= last:
        result.append((year, month))
        year, month = (year + month // 12, month % 12 + 1)
    return result


def shape(kind: str, x: float, y: float, filled: bool, colour: str) -> str:
    fill = colour if filled else "#ffffff"
    common = f'fill="{fill}" stroke="{colour}" stroke-width="2"'
    if kind == "raadsvoorstel":
        return f'<rect x="{x - 6}" y="{y - 6}" width="12" height="12" {common}/>'
    if kind == "raadsbesluit":
        return (f'<polygon points="{x},{y - 8} {x + 8},{y} {x},{y + 8} {x - 8},{y}" '
                f'{common}/>')
    if kind == "kennisname":
        return f'<polygon points="{x},{y - 7} {x + 7},{y + 6} {x - 7},{y + 6}" {common}/>'
    return f'<circle cx="{x}" cy="{y}" r="6" {common}/>'


def text_alternative(register: Register) -> str:
    """What the figure shows, in sentences (the SVG's description, the PDF's alt text)."""
    found = points(register)
    span = months(found)
    parts = [f"{words.TIMELINE_CAPTION}."]
    if span:
        first, last = span[0], span[-1]
        parts.append(f"Van {words.MONTHS[first[1] - 1]} {first[0]} tot "
                     f"{words.MONTHS[last[1] - 1]} {last[0]}.")
    for party in rows(register):
        own = [p for p in found if p.party == party]
        if not own:
            parts.append(f"{party.name}: {words.NOT_RECORDED}.")
            continue
        lines = [words.decision_line(party.name, p.decision.kind, p.decision.date,
                                     p.decision.version, p.decision.outcome)
                 .removeprefix(party.name + ", ") for p in own]
        parts.append(f"{party.name}: {'; '.join(lines)}.")
    return " ".join(parts)


def svg(register: Register, ident: str = "ivp-timeline") -> str:
    """The timeline as a standalone SVG document (no script, no external resource)."""
    found = points(register)
    span = months(found)
    undated = any(p.month is None for p in found)
    parties = rows(register)
    # At least MIN_WIDTH wide, so that a short timeline is not scaled up to its column.
    undated_width = UNDATED_WIDTH if undated else 0
    plot = max(MONTH_WIDTH * len(span), MIN_WIDTH - LABEL_WIDTH - undated_width - 20)
    width = LABEL_WIDTH + plot + undated_width + 20
    height = TOP + ROW_HEIGHT * max(len(parties), 1) + 24
    versions = sorted({p.decision.version for p in found if p.decision.known_version},
                      key=version_key)
    colour = {v: PALETTE[n % len(PALETTE)] for n, v in enumerate(versions)}
    step = plot / max(len(span), 1)  # the months share the plot's width
    column = {month: round(LABEL_WIDTH + step * n + step / 2, 1) for n, month in enumerate(span)}
    undated_x = LABEL_WIDTH + plot + UNDATED_WIDTH / 2
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
           f'width="{width}" height="{height}" font-family="{FONT}" font-size="12" '
           f'role="img" aria-labelledby="{ident}-title" aria-describedby="{ident}-desc">',
           f'<title id="{ident}-title">{escape(words.TIMELINE_CAPTION)}</title>',
           f'<desc id="{ident}-desc">{escape(text_alternative(register))}</desc>',
           f'<rect width="{width}" height="{height}" fill="#ffffff"/>']
    # Month labels: every month's number, the year where it starts or changes.
    for n, (year, month) in enumerate(span):
        x = column[year, month]
        out.append(f'<text x="{x}" y="{TOP - 22}" text-anchor="middle" fill="{MUTED}">'
                   f'{escape(words.MONTHS[month - 1][:3])}</text>')
        if n == 0 or month == 1:
            out.append(f'<text x="{x}" y="{TOP - 8}" text-anchor="middle" fill="{INK}" '
                       f'font-weight="bold">{year}</text>')
    if undated:
        left = undated_x - UNDATED_WIDTH / 2
        out.append(f'<line x1="{left}" x2="{left}" y1="{TOP - 34}" y2="{height - 20}" '
                   f'stroke="{RULE}" stroke-dasharray="3 3"/>')
        out.append(f'<text x="{undated_x}" y="{TOP - 8}" text-anchor="middle" '
                   f'fill="{MUTED}">{escape(words.TIMELINE_UNDATED)}</text>')
    for n, party in enumerate(parties):
        y = TOP + ROW_HEIGHT * n + ROW_HEIGHT / 2
        out.append(f'<line x1="0" x2="{width}" y1="{y + ROW_HEIGHT / 2}" '
                   f'y2="{y + ROW_HEIGHT / 2}" stroke="{RULE}" stroke-width="0.5"/>')
        label = party.name if len(party.name) <= 38 else party.name[:37] + "…"
        out.append(f'<text x="4" y="{y + 4}" fill="{INK}">{escape(label)}</text>')
        own = [p for p in found if p.party == party]
        if not own:
            out.append(f'<text x="{LABEL_WIDTH + 4}" y="{y + 4}" fill="{MUTED}" '
                       f'font-style="italic">{escape(words.NOT_RECORDED)}</text>')
        stacked: dict = {}
        for point in own:
            x = column[point.month] if point.month else undated_x
            offset = stacked.get(x, 0)
            stacked[x] = offset + 1
            x += offset * 16  # two decisions in one month stand side by side
            d = point.decision
            ink = colour.get(d.version, MUTED)
            out.append(shape(d.kind, x, y, d.positive, ink))
            out.append(f'<text x="{x + 10}" y="{y - 4}" font-size="10" fill="{INK}">'
                       f'{escape(version_mark(d.version))}</text>')
    out.append("</svg>")
    return "\n".join(out)


def table_rows(register: Register) -> list[tuple[str, str, str, str, str]]:
    """The figure's data, as the table next to it shows it: party, date, kind,
    version, outcome, in the figure's order."""
    return [(p.party.name,
             words.decision_date(p.decision.date) if p.decision.date else words.NOT_KNOWN,
             words.DECISION_KINDS[p.decision.kind], words.decision_version(p.decision.version),
             words.OUTCOME_WORDS[p.decision.outcome])
            for p in points(register)]
