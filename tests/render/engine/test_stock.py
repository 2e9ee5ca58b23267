"""Against true stock: WeasyPrint with no extension at all lays Latin manuscripts out to the same
pages as avitools' engine with all of them; the pages, rasterised by PDFium, are the same pixels.
The text layer, the tags and the metadata differ (that is what the correctness extensions are for).
Complex scripts are drawn otherwise by design (the text layer draws a cluster's other glyphs where
Pango put them, under codes of their own), and where a note would leave its call's page stock
WeasyPrint's layout differs and the build lays it out again (test_version_bump.py). Two house
rules of hyphenation are kept by extensions that stock WeasyPrint stands in for otherwise: no word
broken across a page turn moves lines by design, and is kept idle here; capitalised words kept
whole by Pyphen set each line in one text box where stock sets names in spans of their own (the
same breaks, a justified line's spaces shared otherwise), so both runs here write the spans. The
rules' own pages are judged in test_hyphenation_rules.py."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pypdfium2
import pytest

from tests.engine_corpus import write_corpus
from tests.helpers import ROOT, SEED

pytestmark = pytest.mark.slow

LATIN_KINDS = ("table", "lists", "notes", "figure", "ellipsis")
SOURCES = [SEED, *sorted((ROOT / "tests" / "data" / "manuscripts").glob("*.md"))]
RENDER = """
import sys
from pathlib import Path
from avitools.config import load_project
from avitools.read import read_manuscript
from avitools.render.engine import state
from avitools.render.pdf import render_pdf
import avitools.render.pdf as pdf_module

if sys.argv[1] == "rules-as-stock":  # the house rules written as stock WeasyPrint needs them
    from avitools.render.engine import pageturn

    pageturn.ends_hyphenated = lambda line: False  # the rule that moves a line by design stays idle
    house_rules = pdf_module.house_rules
    pdf_module.house_rules = lambda project, names=True: house_rules(project)  # names in spans

pushed = []
push_rule = pdf_module.push_rule


def counted(*args, **kwargs):
    pushed.append(number)  # the layout had to be done again: a note left its call's page
    return push_rule(*args, **kwargs)


pdf_module.push_rule = counted
project = load_project(Path("."))
out = Path(sys.argv[2])
for number, source in enumerate(sys.argv[3:]):
    (out / f"{number:02d}.pdf").write_bytes(render_pdf(project, read_manuscript(Path(source), project)))
print(" ".join(state().on))
print(" ".join(str(n) for n in sorted(set(pushed))))
"""


relaid: set[int] = set()  # the sources a layout had to lay out again (stock: a note left its page)


def rendered(mode: str, out: Path, sources: list[Path]) -> tuple[list[Path], str]:
    out.mkdir()
    rules = "rules-as-stock" if mode == "full" else "as-is"
    done = subprocess.run([sys.executable, "-c", RENDER, rules, str(out), *map(str, sources)],
                          capture_output=True, text=True, cwd=ROOT, env={**os.environ, "AVI_ENGINE": mode})
    assert done.returncode == 0, done.stderr
    on, pushed = [*done.stdout.split("\n"), ""][:2]
    relaid.update(int(n) for n in pushed.split())
    return sorted(out.glob("*.pdf")), on.strip()


def pixels(path: Path) -> list[bytes]:
    document = pypdfium2.PdfDocument(path)
    try:
        return [bytes(document[i].render(scale=100 / 72, grayscale=True).buffer)
                for i in range(len(document))]
    finally:
        document.close()


def test_the_pages_are_the_pixels_stock_weasyprint_draws(tmp_path: Path) -> None:
    generated = [p for p in write_corpus(tmp_path / "corpus", generated=14, synthetic=4)
                 if p.stem.split("-")[-1] in LATIN_KINDS or p.parent.name == "synthetic"]
    sources = SOURCES + generated
    full, installed = rendered("full", tmp_path / "full", sources)
    stock, nothing = rendered("stock", tmp_path / "stock", sources)
    assert "tagging" in installed.split()
    assert nothing.split() == ["pages"]  # stock: only the read-only inspection of the boxes
    assert len(full) == len(stock) == len(sources) >= 16
    different = [sources[i].name for i, (ours, theirs) in enumerate(zip(full, stock, strict=True))
                 if pixels(ours) != pixels(theirs)]
    # Only where stock WeasyPrint moved a note off its call's page and the build laid the
    # manuscript out again (the seed, whose author note is a footnote on page 1) do the pages differ.
    assert set(different) <= {sources[i].name for i in relaid}
    assert len(different) <= 1
    assert all(ours.read_bytes() != theirs.read_bytes() for ours, theirs in zip(full, stock, strict=True))
