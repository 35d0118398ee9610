"""make changes: what changed in the plan since an earlier git version."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from bs4 import BeautifulSoup

from conftest import REPO, ROOTS
from jointplan.changes import compare

OLD = {
    "municipalities": [{"id": "a", "name": "A"}, {"id": "b", "name": "B"}],
    "priorities": [{"id": "x", "title": "X", "field": "f", "joint": True},
                   {"id": "y", "title": "Y", "field": "f", "joint": False}],
    "choices": {"a": ["x", "y"], "b": ["x"]},
}


def test_compare_names_each_kind_of_change():
    new = {
        "municipalities": [{"id": "a", "name": "A"}, {"id": "c", "name": "C"}],
        "priorities": [{"id": "x", "title": "X", "field": "g", "joint": True},
                       {"id": "z", "title": "Z", "field": "f", "joint": False}],
        "choices": {"a": ["x", "z"], "c": ["x"]},
    }
    assert compare(OLD, new).lines() == [
        "Prioriteit toegevoegd aan de catalogus: Z.",
        "Prioriteit geschrapt uit de catalogus: Y.",
        "X: veiligheidsveld gewijzigd van f naar g.",
        "Gemeente toegevoegd: C.",
        "Gemeente verwijderd: B.",
        "A kiest nu ook: Z.",
        "A kiest niet meer: Y.",
    ]
    assert compare(OLD, OLD).lines() == [
        "Geen wijzigingen in prioriteiten, gemeenten of keuzes."]


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


def test_make_changes_against_an_earlier_commit(tmp_path):
    repo = tmp_path / "repo"
    shutil.copytree(ROOTS / "test-plan", repo / "docs")
    (repo / "docs" / "conf.py").rename(repo / "conf.py")
    conf = (repo / "conf.py").read_text().replace('["refs.bib"]', '["docs/refs.bib"]')
    (repo / "conf.py").write_text(conf)
    git(repo, "init", "-q")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "add", ".")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "versie 1")
    git(repo, "tag", "v1")
    beta = repo / "docs" / "municipalities" / "beta.md"
    beta.write_text(beta.read_text().replace("{ivp:choice} verkeer", "{ivp:choice} drugs"))
    catalogue = repo / "docs" / "shared" / "catalogue.md"
    catalogue.write_text(catalogue.read_text().replace(":title: Woninginbraak",
                                                       ":title: Inbraak in woningen"))
    out = tmp_path / "changes"
    result = subprocess.run([sys.executable, str(REPO / "scripts" / "changes.py"), "--base",
                             "v1", "--repo", str(repo), "--out", str(out)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    summary = (out / "wijzigingen.txt").read_text(encoding="utf-8").splitlines()
    assert summary == [
        "Prioriteit hernoemd: Woninginbraak heet nu Inbraak in woningen.",
        "Beta kiest nu ook: Drugs.",
        "Beta kiest niet meer: Verkeersveiligheid.",
    ]
    assert json.loads((out / "wijzigingen.json").read_text(encoding="utf-8")) == {
        "base": "v1", "lines": summary}  # for the PDF appendix
    page = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert [h.get_text() for h in page.find_all("h3")] == [
        "municipalities/beta.md", "shared/catalogue.md"]
    # difflib writes non-breaking spaces
    assert "Inbraak in woningen" in page.find_all("table")[1].get_text().replace("\xa0", " ")
