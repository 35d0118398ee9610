"""make release: the release the current commit is tagged as, ready to publish.

A release is a tag ``v<number>`` (``git tag -a v1.1 -m "Versie 1.1"``) on a
commit without uncommitted changes. This builds, strictly (every warning fails):

- the site, under the release's own folder and with the version switcher on,
  with the change report against the previous release (``wijzigingen/<tag>.html``);
- the full plan, every council edition and every raadsvoorstel as PDF, with
  exactly the command ``make pdf`` runs, so ``make pdf`` on the tag gives
  byte-identical files (a raadsvoorstel that asks a council to adopt this
  release makes the build warn, and so fail, unless every organisation agreed it);

and writes ``_build/release/<tag>/``: the PDFs, a publication package per
council (``<edition>-publicatie.zip``: its edition, the decision text and the
publication metadata), ``priorities.json``, ``release-notes.md`` (what changed
since the previous release) and ``SHA256SUMS`` over those files, which the
release workflow attaches to the GitHub Release, and ``site/``, which it
publishes. With Chromium installed the site is checked as ``make a11y`` does,
and its accessibility statement reports the measurement of the PDFs and the site.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from jointplan.pdf.check import identification
from jointplan.pdf.publication import DECISION_SUFFIX, METADATA_SUFFIX
from jointplan.plan import versions, words

REPO = Path(__file__).resolve().parent.parent
#: Where the published site lists its versions, seen from a version's folder.
VERSIONS_JSON = "../versions.json"
#: Where the site's measurement goes: jointplan_measurements["site"] in conf.py.
SITE_MEASUREMENTS = "_build/a11y/measurements.json"


def fail(message: str) -> None:
    print(f"make release: {message}", file=sys.stderr)
    raise SystemExit(2)


def sphinx(repo: Path, builder: str, outdir: Path, *options: str) -> None:
    command = [sys.executable, "-m", "sphinx", "-b", builder, "-c", str(repo), *options,
               str(repo / "docs"), str(outdir)]
    if subprocess.run(command, cwd=repo, check=False).returncode != 0:
        fail(f"the {builder} build failed (see the warnings above); nothing was released.")


def plan_title(pdf_out: Path) -> str:
    """The title on the full plan's cover (the builder writes each cover as JSON)."""
    covers = [json.loads(path.read_text(encoding="utf-8")) for path in pdf_out.glob("*.json")]
    # Besides the covers: the councils' publication metadata, the measurements.
    return next((c["title"] for c in covers
                 if "document-title" in c and c["document-title"] == c.get("title")), "")


def release_notes(title: str, tag: versions.Tag, previous: versions.Tag | None, commit: str,
                  summary: list[str], files: dict[str, str]) -> str:
    """The release's note, in Dutch: what it is, what changed, which files."""
    lines = [f"# {title}, versie {tag.number}", "",
             f"Uitgebracht op {words.decision_date(tag.date.isoformat())} "
             f"(tag {tag.name}, commit {commit}).", ""]
    if previous is None:
        lines += ["## Eerste uitgave", ""]
    else:
        lines += [f"## Wijzigingen ten opzichte van versie {previous.number}", ""]
        lines += [f"- {line}" for line in summary]
        lines += ["", f"De gewijzigde tekst, per sectie: op de site van deze versie onder "
                  f"`wijzigingen/{previous.name}.html`.", ""]
    lines += ["## Bestanden", "", "| Bestand | SHA-256 |", "|---|---|"]
    lines += [f"| {name} | `{digest}` |" for name, digest in files.items()]
    return "\n".join(lines) + "\n"


def measure_site(repo: Path, site: Path, options: list[str]) -> None:
    """The accessibility and privacy check of the release's site (as make a11y), and
    the site again with its results in the accessibility statement. Without
    Chromium the statement says the site of this release was not measured."""
    if not (shutil.which("chromium") or shutil.which("chromium-browser")):
        print("make release: Chromium is not installed (scripts/system-deps a11y): the "
              "site is not measured, and its accessibility statement says so.")
        return
    results = repo / SITE_MEASUREMENTS
    check = [sys.executable, str(Path(__file__).with_name("a11y.py")), str(site)]
    if subprocess.run([*check, "--results", str(results)], check=False).returncode:
        fail("the site of this release fails the accessibility check (see above).")
    sphinx(repo, "html", site, *options)
    if subprocess.run([*check, "--changed-since", str(results)], check=False).returncode:
        fail("the accessibility statement's page fails the accessibility check.")


