"""Decisions on the plan: the directives, the register, its checks, what is made of it.

- ``ivp:decision <body>`` records one decision (an organisation's agreement
  with the text, a college's raadsvoorstel, a council's raadsbesluit, a
  kennisname) with its date, version, outcome and source.
- ``ivp:decisions [municipality]`` is the table of the recorded decisions (of
  the decisions that concern one council); ``ivp:decision-timeline`` the
  timeline of the decision processes: an SVG made at build time, its data as a
  table, and a text alternative.
- ``ivp:council-proposal <municipality>`` makes its page the raadsvoorstel to
  that council: the PDF builder makes it a document of its own, with the
  council's edition as its appendix.

The records live in the ``ivp`` domain's data (``decisions``), which purges and
merges them with the declarations, so parallel reads agree. The checks run once
all chapters are read; the plan's lifecycle status (the banner, the covers, the
export) is :func:`status_text`, the banner's :func:`status`.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from docutils import nodes
from docutils.parsers.rst import directives as rst_directives
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.errors import NoUri
from sphinx.locale import get_translation
from sphinx.util.docutils import SphinxDirective

from ..checks.warnings import (PlanWarning, guarded, report_failure, suggestion, translated,
                              warn)
from ..plan import decisions as model
from ..plan import timeline, views, words
from ..plan.amendments import NUMBER_PATTERN, canonical_number
from ..plan.decisions import Decision, Register
from ..plan.model import ID_PATTERN, Location, Plan
from ..plan.versions import TAG_PATTERN
from . import buildversion
from .domain import ivp
from .tables import Cell, Row, paragraph, table

_ = get_translation("jointplan")

if TYPE_CHECKING:  # sphinxcontrib-bibtex is optional at run time
    from sphinxcontrib.bibtex.domain import BibtexDomain

DOMAIN = "ivp"


# -- storage ------------------------------------------------------------------------

def data(env: BuildEnvironment) -> dict:
    """The domain's data: this module's keys are declared, purged and merged there
    (IvpDomain): ``decisions`` (list[Decision]), ``proposals`` (docname -> Proposal)
    and ``decision_pages`` (docname -> kinds of generated content)."""
    return ivp(env).data


@dataclass(frozen=True)
class Proposal:
    """A page that is the raadsvoorstel to one council."""

    municipality: str
    asks: str  # what the council is asked: see ASKS
    location: Location


#: What a raadsvoorstel asks of the council.
ASKS = ("vaststelling", "kennisname")


def changed(env: BuildEnvironment) -> None:
    ivp(env).decisions_changed()


def register(env: BuildEnvironment) -> Register:
    """The register of the whole plan, cached until a declaration changes."""
    config = env.config

    def build(plan: Plan) -> Register:
        return Register(plan.ordered_municipalities, data(env)["decisions"],
                        config.jointplan_organisations, config.jointplan_bodies,
                        college_name=words.COLLEGE_OF, council_name=words.COUNCIL_OF)
    return ivp(env).register(build)


def status(env: BuildEnvironment) -> views.StatusView:
    """What the status banner shows (the incremental build compares the same view)."""
    return views.status(register(env))


def status_text(env: BuildEnvironment) -> str:
    """The plan's lifecycle status, in the covers' and the banner's words."""
    return views.lifecycle_text(register(env))


def is_draft(env: BuildEnvironment) -> bool:
    """Some council is known not to have adopted the plan (yet)."""
    return status(env).draft


def as_recorded(env: BuildEnvironment, municipality):
    return register(env).as_recorded(municipality)


def proposals(env: BuildEnvironment) -> dict[str, str]:
    """Municipality id -> the docname of its raadsvoorstel (the first declared)."""
    found: dict[str, str] = {}
    for docname, proposal in sorted(data(env)["proposals"].items(),
                                    key=lambda item: item[1].location):
        found.setdefault(proposal.municipality, docname)
    return found


