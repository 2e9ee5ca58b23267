"""Used values kept per style: the same bytes as WeasyPrint's own way, with both ways taken."""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from avitools.render.engine import installed, usedvalues, weasyprint
from avitools.render.engine.taken import TAKEN
from tests.helpers import ROOT, SEED, render_issue

FONTS = ROOT / "fonts"
KHMER = ROOT / "tests" / "data" / "khmer" / "2025-01-asean-integration.md"
TABLES = ROOT / "tests" / "data" / "manuscripts" / "2024-12-asean-digital-economy.md"


@pytest.fixture
def ways() -> Iterator[Any]:
    """`use("stock")` puts WeasyPrint's own functions back everywhere, `use("ours")` the kept ones."""
    weasyprint(FONTS)
    from weasyprint.layout import percent
    from weasyprint.text import line_break

    assert installed("usedvalues")
    ours = [percent.resolve_percentages, line_break.strut]
    stock = [inspect.unwrap(f) for f in ours]
    assert all(o is not s for o, s in zip(ours, stock, strict=True))

    def use(which: str) -> None:
        for o, s in zip(ours, stock, strict=True):
            usedvalues._replace(*((o, s) if which == "stock" else (s, o)))

    try:
        yield use
    finally:
        use("ours")


@pytest.mark.parametrize("path", [SEED, KHMER, TABLES], ids=["seed", "khmer", "tables"])
def test_an_issue_is_laid_out_to_the_same_bytes(path: Path, ways: Any) -> None:
    ways("stock")
    theirs = render_issue(path)
    ways("ours")
    before = TAKEN["usedvalues:own"]
    ours = render_issue(path)
    assert ours == theirs
    assert TAKEN["usedvalues:own"] > before  # the kept values were taken
