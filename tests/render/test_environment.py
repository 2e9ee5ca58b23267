"""What the machine lacks is a warning about the machine, never a manuscript error."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from avitools.check.fonts import pdf_fonts
from tests.helpers import ROOT, SEED, problems, run_avi


@pytest.mark.slow
def test_without_the_harfbuzz_subsetter_the_seed_builds_with_one_warning(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from avitools.render.engine import weasyprint

    weasyprint(ROOT / "fonts")
    import weasyprint.pdf.fonts as pdf_fonts_module

    monkeypatch.setattr(pdf_fonts_module, "harfbuzz_subset", None)
    second = tmp_path / "second.md"
    second.write_text(SEED.read_text().replace("issue: 8", "issue: 9"), encoding="utf-8")
    result = run_avi("build", SEED, second, "-o", tmp_path / "out", "-j", "1", "--force")
    assert result.exit_code == 0, result.output
    assert problems(result) == [
        "warning: WeasyPrint subsets fonts with fontTools because HarfBuzz's subsetter is missing: PDFs "
        "are written about three times slower (install the Debian package libharfbuzz-subset0, or run "
        "make system-deps as root)"]
    pdf = tmp_path / "out" / "2024" / "avi-commentary-2024-08.pdf"
    fonts = pdf_fonts(PdfReader(pdf))
    assert fonts
    assert all(f.embedded for f in fonts)
    check = run_avi("check", pdf, "--strict")
    assert check.exit_code == 0, check.output
