"""The print book: its parts in order, right-hand starts, numbers and labels, heads, index, bytes."""

from __future__ import annotations

import hashlib
import re
from itertools import groupby
from pathlib import Path
from typing import Any

import pypdfium2
import pytest
from pypdf import PdfReader

from avitools.check.book import read_book
from avitools.check.house import normal
from avitools.check.pdftext import read_pages
from avitools.config import Project
from tests.helpers import ROOT, edit, problems, run_avi

YEAR_FOLDER = ROOT / "tests" / "data" / "manuscripts"  # issues 10, 11 and 12 of 2024
MM = 72 / 25.4
TITLE_10 = "Hedging in Practice: Cambodia’s Foreign Policy Choices for the Decade Ahead"


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The book of issues 10–12; `-o` naming a .pdf asks for the print book."""
    target = tmp_path_factory.mktemp("book") / "avi-commentary-2024.pdf"
    result = run_avi("anthology", "2024", "--from", YEAR_FOLDER, "-o", target)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{target}\n"
    return target


@pytest.fixture(scope="module")
def issue_10(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("issue")
    result = run_avi("build", YEAR_FOLDER / "2024-10-hedging-in-practice.md", "-o", out)
    assert result.exit_code == 0, result.output
    return out / "2024" / "avi-commentary-2024-10.pdf"


def squeeze(text: str) -> str:
    """Text without spaces, for lines set with letter spacing."""
    return text.replace(" ", "")


def texts(path: Path) -> list[str]:
    """Each page's text as PDFium reads it."""
    document = pypdfium2.PdfDocument(path)
    try:
        return [normal(document[i].get_textpage().get_text_range()) for i in range(len(document))]
    finally:
        document.close()


def margin_text(path: Path, index: int, where: str) -> list[str]:
    """The text runs in the top or bottom margin of page `index` (0-based)."""
    document = pypdfium2.PdfDocument(path)
    try:
        page = document[index]
        text = page.get_textpage()
        height = page.get_size()[1]
        found = []
        for i in range(text.count_rects()):
            left, bottom, right, top = text.get_rect(i)
            if (where == "top" and bottom > height - 20 * MM) or (where == "bottom" and top < 24 * MM):
                found.append(normal(text.get_text_bounded(left, bottom, right, top)))
        return found
    finally:
        document.close()


def test_page_labels_are_roman_then_arabic(book: Path, project: Project) -> None:
    labels = list(PdfReader(book).page_labels)
    # The cover and its back, the front matter numbered from the title page, then the issues, the
    # index and a blank leaf's back (an even page count).
    assert labels == ["Cover", "Inside cover", "i", "ii", "iii", "iv", *map(str, range(1, 13))]
    # the book rules read the same labels (with PDFium)
    pages = read_book(book.read_bytes(), project.series(None))
    assert [page.label for page in pages] == labels


def test_front_matter_cover_title_imprint_contents(book: Path) -> None:
    pages = texts(book)
    # Cover, title page and imprint name the issues the book holds in the same words.
    holds = "3 commentaries, issues No. 10 to No. 12"
    assert pages[0] == f"AVI COMMENTARY 2024 {holds} Asian Vision Institute"
    assert pages[1] == ""  # the back of the cover
    # The masthead's letter spacing reads back with spaces in PDFium, as on every issue's page 1.
    assert squeeze(pages[2]) == squeeze(f"AVI COMMENTARY 2024 {holds} Asian Vision Institute, Phnom Penh")
    assert pages[3].startswith(f"Imprint AVI Commentary 2024: {holds}. Published by Asian Vision "
                               "Institute, Phnom Penh, 2024.")
    assert "© 2024 Asian Vision Institute. All rights reserved." in pages[3]
    assert pages[3].endswith("The views expressed are the authors' own and do not reflect the views of "
                             "the Asian Vision Institute.")
    assert pages[4].startswith("Contents No. 10 — " + TITLE_10.replace("’", "'") + " — KIM Sopheak "
                               "(21 October 2024) 1 No. 11 — ")  # each issue with its date
    assert margin_text(book, 4, "bottom") == ["iii"]  # numbered from the title page


