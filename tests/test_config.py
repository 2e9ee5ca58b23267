"""The settings: validated once, kept, and in agreement with the layouts they name."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import tinycss2

from avitools.config import MONTHS, Edition, Project, Series, load_settings
from avitools.errors import ConfigError
from tests.helpers import ROOT


def page_margins_mm(css: str) -> tuple[float, ...]:
    """The `margin` of the stylesheet's plain `@page` rule, in mm (one to four values, expanded)."""
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if rule.type != "at-rule" or rule.lower_at_keyword != "page":
            continue
        if any(token.type != "whitespace" for token in rule.prelude or []):
            continue  # a page selector such as :first
        for item in tinycss2.parse_blocks_contents(rule.content or [], skip_whitespace=True):
            if item.type == "declaration" and item.lower_name == "margin":
                values = [t for t in item.value if t.type == "dimension"]
                assert all(v.unit == "mm" for v in values), "the page margins are given in mm"
                return expand([float(v.value) for v in values])
    raise AssertionError("the stylesheet has no @page margin")


def expand(values: list[float]) -> tuple[float, ...]:
    """CSS's one-to-four-value shorthand as (top, right, bottom, left)."""
    top = values[0]
    right = values[1] if len(values) > 1 else top
    bottom = values[2] if len(values) > 2 else top
    left = values[3] if len(values) > 3 else right
    return (top, right, bottom, left)


def test_each_series_margins_are_its_layouts_page_margins(project: Project) -> None:
    for key, series in project.settings.series.items():
        css = (project.layout_dir(series) / "style.css").read_text(encoding="utf-8")
        assert page_margins_mm(css) == tuple(series.margins_mm), key


def test_margin_shorthand_is_read_as_css_reads_it() -> None:
    assert page_margins_mm("@page { margin: 20mm 24mm 24mm 24mm }") == (20, 24, 24, 24)
    assert page_margins_mm("@page { margin: 10mm }") == (10, 10, 10, 10)
    assert page_margins_mm("@page { margin: 10mm 5mm }") == (10, 5, 10, 5)
    assert page_margins_mm("@page :first { margin: 1mm } @page { margin: 10mm 5mm 7mm }") == (10, 5, 7, 5)


SETTINGS_LOAD = """
import sys
from pathlib import Path
from avitools.config import load_project
project = load_project(Path(sys.argv[1]))
print("pydantic" in sys.modules, repr(project.settings))
"""


def _load(root: Path, cache: Path) -> tuple[str, str]:
    """Whether loading the project in a fresh process loaded pydantic, and its settings."""
    done = subprocess.run([sys.executable, "-c", SETTINGS_LOAD, str(root)], capture_output=True,
                          text=True, check=True, cwd=ROOT, env={**os.environ, "XDG_CACHE_HOME": str(cache)})
    loaded, settings = done.stdout.strip().split(" ", 1)
    return loaded, settings


def test_settings_are_validated_once_then_taken_from_the_cache(scratch_project: Path,
                                                              tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = _load(scratch_project, cache)
    assert first[0] == "True"  # validated with pydantic
    assert len(list((cache / "avitools").glob("settings-*.json"))) == 1
    again = _load(scratch_project, cache)
    assert again == ("False", first[1])  # the same settings, without pydantic
    assert "Series(name='AVI Commentary'" in first[1]


def test_changed_settings_are_validated_again(scratch_project: Path, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    config = scratch_project / "avi.toml"
    assert load_settings(config).series["commentary"].max_pages == 4
    config.write_text(config.read_text().replace("max_pages = 4", "max_pages = 0"))
    for _ in range(2):  # an invalid file is never kept
        with pytest.raises(ConfigError) as caught:
            load_settings(config)
        assert [str(problem) for problem in caught.value.problems] == [
            f"error: {config}: series.commentary.max_pages: Input should be greater than or "
            "equal to 1"]
    assert len(list((tmp_path / "cache" / "avitools").glob("settings-*.json"))) == 1


def test_a_damaged_cache_entry_is_validated_again(scratch_project: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    config = scratch_project / "avi.toml"
    settings = load_settings(config)
    [kept] = (tmp_path / "cache" / "avitools").glob("settings-*.json")
    for damage in ('{"publisher": {}}', '[1, 2]', '{"publisher": {"name": "x"}, "series": 3}'):
        kept.write_text(damage)
        assert load_settings(config) == settings


def test_defaults_are_the_same_validated_or_made_in_code(scratch_project: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """A series that gives only what it must gets the defaults the classes declare."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    config = scratch_project / "avi.toml"
    config.write_text('[publisher]\nname = "AVI"\ndefault_series = "c"\n\n[series.c]\nname = "C"\n'
                      'masthead = "M"\nfile_prefix = "c"\nissue_label = "ISSUE: {year}, No. {number:02d}"\n'
                      'disclaimer_one = "D1"\ndisclaimer_many = "D2"\nlayout = "commentary"\n\n'
                      '[series.c.editions.km]\nmasthead = "K"\nissue_label = "{year} {number}"\n'
                      'disclaimer_one = "K1"\ndisclaimer_many = "K2"\n')
    series = load_settings(config).series["c"]
    assert series == Series(name="C", masthead="M", file_prefix="c",
                            issue_label="ISSUE: {year}, No. {number:02d}", disclaimer_one="D1",
                            disclaimer_many="D2", layout="commentary", editions={"km": Edition(
                                masthead="K", issue_label="{year} {number}", disclaimer_one="K1",
                                disclaimer_many="K2")})
    assert (series.max_pages, series.margins_mm, series.issn) == (4, (20.0, 24.0, 24.0, 24.0), None)
    assert series.edition("km").months == MONTHS
    assert series.edition("km").label(2025, 3) == "2025 3"
    assert load_settings(config) == load_settings(config)  # and from the cache


def test_an_issue_label_that_cannot_be_formatted_is_refused(scratch_project: Path, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    config = scratch_project / "avi.toml"
    text = config.read_text()
    config.write_text(text.replace('issue_label = "', 'issue_label = "{issue} ', 1))
    with pytest.raises(ConfigError) as caught:
        load_settings(config)
    [problem] = caught.value.problems
    assert "issue_label: Value error, cannot be formatted with {year} and {number}: 'issue'" \
        in str(problem)
