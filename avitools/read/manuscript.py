"""Read one Markdown manuscript into an `Article`, reporting every problem at once."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from avitools.config import Project
from avitools.errors import ManuscriptError, Problem, relative
from avitools.fonts import coverage, coverage_problems
from avitools.model import Article, Author
from avitools.read import frontmatter, schema
from avitools.read.markdown import read_body
from avitools.read.source import read_text
from avitools.text import typographic


def read_manuscript(path: Path, project: Project) -> Article:
    """Parse, validate and read the Markdown manuscript at `path` for `project`."""
    name = relative(path)
    text = read_text(path)
    front = frontmatter.split(text, name)
    meta, problems = schema.validate(front.data, name, front.lines)
    return compose(project, Draft(path, name, meta, problems, front.body, front.body_line, front.lines,
                                  text))


@dataclass
class Draft:
    """A manuscript's parts before they become an article: validated metadata and body text.

    `lines` maps front-matter keys to lines of `text`; a reader whose body lines mean nothing to
    the author (a converted Word file) gives `numbered=False`, and problems then name no line.
    """

    source: Path
    name: str
    meta: schema.ManuscriptMeta | None
    problems: list[Problem]
    body: str
    body_line: int
    lines: dict[tuple[str | int, ...], int]
    text: str
    figures: dict[str, bytes] = field(default_factory=dict)
    resources: tuple[Path, ...] = ()
    numbered: bool = True


def compose(project: Project, draft: Draft) -> Article:
    """The article of a draft: its body read, its series and characters checked."""
    name, meta, problems = draft.name, draft.meta, list(draft.problems)
    if meta is not None and meta.series and meta.series not in project.settings.series:
        problems.append(Problem(
            name, f"'series' names an unknown series '{meta.series}'",
            f"use one of: {', '.join(project.settings.series)}", draft.lines.get(("series",))))
    body = read_body(draft.body, name, draft.source.parent, draft.body_line, draft.figures,
                     draft.numbered)
    problems.extend(body.problems)
    if not problems and not body.images and not draft.figures and not any(
            text.strip() for text, _line in body.texts):
        problems.append(_empty(draft))
    if meta is None or problems:
        raise ManuscriptError(_located(problems, draft))

    series = project.series(meta.series)
    authors = tuple(Author(typographic(a.name), typographic(a.bio), a.sort_as) for a in meta.authors)
    article = Article(
        source=draft.source,
        title=typographic(meta.title),
        subtitle=typographic(meta.subtitle) if meta.subtitle else None,
        date=meta.date,
        country=typographic(meta.country),
        issue=meta.issue,
        authors=authors,
        body=body.body,
        series=meta.series,
        lang=meta.lang,
        keywords=tuple(meta.keywords),
        summary=typographic(meta.summary) if meta.summary else None,
        max_pages=meta.max_pages,
        resources=tuple(dict.fromkeys([*body.images, *draft.resources])),
    )
    edition = series.edition(article.lang)
    printed = [
        (article.title, draft.lines.get(("title",))),
        (article.subtitle or "", draft.lines.get(("subtitle",))),
        (f"{article.country} | {edition.date(article.date)}", draft.lines.get(("country",))),
        *((f"{a.name} {a.bio}", draft.lines.get(("authors",))) for a in authors),
        (edition.masthead + edition.label(article.year, article.issue) + edition.conjunction
         + edition.disclaimer(len(authors)), None),
        *body.texts,
    ]
    missing = coverage_problems(printed, name, coverage(project.fonts), draft.text, draft.numbered)
    if missing:
        raise ManuscriptError(_located(missing, draft))
    return article


def _empty(draft: Draft) -> Problem:
    """The one line for a manuscript whose body holds no text at all (headings and tables count)."""
    if draft.numbered:
        return Problem(draft.name, "has no body text",
                       "write the article below the front matter's closing '---'", draft.body_line)
    return Problem(draft.name, "has no text in its body", "write the article in the Word file's "
                   "main text: headers, footers and comments are not part of it")


def _located(problems: list[Problem], draft: Draft) -> list[Problem]:
    if draft.numbered:
        return problems
    return [Problem(p.file, p.message, p.hint) if p.file == draft.name else p for p in problems]
