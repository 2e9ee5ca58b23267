"""A text layer that reads back exactly: a small extension of WeasyPrint 70's text drawing.

WeasyPrint maps each glyph to the text of the first cluster it was drawn in (its ToUnicode map is
filled first come), so a glyph shared by two Khmer syllables, or by a plain and an accented
Vietnamese letter, reads back as the first one everywhere; and marks drawn with a text rise come
out as lines of their own. Extractors (poppler's pdftotext, PDFium, pdfminer.six) read one text per
glyph code, in drawing order.

So, for each cluster (a Khmer syllable, a letter with its marks, a ligature) the extension gives
the whole cluster's text to one glyph, the visually first one drawn on the baseline, and no text
to the others. Where a glyph must carry another text than the one it already has, it is drawn
under a clone code: a new CID that the font's CIDToGIDMap sends to the same glyph, with a ToUnicode
entry of its own. Invisible layout characters (zero-width space, word joiner) carry no text. The
embedded font program is not changed.

It patches two functions of the pinned WeasyPrint (`draw.text.draw_first_line` around its loop,
and `pdf.build_fonts_dictionary` to write the map); it installs only where its targets match (table.py), and
`tests/render/test_textlayer.py` fails if an upgrade changes what extractors read.

Upstream: docs/upstream/weasyprint-text-layer.md: one text per cluster, clone codes for shared glyphs.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any

from avitools.render.engine.glyphs import glyph_items
from avitools.text import units

# Characters that shape breaks and joins only: they never reach the text layer.
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u2060\ufeff"), None)
# Clone codes start this far above a font's last glyph, clear of WeasyPrint's own codes for
# missing glyphs (which count up from the last glyph).
CLONE_GAP = 1024
MAX_CODE = 0xFFFF



@dataclass
class Clones:
    """The clone codes of one font file: (glyph, text) -> code, and code -> glyph."""

    first: int
    codes: dict[tuple[int, str], int] = field(default_factory=dict)
    glyphs: dict[int, int] = field(default_factory=dict)

    def code(self, glyph: int, text: str) -> int | None:
        """The clone code that draws `glyph` with `text`, made when first needed (None when full)."""
        key = (glyph, text)
        if key not in self.codes:
            code = self.first + len(self.codes)
            if code > MAX_CODE:
                return None
            self.codes[key] = code
            self.glyphs[code] = glyph
        return self.codes[key]


@functools.cache
def install() -> None:
    """Patch WeasyPrint once per process."""
    from weasyprint import document, pdf
    from weasyprint.draw import text

    text.draw_first_line = _drawing(text.draw_first_line)
    pdf.build_fonts_dictionary = _fonts_dictionary(pdf.build_fonts_dictionary)
    document.Document.make_bookmark_tree = _clean_bookmarks(document.Document.make_bookmark_tree)


def _clean_bookmarks(original: Any) -> Any:
    """`make_bookmark_tree`, its labels without the invisible break opportunities of their text."""

    def clean(tree: list[Any]) -> list[Any]:
        return [(label.translate(INVISIBLE), target, clean(children), state)
                for label, target, children, state in tree]

    @functools.wraps(original)
    def make_bookmark_tree(self: Any, *args: Any, **kwargs: Any) -> Any:
        return clean(original(self, *args, **kwargs))

    return make_bookmark_tree


def _drawing(original: Any) -> Any:
    """`draw_first_line`, with the glyph codes and texts of the line decided first."""

    @functools.wraps(original)
    def draw_first_line(stream: Any, textbox: Any, text_overflow: str, block_ellipsis: Any,
                        matrix: Any) -> Any:
        if text_overflow == "ellipsis" or block_ellipsis != "none" or not textbox.text.strip():
            return original(stream, textbox, text_overflow, block_ellipsis, matrix)
        if _SIMPLE.fullmatch(textbox.pango_layout.text):
            # One glyph per character, or a ligature for several: WeasyPrint's own map is exact.
            changed: list[tuple[Any, int, int]] = []
            outlines: list[list[Any]] = []
        else:
            changed, outlines = _assign(stream, textbox)
        start = len(stream.stream)
        try:
            emojis = original(stream, textbox, text_overflow, block_ellipsis, matrix)
        finally:
            for info, glyph, width in reversed(changed):
                info.glyph, info.geometry.width = glyph, width
        _carry_trailing_adjustments(stream.stream, start)
        return [*emojis, *outlines]

    return draw_first_line


# Text the house fonts draw one glyph per character (Latin-1, general punctuation), or as ligatures:
# no combining marks, no Khmer, no Vietnamese stacked accents.
_SIMPLE = re.compile(r"[\x00-\xff\u2000-\u206f\u20ac]*")
_NUMBER = re.compile(rb"-?[0-9.]+")


def _carry_trailing_adjustments(operations: list[Any], start: int) -> None:
    """Move a TJ array's last position adjustment to the start of the next TJ array.

    WeasyPrint ends a run's array with the kerning after its last glyph (`[<0003>-95] TJ`) when the
    font changes. PDF moves the text position by it, as poppler does; PDFium does not, so its
    rendering of later glyphs shifts away from the outlines drawn beside them. As the first element
    of the next array the move is the same for every reader.
    """
    carry = b""
    for index in range(start, len(operations)):
        operation = operations[index]
        if not isinstance(operation, bytes) or not operation.endswith(b"] TJ"):
            continue
        if carry:
            operation = b"[<>" + carry + operation[1:]
            carry = b""
        last = operation.rfind(b">")  # the end of the array's last string
        tail = operation[last + 1:-4]
        if last > 0 and tail and _NUMBER.fullmatch(tail):  # `<...>-95] TJ`; not `<...> -95 3] TJ`
            operation, carry = operation[:last + 1] + b"] TJ", tail
        operations[index] = operation


def _assign(stream: Any, textbox: Any) -> tuple[list[tuple[Any, int, int]], list[list[Any]]]:
    """Decide each glyph's code. A unit's first glyph carries the unit's text (under a clone code
    where its glyph already carries another) and its whole advance; the unit's other glyphs become
    Pango's empty glyph, drawn as outlines instead, so that extractors see one glyph and no gap.
    Returns the Pango glyphs changed (with their glyph and width to put back) and the outlines to
    draw, as one entry of WeasyPrint's list of emojis."""
    from weasyprint.text.ffi import FROM_UNITS, ffi, pango

    # As WeasyPrint does before drawing: setting it later would lay the line out again.
    pango.pango_layout_set_single_paragraph_mode(textbox.pango_layout.layout, True)
    first_line, _index = textbox.pango_layout.get_first_line()
    if first_line.runs == ffi.NULL:
        return [], []
    empty, unknown = pango.PANGO_GLYPH_EMPTY, pango.PANGO_GLYPH_UNKNOWN_FLAG
    utf8 = textbox.pango_layout.text.encode()
    changed: list[tuple[Any, int, int]] = []
    outlines = _Outlines(textbox.style["font_size"])
    pen = 0.0  # where WeasyPrint's TJ strings put the next glyph, in pt from the line's start
    for glyph_item in glyph_items(first_line):
        item = glyph_item.item
        glyphs = glyph_item.glyphs
        count = glyphs.num_glyphs
        infos = glyphs.glyphs
        font, font_size = stream.add_font(item.analysis.font)
        if pango.pango_version() < 14802 or font.png:
            font_size = textbox.style["font_size"]
        if item.analysis.level % 2 or font.bitmap or font.type == "otf" or font.png or font.svg \
                or font.colr:  # WeasyPrint's own mapping; only the pen is followed
            pen += sum(infos[i].geometry.width for i in range(count)) * FROM_UNITS
            continue
        clones = _clones(stream, font)
        natural: dict[int, int] = font.__dict__.setdefault("avitools_natural", {})
        pango_font = item.analysis.font
        for unit_text, members in _units_of_run(item, utf8, glyphs.log_clusters, count):
            drawn = []
            for i in members:
                glyph = infos[i].glyph
                if glyph == empty:
                    pen += infos[i].geometry.width / 1000
                elif glyph & unknown:
                    pen += infos[i].geometry.width * FROM_UNITS
                else:
                    drawn.append(i)
            if not drawn:
                continue
            info = infos[drawn[0]]
            start = pen
            width = 0
            for i in drawn:
                glyph = infos[i].glyph
                advance = natural.get(glyph)
                width += advance if advance is not None else _natural(stream, font, pango_font,
                                                                      font_size, glyph)
            code = _code(font, clones, info.glyph, unit_text, width)
            along = info.geometry.width
            for i in drawn[1:]:  # drawn as outlines where WeasyPrint would have drawn them
                other = infos[i]
                geometry = other.geometry
                outlines.add(font, other.glyph, (start + along * FROM_UNITS + geometry.x_offset / 1000),
                             geometry.y_offset / 1000, font_size)
                along += geometry.width
                changed.append((other, other.glyph, geometry.width))
                other.glyph = empty
                geometry.width = 0
            changed.append((info, info.glyph, info.geometry.width))
            info.glyph, info.geometry.width = code, along
            logical = font.widths[code]  # what WeasyPrint draws the code with, from this font
            offset = info.geometry.x_offset / font_size
            kerning = logical + offset - along * 1000 * FROM_UNITS / font_size
            pen += font_size / 1000 * (offset + logical - (int(kerning) if kerning else 0))
    return changed, ([[outlines, None, 1, 1, 0, 0]] if outlines.glyphs else [])


