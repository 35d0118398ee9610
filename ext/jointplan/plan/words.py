"""The Dutch words the extension puts into the plan.

The plan is published in Dutch; keeping every generated word here means a
reviewer can check the wording in one place.
"""

from __future__ import annotations

from .model import (DECIDED_UNDATED, FIELDS, NO_EDITION, NOT_DECIDED, ORIGINS,
                    SOURCED_STATUSES, STATUSES, UNDECLARED, Municipality, Priority)
from .versions import Version

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
NOBODY = "geen gemeente"
CATALOGUE_ENTRY = "Prioriteit"
ORIGIN = "Herkomst"
SHARED_WITH = "Gedeeld met"
ONLY_HERE = "alleen deze gemeente"
ALL_OTHERS = "alle andere gemeenten"
GOALS = "Doelen"
INDICATORS = "Indicatoren"
#: Followed by the part's status in brackets: no brackets of its own.
AGREEMENT = "Afspraken met de gebiedsgebonden groep van de politie"
STATUS_FIELD = "Status"
#: How each provenance is shown in a choice's details and in the headings of its
#: parts. Never a decision unless the author declared one with a source:
#: besloten and vermeld are followed by the source (SOURCE).
STATUS_TEXT = {"besloten": "besloten",
               "vermeld": "vermeld in de bronnen, geen besluit bekend",
               "indeling": "indeling van dit plan, geen besluit van de gemeente",
               "voorstel": "voorstel van de opstellers",
               "illustratief": "illustratief: door de opstellers ingevuld",
               UNDECLARED: "niet opgegeven"}
#: The source after a status: "besloten (bron: …)".
SOURCE = "bron"


def status_phrase(status: str) -> str:
    """The status in words that need no legend (a part's heading, the site's index)."""
    return STATUS_TEXT[status] if status != UNDECLARED else STATUS_MARK[status]


def part_heading(title: str, status: str) -> str:
    """'Doelen (voorstel van de opstellers)': every part says where it comes from."""
    return f"{title} ({status_phrase(status)})"


#: The mark after a choice in every overview (matrix, cards, tables, catalogue).
STATUS_MARK = {status: status for status in STATUSES} | {UNDECLARED: "status niet opgegeven"}
#: What each mark means, under an overview that shows it.
LEGEND_ENTRY = {
    "besloten": "„besloten”: een bestuursorgaan van de gemeente heeft het besloten.",
    "vermeld": "„vermeld”: de bronnen noemen het als prioriteit van de gemeente; een "
               "besluit is niet bekend.",
    "indeling": "„indeling”: zo deelt dit plan de prioriteiten in (een splitsing of "
                "omschrijving); geen besluit van de gemeente.",
    "voorstel": "„voorstel”: een voorstel van de opstellers, geen besluit.",
    "illustratief": "„illustratief”: door de opstellers als voorbeeld ingevuld, niet door "
                    "de gemeente besloten.",
    UNDECLARED: "„status niet opgegeven”: het hoofdstuk zegt niet waar de keuze vandaan komt.",
}
LEGEND_INTRO = "Aanduidingen."
#: After the entries, when a mark names what sources say.
LEGEND_SOURCES = "De bron staat bij de keuze."


def legend(statuses) -> str:
    """The explanation of the marks an overview shows, in the order of STATUSES."""
    statuses = set(statuses)
    entries = [LEGEND_ENTRY[s] for s in (*STATUSES, UNDECLARED) if s in statuses]
    if not entries:
        return ""
    sourced = [LEGEND_SOURCES] if statuses & SOURCED_STATUSES else []
    return " ".join([LEGEND_INTRO, *entries, *sourced])


# Tables
MATRIX_CAPTION = "Prioriteiten per gemeente, per veiligheidsveld"
COUNT = "Aantal"
TOTAL = "Aantal prioriteiten"
CHOSEN = "✓"
#: What the matrix's cells say to a screen reader (the site shows CHOSEN instead).
CHOSEN_TEXT = "gekozen"
NOT_CHOSEN_TEXT = "niet gekozen"
SHARED_CAPTION = "Prioriteiten die meerdere (maar niet alle) gemeenten delen"
SHARED_NONE = "Geen prioriteit wordt door meerdere, maar niet alle, gemeenten gedeeld."
SHARED_BY = "Gedeeld door"
SUMMARY_CAPTION = "Prioriteiten van {name} en met wie ze gedeeld worden"
NO_CHOICES = "In dit plan staan voor deze gemeente geen prioriteiten."
#: A card counts every priority of the municipality, the joint one included.
CARD_PRIORITIES = "Prioriteiten"


MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december")
NOT_KNOWN = "niet bekend"
DATE_NOT_KNOWN = "datum niet bekend"
NOT_YET = "nog niet"
ADOPTION_CAPTION = "Stand van de vaststelling per gemeente"
COLLEGE = "College van B&W"
COUNCIL = "Gemeenteraad"
STATUS = "Status"
ADOPTION_STATUS = {"dated": "vastgesteld", "undated": "vastgesteld",
                   "not-adopted": "nog niet vastgesteld", "unknown": NOT_KNOWN}
DRAFT = "CONCEPT"
NOT_KNOWN_IF_ADOPTED = "Niet bekend of en wanneer {who} het plan {verb} vastgesteld"
#: The adopted version where the chapter says the council adopted no edition of this text.
NO_EDITION_ADOPTED = "geen uitgave van deze tekst"
#: After a council's adoption on a cover, when the council adopted no edition of this text.
OTHER_TEXT_ADOPTED = ", in een andere tekst dan deze"
RECONSTRUCTION = ("Reconstructie van het plan, met informatie van na de vaststelling; "
                  "niet de tekst die de gemeenteraden vaststelden.")
TEXT = "Tekst"
ADOPTED_VERSION = "Vastgestelde versie"
DEVELOPMENT = "ontwikkelversie"
MODIFIED = "met niet-vastgelegde wijzigingen"
#: On a council's chapter, when its adopted release is known.
ADOPTED_SAME = ("Dit is de tekst die de gemeenteraad van {name} vaststelde "
                "({version}).")
ADOPTED_UNCHANGED = ("De tekst voor {name} is niet gewijzigd sinds de gemeenteraad "
                     "{version} vaststelde.")
ADOPTED_CHANGED = "De tekst voor {name} is gewijzigd sinds de gemeenteraad {version} vaststelde."
CHANGES_LINK = "Bekijk de wijzigingen"
#: After a council edition's status, when its text changed since that adoption.
CHANGED_AFTER_ADOPTION = "; de tekst is daarna gewijzigd"

# The reviewers' site
DOWNLOAD_PLAN = "Het volledige plan (pdf)"
DOWNLOAD_EDITION = "Uitgave voor de gemeenteraad van {name} (pdf)"
FEEDBACK_TITLE = "Reactie"
FEEDBACK_BODY = ("Pagina: {title}\nAdres: {address}\nBron: {source}\nSectie: \n\n"
                 "Mijn reactie:\n")

# The council PDFs
ABOUT_PLAN = "Over dit plan"
CONTENTS = "Inhoud"
VERSION = "Versie"
#: The cover's date is that of the text (the last commit that changed the
#: chapters), or of the release; never the build's.
#: The column of a decision's date.
DATE = "Datum"
TEXT_DATE = "Datum van deze tekst"
RELEASE_DATE = "Datum van deze versie"
#: The metadata's title and subject say what the document is.
RECONSTRUCTION_SHORT = "reconstructie"
EDITION = "Uitgave"
#: What a council edition holds and where the rest is (the site, when known).
EDITION_CONTENTS = "Deze uitgave bevat de gezamenlijke hoofdstukken en het hoofdstuk van {name}."
#: Followed by the site's address (a link on the cover).
REST_AT = "Het volledige plan, met de hoofdstukken van de andere gemeenten, staat op"
REST_ELSEWHERE = ("Het volledige plan, met de hoofdstukken van de andere gemeenten, is een "
                  "aparte uitgave.")
PLAN_AT = "Dit plan staat ook op"
WEBSITE = "Website"
PAGE_OF = "Pagina {page} van {pages}"
EDITION_TITLE = "{title}, uitgave {name}"
EDITION_SUBTITLE = "Uitgave voor de gemeenteraad van {name}"

