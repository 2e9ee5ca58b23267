"""Plain computed style values taken by a short way: the same values, the same bytes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from avitools.render.engine import computedstyle, font_configuration, weasyprint
from tests.helpers import ROOT, SEED, render_issue

FONTS = ROOT / "fonts"
KHMER = ROOT / "tests" / "data" / "khmer" / "2025-01-asean-integration.md"
# What decides a value other than its parent or its initial value: logical properties beside
# physical ones (in both directions), calc() and var() inherited, propagated decorations, named
# pages, floats, positions and displays.
STYLES = """
@page { size: A5; margin: 20mm } @page wide { size: A4 landscape }
:root { --gap: 6pt; font-family: 'Noto Serif'; line-height: calc(1em + 4pt) }
body { font-size: calc(10pt + 1pt); letter-spacing: calc(0.01em) }
.logical { margin-inline-start: 12pt; padding-inline-end: var(--gap); border-inline-start: 1pt solid }
.rtl { direction: rtl } .wide { page: wide }
.deco { text-decoration: underline } .deco span { color: red }
.float { float: right; width: 30% } .rel { position: relative; left: 4pt }
.ib { display: inline-block; width: 20mm; margin-left: 2pt }
.indent { text-indent: calc(5% + 6pt) }
"""
WORDS = "The Mekong commission publishes its water data every season. "
BODY = (f'<p class="logical">{WORDS * 3}</p><p class="logical rtl">{WORDS * 3}</p>'
        f'<div class="deco"><p>{WORDS}<span>{WORDS}</span></p></div>'
        f'<p><span class="float">{WORDS}</span>{WORDS * 4}<span class="rel">{WORDS}</span>'
        f'<span class="ib">{WORDS}</span></p><section class="wide"><p>{WORDS * 5}</p></section>'
        f'<div class="indent"><p>{WORDS * 2}</p></div>'
        f'<ul><li>{WORDS}</li><li style="--gap: 9pt" class="logical">{WORDS}</li></ul>')


@pytest.fixture
def computing() -> Iterator[Any]:
    """Sets `ComputedStyle.__missing__` for the test, avitools' or WeasyPrint's own, and counts
    the values WeasyPrint's own code computes; what avitools installed is put back after."""
    weasyprint(FONTS)
    from weasyprint import css

    installed = css.ComputedStyle.__missing__
    stock = installed.__wrapped__
    computed: list[str] = []

    def counted(self: Any, key: str) -> Any:
        computed.append(key)
        return stock(self, key)

    chains = {"ours": computedstyle.shortcut(counted), "stock": counted}

    def use(which: str) -> None:
        computed.clear()
        css.ComputedStyle.__missing__ = chains[which]

    use.computed = computed  # type: ignore[attr-defined]
    try:
        yield use
    finally:
        css.ComputedStyle.__missing__ = installed


def _styles_page() -> tuple[bytes, list[dict[str, str]]]:
    """The page's PDF, and the computed values of its boxes' styles (as written: CSS tokens,
    which custom properties keep, are equal only to themselves)."""
    wp = weasyprint(FONTS)
    fonts = font_configuration(FONTS)
    document = wp.HTML(string=f"<html><body>{BODY}</body></html>").render(
        stylesheets=[wp.CSS(string=STYLES, font_config=fonts)], font_config=fonts)

    def styles(box: Any) -> Iterator[dict[str, str]]:
        yield {key: repr(value) for key, value in box.style.items()}
        for child in getattr(box, "children", ()):
            yield from styles(child)

    values = [style for page in document.pages for style in styles(page._page_box)]
    return document.write_pdf(pdf_identifier=b"styles", uncompressed_pdf=True), values


@pytest.mark.parametrize("path", [SEED, KHMER], ids=["seed", "khmer"])
def test_an_issue_is_the_same_bytes(path: Path, computing: Any) -> None:
    computing("stock")
    theirs = render_issue(path)
    asked = len(computing.computed)
    computing("ours")
    assert render_issue(path) == theirs
    # most values are plain: WeasyPrint's own code computes well under half of them
    assert len(computing.computed) < asked / 2


def test_other_styles_are_the_same_values_and_bytes(computing: Any) -> None:
    computing("stock")
    theirs, their_values = _styles_page()
    computing("ours")
    ours, our_values = _styles_page()
    assert our_values == their_values
    assert ours == theirs
    assert b"/MediaBox [0 0 841" in ours  # the named landscape page is there
    # the logical properties, the propagated decoration and the inherited calc() were WeasyPrint's
    assert {"margin_left", "margin_right", "text_decoration_line", "line_height"} \
        <= set(computing.computed)
