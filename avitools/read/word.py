"""The Word reader: a .docx and its sidecar, converted once and in memory; and `avi import`."""

from __future__ import annotations

from pathlib import Path

from avitools.config import Project
from avitools.errors import AviError, ManuscriptError, Problem, relative
from avitools.output import write_atomic
from avitools.read import Reading
from avitools.read.docx import read_docx, sidecar_of, slug
from avitools.read.manuscript import Draft, compose, read_manuscript


def read_word(path: Path, project: Project) -> Reading:
    """The article of a Word manuscript; its figures stay in memory, its sidecar is a dependency."""
    word = read_docx(path)
    sidecar = sidecar_of(path)
    draft = Draft(path, relative(path), word.model, [], word.body, 1, {}, word.body,
                  figures=word.figures, resources=(sidecar,) if sidecar.is_file() else (),
                  numbered=False)
    return Reading(compose(project, draft), word.warnings)


def import_word(source: Path, project: Project, folder: Path | None = None,
                force: bool = False) -> tuple[Path, list[str]]:
    """Write a Word manuscript into the archive as Markdown with its figures; checked by reading it."""
    if source.suffix.lower() != ".docx":
        raise ManuscriptError(Problem(relative(source), "is not a .docx file", "give a Word .docx file"))
    word = read_docx(source)
    name = slug(word.meta)
    target_dir = folder or project.manuscripts / str(word.meta["date"])[:4]
    target = target_dir / f"{name}.md"
    if target.exists() and not force:
        raise ManuscriptError(Problem(relative(target), "exists already",
                                      "choose another folder, or --force to replace it"))
    # The archive keeps figures beside their manuscript, named after it.
    text = word.text()
    written: list[Path] = []
    try:
        for figure, content in word.figures.items():
            archived = f"{name}-{figure}"
            text = text.replace(f"]({figure}", f"]({archived}")
            write_atomic(target_dir / archived, content)
            written.append(target_dir / archived)
        write_atomic(target, text.encode("utf-8"))
        written.append(target)
        read_manuscript(target, project)
    except AviError:  # an import that fails leaves nothing behind: the next one starts afresh
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return target, word.warnings
