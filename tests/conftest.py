"""Shared fixtures: the real project and a writer of manuscripts in a scratch folder."""

from __future__ import annotations

import os
import shutil
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from avitools.config import Project, load_project
from tests.helpers import ROOT, front_matter


@pytest.fixture(autouse=True)
def _in_project() -> Iterator[None]:
    """Every test runs from the project root, as a publications officer would."""
    before = Path.cwd()
    os.chdir(ROOT)
    try:
        yield
    finally:
        os.chdir(before)


@pytest.fixture(scope="session")
def project() -> Project:
    return load_project(ROOT)


ManuscriptWriter = Callable[..., Path]


@pytest.fixture
def write_manuscript(tmp_path: Path) -> ManuscriptWriter:
    """Write a manuscript into its own folder under tmp_path and return its path."""

    def write(body: str = "A paragraph of text.\n", name: str = "article.md",
              raw: str | None = None, **meta: object) -> Path:
        folder = tmp_path / "submissions"
        folder.mkdir(exist_ok=True)
        path = folder / name
        path.write_text(raw if raw is not None else front_matter(**meta) + "\n"
                        + textwrap.dedent(body), encoding="utf-8")
        return path

    return write


@pytest.fixture
def scratch_project(tmp_path: Path) -> Path:
    """A copy of the project's settings and layouts, sharing its fonts; the working folder."""
    root = tmp_path / "project"
    root.mkdir()
    shutil.copy(ROOT / "avi.toml", root / "avi.toml")
    shutil.copytree(ROOT / "layouts", root / "layouts")
    (root / "fonts").symlink_to(ROOT / "fonts")
    os.chdir(root)
    return root

