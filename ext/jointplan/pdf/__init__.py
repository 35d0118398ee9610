"""The ``pdf`` builder: the full plan and one edition per council, with Typst.

Every document is resolved on its own (references, citations, the plan's
generated tables) and translated once to Typst markup (:mod:`.translator`),
as data: segments of markup with the stub columns of their tables, and where
a toctree includes another document. An edition is then put together from
that data as Sphinx's LaTeX builder assembles its document: the root document
with each document its toctrees include in the place of the toctree, leaving
out the other councils' chapters in a council's edition; the builder keeps
where each document's markup starts (to locate a refusal of Typst) and the
tables' stub columns (for the row headers), and never reads the markup back.
Links to what an edition leaves out become text (the template's ``doc-link``,
from the documents the cover data lists). The template ``jointplan.typ`` lays
out the pages, and :mod:`.render` exports PDF/UA-1 and PDF/A-2a.

What the cover says comes from ``conf.py`` and the plan's declarations.
"""

from __future__ import annotations

import bisect
import datetime
import hashlib
import json
import os
import shutil
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from docutils import nodes
from docutils.io import StringOutput
from docutils.utils import new_document
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.environment.adapters.asset import ImageAdapter
from sphinx.errors import NoUri
from sphinx.locale import __, get_translation
from sphinx.util import logging
from sphinx.util.display import status_iterator
from sphinx.util.nodes import process_only_nodes

from .. import __version__
from ..plan import words
from ..glue import buildversion
from ..glue import decisions, tables
from ..glue.decisions import decision_timeline, pdf_fact
from ..glue.domain import ivp
from ..glue.nodes import choice_box, chosen_mark, deleted, deleted_text, inserted, \
    inserted_text
from ..history.changes import GAP, shortened_lines
from ..plan.metadata import xmp_fields
from ..plan.model import Plan
from ..checks.warnings import PlanWarning, warn
from . import adopted as adopted_pdfs
from . import amendments as amendment_pdfs
from . import destinations
from .metadata import edition_description
from .publication import write_publication
from .render import Job, PdfExportError, Renderer
from .translator import (Include, Translation, TranslatedUnit, TypstTranslator, TypstWriter,
                         document_labels, marked_text, visit_choice_box, visit_chosen_mark,
                         visit_decision_timeline, visit_pdf_fact)

_ = get_translation("jointplan")

logger = logging.getLogger(__name__)

HERE = Path(__file__).parent
TEMPLATE = HERE / "jointplan.typ"
FONTS = HERE / "fonts"
#: The pseudo-document of the changes appendix (see ``jointplan_pdf_changes``).
CHANGES_DOCNAME = "jointplan-changes"


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
    #: What it holds and where the rest is (council editions), or where the site
    #: is (the full plan); followed by ``site``, the site's address, when known.
    contents: str = ""
    site: str = ""
    #: A raadsvoorstel: its own page is the document, the council's edition
    #: (``appendix``, a slug) its appendix.
    root: str = ""  # the document the edition starts from; "" for the plan's root
    appendix: str = ""
    municipality: str = ""
    #: docname -> its translation for this edition only (a council's adopted
    #: text, see jointplan.pdf.adopted); others share the plan's translation.
    overrides: dict[str, Translation] = field(default_factory=dict)
    #: A last chapter of this edition only (its deviations from the joint text).
    deviations: Translation | None = None
    #: A document of its own, not of the plan's toctree (an amendment).
    document: Translation | None = None

    @property
    def proposal(self) -> bool:
        return bool(self.appendix)


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


def site_url(config) -> str:
    """The published site's address: jointplan_site_url, else html_baseurl, else ''."""
    return (config.jointplan_site_url or config.html_baseurl or "").strip()


def edition_contents(config, name: str | None) -> str:
    """A council edition: what it holds and where the rest is; the full plan: where
    the site is. Followed by the site's address when it ends in 'staat op'."""
    url = site_url(config)
    if name is None:
        return words.PLAN_AT if url else ""
    rest = words.REST_AT if url else words.REST_ELSEWHERE
    return f"{words.EDITION_CONTENTS.format(name=name)} {rest}"


