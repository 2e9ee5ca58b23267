"""House-style checks of a PDF, ours or another tool's: a list of findings, never an exception."""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from pypdf.errors import PyPdfError

from avitools.check.book import book_series
from avitools.check.findings import Finding, finding
from avitools.check.fonts import house_font_names, pdf_fonts
from avitools.check.house import A4, House, normal, number_of
from avitools.check.pdftext import Line, Page, read_pages
from avitools.check.preflight import cover_size, image_resolution, is_cover, is_print_file
from avitools.config import Project, Series
from avitools.errors import relative

MM = 72 / 25.4
_MARKS = re.compile(r"\*+")
_NOTE_MARK = re.compile(r"^(\*+)\s*\S")
_NOTE_NUMBER = re.compile(r"^(\d{1,3})[.)]?\s+\S")


@dataclass
class Sheet:
    """One page sorted into running lines, body flow and the notes at its foot."""

    page: Page
    running: list[Line] = field(default_factory=list)
    flow: list[Line] = field(default_factory=list)
    notes: list[Line] = field(default_factory=list)


@dataclass
class Pdf:
    """What the rules look at: the reader, its pages as lines, and the series' house style."""

    name: str
    path: Path
    reader: PdfReader
    sheets: list[Sheet]
    house: House
    body_size: float
    fonts_dir: Path

    @property
    def first(self) -> int:
        """The number of the first page checked (page 1, or where an issue starts in a book)."""
        return self.sheets[0].page.number if self.sheets else 1

    @property
    def info(self) -> dict[str, Any]:
        """The document information dictionary."""
        return dict(self.reader.metadata or {})

    @property
    def catalog(self) -> Any:
        """The document catalog (/Root)."""
        return self.reader.trailer["/Root"]


def check_pdf(path: Path, project: Project) -> list[Finding]:
    """Every house-style finding for the PDF at `path`."""
    return inspect_pdf(path, project).findings


@dataclass
class Inspection:
    """A checked PDF: its findings, and the reader and pages they were read from (for snapshots)."""

    findings: list[Finding]
    reader: PdfReader | None = None
    pages: list[Page] | None = None


def inspect_pdf(path: Path, project: Project) -> Inspection:
    """Check the PDF at `path`, keeping what was read so that nothing is read twice."""
    name = relative(path)
    reader, problems = _open(path)
    if reader is None:
        return Inspection([finding(name, "P001", 0, problems[0] if problems else "not a PDF")])
    found, pages = _check(path, project, name, reader, problems)
    return Inspection(found, reader, pages)


def _check(path: Path, project: Project, name: str, reader: PdfReader, problems: list[str]
           ) -> tuple[list[Finding], list[Page] | None]:
    found = [finding(name, "P001", 0, f"pypdf: {p}") for p in dict.fromkeys(problems)]
    if reader.is_encrypted:
        locked = _unlock(reader)
        found.insert(0, finding(name, "P001", 0, f"is encrypted ({_cipher(reader)}); "
                                + ("it opens without a password, so it was checked"
                                   if not locked else "it needs a password, so it cannot be checked")
                                + " (publish it unencrypted)"))
        if locked:
            return found, None
    try:
        pages = read_pages(reader)
    except (PyPdfError, ValueError, KeyError, TypeError) as exc:
        return [*found, finding(name, "P001", 0, f"its text cannot be read: {exc}")], None
    if not pages or not any(p.lines for p in pages):
        return [*found, finding(name, "P001", 0, "has no text to check")], pages
    book = book_series(str(dict(reader.metadata or {}).get("/Subject", "")), project)
    series = book[0] if book else _series(reader, project)
    root: Any = reader.trailer["/Root"]
    lang = str(root.get("/Lang", "")) or None  # a Khmer issue is held to the Khmer edition
    doc = Pdf(name, path, reader, [], House(series, lang), _body_size(pages), project.fonts)
    doc.sheets = [_sort(page, doc) for page in pages]
    if book is not None and is_cover(doc.info):  # the print shop's cover: a design of its own
        return found + _check_cover(doc, book[0]), pages
    if book is not None:
        return found + _check_book(doc, *book), pages
    for rule in RULE_CHECKS:
        found.extend(rule(doc))
    return found, pages


