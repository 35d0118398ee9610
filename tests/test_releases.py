"""Releases: versions from git tags, the release each council adopted, make release.

Every test works on a temporary git repository holding the test plan (conf.py
at the top, the chapters in docs/, as in the plan's own repository), with
commits and tags made at fixed dates.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pikepdf
import pytest
from bs4 import BeautifulSoup

from utils import REPO, ROOTS, parse_warnings, strip_colors
from jointplan.history.releases import declarations, edition_changed, same_text

ALPHA = "docs/municipalities/alpha.md"
BETA = "docs/municipalities/beta.md"
CATALOGUE = "docs/shared/catalogue.md"


class Repo:
    """A plan in a git repository; commits and tags at the dates given."""

    def __init__(self, path: Path):
        self.path = path
        shutil.copytree(ROOTS / "test-plan", path / "docs")
        (path / "docs" / "conf.py").rename(path / "conf.py")
        conf = (path / "conf.py").read_text().replace('["refs.bib"]', '["docs/refs.bib"]')
        # The plan's own site: its theme and templates (the status banner).
        (path / "conf.py").write_text(
            conf + 'exclude_patterns = ["_build"]\nhtml_theme = "pydata_sphinx_theme"\n'
            f'templates_path = [{str(REPO / "docs" / "_templates")!r}]\n')
        (path / ".gitignore").write_text("_build/\n")
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str, date: str = "2019-01-01T12:00:00") -> str:
        env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date,
               "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t",
               "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"}
        return subprocess.run(["git", "-C", str(self.path), *args], check=True, env=env,
                              capture_output=True, text=True).stdout

    def edit(self, relpath: str, old: str, new: str) -> None:
        file = self.path / relpath
        text = file.read_text(encoding="utf-8")
        assert old in text, (relpath, old)
        file.write_text(text.replace(old, new, 1), encoding="utf-8")

    def commit(self, message: str, date: str) -> str:
        self.git("add", "-A", date=date)
        self.git("commit", "-qm", message, date=date)
        return self.git("rev-parse", "--short=7", "HEAD").strip()

    def tag(self, name: str, date: str) -> None:
        self.git("tag", "-a", name, "-m", f"Versie {name[1:]}", date=date)

    def build(self, builder: str = "html", *options: str) -> tuple[Path, list[dict]]:
        out = self.path / "_build" / builder
        result = subprocess.run(
            [sys.executable, "-m", "sphinx", "-b", builder, "-c", str(self.path), *options,
             str(self.path / "docs"), str(out)], capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        return out, parse_warnings(strip_colors(result.stderr), self.path)


@pytest.fixture
def repo(tmp_path) -> Repo:
    plan = Repo(tmp_path / "plan")
    plan.commit("Eerste tekst", "2019-01-05T10:00:00")
    return plan


def banner(site: Path, page: str) -> str:
    soup = BeautifulSoup((site / f"{page}.html").read_text(encoding="utf-8"), "html.parser")
    return " ".join(soup.select_one("aside.ivp-status").get_text().split())


def pdf_text(path: Path, *options: str) -> str:
    return " ".join(subprocess.run(["pdftotext", *options, str(path), "-"],
                                   capture_output=True, text=True, check=True).stdout.split())


def cover(path: Path) -> str:
    """The cover as lines of label and value."""
    return pdf_text(path, "-layout", "-l", "1")


def test_the_version_comes_from_the_tag_never_from_conf_py(repo):
    commit = repo.git("rev-parse", "--short=7", "HEAD").strip()
    site, _ = repo.build()
    assert banner(site, "index").startswith(f"Ontwikkelversie ({commit}).")
    repo.tag("v1.0", "2019-01-10T09:00:00")
    site, _ = repo.build()
    assert banner(site, "index").startswith("Versie 1.0.")
    pdfs, _ = repo.build("pdf")
    assert "Versie 1.0 Status" in cover(pdfs / "plan.pdf")
    # The tag's date, labelled as the version's.
    assert "Datum van deze versie 10 januari 2019" in cover(pdfs / "plan.pdf")
    with pikepdf.open(pdfs / "plan.pdf") as pdf:
        # The version and the plan's status, in the file's own metadata.
        assert pdf.docinfo["/Subject"] == (
            "Testplan 2031-2034. Versie 1.0. Vastgesteld door twee van de drie "
            "gemeenteraden; van de andere gemeenteraad is niet bekend of en wanneer die het "
            "plan heeft vastgesteld.")
    # A modified working tree is not the release, whatever its tag.
    repo.edit(CATALOGUE, "Woninginbraak", "Inbraak in woningen")
    site, _ = repo.build()
    assert banner(site, "index").startswith(
        f"Ontwikkelversie ({commit}, met niet-vastgelegde wijzigingen).")


def adopt(repo: Repo, municipality: str, decision: str, version: str) -> None:
    path = f"docs/municipalities/{municipality}.md"
    text = (repo.path / path).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.startswith(":council-")]
    at = lines.index(f":::{{ivp:municipality}} {municipality}") + 1
    lines[at:at] = [f":council-decision: {decision}"] * bool(decision) + \
        [f":council-version: {version}"]
    (repo.path / path).write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_a_council_version_must_be_a_release_that_existed_when_the_council_decided(repo):
    repo.tag("v1.0", "2019-01-10T09:00:00")
    repo.edit(CATALOGUE, "Woninginbraak", "Inbraak in woningen")
    repo.commit("Tweede tekst", "2019-02-20T10:00:00")
    repo.tag("v1.1", "2019-03-01T09:00:00")
    adopt(repo, "alpha", "2019-02-01", "v1.3")  # no such release
    adopt(repo, "beta", "2019-02", "v1.1")  # made after the decision
    adopt(repo, "gamma", "", "v1.0")  # a version, but no decision
    _, warnings = repo.build()
    found = {w["file"]: w for w in warnings if w["type"] == "ivp.council-version"}
    assert set(found) == {ALPHA, BETA, "docs/municipalities/gamma.md"}
    assert all(w["line"] == 3 for w in found.values())  # the municipality's declaration
    assert "geen uitgave (tag) met die naam (uitgaven: v1.0, v1.1). Bedoel je ‘v1." in \
        found[ALPHA]["message"]
    assert "gemaakt op 2019-03-01, na het raadsbesluit (2019-02)" in found[BETA]["message"]
    assert "voeg :council-decision: toe" in found["docs/municipalities/gamma.md"]["message"]
    # What is right is not warned: beta adopted v1.0, which existed then.
    adopt(repo, "alpha", "2019-02-01", "v1.0")
    adopt(repo, "beta", "2019-02", "v1.0")
    adopt(repo, "gamma", "datum-onbekend", "v1.1")
    _, warnings = repo.build()
    assert [w for w in warnings if w["type"] == "ivp.council-version"] == []


def test_a_council_version_dated_only_by_a_decision_record_is_not_warned(repo):
    """The chapter names the version, an ivp:decision the date: no "a version was
    adopted, but not when" (the records are read as the rest of the build reads them)."""
    repo.tag("v1.0", "2019-01-10T09:00:00")
    record_adoption(repo, "gamma", "2019-02-01", "v1.0")
    adopt(repo, "gamma", "", "v1.0")  # the declaration: a version, no date
    _, warnings = repo.build()
    assert [w for w in warnings if w["type"] == "ivp.council-version"] == []