# The change report (make changes, the site's wijzigingen/ pages) and the PDF's appendix
CHANGES_SINCE_TEXT = "Wijzigingen ten opzichte van versie {base}"
CHANGES_THIS_VERSION = "Vergeleken met deze versie: {version}."
CHANGES_SUMMARY = "Prioriteiten, gemeenten en keuzes"
CHANGES_TEXT = "Tekst per paragraaf"
CHANGES_NO_TEXT = "Geen tekstwijzigingen."
CHANGES_LEGEND = ("Toegevoegde tekst is onderstreept, geschrapte tekst is doorgehaald. "
                  "Een beletselteken (…) staat voor ongewijzigde tekst die hier is "
                  "weggelaten.")
CHANGES_KIND = {"added": "Nieuwe paragraaf", "removed": "Geschrapte paragraaf",
                "changed": "Gewijzigde paragraaf"}
CHANGES_IN_CHAPTER = "in hoofdstuk {chapter}"
#: Read by screen readers around an insertion or deletion (the eye sees the line).
CHANGES_INSERTED = ("begin invoeging", "einde invoeging")
CHANGES_DELETED = ("begin verwijdering", "einde verwijdering")
CHANGES_GAP = "ongewijzigde tekst weggelaten"

NUMBER_WORDS = ("nul", "één", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht",
                "negen", "tien", "elf", "twaalf", "dertien", "veertien", "vijftien",
                "zestien", "zeventien", "achttien", "negentien", "twintig")


def number_word(count: int) -> str:
    """Dutch style: numbers up to twenty in words, larger ones in digits."""
    return NUMBER_WORDS[count] if 0 <= count < len(NUMBER_WORDS) else str(count)


def plan_status(municipalities) -> str:
    """The full plan's adoption, in the words the sources allow."""
    municipalities = list(municipalities)
    adopted = [m for m in municipalities if m.adopted]
    # What the councils adopted was another text when no edition of this one was.
    other_text = OTHER_TEXT_ADOPTED if adopted and all(
        m.council_version == NO_EDITION for m in adopted) else ""
    if len(adopted) == len(municipalities):
        return (f"Vastgesteld door alle {number_word(len(municipalities))} gemeenteraden"
                f"{other_text}")
    if any(m.adoption == "not-adopted" for m in municipalities):
        return f"{DRAFT}: nog niet door alle gemeenteraden vastgesteld"
    if not adopted:
        return NOT_KNOWN_IF_ADOPTED.format(who="de gemeenteraden", verb="hebben")
    others = len(municipalities) - len(adopted)
    rest = "van de andere gemeenteraad is niet bekend of en wanneer die" if others == 1 \
        else f"van de andere {number_word(others)} is niet bekend of en wanneer de raad"
    return (f"Vastgesteld door {number_word(len(adopted))} van de "
            f"{number_word(len(municipalities))} gemeenteraden{other_text}; {rest} het plan "
            "heeft vastgesteld")


def council_status(municipality: Municipality) -> str:
    """A council edition's adoption, in the words the sources allow."""
    status = {
        # "op 20 december 2018", but "in januari 2019" when only the month is known.
        "dated": f"Door de gemeenteraad vastgesteld "
                 f"{'op' if municipality.council_decision.count('-') == 2 else 'in'} "
                 f"{decision_date(municipality.council_decision)}",
        "undated": "Door de gemeenteraad vastgesteld; de datum is niet bekend",
        "not-adopted": f"{DRAFT}: nog niet door de gemeenteraad vastgesteld",
        "unknown": NOT_KNOWN_IF_ADOPTED.format(who="de gemeenteraad", verb="heeft"),
    }[municipality.adoption]
    if municipality.adopted and municipality.council_version == NO_EDITION:
        status += OTHER_TEXT_ADOPTED
    elif municipality.adopted and municipality.council_version:
        status += f" ({adopted_version(municipality)})"
    return status


def adopted_version(municipality: Municipality) -> str:
    """'versie 1.0'; 'geen uitgave van deze tekst' where it is known that the
    council adopted none; 'niet bekend' where the sources do not say which text."""
    return version_adopted(municipality.council_version)


def version_adopted(version: str) -> str:
    """A council's adopted version (a release tag, 'geen' or ''), in words."""
    if version == NO_EDITION:
        return NO_EDITION_ADOPTED
    return f"versie {version[1:]}" if version else NOT_KNOWN


