"""The checks every build runs on the PDF it has just made, before it counts as built.

They are the rules that say whether the publication is faithful and fits: the page limit (P003),
nothing outside the text block but the running elements (P015) and the fidelity rule (F001). They
read the PDF once, with PDFium, so that they cost little next to the layout.
"""

from __future__ import annotations

import pypdfium2

from avitools.check.fidelity import joined, losses
from avitools.check.findings import Finding, finding
from avitools.check.geometry import stray_text_on
from avitools.check.house import House
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
            found += [finding(name, "P015", number, message)
                      for number, message in stray_text_on(index + 1, page, textpage, house)]
            texts.append(textpage.get_text_range())
            textpage.close()
    finally:
        document.close()
    return found + fidelity(article, joined(texts), name)


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
