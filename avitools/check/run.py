"""Check many files: house-style rules, and the comparison with approved layout snapshots."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from avitools.check.findings import RULES, Finding, Severity, finding
from avitools.config import Project, Series

if TYPE_CHECKING:
    from avitools.check.pdf import Inspection
from avitools.errors import AviError, Problem, relative

CHECKED_SUFFIXES = (".pdf", ".epub")


@dataclass
class Report:
    """Findings per checked file."""

    files: dict[str, list[Finding]] = field(default_factory=dict)
    pictures: list[Path] = field(default_factory=list)

    def count(self, severity: Severity) -> int:
        """How many findings of this severity."""
        return sum(f.severity == severity for found in self.files.values() for f in found)

    def as_json(self) -> dict[str, Any]:
        """The report in the documented JSON schema (docs/checks.md)."""
        return {
            "schema": "avitools-check-report/1",
            "files": [{"file": name, "findings": [f.as_dict() for f in found]}
                      for name, found in self.files.items()],
            "summary": {"files": len(self.files), "errors": self.count(Severity.ERROR),
                        "warnings": self.count(Severity.WARNING)},
            "rules": {code: {"severity": str(r.severity), "summary": r.summary}
                      for code, r in RULES.items()},
        }


def find_documents(paths: list[Path]) -> list[Path]:
    """The PDFs and EPUBs named or found below the given paths."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.suffix.lower() in CHECKED_SUFFIXES)
        elif path.exists():
            found.append(path)
        else:
            raise AviError(Problem(relative(path), "does not exist", "check the path"))
    if not found:
        raise AviError(Problem(", ".join(relative(p) for p in paths), "holds no PDF or EPUB to check"))
    return found


def check(project: Project, paths: list[Path], baseline: Path | None = None,
          render_diff: Path | None = None, manuscript: Path | None = None,
          site: Path | None = None) -> Report:
    """Check every document under `paths`; compare with `baseline` snapshots when given.

    With `manuscript`, the PDF is also held to it: the fidelity rule, and its own page limit. With
    `site`, the web edition in that folder is checked too (rules W001-W003).
    """
    from avitools.check.epub import check_epub
    from avitools.check.pdf import inspect_pdf

    report = Report()
    if site is not None:
        from avitools.check.site import check_site

        report.files.update(check_site(project, site))
    for path in (find_documents(paths) if paths else []):
        epub = path.suffix.lower() == ".epub"
        try:
            if epub:
                found = check_epub(path, project)
            else:
                inspection = inspect_pdf(path, project)
                found = inspection.findings
                if manuscript is not None:
                    found = _against_manuscript(project, manuscript, path, found)
                if baseline is not None:
                    found += _against_baseline(inspection, path, baseline, render_diff, report)
        except AviError:
            raise  # the manuscript given with --manuscript is wrong: that is the user's to fix
        except Exception as exc:  # one unreadable file never costs the others their report
            found = [finding(relative(path), "E001" if epub else "P001", 0,
                             f"cannot be checked: {type(exc).__name__}: {exc}")]
        report.files[relative(path)] = found
    return report


def _against_manuscript(project: Project, manuscript: Path, path: Path,
                        found: list[Finding]) -> list[Finding]:
    """Hold a PDF to its manuscript: F001, and P003 against the issue's own page limit."""
    import pypdfium2
    from pypdf import PdfReader

    from avitools.check.book import book_series
    from avitools.check.fidelity import text_layer
    from avitools.check.written import fidelity, page_limit
    from avitools.read import read

    name = relative(path)
    book = book_series(str(dict(PdfReader(path).metadata or {}).get("/Subject", "")), project)
    if book is not None and manuscript.is_dir():
        return found + _book_against_manuscripts(project, manuscript, path, name, *book)
    if book is not None or manuscript.is_dir():
        raise AviError(Problem(relative(manuscript), "does not fit the PDF: a book is held to the folder "
                               "of its year's manuscripts, an issue to its manuscript file",
                               "give a book a folder and an issue PDF a file"))
    article = read(manuscript, project).article
    document = pypdfium2.PdfDocument(path)
    try:
        pages, layer = len(document), text_layer(document)
    finally:
        document.close()
    kept = [f for f in found if f.code != "P003"]
    return kept + page_limit(pages, article, project, name) + fidelity(article, layer, name)


def _book_against_manuscripts(project: Project, folder: Path, path: Path, name: str, series: Series,
                              year: int) -> list[Finding]:
    """A book held to the folder of its year's manuscripts: every issue's text is in it (F001)."""
    from avitools.anthology import collect
    from avitools.check.book import issues_present, read_book, sections

    key = next((k for k, s in project.settings.series.items() if s == series), None)
    articles = collect(project, year, folder, key).articles
    return issues_present(name, sections(read_book(path.read_bytes(), series)), articles)


def _against_baseline(inspection: Inspection, path: Path, baseline: Path, pictures: Path | None,
                      report: Report) -> list[Finding]:
    from avitools.check.snapshot import compare, load, snapshot

    name = relative(path)
    approved_file = baseline / f"{path.stem}.json"
    if not approved_file.is_file():
        return [finding(name, "L001", 0, f"no approved snapshot {relative(approved_file)} "
                        "(record one with avi snapshot)")]
    try:
        approved = load(approved_file)
    except (ValueError, OSError) as exc:
        return [finding(name, "L001", 0, f"the snapshot cannot be read: {exc}")]
    differences = compare(approved, snapshot(path, inspection.reader, inspection.pages))
    if differences and pictures is not None and (baseline / f"{path.stem}.pdf").is_file():
        from avitools.check.picture import render_diff

        pages = sorted({d.page for d in differences if d.page} or {1})
        report.pictures += render_diff(baseline / f"{path.stem}.pdf", path, pages, pictures)
    return [finding(name, "L001", d.page, d.message) for d in differences]
