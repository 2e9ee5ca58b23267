"""A project's own settings and layout: errors in them are build failures with clear lines."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import ManuscriptWriter
from tests.helpers import problems, run_avi


def test_bad_css_in_the_layout_fails_the_build(scratch_project: Path,
                                               write_manuscript: ManuscriptWriter) -> None:
    css = scratch_project / "layouts" / "commentary" / "style.css"
    css.write_text(css.read_text() + "\n.masthead { colour: red; margin: banana; }\n")
    line = css.read_text().count("\n")
    result = run_avi("build", write_manuscript())
    assert result.exit_code == 1
    assert problems(result) == [
        f"error: layouts/commentary/style.css:{line}: Ignored `colour: red`, unknown property "
        "(fix the layout's CSS)",
        f"error: layouts/commentary/style.css:{line}: Ignored `margin: banana`, invalid value "
        "(fix the layout's CSS)",
    ]
    assert not (scratch_project / "build").exists()


def test_missing_template(scratch_project: Path, write_manuscript: ManuscriptWriter) -> None:
    (scratch_project / "layouts" / "commentary" / "article.html.j2").unlink()
    result = run_avi("build", write_manuscript())
    assert result.exit_code == 1
    assert problems(result) == [
        f"error: {scratch_project}/layouts/commentary/article.html.j2: layout template is missing "
        "(check the series' 'layout' in avi.toml)"]


def test_invalid_settings_are_all_reported(scratch_project: Path) -> None:
    config = scratch_project / "avi.toml"
    text = config.read_text().replace('layout = "commentary"', 'layout = "Commentary Layout"')
    config.write_text(text.replace("max_pages = 4", "max_pages = 0\ncolour = 1"))
    result = run_avi("build")
    assert result.exit_code == 1
    assert problems(result) == [
        f"error: {config}: series.commentary.layout: String should match pattern "
        "'^[a-z0-9][a-z0-9_-]*$'",
        f"error: {config}: series.commentary.max_pages: Input should be greater than or equal to 1",
        f"error: {config}: series.commentary.colour: Extra inputs are not permitted",
    ]


def test_project_without_manuscripts(scratch_project: Path) -> None:
    (scratch_project / "manuscripts").mkdir()
    result = run_avi("build")
    assert result.exit_code == 1
    assert result.stderr == "error: manuscripts: holds no manuscripts (*.md) (check the path)\n"
