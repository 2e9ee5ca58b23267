"""`avi watch`: every save rebuilds in a warm process; a broken save is reported, not fatal."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.helpers import SEED, edit


def _interruptible() -> None:
    """In the child: SIGINT does what Ctrl-C does (a shell that starts a job in the background
    hands its children SIGINT ignored)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


class Watcher:
    """`avi watch` in its own process, with its output read line by line."""

    def __init__(self, *args: str | Path, cwd: Path) -> None:
        self.process = subprocess.Popen([sys.executable, "-m", "avitools", "watch", *map(str, args)],
                                        cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                        text=True, start_new_session=True,
                                        # Ctrl-C as a terminal gives it, however the suite was started
                                        preexec_fn=_interruptible)
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put("")

    def until(self, needle: str, seconds: float = 60) -> list[str]:
        """The lines printed until one holds `needle`."""
        seen: list[str] = []
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                continue
            seen.append(line)
            if needle in line:
                return seen
        raise AssertionError(f"no line with {needle!r} in {seen}")

    def stop(self) -> tuple[int, str]:
        os.killpg(self.process.pid, signal.SIGINT)
        self.process.wait(timeout=30)
        rest: list[str] = []
        while (line := self.lines.get(timeout=5)) != "":
            rest.append(line)
        return self.process.returncode, "\n".join(rest)


@pytest.mark.slow
def test_watch_rebuilds_on_save_survives_a_broken_one_and_stops_cleanly(scratch_project: Path) -> None:
    source = scratch_project / "seed.md"
    source.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    pdf = scratch_project / "out" / "2024" / "avi-commentary-2024-08.pdf"
    watcher = Watcher(source, "-o", "out", cwd=scratch_project)
    try:
        first = watcher.until("watching 1 manuscript(s)")
        assert any(line.startswith("out/2024/avi-commentary-2024-08.pdf (") for line in first)
        good = pdf.read_bytes()
        edit(source, "On 16 May 2024", "On 17 May 2024")
        assert watcher.until("out/2024/avi-commentary-2024-08.pdf (")
        changed = pdf.read_bytes()
        assert changed != good
        text = source.read_text(encoding="utf-8")
        source.write_text(text.replace("issue: 8", "issue: eight"), encoding="utf-8")
        broken = watcher.until("'issue' must be a whole number")
        assert broken[-1].startswith("error: seed.md:")
        assert pdf.read_bytes() == changed
        source.write_text(text, encoding="utf-8")
        watcher.until("watching 1 manuscript(s)")
        css = scratch_project / "layouts" / "commentary" / "style.css"
        edit(css, "font-size: 11.5pt;", "font-size: 12pt;")
        assert watcher.until("out/2024/avi-commentary-2024-08.pdf (")
    finally:
        code, rest = watcher.stop()
    assert code == 0
    assert "stopped watching" in rest
    assert "Traceback" not in rest
