"""The optional foreword of a year's book: `_foreword.md` beside the year's manuscripts."""

from __future__ import annotations

from pathlib import Path

from avitools.errors import ManuscriptError, Problem, relative
from avitools.model import Foreword
from avitools.read.frontmatter import split
from avitools.read.markdown import read_body

NAME = "_foreword.md"  # the manuscript finder passes over names that begin with `_`
KEYS = ("title", "by")


def read_foreword(folder: Path) -> Foreword | None:
    """The foreword in `folder`, or None when it has none; a wrong one is one line per fault."""
    path = folder / NAME
    if not path.is_file():
        return None
    name = relative(path)
    text = path.read_text(encoding="utf-8")
    meta: dict[str, object] = {}
    first = 1
    if text.startswith("---"):
        front = split(text, name)
        meta, text, first = front.data, front.body, front.body_line
    problems = [Problem(name, f"the front matter key '{key}' is not one a foreword has",
                        f"give only {' and '.join(KEYS)}", 1)
                for key in meta if key not in KEYS]
    problems += [Problem(name, f"'{key}' is not text", f"write {key} as one line of text", 1)
                 for key in KEYS if key in meta and not isinstance(meta[key], str)]
    parsed = read_body(text, name, folder, first)
    problems += parsed.problems
    if parsed.body.notes or parsed.body.images():
        problems.append(Problem(name, "holds notes or figures, which a foreword does not carry",
                                "write them into the text"))
    if not parsed.body.blocks:
        problems.append(Problem(name, "is empty", "write the foreword, or remove the file"))
    if problems:
        raise ManuscriptError(problems)
    title, by = meta.get("title"), meta.get("by")
    return Foreword(parsed.body, title if isinstance(title, str) else None,
                    by if isinstance(by, str) else None)
