"""WeasyPrint 70's Pango layouts set up from parts kept per style, and none set up only to be dropped.

WeasyPrint sets up a Pango layout for every try at a line and again to draw each line (some 450 an
issue). Each time it makes a new Pango context and sets its language, builds the font description
and the OpenType features string from the style, and for underlined text asks Pango for the font's
metrics: the same parts for every line of a paragraph. And for each justified text box,
`add_word_spacing` sets up a layout only to drop it at once; the drawing sets up its own. `install()`
replaces `Layout.setup` with one that takes these parts from caches kept on the font configuration
(keyed by the style values they are made of; a context is never changed once made, so its layouts
may share it), and has `add_word_spacing` keep only what the drawing reads of that layout: its text
and spacing, and the decoration metrics. About 4 % of an issue's time; the pages are the same
bytes (`tests/render/test_pangosetup.py`).

Upstream: docs/upstream/weasyprint-layout-setup.md: cache contexts per style.
"""

from __future__ import annotations

import functools
from typing import Any

from avitools.render.engine.taken import TAKEN

# WeasyPrint's own `Layout.setup` (for a style value that cannot key a cache), and Pango's functions.
_STOCK: dict[str, Any] = {}
_METRICS = ("ascent", "underline_position", "strikethrough_position", "underline_thickness",
            "strikethrough_thickness")


@functools.cache
def install() -> None:
    """Put the cached set-up in the pinned WeasyPrint's `Layout` and `add_word_spacing`."""
    from weasyprint.layout import inline
    from weasyprint.text import ffi, line_break

    _STOCK.update(setup=line_break.Layout.setup, ffi=ffi.ffi, pango=ffi.pango,
                  unref=ffi.gobject.g_object_unref)
    line_break.Layout.setup = setup
    inline.create_layout = kept_for_drawing(inline.create_layout)


class _Parts:
    """What the layouts of one style key share: the context (never changed once made) with its
    language, the font description, the OpenType features string and, once asked for, the
    decoration metrics."""

    def __init__(self, style: Any) -> None:
        from weasyprint.text.fonts import font_features, get_font_description

        self.context, self.language = _context(style)
        self.description = get_font_description(style)
        features = font_features(
            style["font_kerning"], style["font_variant_ligatures"], style["font_variant_position"],
            style["font_variant_caps"], style["font_variant_numeric"],
            style["font_variant_alternates"], style["font_variant_east_asian"],
            style["font_feature_settings"])
        self.features = ",".join(f"{name} {value}" for name, value in features.items()).encode() \
            if features else b""
        self.metrics: tuple[float, ...] = ()


def _key(style: Any) -> tuple[Any, ...]:
    """The style values the parts are made of."""
    return (style["direction"], style["lang"], style["font_language_override"],
            style["font_family"], style["font_style"], style["font_stretch"], style["font_weight"],
            style["font_size"], style["font_variant_caps"], style["font_variation_settings"],
            style["font_kerning"], style["font_variant_ligatures"], style["font_variant_position"],
            style["font_variant_numeric"], style["font_variant_alternates"],
            style["font_variant_east_asian"], style["font_feature_settings"])


def _cached(style: Any) -> _Parts | None:
    """The parts for the style, made on first use; None for a style value that cannot key the
    cache (none of the house styles has one)."""
    config = style.font_config
    try:
        cache: dict[tuple[Any, ...], _Parts] = config.avitools_layout_parts
    except AttributeError:
        cache = config.avitools_layout_parts = {}
    key = _key(style)
    try:
        parts = cache.get(key)
    except TypeError:
        return None
    if parts is None:
        parts = cache[key] = _Parts(style)
    return parts


