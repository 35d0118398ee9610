"""Data a check keeps per document between builds, the way Sphinx keeps it.

A domain's data is pickled with the environment, purged before a document is
read again and merged after parallel reads: what an extension would otherwise
hang on the environment as an attribute of its own. :class:`PerDocument` is
such a domain holding one mapping, docname -> what was found in it; it
declares no objects.
"""

from __future__ import annotations

from collections.abc import Set
from typing import Any, ClassVar

from docutils import nodes
from docutils.nodes import Element
from sphinx.addnodes import pending_xref
from sphinx.builders import Builder
from sphinx.domains import Domain
from sphinx.environment import BuildEnvironment


class PerDocument(Domain):
    """A mapping docname -> data, purged and merged with its documents."""

    initial_data: ClassVar[dict[str, Any]] = {"found": {}}
    data_version = 1

    @property
    def found(self) -> dict[str, Any]:
        return self.data["found"]

    def clear_doc(self, docname: str) -> None:
        self.found.pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        self.found.update((doc, data) for doc, data in otherdata["found"].items()
                          if doc in docnames)

    def resolve_any_xref(self, env: BuildEnvironment, fromdocname: str, builder: Builder,
                         target: str, node: pending_xref, contnode: Element
                         ) -> list[tuple[str, nodes.reference]]:
        return []  # no objects (MyST asks every domain about a link's target)


def found(env: BuildEnvironment, name: str) -> dict[str, Any]:
    """The mapping of the :class:`PerDocument` domain registered as ``name``."""
    domain = env.domains[name]
    assert isinstance(domain, PerDocument)
    return domain.found
