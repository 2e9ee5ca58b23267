"""The pure helpers of the checks: label patterns, text normalising and line grouping."""

from __future__ import annotations

from avitools.check.house import label_pattern, normal
from avitools.check.pdftext import Span, group_lines, join_lines


def test_a_label_pattern_reads_back_what_its_format_wrote() -> None:
    pattern = label_pattern("ISSUE: {year}, No. {number:02d}")
    match = pattern.fullmatch("ISSUE: 2024, No. 08")
    assert match is not None
    assert (match["year"], match["number"]) == ("2024", "08")
    assert pattern.fullmatch("ISSUE: 2024; No. 08") is None


def test_a_label_with_pattern_characters_is_taken_literally() -> None:
    pattern = label_pattern("[{year}] (No. {number})*")
    assert pattern.fullmatch("[2025] (No. 3)*") is not None
    assert pattern.fullmatch("2025 No. 3") is None


def test_normal_text_is_what_a_reader_compares() -> None:
    seen = normal("  Cambodia\u2019s \u201cplan\u201d\u200b\n  re\u2010form ")
    assert seen == "Cambodia's \"plan\" re-form"
    assert normal("Vie\u0302\u0323t") == "Việt"


def span(text: str, x: float, baseline: float, size: float = 10.0) -> Span:
    return Span(text, x, baseline, "/AAAAAA+Noto-Serif", size)


def test_spans_on_one_baseline_form_one_line_read_left_to_right() -> None:
    lines = group_lines(1, [span("world", 60, 700.0), span("Hello ", 20, 700.2), span("Next", 20, 686)])
    assert [line.text for line in lines] == ["Hello world", "Next"]
    assert lines[0].x == 20
    assert lines[0].font == "Noto-Serif"


def test_a_superscript_joins_its_line_but_a_line_below_does_not() -> None:
    lines = group_lines(1, [span("note", 20, 700, 10), span("1", 40, 703.5, 6), span("below", 20, 694, 10)])
    assert [line.text for line in lines] == ["note1", "below"]


def test_hyphenation_breaks_are_undone_and_real_hyphens_kept() -> None:
    assert join_lines(["a long hy\u2010", "phenated word", "and a well-", "known one"]) == (
        "a long hyphenated word and a well-known one")
