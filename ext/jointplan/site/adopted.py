"""Each council's adopted text on the site (:mod:`jointplan.plan.adopted`), and where
the adopted texts differ.

- ``vastgesteld/<council>.html`` for every council with adopted amendments:
  "Tekst zoals vastgesteld door de raad van X": each paragraph its amendments
  changed, as adopted (the new words underlined, the old struck through, with
  words for screen readers), linked to the paragraph in the joint text and
  to the amendment; the priorities it added or dropped.
- ``vastgesteld/index.html``, "Waar de vastgestelde teksten verschillen": every
  paragraph and choice that differs between the joint text and a council's
  text, one column per council, so differences between councils show too.
- ``priorities-<council>.json``: the export of the plan as that council adopted
  it (the choices after its amendments), next to ``priorities.json``.
- On the council's chapter the status banner adds "vastgesteld met
  amendementen A1 en A3".

Everything is derived from the joint text and the amendments each build.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder

from ..checks.warnings import guarded
from ..plan import words
from ..plan.adopted import amended_plan, council_amendments, deviations, \
    differing_between_councils
from ..glue import decisions, export
from ..glue.domain import ivp
from ..glue.paragraphs import text_domain
from . import adoptedview
from .pages import chapter_of

FOLDER = adoptedview.FOLDER


def councils_with_amendments(app: Sphinx):
    """(municipality, its effective amendments) for councils that have any."""
    plan = ivp(app.env).plan
    amendments = text_domain(app.env).applied()
    for municipality in plan.ordered_municipalities:
        own = council_amendments(amendments, municipality.id)
        if own:
            yield municipality, own


def add_amended_status(app: Sphinx, pagename: str, templatename: str, context: dict,
                       doctree) -> None:
    """``html-page-context`` (after the status is set): a council's amendments."""
    if "ivp_status" not in context:
        return
    own = chapter_of(ivp(app.env).plan, pagename)
    if own is None:
        return
    numbers = [a.number for a in council_amendments(
        text_domain(app.env).applied(), own.id)]
    if numbers:
        context["ivp_status"] += " " + words.council_amended(own.name, numbers)
        # Under the chapter's title: a link to the council's whole adopted text
        # (its chapter there), when the site has it (jointplan.site.adoptedview).
        if adoptedview.wanted(app) and "body" in context \
                and not context.get("ivp_adopted_view"):
            view = context["pathto"](adoptedview.view_pagename(own.id, pagename))
            link = (f'<p class="ivp-adopted-link"><a href="{escape(view)}">'
                    f"{escape(words.VIEW_READ.format(name=own.name))}</a></p>")
            body = context["body"]
            at = body.find("</h1>")
            context["body"] = (body[:at + 5] + link + body[at + 5:] if at >= 0
                               else link + body)


def _marked(old: str, new: str) -> str:
    parts = []
    if old:
        parts.append(f'<del class="ivp-amended"><span class="ivp-changes-sr">'
                     f'[{words.CHANGES_DELETED[0]}] </span>{escape(old)}<span '
                     f'class="ivp-changes-sr"> [{words.CHANGES_DELETED[1]}]</span></del>')
    if new:
        parts.append(f'<ins class="ivp-amended"><span class="ivp-changes-sr">'
                     f'[{words.CHANGES_INSERTED[0]}] </span>{escape(new)}<span '
                     f'class="ivp-changes-sr"> [{words.CHANGES_INSERTED[1]}]</span></ins>')
    return " ".join(parts)


