"""The bundled fonts: what characters they cover, and the fontconfig file that confines rendering."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from avitools.cache import keep, recall
from avitools.errors import Problem

FONT_SUFFIXES = (".ttf", ".otf", ".ttc")
SYSTEM_FONTS = "system-fonts.txt"  # faces from Debian's packages, named file by file
# Characters that shape text but draw nothing, so need no glyph of their own.
INVISIBLE = frozenset(
    {0x09, 0x0A, 0x0D, 0x20, 0xAD, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF,
     *range(0xFE00, 0xFE10)}  # variation selectors: a choice of glyph where a face has one
)


def font_files(folder: Path) -> list[Path]:
    """The font files in `folder`, sorted, then the system faces it names that are installed."""
    return [*sorted(p for p in folder.iterdir() if p.suffix.lower() in FONT_SUFFIXES),
            *(p for p in system_fonts(folder) if p.is_file())]


def system_fonts(folder: Path) -> list[Path]:
    """The system font files `system-fonts.txt` in `folder` names (installed or not)."""
    try:
        lines = (folder / SYSTEM_FONTS).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return []
    return [Path(line.strip()) for line in lines if line.strip() and not line.startswith("#")]


def _faces(path: Path) -> Iterator[Any]:
    """The fonts in a file: one, or each face of a collection (.ttc), open while iterated."""
    from fontTools.ttLib import TTCollection, TTFont

    with (TTCollection(path, lazy=True) if path.suffix.lower() == ".ttc"
          else TTFont(path, lazy=True)) as opened:
        yield from (opened.fonts if path.suffix.lower() == ".ttc" else [opened])


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
    points: set[int] = set()
    for path in fonts:
        for font in _faces(path):
            points.update(font.getBestCmap() or {})
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
    names: set[str] = set()
    for path in fonts:
        for font in _faces(path):
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
    files = [*font_files(folder), folder / "fonts.conf", folder / SYSTEM_FONTS]
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
    for name, size, _time in stamps:
        path = Path(name)
        if path.is_absolute() and path.suffix.lower() == ".ttc":
            # A system face (tens of megabytes, read at every start otherwise): its path, size and
            # the first and last megabyte, which hold its tables' directory and checksums.
            with path.open("rb") as face:
                head = face.read(1 << 20)
                face.seek(max(0, size - (1 << 20)))
                tail = face.read()
            digest.update(name.encode() + b"\0" + str(size).encode() + head + tail)
        else:
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
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
    """`U+1F600 GRINNING FACE`; a private-use character says where such characters come from."""
    if unicodedata.category(char) == "Co":
        return f"U+{ord(char):04X} PRIVATE USE CHARACTER (a symbol font's, such as Wingdings)"
    return f"U+{ord(char):04X} {unicodedata.name(char, 'UNNAMED CHARACTER')}"


MAX_LISTED = 8


def coverage_problems(texts: list[tuple[str, int | None]], name: str,
                      covered: frozenset[int], source: str, numbered: bool = True) -> list[Problem]:
    """One problem for the characters no house face covers: each with its first line and how
    often it is used (one character: the line is its line)."""
    missing: dict[str, int | None] = {}
    for text, line in texts:
        for char in uncovered(text, covered):
            if char not in missing:
                index = source.find(char)
                missing[char] = source.count("\n", 0, index) + 1 if index >= 0 else line
    if not missing:
        return []
    chars = list(missing)
    first = missing[chars[0]]
    if len(chars) == 1:
        count = source.count(chars[0])
        times = f", used {count} times from this line on," if count > 1 else ""
        return [Problem(name, f"character {describe(chars[0])}{times} is not in the house fonts",
                        "replace or remove it", first)]
    listed = []
    for char in chars[:MAX_LISTED]:
        count = source.count(char)
        where = f"line {missing[char]}" if missing[char] is not None and numbered else ""
        used = f"{count} times" if count > 1 else ""
        detail = ", ".join(part for part in (where, used) if part)
        listed.append(f"{describe(char)}" + (f" ({detail})" if detail else ""))
    more = f" and {len(chars) - MAX_LISTED} more" if len(chars) > MAX_LISTED else ""
    return [Problem(name, f"{len(chars)} characters are not in the house fonts: {', '.join(listed)}{more}",
                    "replace or remove them", first)]
