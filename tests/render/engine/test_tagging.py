"""The PDF/UA structure the build writes: pagination artifacts, notes linked both ways, and words
hyphenated at a line end that read back whole, in English and in Khmer."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from pypdf import PdfReader

from avitools.check.fidelity import expected_parts
from avitools.check.pdfua import check_pdfua, elements
from avitools.config import Project
from avitools.read import read
from tests.helpers import ROOT, SEED, run_avi

HEDGING = ROOT / "tests" / "data" / "manuscripts" / "2024-10-hedging-in-practice.md"
KHMER = sorted((ROOT / "tests" / "data" / "khmer").glob("*.md"))


def built(source: Path, out: Path) -> Path:
    result = run_avi("build", source, "-o", out)
    assert result.exit_code == 0, result.output
    return Path(result.stdout.strip())


def test_pdftotext_of_the_seed_splits_no_word(project: Project, tmp_path: Path) -> None:
    pdf = built(SEED, tmp_path)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "\u2010\n" not in text  # no line ends with WeasyPrint's hyphen
    printed = set(re.findall(r"[^\W\d_]+", text))
    article = read(SEED, project).article
    wanted = {w for _, part in expected_parts(article) for w in re.findall(r"[^\W\d_]+", part)}
    assert sorted(wanted - printed) == []
    # the seed does hyphenate: the words broken at a line end are there, whole
    layer = PdfReader(pdf).pages[0].extract_text()
    assert any(line.endswith("\u2010") for line in layer.splitlines())


def test_notes_are_notes_and_calls_link_both_ways(tmp_path: Path) -> None:
    pdf = built(HEDGING, tmp_path)
    reader = PdfReader(pdf)
    assert check_pdfua(pdf.read_bytes(), pdf.name) == []
    with pikepdf.open(pdf) as opened:
        tree = [(str(e["/S"]), e) for e, _ in elements(opened)]
        notes = [str(e["/ID"]) for tag, e in tree if tag == "/Note"]
        references: list[Any] = [e for tag, e in tree if tag == "/Reference"]
        kids = [str(r["/K"][0]["/S"]) for r in references]
    assert notes == ["author-note-1", *[f"fn-{n}" for n in range(1, 10)]]
    assert len(references) == 10  # the byline's mark and nine calls
    assert kids == ["/Link"] * 10
    for number, page in enumerate(reader.pages, start=1):
        targets = [str(a.get_object().get("/Dest")) for a in page.get("/Annots") or []]
        calls = [t for t in targets if t.startswith("fn-")]
        backs = [t.removeprefix("call-") for t in targets if t.startswith("call-fn-")]
        assert calls, number
        assert sorted(calls) == sorted(backs), number  # each note on its call's page


def test_running_elements_are_pagination_artifacts(tmp_path: Path) -> None:
    pdf = built(HEDGING, tmp_path)
    reader = PdfReader(pdf)
    for page in reader.pages:
        content = page.get_contents()
        assert content is not None
        data = content.get_data()
        assert data.count(b"/Artifact\n<</Type /Pagination/Subtype /Footer>>\nBDC") == 2
        assert b"/Artifact\nBMC" not in data


@pytest.mark.parametrize("source", KHMER, ids=[p.stem for p in KHMER])
def test_khmer_issues_hold_to_pdfua(source: Path, tmp_path: Path) -> None:
    pdf = built(source, tmp_path)
    data = pdf.read_bytes()
    assert check_pdfua(data, pdf.name) == []
