"""A successful build is a faithful publication: the build checks the PDF it wrote."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.conftest import ManuscriptWriter
from tests.helpers import ROOT, SEED, edit, paragraphs, problems, run_avi

NOTES = Path("layouts") / "commentary" / "article.html.j2"  # the byline holds the author notes


def test_a_layout_that_drops_text_fails_the_build_and_keeps_the_earlier_pdf(
        scratch_project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_avi("build", SEED, "-o", out).exit_code == 0
    good = (out / "2024" / "avi-commentary-2024-08.pdf").read_bytes()
    manifest = (out / ".avi-manifest.json").read_text()
    edit(scratch_project / NOTES, "{{ author.bio | breakable }}", "")
    result = run_avi("build", SEED, "-o", out)
    assert result.exit_code == 1
    failed = out / "failed" / "2024" / "avi-commentary-2024-08.pdf"
    kept = f"(the PDF is kept for a look at {failed})"
    assert problems(result) == [
        f"error: {SEED}: page 1: P010 page 1 should hold an author note for each author (*); "
        f"it holds none {kept}",
        f"error: {SEED}: F001 the text layer does not give back 'Yen Samnang is a research fellow at "
        f"the …' (author note) {kept}"]
    assert (out / "2024" / "avi-commentary-2024-08.pdf").read_bytes() == good
    assert (out / ".avi-manifest.json").read_text() == manifest
    assert failed.read_bytes().startswith(b"%PDF-")
    check = run_avi("check", failed, "--manuscript", SEED, "--json")
    codes = [f["code"] for f in json.loads(check.stdout)["files"][0]["findings"]]
    assert "F001" in codes
    assert check.exit_code == 1


def test_a_clean_rebuild_clears_the_failed_pdf(scratch_project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    notes = scratch_project / NOTES
    original = notes.read_text()
    notes.write_text(original.replace("{{ author.bio | breakable }}", ""))
    assert run_avi("build", SEED, "-o", out).exit_code == 1
    notes.write_text(original)
    assert run_avi("build", SEED, "-o", out).exit_code == 0
    assert not (out / "failed" / "2024" / "avi-commentary-2024-08.pdf").exists()


def test_avi_check_holds_a_good_pdf_to_its_manuscript(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_avi("build", SEED, "-o", out).exit_code == 0
    result = run_avi("check", out / "2024" / "avi-commentary-2024-08.pdf", "--manuscript", SEED)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == "1 file(s) checked: 0 error(s), 0 warning(s)"


def test_an_issue_over_the_page_limit_fails_unless_its_front_matter_raises_it(
        write_manuscript: ManuscriptWriter, tmp_path: Path) -> None:
    long = write_manuscript(paragraphs(30, words=120))
    result = run_avi("build", long, "-o", tmp_path / "out")
    assert result.exit_code == 1
    (line,) = problems(result)
    assert line.startswith(f"error: {long}: P003 ")
    assert "more than the 4 an issue of AVI Commentary may have" in line
    special = write_manuscript(paragraphs(30, words=120), name="special.md", max_pages=14)
    result = run_avi("build", special, "-o", tmp_path / "special")
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "special" / "2024" / "avi-commentary-2024-03.pdf"
    assert run_avi("check", pdf, "--manuscript", special).exit_code == 0
    assert "P003" in run_avi("check", pdf).stdout


def test_khmer_words_in_an_english_article_read_back(write_manuscript: ManuscriptWriter,
                                                    tmp_path: Path) -> None:
    path = write_manuscript("Khmer words: កម្ពុជា និង ពង្រឹង ការបរទេស។\n")
    result = run_avi("build", path, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert problems(result) == []
    pdf = tmp_path / "out" / "2024" / "avi-commentary-2024-03.pdf"
    layer = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True, check=True).stdout
    assert "Khmer words: កម្ពុជា និង ពង្រឹង ការបរទេស។" in layer


def test_the_bundled_manuscripts_build_faithfully(tmp_path: Path) -> None:
    result = run_avi("build", ROOT / "manuscripts", ROOT / "tests" / "data" / "manuscripts",
                     "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert problems(result) == []


FIXTURES = ROOT / "tests" / "data" / "faithful"
MM = 72 / 25.4


def build_fixture(name: str, tmp_path: Path) -> Path:
    result = run_avi("build", FIXTURES / name, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    return Path(result.stdout.strip())


def raw_lines(pdf: Path) -> list[str]:
    from avitools.check.pdftext import read_pages

    return [line.text for page in read_pages(pdf) for line in page.lines]


LINKS = [
    "https://www.asianvision.org/research/inside-the-mekong-river-commission-decisions-2024/full-report",
    "https://data.example.org/research/inside/tables/2024/mekong-flows-at-kratie-and-stung-treng.csv",
    "policy-analysis-desk@international-organisation-for-regional-cooperation.org",
    "https://www.example.org/long/path/to/the/research/inside/annex-three-regional-trade.pdf",
    "7e6dc881a3f04b2e9d5c6a7b8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c",
    "https://www.example.org/quoted/source/with/a/very/long/path/inside/the-archive.html",
    "doi:10.1093/international-affairs/iiae123456789",
    "https://www.example.org/notes/source/with/a/very/long/path/for-the-second-note.html",
]


def test_urls_read_back_whole_and_are_live_links(tmp_path: Path) -> None:
    from pypdf import PdfReader

    pdf = build_fixture("links.md", tmp_path)
    lines = raw_lines(pdf)
    assert not [line for line in lines if "\u2010" in line], "no hyphen was inserted anywhere"
    flowing = "".join(lines)
    poppler = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                             text=True, check=True).stdout.replace("\n", "")
    for address in LINKS:
        assert address in flowing, address
        assert address in poppler, f"pdftotext: {address}"
    targets = {str(a.get_object()["/A"]["/URI"]) for page in PdfReader(pdf).pages
               for a in page.get("/Annots", []) if "/A" in a.get_object()}
    assert LINKS[0] in targets
    assert f"mailto:{LINKS[2]}" in targets
    assert LINKS[7] in targets


def test_adjacent_calls_a_heading_call_and_a_decade(tmp_path: Path) -> None:
    from avitools.check.pdftext import read_pages

    pdf = build_fixture("links.md", tmp_path)
    text = " ".join(raw_lines(pdf))
    assert "calculus.1,2" in text
    assert "the \u201990s" in text
    note = next(line for page in read_pages(pdf) for line in page.lines
                if line.text.startswith("3. A note called from a heading"))
    assert note.font == "Noto-Serif"
    assert note.size == 8.5


def test_a_wide_long_table_fits_and_repeats_its_header(tmp_path: Path) -> None:
    import pypdfium2

    from avitools.check.pdftext import read_pages

    pdf = build_fixture("tables.md", tmp_path)
    pages = read_pages(pdf)
    headers = [p.number for p in pages for line in p.lines if line.text.startswith("YearExportsImports")]
    assert headers == [1, 2]
    assert "11,834,567.89" in " ".join(raw_lines(pdf))
    document = pypdfium2.PdfDocument(pdf)
    width = document[0].get_size()[0]
    rights = set()
    for index in range(len(document)):
        textpage = document[index].get_textpage()
        for value in ("11,834,567.89", "11,835,567.89", "11,893,567.89"):
            searcher = textpage.search(value)
            found = searcher.get_next()
            if found:
                start, count = found
                right = textpage.get_charbox(start + count - 1)[2]
                assert right <= width - 24 * MM + 1
                rights.add(round(right, 1))
    assert len(rights) == 1, f"the Exports column is aligned right: {rights}"


def test_a_table_too_wide_for_any_type_size_is_refused(write_manuscript: ManuscriptWriter,
                                                       tmp_path: Path) -> None:
    head = "| " + " | ".join(f"C{i}" for i in range(14)) + " |"
    rule = "|" + "---|" * 14
    row = "| " + " | ".join(str(i) for i in range(14)) + " |"
    path = write_manuscript(f"Intro.\n\n{head}\n{rule}\n{row}\n")
    result = run_avi("build", path, "-o", tmp_path / "out")
    assert result.exit_code == 1
    line = path.read_text().splitlines().index(head) + 1
    assert problems(result) == [
        f"error: {path}:{line}: a table has more than 12 columns and cannot fit the page (split it into "
        "two tables, or turn it so that the years run down the rows)"]


def test_a_portrait_figure_fits_the_text_block_and_moves_whole(tmp_path: Path) -> None:
    import pypdfium2
    import pypdfium2.raw as pdfium_c

    pdf = build_fixture("figure.md", tmp_path)
    document = pypdfium2.PdfDocument(pdf)
    placed = [(index, obj.get_bounds()) for index in range(len(document))
              for obj in document[index].get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE])]
    assert len(placed) == 1
    index, (left, bottom, right, top) = placed[0]
    width, height = document[index].get_size()
    assert left >= 24 * MM - 1
    assert right <= width - 24 * MM + 1
    assert bottom >= 24 * MM - 1
    assert top <= height - 20 * MM + 1
    if index > 0:  # moved: the gap it left on the page before is smaller than the figure
        textpage = document[index - 1].get_textpage()
        lowest_body = min(textpage.get_rect(i)[1] for i in range(textpage.count_rects())
                          if textpage.get_rect(i)[1] > 60 * MM)
        assert lowest_body - 24 * MM < top - bottom
    # Its caption (the image's title) stands right below it, on the same page.
    textpage = document[index].get_textpage()
    caption = "Figure 1. The Mekong at Kratie: monthly flows, 2020–2024"
    found = textpage.search(caption, match_case=True).get_next()
    assert found is not None
    first_char = found[0]
    _left, _bottom, _right, caption_top = textpage.get_charbox(first_char)
    assert bottom - 8 * MM < caption_top < bottom


def refused(name: str, tmp_path: Path) -> tuple[Path, list[str]]:
    """The fixture (as the officer's working folder names it) and the error lines of its build."""
    path = (FIXTURES / name).relative_to(ROOT)
    result = run_avi("build", path, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert not (tmp_path / "out" / "2024").exists()
    return path, problems(result)


def line_of(path: Path, text: str) -> int:
    return path.read_text(encoding="utf-8").splitlines().index(text) + 1


def test_a_list_deeper_than_the_layout_is_refused(tmp_path: Path) -> None:
    path, lines = refused("deep-list.md", tmp_path)
    assert lines == [f"error: {path}:{line_of(path, '- item') + 6}: a list is nested more than 6 levels "
                     "deep, more than the layout carries (flatten the list or split it into paragraphs)"]


def test_quotes_deeper_than_the_layout_are_refused(write_manuscript: ManuscriptWriter,
                                                   tmp_path: Path) -> None:
    path, lines = refused("deep-quote.md", tmp_path)
    assert lines == [f"error: {path}:{line_of(path, '> ' * 25 + 'deep')}: a quotation is nested more "
                     "than 4 levels deep, more than the layout carries (quote at most four levels deep)"]
    quote = write_manuscript("Intro.\n\n" + "> " * 3000 + "deep\n", name="q3000.md")
    result = run_avi("build", quote, "-o", tmp_path / "q3000")
    assert problems(result) == [
        f"error: {quote}:{len(quote.read_text().splitlines())}: a quotation is nested more than 4 "
        "levels deep, more than the layout carries (quote at most four levels deep)"]


def test_a_note_cited_twice_is_refused(tmp_path: Path) -> None:
    path, lines = refused("note-twice.md", tmp_path)
    assert lines == [f"error: {path}:{line_of(path, 'Again.[^a]')}: footnote [^a] is cited a second time "
                     "(cite each note once: give the second place a note of its own, or refer to the "
                     "note in words)"]