def publication_package(pdf_out: Path, metadata: Path, target: Path, tag: versions.Tag
                        ) -> Path:
    """``<edition>-publicatie.zip``: the council's edition, its decision and the
    publication metadata, for the griffie to hand to the publication channel.

    The edition must be PDF/A-2a and PDF/UA-1 (the builder asks Typst for both,
    the check verifies them); the archive has fixed dates, so the same tag gives
    the same bytes.
    """
    slug = metadata.name[:-len(METADATA_SUFFIX)]
    pdf = pdf_out / f"{slug}.pdf"
    found = identification(pdf)
    if found != {"pdfa_id": "2A", "pdfua_id": "1"}:
        fail(f"{pdf.name} is not identified as PDF/A-2a and PDF/UA-1 ({found}).")
    package = target / f"{slug}-publicatie.zip"
    stamp = (tag.date.year, tag.date.month, tag.date.day, 0, 0, 0)
    with zipfile.ZipFile(package, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, source in [(pdf.name, pdf),
                             ("besluit.txt", pdf_out / f"{slug}{DECISION_SUFFIX}"),
                             ("metadata.json", metadata)]:
            entry = zipfile.ZipInfo(name, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            archive.writestr(entry, source.read_bytes())
    return package


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repo", type=Path, default=REPO, help="the plan's repository")
    parser.add_argument("--out", type=Path, help="default: <repo>/_build/release")
    options = parser.parse_args()
    repo = options.repo.resolve()
    out = options.out or repo / "_build" / "release"
    all_tags = versions.tags(repo) or {}
    version = versions.current(repo, repo / "docs", all_tags)
    if version.tag is None:
        if version.modified:
            fail("there are uncommitted changes; commit them (and tag the commit) first.")
        fail("the current commit has no release tag. Tag it first, e.g.\n"
             "    git tag -a v1.1 -m 'Versie 1.1'\n"
             "then run make release again (and push the tag to publish it).")
    tag = version.tag
    previous = versions.previous(all_tags, tag.name)
    target = out / tag.name
    shutil.rmtree(target, ignore_errors=True)
    site = target / "site"

    strict = ["-W", "--keep-going"]
    # The PDFs first: the site's accessibility statement reports their check.
    # The same command as `make pdf`: same bytes from the same tag.
    pdf_out = repo / "_build" / "pdf"
    sphinx(repo, "pdf", pdf_out, *strict)
    subprocess.run([sys.executable, "-m", "jointplan.pdf.check", "--results",
                    str(pdf_out / "measurements.json"),
                    *map(str, sorted(pdf_out.glob("*.pdf")))], check=True)
    compare = ["-D", f"jointplan_compare_with={previous.name}"] if previous else []
    doctrees = ["-d", str(repo / "_build" / "release-doctrees")]
    site_build = [*strict, *doctrees, "-D", f"jointplan_versions_json={VERSIONS_JSON}",
                  *compare]
    sphinx(repo, "html", site, "-E", *site_build)
    measure_site(repo, site, site_build)

    for pdf in sorted(pdf_out.glob("*.pdf")):
        shutil.copyfile(pdf, target / pdf.name)
    (site / "pdf").mkdir(exist_ok=True)
    for pdf in sorted(pdf_out.glob("*.pdf")):
        shutil.copyfile(pdf, site / "pdf" / pdf.name)
    shutil.copyfile(site / "priorities.json", target / "priorities.json")
    summary = []
    if previous is not None:
        report = json.loads((site / "wijzigingen" / f"{previous.name}.json")
                            .read_text(encoding="utf-8"))
        summary = report["lines"]
    for metadata in sorted(pdf_out.glob(f"*{METADATA_SUFFIX}")):
        publication_package(pdf_out, metadata, target, tag)
    files = {path.name: sha256(path) for path in sorted(target.iterdir()) if path.is_file()}
    (target / "release-notes.md").write_text(
        release_notes(plan_title(pdf_out), tag, previous, version.commit, summary, files),
        encoding="utf-8")
    files["release-notes.md"] = sha256(target / "release-notes.md")
    (target / "SHA256SUMS").write_text(
        "".join(f"{digest}  {name}\n" for name, digest in sorted(files.items())),
        encoding="utf-8")
    print(f"Release {tag.name}: {target}")


if __name__ == "__main__":
    main()
