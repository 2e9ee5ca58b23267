"""Read any manuscript: Markdown as it is, Word through a converted Markdown copy in a work folder."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from avitools.config import Project
from avitools.errors import ManuscriptError, Problem, relative
from avitools.model import Article
from avitools.output import write_atomic
from avitools.read.docx import fingerprint, read_docx, slug
from avitools.read.manuscript import read_manuscript


def read_any(source: Path, project: Project, workdir: Path) -> tuple[Article, list[str]]:
    """The article and the conversion warnings (none for Markdown)."""
    if source.suffix.lower() != ".docx":
        return read_manuscript(source, project), []
    word = read_docx(source)
    folder = workdir / fingerprint(source)
    copy = folder / f"{source.stem}.md"
    if not copy.is_file() or copy.read_text(encoding="utf-8") != word.text():
        for name, content in word.figures.items():
            write_atomic(folder / name, content)
        write_atomic(copy, word.text().encode("utf-8"))
    try:
        article = read_manuscript(copy, project)
    except ManuscriptError as exc:
        # The converted copy is ours: speak of the Word file the officer knows.
        raise ManuscriptError([Problem(relative(source), p.message, p.hint) for p in exc.problems]) from None
    return dataclasses.replace(article, origin=source), word.warnings


def import_word(source: Path, project: Project, folder: Path | None = None,
                force: bool = False) -> tuple[Path, list[str]]:
    """Write a Word manuscript into the archive as Markdown with its figures; checked by reading it."""
    if source.suffix.lower() != ".docx":
        raise ManuscriptError(Problem(relative(source), "is not a .docx file", "give a Word .docx file"))
    name = slug(read_docx(source).meta)
    word = read_docx(source, figure_prefix=f"{name}-figure")
    target_dir = folder or project.manuscripts / str(word.meta["date"])[:4]
    target = target_dir / f"{name}.md"
    if target.exists() and not force:
        raise ManuscriptError(Problem(relative(target), "exists already",
                                      "choose another folder, or --force to replace it"))
    for figure, content in word.figures.items():
        write_atomic(target_dir / figure, content)
    write_atomic(target, word.text().encode("utf-8"))
    read_manuscript(target, project)
    return target, word.warnings
