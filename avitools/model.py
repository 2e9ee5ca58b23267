"""The article model: plain frozen values, no I/O."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from avitools.config import Series
from avitools.document import Body

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)


@dataclass(frozen=True)
class Author:
    """An author as printed in the byline, with the note printed at the foot of page 1."""

    name: str
    bio: str


@dataclass(frozen=True)
class Article:
    """One commentary: its metadata and its body as a document tree."""

    source: Path
    title: str
    date: dt.date
    country: str
    issue: int
    authors: tuple[Author, ...]
    body: Body
    series: str | None = None
    subtitle: str | None = None
    lang: str = "en"
    keywords: tuple[str, ...] = ()
    summary: str | None = None
    max_pages: int | None = None  # this issue's own page limit (a special issue), else the series'
    resources: tuple[Path, ...] = field(default=())

    @property
    def manuscript(self) -> Path:
        """The file the author sent."""
        return self.source

    @property
    def year(self) -> int:
        """The publication year, which numbers the issue."""
        return self.date.year

    @property
    def dateline(self) -> str:
        """`Cambodia | 28 August 2024`: the place and the date in English, day without zero."""
        return f"{self.country} | {long_date(self.date)}"

    @property
    def author_names(self) -> str:
        """The authors' names joined for the document information."""
        return ", ".join(a.name for a in self.authors)


def long_date(date: dt.date) -> str:
    """A date as `28 August 2024`."""
    return f"{date.day} {MONTHS[date.month - 1]} {date.year}"


def sort_name(name: str) -> str:
    """A sort name: `YEN Samnang` -> `Yen, Samnang` (the family name is the one in capitals)."""
    words = name.split()
    family = [w for w in words if len(w) > 1 and w.isupper()]
    if not family or len(family) == len(words):
        family = words[-1:]
    given = [w for w in words if w not in family]
    surname = " ".join(w.capitalize() if w.isupper() else w for w in family)
    return f"{surname}, {' '.join(given)}" if given else surname


def note_mark(index: int) -> str:
    """The author-note mark for the author at `index` (0-based): `*`, `**`, `***` …"""
    return "*" * (index + 1)


@dataclass
class Year:
    """The articles of one series and year, in issue order, and what is odd about the set."""

    year: int
    series: Series
    articles: list[Article]
    warnings: list[str] = field(default_factory=list)
