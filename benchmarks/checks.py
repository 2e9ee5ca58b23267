"""What the build's own checks cost: the same manuscripts rendered, and checked, in one warm process.

`python -m benchmarks.checks MANUSCRIPT…` prints JSON: seconds spent rendering (reading, layout,
PDF) and seconds spent in the checks every build runs on what it wrote (`check/written.py`), the
mean of three rounds, and the checks' share of each round with its median.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

from avitools.check.written import check_written
from avitools.config import load_project
from avitools.errors import relative
from avitools.read import read
from avitools.render.pdf import render_pdf


def main(sources: list[str], rounds: int = 3) -> None:
    """Render each manuscript, then time the build's checks on the PDF it gave; `rounds` times, so
    that the median round's share stands for the run."""
    project = load_project()
    shares, render_total, check_total = [], 0.0, 0.0
    for _ in range(rounds):
        render = check = 0.0
        for source in map(Path, sources):
            start = time.perf_counter()
            article = read(source, project).article
            at_foot: list[tuple[int, str]] = []
            data = render_pdf(project, article, at_foot=at_foot)
            middle = time.perf_counter()
            check_written(data, article, project, relative(source), at_foot=at_foot)
            render += middle - start
            check += time.perf_counter() - middle
        shares.append(check / (render + check))
        render_total += render
        check_total += check
    print(json.dumps({"render_seconds": render_total / rounds, "check_seconds": check_total / rounds,
                      "share_median": statistics.median(shares), "shares": shares,
                      "count": len(sources)}))


if __name__ == "__main__":
    main(sys.argv[1:])