def _units_of_run(item: Any, utf8: bytes, clusters: Any, count: int) -> list[tuple[str, list[int]]]:
    """The units of one run of glyphs: each unit's text and the indices of its glyphs."""
    text = utf8[item.offset:item.offset + item.length].decode()
    unit_at: dict[int, int] = {}  # byte offset of each unit's start -> its index
    texts: list[str] = []
    offset = 0
    invisible = any(c in text for c in "\u200b\u2060\ufeff")
    for begin, end in units(text):
        unit_at[offset] = len(texts)
        piece = text[begin:end]
        texts.append(piece.translate(INVISIBLE) if invisible else piece)
        offset += len(piece.encode())
    groups: dict[int, list[int]] = {}
    current = 0
    for i in range(count):
        current = unit_at.get(clusters[i], current)  # a cluster inside a unit stays with it
        groups.setdefault(current, []).append(i)
    # A unit without a glyph of its own (the `l` of an `fl` ligature) belongs to the one before.
    firsts = sorted(groups)
    ends = [*firsts[1:], len(texts)]
    return [("".join(texts[first:end]), groups[first]) for first, end in zip(firsts, ends, strict=True)]


class _Outlines:
    """The glyphs of one line drawn as filled paths, where WeasyPrint draws emojis: glyphs that
    must not carry text of their own (marks and subscripts whose syllable's first glyph carries it).

    Each glyph's path is one form XObject of the document, in font units, drawn scaled in place."""

    def __init__(self, style_size: float) -> None:
        self.style_size = style_size
        self.glyphs: list[tuple[Any, int, float, float, float]] = []

    def add(self, font: Any, glyph: int, x: float, y: float, size: float) -> None:
        """A glyph `x` pt after the line's start, `y` pt below its baseline, at `size`."""
        self.glyphs.append((font, glyph, x, y, size))

    def draw(self, stream: Any, _width: float, _height: float, _style: Any) -> None:
        """Draw every glyph's form (the stream is at the line's start, in its own state)."""
        forms = stream._resources["XObject"]
        operations = []
        for font, glyph, x, y, size in self.glyphs:
            shapes = _outlines(font)
            name = f"g{font.hash}x{glyph}"
            if name not in forms:
                forms[name] = shapes.form(glyph)
            scale = size / shapes.upem
            operations.append(f"q {scale:.6f} 0 0 {-scale:.6f} {x:.3f} {y:.3f} cm /{name} Do Q".encode())
        stream.stream.extend(operations)


