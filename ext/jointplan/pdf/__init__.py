"""The ``pdf`` builder: the full plan and one edition per council, with Typst.

Every document is resolved on its own (references, citations, the plan's
generated tables) and translated once to Typst markup (:mod:`.translator`).
An edition is then put together as Sphinx's LaTeX builder assembles its
document: the root document with each document its toctrees include in the
place of the toctree, leaving out the other councils' chapters in a council's
edition; links to what an edition leaves out become text. The template
``jointplan.typ`` lays out the pages, and :mod:`.render` exports PDF/UA-1 and
PDF/A-2a.

What the cover says comes from ``conf.py`` and the plan's declarations.
"""

from __future__ import annotations

import bisect
import datetime
import json
import os
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from docutils import nodes
from docutils.io import StringOutput
from docutils.utils import new_document
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.environment.adapters.asset import ImageAdapter
from sphinx.errors import NoUri
from sphinx.locale import __
from sphinx.util import logging
from sphinx.util.display import status_iterator
from sphinx.util.nodes import process_only_nodes

from .. import __version__
from ..checks.warnings import PlanWarning, fail, warn
from ..glue import buildversion
from ..glue.domain import ivp
from ..glue.nodes import choice_box, chosen_mark
from ..history.changes import GAP, shortened_lines
from ..plan import views, words
from ..plan.model import Plan
from .render import Job, PdfExportError, Renderer
from .translator import (LINK, Include, Translation, TypstTranslator, TypstWriter,
                         document_labels, marked_text, no_depart, visit_choice_box,
                         visit_chosen_mark)

logger = logging.getLogger(__name__)

HERE = Path(__file__).parent
TEMPLATE = HERE / "jointplan.typ"
FONTS = HERE / "fonts"
#: The pseudo-document of the changes appendix (see ``jointplan_pdf_changes``).
CHANGES_DOCNAME = "jointplan-changes"


#: What every edition's source begins with.
SOURCE_HEADER = f'#import "{TEMPLATE.name}": *\n#show: plan\n'


@dataclass
class Assembled:
    """An edition's Typst body, and what the builder needs to know of it as data."""

    markup: str
    #: the stub-column count of every table, in order (for render.add_row_headers)
    table_stubs: list[int]
    #: (line of the body, docname): from that line on, the markup is that document's
    starts: list[tuple[int, str]]


@dataclass
class Edition:
    """One PDF: which documents it holds and what its cover says."""

    key: str  # "plan", or the municipality's id (for jointplan_pdf_editions)
    slug: str  # file name without .pdf
    title: str
    subtitle: str
    status: str
    draft: bool
    keep: Callable[[str], bool] = field(default=lambda docname: True)


def source_date_epoch() -> int | None:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    return int(epoch) if epoch.isdigit() else None


def plan_date(config, text_stamp: int | None) -> str:
    """The date on the cover: the date of the text, not of the build.

    Configured (jointplan_pdf_date), else the release tag's date or the last
    commit that changed the chapters (``text_stamp``, see versions.current),
    else SOURCE_DATE_EPOCH (a copy outside git), else today.
    """
    if config.jointplan_pdf_date:
        return config.jointplan_pdf_date
    stamp = text_stamp if text_stamp is not None else source_date_epoch()
    day = (datetime.datetime.fromtimestamp(stamp, datetime.UTC).date()
           if stamp is not None else datetime.date.today())
    return words.decision_date(day.isoformat())


def plan_title(config) -> str:
    return config.jointplan_title or config.project


def plan_subtitle(config, plan: Plan) -> str:
    """``jointplan_subtitle`` with ``{count}`` as the number of municipalities in words."""
    count = words.number_word(len(plan.municipality_by_id))
    return config.jointplan_subtitle.replace("{count}", count)


