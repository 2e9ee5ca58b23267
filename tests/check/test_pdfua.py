"""The PDF/UA rules: the structure every build writes passes them, and each rule finds the one
thing a crafted PDF breaks (the seed's own PDF, changed with pypdf)."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, BooleanObject, NameObject, TextStringObject

from avitools.check.pdfua import check_pdfua, elements
from tests.helpers import SEED, run_avi


@pytest.fixture(scope="module")
def seed_pdf(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    out = tmp_path_factory.mktemp("pdfua")
    result = run_avi("build", SEED, "-o", out)
    assert result.exit_code == 0, result.output
    return Path(result.stdout.strip()).read_bytes()


def findings_of(data: bytes) -> set[tuple[str, int, str]]:
    return {(f.code, f.page, f.message) for f in check_pdfua(data, "x.pdf")}


def broken(data: bytes, change: Callable[[PdfWriter], None]) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    change(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def rewrite_content(writer: PdfWriter, old: bytes, new: bytes, page: int = 0) -> None:
    content: Any = writer.pages[page].get_contents()
    data = content.get_data()
    assert old in data
    content.set_data(data.replace(old, new, 1))
    writer.pages[page].replace_contents(content)


def struct(writer: PdfWriter, tag: str) -> Any:
    with pikepdf.open(io.BytesIO(_bytes(writer))) as pdf:
        wanted = [e.objgen[0] for e, _ in elements(pdf) if str(e["/S"]) == tag]
    assert wanted, tag
    # the same object in the writer, by its number
    return [writer.get_object(number) for number in wanted]


def _bytes(writer: PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_the_seed_passes_every_pdfua_rule(seed_pdf: bytes) -> None:
    assert findings_of(seed_pdf) == set()
    with pikepdf.open(io.BytesIO(seed_pdf)) as pdf:
        tags = [str(e["/S"]) for e, _ in elements(pdf)]
        notes = [str(e["/ID"]) for e, _ in elements(pdf) if str(e["/S"]) == "/Note"]
    assert tags.count("/Note") == 1  # the author note
    assert tags.count("/Reference") == 1  # its call in the byline
    assert notes == ["author-note-1"]


def test_u001_marked_content_no_element_reaches(seed_pdf: bytes) -> None:
    def change(writer: PdfWriter) -> None:
        span = struct(writer, "/H1")[0]
        kid = span["/K"][0].get_object()
        kid[NameObject("/K")] = ArrayObject()  # the title's text: no element holds its id now

    assert {(c, p) for c, p, _ in findings_of(broken(seed_pdf, change))} == {("U001", 1)}


def test_u002_running_elements_as_content(seed_pdf: bytes) -> None:
    data = broken(seed_pdf, lambda w: rewrite_content(
        w, b"/Artifact\n<</Type /Pagination/Subtype /Footer>>", b"/Span\n<</Type /Pagination>>"))
    assert ("U002", 1, "1 text run(s) in the page margins are content, not pagination artifacts") \
        in findings_of(data)


def test_u003_an_artifact_without_a_type(seed_pdf: bytes) -> None:
    data = broken(seed_pdf, lambda w: rewrite_content(w, b"/Artifact\n<</Type /Layout>>\nBDC",
                                                      b"/Artifact\nBMC"))
    assert findings_of(data) == {("U003", 1, "1 artifact(s) without a /Type")}


def test_u004_notes_without_unique_ids(seed_pdf: bytes) -> None:
    def change(writer: PdfWriter) -> None:
        del struct(writer, "/Note")[0]["/ID"]

    assert findings_of(broken(seed_pdf, change)) == {("U004", 0, "a /Note element has no /ID")}

    def untagged(writer: PdfWriter) -> None:
        struct(writer, "/Note")[0][NameObject("/S")] = NameObject("/P")

    assert findings_of(broken(seed_pdf, untagged)) == {
        ("U004", 0, "no /Note element: footnotes and author notes must be notes")}


def test_u005_a_skipped_heading_level(seed_pdf: bytes) -> None:
    def change(writer: PdfWriter) -> None:
        struct(writer, "/H2")[0][NameObject("/S")] = NameObject("/H4")

    assert findings_of(broken(seed_pdf, change)) == {
        ("U005", 0, "an H4 follows an H1: a level is skipped")}


def test_u006_no_language(seed_pdf: bytes) -> None:
    def change(writer: PdfWriter) -> None:
        del writer._root_object["/Lang"]

    assert findings_of(broken(seed_pdf, change)) == {("U006", 0, "the document has no language (/Lang)")}


def test_u007_the_title_not_shown(seed_pdf: bytes) -> None:
    def change(writer: PdfWriter) -> None:
        preferences: Any = writer._root_object["/ViewerPreferences"]
        preferences[NameObject("/DisplayDocTitle")] = BooleanObject(False)

    assert {c for c, _, _ in findings_of(broken(seed_pdf, change))} == {"U007"}


def test_u008_tagged_but_not_claiming_pdfua(seed_pdf: bytes) -> None:
    def change(writer: PdfWriter) -> None:
        metadata: Any = writer._root_object["/Metadata"].get_object()
        metadata.set_data(metadata.get_data().replace(b"pdfuaid", b"pdfxid"))

    assert findings_of(broken(seed_pdf, change)) == {
        ("U008", 0, "the XMP metadata does not claim PDF/UA (pdfuaid:part)")}


def test_u009_annotations_without_tab_order(seed_pdf: bytes) -> None:
    def change(writer: PdfWriter) -> None:
        del writer.pages[0]["/Tabs"]

    assert findings_of(broken(seed_pdf, change)) == {
        ("U009", 1, "the page has annotations but no /Tabs /S")}


def test_u010_a_font_without_unicode(seed_pdf: bytes) -> None:
    def change(writer: PdfWriter) -> None:
        resources: Any = writer.pages[0]["/Resources"]
        font = next(iter(resources["/Font"].values())).get_object()
        del font["/ToUnicode"]

    found = findings_of(broken(seed_pdf, change))
    assert {c for c, _, _ in found} == {"U010"}


def test_u011_drawing_outside_marked_content(seed_pdf: bytes) -> None:
    data = broken(seed_pdf, lambda w: rewrite_content(w, b"q\n", b"0 0 m 10 10 l S\nq\n"))
    assert findings_of(data) == {("U011", 1, "1 drawing operation(s) outside marked content")}


def test_u012_a_figure_without_alternate_text(seed_pdf: bytes) -> None:
    def change(writer: PdfWriter) -> None:
        struct(writer, "/P")[0][NameObject("/S")] = NameObject("/Figure")

    assert findings_of(broken(seed_pdf, change)) == {
        ("U012", 0, "1 figure(s) without alternate text (/Alt)")}


def test_avi_check_reports_pdfua_findings(seed_pdf: bytes, tmp_path: Path) -> None:
    def change(writer: PdfWriter) -> None:
        del writer._root_object["/Lang"]
        writer._root_object[NameObject("/Lang")] = TextStringObject("")

    path = tmp_path / "avi-commentary-2024-08.pdf"
    path.write_bytes(broken(seed_pdf, change))
    result = run_avi("check", path)
    assert f"{path}: U006 error: the document has no language (/Lang)" in result.stdout.splitlines()
