"""What `avi site` remembers between runs: kept by key, only what the last run used, and never
a reason to fail."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from avitools.sitecache import KEPT_DAYS, Memory, digest


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def test_a_value_is_made_once_and_recalled_by_the_next_run(tmp_path: Path) -> None:
    made: list[str] = []

    def make() -> str:
        made.append("made")
        return "the value"

    first = Memory(tmp_path / "site")
    assert first.get(digest("part", 1), make) == "the value"
    assert first.get(digest("part", 1), make) == "the value"
    first.save()
    second = Memory(tmp_path / "site")
    assert second.get(digest("part", 1), make) == "the value"
    assert made == ["made"]
    # Another site folder has a memory of its own.
    assert Memory(tmp_path / "other").recall(digest("part", 1)) is None


def test_only_what_the_last_run_used_is_kept(tmp_path: Path) -> None:
    first = Memory(tmp_path / "site")
    first.get("old", lambda: 1)
    first.get("both", lambda: 2)
    first.save()
    second = Memory(tmp_path / "site")
    second.get("both", lambda: 0)
    second.keep("new", 3)
    second.save()
    third = Memory(tmp_path / "site")
    assert third.before == {"both": 2, "new": 3}


def test_a_memory_that_cannot_be_read_is_an_empty_one(tmp_path: Path) -> None:
    memory = Memory(tmp_path / "site")
    memory.keep("key", "value")
    memory.save()
    memory.path.write_bytes(b"not a pickle at all")
    assert Memory(tmp_path / "site").before == {}
    memory.path.write_bytes(b"")
    assert Memory(tmp_path / "site").recall("key") is None


def test_the_key_says_what_a_value_is_made_from() -> None:
    assert digest("reading", "a.md", "abc") == digest("reading", "a.md", "abc")
    assert digest("reading", "a.md", "abc") != digest("reading", "a.md", "abd")
    assert digest("parts", {"b": 1, "a": 2}) == digest("parts", {"a": 2, "b": 1})
    assert digest("x", ["a", "b"]) != digest("x", ["ab"])


def test_memories_of_sites_not_written_for_a_month_are_removed(tmp_path: Path) -> None:
    stale = Memory(tmp_path / "gone")
    stale.keep("key", "value")
    stale.save()
    month = time.time() - (KEPT_DAYS + 1) * 86400
    os.utime(stale.path, (month, month))
    fresh = Memory(tmp_path / "site")
    fresh.keep("key", "value")
    fresh.save()
    assert fresh.path.is_file()
    assert not stale.path.exists()
