"""The rules of a yearly print book, read with PDFium: its parts, contents, index and page numbers.

A book is a PDF whose Subject reads `AVI Commentary 2024: 24 commentaries, issues No. 01 to No. 24`
(earlier books: `AVI Commentary 2024: the 24 commentaries of the year`). Its
issue sections are the runs of pages that carry one running issue line. The same rules run inside
`avi anthology --format pdf` on the bytes it made and in `avi check` on a file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pypdfium2

from avitools.check.fidelity import joined
from avitools.check.findings import Finding, finding
from avitools.check.geometry import MM, TOLERANCE
from avitools.check.house import House, normal, number_of
from avitools.config import Project, Series
from avitools.model import Article, Year, collation_keys, index_heading, sort_name

# `AVI Commentary 2024: 3 commentaries, issues No. 10 to No. 12`, and the words of earlier books
# (`AVI Commentary 2024: the 3 commentaries of the year`).
_SUBJECT = re.compile(r"^(?P<series>.+) (?P<year>\d{4}): (?:the (?P<count>\d+) commentaries of the year|"
                      r"\d+ commentar(?:y|ies), issues? No\. .+)$")
_EARLIER = re.compile(r"^.+ \d{4}: the \d+ commentaries of the year$")
COVER_LABELS = ("Cover", "Inside cover")
_DATE = re.compile(r"\s*\([^()]*\)$")  # a contents line's date, after its authors


@dataclass(frozen=True)
class Words:
    """What a book prints in its language, as the rules read it (`\\d` matches Khmer digits)."""

    contents: str
    index: str
    foreword: str  # the heads of the optional parts: the foreword, the list of contributors
    contributors: str
    title: str  # the running head of left-hand pages: `AVI Commentary 2024`
    entry: re.Pattern[str]  # a line of the contents
    index_entry: re.Pattern[str]  # a line of the index
    conjunction: str  # between a contents line's last two authors


def words(series: Series, year: int, lang: str | None = None) -> Words:
    """The words of a book of `series` and `year` in `lang` (None: the series' own)."""
    edition = series.edition(lang)
    number = re.escape(edition.number).replace(re.escape("{number:02d}"), r"\d{2,}")
    issue = number.replace(r"\d{2,}", r"(?P<issue>\d{2,})", 1)
    index = normal(edition.index)
    ends = "|".join(re.escape(normal(t)) for t in (edition.index, edition.contributors))
    return Words(
        normal(edition.contents), index, normal(edition.foreword), normal(edition.contributors),
        normal(f"{edition.name or series.name} {edition.numerals(str(year))}"),
        re.compile(issue + r" — (?P<text>.*?)\s*(?P<page>\d+)\s*(?=" + number + " —|"
                   + ends + r"|$)", re.S),
        re.compile(r"(?P<name>\S.*?) \((?P<issues>" + number + "(?:, " + number + r")*)\)[\s.]*"
                   r"(?P<pages>\d+(?:\s*,\s*\d+)*)"), edition.conjunction)
_ROMAN = re.compile(r"^[ivxlcdm]+$")


@dataclass
class BookPage:
    """One page of a book as the rules see it."""

    index: int  # 0-based; the physical page number is index + 1
    label: str
    text: str
    top: list[str] = field(default_factory=list)  # text in the top margin (running heads)
    bottom: list[str] = field(default_factory=list)  # text in the bottom margin
    stray: list[str] = field(default_factory=list)  # text in a side margin or off the page
    issue: int | None = None  # the issue whose running line the page carries
    cover: bool = False  # the cover or its back: a design of its own, edge to edge
    lang: str | None = None  # the language of the edition whose running line it is (None: English)

    @property
    def number(self) -> int:
        """The physical page number, counted from 1."""
        return self.index + 1


@dataclass
class Section:
    """The pages of one issue inside the book."""

    issue: int
    pages: list[BookPage]

    @property
    def lang(self) -> str | None:
        """The language of the issue's edition (None: English)."""
        return self.pages[0].lang

    @property
    def first(self) -> BookPage:
        """The issue's first page."""
        return self.pages[0]


def book_series(subject: str, project: Project) -> tuple[Series, int] | None:
    """The series and year of a book's Subject, or None when the PDF is not a book."""
    match = _SUBJECT.match(normal(subject))
    if match is None:
        return None
    for series in project.settings.series.values():
        if series.name == match["series"]:
            return series, int(match["year"])
    return None


def read_book(data: bytes, series: Series) -> list[BookPage]:
    """The pages of a book: their labels, text and what lies in their margins."""
    editions = [(lang, House(series, lang).issue_line) for lang in [None, *series.editions]]
    document = pypdfium2.PdfDocument(data)
    # Books before mirrored margins (their Subject says `the 3 commentaries of the year`) have the
    # issue's margins on both sides, and their cover as page 1.
    earlier = _EARLIER.match(normal(document.get_metadata_dict().get("Subject", ""))) is not None
    pages: list[BookPage] = []
    try:
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            width, height = page.get_size()
            if earlier:
                top_mm, right_mm, bottom_mm, left_mm = series.margins_mm
            else:  # a right-hand page (even index) has its inner margin on the left
                top_mm, outer, bottom_mm, inner = series.book.margins_mm
                left_mm, right_mm = (inner, outer) if index % 2 == 0 else (outer, inner)
            # The trim box when the page has bleed: margins count from the edge of the cut page.
            left0, bottom0, right0, top0 = page.get_trimbox()
            block = (left0 + left_mm * MM, bottom0 + bottom_mm * MM, right0 - right_mm * MM,
                     top0 - top_mm * MM)
            # PDFium reads the labels in a few milliseconds (pypdf took most of a second for 100
            # pages); a page outside every labelled range is numbered as a reader shows it.
            label = document.get_page_label(index) or str(index + 1)
            entry = BookPage(index, label, textpage.get_text_range(),
                             cover=label in COVER_LABELS or (earlier and index == 0))
            for i in range(textpage.count_rects()):
                rect = textpage.get_rect(i)
                words = normal(textpage.get_text_bounded(*rect))
                if not words:
                    continue
                left, bottom, right, top = rect
                if left < -TOLERANCE or bottom < -TOLERANCE or right > width + TOLERANCE or \
                        top > height + TOLERANCE or left < block[0] - TOLERANCE or \
                        right > block[2] + TOLERANCE:
                    entry.stray.append(words)
                elif top > block[3] + TOLERANCE:
                    entry.top.append(words)
                elif bottom < block[1] - TOLERANCE:
                    entry.bottom.append(words)
            lines = [(lang, m) for text in entry.bottom for lang, line in editions
                     if (m := line.search(text))]
            if lines:
                entry.lang = lines[0][0]
                entry.issue = int(lines[0][1]["number"])  # int() reads Khmer numerals too
            textpage.close()
            pages.append(entry)
    finally:
        document.close()
    return pages


def sections(pages: list[BookPage]) -> list[Section]:
    """The runs of pages that carry one issue's running line (a blank page ends none)."""
    found: list[Section] = []
    for page in pages:
        if page.issue is None:
            continue
        if found and found[-1].issue == page.issue and found[-1].pages[-1].index >= page.index - 1:
            found[-1].pages.append(page)
        else:
            found.append(Section(page.issue, [page]))
    return found


def check_book(name: str, pages: list[BookPage], series: Series, year: int,
               articles: list[Article] | None = None, lang: str | None = None) -> list[Finding]:
    """The book rules B001–B006, P015 per page, and with `articles` F001 per issue section; the
    book's own texts read in `lang` (its /Lang)."""
    parts = sections(pages)
    said = words(series, year, lang)
    found: list[Finding] = []
    found += _repeated(name, parts)
    found += _contents(name, pages, parts, said)
    found += _right_hand(name, pages, parts, said)
    found += _index(name, pages, parts, articles, said)
    found += _blank_pages(name, pages)
    found += _page_numbers(name, pages, House(series))
    found += _margins(name, pages, parts, series, said)
    if articles is not None:
        found += issues_present(name, parts, articles)
    return found


def _repeated(name: str, parts: list[Section]) -> list[Finding]:
    seen: set[int] = set()
    out = []
    for part in parts:
        if part.issue in seen:
            out.append(finding(name, "B004", part.first.number, f"issue No. {part.issue:02d} is "
                               "interrupted: its pages are not together"))
        seen.add(part.issue)
    return out


def _part(pages: list[BookPage], heading: str, said: Words) -> list[BookPage]:
    """The pages of the contents or the index: from the page that opens with `heading` to the next
    issue, blank page or part."""
    out: list[BookPage] = []
    for page in pages:
        text = body_text(page)
        opens = not out and text.startswith(heading)
        goes_on = out and text and not text.startswith((said.contents, said.index, said.foreword,
                                                        said.contributors))
        if page.issue is None and (opens or goes_on):
            out.append(page)
        elif out:
            break
    return out


def body_text(page: BookPage) -> str:
    """The page's text without its running heads and page number."""
    text = normal(page.text)
    for running in page.top:  # the first of its kind on the page
        text = text.replace(running, "", 1)
    for running in page.bottom:  # the last: a folio `៣` may also be a contents line's number
        at = text.rfind(running)
        if at >= 0:
            text = text[:at] + text[at + len(running):]
    return normal(text)


def contents_entries(pages: list[BookPage], said: Words) -> list[tuple[int, str, str]]:
    """(issue, `Title — Authors`, printed page in Latin digits) for each line of the contents."""
    text = " ".join(body_text(p) for p in _part(pages, said.contents, said))
    return [(int(m["issue"]), _DATE.sub("", normal(m["text"])), number_of(m["page"]))
            for m in said.entry.finditer(text)]


def _contents(name: str, pages: list[BookPage], parts: list[Section], said: Words) -> list[Finding]:
    where = _part(pages, said.contents, said)
    if not where:
        return [finding(name, "B001", 0, "the book has no contents")]
    entries = contents_entries(pages, said)
    out = []
    starts = {part.issue: part for part in parts}
    for issue, text, printed in entries:
        part = starts.get(issue)
        if part is None:
            out.append(finding(name, "B001", where[0].number, f"the contents list No. {issue:02d}, "
                               "which the book does not hold"))
            continue
        if part.first.label != printed:
            out.append(finding(name, "B001", where[0].number, f"the contents give page {printed} for "
                               f"No. {issue:02d}, which starts on page {part.first.label}"))
        title = text.rsplit(" — ", 1)[0]
        if re.sub(r"\s", "", title) not in re.sub(r"\s", "", normal(part.first.text)):
            out.append(finding(name, "B001", where[0].number, f"the contents title '{title[:60]}' of "
                               f"No. {issue:02d} is not the title on page {part.first.label}"))
    listed = {e[0] for e in entries}
    out += [finding(name, "B001", where[0].number, f"No. {p.issue:02d} is missing from the contents")
            for p in parts if p.issue not in listed]
    return out


def _right_hand(name: str, pages: list[BookPage], parts: list[Section], said: Words) -> list[Finding]:
    out = [finding(name, "B002", part.first.number, f"No. {part.issue:02d} starts on a left-hand page")
           for part in parts if part.first.index % 2]
    index = _part(pages, said.index, said)
    if index and index[0].index % 2:
        out.append(finding(name, "B002", index[0].number, "the index starts on a left-hand page"))
    return out


def _authors(part: Section, articles: dict[int, Article], contents: dict[int, str],
             conjunction: str) -> list[str]:
    """An issue's authors: from its manuscript, else from its contents line."""
    if part.issue in articles:
        return [normal(index_heading(a.name, a.sort_name)) for a in articles[part.issue].authors]
    names = contents.get(part.issue, "").rsplit(" — ", 1)
    if len(names) < 2:
        return []
    return [normal(index_heading(n.strip(), sort_name(n.strip())))
            for n in re.split(f", | {re.escape(conjunction)} ", names[1]) if n.strip()]


def _index(name: str, pages: list[BookPage], parts: list[Section],
           articles: list[Article] | None, said: Words) -> list[Finding]:
    where = _part(pages, said.index, said)
    if not where:
        return [finding(name, "B003", 0, "the book has no index of authors")]
    text = " ".join(body_text(p) for p in where)[len(said.index):]
    listed: dict[str, list[tuple[int, str]]] = {}
    for match in said.index_entry.finditer(text):
        issues = [int(n) for n in re.findall(r"\d+", match["issues"])]
        numbers = [number_of(n.strip()) for n in match["pages"].split(",")]
        listed[normal(match["name"])] = list(zip(issues, numbers, strict=False))
    # A name may wrap in the contents (a Khmer name between its syllables): compared without spaces.
    by_letters = {re.sub(r"\s", "", n): works for n, works in listed.items()}
    by_issue = {a.issue: a for a in articles or []}
    contents = {issue: text for issue, text, _page in contents_entries(pages, said)}
    out = []
    for part in parts:
        for author in _authors(part, by_issue, contents, said.conjunction):
            works = by_letters.get(re.sub(r"\s", "", author))
            if works is None:
                out.append(finding(name, "B003", where[0].number, f"the index does not list {author} "
                                   f"(No. {part.issue:02d})"))
            elif (part.issue, part.first.label) not in works:
                out.append(finding(name, "B003", where[0].number, f"the index does not give {author} "
                                   f"No. {part.issue:02d} on page {part.first.label}"))
    filed = {normal(index_heading(a.name, a.sort_name)): a.sort_name
             for article in articles or [] for a in article.authors}
    sorts = [filed.get(n) or sort_name(n) for n in listed]
    known = collation_keys(sorts)
    keys = [known[s] for s in sorts]
    if keys != sorted(keys):
        out.append(finding(name, "B003", where[0].number, "the index is not in the order of the "
                           "authors' sort names"))
    return out


def _blank_pages(name: str, pages: list[BookPage]) -> list[Finding]:
    out = []
    for page in pages:
        body = normal(page.text)
        running = " ".join(page.top + page.bottom)
        if body and normal(running) == body:
            out.append(finding(name, "B005", page.number, f"a page with nothing on it but '{body[:50]}' "
                               "(a blank page carries nothing)"))
    return out


def _without_issue_line(text: str, house: House) -> str:
    """A bottom-margin text less the running issue line of any edition."""
    for line in house.issue_lines:
        text = line.sub("", text)
    return text.strip()


def _page_numbers(name: str, pages: list[BookPage], house: House) -> list[Finding]:
    out = []
    for page in pages:
        printed = [number_of(t) for t in page.bottom if t.isdigit() or _ROMAN.match(t)]
        printed += [number_of(m[0]) for t in page.bottom
                    for m in [re.search(r"(\d+)$", _without_issue_line(t, house))] if m]
        if printed and printed[0] != page.label:
            out.append(finding(name, "B006", page.number, f"the printed page number {printed[0]} "
                               f"is not the page's label {page.label}"))
        if page.issue is not None and not printed:
            out.append(finding(name, "P017", page.number, f"the page number {page.label} is missing"))
    return out


def _margins(name: str, pages: list[BookPage], parts: list[Section], series: Series,
             said: Words) -> list[Finding]:
    """P015 in a book: the running heads (series and year, the part's title) may stand on top."""
    titles = {page.index: normal(part.first.text) for part in parts for page in part.pages}
    house = House(series)
    out = []
    for page in (p for p in pages if not p.cover):
        for text in page.stray:
            out.append(finding(name, "P015", page.number, f"text '{text[:50]}' lies in a side "
                               "margin or off the page"))
        heads = (said.title, said.contents, said.index, said.foreword, said.contributors)
        whole = normal(" ".join(page.top)) in heads  # a head PDFium reads as runs (Khmer, Latin)
        for text in page.top:
            opener = titles.get(page.index, "")
            running = whole or text in heads
            if not running and (not opener or text.replace(" ", "") not in opener.replace(" ", "")):
                out.append(finding(name, "P015", page.number, f"text '{text[:50]}' lies in the "
                                   "top margin"))
        for text in page.bottom:
            rest = _without_issue_line(text, house)
            if rest and number_of(rest) != page.label:
                out.append(finding(name, "P015", page.number, f"text '{text[:50]}' lies in the "
                                   "bottom margin"))
    return out


def issues_present(name: str, parts: list[Section], articles: list[Article]) -> list[Finding]:
    """F001 per issue section: the section's text layer gives back its manuscript."""
    from avitools.check.written import fidelity

    out = []
    held = {part.issue: part for part in parts}
    for article in articles:
        part = held.get(article.issue)
        if part is None:
            out.append(finding(name, "B004", 0, f"No. {article.issue:02d} '{article.title}' is not in "
                               "the book"))
            continue
        for found in fidelity(article, joined([p.text for p in part.pages]), name):
            out.append(finding(name, found.code, part.first.number,
                               f"No. {article.issue:02d}: {found.message}"))
    return out


def book_findings(data: bytes, year: Year, name: str) -> list[Finding]:
    """Every book rule on a book just made from `year`'s manuscripts (what the build runs)."""
    return check_book(name, read_book(data, year.series), year.series, year.year, year.articles,
                      year.lang)

