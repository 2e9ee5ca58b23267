"""What Khmer costs: word segmentation and the text-layer extension, against a build without them.

`python -m benchmarks.khmer [ROUNDS]` builds the Khmer corpus (`tests/data/khmer`, checks included)
in one warm process, alternating rounds with and without the Khmer work, and prints JSON: the median
seconds of a round each way and their ratio. Without it means WeasyPrint's own text drawing and a
zero-width space before every Khmer syllable, as avitools did before. A first round of each kind,
which loads fonts and dictionaries, is left out.
"""

from __future__ import annotations

import json
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "data" / "khmer"
_SYLLABLE = re.compile(r"(?<=[\u1780-\u17d1\u17d3\u17dd])(?=[\u1780-\u17b3])")


def _syllables(value: str) -> str:
    return _SYLLABLE.sub("\u200b", value)


def _switch(khmer_work: bool, saved: dict[str, Any]) -> None:
    """Turn the Khmer work on or off in this process (the functions it patches, swapped back)."""
    from weasyprint import document, pdf
    from weasyprint.draw import text as drawing

    from avitools.render import body, templates
    from avitools.render.engine import textlayer

    textlayer.install()
    if not saved:
        saved.update(draw=drawing.draw_first_line, fonts=pdf.build_fonts_dictionary,
                     marks=document.Document.make_bookmark_tree,
                     breaks=getattr(body, "khmer_breaks"))  # noqa: B009
    for target, name, key in ((drawing, "draw_first_line", "draw"), (pdf, "build_fonts_dictionary", "fonts"),
                              (document.Document, "make_bookmark_tree", "marks")):
        patched = saved[key]
        setattr(target, name, patched if khmer_work else getattr(patched, "__wrapped__", patched))
    breaks: Callable[[str], str] = saved["breaks"] if khmer_work else _syllables
    setattr(body, "khmer_breaks", breaks)  # noqa: B010 (the module's own name, swapped)
    templates.environment.cache_clear()
    setattr(templates, "khmer_breaks", breaks)  # noqa: B010


def main(arguments: list[str]) -> None:
    rounds = int(arguments[0]) if arguments else 7
    from avitools.check.written import check_written
    from avitools.config import load_project
    from avitools.read import read
    from avitools.render.engine import weasyprint
    from avitools.render.pdf import render_pdf

    project = load_project(ROOT)
    weasyprint(project.fonts)
    sources = sorted(CORPUS.glob("*.md"))
    saved: dict[str, Any] = {}
    times: dict[bool, list[float]] = {True: [], False: []}
    for index in range(2 * (rounds + 1)):
        khmer_work = index % 2 == 0
        _switch(khmer_work, saved)
        start = time.perf_counter()
        for source in sources:
            article = read(source, project).article
            check_written(render_pdf(project, article), article, project, source.name)
        times[khmer_work].append(time.perf_counter() - start)
    ours, without = statistics.median(times[True][1:]), statistics.median(times[False][1:])
    print(json.dumps({"with_khmer_work": ours, "without": without, "ratio": ours / without,
                      "issues": len(sources), "rounds": rounds}))


if __name__ == "__main__":
    main(sys.argv[1:])