def setup(self: Any, style: Any) -> None:
    """`Layout.setup` with its parts taken from the font configuration's cache."""
    parts = _cached(style)
    if parts is None:
        TAKEN["pangosetup:stock"] += 1
        _STOCK["setup"](self, style)
        return
    TAKEN["pangosetup:own"] += 1
    pango = _STOCK["pango"]
    self.style = style
    self.first_line_direction = 0
    self.language = parts.language
    self.layout = layout = _STOCK["ffi"].gc(pango.pango_layout_new(parts.context), _STOCK["unref"])
    pango.pango_layout_set_auto_dir(layout, False)
    pango.pango_layout_set_font_description(layout, parts.description)
    _set_metrics(self, parts, style)
    if parts.features:
        config = style.font_config
        attribute = config.font_features.get(parts.features)
        if attribute is None:
            attribute = config.font_features[parts.features] = \
                pango.pango_attr_font_features_new(parts.features)
        attributes = pango.pango_attr_list_new()
        pango.pango_attr_list_insert(attributes, attribute)
        pango.pango_layout_set_attributes(layout, attributes)


def _set_metrics(layout: Any, parts: _Parts, style: Any) -> None:
    """The decoration metrics of the layout, as WeasyPrint sets them (None without decoration)."""
    if style["text_decoration_line"] != "none":
        if not parts.metrics:
            parts.metrics = _metrics(parts)
        for name, value in zip(_METRICS, parts.metrics, strict=True):
            setattr(layout, name, value)
    else:
        layout.ascent = layout.underline_position = layout.strikethrough_position = None


def _context(style: Any) -> tuple[Any, Any]:
    """A Pango context for the style's direction and language, and the language, as WeasyPrint
    makes them."""
    from weasyprint.text.constants import LST_TO_ISO, PANGO_DIRECTION
    from weasyprint.text.ffi import ffi, gobject, pango, unicode_to_char_p

    context = ffi.gc(pango.pango_font_map_create_context(style.font_config.font_map),
                     gobject.g_object_unref)
    pango.pango_context_set_round_glyph_positions(context, False)
    pango.pango_context_set_base_dir(context, PANGO_DIRECTION[style["direction"]])
    override = style["font_language_override"]
    language = LST_TO_ISO.get(override.lower(), override) if override != "normal" \
        else style["lang"]
    if not language:
        return context, pango.pango_language_get_default()
    language_p, _ = unicode_to_char_p(language)
    pango_language = pango.pango_language_from_string(language_p)
    pango.pango_context_set_language(context, pango_language)
    return context, pango_language


def _metrics(parts: _Parts) -> tuple[float, ...]:
    """The font's ascent and its underline and strike-through positions and thicknesses."""
    from weasyprint.text.ffi import FROM_UNITS, ffi, pango

    metrics = ffi.gc(pango.pango_context_get_metrics(parts.context, parts.description,
                                                     parts.language),
                     pango.pango_font_metrics_unref)
    return tuple(FROM_UNITS * get(metrics) for get in (
        pango.pango_font_metrics_get_ascent, pango.pango_font_metrics_get_underline_position,
        pango.pango_font_metrics_get_strikethrough_position,
        pango.pango_font_metrics_get_underline_thickness,
        pango.pango_font_metrics_get_strikethrough_thickness))


def kept_for_drawing(create_layout: Any) -> Any:
    """`create_layout` as `add_word_spacing` calls it: what the drawing reads of the layout it
    sets up at once and drops (the drawing sets up its own from the text and spacing)."""
    from weasyprint.text.line_break import Layout

    @functools.wraps(create_layout)
    def created(text: str, style: Any, context: Any, max_width: float | None,
                justification_spacing: float) -> Any:
        parts = None if max_width is not None else _cached(style)
        if parts is None:
            TAKEN["pangosetup:stock"] += 1
            return create_layout(text, style, context, max_width, justification_spacing)
        TAKEN["pangosetup:own"] += 1
        layout = Layout.__new__(Layout)
        layout.justification_spacing, layout.max_width = justification_spacing, None
        layout.first_line_direction = 0
        newline = text.find("\n")  # as `Layout.set_text` keeps it
        layout.text = text if newline == -1 else text[:newline + 2]
        if layout.text == " " and style["word_spacing"]:
            layout.text = " \u200b"
        _set_metrics(layout, parts, style)  # which the drawing reads before its own set-up
        layout.layout = layout.language = layout.style = None  # what `deactivate` drops
        return layout

    return created
