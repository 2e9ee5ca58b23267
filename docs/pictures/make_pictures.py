"""Render the pictures of the README from books made of the test fixtures: `make pictures`."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import pypdfium2

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SCALE = 0.75  # 54 dpi: enough to judge a page's layout, small enough for the repository


def build(*arguments: str) -> None:
    """Run `avi` as the officer would."""
    subprocess.run([sys.executable, "-m", "avitools", *arguments], check=True, cwd=ROOT,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def render(pdf: Path, index: int, name: str) -> None:
    """Page `index` (0-based) of `pdf` as `docs/pictures/<name>.png`."""
    document = pypdfium2.PdfDocument(pdf)
    document[index].render(scale=SCALE).to_pil().save(HERE / f"{name}.png", optimize=True)


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch)
        build("anthology", "2024", "--from", "tests/data/manuscripts", "-o", str(out / "book.pdf"))
        build("anthology", "2024", "--from", "tests/data/manuscripts", "--print", "-o",
              str(out / "print.pdf"))
        build("anthology", "2025", "--from", "tests/data/khmer", "-o", str(out / "khmer.pdf"))
        # Pages of the books (1-based): a verso, the first page of No. 10, the Khmer contents.
        verso, notes, contents = (int(p) for p in sys.argv[1:] or ["8", "7", "5"])
        render(out / "book.pdf", verso - 1, "book-verso")
        render(out / "book.pdf", notes - 1, "book-footnotes")
        render(out / "print-cover.pdf", 0, "print-cover-spread")
        render(out / "khmer.pdf", contents - 1, "khmer-contents")


if __name__ == "__main__":
    main()