def as_data(env: BuildEnvironment) -> dict:
    """What priorities.json says of the parties, the decisions and the lifecycle."""
    found = register(env)
    life = found.lifecycle
    return {
        "lifecycle": {"state": life.state, "text": status_text(env),
                      "version": life.version or None, "organisations": life.organisations,
                      "agreed": life.agreed, "councils": life.councils,
                      "proposed": life.proposed, "adopted": life.adopted},
        "parties": [{"id": p.id, "name": p.name, "kind": p.kind,
                     "municipality": p.municipality or None} for p in found.parties],
        "decisions": [{"body": d.body, "kind": d.kind, "date": d.date or None,
                       "version": d.version or None, "outcome": d.outcome,
                       "source": d.source or None, "amendments": list(d.amendments)}
                      for d in found.decisions],
    }


# -- directives ---------------------------------------------------------------------

class DecisionDirective(SphinxDirective):
    """Records one decision on the plan.

    Example::

        :::{ivp:decision} voorbeeldstad/raad
        :kind: raadsbesluit
        :date: 2019-01-24
        :version: v1.0
        :outcome: vastgesteld
        :source: raadsbesluit-voorbeeldstad-2019
        :amendments: A1, A2

        Optional explanation.
        :::
    """

    optional_arguments = 1
    final_argument_whitespace = False
    has_content = True
    option_spec = {key: rst_directives.unchanged for key in
                   ("kind", "date", "version", "outcome", "source", "amendments")}

    def warn(self, message: str, subtype: PlanWarning = PlanWarning.DECISION) -> None:
        warn(subtype, f"ivp:decision: {message}", (self.env.docname, self.lineno))

    def run(self) -> list[nodes.Node]:
        try:
            return self.declare()
        except Exception as error:
            report_failure(_("the {name} directive").format(name="ivp:decision"), error,
                           (self.env.docname, self.lineno))
            return []

    def declare(self) -> list[nodes.Node]:
        body = (self.arguments[0] if self.arguments else "").strip()
        if not body:
            self.warn(_("the organisation or body is missing; write its id after the name "
                        "of the block, such as '{ivp:decision} politie' or "
                        "'{ivp:decision} <municipality>/raad'."), PlanWarning.MISSING_OPTION)
        kind = self.kind()
        record = Decision(
            body=body, kind=kind or "", location=Location(self.env.docname, self.lineno),
            date=self.date(), version=self.version(), outcome=self.outcome(kind),
            source=self.source(), amendments=self.amendments(),
            note=" ".join(" ".join(self.content).split()))
        content = nodes.Element()
        self.state.nested_parse(self.content, self.content_offset, content)
        if not body or kind is None:
            return list(content.children)
        data(self.env)["decisions"].append(record)
        note_page(self.env, "decision-line", body)
        changed(self.env)
        box = nodes.container(classes=["ivp-decision"], ids=[decision_anchor(record)])
        self.set_source_info(box)
        line = decision_placeholder(kind="decision-line", docname=self.env.docname,
                                    lineno=self.lineno)
        box += line
        if record.source:
            box += self.citation(record.source)
        box.extend(content.children)
        return [box]

    def kind(self) -> str | None:
        raw = (self.options.get("kind") or "").strip()
        if raw in model.KINDS:
            return raw
        if not raw:
            self.warn(_(":kind: is missing; choose from {kinds}.").format(
                kinds=", ".join(model.KINDS)), PlanWarning.MISSING_OPTION)
        else:
            self.warn(_(":kind: '{value}' is no kind of decision; choose from {kinds}.").format(
                value=raw, kinds=", ".join(model.KINDS)) + suggestion(raw, model.KINDS))
        return None

    def date(self) -> str:
        raw = (self.options.get("date") or "").strip()
        if not raw or raw.lower() in model.UNKNOWN_WORDS:
            return ""
        if model.DATE_PATTERN.fullmatch(raw):
            return raw  # whether it exists is the register's check
        self.warn(_(":date: '{value}' is no date; write a day (2018-12-20), a month (2019-01) "
                    "or 'onbekend'.").format(value=raw))
        return ""

    def version(self) -> str:
        raw = (self.options.get("version") or "").strip()
        if not raw or raw.lower() in model.UNKNOWN_WORDS:
            return model.VERSION_UNKNOWN
        if raw == model.VERSION_NONE or TAG_PATTERN.fullmatch(raw):
            return raw
        self.warn(_(":version: '{value}' is no version; write the tag of a release (v1.0), "
                    "'{none}' when the decision was about a text that is no release of this "
                    "plan, or 'onbekend'.").format(value=raw, none=model.VERSION_NONE))
        return model.VERSION_UNKNOWN

    def outcome(self, kind: str | None) -> str:
        raw = (self.options.get("outcome") or "").strip()
        if kind is None:
            return model.OUTCOME_UNKNOWN
        allowed = (*model.OUTCOMES[kind], model.OUTCOME_UNKNOWN)
        if not raw:
            if kind in model.IMPLIED_OUTCOME:
                return model.OUTCOMES[kind][0]
            self.warn(_(":outcome: is missing; the outcome of a {kind} is one of {outcomes}. "
                        "Write '{unknown}' when the source does not say.").format(
                          kind=kind, outcomes=", ".join(allowed),
                          unknown=model.OUTCOME_UNKNOWN), PlanWarning.MISSING_OPTION)
            return model.OUTCOME_UNKNOWN
        if raw in allowed:
            return raw
        self.warn(_(":outcome: '{value}' does not fit a {kind}; choose from {outcomes}.")
                  .format(value=raw, kind=kind, outcomes=", ".join(allowed))
                  + suggestion(raw, allowed))
        return model.OUTCOME_UNKNOWN

    def source(self) -> str:
        raw = (self.options.get("source") or "").strip()
        if not raw:
            self.warn(_(":source: is missing; name the key of the source in the bibliography "
                        "that mentions the decision, or 'onbekend' when that source is not "
                        "in it (yet)."), PlanWarning.MISSING_OPTION)
            return ""
        if raw.lower() in model.UNKNOWN_WORDS:
            return ""
        keys = bibliography_keys(self.env)
        if keys is not None and raw not in keys:
            self.warn(_(":source: '{value}' is not in the bibliography.").format(value=raw)
                      + suggestion(raw, keys) + " "
                      + _("Add the source to the .bib file, or write 'onbekend'."))
            return ""
        return raw

    def amendments(self) -> tuple[str, ...]:
        found = []
        for item in (self.options.get("amendments") or "").split(","):
            item = item.strip()
            if not item:
                continue
            number = canonical_number(item)  # 'a1' as the amendment writes it: 'A1'
            if NUMBER_PATTERN.fullmatch(number):
                found.append(number)
            else:
                self.warn(_(":amendments: '{value}' is no number of an amendment; write the "
                            "numbers as the amendments have them (A1, A2a), separated by "
                            "commas.").format(value=item), PlanWarning.INVALID_VALUE)
        return tuple(found)

    def citation(self, key: str) -> nodes.paragraph:
        """'Bron: [label]', parsed as the author would write it, so the
        bibliography lists the source and links it."""
        children, messages = self.state.inline_text(f"{{cite:p}}`{key}`", self.lineno)
        return paragraph(f"{words.SOURCE_COLUMN}: ", *children, ".", *messages)