def editions(plan: Plan, config, chapters: set[str],
             changed_since_adoption: dict[str, bool] | None = None) -> list[Edition]:
    """The full plan, then one edition per municipality's council.

    ``chapters`` are the municipality chapters (IvpDomain.municipality_chapters):
    a council's edition holds its own and none of the others.
    ``changed_since_adoption``: municipality id -> whether its edition's text
    differs from the release its council adopted (jointplan.releases).
    """
    changed_since_adoption = changed_since_adoption or {}
    name, title = config.jointplan_pdf_name, plan_title(config)
    status = views.status(plan)
    result = [Edition(
        key="plan", slug=name, title=title, subtitle=plan_subtitle(config, plan),
        status=status.text, draft=status.draft)]
    for municipality in plan.ordered_municipalities:
        def keep(docname: str, own: str = municipality.location.docname) -> bool:
            return docname not in chapters or docname == own

        council = views.council_status(municipality)
        result.append(Edition(
            key=municipality.id, slug=f"{name}-{municipality.id}",
            title=words.EDITION_TITLE.format(title=title, name=municipality.name),
            subtitle=words.EDITION_SUBTITLE.format(name=municipality.name),
            status=council.text
            + (words.CHANGED_AFTER_ADOPTION if changed_since_adoption.get(municipality.id)
               else ""),
            draft=council.draft, keep=keep))
    return result


