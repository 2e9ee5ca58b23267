"""Layout regression: approved snapshots in tests/layout/, compared after every build."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from PIL import Image

from avitools.check.snapshot import SCHEMA, compare, load, snapshot
from tests.helpers import ROOT, SEED, edit, run_avi

APPROVED = ROOT / "tests" / "layout"
CSS = Path("layouts/commentary/style.css")


@pytest.fixture(scope="module")
def fixtures_built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("layout")
    result = run_avi("build", ROOT / "manuscripts", ROOT / "tests" / "data" / "manuscripts", "-o", out)
    assert result.exit_code == 0, result.output
    return out


def test_every_fixture_has_an_approved_snapshot(fixtures_built: Path) -> None:
    built = sorted(p.stem for p in fixtures_built.rglob("*.pdf"))
    assert built == sorted(p.stem for p in APPROVED.glob("*.json"))
    assert len(built) >= 4


def test_fixtures_match_their_approved_layout(fixtures_built: Path) -> None:
    result = run_avi("check", fixtures_built, "--baseline", APPROVED, "--strict")
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("4 file(s) checked: 0 error(s), 0 warning(s)\n")


@pytest.mark.usefixtures("fixtures_built")
def test_snapshot_is_readable_json() -> None:
    data = load(APPROVED / "avi-commentary-2024-08.json")
    assert data["schema"] == SCHEMA
    assert data["page_count"] == 3
    first = data["pages"][0]["lines"][0]
    assert first == {"text": "AVI COMMENTARY", "x": 68.0, "top": pytest.approx(77.3, abs=0.5),
                     "font": "Noto-Sans-Bold", "size": 22.0}
    text = (APPROVED / "avi-commentary-2024-08.json").read_text(encoding="utf-8")
    assert '{"text": "Hedging Strategy"' in text  # one line of the PDF per line of the file


@pytest.fixture
def seed_in_scratch(scratch_project: Path, tmp_path: Path) -> tuple[Path, Path]:
    """A baseline folder holding the approved seed, and the scratch project to change."""
    baseline = tmp_path / "approved"
    baseline.mkdir()
    for suffix in (".json", ".pdf"):
        shutil.copy(APPROVED / f"avi-commentary-2024-08{suffix}", baseline)
    return scratch_project, baseline


def rebuild(tmp_path: Path) -> Path:
    result = run_avi("build", SEED, "-o", tmp_path / "new")
    assert result.exit_code == 0, result.output
    return tmp_path / "new" / "2024" / "avi-commentary-2024-08.pdf"


def test_one_point_margin_change_fails_then_resnapshot_passes(
    seed_in_scratch: tuple[Path, Path], tmp_path: Path
) -> None:
    project, baseline = seed_in_scratch
    edit(project / CSS, "margin: 20mm 24mm 24mm 24mm;", "margin: calc(20mm + 1pt) 24mm 24mm 24mm;")
    pdf = rebuild(tmp_path)
    result = run_avi("check", pdf, "--baseline", baseline)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == (f"{pdf}: page 1: L001 error: 'AVI COMMENTARY' moved 1.0 pt down "
                        "(and 31 more lines on this page)")
    assert run_avi("snapshot", pdf, "--into", baseline).exit_code == 0
    again = run_avi("check", pdf, "--baseline", baseline)
    assert again.exit_code == 0, again.output


def test_one_point_font_size_change_names_page_and_line(
    seed_in_scratch: tuple[Path, Path], tmp_path: Path
) -> None:
    project, baseline = seed_in_scratch
    edit(project / CSS, "font-size: 10.5pt;\n  line-height: 1.5;", "font-size: 11.5pt;\n  line-height: 1.5;")
    pdf = rebuild(tmp_path)
    result = run_avi("check", pdf, "--baseline", baseline, "--render-diff", tmp_path / "diff")
    assert result.exit_code == 1
    messages = [line for line in result.stdout.splitlines() if " L001 " in line]
    assert any(m.startswith(f"{pdf}: page 1: L001 error: line 6 of page 1 re-broke: 'On 16 May 2024")
               for m in messages)
    pictures = sorted((tmp_path / "diff").glob("*.png"))
    assert pictures, result.output
    approved = Image.open(pictures[0])
    assert approved.width > 3 * approved.height // 2  # three pages side by side
    assert f"picture diff: {pictures[0]}" in result.stdout


def test_compare_reports_fonts_pages_and_metadata() -> None:
    old = load(APPROVED / "avi-commentary-2024-08.json")
    new = json.loads(json.dumps(old))
    new["page_count"] = 4
    new["fonts"] = [f.replace("Noto-Serif", "DejaVu-Serif") if f == "Noto-Serif" else f for f in new["fonts"]]
    new["metadata"]["Title"] = "Changed"
    messages = [d.message for d in compare(old, new)]
    assert messages[:3] == [
        "page count 3 -> 4",
        "font Noto-Serif replaced by DejaVu-Serif",
        f"Title '{old['metadata']['Title']}' -> 'Changed'",
    ]


def test_snapshot_of_a_built_pdf_equals_the_approved_one(fixtures_built: Path) -> None:
    pdf = fixtures_built / "2024" / "avi-commentary-2024-08.pdf"
    assert compare(load(APPROVED / "avi-commentary-2024-08.json"), snapshot(pdf)) == []


def test_a_baseline_check_reads_each_pdf_once(monkeypatch: pytest.MonkeyPatch) -> None:
    import avitools.check.pdf as pdf_rules
    import avitools.check.snapshot as snapshots
    from avitools.check.pdftext import read_pages as read

    calls: list[object] = []

    def counted(source: object) -> object:
        calls.append(source)
        return read(source)  # type: ignore[arg-type]

    monkeypatch.setattr(pdf_rules, "read_pages", counted)
    monkeypatch.setattr(snapshots, "read_pages", counted)
    approved = APPROVED / "avi-commentary-2024-08.pdf"
    result = run_avi("check", approved, "--baseline", APPROVED)
    assert result.exit_code == 0, result.output
    assert len(calls) == 1
