"""The yearly collection as a print book: front matter, each issue laid out as its own PDF, an index.

Every issue is laid out by the issue renderer with the layout's `book/book.css` on top (running
heads, its place in the page sequence), so the book and the issue PDFs share one layout. The pages
of all parts are then written as one tagged PDF, with page labels that match the printed numbers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from avitools.config import Project
from avitools.model import Article, Authorship, Year, authors_index
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
# The print shop's version: 3 mm bleed, crop marks, and the cover's band running into the bleed.
PRINT_CSS = ("@page { bleed: 3mm; marks: crop; }\n"
             ".cover .band { margin: -3mm -3mm 0 -3mm; height: 97mm; padding-top: 41mm; }\n")
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

    issue: int
    title: str
    authors: str
    page: int
    anchor: str


def issue_anchor(article: Article) -> str:
    """`i08`: the prefix of every id of one issue inside the book."""
    return f"i{article.issue:02d}"


def book_subject(year: Year) -> str:
    """The book's Subject, by which `avi check` knows a book: `AVI Commentary 2024: the 24 …`."""
    return f"{year.series.name} {year.year}: the {len(year.articles)} commentaries of the year"


def css_string(text: str) -> str:
    """`text` as a quoted CSS string."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return f'"{escaped}"'


def make_book(project: Project, year: Year, print_shop: bool = False) -> bytes:
    """The book of `year` as PDF bytes: tagged PDF/UA-1, or the print shop's PDF/X-4 with bleed."""
    wp = weasyprint(project.fonts)
    fonts = font_configuration(project.fonts)
    layout = project.layout_dir(year.series)
    running = f":root {{ string-set: book-title {css_string(f'{year.series.name} {year.year}')}; }}\n"
    shop = PRINT_CSS if print_shop else ""

    def sheets(extra: str) -> list[Any]:
        return layout_stylesheet(project, layout / BOOK_CSS, running + shop + extra)

    blank = _blank(wp, fonts, shop)
    placed: list[Placed] = []
    issue_pages: list[Any] = []
    page = 1
    for article in year.articles:
        label = f"No. {article.issue:02d} — "
        extra = (f"@page :first {{ counter-reset: page {page}; }}\n"
                 f"h1.title {{ bookmark-label: {css_string(label)} content(text); }}\n")
        laid_out = lay_out_article(project, article, sheets(extra), issue_anchor(article))
        pages = _right_hand(list(laid_out.pages), blank)
        placed.append(Placed(article, page, len(laid_out.pages)))
        issue_pages += pages
        page += len(pages)
    index_page = page
    with captured_log() as messages:
        index = wp.HTML(string=template(layout, "book/index.html.j2").render(
            authors=author_index(placed), pages={p.article.issue: p.page for p in placed},
            anchors={p.article.issue: p.anchor for p in placed}), base_url=layout.as_uri() + "/").render(
            font_config=fonts, stylesheets=sheets(f"@page :first {{ counter-reset: page {page}; }}"))
        front = wp.HTML(string=_front_html(project, year, placed, index_page),
                        base_url=layout.as_uri() + "/").render(font_config=fonts, stylesheets=sheets(""))
    if messages:
        from avitools.errors import ConfigError, Problem

        raise ConfigError([Problem(layout / "book", f"renderer: {m.rstrip('.')}", "fix the book layout")
                           for m in dict.fromkeys(messages)])
    front_pages = _right_hand(list(front.pages), blank)
    book = front.copy([*front_pages, *issue_pages, *index.pages])
    _metadata(book, year)
    shop_options = {"pdf_variant": PRINT_VARIANT, "output_intent": PRINT_INTENT} if print_shop else {
        "pdf_variant": pdf_variant("pdf/ua-1")}
    if print_shop:
        book.output_intent = PRINT_INTENT
    fixed = identifier(year.series.file_prefix, year.year, "print" if print_shop else "book")
    describe(book, None, fixed)  # a PDF/X DocumentID of its own, the same in every build
    data: bytes = book.write_pdf(
        **shop_options, uncompressed_pdf=False, pdf_identifier=fixed,
        finisher=_page_labels(len(front_pages)),
    )
    return data


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


def contents(placed: list[Placed]) -> list[ContentsEntry]:
    """The contents lines, in issue order."""
    return [ContentsEntry(p.article.issue, p.article.title, _names(p.article), p.page, p.anchor)
            for p in placed]


def _names(article: Article) -> str:
    names = [a.name for a in article.authors]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _front_html(project: Project, year: Year, placed: list[Placed], index_page: int) -> str:
    series, articles = year.series, year.articles
    return str(template(project.layout_dir(series), "book/front.html.j2").render(
        title=f"{series.name} {year.year}", series=series, publisher=project.settings.publisher,
        year=year.year, count=len(articles), first=f"{articles[0].issue:02d}",
        last=f"{articles[-1].issue:02d}", disclaimer=typographic(series.disclaimer_many),
        rights=f"© {year.year} {project.settings.publisher.name}. All rights reserved.",
        entries=contents(placed), index_page=index_page))


def _metadata(book: Any, year: Year) -> None:
    """The book's document information: its title, every author, the book Subject, fixed dates."""
    metadata = book.metadata
    metadata.title = f"{year.series.name} {year.year}"
    metadata.authors = list(dict.fromkeys(a.name for article in year.articles for a in article.authors))
    metadata.description = book_subject(year)
    metadata.keywords = list(dict.fromkeys(k for a in year.articles for k in a.keywords))
    metadata.generator = "avitools"
    metadata.lang = "en"
    last = max(a.date for a in year.articles)
    stamp = dt.datetime(last.year, last.month, last.day, tzinfo=dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    metadata.created = metadata.modified = stamp


def _page_labels(front: int) -> Any:
    """A WeasyPrint finisher that labels the front matter i, ii … and the rest 1, 2 …"""
    import pydyf

    def finish(_document: Any, pdf: Any) -> None:
        pdf.catalog["PageLabels"] = pydyf.Dictionary({"Nums": pydyf.Array([
            0, pydyf.Dictionary({"S": "/r"}),
            front, pydyf.Dictionary({"S": "/D", "St": 1}),
        ])})

    return finish
