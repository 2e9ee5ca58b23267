"""WeasyPrint 70's line breaking without the layouts that cannot change a line.

After Pango has broken a line, WeasyPrint's `split_first_line` lays out the line once more with
the next word added (its "step 3", against an old Pango that broke lines too early), to see whether
the word fits after all. Pango had just put that word on the next line because it did not fit, so
the new layout almost always says the same: a second Pango layout of the line for nothing, on
about half the lines of an issue (4 % of its time). `install()` skips that layout when the word's
width, read from the glyphs Pango already made for the next line, exceeds the room left on the
line by more than a quarter of the font size (more than any kerning between the space and the
word could give back); the line, its break and everything after are as before.
`tests/render/test_linebreak.py` checks that every skipped layout would have refused the word,
and compares the PDFs byte for byte.
"""

from __future__ import annotations

import functools
import struct
import textwrap
from typing import Any

from avitools.render.footnotes import WEASYPRINT_VERSION, UnsupportedWeasyPrintError, source_of

# Step 3 of `split_first_line`, and what it becomes (the same number of lines).
TRY = """\
    new_first_line_text = first_line_text + next_word
    layout.set_text(new_first_line_text)
    first_line, resume_index = layout.get_first_line()
"""
GUARDED = """\
    new_first_line_text = first_line_text + next_word
    if not _avitools_word_cannot_fit(layout, first_line_text, next_word, first_line_width, style, max_width):
        layout.set_text(new_first_line_text); first_line, resume_index = layout.get_first_line()
"""
HELPER = "_avitools_word_cannot_fit"
# A glyph's width in PangoGlyphInfo: after the glyph number (PangoGlyphGeometry's first field).
_WIDTH = struct.Struct("=i")


@functools.cache
def install() -> None:
    """Guard the pinned WeasyPrint's step 3 as described above (every caller sees the change)."""
    import weasyprint
    from weasyprint.text import line_break

    function = line_break.split_first_line
    function.__code__ = guarded_code(function, weasyprint.__version__)
    line_break.__dict__[HELPER] = word_cannot_fit


def guarded_code(function: Any, version: str) -> Any:
    """The code of `split_first_line` with step 3 guarded; refuses any other WeasyPrint."""
    code = function.__code__
    source = textwrap.dedent(source_of(code))
    tried = textwrap.indent(TRY, " " * 8)
    if version != WEASYPRINT_VERSION or source.count(tried) != 1:
        raise UnsupportedWeasyPrintError(
            f"avitools' line breaking shortcut is written for WeasyPrint {WEASYPRINT_VERSION}, "
            f"not {version}: pin it, or port avitools/render/linebreak.py")
    source = source.replace(tried, textwrap.indent(GUARDED, " " * 8))
    namespace: dict[str, Any] = {}
    exec(compile("\n" * (code.co_firstlineno - 1) + source, code.co_filename, "exec"),
         function.__globals__, namespace)
    return namespace[function.__name__].__code__


def word_cannot_fit(layout: Any, first_line_text: str, next_word: str, first_line_width: float,
                    style: Any, max_width: float) -> bool:
    """Whether `next_word`, which Pango put at the start of the layout's second line, would overflow
    the first line by more than a quarter of the font size: its width read from the second line's
    glyphs, the first line's width taken with its final space. False when unsure."""
    from weasyprint.text.ffi import FROM_UNITS, ffi, pango

    if not first_line_text or not next_word:
        return False
    start = len(first_line_text.encode())
    end = start + len(next_word.encode())
    line = pango.pango_layout_get_line_readonly(layout.layout, 1)
    if line == ffi.NULL or line.start_index != start or end > start + line.length:
        return False
    width = 0
    run = line.runs
    while run != ffi.NULL:
        item, glyphs = run.data.item, run.data.glyphs
        count = glyphs.num_glyphs
        info = ffi.buffer(glyphs.glyphs, count * ffi.sizeof("PangoGlyphInfo"))
        size = ffi.sizeof("PangoGlyphInfo")
        clusters = ffi.unpack(glyphs.log_clusters, count)
        for i, cluster in enumerate(clusters):
            if start <= item.offset + cluster < end:
                width += _WIDTH.unpack_from(info, i * size + 4)[0]
        run = run.next
    return bool(first_line_width + width * FROM_UNITS > max_width + style["font_size"] / 4)
