"""Facts of the rendered page for generated manuscripts: several authors, footnotes, scripts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from avitools.check.pdftext import Page, read_pages
from tests.conftest import ManuscriptWriter
from tests.helpers import paragraphs, problems, run_avi


def build(path: Path, out: Path) -> list[Page]:
    result = run_avi("build", path, "-o", out)
    assert result.exit_code == 0, result.output
    return read_pages(Path(result.stdout.strip()))


def test_two_authors_get_marks_notes_and_plural_disclaimer(
    write_manuscript: ManuscriptWriter, tmp_path: Path
) -> None:
    authors = [
        {"name": "CHHEANG Vannarith", "bio": "Chheang Vannarith is the president of the Institute."},
        {"name": "Jane DOE", "bio": "Jane Doe is a visiting fellow."},
    ]
    pages = build(write_manuscript(paragraphs(3), authors=authors), tmp_path)
    texts = [line.text for line in pages[0].lines]
    assert "CHHEANG Vannarith* and Jane DOE**" in texts
    notes = [t for t in texts if t.startswith("*")]
    assert notes == ["* Chheang Vannarith is the president of the Institute.",
                     "** Jane Doe is a visiting fellow."]
    last = [line.text for line in pages[-1].lines if not line.text.startswith("ISSUE")]
    assert last[-1] == ("The views expressed are the authors\u2019 own and do not reflect the "
                        "views of the Asian Vision Institute.")


def test_three_authors_byline(write_manuscript: ManuscriptWriter, tmp_path: Path) -> None:
    authors = [{"name": n, "bio": f"{n} is a fellow."} for n in ("A ONE", "B TWO", "C THREE")]
    pages = build(write_manuscript(paragraphs(2), authors=authors), tmp_path)
    texts = [line.text for line in pages[0].lines]
    assert "A ONE*, B TWO** and C THREE***" in texts
    assert [t for t in texts if t.startswith("*")] == [
        "* A ONE is a fellow.", "** B TWO is a fellow.", "*** C THREE is a fellow."]


def test_body_footnotes_sit_at_the_foot_of_the_citing_page(
    write_manuscript: ManuscriptWriter, tmp_path: Path
) -> None:
    parts = []
    for i, para in enumerate(paragraphs(14, words=70).split("\n\n")):
        parts.append(para.strip() + (f"[^n{i}]" if i % 2 == 0 else ""))
    notes = [f"[^n{i}]: Source for paragraph {i + 1}, page {i}." for i in range(0, 14, 2)]
    pages = build(write_manuscript("\n\n".join(parts + notes) + "\n"), tmp_path)
    assert len(pages) >= 2
    seen: list[int] = []
    for page in pages:
        calls = [int(s.text) for line in page.lines for s in line.spans
                 if s.text.isdigit() and s.size < 8 and "Serif" in s.font]
        starts = [min(line.spans, key=lambda s: s.x) for line in page.lines]
        assert not any(s.text.isdigit() and s.size < 8 for s in starts), "a call begins a line"
        listed = [(int(m[1]), page.top(line)) for line in page.lines
                  if (m := re.match(r"^(\d+)\. Source for paragraph", line.text))]
        assert [n for n, _ in listed] == calls, f"page {page.number}"
        body_bottom = max((page.top(line) for line in page.lines
                           if line.size > 10 and line.font.startswith("Noto-Serif")), default=0)
        assert all(top > body_bottom for _, top in listed)
        seen += calls
    assert seen == list(range(1, 8))


def test_vietnamese_diacritics_render_with_house_fonts(
    write_manuscript: ManuscriptWriter, tmp_path: Path
) -> None:
    body = "Ông Nguyễn Văn Thắng nói rằng quan hệ Việt Nam – Campuchia đang phát triển.\n"
    pages = build(write_manuscript(body, authors=[{"name": "NGUYỄN Thị Hằng",
                                                  "bio": "Nguyễn Thị Hằng là nhà nghiên cứu."}]),
                  tmp_path)
    lines = {line.text: line for line in pages[0].lines}
    sentence = body.strip()
    assert sentence in lines
    assert lines[sentence].font == "Noto-Serif"
    assert "NGUYỄN Thị Hằng*" in lines


def test_uncovered_character_is_an_error_naming_it(
    write_manuscript: ManuscriptWriter, tmp_path: Path
) -> None:
    path = write_manuscript("First line.\n\nA clef \U0001D11E in the text.\n")
    result = run_avi("build", path, "-o", tmp_path / "out")
    assert result.exit_code == 1
    line = next(n for n, t in enumerate(path.read_text().splitlines(), 1) if "\U0001D11E" in t)
    assert problems(result) == [
        f"error: {path}:{line}: character U+1D11E MUSICAL SYMBOL G CLEF is not in the house "
        "fonts (replace or remove it)"
    ]


def test_a_character_used_often_is_one_line_with_its_count(
    write_manuscript: ManuscriptWriter, tmp_path: Path
) -> None:
    body = "\n\n".join(f"Paragraph {i} smiles \U0001F600." for i in range(22))
    path = write_manuscript("First line.\n\n" + body + "\n")
    result = run_avi("build", path, "-o", tmp_path / "out")
    assert result.exit_code == 1
    first = next(n for n, t in enumerate(path.read_text().splitlines(), 1) if "\U0001F600" in t)
    assert problems(result) == [
        f"error: {path}:{first}: character U+1F600 GRINNING FACE, used 22 times from this line on, is "
        "not in the house fonts (replace or remove it)"]
    assert not (tmp_path / "out").exists()


def test_characters_no_face_has_are_one_line_for_the_manuscript(
    write_manuscript: ManuscriptWriter, tmp_path: Path
) -> None:
    path = write_manuscript("First line.\n\nA brain \U0001F9E0 and a hieroglyph \U00013000.\n\n"
                            "Twice \U0001F9E0.\n")
    result = run_avi("build", path, "-o", tmp_path / "out")
    assert result.exit_code == 1
    line = path.read_text().splitlines().index("A brain \U0001F9E0 and a hieroglyph \U00013000.") + 1
    assert problems(result) == [
        f"error: {path}:{line}: 2 characters are not in the house fonts: U+1F9E0 BRAIN (line {line}, 2 "
        f"times), U+13000 EGYPTIAN HIEROGLYPH A001 (line {line}) (replace or remove them)"]


def test_khmer_renders_with_khmer_font_and_wraps_inside_the_margins(
    write_manuscript: ManuscriptWriter, tmp_path: Path
) -> None:
    import pypdfium2
    from pypdf import PdfReader

    from avitools.check.fonts import pdf_fonts

    run = "ព្រះរាជាណាចក្រកម្ពុជា" * 25  # one long run with no spaces, as Khmer is written
    path = write_manuscript(f"{run}\n\nសេចក្តីសន្និដ្ឋាន {run}\n", lang="km",
                            title="ទំនាក់ទំនងកម្ពុជា និងកូរ៉េ")
    result = run_avi("build", path, "-o", tmp_path)
    assert result.exit_code == 0, result.output
    pdf = Path(result.stdout.strip())
    assert {"Noto-Serif-Khmer", "Noto-Serif-Khmer-Bold"} <= {f.name for f in pdf_fonts(PdfReader(pdf))}
    scale = 100 / 72
    image = pypdfium2.PdfDocument(pdf)[0].render(scale=scale, grayscale=True).to_pil()
    right_edge = round((595.28 - 24 / 25.4 * 72 + 3) * scale)
    margin = image.crop((right_edge, 0, image.width, image.height))
    assert margin.getextrema()[0] > 200, "ink in the right margin: a Khmer line did not wrap"
    body = image.crop((0, 0, right_edge, image.height))
    assert body.getextrema()[0] < 100, "no text drawn"


def test_the_note_apparatus_author_notes_first_legible_calls_hanging_numbers(
        write_manuscript: ManuscriptWriter, tmp_path: Path) -> None:
    authors = [{"name": "CHHEANG Vannarith", "bio": "Chheang Vannarith is the president."},
               {"name": "Jane DOE", "bio": "Jane Doe is a visiting fellow."}]
    long_note = "A source whose note runs long enough to need a second line " * 3
    body = ("First paragraph with a call.[^a] Then more text follows here.\n\n"
            f"[^a]: {long_note.strip()}.\n")
    pages = build(write_manuscript(body, authors=authors), tmp_path)
    lines = pages[0].lines
    texts = [line.text for line in lines]
    notes = [i for i, t in enumerate(texts) if t.startswith(("* ", "** ", "1. "))]
    # Author notes first, then the numbered note, top to bottom.
    assert [texts[i].split(" ")[0] for i in notes] == ["*", "**", "1."]
    assert [lines[i].baseline for i in notes] == sorted((lines[i].baseline for i in notes),
                                                        reverse=True)
    # The note's second line hangs under its text, not under its number.
    first = lines[notes[2]]
    text_start = min(s.x for s in first.spans if s.text.strip() and not s.text.startswith("1"))
    second = lines[notes[2] + 1]
    assert second.x == pytest.approx(text_start, abs=0.6)
    assert first.x < text_start - 8  # the number stands in the margin of the note's text
    # Calls in the text and the byline's marks are at least 6 pt.
    calls = [s for line in lines[:notes[0]] for s in line.spans
             if s.text.strip() in ("1", "*", "**") and s.size < 9]
    assert {s.text.strip() for s in calls} == {"1", "*", "**"}
    assert min(s.size for s in calls) >= 6


def test_the_note_rule_is_a_third_of_the_measure_with_air_above_the_notes(
        write_manuscript: ManuscriptWriter, tmp_path: Path) -> None:
    import pypdfium2 as pdfium

    pages = build(write_manuscript("Text with a call.[^a]\n\n[^a]: The note.\n"), tmp_path)
    note = next(line for line in pages[0].lines if line.text.startswith("*"))
    pdf = pdfium.PdfDocument(next(tmp_path.rglob("*.pdf")))
    scale = 4  # px per pt
    image = pdf[0].render(scale=scale, grayscale=True).to_pil()
    width, height = image.size
    top_of_notes = height - (note.baseline + note.size) * scale
    rows = [y for y in range(int(top_of_notes) - 40 * scale, int(top_of_notes))
            if sum(1 for x in range(width) if image.getpixel((x, y)) < 200) > 20 * scale]
    assert rows, "no rule above the notes"
    rule = rows[-1]
    dark = [x for x in range(width) if image.getpixel((x, rule)) < 200]
    length_mm = (max(dark) - min(dark)) / scale / 72 * 25.4
    assert 45 < length_mm < 65  # about a third of the 162 mm measure
    assert (top_of_notes - rule) / scale >= 5  # air between the rule and the first note
