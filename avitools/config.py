"""Find the project and load its settings (`avi.toml`) into frozen, validated values."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import tomllib
from dataclasses import MISSING, dataclass, field
from pathlib import Path
from typing import Any, Literal

from avitools import cache
from avitools.errors import ConfigError, Problem

CONFIG_NAME = "avi.toml"
DEFAULT_PDF_VARIANT = "pdf/ua-1"
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
KHMER_DIGITS = str.maketrans("0123456789", "០១២៣៤៥៦៧៨៩")
LATIN_DIGITS = str.maketrans("០១២៣៤៥៦៧៨៩", "0123456789")


def _formats_issue_label(value: str) -> str:
    """`value` if it formats with a year and a number (`ISSUE: {year}, No. {number:02d}`)."""
    try:
        value.format(year=2024, number=8)
    except (KeyError, IndexError, ValueError) as exc:
        raise ValueError(f"cannot be formatted with {{year}} and {{number}}: {exc}") from exc
    return value


def _formats_number(value: str) -> str:
    """`value` if it formats with an issue number (`No. {number:02d}`)."""
    try:
        value.format(number=8)
    except (KeyError, IndexError, ValueError) as exc:
        raise ValueError(f"cannot be formatted with {{number}}: {exc}") from exc
    return value


def _exception_words(value: tuple[str, ...]) -> tuple[str, ...]:
    """`value` if each entry is a word, with hyphens only at the points it may break."""
    for entry in value:
        if not re.fullmatch(r"[^\W\d_]+(?:['\u2019-][^\W\d_]+)*", entry):
            raise ValueError(f"{entry!r} is not a word, with hyphens only where it may break")
    return value


def _rule(default: Any = MISSING, **rules: Any) -> Any:
    """A settings field with the rules `avitools.settings` validates it by (pydantic's `Field`
    arguments; `check`: a function that returns the value or raises ValueError)."""
    return field(default=default, metadata=rules)


# The settings are plain frozen values: `avitools.settings` validates `avi.toml` against these
# classes (with pydantic, which a command then need not load when the file is unchanged).
@dataclass(frozen=True, kw_only=True)
class Publisher:
    """Who publishes: the name printed in the imprint and the disclaimer."""

    name: str = _rule(min_length=1)
    place: str = ""
    default_series: str = _rule(min_length=1)


@dataclass(frozen=True, kw_only=True)
class Edition:
    """A series' running elements in one language: what an issue in that language prints."""

    masthead: str = _rule(min_length=1)
    issue_label: str = _rule(min_length=1, check=_formats_issue_label)
    disclaimer_one: str = _rule(min_length=1)
    disclaimer_many: str = _rule(min_length=1)
    months: tuple[str, str, str, str, str, str, str, str, str, str, str, str] = MONTHS
    digits: Literal["latin", "khmer"] = "latin"
    conjunction: str = _rule("and", min_length=1)  # between the last two authors
    notes: str = _rule("Notes", min_length=1)  # the heading of an e-book chapter's notes
    # The yearly book's texts in this language (a book in it prints only these, titles and names).
    name: str | None = None  # the series' name (None: as the series writes it)
    publisher: str | None = None  # the publisher's name (None: printed only by the series' own texts)
    place: str | None = None  # where it publishes
    contents: str = _rule("Contents", min_length=1)
    index: str = _rule("Index of authors", min_length=1)
    pages: str = _rule("Pages", min_length=1)  # the e-book's list of the print book's pages
    guide: str = _rule("Guide", min_length=1)  # the e-book's (hidden) landmarks
    foreword: str = _rule("Foreword", min_length=1)  # the heading of a foreword without a title
    contributors: str = _rule("Contributors", min_length=1)
    imprint: str = _rule("Imprint", min_length=1)
    number: str = _rule("No. {number:02d}", min_length=1, check=_formats_number)
    commentaries_one: str = _rule("{count} commentary, {issues}", min_length=1)
    commentaries_many: str = _rule("{count} commentaries, {issues}", min_length=1)
    issue_one: str = _rule("issue {numbers}", min_length=1)
    issue_many: str = _rule("issues {numbers}", min_length=1)
    to: str = _rule("to", min_length=1)  # a run of issues: `No. 10 to No. 12`
    published: str = _rule("Published by {publisher}, {year}.", min_length=1)
    rights: str = _rule("© {year} {publisher}. All rights reserved.", min_length=1)
    # The web edition's own words (`avi site`): an issue page in this language shows them.
    site_skip: str = _rule("Skip to the text", min_length=1)
    site_navigation: str = _rule("Site", min_length=1)
    site_archive: str = _rule("Archive", min_length=1)
    site_search: str = _rule("Search", min_length=1)
    site_search_label: str = _rule("Search the commentaries", min_length=1)
    site_search_noscript: str = _rule("Search runs in the browser with JavaScript; the archive lists every "
                                      "commentary by year, author and keyword.", min_length=1)
    site_found: str = _rule("{count} found", min_length=1)
    site_none: str = _rule("Nothing found", min_length=1)
    site_feed: str = _rule("Atom feed", min_length=1)
    site_pdf: str = _rule("PDF", min_length=1)
    site_epub: str = _rule("The year's EPUB", min_length=1)
    site_cite: str = _rule("Cite this commentary", min_length=1)
    site_keywords: str = _rule("Keywords", min_length=1)
    site_latest: str = _rule("The latest commentaries", min_length=1)
    site_years: str = _rule("Years", min_length=1)
    site_authors: str = _rule("Authors", min_length=1)
    site_not_found: str = _rule("Page not found", min_length=1)
    site_not_found_help: str = _rule("There is no page at this address; the archive lists every "
                                     "commentary.", min_length=1)
    site_home: str = _rule("Home", min_length=1)
    site_table: str = _rule("Table", min_length=1)  # a wide table's scrolling box: `Table 1`

    def numerals(self, text: str) -> str:
        """`text` with its digits in the edition's numerals."""
        return text.translate(KHMER_DIGITS) if self.digits == "khmer" else text

    def label(self, year: int, number: int) -> str:
        """The running issue line, e.g. `ISSUE: 2024, No. 08`."""
        return self.numerals(self.issue_label.format(year=year, number=number))

    def date(self, date: dt.date) -> str:
        """`28 August 2024`, or `១២ មីនា ២០២៥` in a Khmer edition: day without a leading zero."""
        return self.numerals(f"{date.day} {self.months[date.month - 1]} {date.year}")

    def disclaimer(self, authors: int) -> str:
        """The disclaimer in the singular or plural form."""
        return self.disclaimer_one if authors == 1 else self.disclaimer_many

    def issue(self, number: int) -> str:
        """`No. 08` (`លេខ ០៨`)."""
        return self.numerals(self.number.format(number=number))

    def holdings(self, numbers: list[int]) -> str:
        """The issues a book holds: `issues No. 10 to No. 12`, `issue No. 08`, `issues No. 03,
        No. 05 and No. 10 to No. 12` (runs of three or more joined by `to`)."""
        runs: list[list[int]] = []
        for number in sorted(numbers):
            if runs and number == runs[-1][-1] + 1:
                runs[-1].append(number)
            else:
                runs.append([number])
        parts: list[str] = []
        for run in runs:
            if len(run) >= 3:
                parts.append(f"{self.issue(run[0])} {self.to} {self.issue(run[-1])}")
            else:
                parts += [self.issue(n) for n in run]
        joined = parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} {self.conjunction} {parts[-1]}"
        return (self.issue_one if len(numbers) == 1 else self.issue_many).format(numbers=joined)

    def commentaries(self, numbers: list[int]) -> str:
        """`3 commentaries, issues No. 10 to No. 12`: how a book names what it holds."""
        text = self.commentaries_one if len(numbers) == 1 else self.commentaries_many
        return text.format(count=self.numerals(str(len(numbers))), issues=self.holdings(numbers))


