"""WeasyPrint 70's drawing of a line of text, the same operators from a loop over plain numbers.

WeasyPrint draws each run of glyphs (a justified line has one per word and per space) by reading
Pango's glyph array one C struct field at a time through cffi. This extension reads each run as
one block of memory and keeps the `TJ` string of each distinct run for each font of the PDF, so
that a word drawn again costs a dictionary lookup; it writes the same strings, font sizes, text
rises, widths and ToUnicode entries in the same order (about 5 % of a PDF's time saved). Lines
WeasyPrint draws with something else (an ellipsis, a missing glyph, colour or bitmap fonts, emoji
images) are left to WeasyPrint's own function. `tests/render/test_glyphs.py` compares the two
byte for byte; it installs only on the WeasyPrint whose drawing it was verified against (table.py).

Upstream: docs/upstream/weasyprint-glyph-loop.md: read PangoGlyphInfo arrays in one copy.
"""

from __future__ import annotations

import array
import functools
import struct
from collections.abc import Iterator
from typing import Any

from avitools.render.engine.guard import UnsupportedWeasyPrintError
from avitools.render.engine.taken import TAKEN

# PangoGlyphInfo: glyph, then geometry (width, x_offset, y_offset), then the visual attributes,
# five 32-bit words.
_GLYPH_INFO = struct.Struct("=IiiiI")


@functools.cache
def install() -> None:
    """Put the faster line drawing in WeasyPrint once per process."""
    from weasyprint.draw import text
    from weasyprint.text.ffi import ffi

    if ffi.sizeof("PangoGlyphInfo") != _GLYPH_INFO.size or array.array("I").itemsize != 4 \
            or ffi.offsetof("PangoGlyphInfo", "geometry") != 4:
        raise UnsupportedWeasyPrintError("Pango lays out PangoGlyphInfo otherwise: WeasyPrint's own "
                                         "loop reads it field by field")
    text.draw_first_line = _drawing(text.draw_first_line)


def glyph_items(line: Any) -> Iterator[Any]:
    """The runs of a Pango layout line, in order: each a PangoGlyphItem (its item and glyphs)."""
    from weasyprint.text.ffi import ffi

    run = line.runs[0] if line.runs != ffi.NULL else ffi.NULL
    while run != ffi.NULL:
        yield run.data
        run = run.next


def _drawing(original: Any) -> Any:
    """`draw_first_line`, plain lines drawn from the glyphs read as numbers."""
    from weasyprint.text.ffi import ffi, pango

    unknown = pango.PANGO_GLYPH_UNKNOWN_FLAG
    old_pango = pango.pango_version() < 14802

    @functools.wraps(original)
    def draw_first_line(stream: Any, textbox: Any, text_overflow: str, block_ellipsis: Any,
                        matrix: Any) -> Any:
        if text_overflow == "ellipsis" or block_ellipsis != "none" or not textbox.text.strip() \
                or textbox.style["font_size"] < 1e-6:
            TAKEN["glyphs:stock"] += 1
            return original(stream, textbox, text_overflow, block_ellipsis, matrix)
        TAKEN["glyphs:own"] += 1
        layout = textbox.pango_layout
        pango.pango_layout_set_single_paragraph_mode(layout.layout, True)
        first_line, _index = layout.get_first_line()
        runs: list[tuple[bool, Any, tuple[float, bytes], dict[Any, str], Any, Any, Any]] = []
        previous_pango_font: Any = None
        font: Any = None
        font_size: float = 0
        drawn: dict[Any, str] = {}
        for glyph_item in glyph_items(first_line):
            glyph_string = glyph_item.glyphs
            item = glyph_item.item
            pango_font = item.analysis.font
            fresh = pango_font != previous_pango_font
            if fresh:
                previous_pango_font = pango_font
                font, font_size = stream.add_font(pango_font)
                if old_pango:
                    font_size = textbox.style["font_size"]
                if font.png or font.svg or font.colr:
                    return original(stream, textbox, text_overflow, block_ellipsis, matrix)
                drawn = font.__dict__.setdefault("avitools_runs", {})
            count = glyph_string.num_glyphs
            words = array.array("I")
            words.frombytes(ffi.buffer(glyph_string.glyphs, count * _GLYPH_INFO.size))
            words[4::5] = array.array("I", bytes(4 * count))  # visual attributes: not drawn,
            key = (font_size, words.tobytes())  # and Pango leaves most of their bits unset
            if key not in drawn and count and max(words[0::5]) >= unknown:
                # a missing glyph (flagged above every glyph number): WeasyPrint warns and draws it
                return original(stream, textbox, text_overflow, block_ellipsis, matrix)
            runs.append((fresh, font, key, drawn, pango_font, glyph_string, item))

        stream.set_text_matrix(*matrix.values)
        string = ""
        for fresh, font, key, drawn, pango_font, glyph_string, item in runs:
            if fresh:
                if string:
                    stream.show_text(string)
                string = ""
                stream.set_font_size(font.hash, 1 if font.bitmap else key[0])
            if key in drawn:
                string += drawn[key]
                continue
            string, fragment = _draw_run(stream, string, font, key, pango_font, glyph_string, item,
                                         layout)
            if fragment is not None:
                drawn[key] = fragment
        stream.show_text(string)
        return []

    return draw_first_line


