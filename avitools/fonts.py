"""The bundled fonts: what characters they cover, and the fontconfig file that confines rendering."""

from __future__ import annotations

import functools
import unicodedata
from pathlib import Path

from fontTools.ttLib import TTFont

from avitools.errors import Problem

FONT_SUFFIXES = (".ttf", ".otf")
# Characters that shape text but draw nothing, so need no glyph of their own.
INVISIBLE = frozenset(
    {0x09, 0x0A, 0x0D, 0x20, 0xAD, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF}
)


def font_files(folder: Path) -> list[Path]:
    """The font files in `folder`, sorted."""
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in FONT_SUFFIXES)


@functools.lru_cache(maxsize=4)
def coverage(folder: Path) -> frozenset[int]:
    """Every code point that some bundled font maps to a glyph."""
    points: set[int] = set()
    for path in font_files(folder):
        with TTFont(path, lazy=True) as font:
            cmap = font.getBestCmap() or {}
            points.update(cmap)
    return frozenset(points)


def uncovered(text: str, covered: frozenset[int]) -> list[str]:
    """The distinct characters of `text` no bundled font can draw, in order of appearance."""
    seen: dict[str, None] = {}
    for char in text:
        point = ord(char)
        if point not in covered and point not in INVISIBLE and char not in seen:
            seen[char] = None
    return list(seen)


def describe(char: str) -> str:
    """`U+1F600 GRINNING FACE`."""
    return f"U+{ord(char):04X} {unicodedata.name(char, 'UNNAMED CHARACTER')}"


def coverage_problems(texts: list[tuple[str, int | None]], name: str,
                      covered: frozenset[int], source: str) -> list[Problem]:
    """One problem per distinct character no bundled font covers: its first line and how often."""
    problems: list[Problem] = []
    reported: set[str] = set()
    for text, line in texts:
        for char in uncovered(text, covered):
            if char in reported:
                continue
            reported.add(char)
            index = source.find(char)
            where = source.count("\n", 0, index) + 1 if index >= 0 else line
            count = source.count(char)
            times = f", used {count} times from this line on," if count > 1 else ""
            problems.append(
                Problem(name, f"character {describe(char)}{times} is not in the house fonts",
                        "replace or remove it", where)
            )
    return problems
