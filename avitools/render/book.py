"""The yearly collection as a print book: front matter, each issue laid out as its own PDF, an index.

Every issue is laid out by the issue renderer with the layout's `book/book.css` on top (running
heads, its place in the page sequence), so the book and the issue PDFs share one layout. The pages
of all parts are then written as one tagged PDF, with page labels that match the printed numbers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from avitools.config import Project, Series
from avitools.model import (
    Article,
    Authorship,
    Year,
    authors_index,
    book_title,
    contributors,
    publisher_of,
    what_it_holds,
)
from avitools.render.engine import (
    captured_log,
    describe,
    font_configuration,
    pdf_variant,
    weasyprint,
)
from avitools.render.pdf import identifier, lay_out_article, layout_stylesheet
from avitools.render.templates import template
from avitools.text import typographic

BOOK_CSS = "book/book.css"
COVER_TEMPLATE = "book/cover.html.j2"
# Crop marks stand in a slug this far outside the trim: WeasyPrint draws them in the outer half of
# its CSS bleed, so they begin 6 mm out, clear of the real bleed (the PDF's BleedBox).
SLUG_MM = 12.0
MM = 72 / 25.4
SPINE_TITLE_MM = 6.0  # a spine this wide or wider carries the series, year and publisher
# PDF/X needs an output intent; WeasyPrint bundles sRGB (IEC 61966-2-1), the colours the layout uses.
PRINT_INTENT = "srgb"
PRINT_VARIANT = "pdf/x-4"


@dataclass(frozen=True)
class Placed:
    """An issue in the book: where it starts (its printed page number) and how many pages it has."""

    article: Article
    page: int
    pages: int

    @property
    def anchor(self) -> str:
        """The id of the issue's first page, which the contents and the index link to."""
        return issue_anchor(self.article)


@dataclass(frozen=True)
class ContentsEntry:
    """A line of the contents: `No. 08 — Title — Author`, and the page the issue starts on."""

    number: str  # `No. 08`
    title: str
    authors: str
    page: str  # in the book's numerals
    anchor: str
    date: str


def issue_anchor(article: Article) -> str:
    """`i08`: the prefix of every id of one issue inside the book."""
    return f"i{article.issue:02d}"


def book_subject(year: Year) -> str:
    """The book's Subject, by which `avi check` knows a book:
    `AVI Commentary 2024: 3 commentaries, issues No. 10 to No. 12`."""
    numbers = [a.issue for a in year.articles]
    return f"{year.series.name} {year.year}: {year.series.edition(None).commentaries(numbers)}"


def margins_css(series: Series) -> str:
    """The book's mirrored margins: inner (binding) and outer swap between left and right pages."""
    top, outer, bottom, inner = series.book.margins_mm
    return (f"@page :left {{ margin: {top}mm {inner}mm {bottom}mm {outer}mm; }}\n"
            f"@page :right {{ margin: {top}mm {outer}mm {bottom}mm {inner}mm; }}\n")


def print_css() -> str:
    """The print shop's text block: crop marks in a slug outside the bleed."""
    return f"@page {{ bleed: {SLUG_MM}mm; marks: crop; }}\n"


