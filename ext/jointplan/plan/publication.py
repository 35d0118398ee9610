"""A council's publication package: its decision, and the metadata its publication channel asks.

A council that adopted the plan publishes it officially (in the municipality's
official publication channel, the Gemeenteblad, through its griffie). The
package holds the council's edition (PDF/A-2a and PDF/UA-1), the decision
text and :func:`publication_metadata`: the type of publication, maker,
responsible body, publisher, area, subject and date.

:func:`council_decision` is the one place that says what the council decided:
the council's ``ivp:decision`` record, else the ``:council-decision:`` and
``:council-version:`` of the municipality's declaration, as
:meth:`.decisions.Register.as_recorded` reads them (the record wins). It says
no more than the records: a council whose decision the sources do not give
gets a decision text that says so.

Plain Python; every Dutch word is here or in :mod:`words`.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import metadata, words
from .decisions import Register
from .metadata import TOOI_MUNICIPALITY
from .model import Municipality

RESPONSIBLE_BODY = "de gemeenteraad van {name}"
MUNICIPALITY = "Gemeente {name}"
DECISION_TITLE = "Besluit van de gemeenteraad van {name}"
DECISION_ABOUT = "Onderwerp: {title}."
DECISION_SOURCE = ("Deze tekst geeft weer wat het plan over het besluit vastlegt (de "
                   "verklaring van de gemeente in het hoofdstuk {name}). De tekst van het "
                   "raadsbesluit zelf maakt geen deel uit van het plan.")
DECISION_DOCUMENT = "Het document van deze uitgave: {file} ({title}, {version})."
TEXT_ADOPTED = "Dit document is de versie die de gemeenteraad vaststelde ({adopted})."
TEXT_OTHER = "De gemeenteraad stelde {adopted} vast; dit document is {this}."
TEXT_UNKNOWN = "Welke versie van de tekst de gemeenteraad vaststelde, is niet bekend."
NOT_ADOPTED_NOTE = ("Volgens het plan heeft de gemeenteraad het plan niet (of nog niet) "
                    "vastgesteld, of is de vaststelling niet bekend: dit pakket is dan niet "
                    "voor een officiële bekendmaking bedoeld.")


@dataclass(frozen=True)
class Decision:
    """What a council decided about the plan, as far as the plan's sources say."""

    municipality: str  # its id
    adopted: bool
    date: str  # ISO date ("2018-12-20") or month ("2019-01"); "" when not known
    status: str  # in words: "Door de gemeenteraad vastgesteld op 20 december 2018"
    version: str  # the release adopted ("v1.0"); "" when not known


def council_decision(register: Register, municipality: Municipality) -> Decision:
    """The council's decision, as the plan's decisions record it."""
    recorded = register.as_recorded(municipality)
    dated = recorded.adoption == "dated"
    return Decision(municipality=recorded.id, adopted=recorded.adopted,
                    date=recorded.council_decision if dated else "",
                    status=words.council_status(recorded),
                    version=recorded.council_version)


def is_adopted_text(decision: Decision, release_tag: str, reconstruction: bool
                    ) -> bool | None:
    """Whether this document is the text the council adopted: only when the
    council adopted a known release and this build is that release; None when
    the sources do not say which text it adopted."""
    if reconstruction or not decision.adopted:
        return False
    if not decision.version:
        return None
    return decision.version == release_tag


def decision_text(municipality: Municipality, decision: Decision, title: str, file: str,
                  version: str, adopted_text: bool | None, reconstruction: bool) -> str:
    """The decision as plain text, for the griffie."""
    lines = [DECISION_TITLE.format(name=municipality.name), "",
             DECISION_ABOUT.format(title=title), "", decision.status + ".", "",
             DECISION_DOCUMENT.format(file=file, title=title,
                                      version=words.version_phrase(version))]
    if reconstruction:
        lines += ["", words.RECONSTRUCTION]
    elif decision.adopted and adopted_text is None:
        lines += ["", TEXT_UNKNOWN]
    elif decision.adopted:
        lines += ["", (TEXT_ADOPTED if adopted_text else TEXT_OTHER).format(
            adopted=words.version_adopted(decision.version), this=words.version_phrase(version))]
    lines += ["", DECISION_SOURCE.format(name=municipality.name)]
    if not decision.adopted:
        lines += ["", NOT_ADOPTED_NOTE]
    return "\n".join(lines) + "\n"


def organisation(name: str, code: str) -> dict:
    found = {"naam": name}
    if code:
        found["cbs-gemeentecode"] = code
        found["tooi"] = TOOI_MUNICIPALITY.format(code=code.lower())
    return found


def publication_metadata(municipality: Municipality, decision: Decision, *, code: str,
                         title: str, publication_type: str, subject: str, language: str,
                         version: str, adopted_text: bool | None,
                         files: dict[str, str], reconstruction: bool = False) -> dict:
    """The fields of an official municipal publication (Dutch names, as the channel's).

    A field the configuration or the sources do not give is ``None``, never a guess.
    The maker and publisher are the municipality if it made the text
    (:func:`.metadata.makers`, as the pages and PDFs say): a reconstruction, which the
    municipality neither made nor published, has no ``maker`` or ``uitgever`` (its
    authors are in the PDF's own metadata).
    """
    made = metadata.makers((metadata.Municipality(municipality.name, code),),
                           reconstruction, author="")
    own = next((organisation(MUNICIPALITY.format(name=m.name), m.code)
                for m in made.municipalities), None)
    return {
        "titel": title,
        "publicatietype": publication_type or None,
        "maker": own,
        "verantwoordelijke": organisation(
            RESPONSIBLE_BODY.format(name=municipality.name), code),
        "uitgever": own,
        "gebied": organisation(municipality.name, code),
        "onderwerp": subject or None,
        "datum": decision.date or None,
        "vaststelling": decision.status,
        "vastgesteld": decision.adopted,
        "vastgestelde-versie": decision.version or None,
        # This document is the adopted text (None: the sources do not say).
        "is-vastgestelde-tekst": adopted_text,
        "versie": version,
        "taal": language,
        "bestanden": files,
    }
