"""From save to PDF with `avi watch`, beside a cold `avi build` of the same manuscript.

`python -m benchmarks.watch` prints JSON: the median seconds from writing the seed to its new PDF
on disk (a changed word each time), and the median wall time of a cold `avi build --force`.
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "manuscripts" / "2024" / "2024-08-cambodia-korea-hedging.md"
SAVES = 9


def _wait_for_change(pdf: Path, before: int, limit: float = 30) -> None:
    start = time.perf_counter()
    while (pdf.stat().st_mtime_ns if pdf.exists() else 0) == before:
        if time.perf_counter() - start > limit:
            raise SystemExit("avi watch wrote no PDF")
        time.sleep(0.002)


def main() -> None:
    """Measure both and print them."""
    work = Path(tempfile.mkdtemp(prefix="avi-watch-"))
    try:
        source = work / "seed.md"
        text = SEED.read_text(encoding="utf-8")
        source.write_text(text, encoding="utf-8")
        out = work / "out"
        pdf = out / "2024" / "avi-commentary-2024-08.pdf"
        watcher = subprocess.Popen([sys.executable, "-m", "avitools", "watch", str(source), "-o", str(out)],
                                   cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            _wait_for_change(pdf, 0, 60)
            time.sleep(1.0)
            saves = []
            for n in range(SAVES):
                before = pdf.stat().st_mtime_ns
                changed = text.replace("On 16 May 2024", f"On {n + 1} May 2024", 1)
                start = time.perf_counter()
                source.write_text(changed, encoding="utf-8")
                _wait_for_change(pdf, before)
                saves.append(time.perf_counter() - start)
                time.sleep(0.5)
        finally:
            watcher.terminate()
            watcher.wait(timeout=30)
        cold = []
        for _ in range(3):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "avitools", "build", str(source), "-o", str(work / "cold"),
                            "--force"], cwd=ROOT, check=True, capture_output=True)
            cold.append(time.perf_counter() - start)
        print(json.dumps({"save_to_pdf_median": statistics.median(saves), "saves": saves,
                          "cold_build_median": statistics.median(cold)}))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