def _draw_run(stream: Any, string: str, font: Any, key: tuple[float, bytes], pango_font: Any,
              glyph_string: Any, item: Any, layout: Any) -> tuple[str, str | None]:
    """One run of glyphs of one font drawn as WeasyPrint's loop draws it: the TJ string with the
    run added, and what the run adds to it when only that (None when it raised glyphs, which
    writes operators on the way)."""
    from weasyprint.text.ffi import FROM_UNITS, ffi, pango

    font_size, data = key
    empty = pango.PANGO_GLYPH_EMPTY
    infos = list(_GLYPH_INFO.iter_unpack(data))
    raised = any(info[3] for info in infos)
    before, string = string, (string if raised else "")
    code = "{:02x}" if font.bitmap else "{:04x}"
    widths, to_unicode = font.widths, font.to_unicode
    clusters = None
    count = len(infos)
    utf8 = None
    string += "<"
    for i, (glyph, width, x_offset, y_offset, _attr) in enumerate(infos):
        if glyph == empty:
            string += f">{-width / font_size}<"
            continue
        if glyph not in to_unicode:
            if clusters is None:
                clusters = ffi.unpack(glyph_string.log_clusters, count)
            start = clusters[i]
            if item.analysis.level % 2:  # right to left
                end = item.length if i == 0 else clusters[i - 1]
            else:
                end = item.length if i == count - 1 else clusters[i + 1]
            utf8 = utf8 or layout.text.encode()
            to_unicode[glyph] = utf8[item.offset + start:item.offset + end].decode()
        offset = x_offset / font_size
        rise = y_offset / 1000
        if rise:
            if string[-1] == "<":
                string = string[:-1]
            else:
                string += ">"
            if string:
                stream.show_text(string)
            stream.set_text_rise(-rise)
            string = f"{-offset}" if offset else ""
            string += "<" + code.format(glyph) + ">"
            stream.show_text(string)
            stream.set_text_rise(0)
            string = "<"
        else:
            if offset:
                string += f">{-offset}<"
            string += code.format(glyph)
        logical_width = widths.get(glyph)
        if logical_width is None:
            pango.pango_font_get_glyph_extents(
                pango_font, glyph, stream.ink_rect, stream.logical_rect)
            logical_width = widths[glyph] = round(
                stream.logical_rect.width * 1000 * FROM_UNITS / font_size)
        kerning = logical_width + offset - width * 1000 * FROM_UNITS / font_size
        if kerning:
            string += f">{int(kerning)}<"
    string = string[:-1] if string[-1] == "<" else string + ">"
    if raised:
        return string, None
    return before + string, string
