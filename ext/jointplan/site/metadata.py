"""Every page says what it is: OWMS core ``<meta>`` tags and schema.org JSON-LD.

The fields (:mod:`jointplan.plan.metadata`) come from ``conf.py`` (the title,
the OWMS informatietype and subject, the CBS code of each municipality, and for
a reconstruction its author) and the plan (the municipalities that make it and
the area it covers, the priorities as keywords, the date of the text). They go
into ``metatags``, which the theme writes at the top of ``<head>``; JSON-LD is a
data block, which a Content-Security-Policy does not govern.
"""

from __future__ import annotations

import dataclasses
import datetime
import html
import json
import os
import re

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.locale import _

from ..checks.warnings import guarded
from ..glue import buildversion
from ..glue.domain import ivp
from ..plan import metadata, words
from ..plan.model import Plan


def setup_metadata(app: Sphinx) -> None:
    app.add_config_value(
        "jointplan_municipality_codes", {}, "env", types=frozenset({dict}),
        description="Municipality id -> CBS gemeentecode ('GM0345'): the area and "
                    "makers in every page's and PDF's metadata.")
    app.add_config_value(
        "jointplan_subject", "", "env", types=frozenset({str}),
        description="The OWMS subject (TaxonomieBeleidsagenda) of the plan, e.g. "
                    "'Openbare orde en veiligheid'; none if empty.")
    app.add_config_value(
        "jointplan_page_type", "", "env", types=frozenset({str}),
        description="The OWMS informatietype of a web page; none if empty.")
    app.add_config_value(
        "jointplan_document_type", "", "env", types=frozenset({str}),
        description="The OWMS informatietype of the PDFs; none if empty.")
    app.add_config_value(
        "jointplan_publication_type", "", "env", types=frozenset({str}),
        description="The type of publication in a council's publication package "
                    "(make release); left open (null) if empty.")
    app.connect("html-page-context", guarded(add_page_metadata))
    app.connect("env-updated", guarded(rewrite_when_makers_change, []))


def text_date(config: Config) -> str:
    """The date of the text (the release tag's, else the last commit that changed
    the chapters), as the PDF covers have it; else SOURCE_DATE_EPOCH, else today."""
    stamp = buildversion.of(config).timestamp
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if stamp is None and epoch.isdigit():
        stamp = int(epoch)
    if stamp is None:
        return datetime.date.today().isoformat()
    return datetime.datetime.fromtimestamp(stamp, datetime.UTC).date().isoformat()


def municipalities(plan: Plan, config: Config) -> tuple[metadata.Municipality, ...]:
    return metadata.area(plan, config.jointplan_municipality_codes)


def author(config: Config) -> str:
    """conf.py's ``author``; "" for Sphinx's placeholder ('Author name not set')."""
    return "" if config.author == config.config_values["author"].default else config.author


def plan_title(config: Config) -> str:
    return getattr(config, "jointplan_title", "") or config.project


def describe(config: Config, plan: Plan, identifier: str, title: str, type_: str,
             description: str = "", part_of: str = "", keywords: bool = True
             ) -> metadata.Description:
    """The description of a page or PDF of this plan (``keywords``: the priorities)."""
    return metadata.Description(
        identifier=identifier, title=title, type=type_,
        language=(config.language or "nl").split("_")[0],
        modified=text_date(config), municipalities=municipalities(plan, config),
        subject=config.jointplan_subject,
        keywords=tuple(p.title for p in plan.ordered_priorities) if keywords else (),
        description=description, version=words.version_phrase(config.release),
        part_of=part_of, reconstruction=config.jointplan_reconstruction,
        author=author(config))


def page_address(app: Sphinx, pagename: str) -> str:
    """The page's address: absolute with ``html_baseurl``, else from the site's root."""
    uri = app.builder.get_target_uri(pagename)
    base = app.config.html_baseurl
    return f"{base.rstrip('/')}/{uri}" if base else uri


def meta_tags(description: metadata.Description, kind: str) -> str:
    lines = [f'<meta name="{name}"{f" title={chr(34)}{scheme}{chr(34)}" if scheme else ""} '
             f'content="{html.escape(content)}" />'
             for name, scheme, content in metadata.owms_tags(description)]
    data = json.dumps(metadata.json_ld(description, kind), ensure_ascii=False, indent=1)
    # "</" cannot end the data block early.
    lines.append('<script type="application/ld+json">\n' + data.replace("</", "<\\/")
                 + "\n</script>")
    return "\n".join(lines) + "\n"


def add_page_metadata(app: Sphinx, pagename: str, templatename: str, context: dict,
                      doctree) -> None:
    """``html-page-context``: OWMS and JSON-LD in the page's ``<head>``."""
    config = app.config
    plan = ivp(app.env).plan
    # The title as HTML (it may hold markup, e.g. <code>), as text; the pages
    # Sphinx makes from a template alone have their title in the template.
    title = context.get("title") or context.get("indextitle") or \
        {"genindex": _("Index"), "search": _("Search")}.get(pagename) or plan_title(config)
    title = html.unescape(re.sub(r"<[^>]*>", "", str(title)))
    # No keywords: the priorities' titles on every page would make renaming one
    # rewrite every page (the PDFs, always built whole, carry them).
    # A page of a council's adopted text (jointplan.site.adoptedview): its own
    # address, that council as maker and area, and whose text it is.
    view = context.get("ivp_adopted_view")
    description = describe(config, plan, page_address(app, view.pagename if view else pagename),
                           title, config.jointplan_page_type, part_of=plan_title(config),
                           keywords=False, description=view.description if view else "")
    if view:
        description = dataclasses.replace(description, municipalities=tuple(
            m for m in description.municipalities if m.name == view.name))
    context["metatags"] = context.get("metatags", "") + meta_tags(description, "WebPage")


def rewrite_when_makers_change(app: Sphinx, env) -> list[str]:
    """``env-updated``: every page names the municipalities (makers and area), so a
    municipality added, removed, renamed or given another code rewrites every page
    not read again (an id alone is not shown: it changes none)."""
    domain = ivp(env)
    snapshot = domain.read_snapshot
    if snapshot is None or municipalities(snapshot.plan, app.config) \
            == municipalities(domain.plan, app.config):
        return []
    return sorted(env.found_docs - snapshot.read)
