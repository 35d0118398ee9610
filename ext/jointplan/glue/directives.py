"""The directives authors write: declarations, choice parts and table placeholders.

Option values are validated here rather than by docutils converters, so that a
mistake becomes an ``ivp`` warning with a hint instead of a generic directive
error, and the rest of the declaration still renders.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import TYPE_CHECKING

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.locale import get_translation
from sphinx.util.docutils import SphinxDirective

from ..checks.sources import source_lines
from ..checks.warnings import PlanWarning, report_failure, suggestion, warn
from ..plan import words
from ..plan.model import (AUTHORS_STATUSES, DECIDED_UNDATED, DECISION_PATTERN, FIELDS,
                          ID_PATTERN, NO_EDITION, NOT_DECIDED, ORIGINS, UNDECLARED, Choice,
                          Location, Municipality, Priority)
from ..plan.paragraphs import strip_marker
from ..plan.versions import TAG_PATTERN
from . import provenance
from .nodes import (choice_anchor, choice_box, municipality_anchor, plan_placeholder,
                    priority_anchor)

_ = get_translation("jointplan")

#: Titles and names appear in table headers, the index and the PDF outline.
MAX_TITLE_LENGTH = 80
# HTML tags or entities, or Markdown emphasis, code or links, in a plain-text value.
MARKUP = re.compile(r"<[a-zA-Z/!]|&#?\w+;|\*\S|\S\*|`|\[[^\]]*\]\(")

# ref_context keys: they live while one document is read and are cleared after.
if TYPE_CHECKING:
    from .domain import IvpDomain

CURRENT_MUNICIPALITY = "ivp:municipality"
CURRENT_CHOICE_PARTS = "ivp:choice-parts"


def slug(text: str) -> str:
    """A valid id close to what the author typed (used in hints)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


#: The names of the plan's objects and a choice's parts, as messages say them.
OBJECT_NAMES = {"municipality": _("municipality"), "priority": _("priority"),
                "choice": _("choice")}
PART_NAMES = {"goals": _("goals"), "indicators": _("indicators"),
              "agreement": _("agreement")}


class PlanDirective(SphinxDirective):
    """Shared checks of the declaring directives."""

    final_argument_whitespace = True

    def __init_subclass__(cls, **kwargs) -> None:
        # Each directive's run() is guarded: an exception in it is a warning at
        # the directive's line (the directive is left out), never a traceback.
        super().__init_subclass__(**kwargs)
        run = cls.__dict__.get("run")
        if run is not None:
            @functools.wraps(run)
            def guarded_run(self) -> list[nodes.Node]:
                try:
                    return run(self)
                except Exception as error:
                    report_failure(_("the {name} directive").format(name=self.name), error,
                                   self.location)
                    return []
            cls.run = guarded_run  # type: ignore[method-assign]

    @property
    def location(self) -> tuple[str, int]:
        return self.env.docname, self.lineno

    @property
    def domain(self) -> IvpDomain:
        return plan_domain(self)

    def warn(self, subtype: PlanWarning, message: str) -> None:
        warn(subtype, f"{self.name}: {message}", self.location)

    def checked_id(self, what: str) -> str | None:
        """The directive's argument if it is a valid id, else None (and a warning)."""
        raw = self.arguments[0] if self.arguments else ""
        if ID_PATTERN.fullmatch(raw):
            return raw
        name = OBJECT_NAMES[what]
        if not raw.strip():
            example = f"{{{self.name}}} " + slug(_("my {what}").format(what=name))
            self.warn(PlanWarning.MISSING_OPTION,
                      _("the {what} id is missing; write it after the directive name, e.g. "
                        "'{example}'.").format(what=name, example=example))
            return None
        hint = " " + _("Did you mean '{name}'?").format(name=slug(raw)) if slug(raw) else ""
        self.warn(PlanWarning.INVALID_VALUE,
                  _("'{raw}' is not a valid {what} id; use lower-case letters, digits and "
                    "single hyphens only.").format(raw=raw, what=name) + hint)
        return None

    def required(self, option: str) -> str | None:
        value = (self.options.get(option) or "").strip()
        if not value:
            self.warn(PlanWarning.MISSING_OPTION,
                      _("the :{option}: option is required and must not be empty.").format(
                          option=option))
            return None
        return value

    def plain_text(self, option: str) -> str | None:
        """A required title-like option, checked for markup and length."""
        value = self.required(option)
        if value is None:
            return None
        if MARKUP.search(value):
            self.warn(PlanWarning.INVALID_VALUE,
                      _(":{option}: is plain text, shown as typed in tables and the index; "
                        "remove the markup from '{value}'.").format(option=option,
                                                                    value=value))
        if len(value) > MAX_TITLE_LENGTH:
            self.warn(PlanWarning.INVALID_VALUE,
                      _(":{option}: is {length} characters long; keep it to {maximum} (it "
                        "heads table rows and the index) and put the rest in the "
                        "text.").format(option=option, length=len(value),
                                        maximum=MAX_TITLE_LENGTH))
        return value

    def parse_content(self) -> list[nodes.Node]:
        container = nodes.Element()
        self.state.nested_parse(self.content, self.content_offset, container)
        return list(container.children)