def css_string(text: str) -> str:
    """`text` as a quoted CSS string."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return f'"{escaped}"'


def make_book(project: Project, year: Year, print_shop: bool = False) -> bytes:
    """The book of `year` as PDF bytes: tagged PDF/UA-1 opening with its cover, or the print shop's
    PDF/X-4 text block (from the title page, crop marks in a slug outside the bleed)."""
    wp = weasyprint(project.fonts)
    fonts = font_configuration(project.fonts)
    layout = project.layout_dir(year.series)
    running = (f":root {{ string-set: book-title {css_string(book_title(year))}; }}\n"
               f".contents ol {{ string-set: section-title {css_string(year.edition.contents)}; }}\n"
               f".foreword h1 + * {{ string-set: section-title {css_string(year.edition.foreword)}; }}\n"
               + margins_css(year.series))
    if year.edition.digits == "khmer":  # the book's own folios in the edition's numerals
        running += "".join(f"@page {name}:{side} {{ @bottom-{side} {{ content: counter(page, khmer); }} }}\n"
                           for name in ("front", "matter") for side in ("left", "right"))
    shop = print_css() if print_shop else ""

    def sheets(extra: str) -> list[Any]:
        return layout_stylesheet(project, layout / BOOK_CSS, running + shop + extra)

    blank = _blank(wp, fonts, shop)
    placed, issue_pages = _lay_out_issues(project, year, sheets, blank)
    page = placed[-1].page + len(_right_hand([None] * placed[-1].pages, blank)) if placed else 1
    with captured_log() as messages:
        edition = year.edition
        contributors_page = page
        contributed_pages = _right_hand(_contributors(project, year, sheets, page), blank)
        page += len(contributed_pages)
        index_page = page
        index = wp.HTML(string=template(layout, "book/index.html.j2").render(
            authors=author_index(placed), lang=year.lang, heading=edition.index,
            numbers={p.article.issue: edition.issue(p.article.issue) for p in placed},
            pages={p.article.issue: edition.numerals(str(p.page)) for p in placed},
            anchors={p.article.issue: p.anchor for p in placed}), base_url=layout.as_uri() + "/").render(
            font_config=fonts, stylesheets=sheets(f"@page :first {{ counter-reset: page {page}; }}"))
        front = wp.HTML(string=_front_html(project, year, placed, index_page, contributors_page),
                        base_url=layout.as_uri() + "/").render(font_config=fonts, stylesheets=sheets(""))
        if year.foreword is not None:  # the contents give the page the foreword fell on
            at = next(n for n, p in enumerate(front.pages, start=1) if "foreword" in p.anchors)
            front = wp.HTML(string=_front_html(project, year, placed, index_page, contributors_page, at),
                            base_url=layout.as_uri() + "/").render(font_config=fonts, stylesheets=sheets(""))
        # The reading edition opens with its cover; the print shop's cover is a file of its own.
        cover = [] if print_shop else list(wp.HTML(
            string=_cover_html(project, year, 0.0, "reading"), base_url=layout.as_uri() + "/").render(
            font_config=fonts).pages)
    if messages:
        from avitools.errors import ConfigError, Problem

        raise ConfigError([Problem(layout / "book", f"renderer: {m.rstrip('.')}", "fix the book layout")
                           for m in dict.fromkeys(messages)])
    covers = _right_hand(cover, blank)
    front_pages = _right_hand(list(front.pages), blank)
    pages = [*covers, *front_pages, *issue_pages, *contributed_pages, *index.pages]
    pages += [blank] * (-len(pages) % (year.series.book.signature or 2))  # whole sheets, signatures
    book = front.copy(pages)
    _metadata(book, year)
    shop_options = {"pdf_variant": PRINT_VARIANT, "output_intent": PRINT_INTENT} if print_shop else {
        "pdf_variant": pdf_variant("pdf/ua-1")}
    if print_shop:
        book.output_intent = PRINT_INTENT
    fixed = identifier(year.series.file_prefix, year.year, "print" if print_shop else "book")
    describe(book, None, fixed)  # a PDF/X DocumentID of its own, the same in every build
    data: bytes = book.write_pdf(
        **shop_options, uncompressed_pdf=False, pdf_identifier=fixed,
        finisher=_finisher(len(covers), len(front_pages),
                           year.series.book.bleed_mm if print_shop else None,
                           roman=year.edition.digits != "khmer"),
    )
    return data


def _lay_out_issues(project: Project, year: Year, sheets: Callable[[str], list[Any]], blank: Any
                    ) -> tuple[list[Placed], list[Any]]:
    """Every issue laid out with the book's stylesheets, each from a right-hand page, numbered
    from 1: where each starts and the pages (blank pages included)."""
    placed: list[Placed] = []
    issue_pages: list[Any] = []
    page = 1
    for article in year.articles:
        label = f"{year.edition.issue(article.issue)} — "
        extra = (f"@page :first {{ counter-reset: page {page}; }}\n"
                 f"h1.title {{ bookmark-label: {css_string(label)} content(text); }}\n")
        if year.series.edition(article.lang).digits == "khmer":  # its folios as its own PDF has them
            extra += ("@page :left { @bottom-left { content: counter(page, khmer); } }\n"
                      "@page :right { @bottom-right { content: counter(page, khmer); } }\n")
        laid_out = lay_out_article(project, article, sheets(extra), issue_anchor(article))
        placed.append(Placed(article, page, len(laid_out.pages)))
        pages = _right_hand(list(laid_out.pages), blank)
        issue_pages += pages
        page += len(pages)
    return placed, issue_pages


def _contributors(project: Project, year: Year, sheets: Callable[[str], list[Any]], page: int
                  ) -> list[Any]:
    """The pages of the list of contributors, numbered from `page`."""
    wp = weasyprint(project.fonts)
    layout = project.layout_dir(year.series)
    html = template(layout, "book/contributors.html.j2").render(
        people=contributors(year.articles), lang=year.lang, heading=year.edition.contributors)
    return list(wp.HTML(string=html, base_url=layout.as_uri() + "/").render(
        font_config=font_configuration(project.fonts),
        stylesheets=sheets(f"@page :first {{ counter-reset: page {page}; }}")).pages)


@dataclass(frozen=True)
class PrintPages:
    """Where the print book's pages start, for the e-book's page list: per issue, each printed
    page's number (as printed) and the id of the first block that starts on it (None: none does,
    the page continues a block); the first page of the contributors and of the index."""

    issues: dict[int, list[tuple[str, str | None]]]
    contributors: str
    index: str


def print_pages(project: Project, year: Year) -> PrintPages:
    """The print book's pages, laid out as `avi anthology --format pdf` lays them out."""
    wp = weasyprint(project.fonts)
    fonts = font_configuration(project.fonts)
    layout = project.layout_dir(year.series)
    running = (f":root {{ string-set: book-title {css_string(book_title(year))}; }}\n"
               + margins_css(year.series))

    def sheets(extra: str) -> list[Any]:
        return layout_stylesheet(project, layout / BOOK_CSS, running + extra)

    placed, issue_pages = _lay_out_issues(project, year, sheets, _blank(wp, fonts, ""))
    issues: dict[int, list[tuple[str, str | None]]] = {}
    seen: set[str] = set()  # a block split over a page turn names its anchor on both pages
    at = 0
    for part in placed:
        numerals = year.series.edition(part.article.lang).numerals
        prefix = f"{issue_anchor(part.article)}-"
        starts: list[tuple[str, str | None]] = []
        for n, page in enumerate(issue_pages[at:at + part.pages]):
            names = [name for name in page.anchors if name.startswith(prefix)
                     and not name.startswith(f"{prefix}fn") and name not in seen]
            seen.update(page.anchors)
            starts.append((numerals(str(part.page + n)), names[0] if names else None))
        issues[part.article.issue] = starts
        at += len(_right_hand([None] * part.pages, None))
    last = placed[-1]
    people = last.page + len(_right_hand([None] * last.pages, None))
    index = people + len(_right_hand(_contributors(project, year, sheets, people), None))
    return PrintPages(issues, year.edition.numerals(str(people)), year.edition.numerals(str(index)))