def test_outside_git_a_council_version_cannot_be_checked(tmp_path, build_plan):
    text = (ROOTS / "test-plan" / "municipalities" / "alpha.md").read_text(encoding="utf-8")
    _, warnings = build_plan({"municipalities/alpha.md": text.replace(
        ":council-decision: 2019-01", ":council-decision: 2019-01\n:council-version: v1.0")})
    assert [(w["file"], w["line"], w["type"]) for w in warnings] == [
        ("municipalities/alpha.md", 3, "ivp.council-version")]
    assert "het plan staat niet in een git-repository" in warnings[0]["message"]


def test_the_adopted_release_is_shown_where_the_adoption_is(repo):
    repo.tag("v1.0", "2019-01-10T09:00:00")
    adopt(repo, "alpha", "2019-02-01", "v1.0")
    repo.commit("Alpha stelde v1.0 vast", "2019-02-05T10:00:00")
    site, warnings = repo.build()
    assert warnings == []
    overlap = BeautifulSoup((site / "shared/overlap.html").read_text(encoding="utf-8"),
                            "html.parser")
    rows = [[c.get_text(strip=True) for c in row.find_all(["th", "td"])]
            for row in overlap.select("table.ivp-adoption tbody tr")]
    assert [row[0] for row in rows] == ["Alpha", "Beta", "Gamma"]
    assert [row[-1] for row in rows] == ["versie 1.0", "niet bekend", "niet bekend"]
    assert "Alpha: door de gemeenteraad vastgesteld op 1 februari 2019 (versie 1.0)." in \
        banner(site, "municipalities/alpha")
    exported = json.loads((site / "priorities.json").read_text(encoding="utf-8"))
    assert [m["council_version"] for m in exported["municipalities"]] == ["v1.0", None, None]
    pdfs, _ = repo.build("pdf")
    assert "Door de gemeenteraad vastgesteld op 1 februari 2019 (versie 1.0)" in \
        cover(pdfs / "plan-alpha.pdf")


