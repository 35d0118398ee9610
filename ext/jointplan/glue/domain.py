"""The ``ivp`` domain: stores the declarations, resolves references, runs the checks.

The domain keeps plain records (the model's dataclasses) per document, so
``clear_doc`` and ``merge_domaindata`` are simple filters, and builds one
:class:`~jointplan.model.Plan` from them when something asks.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.domains import Domain, Index, IndexEntry, ObjType
from sphinx.locale import get_translation
from sphinx.roles import XRefRole

from . import directives
from ..plan import words
from . import tables
from ..plan.model import Choice, Municipality, Plan, Priority, adopted_version_problems
from .nodes import choice_anchor, municipality_anchor, priority_anchor
from ..checks.sources import exact_line
from .buildversion import release_tags
from ..checks.warnings import PlanWarning, report_failure, suggestion, translated, warn

_ = get_translation("jointplan")


class PlanXRefRole(XRefRole):
    """A reference to a plan object that records who references what.

    The record lets an incremental build rewrite the documents whose link
    texts (a priority's title, a municipality's name) changed elsewhere.
    """

    def __init__(self) -> None:
        # warn_dangling: unknown targets are always reported, -n or not.
        super().__init__(warn_dangling=True)

    def result_nodes(self, document, env, node, is_ref):
        domain = env.domains[IvpDomain.name]
        domain.note_reference(env.docname, node["reftype"], node["reftarget"])
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

    def generate(self, docnames: Iterable[str] | None = None):
        plan = self.domain.plan
        content: dict[str, list[IndexEntry]] = {}
        for field_id, priorities in plan.priorities_by_field():
            entries = content.setdefault(words.field_title(field_id), [])
            for priority in priorities:
                choosers = plan.choosers(priority.id)
                if docnames is not None and priority.location.docname not in docnames:
                    continue
                entries.append(IndexEntry(
                    priority.title, 1 if choosers else 0, priority.location.docname,
                    priority_anchor(priority.id),
                    words.JOINT if priority.joint else words.chosen_by_count(len(choosers)),
                    "", ""))
                for municipality in choosers:
                    choice = plan.choice_by_key[municipality.id, priority.id]
                    # Its status in words, as in every overview: no reader
                    # should take an entry here for a decision.
                    entries.append(IndexEntry(
                        municipality.name, 2, choice.location.docname,
                        choice_anchor(municipality.id, priority.id),
                        words.status_phrase(choice.status), "", ""))
        return [(key, entries) for key, entries in content.items() if entries], True


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
        **{name: directives.placeholder_directive(name) for name in tables.GENERATED},
    }
    roles = {
        "municipality": PlanXRefRole(),
        "priority": PlanXRefRole(),
        "choice": PlanXRefRole(),
    }
    indices = [PriorityIndex]
    initial_data: dict[str, Any] = {
        "municipalities": [],  # list[Municipality]
        "priorities": [],  # list[Priority]
        "choices": [],  # list[Choice]
        # docname -> {(kind, municipality id, priority id)}: the generated
        # content a document shows, so an edit rewrites only the pages it changes
        "shown": {},
        "references": {},  # docname -> set of (role, target)
    }
    # Bump when the shape of the stored data changes.
    # 2: choices carry their status; 3: what each page shows; 4: their sources
    data_version = 4

    # -- storing -------------------------------------------------------------

    @property
    def plan(self) -> Plan:
        """The plan built from all stored declarations, cached until they change."""
        if getattr(self, "_plan", None) is None:
            self._plan = Plan(self.data["municipalities"], self.data["priorities"],
                              self.data["choices"])
        return self._plan

    def _changed(self) -> None:
        self._plan = None

    def note_municipality(self, municipality: Municipality) -> None:
        self.data["municipalities"].append(municipality)
        self._changed()

    def note_priority(self, priority: Priority) -> None:
        self.data["priorities"].append(priority)
        self._changed()

    def note_choice(self, choice: Choice) -> None:
        self.data["choices"].append(choice)
        self._changed()

    def note_shown(self, docname: str, kind: str, municipality: str = "",
                   priority: str = "") -> None:
        """A document shows generated content of this kind (see incremental.py)."""
        self.data["shown"].setdefault(docname, set()).add((kind, municipality, priority))

    def note_reference(self, docname: str, role: str, target: str) -> None:
        self.data["references"].setdefault(docname, set()).add((role, target))

    def clear_doc(self, docname: str) -> None:
        for key in ("municipalities", "priorities", "choices"):
            self.data[key] = [r for r in self.data[key] if r.location.docname != docname]
        self.data["shown"].pop(docname, None)
        self.data["references"].pop(docname, None)
        self._changed()

    def merge_domaindata(self, docnames: set[str], otherdata: dict[str, Any]) -> None:
        for key in ("municipalities", "priorities", "choices"):
            self.data[key].extend(
                r for r in otherdata[key] if r.location.docname in docnames)
        self.data["shown"].update(
            (doc, shown) for doc, shown in otherdata["shown"].items() if doc in docnames)
        self.data["references"].update(
            (doc, refs) for doc, refs in otherdata["references"].items() if doc in docnames)
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
            problems += adopted_version_problems(
                self.plan.ordered_municipalities,
                None if tags is None else {name: tag.date for name, tag in tags.items()})
        except Exception as error:  # noqa: BLE001 - a located report, not a crash
            report_failure(_("the plan's consistency checks"), error,
                           (self.env.config.root_doc, None))
            return
        for problem in problems:
            warn(problem.kind, problem.render(translated),
                 (problem.location.docname, problem.location.lineno))

    # -- resolving -----------------------------------------------------------

    def _target(self, role: str, target: str):
        """(docname, anchor, link text) of a reference target, or None."""
        plan = self.plan
        if role == "priority" and target in plan.priority_by_id:
            priority = plan.priority_by_id[target]
            return priority.location.docname, priority_anchor(target), priority.title
        if role == "municipality" and target in plan.municipality_by_id:
            municipality = plan.municipality_by_id[target]
            return (municipality.location.docname, municipality_anchor(target),
                    municipality.name)
        if role == "choice":
            municipality_id, _slash, priority_id = target.partition("/")
            choice = plan.choice_by_key.get((municipality_id, priority_id))
            if choice is not None:
                text = words.choice_title(plan.municipality_by_id[municipality_id],
                                           plan.priority_by_id[priority_id])
                return (choice.location.docname,
                        choice_anchor(municipality_id, priority_id), text)
        return None

    def resolve_xref(self, env, fromdocname, builder, typ, target, node, contnode):
        found = self._target(typ, target)
        if found is None:
            return None
        docname, anchor, text = found
        if not node.get("refexplicit"):
            # The link text comes from the declaration, so a renamed priority
            # is renamed everywhere it is referenced.
            contnode = nodes.inline(text, text, classes=contnode.get("classes", []))
        return self.reference(builder, fromdocname, docname, anchor, contnode, text)

    def reference(self, builder, fromdocname: str, todocname: str, anchor: str,
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
        cache = self.__dict__.setdefault("_uri_cache", {})
        key = (builder.name, fromdocname, todocname)
        if key not in cache:
            cache[key] = builder.get_relative_uri(fromdocname, todocname)
        node["refuri"] = f"{cache[key]}#{anchor}"
        return node

    def resolve_any_xref(self, env, fromdocname, builder, target, node, contnode):
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
                   municipality_anchor(m.id), 1)
        for p in plan.priority_by_id.values():
            yield p.id, p.title, "priority", p.location.docname, priority_anchor(p.id), 1
        for c in plan.valid_choices:
            yield (f"{c.municipality}/{c.priority}",
                   words.choice_title(plan.municipality_by_id[c.municipality],
                                       plan.priority_by_id[c.priority]),
                   "choice", c.location.docname,
                   choice_anchor(c.municipality, c.priority), 0)

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


def warn_missing_reference(app, domain, node) -> bool | None:
    if domain is not None and domain.name == IvpDomain.name:
        return domain.warn_missing(node)
    return None
