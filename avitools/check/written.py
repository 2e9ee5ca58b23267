"""The checks every build runs on the PDF it has just made, before it counts as built.

They are the rules that say whether the publication is faithful and fits: the page limit (P003),
nothing outside the text block but the running elements (P015), the fidelity rule (F001), and the
house rules a layout could break: A4 pages (P002), this issue's running line and page number on
every page (P006, P007, P017), the masthead opening page 1 (P008) and the disclaimer closing the
article (P011). They read the PDF once, with PDFium, so that they cost little next to the layout.
"""

from __future__ import annotations

import re

import pypdfium2

from avitools.check.fidelity import joined, losses
from avitools.check.findings import Finding, finding
from avitools.check.geometry import stray_text_on
from avitools.check.house import A4, House, normal, number_of
from avitools.config import Project
from avitools.model import Article


def check_written(data: bytes, article: Article, project: Project, name: str) -> list[Finding]:
    """The findings of the build's own checks on the PDF `data` made from `article`."""
    house = House(project.series(article.series), article.lang)
    document = pypdfium2.PdfDocument(data)
    found = page_limit(len(document), article, project, name)
    texts: list[str] = []
    try:
        for index in range(len(document)):  # each page and its text are loaded once
            page = document[index]
            textpage = page.get_textpage()
            bottom: list[str] = []
            found += [finding(name, "P015", number, message)
                      for number, message in stray_text_on(index + 1, page, textpage, house, bottom)]
            found += running_elements(index + 1, page, bottom, house, article, name)
            texts.append(textpage.get_text_range())
            textpage.close()
    finally:
        document.close()
    return found + front_and_end(texts, house, article, name) + fidelity(article, joined(texts), name)


def running_elements(number: int, page: pypdfium2.PdfPage, bottom: list[str], house: House,
                     article: Article, name: str) -> list[Finding]:
    """P002 (A4), P006/P007 (this issue's line) and P017 (the page number) on one page, from the
    texts in its bottom margin."""
    out = []
    width, height = page.get_size()
    if abs(width - A4[0]) > 1 or abs(height - A4[1]) > 1:
        out.append(finding(name, "P002", number, f"the page is {width:.0f} x {height:.0f} pt, not A4 "
                           "(595 x 842 pt)"))
    expected = house.edition.label(article.year, article.issue)
    lines = [m[0] for text in bottom if (m := house.issue_line.search(text))]
    if not lines:
        out.append(finding(name, "P006", number, "the running issue line is missing"))
    elif lines[0] != expected:
        out.append(finding(name, "P007", number, f"the issue line '{lines[0]}' is not '{expected}'"))
    rest = [number_of(house.issue_line.sub("", text).strip()) for text in bottom]
    if str(number) not in rest:
        out.append(finding(name, "P017", number, f"the page number {number} is missing"))
    return out


def front_and_end(texts: list[str], house: House, article: Article, name: str) -> list[Finding]:
    """P008 (the masthead opens page 1) and P011 (the disclaimer closes the article, only there)."""
    def bare(text: str) -> str:
        return re.sub(r"\s", "", normal(text))

    out = []
    if not bare(texts[0]).startswith(bare(house.masthead)):
        out.append(finding(name, "P008", 1, f"the masthead '{house.masthead}' does not open page 1"))
    disclaimer = bare(house.edition.disclaimer(len(article.authors)))
    early = [n for n, text in enumerate(texts[:-1], start=1) if disclaimer in bare(text)]
    if early:
        out.append(finding(name, "P011", early[0], "the disclaimer stands before the last page"))
    elif disclaimer not in bare(texts[-1]):
        out.append(finding(name, "P011", len(texts), "the disclaimer is missing from the last page"))
    return out


def page_limit(count: int, article: Article, project: Project, name: str) -> list[Finding]:
    """P003: the issue's pages within its limit (its own `max_pages`, else its series')."""
    series = project.series(article.series)
    limit = article.max_pages or series.max_pages
    if count <= limit:
        return []
    whose = ("this issue's front matter allows" if article.max_pages
             else f"an issue of {series.name} may have")
    return [finding(name, "P003", 0, f"{count} pages, more than the {limit} {whose} (shorten it, or "
                    "give a special issue its own limit with max_pages in its front matter)")]


def fidelity(article: Article, layer: str, name: str) -> list[Finding]:
    """F001 for each manuscript passage the text layer lost or altered, in any script."""
    return [finding(name, "F001", 0, loss.message()) for loss in losses(article, layer)]
