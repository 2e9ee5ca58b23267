"""Line breaking without the layouts that cannot change a line: the same lines, the same bytes."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from avitools.render.engine import linebreak, weasyprint
from tests.helpers import ROOT, SEED, render_issue

FONTS = ROOT / "fonts"
KHMER = ROOT / "tests" / "data" / "khmer" / "2025-01-asean-integration.md"
# Justified text with long words and hyphenation: many lines end with a word that nearly fits.
HYPHENATED = ROOT / "tests" / "data" / "manuscripts"


@pytest.fixture
def breaking() -> Iterator[Any]:
    """Sets `split_first_line` for the test, guarded or WeasyPrint's own, and records each guard's
    answer with what the skipped layout would have said."""
    weasyprint(FONTS)
    from weasyprint.text import line_break

    function = line_break.split_first_line
    guarded, stock = function.__code__, _stock_code()
    answers: list[tuple[bool, bool]] = []

    def recorded(cut: bool, layout: Any, first_line_text: str, added: str, style: Any,
                 max_width: float) -> bool:
        skip = linebreak.cannot_fit(layout, first_line_text, added, style, max_width, cut)
        refused = False
        if skip:  # what the skipped layout says: what was added starts the next line
            text = first_line_text + added + (style["hyphenate_character"] if cut else "")
            trial = line_break.create_layout(text, style, None, max_width,
                                             layout.justification_spacing)
            refused = trial.get_first_line()[1] == len(first_line_text.encode())
        answers.append((skip, refused))
        return skip

    def use(which: str) -> None:
        answers.clear()
        function.__code__ = {"ours": guarded, "stock": stock}[which]

    use.answers = answers  # type: ignore[attr-defined]
    line_break.__dict__.update({name: functools.partial(recorded, cut)
                                for name, cut in zip(linebreak.HELPERS, (False, True), strict=True)})
    yield use
    function.__code__ = guarded
    line_break.__dict__.update(zip(linebreak.HELPERS, (linebreak.word_cannot_fit,
                                                       linebreak.cut_cannot_fit), strict=True))


def _stock_code() -> Any:
    """WeasyPrint's own `split_first_line` code, compiled from its file as it stands."""
    from weasyprint.text import line_break

    source = Path(line_break.__file__).read_text(encoding="utf-8")
    namespace: dict[str, Any] = {}
    exec(compile(source, line_break.__file__, "exec"), dict(line_break.__dict__), namespace)
    return namespace["split_first_line"].__code__


@pytest.mark.parametrize("path", [SEED, KHMER, *sorted(HYPHENATED.glob("*.md"))[:2]],
                         ids=lambda p: Path(p).stem)
def test_an_issue_breaks_into_the_same_lines(path: Path, breaking: Any) -> None:
    breaking("stock")
    theirs = render_issue(path)
    assert breaking.answers == []  # WeasyPrint's own code has no guard
    breaking("ours")
    ours = render_issue(path)
    assert ours == theirs
    skipped = [refused for skip, refused in breaking.answers if skip]
    assert all(skipped)  # every skipped layout would have put its word on the next line
    if path != KHMER:
        assert len(skipped) > len(breaking.answers) / 2  # most of them are skipped


def test_a_word_is_tried_unless_it_overflows_by_more_than_a_quarter_of_the_font_size() -> None:
    wp = weasyprint(FONTS)
    from weasyprint.text import line_break

    style = _style(wp)
    text = "The institute publishes commentaries on regional policy every month of the year"
    layout = line_break.create_layout(text, style, None, 150.0, 0)
    first, resume = layout.get_first_line()
    width, _ = line_break.line_size(first, style)
    first_text = text.encode()[:resume].decode()
    word = text.encode()[resume:].decode().split(" ")[0]
    single = line_break.create_layout(word, style, None, None, 0)  # kept while its line is read
    alone, _ = line_break.line_size(single.get_first_line()[0], style)
    quarter = style["font_size"] / 4

    def skipped(max_width: float, added: str = word, cut: bool = False) -> bool:
        return linebreak.cannot_fit(layout, first_text, added, style, max_width, cut)

    assert skipped(width + alone - 2 * quarter)  # overflows by half the font size
    assert not skipped(width + alone)  # just fits
    assert not skipped(width + alone - quarter / 2)  # overflows, but kerning might give it back
    # a cut word is measured without its last letter
    part = word[:5]
    single = line_break.create_layout(part[:-1], style, None, None, 0)
    shorter, _ = line_break.line_size(single.get_first_line()[0], style)
    assert skipped(width + shorter - 2 * quarter, part, cut=True)
    assert not skipped(width + shorter, part, cut=True)
    assert skipped(width + shorter, part, cut=False)  # its last letter counted: overflows
    # unsure: no first line, or a second line that does not start with the word
    assert not linebreak.cannot_fit(layout, "", word, style, 150.0, False)
    assert not linebreak.cannot_fit(layout, first_text + "x", word, style, 150.0, False)


def _style(wp: Any) -> Any:
    """The computed style of a paragraph in the house serif at 10.5pt."""
    document = wp.HTML(string='<p style="font: 10.5pt \'Noto Serif\'">x</p>').render()
    box = document.pages[0]._page_box.children[0].children[0].children[0]
    return box.style
