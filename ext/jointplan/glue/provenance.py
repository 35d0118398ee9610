"""Where a choice and its parts come from: ``:status:`` and ``:source:``, read and checked.

Every ``ivp:choice`` declares its status; there is no default, because a
default would state something (a decision, say) of every choice nobody looked
at. ``besloten`` and ``vermeld`` say what the municipality did or named, so
they name their sources: bibliography keys, checked against the bibtex files
and cited as ``{cite:p}`` would (so they appear in the bibliography and link
to it in every builder). Parts (goals, indicators, agreement) take their
choice's status and sources unless they declare their own.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.locale import get_translation

from ..checks.warnings import PlanWarning, suggestion
from ..plan.model import SOURCED_STATUSES, STATUSES, UNDECLARED

_ = get_translation("jointplan")

#: When to use which status: the missing-status warning lists it (the authors'
#: guide says the same at more length).
STATUS_HELP = _(
    "besloten (a body of the municipality decided it and a source says so; with "
    ":source:), vermeld (the sources name it as a priority of this municipality, a "
    "decision is not known; with :source:), indeling (this plan's own arrangement: a split "
    "or description by the authors), voorstel (a proposal of the authors) or illustratief "
    "(filled in by the authors as an example)")

#: Keys are separated by commas (spaces around them are allowed).
KEY_SEPARATOR = re.compile(r"\s*,\s*")


def declared_status(directive, inherited: str | None = None) -> str:
    """The directive's ``:status:``; a part without one takes ``inherited``.

    A choice (``inherited`` None) without one is UNDECLARED, with a warning
    that lists the statuses and when to use each.
    """
    raw = directive.options.get("status", "").strip()
    if not raw:
        if inherited is not None:
            return inherited
        directive.warn(PlanWarning.PROVENANCE,
                       _("this choice does not say where it comes from: add ':status:' with "
                         "one of {statuses}. There is no default; without :status: the "
                         "choice is shown everywhere as „status niet opgegeven”.").format(
                           statuses=STATUS_HELP))
        return UNDECLARED
    if raw in STATUSES:
        return raw
    directive.warn(PlanWarning.PROVENANCE,
                   _(":status: '{raw}' does not exist; use one of {statuses}.").format(
                       raw=raw, statuses=STATUS_HELP) + suggestion(raw, STATUSES))
    return UNDECLARED if inherited is None else inherited


def declared_sources(directive, status: str, inherited: tuple[str, ...] = (),
                     inherited_status: str | None = None) -> tuple[str, ...]:
    """The bibliography keys of ``:source:`` that exist; warns about the others.

    A part without ``:source:`` that keeps its choice's status keeps its
    choice's sources too. ``besloten`` and ``vermeld`` need at least one.
    """
    raw = directive.options.get("source", "").strip()
    if not raw and status == inherited_status:
        return inherited
    keys = tuple(key for key in KEY_SEPARATOR.split(raw) if key)
    known = bibliography_keys(directive.env)
    found = []
    for key in keys:
        if known is None or key in known:
            found.append(key)
            continue
        directive.warn(PlanWarning.PROVENANCE,
                       _(":source: names '{key}', but that key is not in the bibliography "
                         "(bibtex_bibfiles in conf.py); use the key of a source there, or "
                         "add the source first.").format(key=key) + suggestion(key, known))
    if status in SOURCED_STATUSES and not found and not (keys and known is not None):
        what = {"besloten": _("that a body of the municipality decided it"),
                "vermeld": _("that the municipality names this as a priority")}[status]
        directive.warn(PlanWarning.PROVENANCE,
                       _(":status: {status} asks for the source that says {what}: add "
                         "':source: <key>' with the key of that source in the bibliography "
                         "(more sources separated by commas). If no source says so, choose "
                         "another status (indeling, voorstel or illustratief).").format(
                           status=status, what=what))
    return tuple(found)


def bibliography_keys(env) -> set[str] | None:
    """The keys of the plan's bibtex files; None without sphinxcontrib-bibtex."""
    try:
        entries = env.domains["cite"].bibdata.data.entries
    except (KeyError, AttributeError):
        return None
    return set(entries.keys())


def citation(directive, keys: tuple[str, ...]) -> list[nodes.Node]:
    """The sources as a citation, made by the bibtex role as an author's would be.

    Parsed while the chapter is read, so the keys count as cited (they are in
    the bibliography) and the references resolve in every builder. Without
    sphinxcontrib-bibtex the keys are shown as they are.
    """
    if not keys:
        return []
    if "cite" not in directive.env.domains:
        return [nodes.Text(", ".join(keys))]
    parsed, messages = directive.parse_inline(f"{{cite:p}}`{','.join(keys)}`",
                                              lineno=directive.lineno)
    return [*parsed, *messages]
