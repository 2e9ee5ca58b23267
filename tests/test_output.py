"""Nothing lost: atomic writes survive failures and a killed build."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from avitools.output import write_atomic
from tests.conftest import ManuscriptWriter
from tests.helpers import ROOT, paragraphs, run_avi


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