def adopted_pages(app: Sphinx):
    """``html-collect-pages``: the councils' adopted texts and the comparison."""
    if app.builder.format != "html":
        return []
    builder = app.builder
    plan = ivp(app.env).plan
    domain = text_domain(app.env)
    paragraphs = domain.by_id()
    texts = {pid: p.text for pid, p in paragraphs.items()}
    councils = list(councils_with_amendments(app))
    expected: set[str] = set()
    # What build-finished may keep under vastgesteld/ (remove_stale_views).
    adoptedview.state(builder).made = (expected, {m.id for m, _ in councils})
    if not councils:
        return []
    # The amendments as they count (sub-amendments applied), by council and number.
    amendment_at = {(a.council, a.number): a for _, own in councils for a in own}

    def href(page: str, docname: str, anchor: str) -> str:
        return f"{builder.get_relative_uri(page, docname)}#{anchor}"

    def amendment_link(page: str, council: str, number: str) -> str:
        amendment = amendment_at[council, number]
        return (f'<a href="{href(page, amendment.location.docname, amendment.anchor)}">'
                f"{escape(words.amendment_title(number))}</a>")

    def paragraph_link(page: str, paragraph_id: str) -> str:
        return (f'<a href="{href(page, paragraphs[paragraph_id].docname, paragraph_id)}">'
                f"{escape(words.paragraph_reference(paragraph_id))}</a>")

    def priority_title(priority_id: str) -> str:
        priority = plan.priority_by_id.get(priority_id)
        return priority.title if priority else priority_id

    pages = []
    found_by_council = {}
    for municipality, own in councils:
        page = f"{FOLDER}/{municipality.id}"
        found = deviations(domain.applied(), municipality.id, texts)
        found_by_council[municipality.id] = found
        # Each amended paragraph as the site renders it (its citations as the site shows them).
        rendered: dict[str, str] = {}
        amended_ids = [d.paragraph for d in found if d.paragraph]
        for docname in sorted({paragraphs[p].docname for p in amended_ids}):
            if isinstance(builder, StandaloneHTMLBuilder) and adoptedview.wanted(app):
                rendered.update(adoptedview.adopted_paragraphs(
                    builder, page, docname, own,
                    [p for p in amended_ids if paragraphs[p].docname == docname]))
        links = words.and_list([amendment_link(page, municipality.id, a.number) for a in own])
        whole = builder.get_relative_uri(page, adoptedview.view_pagename(
            municipality.id, app.config.root_doc))
        body = [f"<h1>{escape(words.adopted_title(municipality.name))}</h1>",
                f"<p>{words.ADOPTED_INTRO.format(name=escape(municipality.name), links=links)}</p>",
                f'<p><a href="{escape(whole)}">'
                f"{escape(words.VIEW_READ.format(name=municipality.name))}</a> · "
                f'<a href="index.html">{escape(words.DIFFERENCES_TITLE)}</a></p>',
                f'<p class="ivp-changes-legend">{escape(words.ADOPTED_LEGEND)}</p>',
                '<div class="ivp-changes">']
        for deviation in found:
            if deviation.paragraph:
                amendment = amendment_at[municipality.id, deviation.amendment]
                body.append(f'<section><h2>{paragraph_link(page, deviation.paragraph)}</h2>'
                            + rendered.get(deviation.paragraph,
                                           f"<p>{escape(deviation.adopted)}</p>") +
                            f"<p>{_marked(amendment.old, amendment.new)} "
                            f"({amendment_link(page, municipality.id, deviation.amendment)})"
                            "</p></section>")
            else:
                what = (words.DEVIATION_ADDED if deviation.added_choice
                        else words.DEVIATION_DROPPED).format(priority=escape(priority_title(
                            deviation.added_choice or deviation.dropped_choice)))
                link = amendment_link(page, municipality.id, deviation.amendment)
                body.append(f"<section><h2>{link}</h2><p>{what[0].upper()}{what[1:]}</p></section>")
        body.append("</div>")
        pages.append((page, {"title": words.adopted_title(municipality.name),
                             "body": "\n".join(body)}, "page.html"))
    amended = {m.id for m, _ in councils}
    for municipality in plan.ordered_municipalities:
        if municipality.id not in amended:  # its adopted text is the joint text: a notice
            page = adoptedview.council_page(municipality.id)
            pages.append((page, {"title": words.adopted_title(municipality.name),
                                 "body": adoptedview.notice_body(app, page, municipality)},
                          "page.html"))
    pages.append(comparison_page(plan, found_by_council, paragraph_link, amendment_link,
                                 priority_title))
    write_adopted_exports(app, councils)
    expected.update(page for page, _, _ in pages)
    expected.update(adoptedview.write_views(app, councils))
    return pages


