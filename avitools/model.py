"""The article model: plain frozen values, no I/O."""

from __future__ import annotations

import datetime as dt
import functools
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from avitools.config import MONTHS, Edition, Publisher, Series
from avitools.document import Body
from avitools.text import is_khmer

__all__ = ["MONTHS", "Article", "Author", "Authorship", "Year", "authors_index", "collation_key",
           "collation_keys", "note_mark", "sort_name"]


@dataclass(frozen=True)
class Author:
    """An author as printed in the byline, with the note printed at the foot of page 1."""

    name: str
    bio: str
    sort_as: str | None = None  # how the author is filed, when the default is wrong for the name

    @property
    def sort_name(self) -> str:
        """The name the author is filed and indexed under (see `sort_name`)."""
        return sort_name(self.name, self.sort_as)


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
    def author_names(self) -> str:
        """The authors' names joined for the document information."""
        return ", ".join(a.name for a in self.authors)


def sort_name(name: str, sort_as: str | None = None) -> str:
    """The name an author is filed and indexed under.

    The author's own `sort_as` wins. A name written family name first stays as written: Khmer
    (`យ៉េន សំណាង`), Vietnamese (`Nguyễn Thị Lan`) and the series' `FAMILY Given` (`YEN Samnang`).
    A name written given name first with the family name in capitals is inverted
    (`Maria SANTOS` -> `Santos, Maria`), as is a plain Western name (`Ann Lee` -> `Lee, Ann`).
    """
    if sort_as:
        return sort_as
    words = name.split()
    if not words or len(words) == 1 or _family_first(name, words):
        return name
    family = [w for w in words if len(w) > 1 and w.isupper()] or words[-1:]
    if len(family) == len(words):
        return name
    given = [w for w in words if w not in family]
    surname = " ".join(w.capitalize() if w.isupper() else w for w in family)
    return f"{surname}, {' '.join(given)}"


_VIETNAMESE = set("ăâđêôơưĂÂĐÊÔƠƯ")


def _family_first(name: str, words: list[str]) -> bool:
    if any(is_khmer(c) for c in name):
        return True
    if len(words[0]) > 1 and words[0].isupper():
        return True
    folded = unicodedata.normalize("NFC", name)
    return any(c in _VIETNAMESE or "\u1ea0" <= c <= "\u1ef9" for c in folded)


@functools.cache
def _collator() -> Any:
    from pyuca import Collator

    return Collator()


def collation_key(text: str) -> tuple[int, ...]:
    """The Unicode Collation Algorithm's key of `text` (DUCET), for lists people read in order."""
    return collation_keys([text])[text]


def collation_keys(texts: Iterable[str]) -> dict[str, tuple[int, ...]]:
    """`collation_key` of each text. Keys made once are kept in the user's cache (by pyuca's
    version): a list of a few names should not wait for the whole collation table to load."""
    from importlib import metadata

    from avitools.cache import keep, recall

    name = f"collation/pyuca-{metadata.version('pyuca')}.json"
    known = recall(name)
    known = known if isinstance(known, dict) else {}
    out: dict[str, tuple[int, ...]] = {}
    missing = False
    for text in texts:
        folded = unicodedata.normalize("NFC", text)
        key = known.get(folded)
        if not isinstance(key, list):
            key = known[folded] = list(_collator().sort_key(folded))
            missing = True
        out[text] = tuple(key)
    if missing:
        keep(name, known)
    return out


def note_mark(index: int) -> str:
    """The author-note mark for the author at `index` (0-based): `*`, `**`, `***` …"""
    return "*" * (index + 1)


@dataclass(frozen=True)
class Authorship:
    """An author of a year and the articles they wrote, in issue order: a line of an index."""

    name: str
    articles: tuple[Article, ...]
    filed: str = ""  # the sort name

    @property
    def heading(self) -> str:
        """The name as the index prints it: inverted when filed under the family name
        (`Maria SANTOS` -> `SANTOS, Maria`), else as written (`YEN Samnang`)."""
        return index_heading(self.name, self.filed or sort_name(self.name))


def authors_index(articles: list[Article]) -> list[Authorship]:
    """Every author of `articles` with what they wrote, filed by sort name in Unicode collation."""
    written: dict[str, list[Article]] = {}
    filed: dict[str, str] = {}
    for article in articles:
        for author in article.authors:
            written.setdefault(author.name, []).append(article)
            filed.setdefault(author.name, author.sort_name)
    keys = collation_keys(filed.values())
    return [Authorship(name, tuple(works), filed[name]) for name, works in
            sorted(written.items(), key=lambda item: (keys[filed[item[0]]], item[0]))]


def index_heading(name: str, filed: str) -> str:
    """`name` as an index prints it, given the sort name it is filed under: a name filed inverted
    (`Santos, Maria`) is printed so, its family name as the author writes it (`SANTOS, Maria`)."""
    family, comma, given = filed.partition(", ")
    if not comma or filed == name:
        return name
    at = name.casefold().find(family.casefold())
    return f"{name[at:at + len(family)] if at >= 0 else family}, {given}"


@dataclass(frozen=True)
class Foreword:
    """The editors' foreword to a year's book (`manuscripts/<year>/_foreword.md`)."""

    body: Body
    title: str | None = None  # None: the edition's heading (`Foreword`)
    by: str | None = None  # the signature under it


@dataclass(frozen=True)
class Contributor:
    """An author of the year as the list of contributors gives them: the name and latest note."""

    name: str
    bio: str


def contributors(articles: list[Article]) -> list[Contributor]:
    """Every author of `articles`, in index order, with the note of their latest issue."""
    out = []
    for entry in authors_index(articles):
        latest = max(entry.articles, key=lambda article: (article.date, article.issue))
        out.append(Contributor(entry.name, next(a.bio for a in latest.authors if a.name == entry.name)))
    return out


@dataclass
class Year:
    """The articles of one series and year, in issue order, and what is odd about the set."""

    year: int
    series: Series
    articles: list[Article]
    warnings: list[str] = field(default_factory=list)
    lang: str = "en"  # the language of the book's own parts (cover, front matter, index)
    foreword: Foreword | None = None

    @property
    def edition(self) -> Edition:
        """The series' texts in the book's language."""
        return self.series.edition(self.lang)


def book_language(articles: list[Article], asked: str | None = None) -> str:
    """The language of a book's own parts: the one asked for, else the one every issue shares,
    else the series' own (English); each issue keeps its own."""
    if asked:
        return asked
    langs = {a.lang.lower().split("-")[0] for a in articles}
    return langs.pop() if len(langs) == 1 else "en"


def what_it_holds(year: Year) -> str:
    """`3 commentaries, issues No. 10 to No. 12`: the words every part of a book (print and
    e-book) names its issues by, in the book's language."""
    return year.edition.commentaries([a.issue for a in year.articles])


def book_title(year: Year) -> str:
    """`AVI Commentary 2024`, in the book's language."""
    return f"{year.edition.name or year.series.name} {year.edition.numerals(str(year.year))}"


def publisher_of(publisher: Publisher, year: Year) -> tuple[str | None, str | None]:
    """The publisher's name and place as the book's language writes them: the edition's, the
    series' own texts' (English), or none (a language whose edition does not spell them)."""
    edition = year.edition
    if edition.publisher:
        return edition.publisher, edition.place
    if year.lang.lower().split("-")[0] == "en":
        return publisher.name, publisher.place or None
    return None, None