def changes_since(base: str) -> str:
    """The change report's title: 'v1.0' is said as '1.0', other refs as they are."""
    number = base[1:] if base[:1] == "v" and base[1:2].isdigit() else base
    return CHANGES_SINCE_TEXT.format(base=number)


def version_phrase(label: str) -> str:
    """'versie 1.0', or the development version's label as it is; '' for none."""
    if not label or label.startswith(DEVELOPMENT):
        return label
    return f"{VERSION.lower()} {label}"


def site_version(label: str) -> str:
    """The banner's first words: 'Versie 1.0.' or 'Ontwikkelversie (…).'"""
    phrase = version_phrase(label)
    return phrase[:1].upper() + phrase[1:] + "." if phrase else ""


def version_label(version: Version) -> str:
    """What a build calls its version: '1.0' for release v1.0, else the development version."""
    if version.tag is not None:
        return version.tag.number
    if not version.commit:
        return DEVELOPMENT
    if version.modified:
        return f"{DEVELOPMENT} ({version.commit}, {MODIFIED})"
    return f"{DEVELOPMENT} ({version.commit})"


def decision_date(value: str) -> str:
    """'2018-12-20' -> '20 december 2018'; '2019-01' -> 'januari 2019'.

    A decision whose date nobody recorded, one not (yet) taken, and one the
    sources are silent about each have their own words.
    """
    if not value:
        return NOT_KNOWN
    if value == DECIDED_UNDATED:
        return DATE_NOT_KNOWN
    if value == NOT_DECIDED:
        return NOT_YET
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


# Decisions: the parties, the decisions table, the timeline, the lifecycle status
# (jointplan.plan.decisions, jointplan.glue.decisions)
COLLEGE_OF = "College van B&W van {name}"
COUNCIL_OF = "Gemeenteraad van {name}"
DECISIONS_CAPTION = "Besluiten over het plan"
DECISIONS_OF_CAPTION = "Besluiten over het plan die {name} aangaan"
DECISIONS_NONE = "Er zijn nog geen besluiten over het plan vastgelegd."
DECISIONS_OF_NONE = "Er zijn geen besluiten over het plan vastgelegd die {name} aangaan."
BODY = "Organisatie of orgaan"
DECISION_KIND = "Besluit"
OUTCOME = "Uitkomst"
SOURCE_COLUMN = "Bron"
AMENDMENTS = "Aangenomen amendementen"
DECISION_KINDS = {"akkoord": "akkoord op de tekst", "raadsvoorstel": "raadsvoorstel",
                  "raadsbesluit": "raadsbesluit", "kennisname": "kennisname"}
OUTCOME_WORDS = {"akkoord": "akkoord", "niet-akkoord": "niet akkoord",
                 "voorgelegd": "aan de raad voorgelegd", "ingetrokken": "ingetrokken",
                 "vastgesteld": "vastgesteld", "verworpen": "verworpen",
                 "aangehouden": "aangehouden", "kennisgenomen": "kennis genomen",
                 "onbekend": NOT_KNOWN}
VERSION_NONE_TEXT = "geen uitgave van deze tekst"
SOURCE_NOT_LISTED = "niet in de bronnenlijst"
NOT_RECORDED = "geen besluit vastgelegd"
#: The lifecycle status, from the recorded decisions (decisions.Lifecycle).
LIFECYCLE_WORDS = {"werkversie": "Werkversie", "ter-afstemming": "Ter afstemming",
                   "ter-vaststelling": "Ter vaststelling", "vastgesteld": "Vastgesteld"}
# The timeline (an SVG with a data table and a text alternative)
TIMELINE_CAPTION = "Tijdlijn van de besluitvorming"
TIMELINE_TABLE_CAPTION = "Gegevens van de tijdlijn"
TIMELINE_UNDATED = "datum niet bekend"
TIMELINE_LEGEND = ("Vorm per soort besluit: rondje akkoord op de tekst, vierkant "
                   "raadsvoorstel, ruit raadsbesluit, driehoek kennisname. Gevuld: akkoord, "
                   "voorgelegd, vastgesteld of kennis genomen; open: een andere of onbekende "
                   "uitkomst. Het label bij elk teken is de versie (? als die niet bekend is, "
                   "– als het geen uitgave van deze tekst is).")
