"""The accessibility statement's findings, from what the checks measured of this build.

``jointplan_measurements`` names the JSON files the checks write
(``scripts/a11y.py --results`` for the site, ``python -m jointplan.pdf.check
--results`` for the PDFs). The directive ``accessibility-measurements`` puts
their findings into the statement (:mod:`jointplan.plan.measurements`), when
they measured this build; else it says this build was not measured.

Which build a measurement is of: every build writes ``jointplan-build.json``
into its output folder (the release, and a digest of the sources: a working
tree with uncommitted changes has one release label for many texts), and the
checks copy it into what they write. The statement's page is read again in
every build whose findings differ from those it shows, so it never keeps findings
of an earlier build (and a save that changes nothing it says costs no reading).
The sources' digest is computed once per build.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from weakref import WeakKeyDictionary

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util.docutils import SphinxDirective

from ..checks.warnings import guarded
from ..plan import measurements

BUILD_FILE = "jointplan-build.json"
#: Noted in the page's metadata: the page shows measurements (read it again).
SHOWS_MEASUREMENTS = "jointplan-measurements"
#: Noted in the page's metadata: the findings it shows (read it again when they differ).
SHOWN_FINDINGS = "jointplan-findings"


def setup_statement(app: Sphinx) -> None:
    app.add_config_value(
        "jointplan_measurements", {}, "env", types=frozenset({dict}),
        description="The JSON files (relative to conf.py) the checks write: 'site' "
                    "(scripts/a11y.py --results) and 'pdf' (jointplan.pdf.check "
                    "--results); the accessibility statement reports them.")
    app.connect("config-inited", note_confdir)
    app.add_directive("accessibility-measurements", AccessibilityMeasurements)
    app.connect("env-get-outdated", guarded(statement_pages, []))
    app.connect("build-finished", guarded(write_build_file))


_confdirs: WeakKeyDictionary[Config, Path] = WeakKeyDictionary()
#: This build's identity, computed once (at ``env-get-outdated``) and forgotten
#: when the build ends; the sources do not change while they are read.
_identities: WeakKeyDictionary[Config, dict] = WeakKeyDictionary()


def note_confdir(app: Sphinx, config: Config) -> None:
    _confdirs[config] = Path(app.confdir)


def build_identity(env) -> dict:
    """The release this build is and a digest of its sources (documents, conf.py)."""
    digest = hashlib.sha256()
    paths = sorted(Path(env.doc2path(docname)) for docname in env.found_docs)
    for path in [*paths, _confdirs[env.config] / "conf.py"]:
        if path.is_file():
            digest.update(path.as_posix().encode("utf-8") + b"\0" + path.read_bytes())
    return {"version": env.config.release, "sources": digest.hexdigest()[:16]}


def this_build(env) -> dict:
    """:func:`build_identity`, once per build."""
    if env.config not in _identities:
        _identities[env.config] = build_identity(env)
    return _identities[env.config]


def all_findings(env) -> tuple[list[tuple[str, list[list[str]]]], str]:
    """Every configured measurement's findings for this build, and the same as text
    (what the page notes it shows)."""
    build = this_build(env)
    found = []
    for kind, name in env.config.jointplan_measurements.items():
        try:
            measured = json.loads((_confdirs[env.config] / name).read_text("utf-8"))
        except (OSError, ValueError):
            measured = None  # not measured (yet)
        found.append((kind, measurements.findings(kind, measured, build)))
    return found, json.dumps(found, ensure_ascii=False)


class AccessibilityMeasurements(SphinxDirective):
    """The findings of the configured measurements, each as paragraphs and lists."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        found, shown = all_findings(self.env)
        self.env.metadata[self.env.docname][SHOWS_MEASUREMENTS] = True
        self.env.metadata[self.env.docname][SHOWN_FINDINGS] = shown
        result: list[nodes.Node] = []
        for _kind, findings in found:
            for lines in findings:
                result.append(paragraph(lines[0]))
                if len(lines) > 1:
                    items = nodes.bullet_list()
                    for line in lines[1:]:
                        items += nodes.list_item("", paragraph(line))
                    result.append(items)
        return result


def paragraph(line: str) -> nodes.paragraph:
    """A line of findings; what stands between backticks is set as code."""
    found = nodes.paragraph(line.replace("`", ""))
    for number, part in enumerate(line.split("`")):
        if part:
            found += nodes.literal(part, part) if number % 2 else nodes.Text(part)
    return found


def statement_pages(app: Sphinx, env, added, changed, removed) -> list[str]:
    """``env-get-outdated``: the pages showing measurements are read again when what
    they would show now differs from what they show."""
    _identities.pop(env.config, None)  # a new build
    pages = [docname for docname, meta in env.metadata.items()
             if meta.get(SHOWS_MEASUREMENTS) and docname not in removed]
    if not pages:
        return []
    _found, shown = all_findings(env)
    return [docname for docname in pages
            if env.metadata[docname].get(SHOWN_FINDINGS) != shown]


def write_build_file(app: Sphinx, exception) -> None:
    """``build-finished``: which build this is, for the checks to copy."""
    identity = _identities.pop(app.config, None) or build_identity(app.env)
    if exception is not None or app.builder.format not in ("html", "pdf"):
        return
    Path(app.outdir, BUILD_FILE).write_text(
        json.dumps(identity, ensure_ascii=False) + "\n", encoding="utf-8")
