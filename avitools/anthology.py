"""The yearly anthology: every issue of one series and year, checked as a set, in issue order."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from avitools.config import Project
from avitools.errors import AviError, ManuscriptError, Problem, relative
from avitools.model import Article, Year, book_language
from avitools.sources import find_manuscripts, same_issue


@dataclass(frozen=True)
class Written:
    """What a command wrote, and its warnings."""

    path: Path
    warnings: list[str]


def make_anthology(project: Project, year: int, target: Path | None = None, folder: Path | None = None,
                   series: str | None = None, lang: str | None = None) -> Written:
    """`avi anthology`: read and check the year's manuscripts, write its EPUB book atomically."""
    from avitools.output import write_atomic
    from avitools.render.epub import anthology_name, make_epub

    book = collect(project, year, folder, series, lang)
    path = target or project.build / anthology_name(book)
    write_atomic(path, make_epub(project, book))
    return Written(path, book.warnings)


def make_print_book(project: Project, year: int, target: Path | None = None, folder: Path | None = None,
                    series: str | None = None, print_shop: bool = False,
                    lang: str | None = None) -> Written:
    """`avi anthology --format pdf`: the year's print book, checked before it replaces a good one.

    A book that breaks a book rule (contents, right-hand starts, index, page labels) or loses a
    manuscript's text is kept at `failed/<year>/<name>.pdf` beside the output folder, and the
    command fails with the findings as lines.
    """
    from avitools.build import failed_path
    from avitools.check.book import book_findings
    from avitools.check.findings import Severity
    from avitools.check.pdfua import check_pdfua
    from avitools.output import book_name, write_atomic
    from avitools.render.book import make_book, make_cover
    from avitools.render.engine import pdf_variant, take_environment_warnings

    book = collect(project, year, folder, series, lang)
    suffix = "-print.pdf" if print_shop else ".pdf"
    path = target or project.build / book_name(book.series.file_prefix, book.year, suffix)
    data = make_book(project, book, print_shop)
    name = relative(path)
    found = book_findings(data, book, name)
    if not print_shop and pdf_variant("pdf/ua-1"):  # written as PDF/UA: it holds to the rules
        found += check_pdfua(data, name)
    failed = failed_path(path)
    errors = [f for f in found if f.severity == Severity.ERROR]
    if errors:
        write_atomic(failed, data)
        raise ManuscriptError([Problem(name, f"{f'page {f.page}: ' if f.page else ''}{f.code} {f.message}",
                                       f"the PDF is kept for a look at {relative(failed)}")
                               for f in errors])
    if print_shop:  # the cover beside the text block, sized to its leaves: `X-cover.pdf`
        import pypdfium2

        pages = len(pypdfium2.PdfDocument(data))
        write_atomic(cover_path(path), make_cover(project, book, pages))
    write_atomic(path, data)
    failed.unlink(missing_ok=True)
    return Written(path, take_environment_warnings() + book.warnings
                   + [f"warning: {name}: {f.code} {f.message}" for f in found])


def cover_path(text_block: Path) -> Path:
    """The print shop's cover beside its text block: `X.pdf` -> `X-cover.pdf`."""
    return text_block.with_name(f"{text_block.stem}-cover{text_block.suffix}")


def collect(project: Project, year: int, folder: Path | None = None, series: str | None = None,
            lang: str | None = None) -> Year:
    """Read the year's manuscripts (default folder: manuscripts/<year>/) and check them as a set."""
    from avitools.read import read

    where = folder or project.manuscripts / str(year)
    sources = find_manuscripts([where]) if where.is_dir() else []
    if not sources:
        raise ManuscriptError(Problem(relative(where), f"holds no manuscripts for {year}",
                                      f"put the year's manuscripts in {relative(where)}"))
    chosen = project.series(series)
    articles: list[Article] = []
    problems: list[Problem] = []
    for source in sources:
        try:
            article = read(source, project).article
        except AviError as exc:
            problems += exc.problems
            continue
        if project.series(article.series) != chosen:
            continue
        if article.year != year:
            problems.append(Problem(relative(source), f"is dated {article.date.isoformat()}, not in {year}",
                                    f"move it to manuscripts/{article.year}/ or correct its date"))
            continue
        articles.append(article)
    seen: dict[int, Article] = {}
    for article in articles:
        other = seen.setdefault(article.issue, article)
        if other is not article:
            problems.append(same_issue(article.manuscript, article, other.manuscript))
    if problems:
        raise ManuscriptError(problems)
    articles.sort(key=lambda a: a.issue)
    numbers = [a.issue for a in articles]
    missing = sorted(set(range(1, max(numbers) + 1)) - set(numbers))
    warnings = [f"warning: {relative(where)}: no manuscript for issue{'s' if len(missing) > 1 else ''} "
                f"{', '.join(f'No. {n:02d}' for n in missing)} of {year}"] if missing else []
    from avitools.read.foreword import read_foreword

    return Year(year, chosen, articles, warnings, book_language(articles, lang), read_foreword(where))
