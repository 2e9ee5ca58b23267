"""Which files are manuscripts: named ones, and the Markdown files below named folders."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from avitools.errors import Problem, relative
from avitools.read import READERS

if TYPE_CHECKING:
    from avitools.model import Article

MANUSCRIPT_SUFFIXES = tuple(READERS)


def find_manuscripts(paths: list[Path]) -> list[Path]:
    """The manuscripts named or found below the given files and folders, sorted (a found file whose
    name begins with `_`, such as the book's `_foreword.md`, is not a manuscript)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix in MANUSCRIPT_SUFFIXES
                                and p.is_file() and not p.name.startswith((".", "~$", "_"))))
        else:
            found.append(path)
    return found


def same_issue(source: Path, article: Article, other: Path) -> Problem:
    """The one error for two manuscripts that claim one issue number of a year."""
    return Problem(relative(source), f"issue {article.issue} of {article.year} is also {relative(other)}",
                   "give each manuscript its own issue number")