# The raadsvoorstel per council
PROPOSAL_TITLE = "Raadsvoorstel {name}"
PROPOSAL_SUBJECT = "Onderwerp"
PROPOSAL_APPENDIX = "Bijlage"
PROPOSAL_SHA256 = "SHA-256 van de bijlage"
PROPOSAL_COLLEGE = "Besluit van het college"
PROPOSAL_NOT_BUILT = "niet berekend: de uitgave voor deze raad is in deze bouw niet gemaakt"


def decision_version(version: str) -> str:
    """'versie 1.0', 'geen uitgave van deze tekst' or 'niet bekend'."""
    if version == "geen":
        return VERSION_NONE_TEXT
    return f"{VERSION.lower()} {version[1:]}" if version else NOT_KNOWN


def decision_line(party_name: str, kind: str, date: str, version: str, outcome: str) -> str:
    """One decision in a sentence: 'Gemeenteraad van X, raadsbesluit op 20 december
    2018 (geen uitgave van deze tekst): vastgesteld'."""
    when = (f"{'op' if date.count('-') == 2 else 'in'} {decision_date(date)}" if date
            else DATE_NOT_KNOWN)
    which = decision_version(version) if version else f"{VERSION.lower()} {NOT_KNOWN}"
    return (f"{party_name}, {DECISION_KINDS.get(kind, kind)} {when} "
            f"({which}): {OUTCOME_WORDS.get(outcome, outcome)}")


def lifecycle_status(lifecycle, adopted_status: str) -> str:
    """The plan's status in words. ``adopted_status`` is :func:`plan_status` over
    the councils as recorded, said once any council adopted the plan."""
    if lifecycle.state == "vastgesteld" or lifecycle.not_adopted:
        return adopted_status
    name = LIFECYCLE_WORDS[lifecycle.state]
    version = version_phrase(lifecycle.version[1:]) if lifecycle.version else ""
    if lifecycle.state == "werkversie":
        return f"{name}: nog geen akkoord of besluit over de tekst vastgelegd"
    agreed = (f"{number_word(lifecycle.agreed)} van de "
              f"{number_word(lifecycle.organisations)} organisaties akkoord met {version}"
              if version else "nog geen akkoord van alle organisaties op één versie vastgelegd")
    if lifecycle.agreed == lifecycle.organisations and version:
        agreed = f"alle {number_word(lifecycle.organisations)} organisaties akkoord met {version}"
    if lifecycle.state == "ter-vaststelling" and lifecycle.proposed:
        return (f"{name}: {agreed}; aan {number_word(lifecycle.proposed)} van de "
                f"{number_word(lifecycle.councils)} gemeenteraden voorgelegd")
    return f"{name}: {agreed}"

# Citable paragraphs (jointplan.glue.paragraphs)
PARAGRAPH = "alinea"
#: The self-link's name for screen readers (and its tooltip).
PARAGRAPH_LINK = "Link naar alinea {id}"


def paragraph_reference(paragraph_id: str) -> str:
    """The text of a reference to a paragraph: "alinea p-k3x9qa"."""
    return f"{PARAGRAPH} {paragraph_id}"

# Amendments (jointplan.glue.amendments)
AMENDMENT = "amendement"
AMENDMENT_COUNCIL = "Raad"
AMENDMENT_SUBMITTERS = "Ingediend door"
AMENDMENT_CHANGES = "Wijzigt"
AMENDMENT_AMENDS = "Subamendement op"
AMENDMENT_ADDS = "Voegt prioriteit toe"
AMENDMENT_DROPS = "Laat prioriteit vallen"
AMENDMENT_OLD = "Vervalt:"
AMENDMENT_NEW = "Wordt:"
AMENDMENT_EXPLANATION = "Toelichting"


def amendment_title(number: str) -> str:
    """"Amendement A1"."""
    return f"Amendement {number}"
# The amendment as a document of its own (jointplan.pdf.amendments)
AMENDMENT_PREAMBLE = ("De raad van de gemeente {name}, in vergadering bijeen ter behandeling "
                      "van het voorstel tot vaststelling van het {title},")
