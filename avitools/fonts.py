"""The bundled fonts: what characters they cover, and the fontconfig file that confines rendering."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import unicodedata
from pathlib import Path

from avitools.cache import keep, recall
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
    """Every code point that some bundled font maps to a glyph.

    Reading the fonts' tables costs a third of a second, so the answer is kept in the user's cache
    folder under a hash of the fonts' bytes: a changed, added or removed font is read again.
    """
    fonts = font_files(folder)
    cached = f"coverage-{fonts_digest(folder)}.json"
    with contextlib.suppress(ValueError, TypeError):
        runs = recall(cached)
        if runs is not None:
            return frozenset(_points(runs))
    from fontTools.ttLib import TTFont

    points: set[int] = set()
    for path in fonts:
        with TTFont(path, lazy=True) as font:
            cmap = font.getBestCmap() or {}
            points.update(cmap)
    keep(cached, _ranges(points))
    return frozenset(points)


@functools.lru_cache(maxsize=4)
def font_names(folder: Path) -> frozenset[str]:
    """The names a PDF may give the bundled fonts: PostScript and full names, spaces as '-'
    (kept in the user's cache like `coverage`)."""
    fonts = font_files(folder)
    cached = f"names-{fonts_digest(folder)}.json"
    with contextlib.suppress(TypeError):
        names_kept = recall(cached)
        if names_kept is not None:
            return frozenset(str(n) for n in names_kept)
    from fontTools.ttLib import TTFont

    names: set[str] = set()
    for path in fonts:
        with TTFont(path, lazy=True) as font:
            for ident in (1, 4, 6):
                record = font["name"].getDebugName(ident)
                if record:
                    names.add(record.replace(" ", "-"))
    keep(cached, sorted(names))
    return frozenset(names)


def fonts_digest(folder: Path) -> str:
    """A hash of the bundled fonts' names and bytes (and of their fontconfig file): what every
    answer about them is kept under. The bytes are read again only when a file's size or time
    changes."""
    files = [*font_files(folder), folder / "fonts.conf"]
    stamps = tuple((str(p), s.st_size, s.st_mtime_ns) for p in files if (s := _stat(p)) is not None)
    return _digest(stamps)


def _stat(path: Path) -> os.stat_result | None:
    try:
        return path.stat()
    except FileNotFoundError:
        return None


@functools.lru_cache(maxsize=8)
def _digest(stamps: tuple[tuple[str, int, int], ...]) -> str:
    digest = hashlib.sha256()
    for name, _size, _time in stamps:
        digest.update(Path(name).name.encode() + b"\0" + Path(name).read_bytes())
    return digest.hexdigest()[:32]


def _ranges(points: set[int]) -> list[list[int]]:
    """Code points as [first, last] runs."""
    runs: list[list[int]] = []
    for point in sorted(points):
        if runs and runs[-1][1] == point - 1:
            runs[-1][1] = point
        else:
            runs.append([point, point])
    return runs


def _points(runs: list[list[int]]) -> set[int]:
    return {point for first, last in runs for point in range(first, last + 1)}


def uncovered(text: str, covered: frozenset[int]) -> list[str]:
    """The distinct characters of `text` no bundled font can draw, in order of appearance."""
    if not set(map(ord, text)).difference(covered, INVISIBLE):  # nearly always: no closer look
        return []
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
