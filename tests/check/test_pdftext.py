"""A PDF's text read back: each page extracted once, for the text rules and the PDF/UA rules."""

from __future__ import annotations

from typing import Any

import pytest
from pypdf import PageObject

from avitools.check.pdf import inspect_pdf
from avitools.check.pdftext import page_text
from avitools.config import Project
from tests.helpers import ROOT

SNAPSHOT = ROOT / "tests" / "layout" / "avi-commentary-2024-08.pdf"


def test_a_check_extracts_each_page_once(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    extracted: list[int] = []
    original = PageObject.extract_text

    def counted(self: PageObject, *args: Any, **kwargs: Any) -> str:
        extracted.append(id(self))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(PageObject, "extract_text", counted)
    inspection = inspect_pdf(SNAPSHOT, project)
    assert inspection.findings == []
    assert inspection.pages is not None
    assert len(extracted) == len(inspection.pages) == len(set(extracted)) == 3
    assert page_text(inspection.pages[0]).startswith("AVI COMMENTARY")
