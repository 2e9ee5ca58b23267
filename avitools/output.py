"""Outputs: their names, and atomic writes that never leave a partial file or hide a system error."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from avitools.config import Project
from avitools.errors import OutputError, Problem, relative

if TYPE_CHECKING:  # a rebuild with nothing to do never loads the article model
    from avitools.model import Article

# What the officer can do about a system error, by its errno.
_HINTS = {
    errno.ENOSPC: "free some disk space and build again",
    errno.EDQUOT: "free some disk space and build again",
    errno.EACCES: "check the folder's permissions, or write elsewhere with -o",
    errno.EPERM: "check the folder's permissions, or write elsewhere with -o",
    errno.EROFS: "the folder is read-only: write elsewhere with -o",
    errno.ENOTDIR: "a file stands where a folder should be: move it or write elsewhere with -o",
    errno.EISDIR: "a folder stands where the file should be: move it or write elsewhere with -o",
}


def issue_name(prefix: str, year: int, issue: int, suffix: str = ".pdf") -> Path:
    """`2024/avi-commentary-2024-08.pdf`: one issue's output, relative to the output folder."""
    return Path(str(year)) / f"{prefix}-{year}-{issue:02d}{suffix}"


def book_name(prefix: str, year: int, suffix: str) -> Path:
    """`2024/avi-commentary-2024.epub`: a year's book, relative to the output folder."""
    return Path(str(year)) / f"{prefix}-{year}{suffix}"


def system_problem(path: Path, exc: OSError, doing: str = "cannot be written") -> Problem:
    """One line for a system error on `path`: the path, the system's reason and what to do."""
    reason = exc.strerror or str(exc)
    return Problem(relative(path), f"{doing}: {reason}", _HINTS.get(exc.errno or 0, ""))


def write_atomic(target: Path, data: bytes, durable: bool = True) -> None:
    """Write `data` to `target` through a temporary file in the same folder and a rename.

    `durable` flushes the file to the disk before the rename; a writer of many small files may
    leave that out and flush them all at once (`os.sync`) before it records what it wrote.

    A system error (disk full, permission denied, read-only folder) is an `OutputError` naming
    `target`; whatever stood at `target` before is untouched.
    """
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        prefix = f".{target.name}."
        with os.scandir(target.parent) as entries:
            stale = [e.path for e in entries if e.name.startswith(prefix) and e.name.endswith(".part")]
        for path in stale:
            with contextlib.suppress(OSError):
                os.unlink(path)  # left by a build that was killed while writing
        fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    except OSError as exc:
        raise OutputError(system_problem(target, exc)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.chmod(temp, 0o644)
        os.replace(temp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(exc, OSError):
            raise OutputError(system_problem(target, exc)) from None
        raise


def article_output(project: Project, article: Article, suffix: str = ".pdf") -> Path:
    """Where one article's output goes, relative to the output folder."""
    return issue_name(project.series(article.series).file_prefix, article.year, article.issue, suffix)