def test_the_site_says_when_a_councils_text_changed_since_it_adopted_it(repo):
    adopt(repo, "alpha", "2019-02-01", "v1.0")
    repo.commit("Alpha stelde v1.0 vast", "2019-01-09T10:00:00")
    repo.tag("v1.0", "2019-01-10T09:00:00")
    site, warnings = repo.build()
    assert warnings == []
    assert "Dit is de tekst die de gemeenteraad van Alpha vaststelde (versie 1.0)." in \
        banner(site, "municipalities/alpha")
    assert "vaststelde" not in banner(site, "municipalities/beta").split("Beta:")[-1]

    # Another council's prose is not in Alpha's edition: no notice.
    repo.edit(BETA, "Toelichting bij", "Nadere toelichting bij")
    repo.commit("Beta's toelichting", "2019-03-01T10:00:00")
    site, _ = repo.build()
    assert "De tekst voor Alpha is niet gewijzigd sinds de gemeenteraad versie 1.0 " \
        "vaststelde." in banner(site, "municipalities/alpha")
    assert not (site / "wijzigingen").exists()

    # Another council's choice is (the overlap tables), a shared chapter is too.
    repo.edit(BETA, "{ivp:choice} woninginbraak", "{ivp:choice} drugs")
    site, _ = repo.build()
    text = banner(site, "municipalities/alpha")
    assert "De tekst voor Alpha is gewijzigd sinds de gemeenteraad versie 1.0 vaststelde. " \
        "Bekijk de wijzigingen." in text
    page = BeautifulSoup((site / "municipalities/alpha.html").read_text(encoding="utf-8"),
                         "html.parser")
    link = page.select_one("aside.ivp-status a")["href"]
    assert link == "../wijzigingen/v1.0.html"
    report = BeautifulSoup((site / "wijzigingen/v1.0.html").read_text(encoding="utf-8"),
                           "html.parser")
    assert "Beta kiest nu ook: Drugs." in report.get_text()
    assert report.select_one("aside.ivp-status") is not None  # the site's own page
    pdfs, _ = repo.build("pdf", "-D", "jointplan_pdf_editions=alpha")
    assert "(versie 1.0); de tekst is daarna gewijzigd" in cover(pdfs / "plan-alpha.pdf")
    # Back to the adopted text: the notice goes again (the chapter is rewritten).
    repo.git("checkout", "--", BETA)
    site, _ = repo.build()
    assert "is niet gewijzigd sinds" in banner(site, "municipalities/alpha")


def test_only_declarations_of_other_chapters_and_visible_text_count():
    chapter = ("# Beta\n\n:::{ivp:municipality} beta\n:name: Beta\n:residents: 10\n\nProza.\n"
               ":::\n\n::::{ivp:choice} verkeer\n:origin: bewoners\n\nToelichting.\n::::\n")
    assert declarations(chapter) == [
        ":::{ivp:municipality} beta\n:name: Beta\n:residents: 10",
        "::::{ivp:choice} verkeer\n:origin: bewoners"]
    assert declarations(chapter.replace("Proza.", "Ander proza.")) == declarations(chapter)
    assert declarations(chapter.replace("verkeer", "drugs")) != declarations(chapter)


