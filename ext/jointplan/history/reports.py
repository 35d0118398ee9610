"""Change reports in the site: wijzigingen/<version>.html, in the site's own look.

A report compares this build with an earlier version: the versions asked for
(``jointplan_compare_with``: make changes, make release) and the release of
every council whose text changed since it adopted it (jointplan.releases),
which that council's chapter links. The earlier version is built once, with
the extension of its own time, and cached by commit in the doctree folder;
the comparison itself is :mod:`jointplan.changes` (plain Python). The report's
data is written next to the page as JSON, for the PDF appendix
(``jointplan_pdf_changes``), the release note and the pull request's comment.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.locale import get_translation

from . import changes
from ..glue import decisions, export
from ..glue.domain import ivp
from ..plan import words
from ..plan import versions
from .releases import repository_path
from ..checks.warnings import PlanWarning, warn

_ = get_translation("jointplan")

#: The site's folder of change reports: wijzigingen/<version>.html and .json.
CHANGES_FOLDER = changes.CHANGES_FOLDER


def report_bases(app: Sphinx) -> dict[str, tuple[str, int] | None]:
    """The versions this build reports its changes against, with where they are named.

    Those asked for (``jointplan_compare_with``: make changes, make release)
    and the release of every council whose text changed since it adopted it,
    which that council's chapter links (located at its declaration).
    """
    bases: dict[str, tuple[str, int] | None] = dict.fromkeys(
        b for b in app.config.jointplan_compare_with if b)
    if app.config.jointplan_change_reports:
        changed = ivp(app.env).adopted_text_changed or {}
        for own in ivp(app.env).plan.ordered_municipalities:
            m = decisions.as_recorded(app.env, own)  # the release its decision names
            if changed.get(m.id):
                bases.setdefault(m.council_version,
                                 (m.location.docname, m.location.lineno))
    return bases


def report_name(base: str) -> str:
    """A page name for a git ref ("origin/main" -> "origin-main")."""
    return re.sub(r"[^\w.-]+", "-", base).strip("-") or "basis"


def built_version(app: Sphinx, ref: str, location=None) -> Path | None:
    """The site of an earlier version, built once per commit with its own extension."""
    srcdir = Path(app.srcdir)
    top = versions.top(srcdir)
    commit = versions.git(srcdir, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    if top is None or not commit:
        warn(PlanWarning.CHANGE_REPORT,
             _("cannot report the changes since '{ref}': git does not know that version "
               "here (is it a tag or branch of this repository, and fetched?).").format(
                 ref=ref), location)
        return None
    cache = Path(app.doctreedir) / "jointplan-versions" / commit.strip()
    site = cache / "html"
    if (site / export.JSON_NAME).exists():
        return site
    shutil.rmtree(cache, ignore_errors=True)
    archive = versions.git(top, "archive", commit.strip(), binary=True)
    if archive is None:
        return None
    root = cache / "source"
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(root, filter="data")
    # The earlier version is built with the extension of its own time where
    # the repository holds it (else the installed one), and without reports
    # of its own (they would recurse).
    env = dict(os.environ)
    extension = repository_path(top, Path(__file__).parents[2])
    if extension is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(root / extension), env.get("PYTHONPATH", "")])
    confdir, sources = (repository_path(top, Path(d)) or "." for d in (app.confdir, srcdir))
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "html", "-c", str(root / confdir),
         "-D", "jointplan_change_reports=0", str(root / sources), str(site)],
        capture_output=True, text=True, env=env, check=False)
    if result.returncode != 0 or not (site / export.JSON_NAME).exists():
        warn(PlanWarning.CHANGE_REPORT,
             _("cannot report the changes since '{ref}': building that version "
               "failed:").format(ref=ref) + f"\n{result.stderr.strip()[-2000:]}", location)
        return None
    return site


def change_report_pages(app: Sphinx):
    """``html-collect-pages``: one page per base version, in the site's own template."""
    bases = report_bases(app)
    if not bases or app.builder.format != "html":
        return []
    outdir = Path(app.outdir)
    builder = app.builder
    # Only this build's documents: the page of a chapter deleted since the last
    # build is still in the folder until the build finishes.
    new_sections = [section for section in changes.site_sections(outdir)
                    if section.page in app.env.found_docs]
    new_plan = export.plan_as_data(ivp(app.env).plan,
                                   lambda docname, anchor: builder.get_target_uri(docname),
                                   lambda m: decisions.as_recorded(app.env, m))
    pages = []
    for base, location in bases.items():
        old_site = built_version(app, base, location)
        if old_site is None:
            continue
        old_plan = json.loads((old_site / export.JSON_NAME).read_text(encoding="utf-8"))
        data = changes.report(base, app.config.release,
                              changes.compare(old_plan, new_plan),
                              changes.section_changes(changes.site_sections(old_site),
                                                      new_sections))
        name = f"{CHANGES_FOLDER}/{report_name(base)}"
        (outdir / CHANGES_FOLDER).mkdir(exist_ok=True)
        # For the PDF's appendix (jointplan_pdf_changes) and the release note.
        (outdir / f"{name}.json").write_text(
            json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

        def href(page: str, anchor: str, name: str = name) -> str:
            uri = builder.get_relative_uri(name, page)
            return f"{uri}#{anchor}" if anchor else uri

        pages.append((name, {"title": words.changes_since(base),
                             "body": changes.report_page(data, href)}, "page.html"))
    return pages
