"""Footnotes stay on their call's page: the placement patch, and the rule that pushes a paragraph."""

from __future__ import annotations

import inspect
import io
import os
import subprocess
import sys
from typing import Any
from xml.etree.ElementTree import fromstring

import pytest
from pypdf import PdfReader

from avitools.config import Project
from avitools.read import read_manuscript
from avitools.render import pdf
from avitools.render.engine import displaced_notes, push_rule
from avitools.render.engine.footnotes import KEEP, REPORT, patched
from avitools.render.engine.guard import UnsupportedWeasyPrintError, source_of
from avitools.render.pdf import render_pdf
from tests.helpers import ROOT


def test_push_rule_addresses_the_element_by_its_position() -> None:
    root = fromstring("<html><head/><body><main><p>a</p><p>b</p><ul><li>c</li></ul></main></body></html>")
    item = root.find(".//li")
    assert item is not None
    assert push_rule(root, item) == (":root > *:nth-child(2) > *:nth-child(1) > *:nth-child(3) > "
                                     "*:nth-child(1) { break-before: page; }")


def test_the_root_itself_cannot_be_pushed() -> None:
    root = fromstring("<html><body/></html>")
    assert push_rule(root, root) is None


# A manuscript of the benchmark's corpus whose page 2 would end with a paragraph that keeps its
# orphans only with one more line: WeasyPrint 70 makes room by moving footnote 2 to page 3.
ORPHANS = ROOT / "tests" / "data" / "footnotes" / "2000-06-orphans-and-a-note.md"
NOTE = "2. Asian Vision Institute, working paper no. 5-n2."
UNPATCHED = """
import pathlib, sys
from avitools.render import engine  # run with AVI_ENGINE=stock: WeasyPrint's own placement
from avitools.config import load_project
from avitools.read import read_manuscript
from avitools.render.pdf import _Job
project = load_project(pathlib.Path("."))
job = _Job(project, read_manuscript(pathlib.Path(sys.argv[1]), project))
html = job.wp.HTML(string=job.html(), base_url=job.base, url_fetcher=job.fetcher)
for moved in engine.displaced_notes(html.render(font_config=job.fonts, stylesheets=[job.css])):
    print(moved.call_page, moved.note_page, moved.note_text)
"""


def test_without_the_patch_the_note_of_this_manuscript_leaves_its_call_page() -> None:
    done = subprocess.run([sys.executable, "-c", UNPATCHED, str(ORPHANS)], capture_output=True,
                          text=True, check=True, cwd=ROOT, env={**os.environ, "AVI_ENGINE": "stock"})
    assert done.stdout.splitlines() == ["2 3 Asian Vision Institute, working paper no. 5-n2."]


def _passes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the layout passes of the renderer (each pass is checked for displaced notes once)."""
    passes: list[int] = []

    def counted(document: Any) -> Any:
        passes.append(1)
        return displaced_notes(document)

    monkeypatch.setattr(pdf, "displaced_notes", counted)
    return passes


def test_the_note_stays_on_its_call_page_in_one_layout_pass(
        project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    passes = _passes(monkeypatch)
    pages = PdfReader(io.BytesIO(render_pdf(project, read_manuscript(ORPHANS, project)))).pages
    assert len(passes) == 1
    texts = [page.extract_text() for page in pages]
    assert "the rules-based order as trade patterns shift.2" in texts[1]
    assert [NOTE in text for text in texts] == [False, True, False]
    # The paragraph that could not keep two lines at the foot of page 2 starts page 3, whole.
    assert texts[2].startswith("Vietnam deepens the balance of power")


@pytest.mark.parametrize("name", sorted(p.name for p in (ROOT / "tests/data/khmer").glob("*.md")))
def test_khmer_issues_lay_out_in_one_pass(project: Project, monkeypatch: pytest.MonkeyPatch,
                                          name: str) -> None:
    passes = _passes(monkeypatch)
    render_pdf(project, read_manuscript(ROOT / "tests/data/khmer" / name, project))
    assert len(passes) == 1


def test_the_patch_changes_one_decision_and_refuses_a_function_without_it() -> None:
    from weasyprint.layout import block

    source = inspect.getsource(block._linebox_layout)  # as WeasyPrint ships it
    assert patched(source) == source.replace(REPORT, KEEP) != source
    with pytest.raises(UnsupportedWeasyPrintError, match="does not hold the footnote decision"):
        patched("def _linebox_layout(): pass\n")


def test_the_patch_reads_the_functions_lines_as_inspect_does(tmp_path: Any) -> None:
    from avitools.render.engine import weasyprint

    weasyprint(ROOT / "fonts")  # installs the patch
    from weasyprint.layout import block

    patched_code = block._linebox_layout.__code__  # installed: compiled from the changed source
    assert source_of(patched_code) == inspect.getsource(block._linebox_layout)
    assert source_of(patched_code).startswith("def _linebox_layout(")
    nested = [c for c in patched_code.co_consts if hasattr(c, "co_names")]
    assert any("footnote_policy" in c.co_consts for c in nested)  # the decision is the changed one
    # a function that ends with nested code, and one that ends inside a bracket
    module = tmp_path / "ending.py"
    module.write_text("x = 1\n\ndef outer(a):\n    def inner(b):\n        return (b +\n"
                      "                a)\n\ndef bracket(a):\n    return [a,\n            1]\n\n# after\n",
                      encoding="utf-8")
    sys.path.insert(0, str(tmp_path))
    try:
        import ending  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(tmp_path))
    for function in (ending.outer, ending.bracket):
        assert source_of(function.__code__) == inspect.getsource(function)
