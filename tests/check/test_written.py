"""The house rules every build runs on the PDF it made: a layout that drops a running element, the
masthead or the disclaimer fails the build with one line per finding."""

from __future__ import annotations

from pathlib import Path

from avitools.check.written import check_written
from avitools.config import Project
from avitools.read.manuscript import read_manuscript
from tests.conftest import ManuscriptWriter
from tests.helpers import paragraphs, problems, run_avi


def test_a_layout_that_loses_the_running_elements_fails_the_build(
        scratch_project: Path, write_manuscript: ManuscriptWriter, tmp_path: Path) -> None:
    style = scratch_project / "layouts" / "commentary" / "style.css"
    style.write_text(style.read_text(encoding="utf-8") + """
.issue-line, .masthead, .disclaimer, .dateline { display: none; }
.author-note { visibility: hidden; }
@page { @bottom-right { content: none; } }
""", encoding="utf-8")
    template = scratch_project / "layouts" / "commentary" / "article.html.j2"
    template.write_text(template.read_text(encoding="utf-8").replace(
        "<title>{{ article.title }}</title>", "<title>Draft</title>"), encoding="utf-8")
    path = write_manuscript("One paragraph of text.\n")
    result = run_avi("build", path, "-o", tmp_path / "out")
    assert result.exit_code == 1
    failed = tmp_path / "out" / "failed" / "2024" / "avi-commentary-2024-03.pdf"
    kept = f"the PDF is kept for a look at {failed}"
    assert problems(result) == [
        f"error: {path}: P013 the Title 'Draft' is not the article's title ({kept})",
        f"error: {path}: page 1: P006 the running issue line is missing ({kept})",
        f"error: {path}: page 1: P017 the page number 1 is missing ({kept})",
        f"error: {path}: page 1: P008 the masthead 'AVI COMMENTARY' does not open page 1 ({kept})",
        f"error: {path}: page 1: P009 no dateline like 'Cambodia | 28 August 2024' after the "
        f"masthead ({kept})",
        f"error: {path}: page 1: P010 page 1 should hold an author note for each author (*); "
        f"it holds none ({kept})",
        f"error: {path}: page 1: P011 the disclaimer is missing from the last page ({kept})",
        f"error: {path}: F001 the text layer does not give back 'Cambodia' (dateline) ({kept})",
        f"error: {path}: F001 the text layer does not give back 'Yen Samnang is a research fellow at "
        f"the …' (author note) ({kept})",
    ]
    assert not (tmp_path / "out" / "2024").exists()


def test_the_house_layout_passes(write_manuscript: ManuscriptWriter, tmp_path: Path) -> None:
    path = write_manuscript("One paragraph of text.\n")
    result = run_avi("build", path, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert problems(result) == []


def test_a_page_that_ends_with_a_heading_is_a_warning_the_build_and_avi_check_agree_on(
        scratch_project: Path, write_manuscript: ManuscriptWriter, tmp_path: Path) -> None:
    style = scratch_project / "layouts" / "commentary" / "style.css"
    style.write_text(style.read_text(encoding="utf-8") + "\n.body h2 { break-after: page; }\n",
                     encoding="utf-8")
    path = write_manuscript(paragraphs(2) + "\n## Looking Ahead\n\n" + paragraphs(2, tag="Q"))
    result = run_avi("build", path, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output  # a warning: the PDF is written
    line = f"warning: {path}: page 1: P016 the page ends with the heading 'Looking Ahead'"
    assert problems(result) == [line]
    pdf = tmp_path / "out" / "2024" / "avi-commentary-2024-03.pdf"
    checked = run_avi("check", pdf)
    assert checked.output.splitlines()[0] == (f"{pdf}: page 1: P016 warning: the page ends with the "
                                              "heading 'Looking Ahead'")


def _standard_font_pdf() -> bytes:
    """A one-page A4 PDF in Helvetica, a font no PDF embeds, with no structure tree."""
    stream = b"BT /F1 11 Tf 72 770 Td (A paragraph of text.) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /Lang (en) >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.28 841.89] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_fonts_not_embedded_not_of_the_house_and_no_tags_are_findings(
        project: Project, write_manuscript: ManuscriptWriter) -> None:
    article = read_manuscript(write_manuscript("A paragraph of text.\n"), project)
    found = {(f.code, f.page, f.message)
             for f in check_written(_standard_font_pdf(), article, project, "x.md", tagged=True)}
    assert ("P004", 1, "font Helvetica is not embedded") in found
    assert ("P005", 1, "font Helvetica is not a house font") in found
    assert ("P014", 0, "claims PDF/UA but has no tagged structure") in found
    untagged = check_written(_standard_font_pdf(), article, project, "x.md", tagged=False)
    assert "P014" not in {f.code for f in untagged}


def test_a_page_whose_last_line_ends_with_a_real_hyphen_keeps_its_author_note(tmp_path: Path) -> None:
    # Corpus manuscript 40: page 1's last body line ends `rules-` (of `rules-based`); PDFium joins
    # that line to the author note after it, which must still be read as the note it is.
    from benchmarks.corpus import manuscript

    path = tmp_path / "ms-0040.md"
    path.write_text(manuscript(40), encoding="utf-8")
    result = run_avi("build", path, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert problems(result) == []
