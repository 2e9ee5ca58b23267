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


def test_a_change_to_the_web_templates_rebuilds_no_pdf(scratch_project: Path, two: tuple[Path, Path],
                                                      tmp_path: Path) -> None:
    out = tmp_path / "out"
    avi_build(two[0].parent, "-o", out)
    edit(scratch_project / "layouts/commentary/web/site.css", "body {", "body { /* the site alone */")
    names, summary = avi_build(two[0].parent, "-o", out)
    assert names == []
    assert summary.startswith(avi_build_summary(0, 2))


@pytest.mark.slow
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


@pytest.mark.slow
def test_parallel_and_serial_builds_are_byte_identical(tmp_path: Path) -> None:
    sources = [ROOT / "manuscripts", ROOT / "tests" / "data" / "manuscripts"]
    serial = run_avi("build", *sources, "-o", tmp_path / "serial", "-j", "1")
    parallel = run_avi("build", *sources, "-o", tmp_path / "parallel", "-j", "2")
    assert serial.exit_code == parallel.exit_code == 0
    files = sorted(p.relative_to(tmp_path / "serial") for p in (tmp_path / "serial").rglob("*.pdf"))
    assert len(files) == 4
    for name in files:
        assert (tmp_path / "serial" / name).read_bytes() == (tmp_path / "parallel" / name).read_bytes()


@pytest.mark.slow
def test_a_no_op_build_imports_neither_weasyprint_nor_the_article_model(two: tuple[Path, Path],
                                                                        tmp_path: Path) -> None:
    command = [sys.executable, "-X", "importtime", "-m", "avitools", "build", str(two[0].parent),
               "-o", str(tmp_path)]
    first = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=True)
    assert "weasyprint" in first.stderr
    again = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=True)
    assert again.stdout == ""
    assert "built 0, unchanged 2, failed 0" in again.stderr
    imported = {line.split("|")[-1].strip() for line in again.stderr.splitlines() if "|" in line}
    assert "avitools.build" in imported
    assert not any(name.startswith(("weasyprint", "markdown_it", "fontTools", "pydantic"))
                   for name in imported)  # the settings validated by the first run are kept
    assert "avitools.model" in {line.split("|")[-1].strip() for line in first.stderr.splitlines()}
    assert not {"avitools.model", "avitools.document"} & imported  # no manuscript is read


def test_a_renumbered_manuscript_frees_its_old_number(write_manuscript: ManuscriptWriter,
                                                      tmp_path: Path) -> None:
    """The duplicate check reads the manuscripts as they are now, not the manifest's old record."""
    out = tmp_path / "out"
    a = write_manuscript(paragraphs(1), name="a.md", issue=1)
    assert run_avi("build", a.parent, "-o", out).exit_code == 0
    edit(a, "issue: 1", "issue: 2")
    b = write_manuscript(paragraphs(1, tag="B"), name="b.md", issue=1)
    result = run_avi("build", a.parent, "-o", out)
    assert result.exit_code == 0, result.output
    assert built_names(result.stdout) == ["avi-commentary-2024-01.pdf", "avi-commentary-2024-02.pdf"]
    assert problems(result) == []
    assert "B1 Policy" in pdf_text(out / "2024" / "avi-commentary-2024-01.pdf")
    assert "P1 Policy" in pdf_text(out / "2024" / "avi-commentary-2024-02.pdf")
    assert b.is_file()


def test_a_pdf_left_under_an_old_number_is_removed_and_said(write_manuscript: ManuscriptWriter,
                                                             tmp_path: Path) -> None:
    out = tmp_path / "out"
    a = write_manuscript(paragraphs(1), name="a.md", issue=1)
    assert run_avi("build", a, "-o", out).exit_code == 0
    edit(a, "issue: 1", "issue: 4")
    result = run_avi("build", a, "-o", out)
    assert result.exit_code == 0, result.output
    old = out / "2024" / "avi-commentary-2024-01.pdf"
    assert problems(result) == [f"removed {old}: {a} is now 2024/avi-commentary-2024-04.pdf"]
    assert sorted(p.name for p in old.parent.iterdir()) == ["avi-commentary-2024-04.pdf"]


def test_an_old_pdf_changed_by_hand_is_kept_and_reported(write_manuscript: ManuscriptWriter,
                                                         tmp_path: Path) -> None:
    out = tmp_path / "out"
    a = write_manuscript(paragraphs(1), name="a.md", issue=1)
    assert run_avi("build", a, "-o", out).exit_code == 0
    old = out / "2024" / "avi-commentary-2024-01.pdf"
    old.write_bytes(old.read_bytes() + b"\n% annotated by the officer\n")
    edit(a, "issue: 1", "issue: 4")
    result = run_avi("build", a, "-o", out)
    assert result.exit_code == 0
    assert problems(result) == [f"warning: {old}: left in place although {a} is now "
                                "2024/avi-commentary-2024-04.pdf, because the file was changed after "
                                "it was built (delete it if it is not needed)"]
    assert old.is_file()


def pdf_text(pdf: Path) -> str:
    from pypdf import PdfReader

    return " ".join(page.extract_text() for page in PdfReader(pdf).pages)


