"""What the build's own checks cost: the same manuscripts rendered, and checked, in one warm process.

`python -m benchmarks.checks MANUSCRIPT…` prints JSON: seconds spent rendering (reading, layout,
PDF) and seconds spent in the checks every build runs on what it wrote (`check/written.py`).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from avitools.check.written import check_written
from avitools.config import load_project
from avitools.errors import relative
from avitools.read import read
from avitools.render.pdf import render_pdf


def main(sources: list[str]) -> None:
    """Render each manuscript, then time the build's checks on the PDF it gave."""
    project = load_project()
    render = check = 0.0
    for source in map(Path, sources):
        start = time.perf_counter()
        article = read(source, project).article
        data = render_pdf(project, article)
        middle = time.perf_counter()
        check_written(data, article, project, relative(source))
        render += middle - start
        check += time.perf_counter() - middle
    print(json.dumps({"render_seconds": render, "check_seconds": check, "count": len(sources)}))


if __name__ == "__main__":
    main(sys.argv[1:])
