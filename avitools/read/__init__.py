"""Readers: one per manuscript format, chosen by the file's suffix, each giving a checked `Article`.

A new manuscript format is one reader module plus one line in `READERS`. Readers are imported when
they are used, so that finding manuscripts (and a build with nothing to do) stays cheap.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from avitools.errors import AviError, ManuscriptError, Problem, relative, unexpected

if TYPE_CHECKING:
    from avitools.config import Project
    from avitools.model import Article


@dataclass(frozen=True)
class Reading:
    """What a reader gives: the article and what it had to say about the file on the way."""

    article: Article
    warnings: list[str] = field(default_factory=list)


# The image files a manuscript may show.
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp")

Reader = Callable[[Path, "Project"], Reading]


def _markdown(path: Path, project: Project) -> Reading:
    from avitools.read.manuscript import read_manuscript

    return Reading(read_manuscript(path, project))


def _word(path: Path, project: Project) -> Reading:
    from avitools.read.word import read_word

    return read_word(path, project)


READERS: dict[str, Reader] = {
    ".md": _markdown,
    ".markdown": _markdown,
    ".docx": _word,
}


def read(path: Path, project: Project) -> Reading:
    """Read the manuscript at `path` with the reader its suffix names."""
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise ManuscriptError(Problem(relative(path), f"'{path.suffix}' is not a manuscript format",
                                      f"give one of: {', '.join(READERS)}"))
    try:
        return reader(path, project)
    except AviError:
        raise
    except Exception as exc:  # a file no rule foresaw: one line naming it, never a stopped build
        raise ManuscriptError(unexpected(relative(path), exc, "reading")) from exc


def read_manuscript(path: Path, project: Project) -> Article:
    """The article of any manuscript (warnings dropped)."""
    return read(path, project).article
