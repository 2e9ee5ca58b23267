"""Each house-style rule: the seed passes, and a PDF that breaks the rule triggers exactly its code."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, RectangleObject, TextStringObject

from avitools.check.findings import RULES
from tests.conftest import ManuscriptWriter
from tests.helpers import AUTHOR, ROOT, SEED, edit, paragraphs, problems, run_avi

CSS = Path("layouts/commentary/style.css")
TEMPLATE = Path("layouts/commentary/article.html.j2")


@pytest.fixture(scope="module")
def seed_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("rules")
    result = run_avi("build", SEED, "-o", out)
    assert result.exit_code == 0, result.output
    return out / "2024" / "avi-commentary-2024-08.pdf"


def findings(*paths: Path, strict: bool = False) -> tuple[int, set[tuple[str, int]]]:
    """Exit code and the (code, page) pairs that `avi check --json` reports."""
    result = run_avi("check", *paths, "--json", *(["--strict"] if strict else []))
    report = json.loads(result.stdout)
    found = {(f["code"], f["page"]) for entry in report["files"] for f in entry["findings"]}
    return result.exit_code, found


def built(manuscript: Path, tmp_path: Path) -> Path:
    """The PDF a build made: written, or kept aside when the build's own checks refused it."""
    result = run_avi("build", manuscript, "-o", tmp_path / "out")
    if result.exit_code == 0:
        return Path(result.stdout.strip())
    failed = sorted((tmp_path / "out" / "failed").rglob("*.pdf"))
    assert len(failed) == 1, result.output
    return failed[0]


def edited(source: Path, target: Path, change: object) -> Path:
    """A copy of `source` changed by `change(writer)` through pypdf."""
    writer = PdfWriter(clone_from=PdfReader(source))
    change(writer)  # type: ignore[operator]
    with target.open("wb") as handle:
        writer.write(handle)
    return target


def test_seed_passes_without_error_or_warning(seed_pdf: Path) -> None:
    result = run_avi("check", seed_pdf, "--strict")
    assert result.exit_code == 0, result.output
    assert result.stdout == "1 file(s) checked: 0 error(s), 0 warning(s)\n"


def test_fixture_manuscripts_pass(tmp_path: Path) -> None:
    result = run_avi("build", ROOT / "tests" / "data" / "manuscripts", "-o", tmp_path)
    assert result.exit_code == 0, result.output
    assert findings(tmp_path, strict=True) == (0, set())


