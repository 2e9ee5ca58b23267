"""Pango layouts set up from cached parts, and none set up only to be dropped: the same bytes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from avitools.render.engine import font_configuration, pangosetup, weasyprint
from tests.helpers import ROOT, SEED, render_issue, render_page

FONTS = ROOT / "fonts"
KHMER = ROOT / "tests" / "data" / "khmer" / "2025-01-asean-integration.md"
# What the house layouts hardly use and the caches must still tell apart: decorations (with
# their metrics), letter and word spacing, OpenType features, small capitals, weights and sizes,
# right to left, languages, justified text with a single space box.
STYLES = """
@page { size: A5; margin: 20mm }
body { font-family: 'Noto Serif'; text-align: justify; hyphens: auto }
.u { text-decoration: underline overline } .s { text-decoration: line-through; font-size: 9pt }
.l { letter-spacing: 0.1em } .w { word-spacing: 3pt } .f { font-feature-settings: "smcp" }
.c { font-variant-caps: small-caps; font-weight: bold } .i { font-style: italic }
.r { direction: rtl }
"""
WORDS = "The Mekong commission publishes its water data every season for the basin. "
BODY = "".join(f'<p lang="{lang}" class="{cls}">{WORDS * 4}<span class="u">{WORDS}</span> '
               f'<a class="s" href="https://example.org/x">{WORDS}</a> <span class="w"> </span>{WORDS}</p>'
               for lang in ("en", "fr") for cls in ("", "u", "l", "w", "f", "c", "i", "r"))


@pytest.fixture
def setting_up() -> Iterator[Any]:
    """Sets WeasyPrint's `Layout.setup` and `add_word_spacing`'s `create_layout` for the test,
    avitools' or WeasyPrint's own; what avitools installed is put back after."""
    weasyprint(FONTS)
    from weasyprint.layout import inline
    from weasyprint.text import line_break

    installed = line_break.Layout.setup, inline.create_layout
    chains = {"ours": installed, "stock": (pangosetup._STOCK["setup"],
                                           inline.create_layout.__wrapped__)}

    def use(which: str) -> None:
        line_break.Layout.setup, inline.create_layout = chains[which]

    try:
        yield use
    finally:
        line_break.Layout.setup, inline.create_layout = installed


def _styles_page() -> bytes:
    return render_page(f"<html><body>{BODY}</body></html>", STYLES, b"setup")


@pytest.mark.parametrize("path", [SEED, KHMER], ids=["seed", "khmer"])
def test_an_issue_is_the_same_bytes(path: Path, setting_up: Any) -> None:
    setting_up("stock")
    theirs = render_issue(path)
    setting_up("ours")
    assert render_issue(path) == theirs


def test_other_styles_are_the_same_bytes(setting_up: Any) -> None:
    setting_up("stock")
    theirs = _styles_page()
    setting_up("ours")
    ours = _styles_page()
    assert ours == theirs
    assert b"/Subtype /Link" in ours  # the page is drawn with its links and decorations


def test_the_parts_are_made_once_per_style(setting_up: Any, monkeypatch: pytest.MonkeyPatch
                                           ) -> None:
    setting_up("ours")
    fonts = font_configuration(FONTS)
    monkeypatch.setattr(fonts, "avitools_layout_parts", {}, raising=False)
    made: list[Any] = []
    setups: list[Any] = []
    original_parts, original_setup = pangosetup._Parts, pangosetup.setup

    def parts(style: Any) -> Any:
        made.append(style)
        return original_parts(style)

    def setup(self: Any, style: Any) -> None:
        setups.append(style)
        original_setup(self, style)

    monkeypatch.setattr(pangosetup, "_Parts", parts)
    from weasyprint.text import line_break
    monkeypatch.setattr(line_break.Layout, "setup", setup)
    render_issue(SEED)
    assert len(made) == len(fonts.avitools_layout_parts)
    assert len(setups) > 250
    assert len(made) < 25
    languages = {key[1] for key in fonts.avitools_layout_parts}
    assert languages == {"en"}


def test_a_justified_box_sets_up_no_pango_layout_until_drawn(setting_up: Any,
                                                            monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    wp = weasyprint(FONTS)
    fonts = font_configuration(FONTS)
    from weasyprint.formatting_structure import boxes
    from weasyprint.layout import inline
    from weasyprint.layout.inline import count_expandable_spaces
    from weasyprint.text import line_break

    def laid_out(which: str) -> tuple[int, list[str], list[Any]]:
        """The layouts set up to lay out the page (not to draw it), the layouts `add_word_spacing`
        asks for, and the page's justified boxes."""
        setting_up(which)
        setups, asked = [], []
        setup, create_layout = line_break.Layout.setup, inline.create_layout

        def counted(self: Any, style: Any) -> None:
            setups.append(style)
            setup(self, style)

        def created(text: str, style: Any, *args: Any, **kwargs: Any) -> Any:
            asked.append(style["text_decoration_line"])
            return create_layout(text, style, *args, **kwargs)

        monkeypatch.setattr(line_break.Layout, "setup", counted)
        monkeypatch.setattr(inline, "create_layout", created)
        document = wp.HTML(string=f"<html><body>{BODY}</body></html>").render(
            stylesheets=[wp.CSS(string=STYLES, font_config=fonts)], font_config=fonts)
        return len(setups), asked, [
            box for page in document.pages for box in _text_boxes(page._page_box)
            if box.justification_spacing and count_expandable_spaces(box)]

    def _text_boxes(box: Any) -> Iterator[Any]:
        if isinstance(box, boxes.TextBox):
            yield box
        for child in getattr(box, "children", ()):
            yield from _text_boxes(child)

    stock, asked, justified = laid_out("stock")
    ours, asked_again, _ = laid_out("ours")
    assert asked == asked_again
    assert "none" in asked
    assert any(value != "none" for value in asked)
    assert stock - ours == len(asked)
    assert len(justified) > 50
    assert all(box.pango_layout.text == box.text for box in justified)


def test_a_style_the_cache_cannot_key_is_set_up_by_weasyprint(setting_up: Any) -> None:
    setting_up("ours")
    wp = weasyprint(FONTS)
    fonts = font_configuration(FONTS)
    from weasyprint.text.line_break import Layout, line_size

    document = wp.HTML(string="<p>Text</p>").render(font_config=fonts)
    unkeyable = document.pages[0]._page_box.style.copy()
    unkeyable["font_family"] = ["Noto Serif"]  # a list cannot key a cache
    cached = dict(getattr(fonts, "avitools_layout_parts", {}))
    ours, theirs = Layout(unkeyable), Layout.__new__(Layout)
    pangosetup._STOCK["setup"](theirs, unkeyable)
    widths = []
    for layout in (ours, theirs):
        layout.set_text("Mekong water data")
        widths.append(line_size(layout.get_first_line()[0], unkeyable))
    assert widths[0] == widths[1]
    assert widths[0][0] > 50
    assert fonts.avitools_layout_parts == cached
