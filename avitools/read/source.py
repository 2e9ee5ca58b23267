"""Read a manuscript's bytes as text, refusing what is not a reasonable UTF-8 text file."""

from __future__ import annotations

from pathlib import Path

from avitools.errors import ManuscriptError, Problem, relative

MAX_BYTES = 1_000_000


def read_text(path: Path, max_bytes: int = MAX_BYTES) -> str:
    """The file's text; one clear error for a missing, oversize, binary or non-UTF-8 file."""
    name = relative(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise ManuscriptError(
                Problem(name, f"is {size:,} bytes, more than the {max_bytes:,} a manuscript may have",
                        "split it or remove embedded data")
            )
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise ManuscriptError(Problem(name, "does not exist", "check the path")) from exc
    except IsADirectoryError as exc:
        raise ManuscriptError(Problem(name, "is a folder, not a manuscript")) from exc
    except OSError as exc:
        raise ManuscriptError(Problem(name, f"cannot be read: {exc.strerror}")) from exc
    if not data.strip():
        raise ManuscriptError(Problem(name, "is empty", "write the front matter and the text"))
    if b"\x00" in data:
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        raise ManuscriptError(
            Problem(name, "is a binary file, not a Markdown manuscript", "give a UTF-8 text file", line)
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ManuscriptError(
            Problem(name, f"byte 0x{data[exc.start]:02x} is not UTF-8",
                    "save the file as UTF-8", line)
        ) from exc
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def line_of(text: str, needle: str, first_line: int = 1) -> int | None:
    """The 1-based line of the first occurrence of `needle` in `text`, if any."""
    index = text.find(needle)
    if index < 0:
        return None
    return text.count("\n", 0, index) + first_line
