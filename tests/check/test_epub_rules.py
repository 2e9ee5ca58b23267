"""The book rules of `avi check` on an EPUB: a book broken in one way triggers exactly that code."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from avitools.check.epub import check_epub
from avitools.config import Project
from tests.helpers import ROOT, run_avi


@pytest.fixture(scope="module")
def good_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("epub") / "good.epub"
    result = run_avi("anthology", "2024", "--from", ROOT / "tests" / "data" / "manuscripts", "-o", target)
    assert result.exit_code == 0, result.output
    return target


def broken(good: Path, target: Path, member: str, change: Callable[[str], str]) -> Path:
    """A copy of the book with one member's text changed."""
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(target, "w") as out:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == member:
                changed = change(data.decode("utf-8"))
                assert changed != data.decode("utf-8"), "the change did not apply"
                data = changed.encode("utf-8")
            out.writestr(info, data)
    return target


def codes(book: Path, project: Project) -> set[str]:
    return {f.code for f in check_epub(book, project, epubcheck=False)}


def test_the_good_book_has_no_finding(good_book: Path, project: Project) -> None:
    assert codes(good_book, project) == set()


CASES = {
    "E101": ("EPUB/content.opf",
             lambda t: t.replace('<itemref idref="issue-10"/>', "").replace(
                 '<itemref idref="authors"/>', '<itemref idref="issue-10"/><itemref idref="authors"/>')),
    "E102": ("EPUB/issue-11.xhtml", lambda t: t.replace('data-avi="disclaimer"', 'data-avi="closing"')),
    "E103": ("EPUB/issue-11.xhtml", lambda t: t.replace('href="#i11-fn-2"', 'href="#i11-fn-9"')),
    "E104": ("EPUB/issue-12.xhtml", lambda t: t.replace('id="i12-title"', 'id="i12-author-1"')),
    "E105": ("EPUB/authors.xhtml", lambda t: t.replace("SOK Dara", "Someone Else")),
    "E106": ("EPUB/nav.xhtml", lambda t: t.replace("Index of authors</a>",
                                                    "Index of authors</a></li><li><a href='issue-10.xhtml'>"
                                                    "* Kim Sopheak is a research fellow</a>")),
    "E106-bio": ("EPUB/nav.xhtml", lambda t: t.replace(
        "Index of authors</a>", "Index of authors</a></li><li><a href='issue-11.xhtml'>"
        "Kim Sopheak teaches history in Battambang</a>")),
    "E106-missing": ("EPUB/nav.xhtml", lambda t: t.replace('href="issue-12.xhtml"', 'href="authors.xhtml"')),
}


@pytest.mark.parametrize("code", sorted(CASES))
def test_each_book_rule(code: str, good_book: Path, project: Project, tmp_path: Path) -> None:
    member, change = CASES[code]
    assert codes(broken(good_book, tmp_path / "bad.epub", member, change), project) == {code[:4]}


def test_rules_find_parts_by_their_markers_not_by_css_classes(good_book: Path, project: Project,
                                                              tmp_path: Path) -> None:
    """A restyled chapter (every class renamed) still passes: rules read `data-avi` and `epub:type`."""
    restyled = broken(good_book, tmp_path / "restyled.epub", "EPUB/issue-11.xhtml",
                      lambda t: t.replace('class="', 'class="house-'))
    assert codes(restyled, project) == set()


@pytest.mark.slow
def test_avi_check_runs_epubcheck_and_reports_its_errors(good_book: Path, tmp_path: Path) -> None:
    bad = broken(good_book, tmp_path / "bad.epub", "EPUB/issue-12.xhtml",
                 lambda t: t.replace("<h1 ", "<h1 data-x='1' onclick='x()' ", 1).replace("</h1>", "</h2>", 1))
    result = run_avi("check", bad)
    assert result.exit_code == 1
    assert any(" E001 error: EPUBCheck " in line for line in result.stdout.splitlines())
