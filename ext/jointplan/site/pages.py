"""The reviewers' site: Dutch interface words, and the plan's status on every page.

- pydata-sphinx-theme ships no Dutch catalogue, so the site mixed English
  ("On this page", "Section Navigation") with Dutch. The extension adds one
  (``locale/nl/LC_MESSAGES/sphinx.po``, compiled when loaded) to Sphinx's
  ``sphinx`` domain, where the theme looks its words up.
- Every HTML page gets ``ivp_status``: the plan's lifecycle status in the same
  words as the PDF covers, and on a municipality's chapter that council's own
  decision (:func:`jointplan.plan.views.status`). A template shows it as a banner.
- ``ivp_downloads``: the landing page links the full plan's PDF and every
  council edition, a municipality's chapter its own edition (``make`` copies
  the PDFs into the site's ``pdf/`` folder).
- ``ivp_edit_url`` and ``ivp_feedback_url``: the chapter's source on the forge
  and a new issue prefilled with the page's title and address, when
  ``jointplan_repository`` is configured.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote, urlencode

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from sphinx.application import Sphinx

from ..glue import buildversion
from ..glue import decisions
from ..glue.domain import ivp
from ..history import releases, reports
from ..plan import words
from ..plan.model import Municipality, Plan

LOCALE = Path(__file__).parent.parent / "locale"


def add_interface_catalogue(app: Sphinx) -> None:
    """Compile the shipped .po files: the theme's words ('sphinx') and the extension's."""
    target = Path(app.doctreedir) / "jointplan-locale"
    for po in LOCALE.glob("*/LC_MESSAGES/*.po"):
        mo = target / po.relative_to(LOCALE).with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        mo.parent.mkdir(parents=True, exist_ok=True)
        with po.open("rb") as source:
            catalog = read_po(source)
        with mo.open("wb") as out:
            write_mo(out, catalog)
    app.add_message_catalog("sphinx", str(target))
    # The extension's own messages (English ids, jointplan.po per language).
    app.add_message_catalog("jointplan", str(target))


def chapter_of(plan: Plan, pagename: str) -> Municipality | None:
    """The municipality whose chapter this page is, or None."""
    return next((m for m in plan.ordered_municipalities
                 if m.location.docname == pagename), None)


def add_status(app: Sphinx, pagename: str, templatename: str, context: dict,
               doctree) -> None:
    """``html-page-context``: the adoption status, for the status banner."""
    plan = ivp(app.env).plan
    version = buildversion.of(app.config)
    context["ivp_version"] = version.slug
    context["ivp_versions_json"] = app.config.jointplan_versions_json
    # What the banner shows of the decisions is one view (jointplan.plan.views.status),
    # which the incremental build compares too (jointplan.glue.incremental).
    status = decisions.status(app.env)
    if not status.text:
        return
    lines = [words.site_version(app.config.release), status.text + "."]
    council = status.council(pagename)
    if council is not None:
        lines.append(f"{council.name}: {council.text[0].lower()}{council.text[1:]}.")
    own = chapter_of(plan, pagename)
    if own is not None:
        recorded = decisions.as_recorded(app.env, own)
        context["ivp_adoption_notice"] = adoption_notice(app, recorded, version, context)
    if app.config.jointplan_reconstruction:
        lines.append(words.RECONSTRUCTION)
    context["ivp_status"] = " ".join(lines)
    context["ivp_status_draft"] = status.draft


def adoption_notice(app: Sphinx, own, version, context: dict) -> tuple[str, ...] | None:
    """(text, link to the change report, its words) on a council's chapter, when
    its adopted release is known: whether this text is, or differs from, it.
    ``own``: the municipality as its decisions record it (decisions.as_recorded)."""
    changed = releases.since_adoption(app.env, own)
    if changed is None:
        return None
    adopted = words.adopted_version(own)
    if changed:
        return (words.ADOPTED_CHANGED.format(name=own.name, version=adopted),
                context["pathto"](
                    f"{reports.CHANGES_FOLDER}/{reports.report_name(own.council_version)}"),
                words.CHANGES_LINK)
    if version.tag is not None and version.tag.name == own.council_version:
        return words.ADOPTED_SAME.format(name=own.name, version=adopted), "", ""
    return words.ADOPTED_UNCHANGED.format(name=own.name, version=adopted), "", ""


#: Where ``make`` puts the PDFs in the site (see the Makefile).
PDF_FOLDER = "pdf"


def add_links(app: Sphinx, pagename: str, templatename: str, context: dict,
              doctree) -> None:
    """``html-page-context``: downloads, 'edit this page' and 'comment on this page'."""
    config = app.config
    plan = ivp(app.env).plan
    pathto = context["pathto"]

    def pdf(slug: str) -> str:
        return pathto(f"{PDF_FOLDER}/{slug}.pdf", 1)

    def edition(municipality) -> tuple[str, str]:
        return (words.DOWNLOAD_EDITION.format(name=municipality.name),
                pdf(f"{config.jointplan_pdf_name}-{municipality.id}"))

    own = chapter_of(plan, pagename)
    if pagename == config.root_doc:
        context["ivp_downloads"] = [(words.DOWNLOAD_PLAN, pdf(config.jointplan_pdf_name)),
                                    *map(edition, plan.ordered_municipalities)]
    elif own is not None:
        context["ivp_downloads"] = [edition(own)]
    repository = config.jointplan_repository.rstrip("/")
    if not repository or pagename not in app.env.found_docs:
        return
    source = Path(app.env.doc2path(pagename)).resolve()
    try:
        relative = source.relative_to(Path(app.confdir).resolve()).as_posix()
    except ValueError:
        return
    context["ivp_edit_url"] = (f"{repository}/edit/{quote(config.jointplan_repository_branch)}"
                               f"/{quote(relative)}")
    title = context.get("title", pagename)
    address = (config.html_baseurl.rstrip("/") + "/" if config.html_baseurl else "") + \
        f"{pagename}.html"
    body = words.FEEDBACK_BODY.format(title=title, address=address, source=relative)
    context["ivp_feedback_url"] = (f"{repository}/issues/new?"
                                   + urlencode({"title": f"{words.FEEDBACK_TITLE}: {title}",
                                                "body": body}))
