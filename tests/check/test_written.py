"""The house rules every build runs on the PDF it made: a layout that drops a running element, the
masthead or the disclaimer fails the build with one line per finding."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import ManuscriptWriter
from tests.helpers import problems, run_avi


def test_a_layout_that_loses_the_running_elements_fails_the_build(
        scratch_project: Path, write_manuscript: ManuscriptWriter, tmp_path: Path) -> None:
    style = scratch_project / "layouts" / "commentary" / "style.css"
    style.write_text(style.read_text(encoding="utf-8") + """
.issue-line, .masthead, .disclaimer, .dateline, .author-notes { display: none; }
@page { @bottom-right { content: none; } }
""", encoding="utf-8")
    template = scratch_project / "layouts" / "commentary" / "article.html.j2"
    template.write_text(template.read_text(encoding="utf-8").replace(
        "<title>{{ article.title }}</title>", "<title>Draft</title>"), encoding="utf-8")
    path = write_manuscript("One paragraph of text.\n")
    result = run_avi("build", path, "-o", tmp_path / "out")
    assert result.exit_code == 1
    failed = tmp_path / "out" / "failed" / "2024" / "avi-commentary-2024-03.pdf"
    kept = f"the PDF is kept for a look at {failed}"
    assert problems(result) == [
        f"error: {path}: P013 the Title 'Draft' is not the article's title ({kept})",
        f"error: {path}: page 1: P006 the running issue line is missing ({kept})",
        f"error: {path}: page 1: P017 the page number 1 is missing ({kept})",
        f"error: {path}: page 1: P008 the masthead 'AVI COMMENTARY' does not open page 1 ({kept})",
        f"error: {path}: page 1: P009 no dateline like 'Cambodia | 28 August 2024' after the "
        f"masthead ({kept})",
        f"error: {path}: page 1: P010 page 1 should hold an author note for each author (*); "
        f"it holds none ({kept})",
        f"error: {path}: page 1: P011 the disclaimer is missing from the last page ({kept})",
        f"error: {path}: F001 the text layer does not give back 'Cambodia' (dateline) ({kept})",
        f"error: {path}: F001 the text layer does not give back 'Yen Samnang is a research fellow at "
        f"the …' (author note) ({kept})",
    ]
    assert not (tmp_path / "out" / "2024").exists()


def test_the_house_layout_passes(write_manuscript: ManuscriptWriter, tmp_path: Path) -> None:
    path = write_manuscript("One paragraph of text.\n")
    result = run_avi("build", path, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert problems(result) == []