def make_cover(project: Project, year: Year, pages: int) -> bytes:
    """The print shop's cover of a text block of `pages` pages, one PDF/X-4 page: back, spine and
    front side by side, the spine as wide as the leaves are thick, bleed and crop marks around."""
    wp = weasyprint(project.fonts)
    fonts = font_configuration(project.fonts)
    layout = project.layout_dir(year.series)
    spine = year.series.book.spine_mm(pages)
    with captured_log() as messages:
        document = wp.HTML(string=_cover_html(project, year, spine, "print"),
                           base_url=layout.as_uri() + "/").render(
            font_config=fonts, stylesheets=[wp.CSS(string=print_css(), font_config=fonts)])
    if messages:
        from avitools.errors import ConfigError, Problem

        raise ConfigError([Problem(layout / COVER_TEMPLATE, f"renderer: {m.rstrip('.')}",
                                   "fix the cover layout") for m in dict.fromkeys(messages)])
    _metadata(document, year)
    document.metadata.title = f"{year.series.name} {year.year}: cover"
    document.output_intent = PRINT_INTENT
    fixed = identifier(year.series.file_prefix, year.year, "cover")
    describe(document, None, fixed)
    data: bytes = document.write_pdf(
        pdf_variant=PRINT_VARIANT, output_intent=PRINT_INTENT, uncompressed_pdf=False,
        pdf_identifier=fixed, finisher=_finisher(0, 0, year.series.book.bleed_mm, labels=False))
    return data


def _cover_html(project: Project, year: Year, spine: float, edition: str) -> str:
    """The cover's HTML: the front alone (`reading`), or back, spine and front (`print`)."""
    series = year.series
    publisher, _place = publisher_of(project.settings.publisher, year)
    return str(template(project.layout_dir(series), COVER_TEMPLATE).render(
        edition=edition, series=series, name=year.edition.name or series.name,
        year=year.edition.numerals(str(year.year)), publisher=publisher, lang=year.lang,
        holds=what_it_holds(year), spine=spine, bleed=series.book.bleed_mm,
        spine_title=spine >= SPINE_TITLE_MM, titles=[a.title for a in year.articles]))


def _right_hand(pages: list[Any], blank: Any) -> list[Any]:
    """The pages of a part, and a blank page after them when they end on a right-hand page."""
    return [*pages, blank] if len(pages) % 2 else pages


def _blank(wp: Any, fonts: Any, shop: str) -> Any:
    """One blank A4 page: no running head, no number, nothing."""
    document = wp.HTML(string='<html lang="en"><body></body></html>').render(
        font_config=fonts, stylesheets=[wp.CSS(string=f"@page {{ size: A4 portrait; }} {shop}",
                                               font_config=fonts)])
    return document.pages[0]