def test_an_edition_ignores_rewrapping_but_not_words(tmp_path):
    plan = Repo(tmp_path / "plan")
    plan.commit("Eerste tekst", "2019-01-05T10:00:00")
    plan.tag("v1.0", "2019-01-10T09:00:00")
    own, others = [CATALOGUE], [BETA]
    assert edition_changed(plan.path, "v1.0", own, others) is False
    text = (plan.path / CATALOGUE).read_text(encoding="utf-8")
    (plan.path / CATALOGUE).write_text(text.replace(" ", "\n", 3), encoding="utf-8")
    assert edition_changed(plan.path, "v1.0", own, others) is False
    plan.edit(CATALOGUE, "Woninginbraak", "Inbraak in woningen")
    assert edition_changed(plan.path, "v1.0", own, others) is True
    assert edition_changed(tmp_path, "v1.0", own, others) is None  # not a repository


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_make_release_writes_the_artefacts_and_a_tag_rebuilds_them_byte_for_byte(repo, tmp_path):
    repo.tag("v1.0", "2019-01-10T09:00:00")
    repo.edit(BETA, "{ivp:choice} woninginbraak", "{ivp:choice} drugs")
    repo.commit("Beta kiest drugs", "2019-02-20T10:00:00")
    release = [sys.executable, str(REPO / "scripts" / "release.py"), "--repo", str(repo.path)]
    refused = subprocess.run(release, capture_output=True, text=True)
    assert refused.returncode == 2 and "has no release tag" in refused.stderr
    repo.tag("v1.1", "2019-03-01T09:00:00")
    # Without Chromium (as in the publish workflow), the site is not measured.
    tools = tmp_path / "bin"
    tools.mkdir()
    (tools / "git").symlink_to(shutil.which("git"))
    result = subprocess.run(release, capture_output=True, text=True,
                            env={**os.environ, "PATH": str(tools)})
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "Chromium is not installed" in result.stdout
    out = repo.path / "_build" / "release" / "v1.1"
    pdfs = ["plan-alpha.pdf", "plan-beta.pdf", "plan-gamma.pdf", "plan.pdf"]
    packages = [f"plan-{m}-publicatie.zip" for m in ("alpha", "beta", "gamma")]
    assert sorted(p.name for p in out.iterdir() if p.is_file()) == sorted(
        pdfs + packages + ["SHA256SUMS", "priorities.json", "release-notes.md"])
    sums = dict(reversed(line.split("  ")) for line in
                (out / "SHA256SUMS").read_text(encoding="utf-8").splitlines())
    assert sums == {name: sha256(out / name) for name in
                    pdfs + packages + ["priorities.json", "release-notes.md"]}
    # A council's publication package: its edition as is, its decision, the metadata.
    with zipfile.ZipFile(out / "plan-beta-publicatie.zip") as package:
        assert package.namelist() == ["plan-beta.pdf", "besluit.txt", "metadata.json"]
        assert package.read("plan-beta.pdf") == (out / "plan-beta.pdf").read_bytes()
        metadata = json.loads(package.read("metadata.json"))
        decision = package.read("besluit.txt").decode("utf-8")
        assert {entry.date_time for entry in package.infolist()} == {(2019, 3, 1, 0, 0, 0)}
    assert metadata["datum"] == "2018-12-20" and metadata["vastgesteld"] is True
    assert metadata["versie"] == "1.1" and metadata["gebied"] == {"naam": "Beta"}
    assert metadata["verantwoordelijke"] == {"naam": "de gemeenteraad van Beta"}
    assert "Door de gemeenteraad vastgesteld op 20 december 2018." in decision
    # Which release the council adopted is not recorded: not claimed to be this one.
    assert metadata["is-vastgestelde-tekst"] is None
    assert "Welke versie van de tekst de gemeenteraad vaststelde, is niet bekend." in decision
    with pikepdf.open(out / "plan-beta.pdf") as pdf:
        meta = pdf.open_metadata()
        assert (meta["pdfaid:part"], meta["pdfaid:conformance"], meta["pdfuaid:part"]) == \
            ("2", "A", "1")
    notes = (out / "release-notes.md").read_text(encoding="utf-8")
    assert notes.startswith("# Testplan 2031-2034, versie 1.1\n")
    assert "Uitgebracht op 1 maart 2019 (tag v1.1" in notes
    assert "## Wijzigingen ten opzichte van versie 1.0\n\n- Beta kiest nu ook: Drugs." in notes
    site = out / "site"
    assert banner(site, "index").startswith("Versie 1.1.")
    assert (site / "wijzigingen" / "v1.0.html").is_file()
    switcher = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert switcher.select_one(".version-switcher__button") is not None
    # The notice on older versions reads the published list, knowing its own version.
    notice = switcher.find("script", string=lambda text: text and "ivp-newer-version" in text).string
    assert 'new URL("../versions.json", root)' in notice
    assert 'newest.version === "v1.1"' in notice
    for pdf in pdfs:
        assert (site / "pdf" / pdf).read_bytes() == (out / pdf).read_bytes()

    # A fresh clone of the tag, `make pdf`'s command: the same bytes.
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--branch", "v1.1", str(repo.path), str(clone)],
                   check=True, capture_output=True)
    rebuilt = subprocess.run([sys.executable, "-m", "sphinx", "-b", "pdf", "-c", str(clone),
                              str(clone / "docs"), str(clone / "_build" / "pdf")],
                             capture_output=True, text=True)
    assert rebuilt.returncode == 0, rebuilt.stderr
    for pdf in pdfs:
        assert sha256(clone / "_build" / "pdf" / pdf) == sums[pdf], pdf

    # The published tree: this release next to the development version.
    pages = tmp_path / "pages"
    publish = [sys.executable, str(REPO / "scripts" / "publish_site.py"), "--pages", str(pages),
               "--site-url", "https://example.org/ivp"]
    for version in ("dev", "v1.1"):
        subprocess.run([*publish, "--site", str(site), "--version", version], check=True,
                       capture_output=True)
    listed = json.loads((pages / "versions.json").read_text(encoding="utf-8"))
    assert listed == [
        {"name": "versie 1.1 (nieuwste)", "version": "v1.1",
         "url": "https://example.org/ivp/v1.1/", "preferred": True},
        {"name": "ontwikkelversie", "version": "dev", "url": "https://example.org/ivp/dev/"}]
    assert (pages / "v1.1" / "index.html").is_file() and not (pages / "v1.1" / ".doctrees").exists()
    again = subprocess.run([*publish, "--site", str(site), "--version", "v1.1"],
                           capture_output=True, text=True)
    assert again.returncode != 0 and "never changed" in again.stderr