def test_contents_numbers_are_the_pages_where_issues_start(book: Path) -> None:
    pages = texts(book)
    labels = list(PdfReader(book).page_labels)
    contents = re.findall(r"No\. (\d\d) — .*? (\d+)(?= No\.| Contributors)", pages[4])
    index_page = re.search(r"Index of authors (\d+)", pages[4])
    assert contents == [("10", "1"), ("11", "5"), ("12", "7")]
    assert index_page is not None
    assert index_page[1] == "11"  # after the contributors (9) and a blank page
    for issue, printed in [*contents, ("index", index_page[1])]:
        start = labels.index(printed)
        assert start % 2 == 0, f"{issue} starts on a left-hand page"  # physical page start+1 is odd
        opening = pages[start]
        if issue == "index":
            assert opening.startswith("Index of authors")
        else:
            assert squeeze(opening).startswith("AVICOMMENTARY")
            assert f"ISSUE: 2024, No. {issue}" in margin_text(book, start, "bottom")
            assert printed in margin_text(book, start, "bottom")


def test_blank_pages_carry_nothing(book: Path) -> None:
    document = pypdfium2.PdfDocument(book)
    try:
        blank = [i for i in range(len(document)) if not document[i].get_textpage().get_text_range().strip()]
        # After the cover, after the contents, after the contributors, the last leaf's back.
        assert blank == [1, 5, 15, 17]
        assert all(len(list(document[i].get_objects())) == 0 for i in blank)
    finally:
        document.close()


def test_running_heads_series_left_title_right(book: Path) -> None:
    labels = list(PdfReader(book).page_labels)
    first = labels.index("1")
    assert margin_text(book, first, "top") == []  # the masthead page has no running head
    assert margin_text(book, first + 1, "top") == ["AVI Commentary 2024"]  # page 2, left
    assert margin_text(book, first + 2, "top") == [TITLE_10.replace("’", "'")]  # page 3, right
    assert margin_text(book, first + 2, "bottom") == ["ISSUE: 2024, No. 10", "3"]
    # Folios on the outer edge: a left-hand page's at the left, the issue line at the inner side.
    assert margin_text(book, first + 1, "bottom") == ["2", "ISSUE: 2024, No. 10"]


def test_an_issue_is_laid_out_as_its_own_pdf(book: Path, issue_10: Path) -> None:
    """Same lines at the same places: the book shares the issue layout rather than copying it."""
    own = read_pages(issue_10)
    labels = list(PdfReader(book).page_labels)
    first = labels.index("1")
    inside = read_pages(PdfReader(book))[first:first + len(own)]
    text_block = (24 * MM, 841.89 - 20 * MM)  # running heads and numbers aside

    def body(page: object) -> list[tuple[str, float]]:
        lines = page.lines  # type: ignore[attr-defined]
        return [(line.text, round(line.baseline, 1)) for line in lines
                if text_block[0] < line.baseline < text_block[1]]

    assert len(own) == 4
    assert [body(p) for p in inside] == [body(p) for p in own]


def test_author_index_by_sort_name_with_pages(book: Path) -> None:
    pages = texts(book)
    # Given-name-first names inverted (SANTOS, Maria); dot leaders to the page numbers.
    assert re.sub(r"(?: ?\.){2,} ", " ", pages[-2]) == (
        "Index of authors CHHEANG Vannarith (No. 11) 5 KIM Sopheak (No. 10) 1 "
        "LIM Wei Jie (No. 12) 7 NGUYỄN Thị Lan (No. 11) 5 SANTOS, Maria (No. 12) 7 "
        "SOK Dara (No. 12) 7 11")  # its own page number last


def test_index_numbers_stand_flush_right(book: Path) -> None:
    document = pypdfium2.PdfDocument(book)
    try:
        page = document[len(document) - 2]
        text = page.get_textpage()
        numbers = [text.get_charbox(i, loose=True) for i in range(2, text.count_chars())
                   if text.get_text_range(i, 1).isdigit() and text.get_text_range(i - 3, 3) == " . "
                   and text.get_charbox(i)[1] > 30 * MM]  # a number after the leaders
        rights = [round(box[2], 1) for box in numbers]
        assert len(rights) == 6
        assert max(rights) - min(rights) < 0.8  # one right edge for every entry's number
    finally:
        document.close()


def test_bookmarks_one_per_issue_contents_and_index(book: Path) -> None:
    reader = PdfReader(book)
    labels = list(reader.page_labels)
    top = [(str(item["/Title"]), labels[reader.get_destination_page_number(item) or 0])
           for item in reader.outline if not isinstance(item, list)]
    assert top == [
        ("Contents", "iii"),
        (f"No. 10 — {TITLE_10}", "1"),
        ("No. 11 — Water Diplomacy on the Mekong: Data, Dams and Dialogue", "5"),
        ("No. 12 — ASEAN’s Digital Economy Framework Agreement: What It Means for Cambodia", "7"),
        ("Contributors", "9"),
        ("Index of authors", "11"),
    ]


