"""WeasyPrint 70's line breaking without the layouts that cannot change a line.

After Pango has broken a line, WeasyPrint's `split_first_line` lays out the line again with the
next word added (its "step 3", against an old Pango that broke lines too early), then, to
hyphenate, once for each way of cutting the next word (longest first) with a hyphen added. Pango
had just put that word on the next line because it did not fit, so most of these layouts say the
same: a Pango layout of the line for nothing, on about half the lines of an issue (5 % of its
time). `install()` skips such a layout when the text it adds, measured on the glyphs Pango already
made for the next line (for a cut word, without its last letter), exceeds the room left on the
line by more than a quarter of the font size: more than any kerning could give back, and Pango
then moves the added text to the next line, which is the answer WeasyPrint takes as "does not
fit". The lines, their breaks and everything after are as before.
`tests/render/test_linebreak.py` checks that every skipped layout would have refused its text,
and compares the PDFs byte for byte.

Upstream: docs/upstream/weasyprint-line-break.md: skip the retry when the word cannot fit.
"""

from __future__ import annotations

import bisect
import functools
import struct
import textwrap
from typing import Any

from avitools.render.engine.guard import UnsupportedWeasyPrintError, source_of
from avitools.render.engine.taken import TAKEN

# Steps 3 and 4 of `split_first_line` (indented as there), and what they become (the same number
# of lines, so that WeasyPrint's line numbers stay right).
GUARDS = {
    """\
            new_first_line_text = first_line_text + next_word
            layout.set_text(new_first_line_text)
            first_line, resume_index = layout.get_first_line()
""": """\
            new_first_line_text = first_line_text + next_word
            if not _avi_word(layout, first_line_text, next_word, style, max_width):
                layout.set_text(new_first_line_text); first_line, resume_index = layout.get_first_line()
""",
    """\
            new_layout = create_layout(
                hyphenated_first_line_text, style, context, max_width,
                justification_spacing)
""": """\
            if _avi_cut(layout, first_line_text, first_word_part, style, max_width): continue
            new_layout = create_layout(  # skipped above: `hyphenated` stays False, as for a try that wraps
                hyphenated_first_line_text, style, context, max_width, justification_spacing)
""",
}
# The names the guards call, in WeasyPrint's module.
HELPERS = ("_avi_word", "_avi_cut")
# A glyph's width in PangoGlyphInfo: after the glyph number (PangoGlyphGeometry's first field).
_WIDTH = struct.Struct("=i")


@functools.cache
def install() -> None:
    """Guard the pinned WeasyPrint's steps 3 and 4 as described above (every caller of
    `split_first_line` sees the change: its code is replaced, the guards' names put beside it)."""
    from weasyprint.text import line_break

    function = line_break.split_first_line
    code = guarded_code(function)
    line_break.__dict__.update(zip(HELPERS, (word_cannot_fit, cut_cannot_fit), strict=True))
    function.__code__ = code


def guarded_code(function: Any) -> Any:
    """The code of `split_first_line` with steps 3 and 4 guarded; refuses any other WeasyPrint."""
    code = function.__code__
    source = textwrap.dedent(source_of(code))
    if any(source.count(tried) != 1 for tried in GUARDS):
        raise UnsupportedWeasyPrintError("WeasyPrint's `split_first_line` is not the one avitools' "
                                         "line breaking shortcut guards: port linebreak.py")
    for tried, guarded in GUARDS.items():
        source = source.replace(tried, guarded)
    namespace: dict[str, Any] = {}
    exec(compile("\n" * (code.co_firstlineno - 1) + source, code.co_filename, "exec"),
         function.__globals__, namespace)
    return namespace[function.__name__].__code__


def word_cannot_fit(layout: Any, first_line_text: str, word: str, style: Any,
                    max_width: float) -> bool:
    """`cannot_fit` for a whole word (step 3)."""
    skipped = cannot_fit(layout, first_line_text, word, style, max_width, False)
    TAKEN["linebreak:own" if skipped else "linebreak:stock"] += 1
    return skipped


def cut_cannot_fit(layout: Any, first_line_text: str, part: str, style: Any,
                   max_width: float) -> bool:
    """`cannot_fit` for the first part of a cut word (step 4)."""
    skipped = cannot_fit(layout, first_line_text, part, style, max_width, True)
    TAKEN["linebreak:own" if skipped else "linebreak:stock"] += 1
    return skipped


def cannot_fit(layout: Any, first_line_text: str, added: str, style: Any, max_width: float,
               cut: bool) -> bool:
    """Whether `added`, the start of the layout's second line that WeasyPrint tries on the first
    (a word, or for a `cut` word its first part, whose last letter may be shaped otherwise before
    a hyphen and is left out), overflows the first line by more than a quarter of the font size:
    its width read from the second line's glyphs, the first line's (as Pango laid it out, with its
    final space) from its extents. False when unsure."""
    from weasyprint.text.ffi import pango
    from weasyprint.text.line_break import line_size

    if not first_line_text or not added:
        return False
    start = len(first_line_text.encode())
    width = _width_on_second_line(layout, start, start + len(added.encode()), cut)
    if width is None:
        return False
    first_line_width, _ = line_size(pango.pango_layout_get_line_readonly(layout.layout, 0), style)
    return bool(first_line_width + width > max_width + style["font_size"] / 4)


def _width_on_second_line(layout: Any, start: int, end: int, cut: bool) -> float | None:
    """The advance of the glyphs of the text bytes `start:end`, which must begin the layout's
    second line (None otherwise), leaving out the glyphs of the last cluster if `cut`."""
    from weasyprint.text.ffi import FROM_UNITS, ffi, pango

    line = pango.pango_layout_get_line_readonly(layout.layout, 1)
    if line == ffi.NULL or line.start_index != start or end > start + line.length:
        return None
    size = ffi.sizeof("PangoGlyphInfo")
    widths: dict[int, int] = {}  # cluster (its first byte) -> advance of its glyphs
    run = line.runs
    while run != ffi.NULL:
        item, glyphs = run.data.item, run.data.glyphs
        run = run.next
        low, high = start - item.offset, end - item.offset  # the range in the item's bytes
        if high <= 0 or low >= item.length:
            continue
        count = glyphs.num_glyphs
        clusters = ffi.unpack(glyphs.log_clusters, count)
        first, last = 0, count
        if item.analysis.level % 2 == 0:  # left to right: clusters ascend, look at the range only
            first, last = bisect.bisect_left(clusters, low), bisect.bisect_left(clusters, high)
        info = ffi.buffer(glyphs.glyphs, count * size)
        for i in range(first, last):
            if low <= clusters[i] < high:
                where = item.offset + clusters[i]
                widths[where] = widths.get(where, 0) + _WIDTH.unpack_from(info, i * size + 4)[0]
    if cut and widths:
        del widths[max(widths)]
    return float(sum(widths.values()) * FROM_UNITS)