class MunicipalityDirective(PlanDirective):
    """Declares the municipality a chapter is about, and renders its profile.

    Example::

        :::{ivp:municipality} voorbeeldstad
        :name: Voorbeeldstad
        :residents: 42000
        :residents-note: ongeveer
        :kernen: Voorbeeldstad, Voorbeelddorp
        :region: Regio Voorbeeld
        :::
    """

    optional_arguments = 1  # a missing id gets the extension's message, not docutils'
    has_content = True
    option_spec = {
        "name": directives.unchanged,
        "residents": directives.unchanged,
        "residents-note": directives.unchanged,
        "kernen": directives.unchanged,
        "region": directives.unchanged,
        "college-decision": directives.unchanged,
        "council-decision": directives.unchanged,
        "council-version": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        municipality_id = self.checked_id("municipality")
        name = self.plain_text("name")
        residents = self.residents()
        folder = self.config.jointplan_municipality_dir.strip("/") + "/"
        if not self.env.docname.startswith(folder):
            self.warn(PlanWarning.MISPLACED,
                      _("a municipality is declared in its own chapter under '{folder}'; "
                        "move this declaration there.").format(folder=folder))
        content = self.parse_content()
        if municipality_id is None:
            return content
        # A bad name or number is reported above; the municipality is still
        # declared, so its chapter's choices and references do not fail too.
        municipality = Municipality(
            id=municipality_id, name=name or municipality_id, residents=residents,
            location=Location(*self.location),
            residents_note=self.options.get("residents-note", "").strip(),
            kernen=tuple(k.strip() for k in self.options.get("kernen", "").split(",")
                         if k.strip()),
            region=self.options.get("region", "").strip(),
            college_decision=self.decision("college-decision"),
            council_decision=self.decision("council-decision"),
            council_version=self.council_version(),
        )
        self.domain.note_municipality(municipality)
        self.env.ref_context.setdefault(CURRENT_MUNICIPALITY, municipality_id)
        return [self.profile(municipality, content)]

    def residents(self) -> int | None:
        raw = self.required("residents")
        if raw is None:
            return None
        digits = raw.replace(".", "").replace(" ", "")
        if not digits.isdigit() or int(digits) == 0:
            self.warn(PlanWarning.INVALID_VALUE,
                      _(":residents: must be a whole number such as 65000, not '{raw}'; "
                        "put remarks such as 'ongeveer' in :residents-note:.").format(raw=raw))
            return None
        return int(digits)

    def decision(self, option: str) -> str:
        """An adoption date as ISO text, a keyword, or "" when not known."""
        raw = self.options.get(option, "").strip()
        if not raw or raw.lower() in ("niet bekend", "nog niet bekend", "onbekend"):
            return ""
        if DECISION_PATTERN.fullmatch(raw) or raw in (DECIDED_UNDATED, NOT_DECIDED):
            return raw
        self.warn(PlanWarning.INVALID_VALUE,
                  _(":{option}: must be a date such as 2018-12-20, a month such as 2019-01, "
                    "'{undated}' when the decision was taken on a day the sources do not "
                    "give, or '{not_decided}' when it was not (yet) taken; not '{raw}'. "
                    "Leave it out when the sources do not say.").format(
                      option=option, undated=DECIDED_UNDATED, not_decided=NOT_DECIDED,
                      raw=raw))
        return ""

    def council_version(self) -> str:
        """The release the council adopted (a tag such as v1.0), or "" when not known.

        Whether that release exists is checked against git once all chapters
        are read (model.adopted_version_problems).
        """
        raw = self.options.get("council-version", "").strip()
        if not raw or raw.lower() in ("niet bekend", "onbekend"):
            return ""
        if TAG_PATTERN.fullmatch(raw) or raw == NO_EDITION:
            return raw
        self.warn(PlanWarning.INVALID_VALUE,
                  _(":council-version: must name a release such as v1.0, '{no_edition}' when "
                    "it is known that the council adopted no edition of this text (as for a "
                    "reconstruction), or 'onbekend' when the sources do not say which text "
                    "the council adopted; not '{raw}'.").format(no_edition=NO_EDITION, raw=raw))
        return ""

    def profile(self, municipality: Municipality, content) -> nodes.Element:
        facts = [(words.OFFICIAL_NAME, municipality.name),
                 (words.RESIDENTS, words.residents(municipality))]
        if municipality.kernen:
            facts.append((words.KERNEN, ", ".join(municipality.kernen)))
        if municipality.region:
            facts.append((words.REGION, municipality.region))
        field_list = nodes.field_list(classes=["ivp-profile"])
        for label, value in facts:
            field_list += nodes.field("", nodes.field_name(label, label),
                                      nodes.field_body("", nodes.paragraph(value, value)))
        # The council's decision as recorded (an ivp:decision elsewhere wins over this
        # declaration's options): filled when the page is written.
        council = plan_placeholder(kind="council-facts", municipality=municipality.id)
        self.set_source_info(council)
        field_list += council
        self.domain.note_shown(self.env.docname, "council-facts", municipality.id)
        box = nodes.container(classes=["ivp-municipality"],
                              ids=[municipality_anchor(municipality.id)])
        self.set_source_info(box)
        box += field_list
        box.extend(content)
        return box


class PriorityDirective(PlanDirective):
    """Declares a priority of the shared catalogue.

    Example::

        :::{ivp:priority} verkeersveiligheid
        :title: Verkeersveiligheid
        :field: fysieke-veiligheid
        :joint:

        Short definition.
        :::
    """

    optional_arguments = 1
    has_content = True
    option_spec = {
        "title": directives.unchanged,
        "field": directives.unchanged,
        "joint": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        priority_id = self.checked_id("priority")
        title = self.plain_text("title")
        field = self.field()
        content = self.parse_content()
        if priority_id is None:
            return content
        # Declared even with a bad title or field (reported above), so that
        # choices and references of it do not fail as well.
        priority = Priority(
            id=priority_id, title=title or priority_id, field=field or "",
            location=Location(*self.location),
            joint=self.joint(),
            # The paragraph's id marker is taken off only after parsing.
            summary=strip_marker(content[0].astext()) if content else "",
        )
        self.domain.note_priority(priority)
        self.domain.note_shown(self.env.docname, "priority-details", priority=priority_id)

        entry = nodes.container(
            classes=["ivp-priority"] + (["ivp-joint"] if priority.joint else []),
            ids=[priority_anchor(priority_id)])
        self.set_source_info(entry)
        entry += nodes.rubric(priority.title, priority.title, classes=["ivp-heading"])
        details = plan_placeholder(kind="priority-details", priority=priority_id)
        self.set_source_info(details)
        entry += details
        entry.extend(content)
        return [entry]

    def joint(self) -> bool:
        """:joint: is a flag; a value is probably a mistake (':joint: nee')."""
        if "joint" not in self.options:
            return False
        value = (self.options["joint"] or "").strip()
        if value:
            self.warn(PlanWarning.INVALID_VALUE,
                      _(":joint: takes no value, but has '{value}'; write ':joint:' alone for "
                        "the joint priority, or leave the line out.").format(value=value))
        return value.lower() in ("", "ja", "yes", "true")

    def field(self) -> str | None:
        raw = self.required("field")
        if raw is None:
            return None
        if raw in FIELDS:
            return raw
        by_title = {title.lower(): field_id for field_id, title in FIELDS.items()}
        if raw.lower() in by_title:
            return by_title[raw.lower()]
        self.warn(PlanWarning.UNKNOWN_FIELD,
                  _("'{raw}' is not a veiligheidsveld of Kernbeleid Veiligheid; use one of "
                    "{fields}.").format(raw=raw, fields=", ".join(FIELDS))
                  + suggestion(slug(raw), FIELDS))
        return None


class ChoiceDirective(PlanDirective):
    """A municipality's choice of a catalogue priority, with its local elaboration.

    Stands in a municipality chapter after the ``ivp:municipality`` declaration
    and holds ``ivp:goals``, ``ivp:indicators`` and (optionally)
    ``ivp:agreement`` directives besides free text.
    """

    optional_arguments = 1
    has_content = True
    option_spec = {"origin": directives.unchanged, "status": directives.unchanged,
                   "source": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        priority_id = self.checked_id("priority")
        status = provenance.declared_status(self)
        sources = provenance.declared_sources(self, status)
        municipality_id = self.env.ref_context.get(CURRENT_MUNICIPALITY)
        if municipality_id is None:
            self.warn(PlanWarning.MISPLACED,
                      _("a choice belongs to a municipality: put it in a municipality "
                        "chapter, after the 'ivp:municipality' declaration."))
        origins = self.origins()
        outer = self.env.ref_context.get(CURRENT_CHOICE_PARTS)
        if outer is not None:
            # Most often the choice above lacks its closing fence, so this one
            # was read as part of it.
            self.warn(PlanWarning.MISPLACED,
                      _("a choice cannot stand inside another choice; close the choice "
                        "above with its fence (as many colons as it opened with) before "
                        "this one."))

        parts: dict[str, str] = {}  # part -> its status (the choice's, unless it says)
        part_sources: dict[str, tuple[str, ...]] = {}  # part -> keys it names itself
        self.env.ref_context[CURRENT_CHOICE_PARTS] = (parts, part_sources, status, sources)
        try:
            content = self.parse_content()
        finally:
            # Back to what it was: the enclosing choice's parts, or none.
            if outer is None:
                self.env.ref_context.pop(CURRENT_CHOICE_PARTS, None)
            else:
                self.env.ref_context[CURRENT_CHOICE_PARTS] = outer
        for part, directive in (("goals", "ivp:goals"), ("indicators", "ivp:indicators")):
            if part not in parts:
                self.warn(PlanWarning.INCOMPLETE_CHOICE,
                          _("the elaboration of '{priority}' has no {part}; add a "
                            "'{directive}' directive inside this choice.").format(
                              priority=priority_id or "?", part=PART_NAMES[part],
                              directive=directive))
        self.check_status_in_text(status, content)
        if priority_id is None or municipality_id is None:
            return content

        self.domain.note_choice(Choice(municipality=municipality_id, priority=priority_id,
                                       location=Location(*self.location),
                                       origins=origins, status=status, sources=sources,
                                       part_status=tuple(sorted(parts.items())),
                                       part_sources=tuple(sorted(part_sources.items()))))
        self.domain.note_shown(self.env.docname, "choice-details", municipality_id,
                               priority_id)
        box = choice_box(classes=["ivp-choice"],
                              ids=[choice_anchor(municipality_id, priority_id)])
        self.set_source_info(box)
        details = plan_placeholder(kind="choice-details", priority=priority_id,
                                   municipality=municipality_id, origins=list(origins),
                                   status=status)
        self.set_source_info(details)
        # The citation is made now, so the keys count as cited; the details
        # show it next to the status when the page is written.
        details += provenance.citation(self, sources)
        box += details
        box.extend(content)
        return [box]

    def check_status_in_text(self, status: str, content: list[nodes.Node]) -> None:
        """The text must tell the reader what the declaration tells the overviews."""
        # The author's own words: the heading and the prose, not the parts'
        # headings (which carry the status themselves).
        prose = [node.astext() for node in content
                 if "ivp-part" not in getattr(node, "get", lambda *_: [])("classes", [])]
        text = " ".join([self.heading_above(), *prose]).lower()
        if status in AUTHORS_STATUSES:
            if status not in text:
                self.warn(PlanWarning.PROVENANCE,
                          _("this choice is declared '{status}', but its text does not say "
                            "so; add a note starting with '{note}.' so readers of this "
                            "chapter know it too.").format(status=status,
                                                           note=status.capitalize()))
        elif status != UNDECLARED and "illustratief" in text:
            self.warn(PlanWarning.PROVENANCE,
                      _("the text calls this choice illustrative, but it is declared as "
                        "'{status}'; add ':status: illustratief' (or correct the "
                        "text).").format(status=status))

    def heading_above(self) -> str:
        """The Markdown heading the choice stands under (its own section title).

        MyST does not let a directive see the section it is in, so the source is
        read (once per document, shared with the line finder of jointplan.sources).
        """
        for line in reversed(source_lines(self.env)["lines"][:max(self.lineno - 1, 0)]):
            if line.startswith("#"):
                return line.lstrip("#").strip()
        return ""

    def origins(self) -> tuple[str, ...]:
        raw = self.required("origin")
        if raw is None:
            return ()
        origins = []
        for origin in (o.strip() for o in raw.split(",")):
            if origin in ORIGINS:
                origins.append(origin)
            elif origin:
                self.warn(PlanWarning.UNKNOWN_ORIGIN,
                          _("unknown origin '{origin}'; use one or more of {origins}, "
                            "separated by commas.").format(origin=origin,
                                                           origins=", ".join(ORIGINS))
                          + suggestion(origin, ORIGINS))
        return tuple(origins)


class ChoicePartDirective(PlanDirective):
    """A titled part of a choice: goals, indicators, the police agreement."""

    has_content = True
    option_spec = {"status": directives.unchanged, "source": directives.unchanged}
    part = ""
    title = ""

    def run(self) -> list[nodes.Node]:
        parts, part_sources, choice_status, choice_sources = self.env.ref_context.get(
            CURRENT_CHOICE_PARTS, (None, None, UNDECLARED, ()))
        status = provenance.declared_status(self, inherited=choice_status)
        sources = provenance.declared_sources(self, status, choice_sources, choice_status)
        if parts is None:
            self.warn(PlanWarning.MISPLACED,
                      _("this part belongs inside an 'ivp:choice' directive; move it there "
                        "(give the choice more colons than its parts)."))
        elif not self.content:
            self.warn(PlanWarning.MISSING_OPTION,
                      _("the {part} are empty; write them as a list inside the "
                        "directive.").format(part=PART_NAMES[self.part]))
        else:
            parts[self.part] = status
            if sources != choice_sources:
                part_sources[self.part] = sources
        box = nodes.container(classes=["ivp-part", f"ivp-{self.part}",
                                       f"ivp-{status or 'undeclared'}"])
        self.set_source_info(box)
        # Every part says where it comes from in its heading, for every reader.
        title = words.part_heading(self.title, status)
        box += nodes.rubric(title, title, classes=["ivp-heading"])
        if sources and sources != choice_sources:
            # Sources of its own: named under the heading (the choice's are in its details).
            box += nodes.paragraph("", "", nodes.Text(f"{words.SOURCE.capitalize()}: "),
                                   *provenance.citation(self, sources),
                                   classes=["ivp-sources"])
        box.extend(self.parse_content())
        return [box]


class GoalsDirective(ChoicePartDirective):
    part, title = "goals", words.GOALS


class IndicatorsDirective(ChoicePartDirective):
    part, title = "indicators", words.INDICATORS


class AgreementDirective(ChoicePartDirective):
    part, title = "agreement", words.AGREEMENT


def plan_domain(directive: SphinxDirective) -> IvpDomain:
    from .domain import ivp

    return ivp(directive.env)


def placeholder_directive(kind: str) -> type[SphinxDirective]:
    """A directive that marks where a generated table or grid goes."""

    class PlaceholderDirective(PlanDirective):
        optional_arguments = 1
        has_content = False
        final_argument_whitespace = False

        def run(self) -> list[nodes.Node]:
            node = plan_placeholder(
                kind=kind,
                municipality=(self.arguments[0].strip() if self.arguments
                              else self.env.ref_context.get(CURRENT_MUNICIPALITY, "")),
            )
            self.set_source_info(node)
            self.domain.note_shown(self.env.docname, kind, node["municipality"])
            return [node]

    PlaceholderDirective.__name__ = f"{kind.title().replace('-', '')}Directive"
    return PlaceholderDirective