def test_when_the_plans_status_changes_every_page_is_rewritten(repo):
    """The banner on every page says the status: an incremental build must not keep the old."""
    # Already modified, so the version (and with it the configuration) stays the same.
    repo.edit(BETA, "Toelichting bij", "Nadere toelichting bij")
    site, _ = repo.build()
    assert "Vastgesteld door twee van de drie gemeenteraden" in banner(site, "shared/catalogue")
    adopt(repo, "gamma", "2019-03-01", "onbekend")
    site, _ = repo.build()
    for page in sorted(site.rglob("*.html")):
        if page.parent.name in ("_static", "_sources"):
            continue
        name = page.relative_to(site).with_suffix("").as_posix()
        if BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one(
                "aside.ivp-status") is not None:
            assert "Vastgesteld door alle drie gemeenteraden" in banner(site, name), name


def test_a_clone_without_tags_is_told_to_fetch_them(repo):
    adopt(repo, "alpha", "2019-02-01", "v1.0")
    _, warnings = repo.build()
    assert [(w["file"], w["line"], w["type"]) for w in warnings] == [
        (ALPHA, 3, "ivp.council-version")]
    assert "helemaal geen uitgaven (tags). Haal ze op" in warnings[0]["message"]


def test_a_report_against_an_unknown_version_is_a_warning_not_a_crash(repo):
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-c", str(repo.path),
         "-D", "jointplan_compare_with=v9.9", str(repo.path / "docs"),
         str(repo.path / "_build" / "html")], capture_output=True, text=True)
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert "WARNING: de wijzigingen sinds ‘v9.9’ kunnen niet worden getoond: git kent die " \
        "versie hier niet" in strip_colors(result.stderr)
    assert not (repo.path / "_build" / "html" / "wijzigingen").exists()


def record_adoption(repo: Repo, municipality: str, date: str, version: str) -> None:
    """A council's adoption recorded only as ivp:decision blocks (with every
    organisation's agreement to that version), at the end of its chapter; its
    declaration keeps no :council-...: option."""
    path = f"docs/municipalities/{municipality}.md"
    text = (repo.path / path).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.startswith(":council-")]
    blocks = [f":::{{ivp:decision}} {organisation}\n:kind: akkoord\n:outcome: akkoord\n"
              f":version: {version}\n:date: onbekend\n:source: onbekend\n:::"
              for organisation in ("alpha", "beta", "gamma")]
    blocks.append(f":::{{ivp:decision}} {municipality}/raad\n:kind: raadsbesluit\n"
                  f":outcome: vastgesteld\n:version: {version}\n:date: {date}\n"
                  ":source: onbekend\n\nVastgesteld zonder amendementen.\n:::")
    (repo.path / path).write_text("\n".join(lines) + "\n\n" + "\n\n".join(blocks) + "\n",
                                  encoding="utf-8")


