"""Dutch bibliography style for sphinxcontrib-bibtex.

pybtex's ``unsrt`` style with every fixed English word replaced by Dutch:
"en" between names, "e.a." for ``and others``, "(red.)" for editors,
"druk" for editions, "p." for pages, "Rapport" for reports, Dutch month
names and "geraadpleegd op <datum>" for ``urldate``.  URLs are shown plainly,
without a "URL:" prefix.  Titles are kept as written in the .bib file.

Usage in ``conf.py``::

    from jointplan.bibliography import register
    register()
    bibtex_default_style = "nl"
"""

from __future__ import annotations

import copy
import re

from pybtex.backends.plaintext import Backend as PlaintextBackend
from pybtex.plugin import register_plugin
from pybtex.richtext import Symbol, Text
from pybtex.style.formatting import toplevel
from pybtex.style.formatting import unsrt
from pybtex.style.template import (
    FieldIsMissing,
    field,
    first_of,
    href,
    join,
    node,
    optional,
    optional_field,
    sentence,
    tag,
    together,
    words,
)

PLUGIN_GROUP = "pybtex.style.formatting"
PLUGIN_NAME = "nl"

MONTHS_NL = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)
_MONTHS_EN = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)

# Every spelling of a month we may meet in a .bib file, mapped to Dutch.
# (pybtex expands the BibTeX macros jan ... dec to English month names.)
_MONTH_LOOKUP = {
    spelling: nl
    for number, (en, nl) in enumerate(zip(_MONTHS_EN, MONTHS_NL), start=1)
    for spelling in (en, en[:3], nl, str(number), f"{number:02d}")
}

_ISO_DATE = re.compile(r"(\d{4})-(0[1-9]|1[0-2])-(\d{1,2})")


def dutch_month(value: str) -> str:
    """Return the Dutch name of a month field; unknown values are unchanged."""
    return _MONTH_LOOKUP.get(value.strip().lower(), value)


def dutch_date(text: Text) -> Text:
    """Turn an ISO date such as 2024-05-01 into "1 mei 2024"."""
    match = _ISO_DATE.fullmatch(str(text).strip())
    if not match:
        return text
    year, month, day = match.groups()
    return Text(f"{int(day)} {MONTHS_NL[int(month) - 1]} {year}")


def dutch_edition(text: Text) -> Text:
    """Turn an edition field into Dutch order: "2" -> "2e", "Tweede" -> "tweede"."""
    value = str(text).strip()
    return Text(value + "e") if value.isdigit() else text.lower()


@node
def dutch_names(children, context, role):
    """Names joined the Dutch way ("A, B en C"); "and others" gives "e.a."."""
    entry = context["entry"]
    if role not in entry.persons:
        raise FieldIsMissing(role, entry)
    persons = list(entry.persons[role])
    et_al = len(persons) > 1 and str(persons[-1]) == "others"
    if et_al:
        persons.pop()
    style = context["style"]
    formatted = [style.format_name(p, style.abbreviate_names) for p in persons]
    if et_al:  # "A, B e.a."
        return Text(join(sep=", ")[formatted].format_data(context), " e.a.")
    return join(sep=", ", sep2=" en ", last_sep=" en ")[formatted].format_data(context)


_formatted: dict[tuple, object] = {}


