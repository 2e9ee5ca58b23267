"""Incremental and parallel builds: only what changed is rebuilt, the bytes never depend on -j."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ManuscriptWriter
from tests.helpers import ROOT, edit, paragraphs, problems, run_avi

SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><rect width="{w}" height="40"/></svg>'


def built_names(result_stdout: str) -> list[str]:
    return sorted(Path(line).name for line in result_stdout.splitlines())


@pytest.fixture
def two(write_manuscript: ManuscriptWriter) -> tuple[Path, Path]:
    a = write_manuscript("![Chart](chart.svg)\n\n" + paragraphs(2), name="a.md", issue=1)
    b = write_manuscript(paragraphs(2), name="b.md", issue=2)
    (a.parent / "chart.svg").write_text(SVG.format(w=100))
    return a, b


def avi_build(*args: str | Path) -> tuple[list[str], str]:
    result = run_avi("build", *args)
    assert result.exit_code == 0, result.output
    return built_names(result.stdout), result.stderr.splitlines()[-1]


def test_unchanged_manuscripts_are_not_rebuilt(two: tuple[Path, Path], tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert avi_build(two[0].parent, "-o", out)[0] == ["avi-commentary-2024-01.pdf",
                                                      "avi-commentary-2024-02.pdf"]
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*.pdf")}
    names, summary = avi_build(two[0].parent, "-o", out)
    assert names == []
    assert summary.startswith("built 0, unchanged 2, failed 0 in ")
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*.pdf")} == before


def test_changing_an_image_rebuilds_only_its_manuscript(two: tuple[Path, Path], tmp_path: Path) -> None:
    out = tmp_path / "out"
    avi_build(two[0].parent, "-o", out)
    (two[0].parent / "chart.svg").write_text(SVG.format(w=150))
    names, summary = avi_build(two[0].parent, "-o", out)
    assert names == ["avi-commentary-2024-01.pdf"]
    assert summary.startswith(avi_build_summary(1, 1))


def avi_build_summary(built: int, unchanged: int) -> str:
    return f"built {built}, unchanged {unchanged}, failed 0 in"


def test_changing_a_manuscript_rebuilds_only_it(two: tuple[Path, Path], tmp_path: Path) -> None:
    out = tmp_path / "out"
    avi_build(two[0].parent, "-o", out)
    edit(two[1], "P1 ", "P1 Revised ")
    names, summary = avi_build(two[0].parent, "-o", out)
    assert names == ["avi-commentary-2024-02.pdf"]
    assert summary.startswith(avi_build_summary(1, 1))


@pytest.mark.parametrize("change", ["layout", "settings"])
def test_layout_or_settings_change_rebuilds_all(change: str, scratch_project: Path,
                                                two: tuple[Path, Path], tmp_path: Path) -> None:
    out = tmp_path / "out"
    avi_build(two[0].parent, "-o", out)
    if change == "layout":
        edit(scratch_project / "layouts/commentary/style.css", "font-size: 22pt;", "font-size: 21pt;")
    else:
        edit(scratch_project / "avi.toml", 'place = "Phnom Penh"', 'place = "Phnom Penh, Cambodia"')
    names, summary = avi_build(two[0].parent, "-o", out)
    assert names == ["avi-commentary-2024-01.pdf", "avi-commentary-2024-02.pdf"]
    assert summary.startswith(avi_build_summary(2, 0))


def test_a_font_change_rebuilds_all(scratch_project: Path, two: tuple[Path, Path],
                                    tmp_path: Path) -> None:
    (scratch_project / "fonts").unlink()
    shutil.copytree(ROOT / "fonts", scratch_project / "fonts")
    out = tmp_path / "out"
    command = [sys.executable, "-m", "avitools", "build", str(two[0].parent), "-o", str(out)]
    first = subprocess.run(command, capture_output=True, text=True, cwd=scratch_project, check=True)
    assert len(first.stdout.splitlines()) == 2
    with (scratch_project / "fonts" / "NotoSerif-Regular.ttf").open("ab") as font:
        font.write(b"\0\0\0\0")  # a changed font file (padding FreeType ignores)
    again = subprocess.run(command, capture_output=True, text=True, cwd=scratch_project, check=True)
    assert built_names(again.stdout) == ["avi-commentary-2024-01.pdf", "avi-commentary-2024-02.pdf"]


def test_force_rebuilds_everything(two: tuple[Path, Path], tmp_path: Path) -> None:
    avi_build(two[0].parent, "-o", tmp_path)
    assert len(avi_build(two[0].parent, "-o", tmp_path, "--force")[0]) == 2


def test_a_replaced_output_is_rebuilt(two: tuple[Path, Path], tmp_path: Path) -> None:
    avi_build(two[0].parent, "-o", tmp_path)
    (tmp_path / "2024" / "avi-commentary-2024-02.pdf").write_bytes(b"%PDF-1.7 damaged")
    assert avi_build(two[0].parent, "-o", tmp_path)[0] == ["avi-commentary-2024-02.pdf"]


def test_a_failed_manuscript_does_not_stop_the_others(two: tuple[Path, Path],
                                                      write_manuscript: ManuscriptWriter,
                                                      tmp_path: Path) -> None:
    bad = write_manuscript(name="c.md", issue="x")
    result = run_avi("build", two[0].parent, "-o", tmp_path, "-j", "2")
    assert result.exit_code == 1
    assert built_names(result.stdout) == ["avi-commentary-2024-01.pdf", "avi-commentary-2024-02.pdf"]
    assert problems(result)[0].startswith(f"error: {bad}:5: 'issue' must be a whole number")
    assert result.stderr.splitlines()[-1].startswith("built 2, unchanged 0, failed 1 in ")


def test_two_manuscripts_claiming_one_issue(two: tuple[Path, Path], write_manuscript: ManuscriptWriter,
                                            tmp_path: Path) -> None:
    clash = write_manuscript(name="c.md", issue=2)
    result = run_avi("build", two[0].parent, "-o", tmp_path)
    assert result.exit_code == 1
    assert problems(result) == [f"error: {clash}: issue 2 of 2024 is also {two[1]} "
                                "(give each manuscript its own issue number)"]


def test_parallel_and_serial_builds_are_byte_identical(tmp_path: Path) -> None:
    sources = [ROOT / "manuscripts", ROOT / "tests" / "data" / "manuscripts"]
    serial = run_avi("build", *sources, "-o", tmp_path / "serial", "-j", "1")
    parallel = run_avi("build", *sources, "-o", tmp_path / "parallel", "-j", "2")
    assert serial.exit_code == parallel.exit_code == 0
    files = sorted(p.relative_to(tmp_path / "serial") for p in (tmp_path / "serial").rglob("*.pdf"))
    assert len(files) == 4
    for name in files:
        assert (tmp_path / "serial" / name).read_bytes() == (tmp_path / "parallel" / name).read_bytes()


def test_a_no_op_build_does_not_import_weasyprint(two: tuple[Path, Path], tmp_path: Path) -> None:
    command = [sys.executable, "-X", "importtime", "-m", "avitools", "build", str(two[0].parent),
               "-o", str(tmp_path)]
    first = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=True)
    assert "weasyprint" in first.stderr
    again = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=True)
    assert again.stdout == ""
    assert "built 0, unchanged 2, failed 0" in again.stderr
    imported = {line.split("|")[-1].strip() for line in again.stderr.splitlines() if "|" in line}
    assert "avitools.build" in imported
    assert not any(name.startswith(("weasyprint", "markdown_it", "fontTools")) for name in imported)