class CouncilProposalDirective(SphinxDirective):
    """Makes its page the raadsvoorstel to a council, and shows its facts.

    Example::

        :::{ivp:council-proposal} voorbeeldstad
        :asks: vaststelling
        :::
    """

    optional_arguments = 1
    has_content = False
    option_spec = {"asks": rst_directives.unchanged}

    def run(self) -> list[nodes.Node]:
        location = (self.env.docname, self.lineno)
        municipality = (self.arguments[0] if self.arguments else "").strip()
        asks = (self.options.get("asks") or "").strip()
        folder = self.config.jointplan_proposal_dir.strip("/") + "/"
        if not self.env.docname.startswith(folder):
            warn(PlanWarning.MISPLACED, "ivp:council-proposal: " + _(
                "a raadsvoorstel is a page of its own in the folder '{folder}'; move this page "
                "there.").format(folder=folder), location)
        if asks not in ASKS:
            warn(PlanWarning.MISSING_OPTION if not asks else PlanWarning.INVALID_VALUE,
                 "ivp:council-proposal: " + (
                     _(":asks: says what the council is asked; choose from {asks}, "
                       "not '{value}'.").format(asks=", ".join(ASKS), value=asks) if asks
                     else _(":asks: says what the council is asked; choose from {asks}.").format(
                         asks=", ".join(ASKS)))
                 + suggestion(asks, ASKS), location)
            asks = ""
        if not ID_PATTERN.fullmatch(municipality):
            warn(PlanWarning.MISSING_OPTION, "ivp:council-proposal: " + _(
                "name the municipality's id after the name of the block."), location)
            return []
        stored = data(self.env)["proposals"]
        if self.env.docname in stored:
            warn(PlanWarning.DECISION, "ivp:council-proposal: " + _(
                "this page already is the raadsvoorstel to {municipality}; one a page.").format(
                    municipality=stored[self.env.docname].municipality), location)
            return []
        stored[self.env.docname] = Proposal(municipality, asks, Location(*location))
        note_page(self.env, "proposal-facts", municipality)
        node = decision_placeholder(kind="proposal-facts", municipality=municipality)
        self.set_source_info(node)
        return [node]


