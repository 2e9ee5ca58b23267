"""The settings agree with the layouts they name."""

from __future__ import annotations

import tinycss2

from avitools.config import Project


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
