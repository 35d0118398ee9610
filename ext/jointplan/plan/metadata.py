"""What a page or PDF says about itself, for search engines, the Woo-index and archives.

One description (:class:`Description`) written three ways:

- OWMS core, the Dutch government's metadata standard for web pages (a Dublin
  Core application profile), as ``<meta name="DCTERMS.x">`` tags. HTML5 has no
  ``scheme`` attribute, so the value's scheme (``OVERHEID.Gemeente``,
  ``XSD.date``) is in ``title``, as government sites write it.
- schema.org as JSON-LD: the document (``WebPage`` or ``DigitalDocument``) and
  its makers as ``GovernmentOrganization``s, each serving its municipality (a
  reconstruction's author as an ``Organization``).
- XMP for the PDFs, in the Dublin Core and XMP schemas PDF/A predefines, so the
  file stays PDF/A without an extension schema: ``dc:coverage`` holds the area
  (Dublin Core's ``spatial`` refines ``coverage``).

Plain Python: every value comes from ``conf.py`` and the plan's declarations.
A municipality without a configured CBS code is named without one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .model import Plan

#: The organisation identifiers of the Dutch government (TOOI) for a municipality.
TOOI_MUNICIPALITY = "https://identifier.overheid.nl/tooi/id/gemeente/{code}"


@dataclass(frozen=True)
class Municipality:
    """A municipality as maker and as area: its name and CBS code ('GM0345' or '')."""

    name: str
    code: str = ""

    @property
    def uri(self) -> str:
        return TOOI_MUNICIPALITY.format(code=self.code.lower()) if self.code else ""


def area(plan: Plan, codes: Mapping[str, str]) -> tuple[Municipality, ...]:
    """The municipalities the plan covers, as every page and PDF names them: by
    name, each with its CBS code from ``codes`` (id -> code)."""
    return tuple(Municipality(m.name, codes.get(m.id, "")) for m in plan.ordered_municipalities)


@dataclass(frozen=True)
class Makers:
    """Who made a text and who publishes it (see :func:`makers`)."""

    municipalities: tuple[Municipality, ...] = ()  # made it and publish it
    authors: tuple[str, ...] = ()  # made it, where no municipality did

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(m.name for m in self.municipalities) + self.authors


def makers(covered: tuple[Municipality, ...], reconstruction: bool, author: str) -> Makers:
    """Who made and who publishes a text about ``covered``, as its pages, its PDFs
    and a council's publication package name them: the municipalities themselves;
    for a reconstruction, which they neither made nor published, its ``author``
    (conf.py's; nobody when it is not set) and no publisher."""
    if reconstruction:
        return Makers(authors=(author,) if author else ())
    return Makers(municipalities=covered)


@dataclass(frozen=True)
class Description:
    """The metadata of one page or PDF."""

    identifier: str  # its address (absolute when the site's base URL is known)
    title: str
    type: str  # OWMS informatietype; "" when not configured
    language: str  # "nl"
    modified: str  # ISO date of the text
    municipalities: tuple[Municipality, ...]  # the area it covers
    subject: str = ""  # OWMS subject (TaxonomieBeleidsagenda); "" when not configured
    keywords: tuple[str, ...] = ()
    description: str = ""
    version: str = ""
    part_of: str = ""  # the plan's title, on its pages
    reconstruction: bool = False  # a text the municipalities neither made nor published
    author: str = ""  # conf.py's author, "" when not set

    @property
    def makers(self) -> Makers:
        return makers(self.municipalities, self.reconstruction, self.author)


def owms_tags(d: Description) -> list[tuple[str, str, str]]:
    """(name, scheme, content) of each OWMS core ``<meta>`` tag, in the standard's order."""
    tags = [("DCTERMS.identifier", "XSD.anyURI", d.identifier),
            ("DCTERMS.title", "", d.title)]
    if d.type:
        tags.append(("DCTERMS.type", "OVERHEID.Informatietype", d.type))
    tags += [("DCTERMS.creator", "OVERHEID.Gemeente", m.name) for m in d.makers.municipalities]
    tags += [("DCTERMS.creator", "", author) for author in d.makers.authors]
    tags += [("DCTERMS.language", "XSD.language", d.language),
             ("DCTERMS.modified", "XSD.date", d.modified)]
    for m in d.municipalities:
        tags.append(("DCTERMS.spatial", "OVERHEID.Gemeente", m.name))
        if m.code:
            tags.append(("DCTERMS.spatial", "XSD.anyURI", m.uri))
    if d.subject:
        tags.append(("DCTERMS.subject", "OVERHEID.TaxonomieBeleidsagenda", d.subject))
    return [(name, scheme, content) for name, scheme, content in tags if content]


def organisation(m: Municipality, kind: str = "GovernmentOrganization") -> dict:
    found: dict = {"@type": kind, "name": m.name}
    if m.code:
        found["@id"] = m.uri
        found["identifier"] = {"@type": "PropertyValue", "propertyID": "CBS-gemeentecode",
                               "value": m.code}
    return found


def json_ld(d: Description, kind: str) -> dict:
    """schema.org: ``kind`` is ``WebPage`` or ``DigitalDocument``."""
    document: dict = {"@context": "https://schema.org", "@type": kind, "url": d.identifier,
                      "name": d.title, "inLanguage": d.language, "dateModified": d.modified}
    creators = [organisation(m) for m in d.makers.municipalities]
    for creator, m in zip(creators, d.makers.municipalities):
        creator["areaServed"] = organisation(m, "AdministrativeArea")
    creators += [{"@type": "Organization", "name": author} for author in d.makers.authors]
    if creators:
        document["creator"] = creators
    if d.municipalities:
        document["spatialCoverage"] = [organisation(m, "AdministrativeArea")
                                       for m in d.municipalities]
    if d.type:
        document["genre"] = d.type
    if d.subject:
        document["about"] = d.subject
    if d.keywords:
        document["keywords"] = list(d.keywords)
    if d.description:
        document["description"] = d.description
    if d.version:
        document["version"] = d.version
    if d.part_of:
        document["isPartOf"] = {"@type": "WebSite", "name": d.part_of}
    return document


def coverage(d: Description) -> str:
    """The area in words, each municipality with its code: 'Naam (GM0000), ...'."""
    return ", ".join(f"{m.name} ({m.code})" if m.code else m.name for m in d.municipalities)


def xmp_fields(d: Description) -> dict[str, object]:
    """XMP properties (pikepdf's names) besides those Typst writes (title,
    author, keywords, description, language and dates)."""
    fields: dict[str, object] = {"dc:identifier": d.identifier, "dc:coverage": coverage(d),
                                 "dc:publisher": [m.name for m in d.makers.municipalities]}
    if d.type:
        fields["dc:type"] = [d.type]
    subjects = ([d.subject] if d.subject else []) + list(d.keywords)
    if subjects:
        fields["dc:subject"] = subjects
    return {key: value for key, value in fields.items() if value}
