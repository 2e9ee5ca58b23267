"""Margin boxes without content are left unresolved, and the pages are the same bytes."""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from avitools.render.engine import margins, weasyprint
from tests.helpers import ROOT, SEED, render_issue, render_page, switched

FONTS = ROOT / "fonts"
KHMER = ROOT / "tests" / "data" / "khmer" / "2025-01-asean-integration.md"
# Margin boxes the house layouts do not use: percentages, borders, auto widths beside a filled
# neighbour, a corner, a side box and an empty `content` that still makes a box.
BOXES = """
@page { size: A5; margin: 20mm 18mm;
  @top-left { content: "AVI"; width: 30%; padding: 2%; border-bottom: 1pt solid black }
  @top-right { content: ""; margin-left: 5% }
  @bottom-center { content: counter(page) " / " counter(pages); min-width: 20% }
  @left-middle { content: "Commentary"; padding-top: 10% }
  @bottom-right-corner { content: "*"; height: 50% }
}
"""


@pytest.fixture
def resolving() -> Iterator[Any]:
    """Sets WeasyPrint's `resolve_percentages` for the test, avitools' or WeasyPrint's own, and
    lists the margin boxes WeasyPrint's own resolves."""
    weasyprint(FONTS)
    from weasyprint.formatting_structure.boxes import MarginBox
    from weasyprint.layout import page

    installed = page.resolve_percentages
    stock = inspect.unwrap(installed)
    resolved: list[Any] = []

    def counted(box: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(box, MarginBox):
            resolved.append(box)
        return stock(box, *args, **kwargs)

    chains = {"ours": margins.skipping_empty_margins(counted), "stock": counted}
    with switched(page, "resolve_percentages", chains, resolved) as use:
        use.resolved = resolved  # type: ignore[attr-defined]
        yield use


def _boxes() -> bytes:
    return render_page('<html lang="en"><body style="font-family: \'Noto Serif\'">'
                       + "<p>Text of the page.</p>" * 3 + "</body></html>", BOXES, b"margins")


@pytest.mark.parametrize("path", [SEED, KHMER], ids=["seed", "khmer"])
def test_an_issue_is_laid_out_to_the_same_bytes(path: Path, resolving: Any) -> None:
    resolving("stock")
    theirs = render_issue(path)
    assert len(resolving.resolved) % 16 == 0  # sixteen margin boxes a page
    pages = len(resolving.resolved) // 16
    resolving("ours")
    ours = render_issue(path)
    assert ours == theirs
    # only the issue line and the page number are resolved, on every page
    assert len(resolving.resolved) == 2 * pages
    assert {box.at_keyword for box in resolving.resolved} == {"@bottom-left", "@bottom-right"}


def test_other_margin_boxes_are_laid_out_to_the_same_bytes(resolving: Any) -> None:
    resolving("stock")
    theirs = _boxes()
    resolving("ours")
    ours = _boxes()
    assert ours == theirs
    assert {box.at_keyword for box in resolving.resolved} == {
        "@top-left", "@top-right", "@bottom-center", "@left-middle", "@bottom-right-corner"}