def test_contents_and_index_link_to_the_issues(book: Path) -> None:
    reader = PdfReader(book)
    labels = list(reader.page_labels)
    destinations = reader.named_destinations

    def targets(index: int, wrapped: bool) -> list[str]:
        """The page labels the links of page `index` lead to (a `wrapped` link once for its lines)."""
        annotations: Any = reader.pages[index]["/Annots"]
        names = [str(a.get_object()["/Dest"]) for a in annotations]
        if wrapped:
            names = [name for name, _ in groupby(names)]
        return [labels[reader.get_destination_page_number(destinations[n]) or 0] for n in names]

    assert targets(4, wrapped=True) == ["1", "5", "7", "9", "11"]  # the contents
    index = len(reader.pages) - 2
    assert targets(index, wrapped=False) == ["5", "1", "7", "5", "7", "7"]  # by author


def test_book_is_tagged_pdf_ua_with_document_information(book: Path) -> None:
    reader = PdfReader(book)
    root: Any = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]
    assert b'pdfuaid:part="1"' in root["/Metadata"].get_object().get_data()
    info: dict[str, Any] = dict(reader.metadata or {})
    assert info["/Title"] == "AVI Commentary 2024"
    assert info["/Subject"] == "AVI Commentary 2024: 3 commentaries, issues No. 10 to No. 12"
    assert info["/Author"] == ("KIM Sopheak, CHHEANG Vannarith, NGUYỄN Thị Lan, SOK Dara, Maria SANTOS, "
                               "LIM Wei Jie")
    assert info["/CreationDate"] == "D:20241203000000Z"


def test_book_passes_avi_check_with_its_manuscripts(book: Path) -> None:
    result = run_avi("check", book, "--manuscript", YEAR_FOLDER, "--strict")
    assert result.exit_code == 0, result.output
    assert result.stdout == "1 file(s) checked: 0 error(s), 0 warning(s)\n"