class _Shapes:
    """The contours of a font's glyphs, read with fontTools once per font file."""

    def __init__(self, content: bytes, index: int) -> None:
        import io

        from fontTools.ttLib import TTFont

        self.font = TTFont(io.BytesIO(content), fontNumber=index, lazy=True)
        self.upem = self.font["head"].unitsPerEm
        self.glyphs = self.font.getGlyphSet()
        self.paths: dict[int, list[tuple[str, list[tuple[float, float]]]]] = {}
        self.forms: dict[int, tuple[bytes, tuple[float, float, float, float]]] = {}

    def form(self, glyph: int) -> Any:
        """The glyph as a PDF form XObject, filled with the colour it is drawn in (a new object for
        each document, from content made and compressed once, as pydyf would compress it)."""
        import zlib

        import pydyf

        if glyph not in self.forms:
            operations: list[str] = []
            xs: list[float] = [0.0]
            ys: list[float] = [0.0]
            for operator, points in self.path(glyph):
                xs += [x for x, _y in points]
                ys += [y for _x, y in points]
                numbers = " ".join(f"{v:.1f}".rstrip("0").rstrip(".") for p in points for v in p)
                operations.append(f"{numbers} {operator}".strip())
            operations.append("f")
            deflate = zlib.compressobj(level=9)
            content = deflate.compress("\n".join(operations).encode()) + deflate.flush()
            self.forms[glyph] = (content, (min(xs), min(ys), max(xs), max(ys)))
        content, box = self.forms[glyph]
        return pydyf.Stream([content], pydyf.Dictionary({
            "Type": "/XObject", "Subtype": "/Form", "BBox": pydyf.Array(box),
            "Filter": "/FlateDecode"}))

    def path(self, glyph: int) -> list[tuple[str, list[tuple[float, float]]]]:
        """The glyph as path operators (m, l, c, h) in font units."""
        if glyph not in self.paths:
            from fontTools.pens.basePen import BasePen

            ops: list[tuple[str, list[tuple[float, float]]]] = []

            class Recorder(BasePen):  # type: ignore[misc]  # fontTools names the pen methods
                def _moveTo(self, pt: tuple[float, float]) -> None:  # noqa: N802
                    ops.append(("m", [pt]))

                def _lineTo(self, pt: tuple[float, float]) -> None:  # noqa: N802
                    ops.append(("l", [pt]))

                def _curveToOne(self, a: tuple[float, float], b: tuple[float, float],  # noqa: N802
                                c: tuple[float, float]) -> None:
                    ops.append(("c", [a, b, c]))

                def _closePath(self) -> None:  # noqa: N802
                    ops.append(("h", []))

            self.glyphs[self.font.getGlyphName(glyph)].draw(Recorder(self.glyphs))
            self.paths[glyph] = ops
        return self.paths[glyph]


