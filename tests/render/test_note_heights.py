"""The height of a set of author notes is measured once, then known in later processes too."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from avitools.config import Project
from avitools.model import Article
from avitools.read import read_manuscript
from avitools.render import pdf
from avitools.render.pdf import render_pdf
from tests.helpers import SEED


def _measurements(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    measured: list[float] = []
    from avitools.render.engine import notes_height as original

    def counted(document: object) -> float:
        measured.append(original(document))
        return measured[-1]

    monkeypatch.setattr(pdf, "notes_height", counted)
    monkeypatch.setattr(pdf, "_NOTE_HEIGHTS", {})  # as in a new process
    return measured


@pytest.fixture
def first(project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Article, bytes]:
    """The seed rendered once with an empty cache in `tmp_path`: its notes measured and kept."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    article = read_manuscript(SEED, project)
    measured = _measurements(monkeypatch)
    data = render_pdf(project, article)
    assert len(measured) == 1
    assert measured[0] > 20
    kept = list((tmp_path / "avitools" / "notes").glob("*.json"))
    assert [json.loads(path.read_text()) for path in kept] == measured
    return article, data


def test_a_height_kept_in_the_cache_gives_the_same_pdf_without_measuring(
        project: Project, first: tuple[Article, bytes], monkeypatch: pytest.MonkeyPatch) -> None:
    article, data = first
    measured = _measurements(monkeypatch)
    assert render_pdf(project, article) == data
    assert measured == []


def test_other_notes_or_an_unreadable_cache_are_measured_again(
        project: Project, first: tuple[Article, bytes], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    article, data = first
    for path in (tmp_path / "avitools" / "notes").glob("*.json"):
        path.write_text("not json")
    measured = _measurements(monkeypatch)
    assert render_pdf(project, article) == data
    assert len(measured) == 1
    author = article.authors[0]
    longer = dataclasses.replace(article, authors=(
        dataclasses.replace(author, bio=author.bio + " " + author.bio),))
    measured = _measurements(monkeypatch)
    render_pdf(project, longer)
    assert len(measured) == 1
    assert len(list((tmp_path / "avitools" / "notes").glob("*.json"))) == 2
