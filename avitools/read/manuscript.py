"""Read one Markdown manuscript into an `Article`, reporting every problem at once."""

from __future__ import annotations

from pathlib import Path

from avitools.config import Project
from avitools.errors import ManuscriptError, Problem, relative
from avitools.fonts import coverage, coverage_problems
from avitools.model import Article, Author
from avitools.read import frontmatter, schema
from avitools.read.markdown import render_body, typographic
from avitools.read.source import read_text


def read_manuscript(path: Path, project: Project) -> Article:
    """Parse, validate and render the manuscript at `path` for `project`."""
    name = relative(path)
    text = read_text(path)
    front = frontmatter.split(text, name)
    meta, problems = schema.validate(front.data, name, front.lines)
    if meta is not None and meta.series and meta.series not in project.settings.series:
        problems.append(Problem(
            name, f"'series' names an unknown series '{meta.series}'",
            f"use one of: {', '.join(project.settings.series)}", front.lines.get(("series",))))
    body = render_body(front.body, name, path.parent, front.body_line)
    problems.extend(body.problems)
    if meta is None or problems:
        raise ManuscriptError(problems)

    series = project.series(meta.series)
    authors = tuple(Author(typographic(a.name), typographic(a.bio)) for a in meta.authors)
    article = Article(
        source=path,
        title=typographic(meta.title),
        subtitle=typographic(meta.subtitle) if meta.subtitle else None,
        date=meta.date,
        country=typographic(meta.country),
        issue=meta.issue,
        authors=authors,
        body_html=body.html,
        series=meta.series,
        lang=meta.lang,
        keywords=tuple(meta.keywords),
        summary=typographic(meta.summary) if meta.summary else None,
        headings=tuple(body.headings),
        footnotes=body.footnotes,
        resources=tuple(body.images),
        markdown=front.body,
        body_line=front.body_line,
    )
    printed = [
        (article.title, front.lines.get(("title",))),
        (article.subtitle or "", front.lines.get(("subtitle",))),
        (article.dateline, front.lines.get(("country",))),
        *((f"{a.name} {a.bio}", front.lines.get(("authors",))) for a in authors),
        (series.masthead + series.label(article.year, article.issue)
         + series.disclaimer(len(authors)), None),
        *body.texts,
    ]
    missing = coverage_problems(printed, name, coverage(project.fonts), text)
    if missing:
        raise ManuscriptError(missing)
    return article

