"""The document's own identity: who wrote it, what it is, what an edition holds.

An archive or a search engine sees a PDF's metadata before its cover; both
say the same, from conf.py and the declarations, and claim nothing the
configuration does not.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pikepdf
import pytest

from utils import copy_root

EPOCH = "1545350400"  # 21 December 2018: a copy outside git takes the date from here


def build_pdf(tmp_path, *options: str):
    srcdir = copy_root("plan", tmp_path / "src")
    outdir = tmp_path / "pdf"
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-E", "-W", "-b", "pdf", *options, str(srcdir),
         str(outdir)], capture_output=True, text=True, check=False,
        env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH})
    assert result.returncode == 0, result.stderr
    return outdir


def cover(pdf) -> str:
    text = subprocess.run(["pdftotext", "-l", "1", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    # Values continue under their labels; a hyphenated word is joined again.
    return " ".join(text.replace("\xad\n", "").split())


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """A reconstruction whose site's address is configured, by a named team."""
    return build_pdf(tmp_path_factory.mktemp("published"),
                     "-D", "jointplan_site_url=https://example.org/testplan/",
                     "-D", "author=Testteam van de reconstructie",
                     "-D", "jointplan_reconstruction=1")


def test_metadata_names_the_authors_and_says_what_the_document_is(published):
    with pikepdf.open(published / "plan-alpha.pdf") as pdf:
        meta = pdf.open_metadata()
        assert str(pdf.docinfo["/Author"]) == "Testteam van de reconstructie"
        assert meta["dc:creator"] == ["Testteam van de reconstructie"]
        assert meta["dc:title"] == "Testplan 2031-2034, uitgave Alpha (reconstructie)"
        subject = str(pdf.docinfo["/Subject"])
        assert subject == meta["dc:description"]
        assert subject.startswith("Testplan 2031-2034, uitgave Alpha. Reconstructie van het "
                                  "plan, met informatie van na de vaststelling; niet de "
                                  "tekst die de gemeenteraden vaststelden. Deze uitgave "
                                  "bevat de gezamenlijke hoofdstukken en het hoofdstuk van "
                                  "Alpha.")
        assert "staat op https://example.org/testplan/." in subject


def test_a_council_edition_says_what_it_holds_and_where_the_rest_is(published):
    alpha = cover(published / "plan-alpha.pdf")
    assert ("Deze uitgave bevat de gezamenlijke hoofdstukken en het hoofdstuk van "
            "Alpha. Het volledige plan, met de hoofdstukken van de andere gemeenten, staat "
            "op https://example.org/testplan/.") in alpha
    # The date is labelled for what it is: the text's, not the build's.
    assert "Datum van deze tekst" in alpha and "21 december 2018" in alpha
    with pikepdf.open(published / "plan-alpha.pdf") as pdf:
        uris = {str(a.A.URI) for a in pdf.pages[0].get("/Annots") or []
                if "/A" in a and a.A.get("/S") == "/URI"}
    assert uris == {"https://example.org/testplan/"}  # a link, never hyphenated
    full = cover(published / "plan.pdf")
    assert "Website" in full and "Dit plan staat ook op https://example.org/testplan/." in full


def test_without_an_address_an_edition_names_no_address(tmp_path):
    outdir = build_pdf(tmp_path, "-D", "jointplan_pdf_editions=plan,beta")
    beta = cover(outdir / "plan-beta.pdf")
    assert ("Deze uitgave bevat de gezamenlijke hoofdstukken en het hoofdstuk van Beta. Het "
            "volledige plan, met de hoofdstukken van de andere gemeenten, is een aparte "
            "uitgave.") in beta
    assert "http" not in beta
    assert "Website" not in cover(outdir / "plan.pdf")
    with pikepdf.open(outdir / "plan-beta.pdf") as pdf:
        # Not a reconstruction: the municipality's own text (no author configured).
        assert str(pdf.docinfo["/Author"]) == "Beta"
        assert pdf.open_metadata()["dc:title"] == "Testplan 2031-2034, uitgave Beta"
        assert "econstructie" not in str(pdf.docinfo["/Subject"])