def _check_book(doc: Pdf, series: Series, year: int) -> list[Finding]:
    """A book: the whole-file rules, the issue rules per issue section, then the book rules."""
    from avitools.check.book import check_book, read_book, sections

    pages = read_book(doc.path.read_bytes(), series)
    found: list[Finding] = []
    for rule in BOOK_FILE_CHECKS:
        found.extend(rule(doc))
    for section in sections(pages):
        part = Pdf(doc.name, doc.path, doc.reader, [doc.sheets[p.index] for p in section.pages],
                   House(series, section.lang), doc.body_size, doc.fonts_dir)
        for rule in SECTION_CHECKS:
            found.extend(rule(part))
    if is_print_file(doc.catalog):
        found += image_resolution(doc.name, doc.path)
    return found + check_book(doc.name, pages, series, year, lang=doc.house.lang)


def _check_cover(doc: Pdf, series: Series) -> list[Finding]:
    """The print shop's cover: its fonts and information, its size, its images' resolution."""
    return [*_fonts(doc), *_information(doc), *cover_size(doc.name, doc.reader, doc.path, series),
            *image_resolution(doc.name, doc.path)]


def _open(path: Path) -> tuple[PdfReader | None, list[str]]:
    """Read the file, keeping what pypdf complains about on the way."""
    messages: list[str] = []

    class _Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append(record.getMessage())

    logger = logging.getLogger("pypdf")
    handler = _Keep(logging.WARNING)
    logger.addHandler(handler)
    try:
        reader = PdfReader(path)
        if reader.is_encrypted:
            return reader, messages
        _ = [page.mediabox for page in reader.pages]
        return reader, messages
    except (PyPdfError, OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        return None, [f"pypdf cannot read it: {exc}"]
    finally:
        logger.removeHandler(handler)


def _unlock(reader: PdfReader) -> bool:
    """Open an encrypted PDF with the empty user password; whether it stays locked."""
    try:
        return not reader.decrypt("")
    except (PyPdfError, ValueError, KeyError, TypeError, NotImplementedError):
        return True


def _cipher(reader: PdfReader) -> str:
    """`AES-256`, `AES-128` or `RC4`: how the PDF is encrypted."""
    encrypt: Any = reader.trailer["/Encrypt"].get_object()
    methods = {str(f.get_object().get("/CFM", "")) for f in dict(encrypt.get("/CF", {})).values()}
    if "/AESV3" in methods:
        return "AES-256"
    if "/AESV2" in methods:
        return "AES-128"
    return f"RC4, {int(encrypt.get('/Length', 40))}-bit"


def _series(reader: PdfReader, project: Project) -> Series:
    """The series named in the Subject, else the publisher's default."""
    info: dict[str, Any] = dict(reader.metadata or {})
    subject = str(info.get("/Subject", ""))
    for series in project.settings.series.values():
        if subject.startswith(series.name):
            return series
    return project.series(None)


def _body_size(pages: list[Page]) -> float:
    sizes: Counter[float] = Counter()
    for page in pages:
        for line in page.lines:
            sizes[round(line.size, 1)] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


def _sort(page: Page, doc: Pdf) -> Sheet:
    """Running lines lie outside the text block; notes are the small lines at its foot that
    start with a note mark (`1.`, `*`), and whatever follows them."""
    top, _right, bottom, _left = (m * MM for m in doc.house.series.margins_mm)
    sheet = Sheet(page)
    inside: list[Line] = []
    for line in page.lines:
        y = page.top(line)
        (sheet.running if y > page.height - bottom + 2 or y < top - 2 else inside).append(line)
    start = len(inside)
    marks = [i for i, line in enumerate(inside) if _is_note(line)]
    if marks:
        note_size = inside[marks[-1]].size
        for i in range(len(inside) - 1, -1, -1):
            if inside[i].size > note_size + 0.2:
                break
            if _is_note(inside[i]):
                start = i
    sheet.flow, sheet.notes = inside[:start], inside[start:]
    return sheet


def _is_note(line: Line) -> bool:
    return bool(_NOTE_NUMBER.match(line.text) or _NOTE_MARK.match(line.text))


def _page_size(doc: Pdf) -> list[Finding]:
    """P002 on the cut page: the trim box, which the media box equals or surrounds with an even bleed."""
    out = []
    for number, page in enumerate(doc.reader.pages, start=1):
        trim, media = page.trimbox, page.mediabox
        bleeds = [float(trim.left - media.left), float(trim.bottom - media.bottom),
                  float(media.right - trim.right), float(media.top - trim.top)]
        even = min(bleeds) > -0.5 and max(bleeds) - min(bleeds) < 0.5
        box = trim if even else media
        size = (float(box.width), float(box.height))
        if abs(size[0] - A4[0]) > 1 or abs(size[1] - A4[1]) > 1 or not even:
            out.append(finding(doc.name, "P002", number,
                               f"the page is {size[0]:.0f} x {size[1]:.0f} pt, not A4 (595 x 842 pt)"))
    return out


def _page_count(doc: Pdf) -> list[Finding]:
    limit, count = doc.house.series.max_pages, len(doc.sheets)
    if count > limit:
        return [finding(doc.name, "P003", 0, f"{count} pages, more than the {limit} an issue of "
                        f"{doc.house.series.name} may have")]
    return []


def _fonts(doc: Pdf) -> list[Finding]:
    out, seen = [], set()
    house = house_font_names(doc.fonts_dir)
    for font in pdf_fonts(doc.reader):
        if font.name in seen:
            continue
        seen.add(font.name)
        if not font.embedded:
            out.append(finding(doc.name, "P004", font.page, f"font {font.name} is not embedded"))
        if font.name not in house:
            out.append(finding(doc.name, "P005", font.page, f"font {font.name} is not a house font"))
    return out


def _labels(sheet: Sheet, doc: Pdf) -> list[str]:
    pattern = doc.house.issue_line
    spans = [s.text for line in sheet.running for s in line.spans]
    return [m[0] for text in spans if (m := pattern.search(normal(text)))]


def _issue_line(doc: Pdf) -> list[Finding]:
    out = []
    labels: dict[int, str] = {}
    for sheet in doc.sheets:
        found = _labels(sheet, doc)
        if found:
            labels[sheet.page.number] = found[0]
        else:
            out.append(finding(doc.name, "P006", sheet.page.number, "the running issue line is missing"))
    if not labels:
        return out
    first = next(iter(labels.values()))
    for number, label in labels.items():
        if label != first:
            out.append(finding(doc.name, "P007", number, f"the issue line '{label}' differs from "
                               f"'{first}' on page {min(labels)}"))
    return out


def _subject(doc: Pdf) -> list[Finding]:
    labels = [found[0] for sheet in doc.sheets if (found := _labels(sheet, doc))]
    if not labels:
        return []
    first, out = labels[0], []
    subject = normal(str(doc.info.get("/Subject", "")))
    match = doc.house.issue_line.search(subject)
    if match is None:
        out.append(finding(doc.name, "P007", 0, f"the document's Subject '{subject}' does not name "
                           "the issue"))
    elif match[0] != first:
        out.append(finding(doc.name, "P007", 0, f"the issue line '{first}' does not match the "
                           f"document's Subject '{subject}'"))
    return out


def _page_numbers(doc: Pdf) -> list[Finding]:
    out = []
    for sheet in doc.sheets:
        number = str(sheet.page.number)
        if not any(number_of(s.text.strip()) == number for line in sheet.running for s in line.spans):
            out.append(finding(doc.name, "P017", sheet.page.number, f"the page number {number} is missing"))
    return out


def _masthead(doc: Pdf) -> list[Finding]:
    sheet = doc.sheets[0]
    first = sheet.flow[0] if sheet.flow else None
    expected = doc.house.masthead
    if first is None or normal(first.text) != expected:
        seen = normal(first.text) if first else "nothing"
        return [finding(doc.name, "P008", doc.first, f"the masthead '{expected}' is missing; the page "
                        f"starts with '{seen[:60]}'")]
    if sheet.page.top(first) > 0.2 * sheet.page.height:
        return [finding(doc.name, "P008", doc.first, f"the masthead is {sheet.page.top(first):.0f} pt "
                        "below the top edge, not at the top of the page")]
    return []


def _dateline(doc: Pdf) -> list[Finding]:
    flow = doc.sheets[0].flow
    index = next((i for i, line in enumerate(flow) if normal(line.text) == doc.house.masthead), -1)
    line = flow[index + 1] if len(flow) > index + 1 else None
    if line is None or not doc.house.dateline.match(normal(line.text)):
        seen = normal(line.text)[:60] if line else "nothing"
        return [finding(doc.name, "P009", doc.first, f"no dateline like 'Cambodia | 28 August 2024' "
                        f"after the masthead; found '{seen}'")]
    return []


def _byline(doc: Pdf) -> tuple[int, Line] | None:
    """The first line on page 1 that carries author marks, and its index in the flow."""
    for index, line in enumerate(doc.sheets[0].flow[:12]):
        if _MARKS.search(line.text) and not _NOTE_MARK.match(line.text):
            return index, line
    return None


def _author_notes(doc: Pdf) -> list[Finding]:
    byline = _byline(doc)
    marks = sorted(_MARKS.findall(byline[1].text), key=len) if byline else []
    notes = sorted((m[1] for line in doc.sheets[0].notes if (m := _NOTE_MARK.match(line.text))), key=len)
    if not marks:
        return [finding(doc.name, "P010", doc.first, "the byline carries no author mark (*)")]
    if marks != notes:
        return [finding(doc.name, "P010", doc.first, f"the byline marks {' '.join(marks)} but page 1 has "
                        f"author notes {' '.join(notes) or 'none'}")]
    return []


def _disclaimer(doc: Pdf) -> list[Finding]:
    one, many = doc.house.disclaimers
    byline = _byline(doc)
    authors = len(_MARKS.findall(byline[1].text)) if byline else 1
    expected = one if authors <= 1 else many
    out = []
    for sheet in doc.sheets[:-1]:
        text = normal(" ".join(line.text for line in sheet.flow))
        if one in text or many in text:
            out.append(finding(doc.name, "P011", sheet.page.number, "the disclaimer stands before "
                               "the last page"))
    last = doc.sheets[-1]
    tail = normal(" ".join(line.text for line in last.flow[-4:]))
    if not tail.endswith(expected):
        wrong = one if expected == many else many
        why = "is in the wrong number" if tail.endswith(wrong) else "is not the last body text"
        out.append(finding(doc.name, "P011", last.page.number, f"the disclaimer {why}: the page "
                           f"ends '…{tail[-60:]}'"))
    return out


def _calls(sheet: Sheet) -> list[int]:
    """Footnote calls: small raised numbers in the body's lines."""
    calls = []
    for line in sheet.flow:
        for span in line.spans:
            if (span.text.strip().isdigit() and span.size < line.size * 0.85
                    and span.baseline > line.baseline + 1):
                calls.append(int(span.text))
    return calls


def _footnotes(doc: Pdf) -> list[Finding]:
    called = {sheet.page.number: _calls(sheet) for sheet in doc.sheets}
    noted = {sheet.page.number: [int(m[1]) for line in sheet.notes
                                 if (m := _NOTE_NUMBER.match(line.text))] for sheet in doc.sheets}
    out = []
    for page, calls in called.items():
        for number in calls:
            if number not in noted[page]:
                where = next((p for p, notes in noted.items() if number in notes), None)
                place = f"its note is on page {where}" if where else "it has no note"
                out.append(finding(doc.name, "P012", page, f"footnote {number} is cited here but {place}"))
    for page, notes in noted.items():
        for number in notes:
            if number not in called[page] and not any(number in c for c in called.values()):
                out.append(finding(doc.name, "P012", page, f"note {number} is never cited"))
    return out


def _information(doc: Pdf) -> list[Finding]:
    info, out = doc.info, []
    if not normal(str(info.get("/Title", ""))):
        out.append(finding(doc.name, "P013", 0, "the document information has no Title"))
    if not normal(str(info.get("/Author", ""))):
        out.append(finding(doc.name, "P013", 0, "the document information has no Author"))
    if not str(doc.catalog.get("/Lang", "")):
        out.append(finding(doc.name, "P013", 0, "the document has no language (/Lang)"))
    return out


def _printed_title(doc: Pdf) -> list[Finding]:
    title, out = normal(str(doc.info.get("/Title", ""))), []
    byline = _byline(doc)
    if title and byline:
        flow = doc.sheets[0].flow
        heads = [normal(line.text) for line in flow[:byline[0]]]
        start = next((i + 1 for i, text in enumerate(heads) if doc.house.dateline.match(text)),
                     heads.index(doc.house.masthead) + 2 if doc.house.masthead in heads else 0)
        printed = normal(" ".join(line.text for line in flow[start:byline[0]]))
        if printed and not re.sub(r"\s", "", printed).startswith(re.sub(r"\s", "", title)):
            out.append(finding(doc.name, "P013", doc.first, f"the Title '{title}' does not match the title "
                               f"printed on page 1, '{printed[:80]}'"))
    return out


def _tagged(doc: Pdf) -> list[Finding]:
    root = doc.catalog
    metadata = root.get("/Metadata")
    xmp = metadata.get_object().get_data() if metadata is not None else b""
    if b"pdfuaid" in xmp:
        missing = [key for key in ("/StructTreeRoot", "/MarkInfo") if key not in root]
        if missing:
            return [finding(doc.name, "P014", 0, f"claims PDF/UA but has no {' or '.join(missing)}")]
    return []


def _pdfua(doc: Pdf) -> list[Finding]:
    from avitools.check.pdfua import check_pdfua

    return check_pdfua(doc.path.read_bytes(), doc.name)


def _margins(doc: Pdf) -> list[Finding]:
    from avitools.check.geometry import stray_text

    return [finding(doc.name, "P015", page, message)
            for page, message in stray_text(doc.path, doc.house)]


def _heading_at_foot(doc: Pdf) -> list[Finding]:
    out = []
    for sheet in doc.sheets[:-1]:
        if not sheet.flow:
            continue
        last = sheet.flow[-1]
        text = last.text.strip()
        if ("Bold" in last.font and last.size >= doc.body_size * 0.95 and len(text) < 90
                and not text.endswith((".", ",", ";", ":", "?", "!"))):
            out.append(finding(doc.name, "P016", sheet.page.number,
                               f"the page ends with the heading '{text}'"))
    return out


RULE_CHECKS = (_page_size, _page_count, _fonts, _issue_line, _subject, _page_numbers, _masthead,
               _dateline, _author_notes, _disclaimer, _footnotes, _information, _printed_title, _tagged,
               _margins, _heading_at_foot, _pdfua)
# In a book: the rules of the whole file, and the issue rules each issue section is held to
# (its page numbers and margins are the book rules' to check, as they follow the book's pages).
BOOK_FILE_CHECKS = (_page_size, _fonts, _information, _tagged, _pdfua)
SECTION_CHECKS = (_page_count, _issue_line, _masthead, _dateline, _author_notes, _disclaimer,
                  _footnotes, _heading_at_foot)