@dataclass(frozen=True, kw_only=True)
class Book:
    """A series' print book: its mirrored page margins and what the print shop is told."""

    # top, outer, bottom, inner (mm): the issue's 162 mm measure, with room for the binding.
    margins_mm: tuple[float, float, float, float] = (20.0, 20.0, 24.0, 28.0)
    bleed_mm: float = _rule(3.0, ge=0, le=10)
    caliper_mm: float = _rule(0.1, gt=0, le=1)  # the paper's thickness per sheet (two pages)
    signature: int = _rule(0, ge=0, le=64, multiple_of=4)  # pages per signature (0: none)

    def spine_mm(self, pages: int) -> float:
        """The spine's width for a text block of `pages` pages."""
        return round(-(-pages // 2) * self.caliper_mm, 2)


@dataclass(frozen=True, kw_only=True)
class Series:
    """One publication series: its names, labels, disclaimer and layout."""

    name: str = _rule(min_length=1)
    masthead: str = _rule(min_length=1)
    file_prefix: str = _rule(pattern=r"^[a-z0-9][a-z0-9-]*$")
    issue_label: str = _rule(min_length=1, check=_formats_issue_label)
    disclaimer_one: str = _rule(min_length=1)
    disclaimer_many: str = _rule(min_length=1)
    layout: str = _rule(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    max_pages: int = _rule(4, ge=1, le=100)
    margins_mm: tuple[float, float, float, float] = (20.0, 24.0, 24.0, 24.0)
    issn: str | None = _rule(None, pattern=r"^\d{4}-\d{3}[\dX]$")
    book: Book = field(default_factory=Book)
    # Other languages' running elements, by language (`km`): an issue in that language prints them.
    editions: dict[str, Edition] = field(default_factory=dict)

    def edition(self, lang: str | None = None) -> Edition:
        """The running elements for an issue in `lang` (`km`, `km-KH`): its edition, else English."""
        primary = (lang or "").lower().split("-")[0]
        if primary in self.editions:
            return self.editions[primary]
        return Edition(masthead=self.masthead, issue_label=self.issue_label,
                       disclaimer_one=self.disclaimer_one, disclaimer_many=self.disclaimer_many)

    def label(self, year: int, number: int) -> str:
        """The running issue line, e.g. `ISSUE: 2024, No. 08`."""
        return self.issue_label.format(year=year, number=number)

    def disclaimer(self, authors: int) -> str:
        """The disclaimer in the singular or plural form."""
        return self.disclaimer_one if authors == 1 else self.disclaimer_many


@dataclass(frozen=True, kw_only=True)
class Hyphenation:
    """The house list of hyphenation: `ASEAN` never broken, `in-fra-struc-ture` only as marked."""

    exceptions: tuple[str, ...] = _rule((), check=_exception_words)


@dataclass(frozen=True, kw_only=True)
class Site:
    """The web edition (`avi site`): the address it is published at."""

    base_url: str | None = _rule(None, pattern=r"^https?://[^\s\"'<>\\]+$")


@dataclass(frozen=True, kw_only=True)
class Settings:
    """Everything in `avi.toml`."""

    publisher: Publisher
    series: dict[str, Series]
    hyphenation: Hyphenation = field(default_factory=Hyphenation)
    site: Site = field(default_factory=Site)


@dataclass(frozen=True)
class Project:
    """A project folder: its settings and the folders the toolkit works with."""

    root: Path
    settings: Settings

    @property
    def config_file(self) -> Path:
        """The settings file."""
        return self.root / CONFIG_NAME

    @property
    def layouts(self) -> Path:
        """The folder of house layouts."""
        return self.root / "layouts"

    @property
    def fonts(self) -> Path:
        """The folder of bundled fonts, the only fonts a document may use."""
        return self.root / "fonts"

    @property
    def manuscripts(self) -> Path:
        """The archive of manuscripts."""
        return self.root / "manuscripts"

    @property
    def build(self) -> Path:
        """Where outputs go by default."""
        return self.root / "build"

    def series(self, key: str | None) -> Series:
        """The series named `key`, or the publisher's default series."""
        return self.settings.series[key or self.settings.publisher.default_series]

    def layout_dir(self, series: Series) -> Path:
        """The folder holding one series' templates and CSS."""
        return self.layouts / series.layout


def find_root(start: Path) -> Path | None:
    """The nearest folder at or above `start` that holds `avi.toml`."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    return None


def load_project(start: Path | None = None) -> Project:
    """Find the project from `start` (default: the working folder) and load its settings."""
    root = find_root(start or Path.cwd())
    if root is None:
        raise ConfigError(
            Problem(
                start or Path.cwd(),
                f"no {CONFIG_NAME} here or in any parent folder",
                "run avi inside an avitools project",
            )
        )
    return Project(root=root, settings=load_settings(root / CONFIG_NAME))


def load_settings(path: Path) -> Settings:
    """Read and validate one settings file, reporting every problem at once. A file validated
    before (the same bytes, the same rules) is taken from the user's cache without validating it
    again, which spares a command loading pydantic (0.2 s)."""
    try:
        raw = path.read_bytes()
        data = tomllib.loads(raw.decode("utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(Problem(path, f"cannot be read: {exc}")) from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(Problem(path, f"is not valid TOML: {exc}", "fix the syntax")) from exc
    name = f"settings-{_fingerprint(raw)}.json"
    settings = _recalled(name)
    if settings is None:
        from avitools.settings import validate

        valid = validate(data, path)
        settings = settings_from(valid)
        cache.keep(name, valid)
    if settings.publisher.default_series not in settings.series:
        raise ConfigError(
            Problem(
                path,
                f"publisher.default_series '{settings.publisher.default_series}' "
                "names no [series.*] table",
                "add the series or correct the name",
            )
        )
    return settings


def _fingerprint(raw: bytes) -> str:
    """The settings file's bytes with the rules they were validated by (this module and the
    validating one), hashed."""
    digest = hashlib.sha256(raw)
    here = Path(__file__).parent
    for module in ("config.py", "settings.py"):
        digest.update((here / module).read_bytes())
    return digest.hexdigest()[:32]


def _recalled(name: str) -> Settings | None:
    """The settings kept under `name` in the user's cache; None if there are none, or none that
    make settings (a damaged entry is validated again)."""
    kept = cache.recall(name)
    try:
        return settings_from(kept) if kept is not None else None
    except (KeyError, TypeError, AttributeError):
        return None


def settings_from(data: dict[str, Any]) -> Settings:
    """The settings from validated plain data (JSON's lists for tuples)."""
    def edition(values: dict[str, Any]) -> Edition:
        return Edition(**{**values, "months": tuple(values["months"])})

    def series(values: dict[str, Any]) -> Series:
        book = values["book"]
        return Series(**{**values, "margins_mm": tuple(values["margins_mm"]),
                         "book": Book(**{**book, "margins_mm": tuple(book["margins_mm"])}),
                         "editions": {k: edition(v) for k, v in values["editions"].items()}})

    return Settings(publisher=Publisher(**data["publisher"]),
                    series={key: series(values) for key, values in data["series"].items()},
                    hyphenation=Hyphenation(exceptions=tuple(data["hyphenation"]["exceptions"])),
                    site=Site(**data["site"]))