class PdfBuilder(Builder):
    """Builds ``<name>.pdf`` and ``<name>-<municipality>.pdf`` into the output dir."""

    name = "pdf"
    format = "pdf"
    epilog = __("The PDF files are in %(outdir)s.")
    supported_image_types = ["image/svg+xml", "image/png", "image/jpeg", "image/gif"]
    supported_remote_images = False
    default_translator_class = TypstTranslator

    def init(self) -> None:
        self.docnames: set[str] = set()
        self.web_only: set[str] = set()
        self.resolved: dict[str, nodes.document] = {}
        self.translations: dict[str, Translation] = {}
        #: edition source -> (first line, docname) of each stretch of it (see assemble)
        self.sources: dict[Path, list[tuple[int, str]]] = {}
        #: docname -> the Typst labels its translation defines
        self.labels: dict[str, set[str]] = {}
        self.depths: dict[str, int] = {}
        self.text_stamp: int | None = None  # when the chapters last changed (git)

    def get_outdated_docs(self) -> str:
        return "all documents"  # every PDF holds every shared chapter

    def get_target_uri(self, docname: str, typ: str | None = None) -> str:
        if docname not in self.docnames and docname not in self.web_only:
            raise NoUri(docname, typ)
        # The translator maps this to a Typst label; links to pages that only
        # the website has (excluded pages, domain indices) become their text.
        return "%" + docname

    def get_relative_uri(self, from_: str, to: str, typ: str | None = None) -> str:
        return self.get_target_uri(to, typ)

    def prepare_writing(self, docnames: Iterable[str]) -> None:
        left_out = set(self.config.jointplan_pdf_exclude)
        self.docnames = {d for d in self.env.found_docs if d not in left_out}
        indices = {f"{domain.name}-{index.name}" for domain in self.env.domains.sorted()
                   for index in domain.indices}
        self.web_only = (left_out & set(self.env.found_docs)) | indices

    def write_documents(self, docnames) -> None:
        domain = ivp(self.env)
        plan = domain.plan
        config = self.config
        wanted = set(config.jointplan_pdf_editions)
        chosen = [e for e in editions(plan, config, set(domain.municipality_chapters()),
                                      domain.adopted_text_changed)
                  if not wanted or e.key in wanted]
        self.prepare_documents()
        self.changes_appendix()
        # Asked of git once, when the build started: the covers' date and,
        # without SOURCE_DATE_EPOCH, the PDFs' timestamp (reproducible either way).
        self.text_stamp = buildversion.of(self.config).timestamp
        outdir = Path(self.outdir)
        shutil.copyfile(TEMPLATE, outdir / TEMPLATE.name)
        jobs = []
        for edition in chosen:
            assembled = self.assemble(edition)
            source = outdir / f"{edition.slug}.typ"
            source.write_text(f'{SOURCE_HEADER}{assembled.markup}\n', encoding="utf-8")
            self.sources[source] = assembled.starts
            # What the cover and margins say, as data the template reads (so
            # `typst compile --input jointplan=<slug>.json <slug>.typ` in the
            # build folder gives the same PDF).
            cover = outdir / f"{edition.slug}.json"
            cover.write_text(json.dumps(self.cover(edition, plan), ensure_ascii=False,
                                        indent=1), encoding="utf-8")
            jobs.append(Job(source, outdir / f"{edition.slug}.pdf", {"jointplan": cover.name},
                            assembled.table_stubs))
        self.copy_image_files()
        self.render(jobs)

    # -- documents and editions -----------------------------------------------

    def prepare_documents(self) -> None:
        """Resolve and translate every document the PDFs can hold, once."""
        order = self.toctree_order()
        for docname in order:
            tree = self.env.get_doctree(docname)
            process_only_nodes(tree, self.tags)
            self.env.resolve_references(tree, docname, self)
            self.post_process_images(tree)
            self.resolved[docname] = tree
            self.labels[docname] = document_labels(tree, docname)
        for docname in status_iterator(order, __("writing Typst source... "), "darkgreen",
                                       len(order), self.config.verbosity):
            self.translations[docname] = self.translate(self.resolved[docname], docname)

    def toctree_order(self) -> list[str]:
        """The documents the root's toctrees reach, in reading order, with depths."""
        order: list[str] = []

        def visit(docname: str, depth: int) -> None:
            order.append(docname)
            self.depths[docname] = depth
            for entry in self.env.toctree_includes.get(docname, ()):
                if entry in self.docnames and entry not in self.depths:
                    visit(entry, depth + 1)

        visit(self.config.root_doc, 0)
        return order

    def translate(self, tree: nodes.document, docname: str) -> Translation:
        tree["docname"], tree["depth"] = docname, self.depths.get(docname, 1)
        writer = TypstWriter(self)
        writer.write(tree, StringOutput(encoding="utf-8"))
        return writer.translation

    def assemble(self, edition: Edition) -> Assembled:
        """An edition's Typst body: the documents it holds, in reading order, then
        the changes appendix; with its tables' stub counts and where each
        document's markup stands, all from the translations' data."""
        pieces: list[str] = []
        stubs: list[int] = []
        starts: list[tuple[int, str]] = []
        included: set[str] = set()
        line = 0

        def expand(docname: str) -> None:
            nonlocal line
            included.add(docname)
            starts.append((line, docname))
            for part in self.translations[docname].parts:
                if isinstance(part, Include):
                    entry = part.docname
                    if entry not in included and entry in self.translations \
                            and entry != CHANGES_DOCNAME and edition.keep(entry):
                        expand(entry)
                        starts.append((line, docname))  # the including document goes on
                else:
                    pieces.append(part.markup)
                    stubs.extend(part.table_stubs)
                    line += part.markup.count("\n")

        expand(self.config.root_doc)
        if CHANGES_DOCNAME in self.translations:
            expand(CHANGES_DOCNAME)
        present = set().union(*(self.labels[docname] for docname in included))
        # "#[text]" is the link's text as plain content. The tokens are the
        # translator's, of characters no escaped text holds (see LINK).
        body = LINK.sub(lambda m: f"#link(<{m.group(1)}>)" if m.group(1) in present else "#",
                        "".join(pieces))
        return Assembled(body, stubs, starts)

    def changes_appendix(self) -> None:
        """The report of `make changes` as the last chapter, when asked for.

        The summary of priorities and choices, then each changed section with
        its insertions underlined and deletions struck through. A report from
        before the text was compared (only base and lines) gives the summary.
        """
        if not self.config.jointplan_pdf_changes:
            return
        path = Path(self.confdir) / self.config.jointplan_pdf_changes
        try:
            changes = json.loads(path.read_text(encoding="utf-8"))
            base, lines = str(changes["base"]), [str(line) for line in changes["lines"]]
            sections = [changed_section(entry, n)
                        for n, entry in enumerate(changes.get("sections", ()), 1)]
        except (OSError, ValueError, KeyError, TypeError) as error:
            warn(PlanWarning.INVALID_VALUE,
                 f"jointplan_pdf_changes: cannot read {path} ({error}); run "
                 "'make changes BASE=<version>' first.", None)
            return
        title = words.changes_since(base)
        document = new_document(str(path), self.resolved[self.config.root_doc].settings)
        section = nodes.section("", nodes.title(title, title), ids=["wijzigingen"])
        if "sections" in changes:
            text = words.CHANGES_LEGEND if sections else words.CHANGES_NO_TEXT
            section += nodes.paragraph(text, text)
        items = nodes.bullet_list()
        for line in lines:
            items += nodes.list_item("", nodes.paragraph(line, line))
        section += items
        section.extend(sections)
        document += section
        self.depths[CHANGES_DOCNAME] = 1
        self.labels[CHANGES_DOCNAME] = document_labels(document, CHANGES_DOCNAME)
        self.translations[CHANGES_DOCNAME] = self.translate(document, CHANGES_DOCNAME)

    def cover(self, edition: Edition, plan: Plan) -> dict:
        """What the template prints on the cover and in the page margins."""
        config = self.config
        version = config.release or config.version
        return {
            "title": plan_title(config),  # the edition says so in its subtitle
            "document-title": edition.title,
            "subtitle": edition.subtitle,
            "kicker": config.jointplan_kicker,
            "municipalities": [m.name for m in plan.ordered_municipalities],
            "version": version,
            "status": edition.status,
            "draft": edition.draft,
            "date": plan_date(config, self.text_stamp),
            # Said on the cover when this text is not the one the councils adopted.
            "note": words.RECONSTRUCTION if config.jointplan_reconstruction else "",
            "author": [config.author] if config.author else [],
            "keywords": [p.title for p in plan.ordered_priorities],
            # The version in the file's own metadata too (PDF Subject, XMP description).
            "description": ", ".join(filter(None, [edition.title,
                                                   words.version_phrase(version)])),
            "footer": plan_title(config),
            # Typst hyphenates by this; the words the extension adds are Dutch.
            "lang": (config.language or "nl").split("_")[0].split("-")[0],
            "labels": {"contents": words.CONTENTS, "version": words.VERSION,
                       "status": words.STATUS, "date": words.DATE, "text": words.TEXT,
                       "page": words.PAGE_OF, "draft": words.DRAFT},
        }

    # -- output ------------------------------------------------------------------

    def copy_image_files(self) -> None:
        if not self.images:
            return
        folder = Path(self.outdir) / "_images"
        folder.mkdir(exist_ok=True)
        original = ImageAdapter(self.env).get_original_image_uri
        for source, name in self.images.items():
            try:
                shutil.copyfile(Path(self.srcdir) / source, folder / name)
            except OSError as error:
                logger.warning(__("cannot copy image file %r: %s"), original(source), error)

    def render(self, jobs: list[Job]) -> None:
        epoch = source_date_epoch()
        renderer = Renderer(Path(self.outdir), FONTS,
                            epoch if epoch is not None else self.text_stamp)
        workers = min(len(jobs), self.config.jointplan_pdf_workers or os.cpu_count() or 1)
        logger.info(__("exporting %d PDF files (PDF/UA-1, PDF/A-2a) with %d worker(s)..."),
                    len(jobs), workers)
        for job, outcome in renderer.render_all(jobs, workers):
            logger.info("  " + job.target.name)
            if isinstance(outcome, PdfExportError):
                # An error at the document the refused markup came from, and a
                # failed build (checks.warnings.fail_on_errors), without the
                # traceback Sphinx prints for an exception (the message says
                # all there is to say).
                fail(PlanWarning.PDF_ENGINE, str(outcome), (self.docname_at(outcome), None))
                continue
            for message in outcome:
                warn(PlanWarning.PDF_ENGINE, f"{job.target.name}: {message}",
                     (self.config.root_doc, None))

    def docname_at(self, refusal: PdfExportError) -> str:
        """The document whose markup holds the given line of an edition's source."""
        starts = self.sources.get(refusal.source, [])
        if refusal.line is None or not starts:
            return self.config.root_doc
        body_line = refusal.line - 1 - SOURCE_HEADER.count("\n")
        index = bisect.bisect_right([start for start, _ in starts], body_line) - 1
        return starts[max(index, 0)][1]

    def finish(self) -> None:
        pass


