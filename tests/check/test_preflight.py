"""The print preflight of `avi check` on the print shop's pair: image resolution, the cover's size."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PIL import Image

from tests.helpers import ROOT, run_avi

FIGURE = ROOT / "tests" / "data" / "faithful" / "figure.md"
YEAR_FOLDER = ROOT / "tests" / "data" / "manuscripts"
pytestmark = pytest.mark.slow  # three print pairs: about 10 s


def print_pair(tmp_path: Path, pixels: tuple[int, int]) -> Path:
    """The print shop's text block of 2024 with the portrait figure redrawn at `pixels`."""
    folder = tmp_path / "2024"
    shutil.copytree(YEAR_FOLDER, folder)
    (folder / "2024-09-figure.md").write_text(FIGURE.read_text(encoding="utf-8").replace(
        "issue: 11", "issue: 9"), encoding="utf-8")
    Image.new("RGB", pixels, (40, 90, 140)).save(folder / "portrait.png")
    target = tmp_path / "book-print.pdf"
    result = run_avi("anthology", "2024", "--from", folder, "--print", "-o", target)
    assert result.exit_code == 0, result.output
    return target


def test_images_of_300_ppi_or_more_pass(tmp_path: Path) -> None:
    target = print_pair(tmp_path, (1200, 2400))  # 1200 px across 92.5 mm: 329 ppi
    result = run_avi("check", target, target.with_name("book-print-cover.pdf"))
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith("2 file(s) checked: 0 error(s), 0 warning(s)")


def test_an_image_under_300_ppi_is_a_warning_under_150_an_error(tmp_path: Path) -> None:
    soft = print_pair(tmp_path / "soft", (800, 1600))
    result = run_avi("check", soft)
    assert result.exit_code == 0
    lines = [line for line in result.output.splitlines() if "B007" in line]
    assert lines == [f"{soft}: page 6: B007 warning: an image of 800 x 1600 px prints at 220 ppi "
                     "(93 x 185 mm; a warning under 300 ppi): give the manuscript an image of at least "
                     "1093 px across, or print it smaller"]
    blocky = print_pair(tmp_path / "blocky", (300, 600))
    result = run_avi("check", blocky)
    assert result.exit_code == 1
    assert [line for line in result.output.splitlines() if "B007" in line] == [
        f"{blocky}: page 6: B007 error: an image of 300 x 600 px prints at 96 ppi (79 x 159 mm; an error "
        "under 150 ppi): give the manuscript an image of at least 938 px across, or print it smaller"]
    # The reading edition is not held to the print shop's resolution.
    reading = tmp_path / "reading.pdf"
    assert run_avi("anthology", "2024", "--from", tmp_path / "blocky" / "2024", "-o", reading).exit_code == 0
    assert "B007" not in run_avi("check", reading).output


def test_a_cover_for_another_text_block_is_refused(tmp_path: Path) -> None:
    target = print_pair(tmp_path, (1200, 2400))
    cover = target.with_name("book-print-cover.pdf")
    # Beside a text block of other thickness (an issue's two pages), the spine is wrong.
    issue = tmp_path / "issue"
    assert run_avi("build", YEAR_FOLDER / "2024-11-mekong-water-diplomacy.md", "-o", issue).exit_code == 0
    shutil.copy(next(issue.rglob("*.pdf")), target)
    result = run_avi("check", cover)
    assert result.exit_code == 1
    assert [line for line in result.output.splitlines() if "B008" in line] == [
        f"{cover}: page 1: B008 error: the cover's trim is 420.9 x 297.0 mm, not 420.1 x 297.0 mm (two A4 "
        f"pages and a spine of 0.1 mm for the 2 pages of book-print.pdf)"]