def plan_subtitle(config, plan: Plan) -> str:
    """``jointplan_subtitle`` with ``{count}`` as the number of municipalities in words."""
    count = words.number_word(len(plan.municipality_by_id))
    return config.jointplan_subtitle.replace("{count}", count)


def editions(plan: Plan, config, chapters: set[str],
             changed_since_adoption: dict[str, bool] | None = None,
             env=None) -> list[Edition]:
    """The full plan, then one edition per municipality's council, then the
    raadsvoorstel to each council that has one.

    ``chapters`` are the municipality chapters (IvpDomain.municipality_chapters):
    a council's edition holds its own and none of the others.
    ``changed_since_adoption``: municipality id -> whether its edition's text
    differs from the release its council adopted (jointplan.releases).
    ``env``: the status and the raadsvoorstellen come from its recorded
    decisions (jointplan.glue.decisions).
    """
    changed_since_adoption = changed_since_adoption or {}
    name, title = config.jointplan_pdf_name, plan_title(config)
    recorded = (lambda m: decisions.as_recorded(env, m)) if env is not None else (lambda m: m)
    proposals = decisions.proposals(env) if env is not None else {}
    folder = config.jointplan_proposal_dir.strip("/") + "/"

    def in_plan(docname: str) -> bool:
        return not docname.startswith(folder)

    result = [Edition(
        key="plan", slug=name, title=title, subtitle=plan_subtitle(config, plan),
        status=(decisions.status_text(env) if env is not None
                else words.plan_status(plan.ordered_municipalities)),
        draft=decisions.is_draft(env) if env is not None else plan.not_adopted_by_some,
        keep=in_plan, contents=edition_contents(config, None), site=site_url(config))]
    for municipality in plan.ordered_municipalities:
        def keep(docname: str, own: str = municipality.location.docname) -> bool:
            return in_plan(docname) and (docname not in chapters or docname == own)

        result.append(Edition(
            key=municipality.id, slug=f"{name}-{municipality.id}",
            title=words.EDITION_TITLE.format(title=title, name=municipality.name),
            subtitle=words.EDITION_SUBTITLE.format(name=municipality.name),
            status=words.council_status(recorded(municipality))
            + (words.CHANGED_AFTER_ADOPTION if changed_since_adoption.get(municipality.id)
               else ""),
            draft=recorded(municipality).adoption == "not-adopted", keep=keep,
            contents=edition_contents(config, municipality.name), site=site_url(config)))
    for municipality in plan.ordered_municipalities:
        docname = proposals.get(municipality.id)
        if docname is None:
            continue
        result.append(Edition(
            key=f"{PROPOSAL}-{municipality.id}", slug=f"{name}-{PROPOSAL}-{municipality.id}",
            title=words.PROPOSAL_TITLE.format(name=municipality.name),
            subtitle=words.EDITION_SUBTITLE.format(name=municipality.name),
            status=words.council_status(recorded(municipality)), draft=False,
            keep=docname.__eq__, root=docname,
            appendix=f"{name}-{municipality.id}", municipality=municipality.name))
    return result


@dataclass
class Assembled:
    """An edition's Typst body, and what the builder needs to know of it, as data."""

    markup: str
    #: the stub-column count of every table, in order (for render.add_row_headers)
    table_stubs: list[int]
    #: whether it marks citable paragraphs (jointplan.pdf.destinations)
    destinations: bool
    #: (line of the body, docname): from that line on, the markup is that document's
    starts: list[tuple[int, str]]
    #: the documents it holds, in reading order
    documents: list[str]


def source_header(template: str) -> str:
    """What an edition's Typst source starts with, before its body."""
    return f'#import "{TEMPLATE.name}": *\n#show: {template}\n'


