"""The structural PDF check finds what it says it checks (jointplan.pdf.check).

A PDF the builder wrote passes; the same PDF with one defect at a time
(each a thing a later tool or a hand edit could do to it) is reported.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pikepdf
import pytest

from utils import build, copy_root
from jointplan.pdf.check import check_pdf, main, structure_elements


@pytest.fixture(scope="module")
def good_pdf(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("check")
    srcdir = copy_root("plan", tmp / "src")
    app = build(srcdir, "pdf", confoverrides={"jointplan_pdf_editions": ["plan"]})
    assert app.statuscode == 0
    return app.outdir / "plan.pdf"


def damaged(good: Path, tmp_path: Path, damage) -> Path:
    path = tmp_path / "damaged.pdf"
    shutil.copy(good, path)
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        damage(pdf)
        pdf.save(path)
    return path


def no_markinfo(pdf):
    del pdf.Root["/MarkInfo"]


def english(pdf):
    pdf.Root.Lang = pikepdf.String("en-GB")


def no_title_shown(pdf):
    del pdf.Root.ViewerPreferences["/DisplayDocTitle"]


def no_output_intent(pdf):
    del pdf.Root["/OutputIntents"]


def untagged(pdf):
    del pdf.Root["/StructTreeRoot"]


def header_cell_without_scope(pdf):
    for element in structure_elements(pdf.Root.StructTreeRoot):
        if element.S == "/TH":
            del element["/A"]


def link_to_a_local_file(pdf):
    page = pdf.pages[0]
    link = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[0, 0, 10, 10],
        A=pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String("file:///C:/plan.docx"))))
    page.obj.Annots = pdf.make_indirect(pikepdf.Array([*(page.obj.get("/Annots") or []), link]))


def link_to_a_missing_destination(pdf):
    page = pdf.pages[0]
    link = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[0, 0, 10, 10],
        Dest=pikepdf.String("p-nergens")))
    page.obj.Annots = pdf.make_indirect(pikepdf.Array([*(page.obj.get("/Annots") or []), link]))


def untagged_text(pdf):
    page = pdf.pages[1]
    page.contents_add(pdf.make_stream(b"BT /F1 12 Tf 72 72 Td (los) Tj ET"), prepend=False)


def no_bookmarks(pdf):
    del pdf.Root["/Outlines"]


@pytest.mark.parametrize("damage, problem", [
    (no_markinfo, "MarkInfo /Marked is not true"),
    (english, "document language is 'en-GB', not nl"),
    (no_title_shown, "DisplayDocTitle is not set"),
    (no_output_intent, "no PDF/A output intent with an ICC profile"),
    (untagged, "not tagged: no StructTreeRoot"),
    (header_cell_without_scope, "a table header cell (TH) without /Scope"),
    (link_to_a_local_file, "page 1: link to a local file file:///C:/plan.docx"),
    (link_to_a_missing_destination, "page 1: link to missing destination p-nergens"),
    (untagged_text, "page 2: 1 text runs neither tagged nor marked as artifact"),
    (no_bookmarks, "no bookmarks"),
])
def test_each_defect_is_reported(good_pdf, tmp_path, damage, problem):
    assert check_pdf(good_pdf).problems == []
    report = check_pdf(damaged(good_pdf, tmp_path, damage))
    assert problem in report.problems, report.problems


def test_the_command_fails_on_a_damaged_pdf_and_names_it(good_pdf, tmp_path, capsys):
    assert main([str(good_pdf)]) == 0
    path = damaged(good_pdf, tmp_path, english)
    assert main([str(path)]) == 1
    assert f"{path}" in capsys.readouterr().out
