"""The text-layer extension of WeasyPrint: exact text in three extractors, the same look in two
renderers, and a loud failure on another WeasyPrint version."""

from __future__ import annotations

import subprocess
import sys
import unicodedata
from pathlib import Path

import pypdfium2
import pytest
from pdfminer.high_level import extract_text
from PIL import Image, ImageChops, ImageFilter

from avitools.render.engine import font_configuration, textlayer, weasyprint
from avitools.text import units
from tests.helpers import ROOT

FONTS = ROOT / "fonts"
# Glyphs shared between syllables (ក in កម្ពុជា and ក្រ; the subscript រ), a final consonant and a
# cancelled one, decomposed Vietnamese (NFD) and Latin ligatures, justified so spaces stretch.
WORDS = ("កម្ពុជា ពង្រឹង ទំនាក់ទំនង ការបរទេស អាគ្នេយ៍ ឯករាជ្យ ធានាផលប្រយោជន៍ ស្ត្រី ក្រសួង "
         "ឆ្នាំ២០២៥ ប្រទេសជិតខាង។ The office flows of " + unicodedata.normalize("NFD", "Nguyễn Thị Lan")
         + " and Trần Quốc Bảo grow.")
HTML = ('<html lang="km"><body style="font-family: \'Noto Serif\', \'Noto Serif Khmer\'; '
        f'font-size: 12pt; width: 120mm; text-align: justify">{WORDS}</body></html>')
PLAIN = """
import os, sys
os.environ["FONTCONFIG_FILE"] = sys.argv[1]
import weasyprint
from weasyprint.text.fonts import FontConfiguration
weasyprint.HTML(string=sys.argv[2]).write_pdf(sys.argv[3], font_config=FontConfiguration())
"""


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The same HTML through avitools' WeasyPrint and through WeasyPrint alone (a fresh process)."""
    folder = tmp_path_factory.mktemp("textlayer")
    ours, plain = folder / "ours.pdf", folder / "plain.pdf"
    weasyprint(FONTS).HTML(string=HTML).write_pdf(ours, font_config=font_configuration(FONTS))
    subprocess.run([sys.executable, "-c", PLAIN, str(FONTS / "fonts.conf"), HTML, str(plain)],
                   check=True)
    return ours, plain


def flat(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def test_three_extractors_read_the_exact_text(pdfs: tuple[Path, Path]) -> None:
    ours, _plain = pdfs
    expected = flat(WORDS)
    poppler = subprocess.run(["pdftotext", "-raw", str(ours), "-"], capture_output=True, text=True,
                             check=True).stdout
    document = pypdfium2.PdfDocument(ours)
    pdfium = document[0].get_textpage().get_text_range()
    document.close()
    assert flat(poppler) == expected
    assert flat(pdfium) == expected
    assert flat(extract_text(str(ours))) == expected


def test_weasyprint_alone_reads_back_wrong(pdfs: tuple[Path, Path]) -> None:
    """What the extension is for: the same HTML through WeasyPrint alone extracts altered Khmer."""
    _ours, plain = pdfs
    poppler = subprocess.run(["pdftotext", "-raw", str(plain), "-"], capture_output=True, text=True,
                             check=True).stdout
    assert "កម្ពុជា" not in poppler or "ពង្រឹង" not in poppler


def picture(pdf: Path, renderer: str, folder: Path) -> Image.Image:
    """Page 1 at 150 dpi, softened so that two rasterisers' edges compare equal."""
    if renderer == "poppler":
        subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", str(pdf), str(folder / "p")],
                       check=True)
        image = Image.open(folder / "p.png").convert("L")
    else:
        document = pypdfium2.PdfDocument(pdf)
        image = document[0].render(scale=150 / 72).to_pil().convert("L")
        document.close()
    return image.filter(ImageFilter.BoxBlur(2))


def largest_difference(a: Image.Image, b: Image.Image) -> int:
    return int(max(ImageChops.difference(a, b.resize(a.size)).get_flattened_data()))  # type: ignore[arg-type]


def test_the_page_looks_as_weasyprint_draws_it(pdfs: tuple[Path, Path], tmp_path: Path) -> None:
    """Marks drawn as outlines sit where WeasyPrint draws their glyphs, in poppler and in PDFium.

    Edges of outlines and of glyphs rasterise a little differently (about 80 of 255 after softening);
    a mark off by a pixel gives more than 150, as WeasyPrint alone shows in PDFium, which drops the
    position adjustment that ends a TJ array.
    """
    ours, plain = pdfs
    assert largest_difference(picture(ours, "poppler", tmp_path), picture(plain, "poppler", tmp_path)) < 110
    assert largest_difference(picture(ours, "poppler", tmp_path), picture(ours, "pdfium", tmp_path)) < 110
    assert largest_difference(picture(plain, "poppler", tmp_path),
                              picture(plain, "pdfium", tmp_path)) > 150


def test_units_are_syllables_and_letters_with_their_marks() -> None:
    text = "ក្រសួង " + unicodedata.normalize("NFD", "Nguyễn")
    assert [text[a:b] for a, b in units(text)] == [
        "ក្រ", "សួ", "ង", " ", "N", "g", "u", "y", unicodedata.normalize("NFD", "ễ"), "n"]


def test_a_trailing_adjustment_moves_to_the_next_array() -> None:
    operations: list[object] = [b"[<0001>0<0002>-95] TJ", b"/F2 12 Tf", b"[<0003>] TJ", b"[<0004>7] TJ"]
    textlayer._carry_trailing_adjustments(operations, 0)
    assert operations == [b"[<0001>0<0002>] TJ", b"/F2 12 Tf", b"[<>-95<0003>] TJ", b"[<0004>] TJ"]



def test_a_glyph_form_is_compressed_once_as_pydyf_compresses_it() -> None:
    import re
    import zlib

    import pydyf
    from fontTools.ttLib import TTFont

    content = (FONTS / "NotoSerifKhmer-Regular.ttf").read_bytes()
    shapes = textlayer._Shapes(content, 0)
    glyph = TTFont(FONTS / "NotoSerifKhmer-Regular.ttf").getGlyphID("uni17D2")  # the coeng sign
    first, second = shapes.form(glyph), shapes.form(glyph)
    assert first is not second  # an object of each document
    assert first.stream[0] is second.stream[0]  # its content compressed once
    path = zlib.decompress(first.stream[0])
    assert re.fullmatch(rb"(?:[-0-9. ]+ [mlc]\n|h\n)+f", path)  # the glyph's contours, filled
    as_pydyf = pydyf.Stream([path], pydyf.Dictionary({
        "Type": "/XObject", "Subtype": "/Form", "BBox": first.extra["BBox"]}), compress=True)
    assert first.data == as_pydyf.data  # the same bytes as before the content was kept compressed