#: The key and file-name part of a raadsvoorstel edition ("<name>-raadsvoorstel-<id>").
PROPOSAL = "raadsvoorstel"


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
        #: edition source -> (first line of the body, docname) of each stretch of it
        self.sources: dict[Path, list[tuple[int, str]]] = {}
        #: docname -> the Typst labels its translation defines
        self.labels: dict[str, set[str]] = {}
        self.depths: dict[str, int] = {}
        #: The units of generated content translated so far (TypstTranslator.keep_unit)
        self.units: tables.TranslatedUnits[TranslatedUnit] = tables.TranslatedUnits()
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
        plan: Plan = domain.plan
        config = self.config
        wanted = set(config.jointplan_pdf_editions)
        every = editions(plan, config, set(domain.municipality_chapters()),
                         domain.data.get("adopted_text_changed", {}), self.env)
        chosen = [e for e in every if not wanted or e.key in wanted
                  # a raadsvoorstel names its appendix's SHA-256: build that too
                  or any(p.appendix == e.slug and p.key in wanted for p in every)]
        self.prepare_documents()
        adopted_pdfs.prepare(self, chosen, plan)  # councils' amendments
        appendix = self.changes_appendix()
        # Asked of git once, when the build started: the covers' date and,
        # without SOURCE_DATE_EPOCH, the PDFs' timestamp (reproducible either way).
        self.text_stamp = buildversion.of(self.config).timestamp
        outdir = Path(self.outdir)
        shutil.copyfile(TEMPLATE, outdir / TEMPLATE.name)
        self.copy_image_files()
        # The plan and its editions first: a raadsvoorstel names the SHA-256 of
        # its council's edition.
        # Each amendment as a document of its own (jointplan.pdf.amendments).
        amendments = amendment_pdfs.write_sources(self, plan, wanted, plan_title(config))
        first = [e for e in chosen if not e.proposal]
        for batch in (first, [e for e in chosen if e.proposal]):
            if batch is first:
                batch = batch + amendments
            jobs = []
            for edition in batch:
                # A raadsvoorstel and an amendment are documents of their own.
                appended = [] if edition.proposal or edition.document else [
                    t for t in (edition.deviations, appendix) if t is not None]
                assembled = self.assemble(edition, appended)
                body = assembled.markup
                if assembled.destinations:
                    body += destinations.COLLECT  # where each citable paragraph is
                source = outdir / f"{edition.slug}.typ"
                template = "proposal" if edition.proposal else "plan"
                source.write_text(f"{source_header(template)}{body}\n", encoding="utf-8")
                self.sources[source] = assembled.starts
                # What the cover and margins say, as data the template reads (so
                # `typst compile --input jointplan=<slug>.json <slug>.typ` in the
                # build folder gives the same PDF).
                cover = outdir / f"{edition.slug}.json"
                cover.write_text(json.dumps(self.cover(edition, plan, assembled.documents),
                                            ensure_ascii=False, indent=1), encoding="utf-8")
                write_publication(outdir, config, plan, edition.key, edition.slug,
                                  edition.title, decisions.register(self.env))
                jobs.append(Job(source, outdir / f"{edition.slug}.pdf",
                                {"jointplan": cover.name}, assembled.table_stubs,
                                xmp=xmp_fields(edition_description(config, plan, edition)),
                                destinations=assembled.destinations))
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
        # A raadsvoorstel is a document of its own: its title is a part's.
        for docname in decisions.proposals(self.env).values():
            if docname not in self.docnames:
                continue
            if docname not in self.depths:
                order.append(docname)
            self.depths[docname] = 1
        return order

    def translate(self, tree: nodes.document, docname: str) -> Translation:
        tree["docname"], tree["depth"] = docname, self.depths.get(docname, 1)
        writer = TypstWriter(self)
        writer.write(tree, StringOutput(encoding="utf-8"))
        assert writer.translation is not None  # set by write()
        return writer.translation

    def assemble(self, edition: Edition, appended: Sequence[Translation] = ()) -> Assembled:
        """An edition's Typst body: the documents it holds, in reading order, then
        the ``appended`` chapters; with its tables' stub counts, where each
        document's markup starts and which documents it holds, all from the
        translations' data."""
        pieces: list[str] = []
        stubs: list[int] = []
        starts: list[tuple[int, str]] = []
        included: list[str] = []
        line, marks = 0, 0

        def expand(translation: Translation) -> None:
            nonlocal line, marks
            included.append(translation.docname)
            starts.append((line, translation.docname))
            for part in translation.parts:
                if isinstance(part, Include):
                    entry = part.docname
                    if entry not in included and entry in self.translations \
                            and edition.keep(entry):
                        expand(edition.overrides.get(entry, self.translations[entry]))
                        starts.append((line, translation.docname))  # it goes on
                    continue
                pieces.append(part.markup)
                stubs.extend(part.table_stubs)
                marks += part.destinations
                line += part.markup.count("\n")

        root = edition.root or self.config.root_doc
        expand(edition.document or edition.overrides.get(root, self.translations[root]))
        for translation in appended:
            expand(translation)
        return Assembled("".join(pieces), stubs, marks > 0, starts, included)

    def changes_appendix(self) -> Translation | None:
        """The report of `make changes` as the last chapter, when asked for.

        The summary of priorities and choices, then each changed section with
        its insertions underlined and deletions struck through. A report from
        before the text was compared (only base and lines) gives the summary.
        """
        if not self.config.jointplan_pdf_changes:
            return None
        path = Path(self.confdir) / self.config.jointplan_pdf_changes
        try:
            changes = json.loads(path.read_text(encoding="utf-8"))
            base, lines = str(changes["base"]), [str(line) for line in changes["lines"]]
            sections = [changed_section(entry, n)
                        for n, entry in enumerate(changes.get("sections", ()), 1)]
        except (OSError, ValueError, KeyError, TypeError) as error:
            warn(PlanWarning.INVALID_VALUE,
                 _("jointplan_pdf_changes: cannot read {path} ({error}); run "
                   "'make changes BASE=<version>' first.").format(path=path, error=error),
                 None)
            return None
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
        return self.translate(document, CHANGES_DOCNAME)

    def cover(self, edition: Edition, plan: Plan, documents: list[str]) -> dict:
        """What the template prints on the cover and in the page margins, and the
        ``documents`` the edition holds (a link to another is printed as text)."""
        config = self.config
        version = config.release or config.version
        reconstruction = config.jointplan_reconstruction
        released = buildversion.of(config).tag is not None and not config.jointplan_pdf_date
        return {
            "title": plan_title(config),  # the edition says so in its subtitle
            # The file's own title (and the viewer's window) says what it is.
            "document-title": edition.title + (f" ({words.RECONSTRUCTION_SHORT})"
                                               if reconstruction else ""),
            "subtitle": edition.subtitle,
            "kicker": config.jointplan_kicker,
            "municipalities": [m.name for m in plan.ordered_municipalities],
            "version": version,
            "status": edition.status,
            "draft": edition.draft,
            "date": plan_date(config, self.text_stamp),
            # Said on the cover when this text is not the one the councils adopted.
            "note": words.RECONSTRUCTION if reconstruction else "",
            # What the edition holds; the site's address follows it as a link.
            "contents": edition.contents,
            "site": edition.site,
            # Who made this text, for the PDF Info and XMP: as its pages and its
            # publication package say (the municipalities, or a reconstruction's author).
            "author": list(edition_description(config, plan, edition).makers.names),
            "keywords": [p.title for p in plan.ordered_priorities],
            # What it is, its version and status in the file's own metadata too
            # (PDF Subject, XMP description): an archive or a search engine shows these.
            "description": " ".join(filter(None, [
                f"{edition.title}.", words.RECONSTRUCTION if reconstruction else "",
                f"{edition.contents} {edition.site}." if edition.site else edition.contents,
                words.site_version(version), f"{edition.status}."])),
            "footer": plan_title(config),
            # Typst hyphenates by this; the words the extension adds are Dutch.
            "lang": (config.language or "nl").split("_")[0].split("-")[0],
            "labels": {"contents": words.CONTENTS, "version": words.VERSION,
                       "status": words.STATUS, "text": words.TEXT,
                       "date": words.RELEASE_DATE if released else words.TEXT_DATE,
                       "edition": words.EDITION if edition.key != "plan" else words.WEBSITE,
                       "page": words.PAGE_OF, "draft": words.DRAFT,
                       "appendix": words.PROPOSAL_APPENDIX, "sha256": words.PROPOSAL_SHA256},
            "documents": documents,
            **(self.proposal_cover(edition, version) if edition.proposal else {}),
        }

    def proposal_cover(self, edition: Edition, version: str) -> dict:
        """A raadsvoorstel's facts: the council, the version, and its appendix
        (the council's edition of this build) with that file's SHA-256."""
        appendix = Path(self.outdir) / f"{edition.appendix}.pdf"
        digest = (hashlib.sha256(appendix.read_bytes()).hexdigest() if appendix.is_file()
                  else words.PROPOSAL_NOT_BUILT)
        return {"appendix": {"file": f"{edition.appendix}.pdf", "sha256": digest}}

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
                # failed build, without the traceback Sphinx prints for an
                # exception (the message says all there is to say).
                logger.error(str(outcome), location=(self.docname_at(outcome), None))
                self._app.statuscode = 1
                continue
            for message in outcome:
                warn(PlanWarning.PDF_ENGINE,
                     _("{edition}: Typst, which lays out the PDF, reports (in English): "
                       "{message}").format(edition=job.target.name, message=message),
                     (self.config.root_doc, None))

    def docname_at(self, refusal: PdfExportError) -> str:
        """The document whose markup holds the given line of an edition's source
        (from where the assembly put each document, see :meth:`assemble`)."""
        starts = self.sources.get(refusal.source, [])
        if refusal.line is None or not starts:
            return self.config.root_doc
        header = source_header("plan").count("\n")  # the same for every template
        body_line = refusal.line - 1 - header
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
                paragraph += MARKED[op](text)
            else:
                paragraph += nodes.Text(GAP if op == GAP else text)
        section += paragraph
    return section


