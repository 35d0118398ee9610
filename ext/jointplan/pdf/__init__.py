"""The ``pdf`` builder: the full plan and one edition per council, as PDF/A-2a.

It builds the single-page HTML as ``singlehtml`` does (with the plain ``basic``
theme: the print design is all in ``print.css``), assembles one print document
per edition from it (:mod:`.assemble`), and renders those with WeasyPrint in
parallel worker processes (:mod:`.render`).
"""

from __future__ import annotations

import datetime
import json
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.builders.singlehtml import SingleFileHTMLBuilder
from sphinx.locale import __
from sphinx.util import logging

from .. import labels
from ..model import Plan
from ..warnings import PlanWarning, warn
from .assemble import Edition, assemble, changes_appendix
from .render import render_pdf

logger = logging.getLogger(__name__)

HERE = Path(__file__).parent
STYLESHEET = HERE / "print.css"


def plan_date(config) -> str:
    """The date on the cover: configured, else SOURCE_DATE_EPOCH, else today."""
    if config.jointplan_pdf_date:
        return config.jointplan_pdf_date
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    day = (datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc).date()
           if epoch else datetime.date.today())
    return labels.decision_date(day.isoformat())


def editions(plan: Plan, name: str, municipality_dir: str,
             exclude: list[str] = ()) -> list[Edition]:
    """The full plan, then one edition per municipality's council."""
    folder = municipality_dir.strip("/") + "/"
    left_out = set(exclude)
    chapters = {m.id: m.location.docname for m in plan.ordered_municipalities}
    full = Edition(
        slug=name, title="Integraal Veiligheidsplan 2019-2022",
        subtitle="Gezamenlijk plan van de vijf Heuvelrug-gemeenten",
        status=("Vastgesteld door alle vijf gemeenteraden" if plan.adopted_by_all
                else f"{labels.DRAFT}: nog niet door alle gemeenteraden vastgesteld"),
        draft=not plan.adopted_by_all, keep=lambda docname: docname not in left_out)
    result = [full]
    for municipality in plan.ordered_municipalities:
        own = chapters[municipality.id]

        def keep(docname: str, own: str = own) -> bool:
            is_chapter = docname.startswith(folder) and docname != folder + "index"
            return docname not in left_out and (not is_chapter or docname == own)

        adopted = municipality.adopted
        result.append(Edition(
            slug=f"{name}-{municipality.id}",
            title=f"Integraal Veiligheidsplan 2019-2022, uitgave {municipality.name}",
            subtitle=f"Uitgave voor de gemeenteraad van {municipality.name}",
            status=(f"Vastgesteld door de gemeenteraad op "
                    f"{labels.decision_date(municipality.council_decision)}" if adopted
                    else f"{labels.DRAFT}: nog niet door de gemeenteraad vastgesteld"),
            draft=not adopted, keep=keep))
    return result


class PdfBuilder(SingleFileHTMLBuilder):
    """Builds ``<name>.pdf`` and ``<name>-<municipality>.pdf`` into the output dir."""

    name = "pdf"
    epilog = __("The PDF files are in %(outdir)s.")
    search = False
    copysource = False

    def get_theme_config(self):
        # The site's theme brings navigation and scripts a printed page has no
        # use for; the print design lives in print.css.
        return "basic", {}

    def copy_static_files(self) -> None:
        pass  # the print HTML links print.css and the fonts from the extension

    def finish(self) -> None:
        super().finish()
        page = (Path(self.outdir) / "index.html").read_text(encoding="utf-8")
        plan: Plan = self.env.domains["ivp"].plan
        config = self.config
        common = dict(
            appendix=self.changes_appendix(),
            title="Integraal Veiligheidsplan 2019-2022",
            municipalities=[m.name for m in plan.ordered_municipalities],
            date=plan_date(config), version=config.release, author=config.author,
            stylesheet=STYLESHEET.name)
        jobs = []
        wanted = set(config.jointplan_pdf_editions)
        for edition in editions(plan, config.jointplan_pdf_name,
                                config.jointplan_municipality_dir, config.jointplan_pdf_exclude):
            key = edition.slug.removeprefix(config.jointplan_pdf_name).lstrip("-") or "plan"
            if wanted and key not in wanted:
                continue
            assembled = assemble(page, config.root_doc, edition, **common)
            for link in assembled.broken_links:
                docname, _, href = link.partition(": ")
                warn(PlanWarning.PDF_LINK, f"in {edition.slug}.pdf this link has no target: "
                     f"{href}", (docname, None))
            html_path = Path(self.outdir) / f"{edition.slug}.html"
            html_path.write_text(assembled.html, encoding="utf-8")
            jobs.append((assembled.html, Path(self.outdir) / f"{edition.slug}.pdf"))
        self.render(jobs)

    def changes_appendix(self) -> str:
        """The summary of `make changes`, when asked for with jointplan_pdf_changes."""
        if not self.config.jointplan_pdf_changes:
            return ""
        path = Path(self.confdir) / self.config.jointplan_pdf_changes
        try:
            changes = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            warn(PlanWarning.INVALID_VALUE,
                 f"jointplan_pdf_changes: cannot read {path} ({error}); run "
                 "'make changes BASE=<version>' first.", None)
            return ""
        return changes_appendix(changes["base"], changes["lines"])

    def render(self, jobs: list[tuple[str, Path]]) -> None:
        base_url = str(HERE) + os.sep
        workers = min(len(jobs), max(1, self.config.jointplan_pdf_workers or os.cpu_count() or 1))
        logger.info(__("rendering %d PDF files with %d worker(s)..."), len(jobs), workers)
        if workers == 1:
            for html, target in jobs:
                render_pdf(html, base_url, target)
            return
        # fork: the workers need nothing from Sphinx, only the HTML strings.
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            for future in [pool.submit(render_pdf, html, base_url, target)
                           for html, target in jobs]:
                future.result()


def setup(app: Sphinx) -> dict:
    """Loaded by Sphinx through the ``sphinx.builders`` entry point for ``-b pdf``."""
    app.setup_extension("jointplan")
    app.add_builder(PdfBuilder)
    app.add_config_value("jointplan_pdf_name", "ivp-2019-2022", "env", types=frozenset({str}),
                         description="File name (without .pdf) of the full plan; "
                                     "council editions add '-<municipality id>'.")
    app.add_config_value("jointplan_pdf_date", "", "env", types=frozenset({str}),
                         description="Date on the cover; default SOURCE_DATE_EPOCH or today.")
    app.add_config_value("jointplan_pdf_exclude", [], "", types=frozenset({list}),
                         description="Docnames left out of every PDF (e.g. pages about "
                                     "the website).")
    app.add_config_value("jointplan_pdf_editions", [], "", types=frozenset({list}),
                         description="Which PDFs to build: 'plan' for the full plan and "
                                     "municipality ids for council editions; empty = all.")
    app.add_config_value("jointplan_pdf_changes", "", "", types=frozenset({str}),
                         description="wijzigingen.json of `make changes`, relative to "
                                     "conf.py: added to every PDF as an appendix.")
    app.add_config_value("jointplan_pdf_workers", 0, "", types=frozenset({int}),
                         description="Processes rendering PDFs in parallel; 0 = one per core.")
    return {"version": "0.1.0", "parallel_read_safe": True, "parallel_write_safe": True}