def author_index(placed: list[Placed]) -> list[Authorship]:
    """Every author of the year with their issues, filed by sort name."""
    return authors_index([p.article for p in placed])


def contents(placed: list[Placed], year: Year) -> list[ContentsEntry]:
    """The contents lines, in issue order, in the book's language: each issue's number, title,
    authors and date, and the page it starts on."""
    edition = year.edition
    return [ContentsEntry(edition.issue(p.article.issue), p.article.title,
                          _names(p.article, edition.conjunction), edition.numerals(str(p.page)),
                          p.anchor, edition.date(p.article.date))
            for p in placed]


def _names(article: Article, conjunction: str) -> str:
    names = [a.name for a in article.authors]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} {conjunction} {names[-1]}"


def _front_html(project: Project, year: Year, placed: list[Placed], index_page: int,
                contributors_page: int, foreword_page: int = 0) -> str:
    series, edition = year.series, year.edition
    foreword = None
    if year.foreword is not None:  # its body set as the issues' bodies are, without their rules
        from markupsafe import Markup

        from avitools.render.body import PrintBody

        foreword = {"heading": year.foreword.title or edition.foreword, "by": year.foreword.by,
                    "html": Markup(PrintBody(year.foreword.body, "foreword-").html()),
                    "page": edition.numerals(str(foreword_page)) if edition.digits == "khmer"
                    else _roman(foreword_page)}
    publisher, place = publisher_of(project.settings.publisher, year)
    numbered = edition.numerals(str(year.year))
    return str(template(project.layout_dir(series), "book/front.html.j2").render(
        title=book_title(year), series=series, edition=edition, lang=year.lang, year=numbered,
        publisher=publisher, place=place, holds=what_it_holds(year),
        published=edition.published.format(publisher=f"{publisher}, {place}" if place else publisher,
                                           year=numbered) if publisher else "",
        disclaimer=typographic(edition.disclaimer_many),
        rights=edition.rights.format(year=numbered, publisher=publisher) if publisher else "",
        entries=contents(placed, year), index_page=edition.numerals(str(index_page)),
        contributors_page=edition.numerals(str(contributors_page)), foreword=foreword))


def _roman(number: int) -> str:
    """`number` in lower-case roman numerals, as the front matter's folios print it."""
    out = ""
    for value, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                           (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        count, number = divmod(number, value)
        out += letters * count
    return out


def _metadata(book: Any, year: Year) -> None:
    """The book's document information: its title, every author, the book Subject, fixed dates."""
    metadata = book.metadata
    metadata.title = book_title(year)
    metadata.authors = list(dict.fromkeys(a.name for article in year.articles for a in article.authors))
    metadata.description = book_subject(year)
    metadata.keywords = list(dict.fromkeys(k for a in year.articles for k in a.keywords))
    metadata.generator = "avitools"
    metadata.lang = year.lang
    last = max(a.date for a in year.articles)
    stamp = dt.datetime(last.year, last.month, last.day, tzinfo=dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    metadata.created = metadata.modified = stamp


def _finisher(covers: int, front: int, bleed_mm: float | None, labels: bool = True,
              roman: bool = True) -> Any:
    """A WeasyPrint finisher: page labels (`Cover`, then i, ii … for the front matter, or 1, 2 …
    where the book prints its numbers in Khmer, then 1, 2 …)
    and, for the print shop, each page's BleedBox `bleed_mm` outside its TrimBox (WeasyPrint puts
    it at the edge of the slug)."""
    import pydyf

    def finish(_document: Any, pdf: Any) -> None:
        if labels:
            nums: list[Any] = []
            for index in range(covers):
                nums += [index, pydyf.Dictionary({"P": pydyf.String("Cover" if index == 0
                                                                     else "Inside cover")})]
            nums += [covers, pydyf.Dictionary({"S": "/r" if roman else "/D"}),
                     covers + front, pydyf.Dictionary({"S": "/D", "St": 1})]
            pdf.catalog["PageLabels"] = pydyf.Dictionary({"Nums": pydyf.Array(nums)})
        if bleed_mm is None:
            return
        bleed = bleed_mm * MM
        for number in pdf.pages["Kids"][::3]:
            page = pdf.objects[number]
            x0, y0, x1, y1 = (float(v) for v in page["TrimBox"])
            page["BleedBox"] = pydyf.Array([min(x0, x1) - bleed, min(y0, y1) - bleed,
                                            max(x0, x1) + bleed, max(y0, y1) + bleed])

    return finish
