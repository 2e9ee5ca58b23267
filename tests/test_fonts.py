"""The coverage table of the bundled fonts, and its cache keyed by the fonts' bytes."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from avitools.fonts import coverage
from tests.helpers import ROOT

KHMER_KA = 0x1780


def test_a_cached_table_needs_no_font_parser(tmp_path: Path) -> None:
    env = {"XDG_CACHE_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    code = ("import sys; from pathlib import Path; from avitools.fonts import coverage; "
            "print(len(coverage(Path('fonts'))), 'fontTools' in sys.modules)")
    first = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                           text=True, check=True).stdout.split()
    second = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                            text=True, check=True).stdout.split()
    assert first[1] == "True"
    assert second == [first[0], "False"]
    assert len(list((tmp_path / "avitools").glob("coverage-*.json"))) == 1


def test_a_changed_font_set_is_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    for path in (ROOT / "fonts").glob("NotoSerif-*.ttf"):
        shutil.copy(path, fonts / path.name)
    coverage.cache_clear()
    without = coverage(fonts)
    shutil.copy(ROOT / "fonts" / "NotoSerifKhmer-Regular.ttf", fonts / "NotoSerifKhmer-Regular.ttf")
    coverage.cache_clear()
    with_khmer = coverage(fonts)
    coverage.cache_clear()
    assert KHMER_KA not in without
    assert KHMER_KA in with_khmer
    assert ord("ễ") in without


REGION = ROOT / "tests" / "data" / "scripts" / "2024-09-names-of-the-region.md"
NAMES = ["กรุงเทพมหานคร", "ศักดิ์สยาม ชิดชอบ", "ສອນໄຊ ສີພັນດອນ", "ວຽງຈັນ", "နေပြည်တော်", "王毅", "北京大学",
         "윤석열", "서울", "−5.3 %", "≥ 2 ‰", "≈ 3 %", "≤ 4 %", "≠ 5 %", "→ up", "៛4,000", "฿120", "₫25,000",
         "₭9,000", "₩1,200", "CO₂", "x²"]


def test_names_in_the_scripts_of_the_region_read_back_exactly(tmp_path: Path) -> None:
    """Thai, Lao, Burmese, Chinese and Korean names, and the signs policy writing uses, are set in
    house faces and read back in poppler, PDFium and pdfminer.six."""
    import pypdfium2
    from pdfminer.high_level import extract_text

    from avitools.check.fonts import house_font_names
    from avitools.fonts import font_files
    from tests.helpers import run_avi

    result = run_avi("build", REGION, "-o", tmp_path)
    assert result.exit_code == 0, result.stderr
    pdf = next(tmp_path.rglob("*.pdf"))
    poppler = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                             text=True, check=True).stdout
    pdfium = "".join(page.get_textpage().get_text_range() for page in pypdfium2.PdfDocument(pdf))
    miner = extract_text(str(pdf))
    for text in (poppler, pdfium, miner):
        flat = " ".join(text.split())
        assert [name for name in NAMES if name not in flat] == []
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    embedded = {line.split()[0].split("+", 1)[1] for line in fonts.splitlines()[2:]}
    assert {"Noto-Serif-Thai", "Noto-Serif-Lao", "Noto-Serif-Myanmar", "Noto-Serif-CJK-SC",
            "Noto-Sans-Math"} <= embedded
    assert embedded <= house_font_names(ROOT / "fonts")
    assert all(line.split()[-5:-2] == ["yes", "yes", "yes"] for line in fonts.splitlines()[2:])
    assert any(p.suffix == ".ttc" for p in font_files(ROOT / "fonts"))