AMENDMENT_DICTUM = "besluit het ontwerpbesluit als volgt te wijzigen:"
SUBAMENDMENT_DICTUM = "besluit het amendement {number} als volgt te wijzigen:"
AMENDMENT_IN_PARAGRAPH = "In alinea {id} van het plan:"
AMENDMENT_ADD_CHOICE = "Aan de lokale prioriteiten van {name} wordt toegevoegd:"
AMENDMENT_DROP_CHOICE = "Uit de lokale prioriteiten van {name} vervalt:"


def amendment_document_title(number: str, name: str) -> str:
    """"Amendement A1 van de raad van Voorbeeldstad"."""
    return f"Amendement {number} van de raad van {name}"


def amendment_status(status: str) -> str:
    """The cover's status line of an amendment: "Aangenomen"."""
    return status.capitalize()
# A council's adopted text (jointplan.plan.adopted, jointplan.pdf.adopted)
DEVIATIONS_TITLE = "Afwijkingen van de gezamenlijke tekst"
DEVIATIONS_INTRO = ("De gemeenteraad van {name} stelde het plan vast met de amendementen "
                    "hieronder. Daardoor wijkt de tekst van deze uitgave op deze punten af "
                    "van de gezamenlijke tekst.")
DEVIATION_JOINT = "Gezamenlijke tekst:"
DEVIATION_ADOPTED = "Vastgesteld:"
DEVIATION_ADDED = "de prioriteit {priority} is toegevoegd aan de lokale prioriteiten."
DEVIATION_DROPPED = "de prioriteit {priority} is geschrapt uit de lokale prioriteiten."


def amended_by(number: str) -> str:
    """The mark after amended words: "(amendement A1)"."""
    return f"({AMENDMENT} {number})"


def and_list(items) -> str:
    """"A1", "A1 en A3", "A1, A2 en A3"."""
    items = list(items)
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} en {items[-1]}"


def amendments_named(numbers) -> str:
    """"amendement A1", "amendementen A1 en A3" (``numbers``: the numbers, or links to them)."""
    numbers = list(numbers)
    noun = AMENDMENT if len(numbers) == 1 else f"{AMENDMENT}en"
    return f"{noun} {and_list(numbers)}"


def with_amendments(numbers) -> str:
    """What a cover and banner add: "; vastgesteld met amendementen A1 en A3"."""
    return f"; vastgesteld met {amendments_named(numbers)}"
ADOPTED_INTRO = ("De gemeenteraad van {name} stelde het plan vast met {links}. Hieronder staat "
                 "elke alinea die daardoor anders luidt dan de gezamenlijke tekst, en elke "
                 "prioriteit die de raad toevoegde of schrapte. De rest van de tekst is de "
                 "gezamenlijke tekst.")
DIFFERENCES_TITLE = "Waar de vastgestelde teksten verschillen"
DIFFERENCES_INTRO = ("Elke alinea en elke keuze waarin de tekst die een gemeenteraad vaststelde "
                     "afwijkt van de gezamenlijke tekst, per gemeente die het plan met "
                     "amendementen vaststelde. Een alinea die in twee kolommen anders luidt, "
                     "verschilt ook tussen die twee gemeenten.")
DIFFERENCES_CAPTION = "Afwijkingen van de gezamenlijke tekst per gemeenteraad"
DIFFERENCE_PLACE = "Alinea of keuze"
DIFFERENCE_JOINT = "gezamenlijke tekst"
DIFFERENCE_CHOICE = "Keuze voor {priority}"
DIFFERENCE_ADDED = "toegevoegd"
DIFFERENCE_DROPPED = "geschrapt"


def adopted_title(name: str) -> str:
    """The title of a council's adopted text on the site."""
    return f"Tekst zoals vastgesteld door de raad van {name}"


def council_amended(name: str, numbers) -> str:
    """The banner's words on a council's chapter."""
    return f"De raad van {name} heeft de tekst vastgesteld met {amendments_named(numbers)}."