def comparison_page(plan, found_by_council, paragraph_link, amendment_link, priority_title):
    page = f"{FOLDER}/index"
    places = differing_between_councils(found_by_council)
    councils = [m for m in plan.ordered_municipalities if m.id in found_by_council]
    head = f'<th scope="col">{escape(words.DIFFERENCE_JOINT_COLUMN)}</th>' + "".join(
        f'<th scope="col">{escape(m.name)}</th>' for m in councils)
    rows = []
    for key, by_council in places.items():
        if key.startswith("choice:"):
            label = escape(words.DIFFERENCE_CHOICE.format(priority=priority_title(key[7:])))
        else:
            label = paragraph_link(page, key)
        joint = next((d.joint for d in by_council.values() if d.paragraph), "")
        # A choice a council added was not in the joint text; one it dropped was.
        added = any(d.added_choice for d in by_council.values())
        in_joint = joint or (words.DIFFERENCE_NOT_CHOSEN if added else words.DIFFERENCE_CHOSEN)
        cells = [f"<td>{escape(in_joint)}</td>"]
        for municipality in councils:
            deviation = by_council.get(municipality.id)
            if deviation is None:
                cells.append(f"<td>{escape(words.DIFFERENCE_JOINT)}</td>")
            elif deviation.paragraph:
                cells.append(f"<td>{escape(deviation.adopted)} "
                             f"({amendment_link(page, municipality.id, deviation.amendment)})</td>")
            else:
                what = (words.DIFFERENCE_ADDED if deviation.added_choice
                        else words.DIFFERENCE_DROPPED)
                cells.append(f"<td>{escape(what)} "
                             f"({amendment_link(page, municipality.id, deviation.amendment)})</td>")
        rows.append(f'<tr><th scope="row">{label}</th>{"".join(cells)}</tr>')
    body = (f"<h1>{escape(words.DIFFERENCES_TITLE)}</h1>"
            f"<p>{escape(words.DIFFERENCES_INTRO)}</p>"
            '<div class="pst-scrollable-table-container"><table class="ivp-table">'
            f"<caption>{escape(words.DIFFERENCES_CAPTION)}</caption>"
            f'<thead><tr><th scope="col">{escape(words.DIFFERENCE_PLACE)}</th>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></div>"
            "<ul>" + "".join(
                f'<li><a href="{m.id}.html">{escape(words.adopted_title(m.name))}</a></li>'
                for m in plan.ordered_municipalities) + "</ul>")
    return page, {"title": words.DIFFERENCES_TITLE, "body": body}, "page.html"


def write_adopted_exports(app: Sphinx, councils) -> None:
    """``priorities-<council>.json``: the plan's data as that council adopted it."""
    if not app.config.jointplan_export_json:
        return
    builder = app.builder
    plan = ivp(app.env).plan

    def uri_of(docname: str, anchor: str) -> str:
        return f"{builder.get_target_uri(docname)}#{anchor}"

    outdir = Path(builder.outdir)
    for municipality, own in councils:
        # The same schema as priorities.json: the file's name says whose text it is.
        data = export.plan_as_data(amended_plan(plan, own), uri_of,
                                   lambda m: decisions.as_recorded(app.env, m))
        data.update(decisions.as_data(app.env))  # the lifecycle, parties and decisions
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        (outdir / f"priorities-{municipality.id}.json").write_text(text, encoding="utf-8")


def remove_stale_views(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: what an earlier build wrote under ``vastgesteld/`` (or as a
    council's export) and this one did not is removed, as a clean build lacks it."""
    made = adoptedview.state(app.builder).made
    if made is not None and exception is None and adoptedview.wanted(app):
        adoptedview.remove_stale(app, *made)


def setup_adopted(app: Sphinx) -> None:
    app.connect("html-page-context", add_amended_status, priority=600)
    app.connect("html-page-context", guarded(adoptedview.add_view_status), priority=650)
    app.connect("html-collect-pages", adopted_pages)
    app.connect("doctree-resolved", adoptedview.note_resolved)
    app.connect("build-finished", guarded(remove_stale_views))