_SHAPES: dict[str, _Shapes] = {}


def _outlines(font: Any) -> _Shapes:
    if font.hash not in _SHAPES:
        _SHAPES[font.hash] = _Shapes(font.file_content, font.index)
    return _SHAPES[font.hash]


def _clones(stream: Any, font: Any) -> Clones:
    """The font's clone table, shared by every WeasyPrint font object of the same file."""
    found: Clones | None = getattr(font, "avitools_clones", None)
    if found is not None:
        return found
    for other in stream._fonts.values():
        shared: Clones | None = getattr(other, "avitools_clones", None)
        if other is not font and other.hash == font.hash and shared is not None:
            font.to_unicode, font.widths, font.avitools_clones = other.to_unicode, other.widths, shared
            return shared
    made = font.avitools_clones = Clones(font.glyph_count + CLONE_GAP)
    return made


def _code(font: Any, clones: Clones, glyph: int, text: str, width: int) -> int:
    """The code that draws `glyph`, reads back as `text` and advances extractors by `width`."""
    known = font.to_unicode.get(glyph)
    if known is None:
        font.to_unicode[glyph] = text
        font.widths[glyph] = width
        return glyph
    if known == text:
        return glyph
    code = clones.code(glyph, text)
    if code is None:  # 65,535 codes used: the rare excess keeps WeasyPrint's mapping
        return glyph
    font.to_unicode.setdefault(code, text)
    font.widths.setdefault(code, width)
    return code


def _natural(stream: Any, font: Any, pango_font: Any, font_size: float, glyph: int) -> int:
    """A glyph's advance in thousandths of an em, measured as WeasyPrint measures it."""
    cache: dict[int, int] = font.__dict__.setdefault("avitools_natural", {})
    if glyph not in cache:
        from weasyprint.text.ffi import FROM_UNITS, pango

        pango.pango_font_get_glyph_extents(pango_font, glyph, stream.ink_rect, stream.logical_rect)
        cache[glyph] = round(stream.logical_rect.width * 1000 * FROM_UNITS / font_size)
    return cache[glyph]


def _fonts_dictionary(original: Any) -> Any:
    """`build_fonts_dictionary`, then a CIDToGIDMap for each font drawn with clone codes."""

    @functools.wraps(original)
    def build_fonts_dictionary(pdf: Any, fonts: Any, compress: bool, subset: bool, options: Any) -> Any:
        import pydyf

        result = original(pdf, fonts, compress, subset, options)
        maps: dict[str, Clones] = {}
        for font in fonts.values():
            clones = getattr(font, "avitools_clones", None)
            if clones is not None and clones.glyphs:
                maps[str(font.name)] = clones
        if not maps:
            return result
        for obj in pdf.objects:
            if not isinstance(obj, pydyf.Dictionary) or obj.get("Subtype") != "/CIDFontType2":
                continue
            clones = maps.get(str(obj.get("BaseFont")))
            if clones is None:
                continue
            glyph_count = clones.first - CLONE_GAP  # codes between it and the clones: .notdef
            table = bytearray()
            for code in range(max(clones.glyphs) + 1):
                glyph = clones.glyphs.get(code, code if code < glyph_count else 0)
                table += glyph.to_bytes(2, "big")
            stream = pydyf.Stream([bytes(table)], compress=compress)
            pdf.add_object(stream)
            obj["CIDToGIDMap"] = stream.reference
        return result

    return build_fonts_dictionary
