"""The summary reaches the PDF's XMP description and the EPUB's dc:description."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from pypdf import PdfReader

from tests.conftest import ManuscriptWriter
from tests.helpers import run_avi

SUMMARY = "How the build keeps links, tables and figures whole."


def test_the_summary_is_the_xmp_description_and_the_subject_keeps_the_issue_line(
        write_manuscript: ManuscriptWriter, tmp_path: Path) -> None:
    path = write_manuscript("A paragraph.\n", summary=SUMMARY)
    assert run_avi("build", path, "-o", tmp_path / "out").exit_code == 0
    reader = PdfReader(tmp_path / "out" / "2024" / "avi-commentary-2024-03.pdf")
    root: Any = reader.trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
    assert f'<rdf:li xml:lang="x-default">{SUMMARY}</rdf:li>' in xmp
    info: Any = reader.metadata
    assert str(info["/Subject"]) == "AVI Commentary, ISSUE: 2024, No. 03"


def test_the_summary_reaches_the_epub_description(write_manuscript: ManuscriptWriter,
                                                  tmp_path: Path) -> None:
    path = write_manuscript("A paragraph.\n", summary=SUMMARY)
    target = tmp_path / "book.epub"
    result = run_avi("anthology", "2024", "--from", path.parent, "-o", target)
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(target) as book:
        opf = book.read("EPUB/content.opf").decode("utf-8")
    assert f"No. 03, A Test Commentary: {SUMMARY}</dc:description>" in opf
