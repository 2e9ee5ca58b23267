"""The user's cache of costly answers (font coverage, measured heights), keyed by their inputs."""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any


def cache_dir() -> Path:
    """`$XDG_CACHE_HOME/avitools`, or `~/.cache/avitools`."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "avitools"


def recall(name: str) -> Any:
    """The value kept under `name`, or None when there is none (or it cannot be read)."""
    try:
        return json.loads((cache_dir() / name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def keep(name: str, value: object) -> None:
    """Keep `value` under `name`, written atomically; a cache that cannot be written only costs time."""
    cached = cache_dir() / name
    with contextlib.suppress(OSError):
        cached.parent.mkdir(parents=True, exist_ok=True)
        temp = cached.with_name(f"{cached.name}.{os.getpid()}.part")
        temp.write_text(json.dumps(value), encoding="utf-8")
        os.replace(temp, cached)