@pytest.mark.slow
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_during_a_build(write_manuscript: ManuscriptWriter, tmp_path: Path, jobs: str) -> None:
    """SIGINT to the whole process group: one line, exit 130, no stray file, and a resumable record."""
    import json
    import os
    import signal
    import time

    from avitools.fingerprint import MANIFEST, file_hash

    sources = [write_manuscript(paragraphs(6, tag=f"I{issue}-"), name=f"m{issue:02d}.md", issue=issue)
               for issue in range(1, 13)]
    folder = sources[0].parent
    out = tmp_path / "out"
    process = subprocess.Popen([sys.executable, "-m", "avitools", "build", str(folder), "-o", str(out),
                                "-j", jobs], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, start_new_session=True)
    deadline = time.monotonic() + 60
    while not list(out.glob("2024/*.pdf")) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert process.poll() is None, "the build finished before it could be interrupted"
    os.killpg(process.pid, signal.SIGINT)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    written = stdout.split()
    assert stderr.splitlines() == [f"interrupted: built {len(written)} PDF(s) before Ctrl-C; run the "
                                   "same command again to build the rest"]
    assert 1 <= len(written) < 12
    files = sorted(p.name for p in (out / "2024").iterdir())
    assert len(files) == len(written), "every PDF on disk is one the build reported"
    assert not [name for name in files if not name.endswith(".pdf")]
    entries = json.loads((out / MANIFEST).read_text())["entries"]
    assert len(entries) == len(written)
    for entry in entries.values():
        assert file_hash(out / entry["output"]) == entry["pdf"]
    again = run_avi("build", folder, "-o", out)
    assert again.exit_code == 0, again.output
    assert again.stderr.splitlines()[-1].startswith(f"built {12 - len(written)}, unchanged {len(written)}")
    assert len(list((out / "2024").glob("*.pdf"))) == 12


def test_a_bug_while_reading_aside_is_raised_by_the_build(two: tuple[Path, Path], tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """A parallel build reads in a forked process: an exception there is the build's exception."""
    from avitools import build as building
    from avitools.config import load_project

    read = building._read_one

    def failing(project: object, source: Path, *args: object) -> object:
        if source == two[1]:
            raise LookupError("a bug in the reader")
        return read(project, source, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(building, "_read_one", failing)
    options = building.BuildOptions(paths=(two[0].parent,), out_dir=tmp_path, jobs=2)
    with pytest.raises(LookupError, match="a bug in the reader"):
        building.build(load_project(ROOT), options)


def test_a_reader_that_stops_early_fails_the_build(two: tuple[Path, Path], tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Manuscripts the reader never answered for are not taken as read."""
    from avitools import build as building
    from avitools.config import load_project

    monkeypatch.setattr(building, "_send_readings", lambda *_args: 9)  # exits, sending nothing
    options = building.BuildOptions(paths=(two[0].parent,), out_dir=tmp_path, jobs=2)
    with pytest.raises(RuntimeError, match="the process reading the manuscripts stopped early"):
        building.build(load_project(ROOT), options)
    assert not list(tmp_path.rglob("*.pdf"))


def test_the_reader_sends_a_year_without_waiting_for_the_build(
        write_manuscript: ManuscriptWriter, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The readings of 24 issues (over 200 KB, a 64 KB pipe's worth three times) are all sent
    before the build, loading WeasyPrint meanwhile, takes the first."""
    import time

    from avitools import build as building
    from avitools.config import load_project

    sources = [write_manuscript(paragraphs(8, tag=f"I{issue}-"), name=f"m{issue:02d}.md",
                                issue=issue) for issue in range(1, 25)]
    done = tmp_path / "all sent"
    send = building._send_readings

    def sending(*args: object) -> int:
        status: int = send(*args)  # type: ignore[arg-type]
        done.write_text(str(status))
        return status

    monkeypatch.setattr(building, "_send_readings", sending)
    results = {source: building.BuildResult(source) for source in sources}
    articles = building._read_aside(load_project(ROOT), sources, results, {}, tmp_path / "out",
                                    None, building.CtrlC())
    deadline = time.monotonic() + 30
    while not done.exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert done.read_text() == "0"  # sent while nothing was taken
    taken = list(articles)
    assert [article.issue for article, _target in taken] == list(range(1, 25))
    assert sum(len(article.body.blocks) for article, _target in taken) >= 24 * 8


def test_parallel_workers_start_with_what_the_build_loaded(two: tuple[Path, Path], tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Forked workers neither load the project nor set up WeasyPrint's fonts again."""
    from avitools import build as building
    from avitools.config import load_project
    from avitools.render import engine

    project = load_project(ROOT)

    def refused(*_args: object) -> None:
        raise AssertionError("a worker loaded it again")

    monkeypatch.setattr(building, "load_project", refused)
    monkeypatch.setattr(engine, "font_configuration", refused)
    options = building.BuildOptions(paths=(two[0].parent,), out_dir=tmp_path, jobs=2)
    report = building.build(project, options)
    assert report.count(building.Status.BUILT) == 2
