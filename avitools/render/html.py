"""Article + layout templates -> the HTML documents WeasyPrint renders."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from avitools.config import Project
from avitools.model import Article, note_mark
from avitools.render.body import PrintBody
from avitools.render.hyphenate import HouseRules
from avitools.render.templates import template
from avitools.text import typographic

TEMPLATE = "article.html.j2"


def subject(project: Project, article: Article) -> str:
    """The PDF Subject: the series and the issue line as printed, e.g. `AVI Commentary, ISSUE: 2024,
    No. 08` (in a Khmer issue, its Khmer issue line)."""
    series = project.series(article.series)
    return f"{series.name}, {series.edition(article.lang).label(article.year, article.issue)}"


def _context(project: Project, article: Article) -> dict[str, Any]:
    series = project.series(article.series)
    edition = series.edition(article.lang)  # a Khmer issue prints its series' Khmer edition
    return {
        "article": article,
        "series": series,
        "edition": edition,
        "publisher": project.settings.publisher,
        "issue_label": edition.label(article.year, article.issue),
        "disclaimer": typographic(edition.disclaimer(len(article.authors))),
        "subject": subject(project, article),
        "date_text": edition.date(article.date),
        "marks": [note_mark(i) for i in range(len(article.authors))],
        "timestamp": f"{article.date.isoformat()}T00:00:00Z",
    }


def house_rules(project: Project, names: bool = True) -> HouseRules:
    """The house rules of hyphenation, with the project's list of exceptions (`names`: capitalised
    words kept by the HTML, where the engine does not keep them)."""
    return HouseRules.from_exceptions(project.settings.hyphenation.exceptions, names)


def article_html(project: Project, article: Article, anchor: str = "",
                 rules: HouseRules | None = None) -> str:
    """The article as HTML in its series' layout.

    In a book, `anchor` names the article (`i08`): its ids then start with it, as one book holds
    many articles.
    """
    layout = project.layout_dir(project.series(article.series))
    return template(layout, TEMPLATE).render(
        **_context(project, article), anchor=anchor,
        body=Markup(PrintBody(article.body, f"{anchor}-" if anchor else "",
                              rules or house_rules(project), marks=bool(anchor)).html()),
    )
