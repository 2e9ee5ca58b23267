"""Findings: coded messages about a document, and the table of every rule that makes them."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    """How bad a finding is: errors fail a check, warnings only with --strict."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Rule:
    """One house-style rule: its code, severity and what it asks of a document."""

    code: str
    severity: Severity
    summary: str


@dataclass(frozen=True)
class Finding:
    """A rule broken in one file, on one page (0 for the whole file)."""

    file: str
    code: str
    severity: Severity
    page: int
    message: str

    def __str__(self) -> str:
        where = f"page {self.page}: " if self.page else ""
        return f"{self.file}: {where}{self.code} {self.severity}: {self.message}"

    def as_dict(self) -> dict[str, Any]:
        """The finding as a JSON object."""
        return {**asdict(self), "severity": str(self.severity)}


_E, _W = Severity.ERROR, Severity.WARNING
RULES: dict[str, Rule] = {rule.code: rule for rule in (
    Rule("P001", _E, "the file is an unencrypted PDF that pypdf reads without errors"),
    Rule("P002", _E, "every page is A4 portrait (595 x 842 pt)"),
    Rule("P003", _E, "the page count is within the series' limit (`max_pages`)"),
    Rule("P004", _E, "every font is embedded"),
    Rule("P005", _E, "every font is one of the bundled house fonts"),
    Rule("P006", _E, "every page carries the running issue line"),
    Rule("P007", _E, "the issue line is the same on every page and matches the document's Subject"),
    Rule("P008", _E, "the masthead is the first line, at the top of page 1"),
    Rule("P009", _E, "the dateline follows the masthead in the form `Country | 28 August 2024`"),
    Rule("P010", _E, "page 1 holds one author note for each mark in the byline (*, **, ***)"),
    Rule("P011", _E, "the disclaimer is the last body text of the last page, and only there"),
    Rule("P012", _E, "each body footnote call and its note are on the same page"),
    Rule("P013", _E, "the document information has a title (matching page 1), an author and a language"),
    Rule("P014", _E, "a PDF that claims PDF/UA has a tagged structure (StructTreeRoot, MarkInfo)"),
    Rule("P015", _E, "no text lies outside the page or in its margins, but the running elements"),
    Rule("P016", _W, "no page ends with a heading"),
    Rule("P017", _E, "every page carries its page number"),
    Rule("F001", _E, "the text layer gives back the manuscript's words in order (every build; avi check "
                     "with --manuscript)"),
    Rule("B001", _E, "a book's contents list every issue with the page it starts on and its title"),
    Rule("B002", _E, "in a book, every issue and the index start on a right-hand (odd) page"),
    Rule("B003", _E, "a book's index lists every author with the first page of each of their issues, "
                     "in the order of their sort names"),
    Rule("B004", _E, "a book holds every issue of its year once, its pages together"),
    Rule("B005", _E, "a page left blank in a book carries nothing, not even a running element"),
    Rule("B006", _E, "every printed page number of a book is the page's label (roman in the front "
                     "matter)"),
    Rule("B007", _W, "print preflight: every image of a print-shop file prints at 300 ppi or more "
                     "(an error under 150)"),
    Rule("B008", _E, "print preflight: a book's cover is two A4 pages and the spine its text block "
                     "needs"),
    Rule("U001", _E, "PDF/UA: every marked-content id is reachable from the structure tree"),
    Rule("U002", _E, "PDF/UA: the running elements in the page margins are pagination artifacts"),
    Rule("U003", _E, "PDF/UA: every artifact has a type (/Pagination, /Layout ...)"),
    Rule("U004", _E, "PDF/UA: every note is a /Note element with a unique /ID"),
    Rule("U005", _E, "PDF/UA: headings skip no level"),
    Rule("U006", _E, "PDF/UA: the document has a language (/Lang)"),
    Rule("U007", _E, "PDF/UA: the viewer shows the document title (DisplayDocTitle)"),
    Rule("U008", _E, "PDF/UA: a tagged PDF claims PDF/UA in its XMP metadata (pdfuaid:part)"),
    Rule("U009", _E, "PDF/UA: a page with annotations has /Tabs /S"),
    Rule("U010", _E, "PDF/UA: every font maps its glyphs to Unicode (ToUnicode)"),
    Rule("U011", _E, "PDF/UA: nothing is drawn outside marked content"),
    Rule("U012", _E, "PDF/UA: every figure has alternate text (/Alt)"),
    Rule("W001", _E, "a web edition's issue page gives back its manuscript's words in order "
                     "(avi check --site)"),
    Rule("W002", _E, "a web edition's issue page carries the manuscript's citation metadata "
                     "(Highwire, Open Graph, JSON-LD) and its PDF in the site"),
    Rule("W003", _E, "every link inside a web edition leads to a file of the site"),
    Rule("L001", _E, "the layout matches the approved snapshot (with --baseline)"),
    Rule("E001", _E, "the EPUB passes EPUBCheck without fatal errors or errors, and can be read"),
    Rule("E002", _W, "EPUBCheck gives no warning"),
    Rule("E101", _E, "the chapters follow in issue order"),
    Rule("E102", _E, "each chapter keeps its issue line, dateline, title, byline and disclaimer"),
    Rule("E103", _E, "every noteref leads to a note in its chapter (a footnote or an endnote), "
                     "and the note links back"),
    Rule("E104", _E, "no id appears twice in a document"),
    Rule("E105", _E, "the index of authors lists every author, and its links resolve"),
    Rule("E106", _E, "each chapter has a contents entry that reads `No. 08 — Title`, with its own "
                     "number and title"),
)}


def finding(file: str, code: str, page: int, message: str) -> Finding:
    """A finding of rule `code`, with the rule's severity."""
    return Finding(file, code, RULES[code].severity, page, message)
