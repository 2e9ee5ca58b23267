"""`avi new`: start a manuscript with its front matter filled in, numbered and named by the house rules."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from avitools.config import Project
from avitools.errors import AviError, ManuscriptError, OutputError, Problem, relative
from avitools.output import system_problem
from avitools.sources import find_manuscripts
from avitools.text import title_slug

BIO_PLACEHOLDER = "{name} is … (write the author's note)"
DEFAULT_COUNTRY = "Cambodia"


@dataclass(frozen=True)
class NewIssue:
    """What the officer knows when an issue starts."""

    title: str
    authors: tuple[str, ...]
    date: dt.date = field(default_factory=dt.date.today)
    country: str = DEFAULT_COUNTRY
    issue: int | None = None
    lang: str = "en"


@dataclass(frozen=True)
class Started:
    """The manuscript written, and what the officer should know about it."""

    path: Path
    warnings: list[str]


def new_manuscript(project: Project, issue: NewIssue) -> Started:
    """Write `manuscripts/<year>/<year>-<NN>-<slug>.md`; never replaces a file."""
    known = _archive(project)
    year = issue.date.year
    taken = {n for (y, n), _ in known.numbers.items() if y == year}
    number = issue.issue if issue.issue is not None else max(taken, default=0) + 1
    where = project.manuscripts / str(year)
    if issue.issue is not None and number in taken:
        other = known.numbers[(year, number)]
        raise ManuscriptError(Problem(relative(other), f"already is issue {number} of {year}",
                                      f"choose another number, or leave --issue out for No. "
                                      f"{max(taken) + 1:02d}"))
    warnings: list[str] = []
    authors = []
    for name in issue.authors:
        bio = known.bios.get(name.casefold())
        if bio is None:
            bio = BIO_PLACEHOLDER.format(name=name)
            warnings.append(f"warning: {name} has not written for the series before: write their "
                            "author's note (bio) in the front matter")
        authors.append({"name": name, "bio": bio})
    meta = {"title": issue.title, "date": issue.date.isoformat(), "country": issue.country,
            "issue": number, "authors": authors}
    if issue.lang != "en":
        meta["lang"] = issue.lang
    front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=1000)
    front = front.replace(f"date: '{issue.date.isoformat()}'", f"date: {issue.date.isoformat()}")
    stem = "-".join(part for part in (f"{year}-{number:02d}", title_slug(issue.title, 5)) if part)
    path = where / f"{stem}.md"
    try:
        where.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as handle:
            handle.write(f"---\n{front}---\n\n")
    except FileExistsError:
        raise ManuscriptError(Problem(relative(path), "exists already",
                                      "open it, or give another --title or --issue")) from None
    except OSError as exc:
        raise OutputError(system_problem(path, exc)) from None
    return Started(path, warnings)


@dataclass
class _Known:
    numbers: dict[tuple[int, int], Path] = field(default_factory=dict)
    bios: dict[str, str] = field(default_factory=dict)


def _archive(project: Project) -> _Known:
    """Issue numbers taken, and each author's latest note, from the archive's front matter."""
    from avitools.read import frontmatter
    from avitools.read.source import read_text

    known = _Known()
    dated: list[tuple[str, dict[str, object]]] = []
    folder = project.manuscripts
    for source in find_manuscripts([folder]) if folder.is_dir() else []:
        if source.suffix.lower() not in (".md", ".markdown"):
            continue
        try:
            data = frontmatter.split(read_text(source), relative(source)).data
        except AviError:
            continue
        date, number = str(data.get("date", "")), data.get("issue")
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", date) and isinstance(number, int):
            known.numbers.setdefault((int(date[:4]), number), source)
        dated.append((date, data))
    for _date, data in sorted(dated, key=lambda d: d[0]):
        for author in data.get("authors") or []:  # type: ignore[attr-defined]
            if isinstance(author, dict) and author.get("name") and author.get("bio"):
                known.bios[str(author["name"]).casefold()] = str(author["bio"])
    return known
