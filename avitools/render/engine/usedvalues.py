"""Used values WeasyPrint 70 works out again and again, kept per style: a box's resolved lengths and
a style's strut.

Laying out an issue, WeasyPrint resolves the margins, paddings, widths, heights and borders of a
box some 500 times (`layout.percent.resolve_percentages`), and three times in four for a style and
containing block it has resolved before (every line of a paragraph, every inline and text box of
a line). Each
time it reads some twenty style values and does the arithmetic again. For every line and text box
it also asks for the strut of a style (`text.line_break.strut`), which it keeps in a table under a
key it builds each time by writing fourteen style values out as text. `install()` keeps both
answers on the style they came from (they go when it goes): the lengths of a line, inline or text
box under its kind and containing block's size (block-level boxes, which flex and grid layouts
restyle in place, and boxes whose borders collapse in a table are always WeasyPrint's own way),
and the strut. The values are the ones WeasyPrint computes, so the pages are
the same bytes (`tests/render/engine/test_usedvalues.py`, and the comparison harness); about 2 % of
an issue's time in one process.

Upstream: docs/upstream/weasyprint-used-values.md: keep the strut and resolved lengths per style.
"""

from __future__ import annotations

import functools
import sys
from typing import Any

from avitools.render.engine.taken import TAKEN

# What `resolve_percentages` sets on a box: all of it depends on the style and containing block.
RESOLVED = ("margin_left", "margin_right", "margin_top", "margin_bottom", "padding_left",
            "padding_right", "padding_top", "padding_bottom", "width", "min_width", "max_width",
            "height", "min_height", "max_height", "border_top_width", "border_right_width",
            "border_bottom_width", "border_left_width")


@functools.cache
def install() -> None:
    """Put the kept values in the pinned WeasyPrint, wherever its modules took the functions."""
    from weasyprint.layout import percent
    from weasyprint.text import line_break

    _replace(percent.resolve_percentages, kept_lengths(percent.resolve_percentages))
    _replace(line_break.strut, kept_strut(line_break.strut))


def _replace(stock: Any, ours: Any) -> None:
    """Every WeasyPrint module's name for `stock` now names `ours`."""
    for name, module in list(sys.modules.items()):
        if name.startswith("weasyprint") and module is not None:
            for attribute, value in list(vars(module).items()):
                if value is stock:
                    setattr(module, attribute, ours)


def kept_lengths(resolve: Any) -> Any:
    """WeasyPrint's `resolve_percentages`, answering from what it set before for the same style,
    kind of box and containing block size."""
    from weasyprint.formatting_structure.boxes import Box, InlineLevelBox, LineBox

    inline = (InlineLevelBox, LineBox)

    @functools.wraps(resolve)
    def resolve_percentages(box: Any, containing_block: Any) -> Any:
        if not isinstance(box, inline):
            return resolve(box, containing_block)
        if isinstance(containing_block, Box):
            key = (type(box), containing_block.width, containing_block.height)
        else:
            key = (type(box), *containing_block)
        style = box.style
        kept = style.__dict__.get("avi_lengths")  # kept on the style: it goes when the style goes
        known = kept.get(key) if kept is not None else None
        if known is not None:
            TAKEN["usedvalues:own"] += 1
            box.__dict__.update(known)
            return None
        TAKEN["usedvalues:stock"] += 1
        resolve(box, containing_block)
        if style["border_collapse"] != "collapse":
            if kept is None:
                kept = style.__dict__["avi_lengths"] = {}
            kept[key] = {name: getattr(box, name) for name in RESOLVED}
        return None

    return resolve_percentages


def kept_strut(strut: Any) -> Any:
    """WeasyPrint's `strut`, kept on the style it was asked for."""

    @functools.wraps(strut)
    def kept(style: Any) -> Any:
        known = style.__dict__.get("avi_strut")
        if known is None:
            TAKEN["usedvalues:stock"] += 1
            known = style.__dict__["avi_strut"] = strut(style)
        else:
            TAKEN["usedvalues:own"] += 1
        return known

    return kept