ADOPTED_LEGEND = "Toegevoegde tekst is onderstreept, geschrapte tekst is doorgehaald."
# Each council's whole adopted text on the site (jointplan.site.adoptedview)
VIEW_READ = "Lees de hele tekst zoals vastgesteld door de raad van {name}"
VIEW_HEAD = "Vastgestelde tekst van de raad van {name}"
VIEW_BANNER = ("Deze pagina toont de tekst zoals vastgesteld door de raad van {name}: de "
               "gezamenlijke tekst ({version}) met {amendments}. Woorden die een amendement "
               "toevoegde of wijzigde zijn onderstreept en gevolgd door het amendement.")
VIEW_BANNER_CHOICES = ("De overzichten van de keuzes volgen de keuzes zoals de raad ze "
                       "vaststelde.")
VIEW_DEVIATIONS = "Alle afwijkingen van de gezamenlijke tekst"
VIEW_JOINT_PAGE = "Deze pagina in de gezamenlijke tekst"
VIEW_JOINT_ADOPTED = ("De raad van {name} stelde de gezamenlijke tekst vast ({version}); het "
                      "plan vermeldt geen amendement dat de raad aannam. De tekst zoals "
                      "vastgesteld door de raad van {name} is dus die gezamenlijke tekst, "
                      "zonder amendementen.")
VIEW_NOT_ADOPTED = "{status}. Deze website toont daarom geen vastgestelde tekst van {name}."
VIEW_TO_JOINT = "Naar de gezamenlijke tekst"
VIEW_VERSION_UNKNOWN = "welke versie is niet bekend"


def view_version(municipality: Municipality) -> str:
    """The release a council adopted, as the view's banner names it."""
    return adopted_version(municipality) if municipality.council_version \
        else VIEW_VERSION_UNKNOWN


def view_title(title: str, name: str) -> str:
    """A page of a council's adopted text: 'Titel, zoals vastgesteld door de raad van X'."""
    return f"{title}, zoals vastgesteld door de raad van {name}"


DIFFERENCE_JOINT_COLUMN = "Gezamenlijke tekst"
DIFFERENCE_CHOSEN = "gekozen"
DIFFERENCE_NOT_CHOSEN = "niet gekozen"
# Which text was adopted, and valid when (jointplan.plan.pointintime)
VALID_ON = {"valid": "geldt", "not-yet": "nog niet vastgesteld", "uncertain": "niet bekend"}


def adopted_text_phrase(version: str, numbers) -> str:
    """"versie 1.0 met amendementen A1 en A2"; the version 'niet bekend' if not known,
    'geen uitgave van deze tekst' (never with amendments of it) when another text."""
    if version == NO_EDITION:
        return NO_EDITION_ADOPTED
    text = f"versie {version[1:]}" if version else f"versie {NOT_KNOWN}"
    numbers = list(numbers)
    if numbers:
        text += " met " + ("amendement " if len(numbers) == 1 else "amendementen ") \
            + and_list(numbers)
    return text


# The change summary between two versions (jointplan.history.changes)
CHANGE_PRIORITY_ADDED = "Prioriteit toegevoegd aan de catalogus: {title}."
CHANGE_PRIORITY_REMOVED = "Prioriteit geschrapt uit de catalogus: {title}."
CHANGE_MUNICIPALITY_ADDED = "Gemeente toegevoegd: {name}."
CHANGE_MUNICIPALITY_REMOVED = "Gemeente verwijderd: {name}."
CHANGE_CHOSEN = "{name} kiest nu ook: {titles}."
CHANGE_DROPPED = "{name} kiest niet meer: {titles}."
CHANGE_NONE = "Geen wijzigingen in prioriteiten, gemeenten of keuzes."
NOT_GIVEN = "niet opgegeven"


def priority_changed(title: str, attribute: str, before, after) -> str:
    """A catalogue entry's title, field or joint flag changed between two versions."""
    if attribute == "title":
        return f"Prioriteit hernoemd: {before} heet nu {after}."
    if attribute == "field":
        return f"{title}: veiligheidsveld gewijzigd van {before} naar {after}."
    return f"{title} is {'nu' if after else 'niet langer'} gezamenlijk."


def status_changed(name: str, title: str, before: str | None, after: str | None) -> str:
    return (f"{name}: status van {title} gewijzigd van {before or NOT_GIVEN} "
            f"naar {after or NOT_GIVEN}.")