#: How the changes appendix marks inserted and deleted text.
MARKED = {"+": inserted, "-": deleted}


def setup(app: Sphinx) -> dict:
    """Loaded by Sphinx through the ``sphinx.builders`` entry point for ``-b pdf``."""
    app.setup_extension("jointplan")
    app.add_builder(PdfBuilder)
    # The extension's own nodes, as the PDF shows them (every other writer
    # treats them as the container or inline they are, or has its own visitors).
    app.add_node(choice_box, pdf=(visit_choice_box, None))
    app.add_node(chosen_mark, pdf=(visit_chosen_mark, None))
    app.add_node(inserted_text, pdf=marked_text("inserted"))
    app.add_node(deleted_text, pdf=marked_text("deleted"))
    app.add_node(pdf_fact, pdf=(visit_pdf_fact, None))
    app.add_node(decision_timeline, override=True, pdf=(visit_decision_timeline, None))
    app.add_config_value("jointplan_title", "", "env", types=frozenset({str}),
                         description="The plan's title on the cover and in the footer; "
                                     "default: project.")
    app.add_config_value("jointplan_subtitle", "", "env", types=frozenset({str}),
                         description="Subtitle of the full plan; {count} becomes the "
                                     "number of municipalities in words.")
    app.add_config_value("jointplan_kicker", "", "env", types=frozenset({str}),
                         description="Short line above the title on the cover (the region).")
    app.add_config_value("jointplan_site_url", "", "env", types=frozenset({str}),
                         description="The published site's address, named on the covers "
                                     "(each council edition says the rest is there); "
                                     "default html_baseurl, none if both are empty.")
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
