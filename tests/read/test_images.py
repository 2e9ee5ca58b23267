"""Images: any file name an author gives, quoted as written; URLs and missing descriptions refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from tests.conftest import ManuscriptWriter
from tests.helpers import problems, run_avi


def png(path: Path) -> None:
    Image.new("RGB", (120, 60), (30, 90, 160)).save(path)


def image_count(pdf: Path) -> int:
    count = 0
    for page in PdfReader(pdf).pages:
        resources = page.get("/Resources")
        objects = resources.get_object().get("/XObject") if resources else None
        count += sum(1 for x in (objects.get_object().values() if objects else [])
                     if x.get_object().get("/Subtype") == "/Image")
    return count


def test_names_with_spaces_and_any_letters_build(write_manuscript: ManuscriptWriter,
                                                 tmp_path: Path) -> None:
    path = write_manuscript("Three figures follow.\n\n![Rice exports](<hình ảnh 1.png>)\n\n"
                            "![Mekong map](រូប.png)\n\n![Trade chart](plain%20name.png)\n")
    for name in ("hình ảnh 1.png", "រូប.png", "plain name.png"):
        png(path.parent / name)
    result = run_avi("build", path, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert image_count(tmp_path / "out" / "2024" / "avi-commentary-2024-03.pdf") == 3


@pytest.mark.parametrize("written", ["<hình ảnh 2.png>", "ខ្វះ.png", "no%20such.png"])
def test_a_missing_image_is_named_as_written(write_manuscript: ManuscriptWriter, tmp_path: Path,
                                             written: str) -> None:
    path = write_manuscript(f"Intro.\n\n![A chart]({written})\n")
    result = run_avi("build", path, "-o", tmp_path / "out")
    assert result.exit_code == 1
    line = len(path.read_text().splitlines())
    assert problems(result) == [f"error: {path}:{line}: image '{written.strip('<>')}' does not exist "
                                "(check the file name)"]


@pytest.mark.parametrize("url", ["file:///etc/hostname", "data:image/png;base64,iVBORw0KGgo=",
                                 "ftp://example.org/x.png", "https://example.org/x.png"])
def test_an_image_url_is_refused_with_its_line(write_manuscript: ManuscriptWriter, tmp_path: Path,
                                               url: str) -> None:
    path = write_manuscript(f"Intro.\n\n![x]({url})\n")
    result = run_avi("build", path, "-o", tmp_path / "out")
    assert result.exit_code == 1
    line = len(path.read_text().splitlines())
    assert problems(result) == [f"error: {path}:{line}: image '{url}' is a URL; only files beside the "
                                "manuscript are allowed (save the image into the manuscript's folder "
                                "and refer to it by name)"]
    assert not (tmp_path / "out" / "2024").exists()


@pytest.mark.parametrize("href", ["file:///etc/hostname", "javascript:alert(1)"])
def test_a_link_that_is_not_web_or_mail_is_refused(write_manuscript: ManuscriptWriter, tmp_path: Path,
                                                    href: str) -> None:
    path = write_manuscript(f"Intro.\n\nSee [this]({href}).\n")
    result = run_avi("build", path, "-o", tmp_path / "out")
    assert result.exit_code == 1
    line = len(path.read_text().splitlines())
    assert problems(result) == [f"error: {path}:{line}: link '{href}' is not a web or e-mail address "
                                "(link only to http(s):// or mailto: addresses)"]


def test_a_missing_alt_text_is_found_when_reading(write_manuscript: ManuscriptWriter,
                                                  tmp_path: Path) -> None:
    path = write_manuscript("Intro.\n\n![](chart.png)\n")
    png(path.parent / "chart.png")
    result = run_avi("build", path, "-o", tmp_path / "out")
    assert result.exit_code == 1
    line = len(path.read_text().splitlines())
    assert problems(result) == [f"error: {path}:{line}: image 'chart.png' has no description (alt "
                                "text) (say what it shows between the brackets: ![…](chart.png))"]
