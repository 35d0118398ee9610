"""The setup hub: configuration values, the domain, nodes and event handlers.

Loaded by :func:`jointplan.setup`, so that importing the package (and its
plain-Python model) does not import Sphinx.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from . import __version__
from .checks import policy, rawmarkup, sources, sourcetext, toctrees
from .checks.authormessages import setup_author_messages
from .checks.structure import setup_structure
from .checks.warnings import fail_on_errors, guarded
from .glue import bibliography, buildversion, export, incremental
from .glue.decisions import setup_decisions
from .glue.domain import IvpDomain, warn_missing_reference
from .glue.nodes import PLACEHOLDER_VISITORS, plan_placeholder
from .glue.amendments import setup_amendments
from .glue.paragraphs import setup_paragraphs
from .glue.tables import fill_placeholders
from .history import releases, reports
from .site import html_fixes
from .site import metadata as site_metadata
from .site import privacy, statement
from .site.adopted import setup_adopted
from .site.livewarnings import setup_live_warnings
from .site import pages as site

STATIC = Path(__file__).parent / "site" / "static"


def add_html_assets(app: Sphinx) -> None:
    if app.builder.format == "html":
        app.config.html_static_path.append(str(STATIC))
        app.add_css_file("jointplan.css")
        # Between doctools.js (200) and the catalogue (500): see the file.
        app.add_js_file("jointplan-plural.js", priority=400)


def setup_extension(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("sphinx_design")
    app.setup_extension("jointplan.tuning")
    app.add_config_value(
        "jointplan_municipality_dir", "municipalities", "env", types=frozenset({str}),
        description="Folder (relative to the source dir) whose documents are "
                    "municipality chapters: each must declare one municipality.")
    # Here, not in jointplan.pdf: the site links the PDFs by these names.
    app.add_config_value(
        "jointplan_pdf_name", "plan", "env", types=frozenset({str}),
        description="File name (without .pdf) of the full plan's PDF; council editions "
                    "add '-<municipality id>'.")
    app.add_config_value(
        "jointplan_repository", "", "html", types=frozenset({str}),
        description="The plan's repository on the forge (https://github.com/owner/name): "
                    "each page links its source and a prefilled new issue; none if empty.")
    app.add_config_value(
        "jointplan_repository_branch", "main", "html", types=frozenset({str}),
        description="The branch the 'edit this page' links open.")
    app.add_config_value(
        "jointplan_reconstruction", False, "env", types=frozenset({bool}),
        description="The text is a reconstruction of the plan with later information, "
                    "not the text the councils adopted; the PDFs say so.")
    # Here, not in jointplan.pdf: what a council adopted is its PDF edition.
    app.add_config_value(
        "jointplan_pdf_exclude", [], "", types=frozenset({list}),
        description="Docnames left out of every PDF (e.g. pages about the website).")
    app.add_config_value(
        "jointplan_versions_json", "", "html", types=frozenset({str}),
        description="Where the published site lists its versions, relative to a "
                    "version's root (e.g. '../versions.json'): turns on the version "
                    "switcher and the notice on older versions; off if empty.")
    app.add_config_value(
        "jointplan_compare_with", [], "html", types=frozenset({list, tuple}),
        description="Git refs (tags, branches) to report the changes against: each "
                    "gets a page wijzigingen/<ref>.html and its data as .json.")
    app.add_config_value(
        "jointplan_change_reports", True, "html", types=frozenset({bool}),
        description="Report the changes since the release each council adopted "
                    "(off in builds of earlier versions made for a report).")
    app.add_config_value(
        "jointplan_export_json", True, "html", types=frozenset({bool}),
        description="Write priorities.json and its schema next to the HTML.")
    fail_on_errors(app)
    app.add_node(plan_placeholder, **PLACEHOLDER_VISITORS)  # type: ignore[arg-type]
    app.add_domain(IvpDomain)
    app.connect("doctree-resolved", guarded(fill_placeholders))
    app.add_config_value(
        "jointplan_allow_raw", [], "env", types=frozenset({list}),
        description="Docname patterns whose raw HTML the content policy keeps.")
    app.add_config_value(
        "jointplan_allow_include", [], "env", types=frozenset({list}),
        description="Folders (relative to conf.py) files may be included from, "
                    "besides the source folder.")
    # Every handler is guarded: an exception is a located warning, never a crash.
    app.connect("env-before-read-docs", guarded(sources.skip_undecodable))
    app.connect("source-read", guarded(sourcetext.check_source))
    setup_structure(app)
    setup_author_messages(app)
    app.connect("doctree-read", guarded(policy.enforce))
    app.connect("doctree-read", guarded(rawmarkup.find_raw_markup))
    app.connect("doctree-read", guarded(rawmarkup.find_rst_links))
    app.connect("warn-missing-reference", guarded(warn_missing_reference))
    app.connect("env-get-outdated", guarded(incremental.take_snapshot, []))
    # Before Sphinx's collectors and other extensions walk the toctrees.
    app.connect("env-updated", guarded(toctrees.break_cycles, []),
                priority=100)
    app.connect("env-updated", guarded(incremental.documents_to_rewrite, []))
    app.connect("env-updated", guarded(releases.note_adoption_changes, []))
    # The version every page and PDF shows comes from git, before the
    # environment compares the configuration with the last build's.
    app.connect("config-inited", guarded(buildversion.set_release))
    app.connect("builder-inited", guarded(add_html_assets))
    app.connect("html-page-context", guarded(html_fixes.fix_bibliography_roles))
    app.connect("html-page-context", guarded(site.add_status))
    app.connect("html-page-context", guarded(site.add_links))
    site.add_interface_catalogue(app)
    site_metadata.setup_metadata(app)
    privacy.setup_privacy(app)
    statement.setup_statement(app)
    setup_live_warnings(app)
    app.connect("html-collect-pages", guarded(reports.change_report_pages, []))
    app.connect("build-finished", guarded(export.write_priorities_json))
    app.connect("build-finished", guarded(incremental.remove_stale_pages))
    bibliography.register()
    setup_decisions(app)
    setup_paragraphs(app)
    setup_amendments(app)
    setup_adopted(app)
    # The pdf builder (jointplan.pdf) is registered as a sphinx.builders entry
    # point, so Typst and pikepdf are only imported for `-b pdf`.
    return {
        "version": __version__,
        # Bump when the records stored in the environment change shape.
        "env_version": IvpDomain.data_version,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