class Style(unsrt.Style):
    """The unsrt style with Dutch wording (registered as pybtex style ``nl``)."""

    def format_entry(self, label, entry, bib_data=None):
        # sphinxcontrib-bibtex formats every entry again on every build (also
        # an incremental one of one page: half a second in the live preview);
        # an entry formats the same as long as its fields and persons do.
        key = (type(self), label, entry.key, entry.type, tuple(entry.fields.items()),
               tuple((role, tuple(map(str, persons)))
                     for role, persons in entry.persons.items()))
        if key not in _formatted:
            if len(_formatted) > 4096:
                _formatted.clear()
            _formatted[key] = self._format_entry(label, entry, bib_data)
        return _formatted[key]

    def _format_entry(self, label, entry, bib_data=None):
        # The month is used in many templates through unsrt's shared ``date``
        # piece, so translate the field itself, in a copy of the entry:
        # the bibliography data is shared with Sphinx and must stay untouched.
        month = entry.fields.get("month")
        if month and dutch_month(month) != month:
            entry = copy.copy(entry)
            entry.fields = type(entry.fields)(entry.fields.items())
            entry.fields["month"] = dutch_month(month)
        return super().format_entry(label, entry, bib_data)

    def format_names(self, role, as_sentence=True):
        names = dutch_names(role)
        return sentence[names] if as_sentence else names

    def format_editor(self, e, as_sentence=True):
        result = words[self.format_names("editor", as_sentence=False), "(red.)"]
        return sentence[result] if as_sentence else result

    def format_title(self, e, which_field, as_sentence=True):
        # unsrt lower-cases titles after the first letter, which would turn
        # "Gemeente Bergen op Zoom" into "gemeente bergen op zoom"; keep them as written.
        title = field(which_field, apply_func=lambda text: text.capfirst())
        return sentence[title] if as_sentence else title

    def format_edition(self, e):
        return optional[words[field("edition", apply_func=dutch_edition), "druk"]]

    def format_chapter_and_pages(self, e):
        return join(sep=", ")[
            optional[together["hoofdstuk", field("chapter")]],
            optional[together["p.", unsrt.pages]],
        ]

    def format_volume_and_series(self, e, as_sentence=True):
        volume = words[
            together["Deel" if as_sentence else "deel", field("volume")],
            optional[words["van", field("series")]],
        ]
        number = words[
            join(sep=Symbol("nbsp"))["Nummer" if as_sentence else "nummer", field("number")],
            optional[words["in", field("series")]],
        ]
        result = first_of[optional[volume], optional[number], optional_field("series")]
        return sentence(capfirst=True)[result] if as_sentence else result

    def get_article_template(self, e):
        volume_and_pages = first_of[
            optional[join[field("volume"), optional["(", field("number"), ")"], ":", unsrt.pages]],
            words["p.", unsrt.pages],
        ]
        return toplevel[
            self.format_names("author"),
            self.format_title(e, "title"),
            sentence[tag("em")[field("journal")], optional[volume_and_pages], unsrt.date],
            sentence[optional_field("note")],
            self.format_web_refs(e),
        ]

    def get_techreport_template(self, e):
        # As unsrt, but "Rapport" (or the entry's ``type``), and author and
        # year optional: municipal reports often have neither.
        return toplevel[
            optional[sentence[self.format_names("author")]],
            self.format_title(e, "title"),
            sentence[
                words[first_of[optional_field("type"), "Rapport"], optional_field("number")],
                field("institution"),
                optional_field("address"),
                optional[unsrt.date],
            ],
            sentence[optional_field("note")],
            self.format_web_refs(e),
        ]

    def get_report_template(self, e):
        # biblatex's @report; unsrt knows only @techreport.
        return self.get_techreport_template(e)

    def get_webpage_template(self, e):
        return self.get_misc_template(e)

    def format_web_refs(self, e):
        return sentence[
            optional[
                self.format_url(e),
                optional[" (geraadpleegd op ", field("urldate", apply_func=dutch_date), ")"],
            ],
            optional[self.format_eprint(e)],
            optional[self.format_pubmed(e)],
            optional[self.format_doi(e)],
        ]

    def format_url(self, e):
        url = field("url", raw=True)
        return href(url)[url]


def register() -> None:
    """Register the style as pybtex formatting style ``nl``; safe to call twice."""
    register_plugin(PLUGIN_GROUP, PLUGIN_NAME, Style, force=True)
    # sphinxcontrib-bibtex looks up pybtex's plain-text backend once per
    # citation, and pybtex answers each lookup by scanning the entry points of
    # every installed package: more than half of a clean build of the plan.
    # The same class registered at run time is found in a dictionary instead.
    register_plugin("pybtex.backends", "plaintext", PlaintextBackend, force=True)
