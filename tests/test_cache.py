"""The user's cache: what is kept is recalled; a cache that cannot be read or written costs time only."""

from __future__ import annotations

from pathlib import Path

import pytest

from avitools.cache import keep, recall


def test_a_kept_value_is_recalled_and_a_missing_one_is_none(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    keep("notes/a.json", 41.5)
    assert recall("notes/a.json") == 41.5
    assert (tmp_path / "avitools" / "notes" / "a.json").read_text() == "41.5"
    assert recall("notes/b.json") is None
    assert list((tmp_path / "avitools" / "notes").iterdir()) == [tmp_path / "avitools" / "notes" / "a.json"]


def test_an_unwritable_or_unreadable_cache_is_no_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))  # a file where the folder should be
    keep("notes/a.json", 1.0)
    assert recall("notes/a.json") is None
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    (tmp_path / "avitools").mkdir()
    (tmp_path / "avitools" / "c.json").write_text("{broken")
    assert recall("c.json") is None
