"""The errors a user can cause, each one line naming the file (and line) and what to do."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: where it is, what is wrong, and what to do about it."""

    file: Path | str
    message: str
    hint: str = ""
    line: int | None = None

    def __str__(self) -> str:
        message, hint = one_line(self.message), one_line(self.hint)
        if not self.file:
            return f"error: {message}" + (f" ({hint})" if hint else "")
        where = f"{self.file}:{self.line}" if self.line is not None else f"{self.file}"
        return f"error: {where}: {message}" + (f" ({hint})" if hint else "")


def one_line(text: str) -> str:
    """`text` with its line breaks and runs of white space as single spaces: a message is one line."""
    return " ".join(text.split()) if any(c in text for c in "\n\r\t\v\f\x85\u2028\u2029") else text


class Debug:
    """Whether unexpected failures should raise with their traceback (`avi --debug`) instead of
    being reported as one line naming the manuscript they happened on."""

    on = False


def unexpected(file: Path | str, exc: Exception, doing: str) -> Problem:
    """The one line for a failure avitools did not foresee while `doing` something with `file`;
    raises it again under `--debug`."""
    if Debug.on:
        raise exc
    detail = one_line(str(exc))[:200]
    return Problem(file, f"internal error while {doing} it: {type(exc).__name__}"
                   + (f": {detail}" if detail else ""),
                   "the other manuscripts are not affected; run the command again with "
                   "'avi --debug' and report the traceback")


class AviError(Exception):
    """Base of every error avitools reports to a user; carries its problems and an exit code."""

    exit_code = 1

    def __init__(self, problems: list[Problem] | Problem) -> None:
        self.problems = [problems] if isinstance(problems, Problem) else list(dict.fromkeys(problems))
        super().__init__("\n".join(str(p) for p in self.problems))

    def lines(self) -> list[str]:
        """The one-line messages, one per problem."""
        return [str(p) for p in self.problems]


class ManuscriptError(AviError):
    """A manuscript cannot be read: its front matter, Markdown or characters are wrong."""


class ConfigError(AviError):
    """The project's settings (`avi.toml`) or layout are missing or invalid."""


class UsageError(AviError):
    """The command was called wrongly (an option or an environment variable it reads)."""

    exit_code = 2


class RenderError(AviError):
    """The renderer refused or failed to make the output."""


class OutputError(AviError):
    """An output cannot be written: disk full, permission denied, a read-only folder."""


class InterruptError(AviError):
    """The user pressed Ctrl-C; what was finished is kept."""

    exit_code = 130

    def __init__(self, summary: str) -> None:
        super().__init__(Problem("", summary))
        self.summary = summary

    def lines(self) -> list[str]:
        """`interrupted: …`, one line."""
        return [f"interrupted: {self.summary}"]


def relative(path: Path) -> str:
    """Show a path relative to the working folder where it lies inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
