"""The book rules, each on a book made to break it, through `avi check` and inside the book's build."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from avitools.anthology import collect
from avitools.check.findings import Finding
from avitools.check.run import check
from avitools.config import Project
from avitools.model import Year
from avitools.render import book as book_module
from avitools.render.book import make_book
from tests.helpers import ROOT, edit, problems, run_avi

YEAR_FOLDER = ROOT / "tests" / "data" / "manuscripts"
pytestmark = pytest.mark.slow  # a book made for each rule: about 20 s in all


@pytest.fixture(scope="module")
def two_issues() -> Year:
    """Issues 10 (four pages) and 11 (two pages) of 2024."""
    from avitools.config import load_project

    year = collect(load_project(ROOT), 2024, YEAR_FOLDER)
    return dataclasses.replace(year, articles=year.articles[:2])


def checked(project: Project, year: Year, tmp_path: Path,
            manuscripts: Path | None = None) -> set[tuple[str, int, str]]:
    """(code, page, message) of every finding `avi check` makes of the book of `year`."""
    path = tmp_path / "book.pdf"
    path.write_bytes(make_book(project, year))
    found: list[Finding] = check(project, [path], manuscript=manuscripts).files[str(path)]
    return {(f.code, f.page, f.message) for f in found}


def test_a_good_book_has_no_finding(project: Project, two_issues: Year, tmp_path: Path) -> None:
    assert checked(project, two_issues, tmp_path) == set()


def test_b001_contents_page_wrong(project: Project, two_issues: Year, tmp_path: Path,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    real = book_module.contents

    def off_by_two(placed: list[Any], year: Any) -> list[Any]:
        entries = real(placed, year)
        return [dataclasses.replace(entries[0], page=str(int(entries[0].page) + 2)), *entries[1:]]

    monkeypatch.setattr(book_module, "contents", off_by_two)
    assert checked(project, two_issues, tmp_path) == {
        ("B001", 5, "the contents give page 3 for No. 10, which starts on page 1")}


def test_b002_issue_on_a_left_hand_page(project: Project, two_issues: Year, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    # Every part gets a blank page before it: cover (2 pages), front matter (4), then No. 10 on
    # page 8, a left-hand page.
    monkeypatch.setattr(book_module, "_right_hand", lambda pages, blank: [blank, *pages])
    found = checked(project, two_issues, tmp_path)
    assert ("B002", 8, "No. 10 starts on a left-hand page") in found


def test_b003_author_missing_from_the_index(project: Project, two_issues: Year, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    real = book_module.author_index
    monkeypatch.setattr(book_module, "author_index", lambda placed: real(placed)[1:])
    assert checked(project, two_issues, tmp_path) == {
        ("B003", 15, "the index does not list CHHEANG Vannarith (No. 11)")}


def test_b003_index_out_of_order(project: Project, two_issues: Year, tmp_path: Path,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    real = book_module.author_index
    monkeypatch.setattr(book_module, "author_index", lambda placed: real(placed)[::-1])
    assert checked(project, two_issues, tmp_path) == {
        ("B003", 15, "the index is not in the order of the authors' sort names")}


def test_b004_issue_missing_from_the_book(project: Project, two_issues: Year, tmp_path: Path) -> None:
    only_10 = dataclasses.replace(two_issues, articles=two_issues.articles[:1])
    folder = tmp_path / "2024"
    folder.mkdir()
    for name in ("2024-10-hedging-in-practice.md", "2024-11-mekong-water-diplomacy.md"):
        (folder / name).write_bytes((YEAR_FOLDER / name).read_bytes())
    assert checked(project, only_10, tmp_path, manuscripts=folder) == {
        ("B004", 0, "No. 11 'Water Diplomacy on the Mekong: Data, Dams and Dialogue' is not in the book")}


def test_b005_blank_page_with_a_number(project: Project, two_issues: Year, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    real = book_module._blank

    def numbered(wp: Any, fonts: Any, shop: str) -> Any:
        return real(wp, fonts, shop + '@page { margin: 20mm 28mm 24mm 20mm; @bottom-left { content: "iv"; '
                    'font-family: "Noto Sans"; vertical-align: bottom; padding-bottom: 14mm; } }')

    monkeypatch.setattr(book_module, "_blank", numbered)
    found = checked(project, two_issues, tmp_path)
    # Every blank page has it; page 6 (after the contents) is the one it is the number of.
    assert ("B005", 6, "a page with nothing on it but 'iv' (a blank page carries nothing)") in found
    assert {f for f in found if f[1] == 6} == {
        ("B005", 6, "a page with nothing on it but 'iv' (a blank page carries nothing)")}


def test_b006_labels_that_are_not_the_printed_numbers(project: Project, two_issues: Year, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    real = book_module._finisher
    monkeypatch.setattr(book_module, "_finisher",
                        lambda _covers, _front, bleed, **_kw: real(0, 0, bleed))
    found = checked(project, two_issues, tmp_path)
    # Every label is now arabic from the cover on: the contents' iii is page 5's label "5".
    assert ("B006", 5, "the printed page number iii is not the page's label 5") in found
    assert ("B006", 7, "the printed page number 1 is not the page's label 7") in found


def test_f001_a_manuscript_changed_since_the_book(project: Project, two_issues: Year,
                                                  tmp_path: Path) -> None:
    folder = tmp_path / "2024"
    folder.mkdir()
    for name in ("2024-10-hedging-in-practice.md", "2024-11-mekong-water-diplomacy.md"):
        (folder / name).write_bytes((YEAR_FOLDER / name).read_bytes())
    book = tmp_path / "book.pdf"
    book.write_bytes(make_book(project, two_issues))
    edit(folder / "2024-11-mekong-water-diplomacy.md", "The Mekong River sustains",
         "The mighty Mekong River sustains")
    found = check(project, [book], manuscript=folder).files[str(book)]
    assert [(f.code, f.page) for f in found] == [("F001", 11)]
    assert found[0].message.startswith("No. 11: the text layer does not give back 'mighty'")


def test_the_build_refuses_a_broken_book_and_keeps_the_good_one(
        scratch_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (scratch_project / "manuscripts").mkdir()
    folder = scratch_project / "manuscripts" / "2024"
    folder.mkdir()
    for name in ("2024-10-hedging-in-practice.md", "2024-11-mekong-water-diplomacy.md"):
        (folder / name).write_bytes((YEAR_FOLDER / name).read_bytes())
    good = run_avi("anthology", "2024", "--format", "pdf")
    assert good.exit_code == 0, good.output
    target = scratch_project / "build" / "2024" / "avi-commentary-2024.pdf"
    before = target.read_bytes()
    monkeypatch.setattr(book_module, "_right_hand", lambda pages, blank: [blank, *pages])
    bad = run_avi("anthology", "2024", "--format", "pdf")
    assert bad.exit_code == 1
    kept = "build/failed/2024/avi-commentary-2024.pdf"
    assert (f"error: build/2024/avi-commentary-2024.pdf: page 8: B002 No. 10 starts on a left-hand "
            f"page (the PDF is kept for a look at {kept})") in problems(bad)
    assert target.read_bytes() == before
    assert (scratch_project / kept).is_file()
