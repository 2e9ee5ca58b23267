"""`avi new`: a manuscript started with its front matter, number and name filled in."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from avitools.text import title_slug
from tests.helpers import SEED, problems, run_avi


@pytest.fixture
def archive(scratch_project: Path) -> Path:
    """The scratch project with the seed (issue 8 of 2024) in its archive."""
    folder = scratch_project / "manuscripts" / "2024"
    folder.mkdir(parents=True)
    shutil.copy(SEED, folder / SEED.name)
    return scratch_project


def test_slugs_are_ascii() -> None:
    assert title_slug("Vietnam–Cambodia Trade: Đổi Mới at Forty", 5) == "vietnam-cambodia-trade-doi-moi"
    assert title_slug("កម្ពុជា និង អាស៊ាន", 5) == ""


def test_a_new_issue_takes_the_next_number_and_known_bios(archive: Path) -> None:
    result = run_avi("new", "--title", "Vietnam–Cambodia Trade: Đổi Mới at Forty", "--author", "YEN Samnang",
                     "--author", "NGUYỄN Văn An", "--date", "2024-09-10")
    assert result.exit_code == 0, result.output
    path = Path("manuscripts/2024/2024-09-vietnam-cambodia-trade-doi-moi.md")
    assert result.stdout == f"{path}\n"
    assert problems(result) == ["warning: NGUYỄN Văn An has not written for the series before: write their "
                                "author's note (bio) in the front matter"]
    text = (archive / path).read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: 'Vietnam–Cambodia Trade: Đổi Mới at Forty'\ndate: 2024-09-10\n"
                           "country: Cambodia\nissue: 9\n")
    assert ("bio: Yen Samnang is a research fellow at the Asian Vision Institute's Mekong Centre for "
            "Strategic Studies.") in text
    assert text.endswith("---\n\n")


def test_a_khmer_title_gives_the_number_alone_and_today_is_the_default(archive: Path) -> None:
    result = run_avi("new", "--title", "កម្ពុជា និង អាស៊ាន", "--author", "YEN Samnang", "--lang", "km")
    assert result.exit_code == 0, result.output
    year = dt.date.today().year
    path = archive / result.stdout.strip()
    assert path.name == f"{year}-01.md"
    text = path.read_text(encoding="utf-8")
    assert f"date: {dt.date.today().isoformat()}\n" in text
    assert "lang: km\n" in text


def test_it_never_overwrites_and_refuses_a_taken_number(archive: Path) -> None:
    taken = run_avi("new", "--title", "Another", "--author", "YEN Samnang", "--date", "2024-10-01",
                    "--issue", "8")
    assert taken.exit_code == 1
    assert problems(taken) == [f"error: manuscripts/2024/{SEED.name}: already is issue 8 of 2024 "
                               "(choose another number, or leave --issue out for No. 09)"]
    first = run_avi("new", "--title", "Same", "--author", "A B", "--date", "2024-10-01", "--issue", "12")
    assert first.exit_code == 0
    written = archive / first.stdout.strip()
    written.write_text(written.read_text() + "Work in progress.\n")
    clash = run_avi("new", "--title", "Same", "--author", "A B", "--date", "2024-10-01", "--issue", "12")
    assert clash.exit_code == 1
    assert written.read_text().endswith("Work in progress.\n")


def test_a_file_in_the_way_is_never_replaced(archive: Path) -> None:
    draft = archive / "manuscripts" / "2024" / "2024-09-notes.md"
    draft.write_text("my notes, not a manuscript\n")
    result = run_avi("new", "--title", "Notes", "--author", "A B", "--date", "2024-10-01")
    assert result.exit_code == 1
    assert problems(result) == ["error: manuscripts/2024/2024-09-notes.md: exists already (open it, or "
                                "give another --title or --issue)"]
    assert draft.read_text() == "my notes, not a manuscript\n"
