"""The house list of hyphenation as patterns, in front of Pyphen's English ones.

A word of the list (`[hyphenation] exceptions` in avi.toml) becomes one pattern that covers the
whole word: an odd value (9) where the list allows a break, an even one (8) everywhere else. Liang's
patterns take the highest value at each point, and Pyphen's English patterns go no higher than 5,
so the list decides its words: `diplomacy` breaks nowhere, `modern-isation` only after `modern`.
The patterns are written once per list into the user's cache, after the English patterns file, and
Pyphen's public table of languages points English (`en`, `en_GB`, `en_US`) at them for this process.

Upstream: none needed (Pyphen reads any patterns file the table names).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from avitools.cache import cache_dir

_ORIGINAL: dict[str, Path] = {}  # English languages -> Pyphen's own patterns file
_CURRENT: list[tuple[tuple[str, tuple[int, ...]], ...]] = [()]


def word_pattern(word: str, points: tuple[int, ...]) -> str:
    """`modernisation`, (6,) -> `.m8o8d8e8r8n9i8s8a8t8i8o8n.`"""
    inner = "".join(letter + ("" if at == len(word) - 1 else "9" if at + 1 in points else "8")
                    for at, letter in enumerate(word.lower()))
    return f".{inner}."


def use_house_list(listed: tuple[tuple[str, tuple[int, ...]], ...]) -> None:
    """Make Pyphen's English patterns those of the house list (`(word, break points)`; no points:
    never broken), or its own again for an empty list."""
    import pyphen

    if listed == _CURRENT[0]:
        return
    if not _ORIGINAL:
        _ORIGINAL.update({k: Path(v) for k, v in pyphen.LANGUAGES.items()
                          if k == "en" or k.startswith("en_")})
    for language, original in _ORIGINAL.items():
        pyphen.LANGUAGES[language] = _with_list(original, listed) if listed else original
    _CURRENT[0] = listed


def _with_list(original: Path, listed: tuple[tuple[str, tuple[int, ...]], ...]) -> Path:
    """The patterns file of `original` with the list's patterns after it (written once)."""
    lines = [word_pattern(word, points) for word, points in listed]
    text = original.read_text(encoding="utf-8").rstrip("\n") + "\n" + "\n".join(lines) + "\n"
    digest = hashlib.sha256(text.encode()).hexdigest()[:24]
    path = cache_dir() / "hyphenation" / f"{original.stem}-{digest}.dic"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        scratch = path.with_suffix(f".{os.getpid()}.tmp")
        scratch.write_text(text, encoding="utf-8")
        scratch.replace(path)
    return path
