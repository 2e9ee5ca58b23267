"""The seed article, AVI Commentary 2024 No. 08, built through the CLI and read back."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from avitools.check.fonts import house_font_names, pdf_fonts
from avitools.check.pdftext import Page, join_lines, read_pages
from tests.helpers import ROOT, SEED, SEED_TEXT, run_avi

A4 = (595.28, 841.89)


@pytest.fixture(scope="module")
def seed_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("seed")
    result = run_avi("build", SEED, "-o", out)
    assert result.exit_code == 0, result.output
    path = out / "2024" / "avi-commentary-2024-08.pdf"
    assert result.stdout.strip().splitlines() == [str(path)]
    return path


@pytest.fixture(scope="module")
def pages(seed_pdf: Path) -> list[Page]:
    return read_pages(seed_pdf)


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = re.sub("[\u2018\u2019\u02bc]", "'", text)
    text = re.sub("[\u201c\u201d]", '"', text)
    return re.sub(r"\s+", " ", text).strip()


def seed_sentences() -> list[str]:
    """Every sentence of the published article's body, headings included."""
    lines = SEED_TEXT.read_text(encoding="utf-8").split("\n\n")
    skip = ("AVI COMMENTARY", "ISSUE: 2024, No. 08", "^{*}")
    body = [p.strip() for p in lines[4:] if p.strip() and not p.strip().startswith(skip)]
    sentences: list[str] = []
    for paragraph in body:
        sentences += re.split(r"(?<=[.!?\"])\s+(?=[A-Z])", normalise(paragraph))
    return sentences


def test_a4_and_at_most_three_pages(seed_pdf: Path) -> None:
    reader = PdfReader(seed_pdf)
    assert 1 <= len(reader.pages) <= 3
    for page in reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(A4, abs=0.5)


def test_every_sentence_in_order(pages: list[Page]) -> None:
    running = ("ISSUE:", "*")
    body = normalise(join_lines([line.text for page in pages for line in page.lines
                                 if not line.text.startswith(running)]))
    position = 0
    sentences = seed_sentences()
    assert len(sentences) == 50
    for sentence in sentences:
        found = body.find(sentence, position)
        assert found >= 0, f"missing or out of order: {sentence!r}"
        position = found + len(sentence)


def test_page_one_reads_top_to_bottom(pages: list[Page]) -> None:
    first = [normalise(line.text) for line in pages[0].lines]
    expected = [
        "AVI COMMENTARY",
        "Cambodia | 28 August 2024",
        "Cambodia's Strategic Partnership with Korea: A",
        "Hedging Act",
        "YEN Samnang*",
    ]
    assert first[:5] == expected
    assert first[5].startswith("On 16 May 2024, Cambodia and South Korea")


def test_masthead_is_the_top_line_in_the_sans_wordmark(pages: list[Page]) -> None:
    masthead = pages[0].lines[0]
    assert masthead.text == "AVI COMMENTARY"
    assert pages[0].top(masthead) < 90
    assert masthead.font == "Noto-Sans-Bold"
    assert not any(line.text == "AVI COMMENTARY" for page in pages[1:] for line in page.lines)


def test_author_note_in_bottom_quarter_of_page_one(pages: list[Page]) -> None:
    page = pages[0]
    notes = [line for line in page.lines if line.text.startswith("*")]
    assert len(notes) == 1
    assert normalise(notes[0].text) == normalise(
        "* Yen Samnang is a research fellow at the Asian Vision Institute's Mekong Centre "
        "for Strategic Studies.")
    assert page.top(notes[0]) > 0.75 * page.height
    body_lines = [line for line in page.lines if line.font == "Noto-Serif" and line is not notes[0]]
    assert all(page.top(line) < page.top(notes[0]) for line in body_lines)


def test_issue_line_and_page_number_on_every_page(pages: list[Page]) -> None:
    for page in pages:
        bottom = sorted(page.lines, key=page.top)[-1]
        assert bottom.text.replace(" ", "").endswith(str(page.number))
        assert bottom.text.startswith("ISSUE: 2024, No. 08")
        assert page.top(bottom) > 0.9 * page.height


def test_disclaimer_is_last_body_text_of_last_page(pages: list[Page]) -> None:
    last = pages[-1]
    flow = [line for line in last.lines if not line.text.startswith("ISSUE:")]
    assert normalise(flow[-1].text) == (
        "The views expressed are the author's own and do not reflect the views of the "
        "Asian Vision Institute.")
    assert not any("The views expressed" in line.text for page in pages[:-1] for line in page.lines)


def test_document_information(seed_pdf: Path) -> None:
    reader = PdfReader(seed_pdf)
    info = reader.metadata
    assert info is not None
    assert info.title == "Cambodia\u2019s Strategic Partnership with Korea: A Hedging Act"
    assert info.author == "YEN Samnang"
    assert info.subject == "AVI Commentary, ISSUE: 2024, No. 08"
    assert str(info["/Keywords"]) == "Cambodia, South Korea, hedging, strategic partnership, foreign policy"
    assert str(info["/CreationDate"]) == str(info["/ModDate"]) == "D:20240828000000Z"
    root: Any = reader.trailer["/Root"]
    assert root["/Lang"] == "en"
    assert "/StructTreeRoot" in root
    assert "/MarkInfo" in root


def test_bookmarks_are_title_and_headings(seed_pdf: Path) -> None:
    outline: Any = PdfReader(seed_pdf).outline
    assert outline[0].title == "Cambodia\u2019s Strategic Partnership with Korea: A Hedging Act"
    assert [item.title for item in outline[1]] == [
        "Hedging Strategy",
        "Bolstering Economic Cooperation",
        "Strengthening Defence Cooperation",
        "Enhancing the capacities of Cambodia\u2019s UN peacekeeping forces",
        "Conclusion",
    ]


def test_fonts_are_embedded_house_fonts(seed_pdf: Path) -> None:
    fonts = pdf_fonts(PdfReader(seed_pdf))
    assert fonts
    house = house_font_names(ROOT / "fonts")
    for font in fonts:
        assert font.embedded, font
        assert font.name in house, font
    body = {line.font for page in read_pages(seed_pdf) for line in page.lines}
    assert {"Noto-Serif", "Noto-Sans-Bold", "Noto-Serif-Bold"} <= body


def test_two_builds_are_byte_identical(seed_pdf: Path, tmp_path: Path) -> None:
    result = run_avi("build", SEED, "-o", tmp_path)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "2024" / "avi-commentary-2024-08.pdf").read_bytes() == seed_pdf.read_bytes()