def adoption_rows(site: Path) -> list[list[str]]:
    overlap = BeautifulSoup((site / "shared/overlap.html").read_text(encoding="utf-8"),
                            "html.parser")
    return [[c.get_text(strip=True) for c in row.find_all(["th", "td"])]
            for row in overlap.select("table.ivp-adoption tbody tr")]


def test_an_adoption_recorded_only_as_a_decision_is_the_adopted_release(repo):
    """The publication package and the changed-since-adoption notice read the
    council's ivp:decision; recording it after the release changes no text."""
    text = (repo.path / ALPHA).read_text(encoding="utf-8")
    (repo.path / ALPHA).write_text(text.replace(":council-decision: 2019-01\n", ""),
                                   encoding="utf-8")
    repo.commit("Alpha zonder besluit", "2019-01-09T10:00:00")
    repo.tag("v1.0", "2019-01-10T09:00:00")
    record_adoption(repo, "alpha", "2019-02-01", "v1.0")
    repo.commit("Alpha stelde v1.0 vast", "2019-02-05T10:00:00")
    site, warnings = repo.build()
    assert warnings == []
    alpha = banner(site, "municipalities/alpha")
    assert "Alpha: door de gemeenteraad vastgesteld op 1 februari 2019 (versie 1.0)." in alpha
    # Only the record of the decision was added since v1.0: the text is the adopted one.
    assert "De tekst voor Alpha is niet gewijzigd sinds de gemeenteraad versie 1.0 " \
        "vaststelde." in alpha
    exported = json.loads((site / "priorities.json").read_text(encoding="utf-8"))
    assert [(m["council_decision"], m["council_version"])
            for m in exported["municipalities"]] == [
        ("2019-02-01", "v1.0"), ("2018-12-20", None), (None, None)]
    assert adoption_rows(site)[0] == ["Alpha", "niet bekend", "1 februari 2019", "vastgesteld",
                                      "versie 1.0"]
    pdfs, _ = repo.build("pdf", "-D", "jointplan_pdf_editions=alpha")
    decision = (pdfs / "plan-alpha.besluit.txt").read_text(encoding="utf-8")
    assert "Door de gemeenteraad vastgesteld op 1 februari 2019 (versie 1.0)." in decision
    assert "De gemeenteraad stelde versie 1.0 vast; dit document is " in decision
    metadata = json.loads((pdfs / "plan-alpha.publicatie.json").read_text(encoding="utf-8"))
    assert (metadata["datum"], metadata["vastgesteld"], metadata["vastgestelde-versie"],
            metadata["is-vastgestelde-tekst"]) == ("2019-02-01", True, "v1.0", False)
    assert "de tekst is daarna gewijzigd" not in cover(pdfs / "plan-alpha.pdf")

    # The record's date corrected: the adoption table follows (an incremental build).
    repo.edit(ALPHA, ":date: 2019-02-01", ":date: 2019-02-04")
    site, warnings = repo.build()
    assert warnings == []
    assert adoption_rows(site)[0][2] == "4 februari 2019"

    # A word of a shared chapter changes: the banner and the cover say so.
    repo.edit(CATALOGUE, "Woninginbraak", "Inbraak in woningen")
    site, _ = repo.build()
    assert "De tekst voor Alpha is gewijzigd sinds de gemeenteraad versie 1.0 vaststelde." \
        in banner(site, "municipalities/alpha")
    pdfs, _ = repo.build("pdf", "-D", "jointplan_pdf_editions=alpha")
    assert "(versie 1.0); de tekst is daarna gewijzigd" in cover(pdfs / "plan-alpha.pdf")


def test_the_record_of_a_decision_is_no_change_of_the_text():
    chapter = "# Alpha\n\nProza.\n"
    record = ("\n::::{ivp:decision} alpha/raad\n:kind: raadsbesluit\n:version: v1.0\n\n"
              "Toelichting.\n::::\n")
    assert same_text(chapter, chapter + record)
    assert declarations(chapter + record) == declarations(chapter) == []
    assert not same_text(chapter, chapter.replace("Proza", "Ander proza") + record)
    # An amendment, with a block of its own inside, is a record too; what follows is text.
    amendment = ("\n::::{ivp:amendment} A1\n:council: alpha\n:add-choice: verkeer\n\n"
                 ":::{note}\nToelichting.\n:::\n::::\n")
    assert same_text(chapter, chapter + amendment + record)
    assert declarations(chapter + amendment) == []
    assert not same_text(chapter, chapter + amendment + "\nNieuw proza.\n")


