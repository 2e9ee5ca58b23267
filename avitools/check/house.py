"""What the house style looks like in text: patterns derived from a series' settings."""

from __future__ import annotations

import functools
import re
import string
import unicodedata
from dataclasses import dataclass

from avitools.config import LATIN_DIGITS, Edition, Series

A4 = (595.28, 841.89)  # pt
QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2010": "-"})
_STRAIGHT = {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2010": "-"}


def straight(text: str) -> str:
    """`text.translate(QUOTES)`, many times faster on a page of text (str.replace, only where needed)."""
    for typographic, plain in _STRAIGHT.items():
        if typographic in text:
            text = text.replace(typographic, plain)
    return text


def normal(text: str) -> str:
    """Text compared as a reader sees it: NFC, straight quotes, single spaces."""
    text = straight(unicodedata.normalize("NFC", text)).replace("\u200b", "")
    return re.sub(r"\s+", " ", text).strip()


def label_pattern(label: str) -> re.Pattern[str]:
    """A regular expression for a format like `ISSUE: {year}, No. {number:02d}`."""
    out = ""
    for literal, field, _spec, _conv in string.Formatter().parse(label):
        out += re.escape(literal)
        if field is not None:
            out += rf"(?P<{field}>\d+)"
    return re.compile(out)


@dataclass(frozen=True)
class House:
    """The texts and patterns one series prints, in the edition of one language (`km`).

    Each is worked out once per House: the checks ask for them for every run of text of a page."""

    series: Series
    lang: str | None = None

    @functools.cached_property
    def edition(self) -> Edition:
        """The running elements of the language: its edition, else the English ones."""
        return self.series.edition(self.lang)

    @functools.cached_property
    def issue_line(self) -> re.Pattern[str]:
        """The running issue line (its numbers in any numerals: `\\d` matches ២០២៥)."""
        return label_pattern(self.edition.issue_label)

    @functools.cached_property
    def issue_lines(self) -> list[re.Pattern[str]]:
        """The running issue line of every edition of the series (a book holds them all)."""
        return [label_pattern(self.series.issue_label),
                *(label_pattern(e.issue_label) for e in self.series.editions.values())]

    @functools.cached_property
    def masthead(self) -> str:
        """The wordmark of page 1."""
        return self.edition.masthead

    @functools.cached_property
    def dateline(self) -> re.Pattern[str]:
        """`{country} | {day} {Month} {year}`, day without a leading zero, in the edition's words."""
        months = "|".join(map(re.escape, self.edition.months))
        return re.compile(rf"^\S.* \| (?P<day>[1-9១-៩]\d?) (?P<month>{months}) (?P<year>\d{{4}})$")

    @functools.cached_property
    def disclaimers(self) -> tuple[str, str]:
        """The disclaimer for one author and for several, as normal text."""
        return normal(self.edition.disclaimer_one), normal(self.edition.disclaimer_many)


def number_of(text: str) -> str:
    """A printed number in Latin digits (`១២` -> `12`), to compare with a page's number."""
    return text.translate(LATIN_DIGITS)


def base_font(name: str) -> str:
    """`/ABCDEF+Noto-Serif` -> `Noto-Serif`."""
    name = name.lstrip("/")
    return name.split("+", 1)[1] if len(name) > 7 and name[6] == "+" else name
