"""The ``ivp`` domain: stores the declarations, resolves references, runs the checks.

The domain keeps plain records (the model's dataclasses) per document, so
``clear_doc`` and ``merge_domaindata`` are simple filters, and builds one
:class:`~jointplan.model.Plan` from them when something asks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Set
from dataclasses import dataclass, replace
from typing import Any, ClassVar, cast

from docutils import nodes
from docutils.nodes import Element
from sphinx.addnodes import pending_xref
from sphinx.builders import Builder
from sphinx.domains import Domain, Index, IndexEntry, ObjType
from sphinx.environment import BuildEnvironment
from sphinx.locale import get_translation
from sphinx.roles import XRefRole

from ..checks.sources import exact_line
from ..checks.warnings import PlanWarning, report_failure, suggestion, translated, warn
from ..plan import views, words
from ..plan.decisions import Register
from ..plan.model import Choice, Municipality, Plan, Priority, adopted_version_problems
from . import directives
from .buildversion import release_tags

_ = get_translation("jointplan")

#: What the directives of the generated kinds are called (see jointplan.glue.tables).
PLACEHOLDER_KINDS = ("overlap-matrix", "shared-priorities", "municipality-summary",
                     "municipality-cards", "adoption-status")


@dataclass(frozen=True)
class ReadSnapshot:
    """What an incremental build compares after reading (jointplan.glue.incremental,
    jointplan.glue.decisions, jointplan.site.metadata): what was shown before (the
    plan, the pages' neighbours, the banner, the decisions' register) and which
    documents are read or removed."""

    plan: Plan
    neighbours: dict[str, Any]
    read: frozenset[str]
    removed: frozenset[str]
    #: What the status banner said (jointplan.plan.views.status of the decisions' register)
    status: views.StatusView
    #: The decisions' register (jointplan.glue.decisions compares what it showed)
    register: Register


class PlanXRefRole(XRefRole):
    """A reference to a plan object that records who references what.

    The record lets an incremental build rewrite the documents whose link
    texts (a priority's title, a municipality's name) changed elsewhere.
    """

    def __init__(self) -> None:
        # warn_dangling: unknown targets are always reported, -n or not. The
        # link is prose (a priority's title, a municipality's name), never code,
        # also where the author writes its text: inline, not literal.
        super().__init__(warn_dangling=True, innernodeclass=nodes.inline)

    def result_nodes(self, document: nodes.document, env: BuildEnvironment, node: Element,
                     is_ref: bool) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        ivp(env).note_reference(env.docname, node["reftype"], node["reftarget"])
        # MyST overwrites node.line after the role returns, so keep our own.
        # MyST hands the role rST-style rawtext; the source has the MyST form.
        myst_form = f"{{{self.name}}}`{self.text}`"
        node["ivp_line"] = exact_line(env, node.source, node.line, myst_form, self.rawtext)
        return [node], []


class PriorityIndex(Index):
    """The index of priorities: each one under its field, with who chose it."""

    name = "priorities"
    localname = words.PRIORITY_INDEX
    shortname = words.PRIORITY_INDEX_SHORT

    def generate(self, docnames: Iterable[str] | None = None
                 ) -> tuple[list[tuple[str, list[IndexEntry]]], bool]:
        view = views.priority_index(cast(IvpDomain, self.domain).plan)
        wanted = None if docnames is None else set(docnames)
        content = []
        for field_title, priorities in view.fields:
            entries = []
            for item in priorities:
                if wanted is not None and item.to.docname not in wanted:
                    continue
                entries.append(IndexEntry(
                    item.title, 1 if item.choosers else 0, item.to.docname, item.to.anchor,
                    words.JOINT if item.joint else words.chosen_by_count(len(item.choosers)),
                    "", ""))
                for name, to, status in item.choosers:
                    # Its status in words, as in every overview: no reader should
                    # take an entry here for a decision.
                    entries.append(IndexEntry(name, 2, to.docname, to.anchor,
                                              words.status_phrase(status), "", ""))
            if entries:
                content.append((field_title, entries))
        return content, True


class IvpDomain(Domain):
    """Municipalities, the priority catalogue and the choices of the plan."""

    name = "ivp"
    label = "Integraal Veiligheidsplan"
    object_types = {
        "municipality": ObjType(words.MUNICIPALITY, "municipality"),
        "priority": ObjType(words.PRIORITY, "priority"),
        "choice": ObjType(words.CHOICE, "choice"),
    }
    directives = {
        "municipality": directives.MunicipalityDirective,
        "priority": directives.PriorityDirective,
        "choice": directives.ChoiceDirective,
        "goals": directives.GoalsDirective,
        "indicators": directives.IndicatorsDirective,
        "agreement": directives.AgreementDirective,
        **{name: directives.placeholder_directive(name) for name in PLACEHOLDER_KINDS},
    }
    roles = {
        "municipality": PlanXRefRole(),
        "priority": PlanXRefRole(),
        "choice": PlanXRefRole(),
    }
    indices = [PriorityIndex]
    initial_data: ClassVar[dict[str, Any]] = {
        "municipalities": [],  # list[Municipality]
        "priorities": [],  # list[Priority]
        "choices": [],  # list[Choice]
        # docname -> {(kind, municipality id, priority id)}: the generated
        # content a document shows, so an edit rewrites only the pages it changes
        "shown": {},
        "references": {},  # docname -> set of (role, target)
        # municipality id -> whether its edition changed since its council adopted
        # it (jointplan.history.releases); None before the first comparison
        "adopted_text_changed": None,
        # The records of the decisions (jointplan.glue.decisions): list[Decision];
        # docname -> Proposal (a raadsvoorstel page); docname -> the generated
        # decision content it shows: {(kind, id of the party or municipality named)}
        "decisions": [],
        "proposals": {},
        "decision_pages": {},
    }
    # Bump when the shape of the stored data changes.
    # 2: choices carry their status; 3: what each page shows; 4: every key declared;
    # 5: the decisions' keys declared here; 6: the parties decision content names
    data_version = 6

    def __init__(self, env: BuildEnvironment) -> None:
        super().__init__(env)
        self._plan: Plan | None = None
        #: (builder, from, to) -> relative URI (see reference)
        self._uris: dict[tuple[str, str, str], str] = {}
        #: What this build's reading started from (not pickled: one build's
        #: bookkeeping, kept in the main process; see note_read)
        self.read_snapshot: ReadSnapshot | None = None
        #: The decisions' register and the plan it was built from (see register)
        self._register: tuple[Plan, Register] | None = None

    # -- storing -------------------------------------------------------------

    @property
    def municipalities(self) -> list[Municipality]:
        return cast(list[Municipality], self.data["municipalities"])

    @property
    def priorities(self) -> list[Priority]:
        return cast(list[Priority], self.data["priorities"])

    @property
    def choices(self) -> list[Choice]:
        return cast(list[Choice], self.data["choices"])

    @property
    def shown(self) -> dict[str, set[views.Shown]]:
        """docname -> the generated content it shows (see note_shown)."""
        return cast(dict[str, set[views.Shown]], self.data["shown"])

    @property
    def references(self) -> dict[str, set[tuple[str, str]]]:
        """docname -> the (role, target) of every plan reference in it."""
        return cast(dict[str, set[tuple[str, str]]], self.data["references"])

    @property
    def adopted_text_changed(self) -> dict[str, bool] | None:
        return cast("dict[str, bool] | None", self.data["adopted_text_changed"])

    @adopted_text_changed.setter
    def adopted_text_changed(self, value: dict[str, bool]) -> None:
        self.data["adopted_text_changed"] = value

    def note_read(self, snapshot: ReadSnapshot) -> None:
        """Sphinx is about to read (``env-get-outdated``): what to compare after."""
        self.read_snapshot = snapshot

    def register(self, build: Callable[[Plan], Register]) -> Register:
        """The register of the recorded decisions (jointplan.glue.decisions builds
        it with ``build``), kept until a declaration or a decision changes."""
        plan = self.plan
        if self._register is None or self._register[0] is not plan:
            self._register = (plan, build(plan))
        return self._register[1]

    def decisions_changed(self) -> None:
        """A decision was recorded, purged or merged: build the register again."""
        self._register = None

    @property
    def plan(self) -> Plan:
        """The plan built from all stored declarations, cached until they change."""
        if self._plan is None:
            self._plan = Plan(self.municipalities, self.priorities, self.choices)
        return self._plan

    def _changed(self) -> None:
        self._plan = None
        self._register = None

    def note_municipality(self, municipality: Municipality) -> None:
        self.municipalities.append(municipality)
        self._changed()

    def note_priority(self, priority: Priority) -> None:
        self.priorities.append(priority)
        self._changed()

    def note_choice(self, choice: Choice) -> None:
        self.choices.append(choice)
        self._changed()

    def note_shown(self, docname: str, kind: str, municipality: str = "",
                   priority: str = "") -> None:
        """A document shows generated content of this kind (see incremental.py)."""
        self.shown.setdefault(docname, set()).add((kind, municipality, priority))

    def note_reference(self, docname: str, role: str, target: str) -> None:
        self.references.setdefault(docname, set()).add((role, target))

    #: The keys that hold records with a location, one list each.
    RECORDS = ("municipalities", "priorities", "choices", "decisions")
    #: The keys that hold a value per document (docname -> value).
    PER_DOCUMENT = ("shown", "references", "proposals", "decision_pages")

    def clear_doc(self, docname: str) -> None:
        for key in self.RECORDS:
            self.data[key] = [r for r in self.data[key] if r.location.docname != docname]
        for key in self.PER_DOCUMENT:
            self.data[key].pop(docname, None)
        self._changed()

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for key in self.RECORDS:
            self.data[key].extend(
                r for r in otherdata[key] if r.location.docname in docnames)
        for key in self.PER_DOCUMENT:
            self.data[key].update(
                (doc, value) for doc, value in otherdata[key].items() if doc in docnames)
        self._changed()

    # -- checking ------------------------------------------------------------

    def municipality_chapters(self) -> list[str]:
        """Documents in the municipality folder, except its own index page."""
        folder = self.env.config.jointplan_municipality_dir.strip("/") + "/"
        return sorted(doc for doc in self.env.found_docs
                      if doc.startswith(folder) and doc != folder + "index")

    def check_consistency(self) -> None:
        try:
            problems = self.plan.problems(self.municipality_chapters())
            tags = release_tags(self.env.config)
            # A chapter's :council-version: against the decision's date as recorded
            # (an ivp:decision may give the date the chapter lacks).
            from .decisions import register  # it reads this domain
            recorded = register(self.env)
            problems += adopted_version_problems(
                [replace(m, council_decision=recorded.as_recorded(m).council_decision)
                 for m in self.plan.ordered_municipalities],
                None if tags is None else {name: tag.date for name, tag in tags.items()})
        except Exception as error:
            report_failure(_("the plan's consistency checks"), error,
                           (self.env.config.root_doc, None))
            return
        for problem in problems:
            warn(problem.kind, problem.render(translated),
                 (problem.location.docname, problem.location.lineno))

    # -- resolving -----------------------------------------------------------

    def resolve_xref(self, env: BuildEnvironment, fromdocname: str, builder: Builder,
                     typ: str, target: str, node: pending_xref, contnode: Element
                     ) -> nodes.reference | None:
        # What a reference shows is views.target's: the incremental build
        # compares exactly that (jointplan.glue.incremental).
        found = views.target(self.plan, typ, target)
        if found is None:
            return None
        if not node.get("refexplicit"):
            # The link text comes from the declaration, so a renamed priority
            # is renamed everywhere it is referenced.
            contnode = nodes.inline(found.title, found.title,
                                    classes=contnode.get("classes", []))
        return self.reference(builder, fromdocname, found.docname, found.anchor, contnode,
                              found.title)

    def reference(self, builder: Builder, fromdocname: str, todocname: str, anchor: str,
                  child: nodes.Node, title: str) -> nodes.reference:
        """Like sphinx.util.nodes.make_refnode, with relative URIs cached.

        The overlap tables link every municipality many times; computing the
        same relative URI again for each link was a large part of the build.
        May raise NoUri, as the builder does.
        """
        node = nodes.reference("", "", child, internal=True, reftitle=title)
        if fromdocname == todocname:
            node["refid"] = anchor
            return node
        key = (builder.name, fromdocname, todocname)
        if key not in self._uris:
            self._uris[key] = builder.get_relative_uri(fromdocname, todocname)
        node["refuri"] = f"{self._uris[key]}#{anchor}"
        return node

    def resolve_any_xref(self, env: BuildEnvironment, fromdocname: str, builder: Builder,
                         target: str, node: pending_xref, contnode: Element
                         ) -> list[tuple[str, nodes.reference]]:
        results = []
        for role in ("priority", "municipality", "choice"):
            refnode = self.resolve_xref(env, fromdocname, builder, role, target,
                                        node, contnode)
            if refnode is not None:
                results.append((f"ivp:{role}", refnode))
        return results

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        plan = self.plan
        for m in plan.municipality_by_id.values():
            yield (m.id, m.name, "municipality", m.location.docname,
                   views.municipality_anchor(m.id), 1)
        for p in plan.priority_by_id.values():
            yield p.id, p.title, "priority", p.location.docname, views.priority_anchor(p.id), 1
        for c in plan.valid_choices:
            yield (f"{c.municipality}/{c.priority}",
                   words.choice_title(plan.municipality_by_id[c.municipality],
                                       plan.priority_by_id[c.priority]),
                   "choice", c.location.docname,
                   views.choice_anchor(c.municipality, c.priority), 0)

    def warn_missing(self, node: pending_xref) -> bool:
        """Report an unknown reference target with a did-you-mean."""
        role, target = node["reftype"], node["reftarget"]
        plan = self.plan
        location = (node["refdoc"], node["ivp_line"]) if node.get("ivp_line") else node
        if role == "priority":
            warn(PlanWarning.UNKNOWN_PRIORITY,
                 _("unknown priority '{target}'; use the id of a priority from the "
                   "catalogue.").format(target=target)
                 + suggestion(target, plan.priority_by_id), location)
        elif role == "municipality":
            warn(PlanWarning.UNKNOWN_MUNICIPALITY,
                 _("unknown municipality '{target}'; use the id a municipality chapter "
                   "declares.").format(target=target)
                 + suggestion(target, plan.municipality_by_id), location)
        else:
            warn(PlanWarning.UNKNOWN_CHOICE, self.unknown_choice(target), location)
        return True

    def unknown_choice(self, target: str) -> str:
        """Which half of 'municipality/priority' is wrong, and what is close to it."""
        plan = self.plan
        municipality, slash, priority = target.partition("/")
        if slash and municipality not in plan.municipality_by_id:
            return _("no municipality '{municipality}' is declared, so '{target}' is no "
                     "choice; write 'municipality-id/priority-id' with the id a "
                     "municipality chapter declares.").format(
                municipality=municipality, target=target) + \
                suggestion(municipality, plan.municipality_by_id)
        if slash and priority not in plan.priority_by_id:
            return _("'{priority}' in '{target}' is not in the priority catalogue; write "
                     "'municipality-id/priority-id' with the id of a priority.").format(
                priority=priority, target=target) + suggestion(priority, plan.priority_by_id)
        if slash:
            chosen = sorted(p for m, p in plan.choice_by_key if m == municipality)
            return _("{municipality} did not choose '{priority}'; its choices are: "
                     "{chosen}.").format(municipality=municipality, priority=priority,
                                         chosen=", ".join(chosen) or "-")
        keys = [f"{m}/{p}" for m, p in plan.choice_by_key]
        return _("no municipality chose '{target}'; write it as "
                 "'municipality-id/priority-id' of an existing choice.").format(
            target=target) + suggestion(target, keys)


def warn_missing_reference(app: object, domain: Domain | None, node: pending_xref
                           ) -> bool | None:
    if isinstance(domain, IvpDomain):
        return domain.warn_missing(node)
    return None


def ivp(env: BuildEnvironment) -> IvpDomain:
    """The plan's domain in this environment (typed, where ``env.domains["ivp"]`` is not)."""
    return cast(IvpDomain, env.domains[IvpDomain.name])
