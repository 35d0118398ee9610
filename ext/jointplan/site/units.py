"""The councils' views share the HTML of the generated content they have in common.

Each council's view fills the same documents from its own amended plan
(:mod:`jointplan.site.adoptedview`), and those differ from the joint text in a
few rows: one added priority changes one matrix row, one summary row, one
catalogue entry. The filling marks each unit of generated content with what it
shows (:meth:`jointplan.glue.tables.Linker.unit`); this module remembers the
HTML each unit of a document became, and a unit another view already showed
is an empty stand-in that gets that HTML. So a view costs what differs, not
the whole document again.

The translator is the builder's own (the theme's, with its handlers) with
:class:`UnitReplay` mixed in, as the theme mixes its own in.
"""

from __future__ import annotations

import types
from dataclasses import dataclass
from typing import Any

from docutils import nodes

from ..glue.tables import TranslatedUnits, statuses_shown


@dataclass(frozen=True)
class HtmlUnit:
    """A unit as the site shows it: its HTML (a row's cells, without the row's
    own tag, which says odd or even by its place), a row's classes, the statuses
    of its marks."""

    html: str
    statuses: frozenset[str]
    row_classes: tuple[str, ...] = ()


#: The units of the documents translated for views in one build.
Units = TranslatedUnits[HtmlUnit]


class UnitReplay:
    """Mixed into the builder's HTML translator: keeps the HTML of each unit of
    generated content, and writes it for a stand-in."""

    body: list[str]
    units: Units
    unit_docname: str
    unit_starts: list[tuple[int, tuple[str, ...]]]

    def dispatch_visit(self, node: nodes.Node) -> None:
        if not (isinstance(node, nodes.Element) and "unit" in node):
            return super().dispatch_visit(node)  # type: ignore[misc]
        if node.get("reused"):
            unit = self.units.known[self.unit_docname, node["unit"]]
            if isinstance(node, nodes.row):
                node["classes"] = list(unit.row_classes)
                super().dispatch_visit(node)  # type: ignore[misc]
                self.body.append(unit.html)
                super().dispatch_departure(node)  # type: ignore[misc]
            else:
                self.body.append(unit.html)
            raise nodes.SkipNode
        classes = tuple(node["classes"])  # before the translator adds odd or even
        self.unit_starts.append((len(self.body), classes))
        try:
            super().dispatch_visit(node)  # type: ignore[misc]
        except nodes.SkipNode:
            self.keep(node, len(self.body))
            raise
        if isinstance(node, nodes.row):  # a row's cells start after its tag
            self.unit_starts[-1] = (len(self.body), classes)
        return None

    def dispatch_departure(self, node: nodes.Node) -> None:
        unit = isinstance(node, nodes.Element) and "unit" in node
        end = len(self.body)  # a row's cells end before its closing tag
        super().dispatch_departure(node)  # type: ignore[misc]
        if unit:
            assert isinstance(node, nodes.Element)
            self.keep(node, end if isinstance(node, nodes.row) else len(self.body))

    def keep(self, node: nodes.Element, end: int) -> None:
        start, classes = self.unit_starts.pop()
        self.units.known[self.unit_docname, node["unit"]] = HtmlUnit(
            "".join(self.body[start:end]), frozenset(statuses_shown(node)),
            classes if isinstance(node, nodes.row) else ())


#: translator class -> that class with UnitReplay mixed in
_WITH_REPLAY: dict[type, type] = {}


def replaying(visitor: Any, units: Units, docname: str) -> Any:
    """The builder's translator for ``docname``, made to keep and replay units."""
    cls = type(visitor)
    if cls not in _WITH_REPLAY:
        _WITH_REPLAY[cls] = types.new_class(cls.__name__, (UnitReplay, cls), {})
    visitor.__class__ = _WITH_REPLAY[cls]
    visitor.units, visitor.unit_docname, visitor.unit_starts = units, docname, []
    return visitor
