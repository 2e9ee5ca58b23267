"""How `avi site` writes its files: many of them in two processes, with the same files, the same
report and the same one-line errors as one process gives."""

from __future__ import annotations

import functools
import os
from pathlib import Path

import pytest

from avitools import site
from avitools.errors import OutputError, Problem


def _plans(count: int) -> list[tuple[str, site._Planned]]:
    return [(f"{n // 10}/{n:03d}/index.html", site._Planned(str(n), site._constant(f"page {n}".encode())))
            for n in range(count)]


@pytest.mark.skipif(not hasattr(os, "fork") or (os.cpu_count() or 1) < 2, reason="one core, no fork")
def test_two_processes_write_what_one_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    children: list[int] = []
    fork = os.fork

    def counted() -> int:
        pid = fork()
        if pid:
            children.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", counted)
    due = _plans(site.SHARED + 36)
    (tmp_path / "two" / "0" / "003").mkdir(parents=True)
    (tmp_path / "two" / "0" / "003" / "index.html").write_bytes(b"page 3")  # already as it is
    (tmp_path / "two" / "0" / "004").mkdir(parents=True)
    (tmp_path / "two" / "0" / "004" / "index.html").write_bytes(b"an old page 4")
    done = site._write_all(tmp_path / "two", due)
    assert len(children) == 1
    assert done == sorted((name, name != "0/003/index.html") for name, _ in due)
    for name, plan in due:
        assert (tmp_path / "two" / name).read_bytes() == plan.make(), name
    monkeypatch.setattr(site, "SHARED", 10**6)
    assert site._write_all(tmp_path / "one", due) == sorted((name, True) for name, _ in due)
    assert len(children) == 1


def _refused(name: str) -> bytes:
    raise OutputError(Problem(name, "cannot be written: Permission denied", "check the folder"))


def _broken() -> bytes:
    raise ValueError("a bug")


@pytest.mark.skipif(not hasattr(os, "fork") or (os.cpu_count() or 1) < 2, reason="one core, no fork")
def test_an_error_in_the_second_process_is_the_same_one_line(tmp_path: Path) -> None:
    due = _plans(site.SHARED + 1)
    name = due[1][0]  # the second process makes every other file: this one is its
    due[1] = (name, site._Planned("x", functools.partial(_refused, name)))
    with pytest.raises(OutputError) as caught:
        site._write_all(tmp_path, due)
    assert caught.value.lines() == [f"error: {name}: cannot be written: Permission denied "
                                    "(check the folder)"]
    due[1] = (name, site._Planned("x", _broken))
    with pytest.raises(RuntimeError, match="while writing the site: ValueError: a bug"):
        site._write_all(tmp_path, due)