def test_same_manuscripts_same_bytes(book: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.pdf"
    assert run_avi("anthology", "2024", "--from", YEAR_FOLDER, "--format", "pdf", "-o", again).exit_code == 0
    assert hashlib.sha256(again.read_bytes()).digest() == hashlib.sha256(book.read_bytes()).digest()


def _boxes(page: Any) -> dict[str, list[float]]:
    return {name: [round(float(v), 2) for v in getattr(page, name)]
            for name in ("mediabox", "bleedbox", "trimbox")}


def _ink(path: Path, index: int, inside: list[float], outside: list[float]) -> int:
    """Dark pixels page `index` draws between two boxes (PDF coordinates): inside the box
    `inside`, outside the box `outside` (4 px per pt, the whole media box)."""
    document = pypdfium2.PdfDocument(path)
    try:
        page = document[index]
        x0, _, _, y1 = page.get_mediabox()
        image = page.render(scale=4, grayscale=True).to_pil()
    finally:
        document.close()
    count = 0
    for y in range(0, image.height, 2):
        for x in range(0, image.width, 2):
            px, py = x0 + x / 4, y1 - y / 4
            within = inside[0] <= px <= inside[2] and inside[1] <= py <= inside[3]
            beyond = not (outside[0] <= px <= outside[2] and outside[1] <= py <= outside[3])
            if within and beyond and image.getpixel((x, y)) < 128:
                count += 1
    return count


def _grown(box: list[float], by: float) -> list[float]:
    return [box[0] - by, box[1] - by, box[2] + by, box[3] + by]


@pytest.mark.slow
def test_print_shop_pair_text_block_and_cover(scratch_project: Path) -> None:
    (scratch_project / "manuscripts").symlink_to(ROOT / "tests" / "data" / "manuscripts",
                                                 target_is_directory=True)
    edit(scratch_project / "avi.toml", 'margins_mm = [20, 24, 24, 24]',
         'margins_mm = [20, 24, 24, 24]\n\n[series.commentary.book]\ncaliper_mm = 0.4\n')
    result = run_avi("anthology", "2024", "--from", "manuscripts", "--print")
    assert result.exit_code == 0, result.output
    target = scratch_project / "build" / "2024" / "avi-commentary-2024-print.pdf"
    cover = scratch_project / "build" / "2024" / "avi-commentary-2024-print-cover.pdf"
    assert result.stdout == "build/2024/avi-commentary-2024-print.pdf\n"
    reader = PdfReader(target)
    bleed = 3 * MM
    # The text block: from the title page (no cover), an even page count.
    assert len(reader.pages) % 2 == 0
    assert list(reader.page_labels)[:3] == ["i", "ii", "iii"]
    for page in reader.pages:
        boxes = _boxes(page)
        assert boxes["trimbox"] == [0, 0, 595.28, 841.89]
        assert boxes["bleedbox"] == [round(-bleed, 2), round(-bleed, 2), round(595.28 + bleed, 2),
                                     round(841.89 + bleed, 2)]
        assert boxes["mediabox"][0] < boxes["bleedbox"][0] - 5 * MM  # a slug for the marks
    root: Any = reader.trailer["/Root"]
    assert root["/OutputIntents"][0].get_object()["/S"] == "/GTS_PDFX"
    assert b"<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>" in \
        root["/Metadata"].get_object().get_data()
    # Crop marks on every page (the blank ones too), wholly outside the trim plus bleed: ink in the
    # slug, none between the trim and the bleed's edge.
    trim = [0, 0, 595.28, 841.89]
    for index in (0, 1, len(reader.pages) - 1):
        assert _ink(target, index, _grown(trim, 20 * MM), _grown(trim, bleed)) > 100
        assert _ink(target, index, _grown(trim, bleed), trim) == 0
    # The cover: back, spine and front; the spine as thick as the leaves on 0.4 mm paper.
    spine = len(reader.pages) / 2 * 0.4
    cover_page = PdfReader(cover).pages[0]
    boxes = _boxes(cover_page)
    trim_width_mm = (boxes["trimbox"][2] - boxes["trimbox"][0]) / MM
    assert trim_width_mm == pytest.approx(2 * 210 + spine, abs=0.05)
    bleed_width_mm = (boxes["bleedbox"][2] - boxes["bleedbox"][0]) / MM
    assert bleed_width_mm == pytest.approx(2 * 210 + spine + 2 * 3, abs=0.05)
    assert (boxes["trimbox"][3] - boxes["trimbox"][1]) / MM == pytest.approx(297, abs=0.05)
    assert _ink(cover, 0, _grown(boxes["trimbox"], 20 * MM), boxes["bleedbox"]) > 100  # the marks
    assert texts(cover)[0].startswith("AVI COMMENTARY")
    check = run_avi("check", target)
    assert check.exit_code == 0, check.output
    # The same manuscripts, the same bytes: the XMP DocumentID too (WeasyPrint draws it at random).
    again = scratch_project / "again.pdf"
    assert run_avi("anthology", "2024", "--from", "manuscripts", "--print", "-o", again).exit_code == 0
    assert again.read_bytes() == target.read_bytes()
    assert (scratch_project / "again-cover.pdf").read_bytes() == cover.read_bytes()


@pytest.mark.parametrize("fmt", ["epub", "pdf"])
def test_the_errors_of_the_anthology_hold_for_both_formats(fmt: str, tmp_path: Path) -> None:
    folder = tmp_path / "2024"
    folder.mkdir()
    empty = run_avi("anthology", "2024", "--from", folder, "--format", fmt)
    assert empty.exit_code == 1
    assert problems(empty) == [f"error: {folder}: holds no manuscripts for 2024 (put the year's "
                               f"manuscripts in {folder})"]
    text = (YEAR_FOLDER / "2024-11-mekong-water-diplomacy.md").read_text(encoding="utf-8")
    (folder / "a.md").write_text(text, encoding="utf-8")
    (folder / "b.md").write_text(text, encoding="utf-8")
    twice = run_avi("anthology", "2024", "--from", folder, "--format", fmt)
    assert twice.exit_code == 1
    assert problems(twice) == [f"error: {folder / 'b.md'}: issue 11 of 2024 is also {folder / 'a.md'} "
                               "(give each manuscript its own issue number)"]
    (folder / "b.md").write_text(text.replace("date: 2024-", "date: 2023-"), encoding="utf-8")
    other_year = run_avi("anthology", "2024", "--from", folder, "--format", fmt)
    assert other_year.exit_code == 1
    assert problems(other_year) == [f"error: {folder / 'b.md'}: is dated 2023-11-14, not in 2024 "
                                    "(move it to manuscripts/2023/ or correct its date)"]


def test_print_needs_the_pdf_format() -> None:
    wrong = run_avi("anthology", "2024", "--from", YEAR_FOLDER, "--format", "epub", "--print")
    assert wrong.exit_code == 2
    assert "--print makes the print book: use it with --format pdf" in wrong.output


def test_default_output_path_and_the_issn_in_the_imprint(scratch_project: Path) -> None:
    (scratch_project / "manuscripts").mkdir()
    (scratch_project / "manuscripts" / "2024").symlink_to(YEAR_FOLDER, target_is_directory=True)
    edit(scratch_project / "avi.toml", 'layout = "commentary"\n',
         'layout = "commentary"\nissn = "2710-2378"\n')
    result = run_avi("anthology", "2024", "--format", "pdf")
    assert result.exit_code == 0, result.output
    assert result.stdout == "build/2024/avi-commentary-2024.pdf\n"
    imprint = texts(scratch_project / "build" / "2024" / "avi-commentary-2024.pdf")[3]
    assert "Published by Asian Vision Institute, Phnom Penh, 2024. ISSN 2710-2378 © 2024" in imprint



def mixed_year(tmp_path: Path) -> Path:
    """A year of a Khmer issue (No. 02) and an English one (No. 03)."""
    folder = tmp_path / "2025"
    folder.mkdir()
    khmer = ROOT / "tests" / "data" / "khmer" / "2025-02-mekong-water-data.md"
    (folder / khmer.name).write_bytes(khmer.read_bytes())
    english = (YEAR_FOLDER / "2024-11-mekong-water-diplomacy.md").read_text(encoding="utf-8")
    (folder / "english.md").write_text(english.replace("date: 2024-11-14", "date: 2025-06-10")
                                       .replace("issue: 11", "issue: 3"), encoding="utf-8")
    return folder


def test_a_khmer_edition_keeps_its_running_elements_in_the_book(tmp_path: Path) -> None:
    folder = mixed_year(tmp_path)
    target = tmp_path / "book.pdf"
    result = run_avi("anthology", "2025", "--from", folder, "-o", target)
    assert result.exit_code == 0, result.output
    labels = list(PdfReader(target).page_labels)
    first, third = labels.index("1"), labels.index("3")
    assert squeeze(texts(target)[first]).startswith("អត្ថាធិប្បាយAVIកម្ពុជា|៩មេសា២០២៥")
    assert margin_text(target, first, "bottom") == ["ឆ្នាំ ២០២៥ លេខ ០២", "១"]
    assert margin_text(target, third, "bottom") == ["ISSUE: 2025, No. 03", "3"]
    check = run_avi("check", target, "--manuscript", folder, "--strict")
    assert check.exit_code == 0, check.output


@pytest.fixture(scope="module")
def khmer_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The book of the Khmer fixtures: every issue Khmer, so the book is Khmer too."""
    target = tmp_path_factory.mktemp("km") / "km.pdf"
    result = run_avi("anthology", "2025", "--from", ROOT / "tests" / "data" / "khmer", "-o", target)
    assert result.exit_code == 0, result.output
    return target


def test_the_khmer_book_prints_only_its_editions_texts_outside_the_articles(
        khmer_book: Path, project: Project) -> None:
    reader = PdfReader(khmer_book)
    root: Any = reader.trailer["/Root"]
    assert root["/Lang"] == "km"
    pages = read_book(khmer_book.read_bytes(), project.series(None))
    own = [normal(p.text) for p in pages if p.issue is None]  # cover, front matter, index
    running = [t for p in pages if p.issue is not None for t in p.top]  # the running heads
    latin = {word for text in own + running for word in re.findall(r"[A-Za-z]+", text)}
    assert latin <= {"AVI"}  # the series' name as the edition spells it (no ISSN set here)
    assert own[0].startswith("អត្ថាធិប្បាយ AVI ២០២៥ អត្ថាធិប្បាយ ៣ អត្ថបទ លេខ ០១ ដល់ លេខ ០៣")
    contents = next(t for t in own if t.startswith("មាតិកា"))
    index = next(t for t in own if t.startswith("លិបិក្រមអ្នកនិពន្ធ"))
    assert not re.search(r"[0-9]", contents + index)  # Khmer digits only
    assert "សុខ ដារា និង គីម សុភ័ក្ត្រ" in contents.replace("សុ ភ", "សុភ")  # the byline's និង
    assert re.search(r"លេខ ០២ — .* ៣ ", contents)


def test_a_mixed_year_keeps_each_issue_in_its_language_and_the_book_in_the_asked_one(
        tmp_path: Path) -> None:
    folder = mixed_year(tmp_path)
    target = tmp_path / "book.pdf"
    result = run_avi("anthology", "2025", "--from", folder, "--lang", "km", "-o", target)
    assert result.exit_code == 0, result.output
    # Cover and its back, title page, imprint, contents (its pages numbered 1, 2 … in Khmer).
    labels = list(PdfReader(target).page_labels)
    assert labels[:6] == ["Cover", "Inside cover", "1", "2", "3", "4"]
    pages = texts(target)
    assert pages[4].startswith("មាតិកា")  # the book's own parts in Khmer
    first, third = labels.index("1", 6), labels.index("3", 6)
    assert margin_text(target, third, "bottom") == ["ISSUE: 2025, No. 03", "3"]  # the issue's own
    assert margin_text(target, first, "bottom") == ["ឆ្នាំ ២០២៥ លេខ ០២", "១"]
    wrong = run_avi("anthology", "2025", "--from", folder, "--lang", "fr", "-o", target)
    assert wrong.exit_code == 2
    assert "'fr' is not an edition of the series (give one of: en, km)" in wrong.output


FOREWORD = """---
by: The Editors, Phnom Penh, December 2024
---
This volume gathers the commentaries of the last quarter of 2024.

Each commentary stands as it was published; the dates in the contents say when.
"""


def test_a_foreword_and_the_list_of_contributors(tmp_path: Path) -> None:
    folder = tmp_path / "2024"
    folder.mkdir()
    for source in YEAR_FOLDER.glob("*.md"):
        (folder / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "_foreword.md").write_text(FOREWORD, encoding="utf-8")
    target = tmp_path / "book.pdf"
    result = run_avi("anthology", "2024", "--from", folder, "-o", target)
    assert result.exit_code == 0, result.output
    pages = texts(target)
    labels = list(PdfReader(target).page_labels)
    # The contents open with the foreword, on the page the foreword falls on, and list the
    # contributors before the index.
    assert pages[4].startswith("Contents Foreword v No. 10 — ")
    assert pages[4].endswith("Contributors 9 Index of authors 11 iii")
    foreword = labels.index("v")
    assert pages[foreword] == ("Foreword This volume gathers the commentaries of the last quarter of "
                               "2024. Each commentary stands as it was published; the dates in the "
                               "contents say when. The Editors, Phnom Penh, December 2024 v")
    assert foreword % 2 == 0  # a right-hand page
    contributors = pages[labels.index("9")]
    assert contributors.startswith("Contributors CHHEANG Vannarith Chheang Vannarith is the president "
                                   "of the Asian Vision Institute. KIM Sopheak Kim Sopheak is")
    assert contributors.index("LIM Wei Jie") < contributors.index("Maria SANTOS") < contributors.index(
        "SOK Dara")  # in index order, by sort name
    # The foreword is no manuscript: `avi build` of the folder passes it over.
    out = tmp_path / "issues"
    built = run_avi("build", folder, "-o", out)
    assert built.exit_code == 0, built.output
    assert len(list(out.rglob("*.pdf"))) == 3
    # The e-book has both, in its contents.
    epub = tmp_path / "book.epub"
    assert run_avi("anthology", "2024", "--from", folder, "-o", epub).exit_code == 0
    import zipfile

    with zipfile.ZipFile(epub) as archive:
        nav = archive.read("EPUB/nav.xhtml").decode()
        forewords = archive.read("EPUB/foreword.xhtml").decode()
    assert nav.index(">Foreword</a>") < nav.index(">No. 10 — ") < nav.index(">Contributors</a>") < nav.index(
        ">Index of authors</a>")
    assert "<p>This volume gathers the commentaries of the last quarter of 2024.</p>" in forewords


def test_a_wrong_foreword_is_one_line_naming_it(tmp_path: Path) -> None:
    folder = tmp_path / "2024"
    folder.mkdir()
    for source in YEAR_FOLDER.glob("*.md"):
        (folder / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "_foreword.md").write_text("---\nauthor: Me\n---\nText with a note.[^1]\n\n[^1]: A note.\n",
                                         encoding="utf-8")
    result = run_avi("anthology", "2024", "--from", folder, "-o", tmp_path / "book.pdf")
    assert result.exit_code == 1
    assert problems(result) == [
        f"error: {folder / '_foreword.md'}:1: the front matter key 'author' is not one a foreword has "
        "(give only title and by)",
        f"error: {folder / '_foreword.md'}: holds notes or figures, which a foreword does not carry "
        "(write them into the text)"]
