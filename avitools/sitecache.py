"""What `avi site` remembers between runs: each issue's reading and the costly parts made from it.

Every value is kept under a digest of everything it is made from, so a remembered value is the
value that would be made again. The memory lives in the user's cache (never in the published
folder), one file per site folder, and holds only what the last run used.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pickle
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from avitools.cache import cache_dir

SCHEMA = "avitools-site-memory/1"
KEPT_DAYS = 30  # a memory of a site not written for this long is removed
T = TypeVar("T")


def digest(*parts: object) -> str:
    """One key for the parts (JSON-able values), in order."""
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False, sort_keys=True, default=str)
                          .encode()).hexdigest()


class Memory:
    """The values of the site's last run, by key; `save` keeps those this run asked for."""

    def __init__(self, site: Path) -> None:
        name = hashlib.sha256(str(site.resolve()).encode()).hexdigest()[:20]
        self.path = cache_dir() / "site" / f"{name}.pickle"
        self.before: dict[str, Any] = {}
        self.now: dict[str, Any] = {}
        self.keys: dict[Path, str] = {}  # each manuscript's reading key, for the parts made from it
        with contextlib.suppress(Exception):  # a memory that cannot be read only costs time
            with self.path.open("rb") as feed:
                data = pickle.load(feed)
            if isinstance(data, dict) and data.get("schema") == SCHEMA:
                self.before = data["values"]

    def recall(self, key: str) -> Any:
        """The value the last run kept under `key`, or None (for a value to check before use)."""
        return self.before.get(key)

    def keep(self, key: str, value: object) -> None:
        """Keep `value` under `key` from now on."""
        self.now[key] = value

    def get(self, key: str, make: Callable[[], T]) -> T:
        """The value kept under `key`, else the one `make` gives (kept from now on)."""
        if key in self.now:
            value: T = self.now[key]
            return value
        value = self.before[key] if key in self.before else make()
        self.now[key] = value
        return value

    def save(self) -> None:
        """Keep this run's values, written atomically; a memory that cannot be written only costs time."""
        if self.now.keys() == self.before.keys():
            return
        with contextlib.suppress(OSError, pickle.PicklingError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temp = self.path.with_name(f"{self.path.name}.{os.getpid()}.part")
            with temp.open("wb") as feed:
                pickle.dump({"schema": SCHEMA, "values": self.now}, feed, pickle.HIGHEST_PROTOCOL)
            os.replace(temp, self.path)
            _forget_old(self.path.parent)


def _forget_old(folder: Path) -> None:
    """Remove the memories of sites not written for `KEPT_DAYS` (a scratch folder's, a site moved)."""
    oldest = time.time() - KEPT_DAYS * 86400
    with os.scandir(folder) as entries:
        for entry in entries:
            with contextlib.suppress(OSError):
                if entry.name.endswith(".pickle") and entry.stat().st_mtime < oldest:
                    os.unlink(entry.path)