AMENDMENT = """
::::{{ivp:amendment}} A1
:council: alpha
:date: 2019-02-01
:status: aangenomen
:add-choice: verkeer

{explanation}
::::
"""


def test_recording_an_amendment_after_the_release_changes_no_text(repo):
    """Alpha adopted v1.0 with an amendment recorded afterwards in its own
    chapter (in its edition): the text is still the one it adopted, also when
    the amendment's record is edited."""
    adopt(repo, "alpha", "2019-02-01", "v1.0")
    repo.commit("Alpha stelde v1.0 vast", "2019-01-09T10:00:00")
    repo.tag("v1.0", "2019-01-10T09:00:00")
    with (repo.path / ALPHA).open("a", encoding="utf-8") as chapter:
        chapter.write(AMENDMENT.format(explanation="Verkeer telt."))
    repo.commit("Alpha's amendement", "2019-02-05T10:00:00")
    site, warnings = repo.build()
    assert warnings == []
    alpha = banner(site, "municipalities/alpha")
    assert "vastgesteld met amendement A1" in alpha
    assert "De tekst voor Alpha is niet gewijzigd sinds de gemeenteraad versie 1.0 " \
        "vaststelde." in alpha
    repo.edit(ALPHA, "Verkeer telt.", "Verkeer telt, zegt de raad.")
    site, _ = repo.build()
    assert "is niet gewijzigd sinds" in banner(site, "municipalities/alpha")
    pdfs, _ = repo.build("pdf", "-D", "jointplan_pdf_editions=alpha")
    assert "de tekst is daarna gewijzigd" not in cover(pdfs / "plan-alpha.pdf")


def test_the_newer_version_links_go_only_to_a_page_the_newest_release_has(tmp_path):
    """Each release is built on its own and its published folder never changes, so
    only the published site knows which pages a later release has: in a browser,
    the notice on an older version links the same page of the newest release when
    that has it, else its start page; the switcher names a council's view page by
    its own path (the theme goes to the version's start page when it is missing)."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("Chromium is not installed (scripts/system-deps a11y)")
    from playwright.sync_api import sync_playwright

    from utils import build, copy_root
    sys.path.insert(0, str(REPO / "scripts"))
    import a11y

    srcdir = copy_root("amended", tmp_path / "src")
    app = build(srcdir, "html", confoverrides={
        "html_theme": "pydata_sphinx_theme", "templates_path": [str(REPO / "docs/_templates")],
        "jointplan_versions_json": "../versions.json"})
    site = Path(app.outdir)
    view = "vastgesteld/alpha/shared/tekst"
    assert f"DOCUMENTATION_OPTIONS.pagename = '{view}';" in (site / f"{view}.html").read_text()
    # Published as the development version (its pages say "dev"), and as the newest
    # release, which has no view of Alpha's text.
    pages = tmp_path / "pages"
    for version in ("dev", "v2.0"):
        subprocess.run([sys.executable, str(REPO / "scripts/publish_site.py"), "--site",
                        str(site), "--pages", str(pages), "--version", version,
                        "--site-url", "/"], check=True, capture_output=True)
    shutil.rmtree(pages / "v2.0/vastgesteld/alpha")
    server = a11y.serve(pages)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium,
                                                 args=a11y.CHROMIUM_FLAGS)
            page = browser.new_page()

            def notice(path: str) -> tuple[str, str]:
                page.goto(f"{base}/dev/{path}")
                link = page.locator(".ivp-newer-version a")
                link.wait_for()
                return link.inner_text(), link.evaluate("a => a.href")

            assert notice("shared/tekst.html") == ("Naar de nieuwste versie (2.0)",
                                                   f"{base}/v2.0/shared/tekst.html")
            assert notice(f"{view}.html") == ("Naar de startpagina van de nieuwste versie (2.0)",
                                              f"{base}/v2.0/")
            # The switcher offers the view's own path; the newest lacks it: its start page.
            page.locator(".version-switcher__button").first.click()
            entry = page.locator(".version-switcher__menu a[data-version='v2.0']").first
            assert entry.get_attribute("href") == f"/v2.0/{view}.html"
            entry.click()
            page.wait_for_url(f"{base}/v2.0/")
            browser.close()
    finally:
        server.shutdown()
