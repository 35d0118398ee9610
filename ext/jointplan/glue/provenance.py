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

from ..checks.warnings import PlanWarning
from ..plan.model import SOURCED_STATUSES, STATUSES, UNDECLARED, closest

#: When to use which status: the missing-status warning lists it (the authors'
#: guide says the same at more length).
STATUS_HELP = (
    "besloten (een bestuursorgaan van de gemeente heeft het besloten en een bron zegt "
    "dat; met :source:), vermeld (de bronnen noemen het als prioriteit van deze gemeente, "
    "een besluit is niet bekend; met :source:), indeling (de eigen indeling van dit plan: "
    "een splitsing of omschrijving van de opstellers), voorstel (een voorstel van de "
    "opstellers) of illustratief (door de opstellers als voorbeeld ingevuld)")

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
                       "deze keuze zegt niet waar ze vandaan komt: voeg ':status:' toe met "
                       f"één van {STATUS_HELP}. Er is geen standaardwaarde; zonder :status: "
                       "staat de keuze overal als „status niet opgegeven”.")
        return UNDECLARED
    if raw in STATUSES:
        return raw
    guess = closest(raw, STATUSES)
    directive.warn(PlanWarning.PROVENANCE,
                   f":status: '{raw}' bestaat niet; gebruik één van {STATUS_HELP}."
                   + (f" Bedoelt u '{guess}'?" if guess else ""))
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
        guess = closest(key, known)
        directive.warn(PlanWarning.PROVENANCE,
                       f":source: noemt '{key}', maar die sleutel staat niet in de "
                       "bronnenlijst (bibtex_bibfiles in conf.py); gebruik de sleutel van "
                       "een bron daar, of voeg de bron eerst toe."
                       + (f" Bedoelt u '{guess}'?" if guess else ""))
    if status in SOURCED_STATUSES and not found and not (keys and known is not None):
        what = {"besloten": "dat een bestuursorgaan het besloot",
                "vermeld": "dat de gemeente dit als prioriteit noemt"}[status]
        directive.warn(PlanWarning.PROVENANCE,
                       f":status: {status} vraagt om de bron die zegt {what}: voeg "
                       "':source: <sleutel>' toe met de sleutel van die bron in de "
                       "bronnenlijst (meer bronnen met komma's ertussen). Geeft geen bron "
                       "dat, kies dan een andere status (indeling, voorstel of illustratief).")
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
