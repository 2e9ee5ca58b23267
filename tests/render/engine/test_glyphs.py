"""The faster line drawing writes the PDF WeasyPrint's own loop writes, byte for byte."""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from avitools.render.engine import glyphs, textlayer, weasyprint
from tests.helpers import ROOT, SEED, render_issue, render_page, switched

FONTS = ROOT / "fonts"
KHMER = ROOT / "tests" / "data" / "khmer" / "2025-01-asean-integration.md"
# Lines WeasyPrint draws that the house layouts rarely make: spaced letters, a run drawn right to
# left (Latin letters under a right-to-left override), a glyph no bundled font has (WeasyPrint's
# warning and .notdef), a cut line with an ellipsis, and text too small to draw.
SNIPPETS = {
    "letter-spaced": '<p style="letter-spacing: 3pt; word-spacing: 2pt">AVI COMMENTARY 2024</p>',
    "right to left": "<p>Office: \u202ePhnom Penh, fifth floor\u202c.</p>",
    "missing glyph": "<p>A sign no font draws: \U00013000 here.</p>",
    "ellipsis": ('<p style="width: 30mm; white-space: nowrap; overflow: hidden; '
                 'text-overflow: ellipsis">A title much longer than its box</p>'),
    "tiny": '<p style="font-size: 0.0000001pt">small</p>',
}


@pytest.fixture
def drawing() -> Iterator[Any]:
    """Sets WeasyPrint's line drawing for the test, inside the text-layer extension as in a build:
    avitools' loop, or WeasyPrint's own; counts the lines WeasyPrint's own loop draws."""
    weasyprint(FONTS)
    from weasyprint.draw import text

    installed = text.draw_first_line
    stock = inspect.unwrap(installed)
    calls: list[int] = []

    def counted(*args: Any) -> Any:
        calls.append(1)
        return stock(*args)

    chains = {"ours": textlayer._drawing(glyphs._drawing(counted)),
              "stock": textlayer._drawing(stock)}
    with switched(text, "draw_first_line", chains, calls) as use:
        use.calls = calls  # type: ignore[attr-defined]
        yield use


def _snippet(html: str) -> bytes:
    return render_page(f'<html lang="en"><body style="font-family: \'Noto Serif\'">{html}</body>'
                       "</html>", identifier=b"glyphs")


@pytest.mark.parametrize("path", [SEED, KHMER], ids=["seed", "khmer"])
def test_an_issue_is_drawn_to_the_same_bytes(path: Path, drawing: Any) -> None:
    drawing("stock")
    theirs = render_issue(path)
    drawing("ours")
    ours = render_issue(path)
    assert ours == theirs
    assert drawing.calls == []  # every line went through avitools' loop


@pytest.mark.parametrize("name", list(SNIPPETS))
def test_lines_weasyprint_draws_otherwise_are_drawn_to_the_same_bytes(name: str,
                                                                       drawing: Any) -> None:
    drawing("stock")
    theirs = _snippet(SNIPPETS[name])
    drawing("ours")
    ours = _snippet(SNIPPETS[name])
    assert ours == theirs
    handed_over = name in ("missing glyph", "ellipsis", "tiny")
    assert bool(drawing.calls) == handed_over


def test_a_word_drawn_again_reuses_its_string(drawing: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    drawing("ours")
    drawn: list[bytes] = []
    draw = glyphs._draw_run

    def counted(stream: Any, string: str, font: Any, key: tuple[float, bytes], *args: Any) -> Any:
        drawn.append(key[1])
        return draw(stream, string, font, key, *args)

    monkeypatch.setattr(glyphs, "_draw_run", counted)
    # Word spacing makes each word and each space a run of its own: five runs.
    _snippet('<p style="word-spacing: 2pt">policy policy policy</p>')
    assert len(drawn) == len(set(drawn))  # no run drawn twice
    assert len(drawn) < 5
