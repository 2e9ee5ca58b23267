"""Nothing lost: atomic writes survive failures and a killed build."""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from avitools.output import write_atomic
from tests.conftest import ManuscriptWriter
from tests.helpers import ROOT, paragraphs, problems, run_avi


def test_write_replaces_whole_file(tmp_path: Path) -> None:
    target = tmp_path / "a" / "out.pdf"
    write_atomic(target, b"first")
    write_atomic(target, b"second")
    assert target.read_bytes() == b"second"
    assert sorted(p.name for p in target.parent.iterdir()) == ["out.pdf"]


def test_stale_partial_files_are_cleared(tmp_path: Path) -> None:
    target = tmp_path / "out.pdf"
    (tmp_path / ".out.pdf.abc123.part").write_bytes(b"%PDF-trunc")
    write_atomic(target, b"whole")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.pdf"]


def test_failed_build_keeps_the_earlier_pdf(write_manuscript: ManuscriptWriter,
                                            tmp_path: Path) -> None:
    path = write_manuscript()
    assert run_avi("build", path, "-o", tmp_path).exit_code == 0
    pdf = tmp_path / "2024" / "avi-commentary-2024-03.pdf"
    good = pdf.read_bytes()
    path.write_text(path.read_text().replace("issue: 3", "issue: 3\nautors: []"))
    result = run_avi("build", path, "-o", tmp_path)
    assert result.exit_code == 1
    assert pdf.read_bytes() == good


@pytest.mark.slow
@pytest.mark.parametrize("delay", [0.9, 1.6, 2.4])
def test_killed_build_leaves_the_earlier_pdf_intact(write_manuscript: ManuscriptWriter,
                                                    tmp_path: Path, delay: float) -> None:
    path = write_manuscript(paragraphs(5))
    out = tmp_path / "out"
    assert run_avi("build", path, "-o", out).exit_code == 0
    pdf = out / "2024" / "avi-commentary-2024-03.pdf"
    good = pdf.read_bytes()
    path.write_text(path.read_text() + "\n" + paragraphs(260, words=120, tag="Q"))
    process = subprocess.Popen([sys.executable, "-m", "avitools", "build", str(path), "-o", str(out)],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(delay)
    assert process.poll() is None, "the build finished before it could be interrupted"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert pdf.read_bytes() == good
    assert sorted(p.name for p in pdf.parent.iterdir()) == [pdf.name]


@pytest.mark.parametrize(("error", "reason", "hint"), [
    (errno.ENOSPC, "No space left on device", "free some disk space and build again"),
    (errno.EACCES, "Permission denied", "check the folder's permissions, or write elsewhere with -o"),
    (errno.EROFS, "Read-only file system", "the folder is read-only: write elsewhere with -o"),
])
def test_a_system_error_is_one_line_and_keeps_the_earlier_pdf(
        write_manuscript: ManuscriptWriter, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        error: int, reason: str, hint: str) -> None:
    path = write_manuscript(paragraphs(3))
    out = tmp_path / "out"
    assert run_avi("build", path, "-o", out, "-j", "1").exit_code == 0
    pdf = out / "2024" / "avi-commentary-2024-03.pdf"
    good = pdf.read_bytes()

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise OSError(error, os.strerror(error))

    monkeypatch.setattr("avitools.output.os.fsync", refuse)
    result = run_avi("build", path, "-o", out, "-j", "1", "--force")
    assert result.exit_code == 1
    assert problems(result) == [f"error: {pdf}: cannot be written: {reason} ({hint})"]
    assert pdf.read_bytes() == good
    assert sorted(p.name for p in pdf.parent.iterdir()) == [pdf.name]


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 600 KiB file system, mounted for the test (needs root, as CI and set-up have)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=600k", "tmpfs", str(mount)],
                          capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small file system here: {done.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


@pytest.mark.slow
def test_a_full_disk_and_a_read_only_folder_for_real(write_manuscript: ManuscriptWriter,
                                                     small_disk: Path) -> None:
    path = write_manuscript(paragraphs(3))
    out = small_disk / "out"
    assert run_avi("build", path, "-o", out).exit_code == 0
    pdf = out / "2024" / "avi-commentary-2024-03.pdf"
    good = pdf.read_bytes()
    filler = small_disk / "filler"
    with contextlib.suppress(OSError), filler.open("wb", buffering=0) as handle:
        while True:
            handle.write(b"\0" * 4096)
    path.write_text(path.read_text() + "\nA changed last paragraph.\n")
    full = subprocess.run([sys.executable, "-m", "avitools", "build", str(path), "-o", str(out)],
                          cwd=ROOT, capture_output=True, text=True, check=False)
    assert full.returncode == 1
    assert full.stderr.splitlines()[0] == (f"error: {pdf}: cannot be written: No space left on device "
                                           "(free some disk space and build again)")
    assert "Traceback" not in full.stderr
    assert "internal error" not in full.stderr
    assert pdf.read_bytes() == good
    filler.unlink()
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    read_only = subprocess.run([sys.executable, "-m", "avitools", "build", str(path), "-o", str(out)],
                               cwd=ROOT, capture_output=True, text=True, check=False)
    assert read_only.returncode == 1
    assert read_only.stderr.splitlines()[0] == (f"error: {pdf}: cannot be written: Read-only file system "
                                                "(the folder is read-only: write elsewhere with -o)")
    assert pdf.read_bytes() == good
