"""A successful build is a faithful publication: the build checks the PDF it wrote."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import ManuscriptWriter
from tests.helpers import ROOT, SEED, edit, paragraphs, problems, run_avi

NOTES = Path("layouts") / "commentary" / "author-notes.html.j2"


def test_a_layout_that_drops_text_fails_the_build_and_keeps_the_earlier_pdf(
        scratch_project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_avi("build", SEED, "-o", out).exit_code == 0
    good = (out / "2024" / "avi-commentary-2024-08.pdf").read_bytes()
    manifest = (out / ".avi-manifest.json").read_text()
    edit(scratch_project / NOTES, "{{ author.bio | breakable }}", "")
    result = run_avi("build", SEED, "-o", out)
    assert result.exit_code == 1
    failed = out / "failed" / "2024" / "avi-commentary-2024-08.pdf"
    assert problems(result) == [
        f"error: {SEED}: F001 the text layer does not give back 'Yen Samnang is a research fellow at "
        "the …' (author note) (the PDF is kept for a look at " f"{failed})"]
    assert (out / "2024" / "avi-commentary-2024-08.pdf").read_bytes() == good
    assert (out / ".avi-manifest.json").read_text() == manifest
    assert failed.read_bytes().startswith(b"%PDF-")
    check = run_avi("check", failed, "--manuscript", SEED, "--json")
    codes = [f["code"] for f in json.loads(check.stdout)["files"][0]["findings"]]
    assert "F001" in codes
    assert check.exit_code == 1


def test_a_clean_rebuild_clears_the_failed_pdf(scratch_project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    notes = scratch_project / NOTES
    original = notes.read_text()
    notes.write_text(original.replace("{{ author.bio | breakable }}", ""))
    assert run_avi("build", SEED, "-o", out).exit_code == 1
    notes.write_text(original)
    assert run_avi("build", SEED, "-o", out).exit_code == 0
    assert not (out / "failed" / "2024" / "avi-commentary-2024-08.pdf").exists()


def test_avi_check_holds_a_good_pdf_to_its_manuscript(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_avi("build", SEED, "-o", out).exit_code == 0
    result = run_avi("check", out / "2024" / "avi-commentary-2024-08.pdf", "--manuscript", SEED)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == "1 file(s) checked: 0 error(s), 0 warning(s)"


def test_an_issue_over_the_page_limit_fails_unless_its_front_matter_raises_it(
        write_manuscript: ManuscriptWriter, tmp_path: Path) -> None:
    long = write_manuscript(paragraphs(30, words=120))
    result = run_avi("build", long, "-o", tmp_path / "out")
    assert result.exit_code == 1
    (line,) = problems(result)
    assert line.startswith(f"error: {long}: P003 ")
    assert "more than the 4 an issue of AVI Commentary may have" in line
    special = write_manuscript(paragraphs(30, words=120), name="special.md", max_pages=14)
    result = run_avi("build", special, "-o", tmp_path / "special")
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "special" / "2024" / "avi-commentary-2024-03.pdf"
    assert run_avi("check", pdf, "--manuscript", special).exit_code == 0
    assert "P003" in run_avi("check", pdf).stdout


def test_a_khmer_text_layer_is_a_warning_until_it_reads_back(write_manuscript: ManuscriptWriter,
                                                             tmp_path: Path) -> None:
    path = write_manuscript("Khmer words: កម្ពុជា និង ពង្រឹង ការបរទេស។\n")
    result = run_avi("build", path, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert [line.split(": F002 ")[0] for line in problems(result)] == [f"warning: {path}"]


def test_the_bundled_manuscripts_build_faithfully(tmp_path: Path) -> None:
    result = run_avi("build", ROOT / "manuscripts", ROOT / "tests" / "data" / "manuscripts",
                     "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert problems(result) == []
