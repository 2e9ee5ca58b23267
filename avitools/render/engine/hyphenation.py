"""Pyphen's hyphenation patterns kept parsed in the user's cache, for WeasyPrint's `hyphens: auto`.

Pyphen parses a language's patterns file (11,000 patterns for English) when a process first
hyphenates: 0.14 s of every cold build of an English issue. The parsed patterns are kept in the
user's cache under Pyphen's version and the file's path, size and time, and read back in a tenth
of that; the patterns, hence the hyphenation, are the same.

Upstream: none needed (a cache of our own in front of Pyphen's public `hdcache`).
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path
from typing import Any

from avitools.cache import keep, recall


@functools.cache
def install() -> None:
    """Make Pyphen look for parsed patterns in the user's cache before parsing a file."""
    import pyphen

    if not isinstance(pyphen.hdcache, _KeptPatterns):
        pyphen.hdcache = _KeptPatterns(pyphen.hdcache)


class _KeptPatterns(dict[Path, Any]):
    """Pyphen's cache of parsed pattern files, backed by the user's cache.

    Pyphen asks `path not in hdcache`, parses the file when so, and stores the result with
    `hdcache[path] = …`: the first question is answered from the user's cache when it can be,
    the store keeps what was parsed there."""

    def __contains__(self, path: object) -> bool:
        if super().__contains__(path):
            return True
        if not isinstance(path, Path):
            return False
        parsed = _recall(path)
        if parsed is None:
            return False
        super().__setitem__(path, parsed)
        return True

    def __setitem__(self, path: Path, parsed: Any) -> None:
        super().__setitem__(path, parsed)
        _keep(path, parsed)


def _name(path: Path) -> str | None:
    """The cache entry of a patterns file as it is now (None if it cannot be read)."""
    import pyphen

    try:
        stat = path.stat()
    except OSError:
        return None
    key = "\0".join((pyphen.__version__, str(path.resolve()), str(stat.st_size),
                     str(stat.st_mtime_ns)))
    return f"hyphenation/{hashlib.sha256(key.encode()).hexdigest()[:32]}.json"


def _keep(path: Path, parsed: Any) -> None:
    """Keep plain patterns (those with alternative spellings are parsed each time)."""
    patterns = getattr(parsed, "patterns", None)
    name = _name(path)
    if name is None or not isinstance(patterns, dict) or not all(
            type(start) is int and all(type(v) is int for v in values)
            for start, values in patterns.values()):
        return
    keep(name, [parsed.maxlen, list(patterns), [start for start, _ in patterns.values()],
                [list(values) for _, values in patterns.values()]])


def _recall(path: Path) -> Any:
    """The patterns of `path` as Pyphen parses them, from the user's cache (None if not kept)."""
    import pyphen

    name = _name(path)
    kept = recall(name) if name else None
    if not (isinstance(kept, list) and len(kept) == 4):
        return None
    maxlen, keys, starts, values = kept
    parsed = pyphen.HyphDict.__new__(pyphen.HyphDict)
    try:
        parsed.patterns = dict(zip(keys, zip(starts, map(tuple, values), strict=True), strict=True))
    except (TypeError, ValueError):
        return None
    parsed.cache = {}
    parsed.maxlen = maxlen
    return parsed