def generated_directive(kind: str) -> type[SphinxDirective]:
    """``ivp:decisions [municipality]`` and ``ivp:decision-timeline``."""

    class GeneratedDirective(SphinxDirective):
        optional_arguments = 1
        has_content = False

        def run(self) -> list[nodes.Node]:
            municipality = self.arguments[0].strip() if self.arguments else ""
            note_page(self.env, kind, municipality)
            node = decision_placeholder(kind=kind, municipality=municipality)
            self.set_source_info(node)
            return [node]

    GeneratedDirective.__name__ = f"{kind.title().replace('-', '')}Directive"
    return GeneratedDirective


def note_page(env: BuildEnvironment, kind: str, named: str = "") -> None:
    """The page shows generated decision content of this kind, for the party or
    municipality it names by id ("" for none): see documents_to_rewrite."""
    data(env)["decision_pages"].setdefault(env.docname, set()).add((kind, named))


def bibliography_keys(env: BuildEnvironment) -> set[str] | None:
    """The keys of the plan's bibliography (sphinxcontrib-bibtex), None without it."""
    domain = env.domains.get("cite") if hasattr(env.domains, "get") else None
    if domain is None:
        return None
    return set(cast("BibtexDomain", domain).bibdata.data.entries)


def decision_anchor(decision: Decision) -> str:
    return f"ivp-decision-{decision.location.lineno}"


# -- nodes ----------------------------------------------------------------------------

class decision_placeholder(nodes.General, nodes.Element):
    """Where generated decision content goes; filled when the page is written."""


class decision_timeline(nodes.General, nodes.Element):
    """The timeline's SVG (``svg``), its text alternative (``alt``) and caption."""


class pdf_fact(nodes.inline):
    """A raadsvoorstel's fact (``key``) the PDF builder knows only when it writes
    the PDF (its date, its appendix's SHA-256); made only for that builder."""


def visit_timeline_html(self, node: decision_timeline) -> None:
    caption = words.TIMELINE_CAPTION
    self.body.append(f'<figure class="ivp-timeline"><div class="ivp-timeline-figure">'
                     f'{node["svg"]}</div><figcaption>{self.encode(caption)}</figcaption>'
                     "</figure>\n")
    raise nodes.SkipNode


def visit_timeline_text(self, node: decision_timeline) -> None:
    raise nodes.SkipNode  # the data table and the legend follow


def skip(self, node: nodes.Element) -> None:
    raise nodes.SkipNode


# -- what is generated ----------------------------------------------------------------

