"""Lay out manuscripts, and a print book of one year, with the engine mode of this process
(`AVI_ENGINE`); print the digest of every PDF, the installed extensions and how often each speed
extension took its own way and WeasyPrint's, as JSON. Run by tests/render/engine/test_harness.py:
`python -m tests.engine_harness PROJECT BOOK_YEAR BOOK_FOLDER MANUSCRIPT...`."""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

from avitools.anthology import collect
from avitools.config import load_project
from avitools.errors import AviError
from avitools.read import read_manuscript
from avitools.render.book import make_book
from avitools.render.engine import state
from avitools.render.engine.taken import counts
from avitools.render.pdf import render_pdf


def main(arguments: list[str]) -> None:
    """Print the digests, as described above."""
    project = load_project(Path(arguments[0]))
    year, folder, sources = int(arguments[1]), Path(arguments[2]), arguments[3:]
    digests: dict[str, str] = {}
    for source in sources:
        try:
            data = render_pdf(project, read_manuscript(Path(source), project))
        except AviError as exc:  # a manuscript the layout refuses is refused the same way in both
            digests[source] = "refused: " + "; ".join(str(p) for p in exc.problems)
            continue
        digests[source] = hashlib.sha256(data).hexdigest()
    for shop in (False, True):
        book = make_book(project, collect(project, year, folder), print_shop=shop)
        digests[f"book {year}{' print' if shop else ''}"] = hashlib.sha256(book).hexdigest()
    print(json.dumps({"pdfs": digests, "on": state().on, "counts": counts()}))


if __name__ == "__main__":
    main(sys.argv[1:])
