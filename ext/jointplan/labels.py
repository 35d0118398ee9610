"""The Dutch words the extension puts into the plan.

The plan is published in Dutch; keeping every generated word here means a
reviewer can check the wording in one place.
"""

from __future__ import annotations

from .model import FIELDS, ORIGINS, Municipality, Priority

MUNICIPALITY = "gemeente"
PRIORITY = "prioriteit"
CHOICE = "lokale uitwerking"
PRIORITY_INDEX = "Index van prioriteiten"
PRIORITY_INDEX_SHORT = "prioriteiten"
JOINT = "gezamenlijke prioriteit"
JOINT_SHORT = "gezamenlijk"

# Municipality profile
OFFICIAL_NAME = "Gemeente"
RESIDENTS = "Inwoners"
KERNEN = "Kernen"
REGION = "Regio"
UNKNOWN = "onbekend"
COUNCIL_ADOPTION = "Vastgesteld door de raad"
UNKNOWN_FIELD = "Veiligheidsveld onbekend"

# Priority entry and choice details
FIELD = "Veiligheidsveld"
CHOSEN_BY = "Gekozen door"
NOBODY = "nog geen gemeente"
CATALOGUE_ENTRY = "Prioriteit"
ORIGIN = "Herkomst"
SHARED_WITH = "Gedeeld met"
ONLY_HERE = "alleen deze gemeente"
ALL_OTHERS = "alle andere gemeenten"
GOALS = "Doelen"
INDICATORS = "Indicatoren"
AGREEMENT = "Afspraken met de gebiedsgebonden groep (politie)"

# Tables
MATRIX_CAPTION = "Prioriteiten per gemeente, per veiligheidsveld"
COUNT = "Aantal"
TOTAL = "Aantal prioriteiten"
CHOSEN = "✓"
SHARED_CAPTION = "Prioriteiten die meerdere (maar niet alle) gemeenten delen"
SHARED_NONE = "Geen prioriteit wordt door meerdere, maar niet alle, gemeenten gedeeld."
SHARED_BY = "Gedeeld door"
SUMMARY_CAPTION = "Prioriteiten van {name} en met wie ze gedeeld worden"
NO_CHOICES = "Deze gemeente heeft nog geen prioriteiten gekozen."
CARD_PRIORITIES = "Lokale prioriteiten"


MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december")
NOT_KNOWN = "nog niet bekend"
ADOPTION_CAPTION = "Stand van de vaststelling per gemeente"
COLLEGE = "College van B&W"
COUNCIL = "Gemeenteraad"
STATUS = "Status"
ADOPTED = "vastgesteld"
PENDING = "nog niet vastgesteld"
DRAFT = "CONCEPT"

# The council PDFs
ABOUT_PLAN = "Over dit plan"
CONTENTS = "Inhoud"
VERSION = "Versie"
DATE = "Datum"
PAGE_OF = "Pagina {page} van {pages}"
EDITION_TITLE = "{title}, uitgave {name}"
EDITION_SUBTITLE = "Uitgave voor de gemeenteraad van {name}"
CHANGES_SINCE = "Wijzigingen ten opzichte van versie {base}"
NUMBER_WORDS = ("nul", "één", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht",
                "negen", "tien", "elf", "twaalf", "dertien", "veertien", "vijftien",
                "zestien", "zeventien", "achttien", "negentien", "twintig")


def number_word(count: int) -> str:
    """Dutch style: numbers up to twenty in words, larger ones in digits."""
    return NUMBER_WORDS[count] if 0 <= count < len(NUMBER_WORDS) else str(count)


def adopted_by_all(count: int) -> str:
    return f"Vastgesteld door alle {number_word(count)} gemeenteraden"


def draft_status(edition_for: str = "") -> str:
    if edition_for:
        return f"{DRAFT}: nog niet door de gemeenteraad vastgesteld"
    return f"{DRAFT}: nog niet door alle gemeenteraden vastgesteld"


def adopted_by_council(decision: str) -> str:
    return f"Vastgesteld door de gemeenteraad op {decision_date(decision)}"


def decision_date(value: str) -> str:
    """'2018-12-20' -> '20 december 2018'; '2019-01' -> 'januari 2019'."""
    if not value:
        return NOT_KNOWN
    year, month, *day = value.split("-")
    text = f"{MONTHS[int(month) - 1]} {year}"
    return f"{int(day[0])} {text}" if day else text


def field_title(field_id: str) -> str:
    return FIELDS.get(field_id) or field_id or UNKNOWN_FIELD


def origin_label(origin_id: str) -> str:
    return ORIGINS.get(origin_id, origin_id)


def chosen_by_count(count: int) -> str:
    return f"{count} gemeente" if count == 1 else f"{count} gemeenten"


def other_municipalities(count: int) -> str:
    return f"{count} andere gemeenten"


def residents(municipality: Municipality) -> str:
    if municipality.residents is None:
        return UNKNOWN
    # Dutch groups thousands with a dot: 65.000
    text = f"{municipality.residents:,}".replace(",", ".")
    return f"{text} ({municipality.residents_note})" if municipality.residents_note else text


def choice_title(municipality: Municipality, priority: Priority) -> str:
    return f"{priority.title} ({municipality.name})"


def names(municipalities) -> str:
    """'A', 'A en B', 'A, B en C'."""
    names = [m.name for m in municipalities]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " en " + names[-1]