def changed_section(entry: dict, number: int) -> nodes.section:
    """One section of the change report: where it stands, what it is, its text."""
    title = str(entry["title"])
    chapter = str(entry.get("chapter") or "")
    if chapter and chapter != title:
        title = f"{chapter}: {title}"
    section = nodes.section("", nodes.title(title, title), ids=[f"wijzigingen-{number}"])
    kind = words.CHANGES_KIND[entry["kind"]] + "."
    section += nodes.paragraph(kind, "", nodes.emphasis(kind, kind))
    for line in shortened_lines(entry["segments"]):
        paragraph = nodes.paragraph()
        for op, text in line:
            if op in MARKED:
                paragraph += MARKED[op](text, text)
            else:
                paragraph += nodes.Text(GAP if op == GAP else text)
        section += paragraph
    return section


class inserted_text(nodes.inline):
    """Text the changes appendix marks as inserted."""


class deleted_text(nodes.inline):
    """Text the changes appendix marks as deleted."""


#: How the changes appendix marks inserted and deleted text.
MARKED = {"+": inserted_text, "-": deleted_text}


def setup(app: Sphinx) -> dict:
    """Loaded by Sphinx through the ``sphinx.builders`` entry point for ``-b pdf``."""
    app.setup_extension("jointplan")
    app.add_builder(PdfBuilder)
    # The extension's own nodes, as the PDF shows them (other writers treat
    # them as the container or inline they are).
    app.add_node(choice_box, pdf=(visit_choice_box, no_depart))
    app.add_node(chosen_mark, pdf=(visit_chosen_mark, no_depart))
    app.add_node(inserted_text, pdf=marked_text("inserted"))
    app.add_node(deleted_text, pdf=marked_text("deleted"))
    app.add_config_value("jointplan_title", "", "env", types=frozenset({str}),
                         description="The plan's title on the cover and in the footer; "
                                     "default: project.")
    app.add_config_value("jointplan_subtitle", "", "env", types=frozenset({str}),
                         description="Subtitle of the full plan; {count} becomes the "
                                     "number of municipalities in words.")
    app.add_config_value("jointplan_kicker", "", "env", types=frozenset({str}),
                         description="Short line above the title on the cover (the region).")
    app.add_config_value("jointplan_pdf_date", "", "env", types=frozenset({str}),
                         description="Date on the cover; default the date of the last "
                                     "commit that changed the chapters.")
    app.add_config_value("jointplan_pdf_editions", [], "", types=frozenset({list}),
                         description="Which PDFs to build: 'plan' for the full plan and "
                                     "municipality ids for council editions; empty = all.")
    app.add_config_value("jointplan_pdf_workers", 0, "", types=frozenset({int}),
                         description="Editions compiled side by side; 0 = one per core.")
    app.add_config_value("jointplan_pdf_changes", "", "", types=frozenset({str}),
                         description="wijzigingen.json of `make changes`, relative to "
                                     "conf.py: added to every PDF as an appendix.")
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