def test_p001_truncated_file(seed_pdf: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(seed_pdf.read_bytes()[:6000])
    assert findings(broken) == (1, {("P001", 0)})


def test_p001_not_a_pdf(tmp_path: Path) -> None:
    fake = tmp_path / "fake.pdf"
    fake.write_text("This is a Word document, renamed.\n")
    code, found = findings(fake)
    assert (code, found) == (1, {("P001", 0)})


def test_p002_page_size(seed_pdf: Path, tmp_path: Path) -> None:
    def letter_width(writer: PdfWriter) -> None:
        writer.pages[1].mediabox = RectangleObject([0, 0, 612, 841.89])

    assert findings(edited(seed_pdf, tmp_path / "a.pdf", letter_width)) == (1, {("P002", 2)})


def test_p003_page_count(scratch_project: Path, tmp_path: Path) -> None:
    """The build refuses an issue over its limit and keeps the PDF aside; avi check agrees."""
    edit(scratch_project / "avi.toml", "max_pages = 4", "max_pages = 2")
    result = run_avi("build", SEED, "-o", tmp_path / "out")
    assert result.exit_code == 1
    failed = tmp_path / "out" / "failed" / "2024" / "avi-commentary-2024-08.pdf"
    assert problems(result) == [
        f"error: {SEED}: P003 3 pages, more than the 2 an issue of AVI Commentary may have (shorten it, "
        "or give a special issue its own limit with max_pages in its front matter) (the PDF is kept for "
        f"a look at {failed})"]
    assert not (tmp_path / "out" / "2024").exists()
    assert findings(failed) == (1, {("P003", 0)})


def _fonts(writer: PdfWriter, name: str) -> list[object]:
    resources: Any = writer.pages[0]["/Resources"]
    fonts: Any = resources["/Font"]
    return [f.get_object() for f in fonts.values() if name in str(f.get_object()["/BaseFont"])]


def test_p004_font_not_embedded(seed_pdf: Path, tmp_path: Path) -> None:
    def strip(writer: PdfWriter) -> None:
        for font in _fonts(writer, "Noto-Sans-Italic"):
            for descendant in font["/DescendantFonts"]:  # type: ignore[index]
                descriptor = descendant.get_object()["/FontDescriptor"].get_object()
                del descriptor[NameObject("/FontFile2")]

    assert findings(edited(seed_pdf, tmp_path / "a.pdf", strip)) == (1, {("P004", 1)})


def test_p005_foreign_font(seed_pdf: Path, tmp_path: Path) -> None:
    def rename(writer: PdfWriter) -> None:
        for font in _fonts(writer, "Noto-Sans-Italic"):
            font[NameObject("/BaseFont")] = NameObject("/ABCDEF+DejaVuSans-Oblique")  # type: ignore[index]

    assert findings(edited(seed_pdf, tmp_path / "a.pdf", rename)) == (1, {("P005", 1)})


def test_p006_issue_line_missing(scratch_project: Path, tmp_path: Path) -> None:
    edit(scratch_project / CSS, "html {", "@page :nth(2) { @bottom-left { content: none; } }\nhtml {")
    assert findings(built(SEED, tmp_path)) == (1, {("P006", 2)})


def test_p007_issue_line_against_metadata(seed_pdf: Path, tmp_path: Path) -> None:
    def subject(writer: PdfWriter) -> None:
        writer.add_metadata({"/Subject": "AVI Commentary, ISSUE: 2024, No. 09"})

    assert findings(edited(seed_pdf, tmp_path / "a.pdf", subject)) == (1, {("P007", 0)})


def test_p008_masthead_missing(scratch_project: Path, tmp_path: Path) -> None:
    edit(scratch_project / CSS, ".masthead {", ".masthead { display: none; }\n.x {")
    assert findings(built(SEED, tmp_path)) == (1, {("P008", 1)})


def test_p009_dateline_format(scratch_project: Path, tmp_path: Path) -> None:
    edit(scratch_project / TEMPLATE, "{{ date_text }}", "{{ article.date }}")
    assert findings(built(SEED, tmp_path)) == (1, {("P009", 1)})


def test_p010_author_notes_against_byline(scratch_project: Path, tmp_path: Path,
                                          write_manuscript: ManuscriptWriter) -> None:
    # The notes lose their marks (the byline keeps them).
    with (scratch_project / CSS).open("a", encoding="utf-8") as css:
        css.write('\n.author-note::footnote-marker { content: ""; }\n')
    two = [AUTHOR, {"name": "Jane DOE", "bio": "Jane Doe is a fellow."}]
    assert findings(built(write_manuscript(paragraphs(10), authors=two), tmp_path)) == (
        1, {("P010", 1)})


def test_p011_disclaimer_not_last(scratch_project: Path, tmp_path: Path) -> None:
    template = scratch_project / TEMPLATE
    text = template.read_text()
    footer = re.search(r"<footer class=\"disclaimer\">.*?</footer>\n", text)
    assert footer
    template.write_text(text.replace(footer[0], "").replace('<main class="body">',
                                                             footer[0] + '<main class="body">'))
    assert findings(built(SEED, tmp_path)) == (1, {("P011", 1), ("P011", 3)})


def test_p011_disclaimer_in_the_wrong_number(scratch_project: Path, tmp_path: Path) -> None:
    edit(scratch_project / TEMPLATE, "<p>{{ disclaimer }}</p>", "<p>{{ series.disclaimer_many }}</p>")
    assert findings(built(SEED, tmp_path)) == (1, {("P011", 3)})


def test_p012_footnote_without_its_note(scratch_project: Path, tmp_path: Path,
                                        write_manuscript: ManuscriptWriter) -> None:
    edit(scratch_project / CSS, ".footnote::footnote-marker {\n  content: counter(footnote) \". \";",
         ".footnote::footnote-marker {\n  content: \"\";")
    path = write_manuscript("A claim.[^a] Another claim.\n\n" + paragraphs(8)
                            + "\n[^a]: The source of the claim.\n")
    assert findings(built(path, tmp_path)) == (1, {("P012", 1)})


def test_p013_missing_title(seed_pdf: Path, tmp_path: Path) -> None:
    def untitled(writer: PdfWriter) -> None:
        del writer._info.get_object()[NameObject("/Title")]  # type: ignore[union-attr]

    assert findings(edited(seed_pdf, tmp_path / "a.pdf", untitled)) == (1, {("P013", 0)})


def test_p013_title_not_the_printed_one(seed_pdf: Path, tmp_path: Path) -> None:
    def retitle(writer: PdfWriter) -> None:
        writer.add_metadata({"/Title": TextStringObject("Another Commentary Altogether")})

    assert findings(edited(seed_pdf, tmp_path / "a.pdf", retitle)) == (1, {("P013", 1)})


def test_p014_untagged_pdf_ua(seed_pdf: Path, tmp_path: Path) -> None:
    def untag(writer: PdfWriter) -> None:
        del writer._root_object[NameObject("/StructTreeRoot")]

    assert findings(edited(seed_pdf, tmp_path / "a.pdf", untag)) == (1, {("P014", 0)})


def test_p015_text_in_the_margin(scratch_project: Path, tmp_path: Path) -> None:
    edit(scratch_project / CSS, ".masthead {", ".masthead {\n  margin-left: -15mm;")
    assert findings(built(SEED, tmp_path)) == (1, {("P015", 1)})


def test_p016_heading_at_the_foot_of_a_page(scratch_project: Path, tmp_path: Path) -> None:
    edit(scratch_project / CSS, "html {", "#sec-hedging-strategy { break-after: page; }\nhtml {")
    pdf = built(SEED, tmp_path)
    assert findings(pdf) == (0, {("P016", 1)})
    assert findings(pdf, strict=True) == (1, {("P016", 1)})


def test_p017_page_number_missing(scratch_project: Path, tmp_path: Path) -> None:
    edit(scratch_project / CSS, "html {", "@page :nth(3) { @bottom-right { content: none; } }\nhtml {")
    assert findings(built(SEED, tmp_path)) == (1, {("P017", 3)})


def test_every_rule_is_documented() -> None:
    table = (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")
    for rule in RULES.values():
        assert f"| `{rule.code}` | {rule.severity} | {rule.summary} |" in table


def test_text_output_is_one_line_per_finding(scratch_project: Path, tmp_path: Path) -> None:
    edit(scratch_project / CSS, "html {", "@page :nth(2) { @bottom-left { content: none; } }\nhtml {")
    pdf = built(SEED, tmp_path)
    shutil.copy(pdf, tmp_path / "avi-commentary-2024-08.pdf")
    result = run_avi("check", tmp_path / "avi-commentary-2024-08.pdf")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{tmp_path}/avi-commentary-2024-08.pdf: page 2: P006 error: the running issue line is missing",
        "1 file(s) checked: 1 error(s), 0 warning(s)",
    ]


def test_wrong_usage_exits_2(tmp_path: Path) -> None:
    assert run_avi("check").exit_code == 2
    result = run_avi("check", tmp_path, "--render-diff", tmp_path)
    assert result.exit_code == 2
