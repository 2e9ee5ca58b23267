"""The site's house fonts as WOFF2 subsets (fontTools), made once per site from every character it
shows: the Latin faces for every page, the Khmer faces (with every Khmer letter) in a stylesheet
of their own for the pages that hold Khmer."""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Face:
    """One face of a family: its file in fonts/, the CSS family, weight and style."""

    stem: str
    family: str
    weight: int
    style: str = "normal"

    @property
    def file_name(self) -> str:
        """`notoserif-bolditalic.woff2`"""
        return f"{self.stem.lower()}.woff2"


LATIN = (Face("NotoSerif-Regular", "Noto Serif", 400), Face("NotoSerif-Bold", "Noto Serif", 700),
         Face("NotoSerif-Italic", "Noto Serif", 400, "italic"),
         Face("NotoSerif-BoldItalic", "Noto Serif", 700, "italic"),
         Face("NotoSans-Regular", "Noto Sans", 400), Face("NotoSans-Bold", "Noto Sans", 700))
KHMER = (Face("NotoSerifKhmer-Regular", "Noto Serif Khmer", 400),
         Face("NotoSerifKhmer-Bold", "Noto Serif Khmer", 700),
         Face("NotoSansKhmer-Regular", "Noto Sans Khmer", 400),
         Face("NotoSansKhmer-Bold", "Noto Sans Khmer", 700))


# Every Khmer character (the Khmer and Khmer Symbols blocks): a page with Khmer can show whatever
# its reader types into the search, not only what the site's pages hold.
KHMER_LETTERS = frozenset(chr(c) for c in [*range(0x1780, 0x1800), *range(0x19E0, 0x1A00)]
                          if unicodedata.category(chr(c)) != "Cn")


def woff2_subset(path: Path, characters: str) -> bytes:
    """The font at `path` cut to `characters` (with every layout feature, so Khmer still shapes),
    as WOFF2; the same characters give the same bytes."""
    from fontTools import subset

    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    font = subset.load_font(str(path), options)
    font.recalcTimestamp = False  # the head table keeps the font's own date: the same bytes each time
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes={ord(c) for c in characters} | {0x20})
    subsetter.subset(font)
    out = io.BytesIO()
    subset.save_font(font, out, options)
    return out.getvalue()


def font_css(faces: tuple[Face, ...], folder: str = "fonts/") -> str:
    """The `@font-face` rules of `faces`, their files in `folder` (relative to the stylesheet)."""
    return "".join(
        f'@font-face {{ font-family: "{face.family}"; src: url("{folder}{face.file_name}") '
        f'format("woff2"); font-weight: {face.weight}; font-style: {face.style}; '
        "font-display: swap; }\n" for face in faces)
