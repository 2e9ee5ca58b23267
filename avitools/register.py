"""The register of issues: every manuscript of the archive, its number, its PDF and that PDF's state."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from avitools.config import DEFAULT_PDF_VARIANT, Project
from avitools.errors import AviError, ManuscriptError, Problem, relative, unexpected
from avitools.fingerprint import Freshness, Manifest, environments, manuscript_key
from avitools.output import issue_name
from avitools.sources import find_manuscripts

if TYPE_CHECKING:
    from avitools.read.schema import ManuscriptMeta

SCHEMA = "avitools-register/1"


class State(StrEnum):
    """Where a manuscript's PDF stands."""

    BUILT = "built"  # the PDF matches the manuscript, its files and the layout as they are now
    OLDER = "older renderer"  # as BUILT, but by an earlier avitools or WeasyPrint: kept as published
    STALE = "stale"  # a PDF exists, but something it was built from changed since
    MISSING = "missing"  # no PDF
    FAILED = "failed"  # the last build refused it: its PDF waits in build/failed/


@dataclass(frozen=True)
class Entry:
    """One manuscript, as the register lists it."""

    year: int | None
    issue: int | None
    date: dt.date | None
    title: str
    authors: tuple[str, ...]
    manuscript: Path
    pdf: Path | None
    pages: int | None
    state: State
    flags: tuple[str, ...] = ()
    problem: str = ""

    def as_dict(self) -> dict[str, Any]:
        """The entry as JSON (documented in the README)."""
        return {"year": self.year, "issue": self.issue,
                "date": self.date.isoformat() if self.date else None, "title": self.title,
                "authors": list(self.authors), "manuscript": relative(self.manuscript),
                "pdf": relative(self.pdf) if self.pdf else None, "pages": self.pages,
                "state": str(self.state), "flags": list(self.flags), "problem": self.problem}


@dataclass
class Register:
    """The entries in issue order, and what is odd about the numbering."""

    entries: list[Entry]
    warnings: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        """The register in the documented JSON schema."""
        return {"schema": SCHEMA, "entries": [e.as_dict() for e in self.entries],
                "warnings": self.warnings}


def register(project: Project, year: int | None = None, out_dir: Path | None = None) -> Register:
    """`avi list`: every manuscript (of `year`), with its PDF's state in `out_dir` (default build/)."""
    target_dir = out_dir or project.build
    manifest = Manifest.load(target_dir)
    layouts = environments(project, DEFAULT_PDF_VARIANT)
    entries: list[Entry] = []
    for source in find_manuscripts([project.manuscripts]) if project.manuscripts.is_dir() else []:
        try:
            article = _metadata(source)
        except AviError as exc:
            entries.append(_unreadable(project, source, exc, target_dir, manifest))
            continue
        if year is not None and article.date.year != year:
            continue
        series = project.series(article.series if article.series in project.settings.series else None)
        name = issue_name(series.file_prefix, article.date.year, article.issue)
        pdf = target_dir / name
        failed = target_dir / "failed" / name
        key = manuscript_key(project, source)
        if failed.is_file():
            state = State.FAILED
        elif not pdf.is_file():
            state = State.MISSING
        else:
            state = {Freshness.CURRENT: State.BUILT, Freshness.OLDER: State.OLDER,
                     Freshness.STALE: State.STALE}[manifest.freshness(key, source, layouts)]
        shown = pdf if pdf.is_file() else failed if failed.is_file() else None
        entries.append(Entry(article.date.year, article.issue, article.date, article.title,
                             tuple(a.name for a in article.authors), source, shown,
                             _pages(shown), state))
    entries = [e for e in entries if year is None or e.year in (year, None)]
    entries.sort(key=lambda e: (e.year or 0, e.issue or 0, str(e.manuscript)))
    return _flagged(entries)


def _metadata(source: Path) -> ManuscriptMeta:
    """A manuscript's front matter, checked (a draft whose body is still empty is listed too)."""
    from avitools.read import frontmatter, schema
    from avitools.read.source import read_text

    name = relative(source)
    if source.suffix.lower() == ".docx":
        from avitools.read.docx import read_docx

        try:
            meta = read_docx(source).model
        except AviError:
            raise
        except Exception as exc:  # listed as a row with its problem, like any unreadable file
            raise ManuscriptError(unexpected(name, exc, "reading")) from exc
        problems: list[Problem] = []
    else:
        front = frontmatter.split(read_text(source), name)
        meta, problems = schema.validate(front.data, name, front.lines)
    if meta is None:
        raise ManuscriptError(problems)
    return meta


def _unreadable(project: Project, source: Path, exc: AviError, target_dir: Path,
                manifest: Manifest) -> Entry:
    """A manuscript that cannot be read is listed all the same, with its first problem."""
    recorded = manifest.entries.get(manuscript_key(project, source))
    pdf = target_dir / recorded.output if recorded else None
    return Entry(None, None, None, "", (), source, pdf if pdf and pdf.is_file() else None,
                 _pages(pdf) if pdf and pdf.is_file() else None, State.FAILED,
                 problem=str(exc.problems[0]) if exc.problems else "")


def _pages(pdf: Path | None) -> int | None:
    if pdf is None:
        return None
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(pdf)
    except pypdfium2.PdfiumError:
        return None
    try:
        return len(document)
    finally:
        document.close()


def _flagged(entries: list[Entry]) -> Register:
    """Mark duplicate numbers and say which numbers of each year are missing."""
    counts = Counter((e.year, e.issue) for e in entries if e.issue is not None)
    flagged = [Entry(**{**vars(e), "flags": ("duplicate number",)})
               if e.issue is not None and counts[(e.year, e.issue)] > 1 else e for e in entries]
    warnings: list[str] = []
    for year in sorted({e.year for e in entries if e.year is not None}):
        numbers = {e.issue for e in entries if e.year == year and e.issue is not None}
        gaps = sorted(set(range(1, max(numbers) + 1)) - numbers)
        if gaps:
            warnings.append(f"warning: {year}: no manuscript for "
                            + ", ".join(f"No. {n:02d}" for n in gaps))
        for number in sorted(n for n in numbers if counts[(year, n)] > 1):
            warnings.append(f"warning: {year}: No. {number:02d} is claimed by {counts[(year, number)]} "
                            "manuscripts")
    return Register(flagged, warnings)