def fill(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: the decisions table, the timeline, a proposal's facts."""
    placeholders = list(doctree.findall(decision_placeholder))
    if not placeholders:
        return
    found = register(app.env)
    for number, node in enumerate(placeholders, 1):
        kind = node["kind"]
        if kind == "decision-line":
            generated = decision_line(found, node)
        elif kind == "decisions":
            generated = decisions_table(app, found, node, docname)
        elif kind == "decision-timeline":
            generated = timeline_figure(app, found, docname, number)
        else:
            generated = proposal_facts(app, found, node, docname)
        node.replace_self(generated)


def decision_line(found: Register, node) -> list[nodes.Node]:
    record = next((d for d in found.recorded if d.location == Location(node["docname"],
                                                                       node["lineno"])), None)
    if record is None or record.body not in found.party_by_id:
        return []  # reported by the check
    text = words.decision_line(found.party_by_id[record.body].name, record.kind, record.date,
                               record.version, record.outcome)
    if record.amendments:
        text += f"; {words.AMENDMENTS.lower()}: {', '.join(record.amendments)}"
    return [paragraph(nodes.strong(text, text))]


def source_cell(app: Sphinx, decision: Decision, docname: str) -> list[nodes.Node]:
    """The source as its author and year, linked to the bibliography entry."""
    if not decision.source:
        return [nodes.Text(words.SOURCE_NOT_LISTED)]
    domain = app.env.domains.get("cite") if hasattr(app.env.domains, "get") else None
    citation = next((c for c in getattr(domain, "citations", ())
                     if c.key == decision.source), None)
    if citation is None:
        return [nodes.Text(decision.source)]
    entry = citation.entry
    who = " en ".join(str(p).strip("{}") for p in entry.persons.get("author", ()))
    text = ", ".join(filter(None, [who or entry.fields.get("title", ""),
                                   entry.fields.get("year", "")]))
    try:
        return [ivp(app.env).reference(
            app.builder, docname, citation.bibliography_key.docname, citation.citation_id,
            nodes.Text(text), text)]
    except NoUri:
        return [nodes.Text(text)]


def decisions_table(app: Sphinx, found: Register, node, docname: str) -> list[nodes.Node]:
    municipality = node.get("municipality", "")
    if municipality and municipality not in {m.id for m in found.municipalities}:
        warn(PlanWarning.UNKNOWN_MUNICIPALITY, "ivp:decisions: " + _(
            "'{municipality}' is no municipality of the plan.").format(
                municipality=municipality)
             + suggestion(municipality, [m.id for m in found.municipalities]), node)
        return []
    shown = found.of_municipality(municipality) if municipality else found.decisions
    name = next((m.name for m in found.municipalities if m.id == municipality), "")
    if not shown:
        return [paragraph(words.DECISIONS_OF_NONE.format(name=name) if municipality
                          else words.DECISIONS_NONE)]
    rows: list[Row] = []
    for d in shown:
        outcome = words.OUTCOME_WORDS[d.outcome]
        if d.amendments:
            outcome += f"; {words.AMENDMENTS.lower()}: {', '.join(d.amendments)}"
        rows.append(([Cell(found.party_by_id[d.body].name), Cell(words.DECISION_KINDS[d.kind]),
                      Cell(words.decision_version(d.version)),
                      Cell(words.decision_date(d.date) if d.date else words.NOT_KNOWN),
                      Cell(outcome), Cell(source_cell(app, d, docname))], []))
    headers = [words.BODY, words.DECISION_KIND, words.VERSION, words.DATE, words.OUTCOME,
               words.SOURCE_COLUMN]
    caption = (words.DECISIONS_OF_CAPTION.format(name=name) if municipality
               else words.DECISIONS_CAPTION)
    result = table(caption, headers, rows, ["ivp-decisions"])
    result["ids"].append(f"ivp-decisions-{municipality or 'plan'}")
    return [result]


def timeline_figure(app: Sphinx, found: Register, docname: str, number: int
                    ) -> list[nodes.Node]:
    figure = decision_timeline(svg=timeline.svg(found, f"ivp-timeline-{number}"),
                               alt=timeline.text_alternative(found),
                               caption=words.TIMELINE_CAPTION)
    rows: list[Row] = [([Cell(party), Cell(date), Cell(kind), Cell(version), Cell(outcome)], [])
                       for party, date, kind, version, outcome in timeline.table_rows(found)]
    headers = [words.BODY, words.DATE, words.DECISION_KIND, words.VERSION, words.OUTCOME]
    result: list[nodes.Node] = [figure, paragraph(words.TIMELINE_LEGEND)]
    if rows:
        data_table = table(words.TIMELINE_TABLE_CAPTION, headers, rows, ["ivp-timeline-data"])
        data_table["ids"].append(f"ivp-timeline-data-{number}")
        result.append(data_table)
    return result


def version_nodes(text: str) -> list[nodes.Node]:
    """A version in words, its commit (a development version's) as code: a hash is
    no word, for the reader or the spelling check."""
    parts = re.split(r"\b([0-9a-f]{7,40})\b", text)
    return [nodes.literal(part, part) if index % 2 else nodes.Text(part)
            for index, part in enumerate(parts) if part]


def proposal_facts(app: Sphinx, found: Register, node, docname: str) -> list[nodes.Node]:
    wanted = node.get("municipality", "")
    municipality = next((m for m in found.municipalities if m.id == wanted), None)
    if municipality is None:
        return []  # reported by the check
    proposal = found.proposal(municipality.id)
    college = (words.decision_line(found.party_by_id[proposal.body].name, proposal.kind,
                                   proposal.date, proposal.version, proposal.outcome)
               if proposal is not None else words.NOT_KNOWN)
    edition = f"{app.config.jointplan_pdf_name}-{municipality.id}.pdf"
    facts: list[tuple[str, str | nodes.Node | list[nodes.Node]]] = [
             (words.MUNICIPALITY.capitalize(), municipality.name),
             (words.VERSION, version_nodes(words.version_phrase(app.config.release)
                                           or words.NOT_KNOWN)),
             (words.PROPOSAL_APPENDIX, [nodes.Text(words.EDITION_SUBTITLE.format(
                 name=municipality.name) + " ("), nodes.literal(edition, edition),
                 nodes.Text(")")]),
             (words.PROPOSAL_COLLEGE, college),
             (words.COUNCIL, words.council_status(found.as_recorded(municipality)))]
    if app.builder.name == "pdf":
        # Known only when the PDF is written: the date, and the appendix's digest.
        facts[1:1] = [(words.DATE, pdf_fact(key="date"))]
        facts[4:4] = [(words.PROPOSAL_SHA256, pdf_fact(key="sha256"))]
    result = nodes.field_list(classes=["ivp-details", "ivp-proposal-facts"])
    for label, value in facts:
        result += nodes.field("", nodes.field_name(label, label),
                              nodes.field_body("", paragraph(*value) if isinstance(value, list)
                                               else paragraph(value)))
    return [result]




# -- checks ---------------------------------------------------------------------------

def check(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-check-consistency``: the register's checks, the proposals', the release's."""
    found = register(env)
    tags = buildversion.release_tags(app.config)
    releases = None if tags is None else {name: tag.date for name, tag in tags.items()}
    problems = found.problems(releases, datetime.date.today())
    municipal = {m.id for m in found.municipalities}
    for docname, proposal in sorted(data(env)["proposals"].items()):
        where = (proposal.location.docname, proposal.location.lineno)
        if proposal.municipality not in municipal:
            warn(PlanWarning.UNKNOWN_MUNICIPALITY, "ivp:council-proposal: " + _(
                "'{municipality}' is no municipality of the plan.").format(
                    municipality=proposal.municipality)
                 + suggestion(proposal.municipality, municipal), where)
        elif proposals(env)[proposal.municipality] != docname:
            warn(PlanWarning.DECISION, "ivp:council-proposal: " + _(
                "{municipality} already has a raadsvoorstel ({docname}); one a council.")
                 .format(municipality=proposal.municipality,
                         docname=proposals(env)[proposal.municipality]), where)
    for problem in problems:
        location = (None if not problem.location.docname
                    else (problem.location.docname, problem.location.lineno))
        warn(problem.kind, problem.render(translated), location)
    check_release(app, env, found)


def check_release(app: Sphinx, env: BuildEnvironment, found: Register) -> None:
    """A release whose raadsvoorstel asks a council to adopt it: every organisation
    must have agreed its text (warned at the raadsvoorstel)."""
    tag = buildversion.of(app.config).tag
    if tag is None:
        return
    agreed = found.agreed(tag.name)
    missing = [o.name for o in found.organisations if o not in agreed]
    if not missing:
        return
    for proposal in (p for _, p in sorted(data(env)["proposals"].items())):
        if proposal.asks == "vaststelling":
            warn(PlanWarning.DECISION, "ivp:council-proposal: " + _(
                "this release ({version}) goes to the council for adoption, but not every "
                "organisation agreed the text: no agreement recorded of {missing}. Record "
                "their agreement (ivp:decision with :kind: akkoord and :version: {version}) "
                "before the release goes to the councils.").format(
                    version=tag.name, missing=", ".join(missing)),
                 (proposal.location.docname, proposal.location.lineno))


# -- incremental builds ---------------------------------------------------------------

def documents_to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """The pages not read again whose generated decision content changes: what it
    shows of the register (views.decisions) or of the party it names."""
    snapshot = ivp(env).read_snapshot
    if snapshot is None:
        return []
    before, now = snapshot.register, register(env)
    if before is now:
        return []
    if views.decisions(before) != views.decisions(now):
        changed_pages = set(data(env)["decision_pages"])
    else:
        changed_pages = {doc for doc, shown in data(env)["decision_pages"].items()
                         if any(views.decision_target(before, named)
                                != views.decision_target(now, named)
                                for _, named in shown if named)}
    # The adoption tables and a chapter's facts show the decisions as recorded
    # (jointplan.glue.tables.fill).
    plan = ivp(env).plan
    changed_pages |= {doc for doc, shown in ivp(env).shown.items()
                      if any(views.build_recorded(snapshot.plan, item, before)
                             != views.build_recorded(plan, item, now)
                             for item in shown if item[0] in views.RECORDED)}
    return sorted(doc for doc in changed_pages
                  if doc in env.found_docs and doc not in snapshot.read)


# -- setup ------------------------------------------------------------------------------

def setup_decisions(app: Sphinx) -> None:
    app.add_config_value(
        "jointplan_organisations", {}, "env", types=frozenset({dict}),
        description="The organisations besides the municipalities that agree the plan's "
                    "text: id -> name (e.g. {'politie': 'Politie, basisteam ...'}).")
    app.add_config_value(
        "jointplan_bodies", {}, "env", types=frozenset({dict}),
        description="Other bodies that take decisions on the plan (a driehoek): id -> name.")
    app.add_config_value(
        "jointplan_proposal_dir", "raadsvoorstellen", "env", types=frozenset({str}),
        description="Folder (in the source dir) of the raadsvoorstel pages, one per council; "
                    "the PDF builder makes each a document of its own.")
    app.add_directive_to_domain(DOMAIN, "decision", DecisionDirective)
    app.add_directive_to_domain(DOMAIN, "council-proposal", CouncilProposalDirective)
    for kind in ("decisions", "decision-timeline"):
        app.add_directive_to_domain(DOMAIN, kind, generated_directive(kind))
    app.add_node(decision_placeholder, html=(skip, None), latex=(skip, None),
                 text=(skip, None), man=(skip, None), texinfo=(skip, None))
    app.add_node(decision_timeline, html=(visit_timeline_html, None),
                 latex=(visit_timeline_text, None), text=(visit_timeline_text, None),
                 man=(visit_timeline_text, None), texinfo=(visit_timeline_text, None))
    app.connect("env-check-consistency", guarded(check))
    app.connect("doctree-resolved", guarded(fill))
    app.connect("env-updated", guarded(documents_to_rewrite, []))
