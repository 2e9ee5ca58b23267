"""From save to PDF with `avi watch`, beside a cold `avi build` of the same manuscript and pandoc.

`python -m benchmarks.watch` prints JSON: the median seconds from writing the seed to its new PDF
on disk (a changed word each time), the median wall time of a cold `avi build --force`, and the
median ratio of cold builds to `pandoc --pdf-engine=weasyprint` runs on the same file, alternated,
and the median wall time of a first build on a machine (an empty user's cache).
"""

from __future__ import annotations

import json
import os
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
COLD = 5
FIRST = 3


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
        cold, against = [], []
        env = {**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}
        for _ in range(COLD):  # a cold build, then pandoc on the same file: a pair per round
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "avitools", "build", str(source), "-o", str(work / "cold"),
                            "--force"], cwd=ROOT, check=True, capture_output=True)
            cold.append(time.perf_counter() - start)
            if shutil.which("pandoc") is not None:
                start = time.perf_counter()
                subprocess.run(["pandoc", str(source), "-s", "--metadata", "lang=en",
                                "--pdf-engine=weasyprint", "-o", str(work / "pandoc.pdf")],
                               cwd=ROOT, check=True, capture_output=True, env=env)
                against.append(cold[-1] / (time.perf_counter() - start))
        first = []
        for n in range(FIRST):  # what the first build on a machine costs: nothing kept yet
            cache = work / f"cache-{n}"
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "avitools", "build", str(source), "-o",
                            str(work / "first"), "--force"], cwd=ROOT, check=True, capture_output=True,
                           env={**os.environ, "XDG_CACHE_HOME": str(cache)})
            first.append(time.perf_counter() - start)
        print(json.dumps({"save_to_pdf_median": statistics.median(saves), "saves": saves,
                          "cold_build_median": statistics.median(cold), "cold": cold,
                          "first_build_median": statistics.median(first), "first": first,
                          "cold_against_pandoc": statistics.median(against) if against else None}))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
