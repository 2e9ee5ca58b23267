"""The checks every build runs on the PDF it has just made, before it counts as built.

They are the rules that say whether the publication is faithful and fits: the page limit (P003),
nothing outside the text block but the running elements (P015), the fidelity rule (F001), and the
house rules: A4 pages (P002), embedded house fonts (P004, P005), this issue's running line and page
number on every page (P006, P007, P017), masthead, dateline and author notes on page 1 (P008-P010),
the disclaimer closing the article (P011), the document information and tags (P013, P014), the
PDF/UA rules U001-U012 on a PDF written as PDF/UA, no page ending with a heading (P016, a
warning). Notes on their call's page (P012) are held by the layout itself (render/engine/), which
fails a note it cannot place. They read the PDF once, with PDFium, so that they cost little next to it.
"""

from __future__ import annotations

import ctypes
import re
from collections.abc import Sequence
from typing import Any

import pypdfium2

from avitools.check.fidelity import joined, losses
from avitools.check.findings import Finding, finding
from avitools.check.geometry import stray_text_on
from avitools.check.house import A4, House, base_font, normal, number_of, straight
from avitools.check.pdfua import Marked, check_pdfua, marked_content
from avitools.config import Project
from avitools.model import Article


def check_written(data: bytes, article: Article, project: Project, name: str,
                  tagged: bool = True, at_foot: Sequence[tuple[int, str]] = ()) -> list[Finding]:
    """The findings of the build's own checks on the PDF `data` made from `article` (`tagged`:
    written as PDF/UA, so it must have a structure tree; `at_foot`: the pages the layout ended
    with a heading)."""
    house = House(project.series(article.series), article.lang)
    document = pypdfium2.PdfDocument(data)
    found = page_limit(len(document), article, project, name)
    texts: list[str] = []
    fonts: dict[int, tuple[str, bool, int]] = {}
    stray: list[tuple[int, str]] = []
    marked: list[Marked] = []
    try:
        found += document_information(document, article, name, tagged)
        for index in range(len(document)):  # each page and its text are loaded once
            page = document[index]
            textpage = page.get_textpage()
            bottom: list[str] = []
            stray += stray_text_on(index + 1, page, textpage, house, bottom)
            found += running_elements(index + 1, page, bottom, house, article, name)
            # PDFium joins a line that ends with a real hyphen (`rules-` / `based`) to whatever it
            # reads next, marking the hyphen U+FFFE: the line and its hyphen are given back.
            texts.append(textpage.get_text_range().replace("\ufffe", "-\n"))
            textpage.close()
            _fonts_of(page, index + 1, fonts)
            if tagged:
                marked.append(marked_content(page))
    finally:
        document.close()
    if tagged:  # a PDF written as PDF/UA holds to its rules, or is not written
        found += check_pdfua(data, name, marked)
    found += stray_findings(stray, article, name)
    return (found + font_rules(fonts, project, name) + front_and_end(texts, house, article, name)
            + headings_at_foot(at_foot, name) + fidelity(article, joined(texts), name))


_QUOTED = re.compile(r"^text '(.*)' lies")


def stray_findings(stray: list[tuple[int, str]], article: Article, name: str) -> list[Finding]:
    """P015 for text outside the text block; the stray text of a table too wide for the page (even
    at the layout's smallest table type) is one finding for that table, naming its heads."""
    if not stray:  # nearly always: nothing to tell
        return []
    from avitools.check.fidelity import words
    from avitools.document import Table, plain_text, walk_blocks

    tables = [block for block in walk_blocks(article.body.blocks) if isinstance(block, Table)]
    table_words = [set(words(" ".join(plain_text(cell.children) for row in (t.header, *t.rows)
                                      for cell in row))) for t in tables]
    found: list[Finding] = []
    told: set[int] = set()
    for number, message in stray:
        quoted = _QUOTED.match(message)
        text = set(words(quoted[1])) if quoted else set()
        index = next((k for k, cells in enumerate(table_words) if text and text <= cells), None)
        if index is None:
            found.append(finding(name, "P015", number, message))
        elif index not in told:
            told.add(index)
            table = tables[index]
            heads = " | ".join(plain_text(cell.children) for cell in table.header)
            at = f" (line {table.line})" if table.line is not None else ""
            found.append(finding(name, "P015", number, f"the table headed '{heads[:60]}'{at} is wider "
                                 "than the text block even at its smallest type: split it into two "
                                 "tables, or turn it so that fewer columns cross the page"))
    return found


def _fonts_of(page: pypdfium2.PdfPage, number: int, fonts: dict[int, tuple[str, bool, int]]) -> None:
    """Add each font the page's text is drawn in: its name, whether it is embedded, its page."""
    import pypdfium2.raw as pdfium

    raw = page.raw
    for index in range(pdfium.FPDFPage_CountObjects(raw)):  # the raw calls: no helper objects
        obj = pdfium.FPDFPage_GetObject(raw, index)
        if pdfium.FPDFPageObj_GetType(obj) != pdfium.FPDF_PAGEOBJ_TEXT:
            continue
        font = pdfium.FPDFTextObj_GetFont(obj)
        key = ctypes.cast(font, ctypes.c_void_p).value or 0
        if key not in fonts:
            fonts[key] = (base_font(_bytes_name(font)), bool(pdfium.FPDFFont_GetIsEmbedded(font)), number)


def headings_at_foot(at_foot: Sequence[tuple[int, str]], name: str) -> list[Finding]:
    """P016 for each page but the last that ends with a heading, as the layout placed it (the
    build knows its layout; `avi check` reads the same from the PDF's lines)."""
    return [finding(name, "P016", number, f"the page ends with the heading '{text}'")
            for number, text in at_foot]


def _text(call: Any, *args: Any) -> str:
    """A PDFium string getter's UTF-16 value (`call(*args, buffer, length)`)."""
    length = call(*args, None, 0)
    if length <= 2:
        return ""
    buffer = (ctypes.c_ushort * (length // 2))()
    call(*args, buffer, length)
    return bytes(buffer)[:length - 2].decode("utf-16-le")


def document_information(document: pypdfium2.PdfDocument, article: Article, name: str,
                         tagged: bool) -> list[Finding]:
    """P013 (Title = the article's title, an Author, a language) and P014 (tagged when PDF/UA)."""
    import pypdfium2.raw as pdfium

    out = []
    info = document.get_metadata_dict()
    title = normal(info.get("Title", ""))
    if not title:
        out.append(finding(name, "P013", 0, "the document information has no Title"))
    elif title != normal(article.title):
        out.append(finding(name, "P013", 0, f"the Title '{title}' is not the article's title"))
    if not normal(info.get("Author", "")):
        out.append(finding(name, "P013", 0, "the document information has no Author"))
    if not _text(pdfium.FPDFCatalog_GetLanguage, document.raw):
        out.append(finding(name, "P013", 0, "the document has no language (/Lang)"))
    if tagged and not pdfium.FPDFCatalog_IsTagged(document.raw):
        out.append(finding(name, "P014", 0, "claims PDF/UA but has no tagged structure"))
    return out


def _bytes_name(font: Any) -> str:
    import pypdfium2.raw as pdfium

    length = pdfium.FPDFFont_GetBaseFontName(font, None, 0)
    buffer = ctypes.create_string_buffer(length)
    pdfium.FPDFFont_GetBaseFontName(font, buffer, length)
    return buffer.value.decode("latin-1")


def font_rules(fonts: dict[int, tuple[str, bool, int]], project: Project, name: str) -> list[Finding]:
    """P004 (every font embedded) and P005 (every font a house font)."""
    from avitools.fonts import font_names  # not check/fonts.py: that one loads pypdf

    house = font_names(project.fonts)
    out, seen = [], set()
    for font, embedded, number in fonts.values():
        if font in seen:
            continue
        seen.add(font)
        if not embedded:
            out.append(finding(name, "P004", number, f"font {font} is not embedded"))
        if font not in house:
            out.append(finding(name, "P005", number, f"font {font} is not a house font"))
    return out


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
    """P008 (the masthead opens page 1), P009 (the dateline follows it), P010 (an author note for
    each author at the foot of page 1) and P011 (the disclaimer closes the article, only there)."""
    def bare(text: str) -> str:  # as `normal`, less spaces; the PDF's text is NFC already
        return "".join(straight(text).split())

    out = []
    if not bare(texts[0][:400]).startswith(bare(house.masthead)):
        out.append(finding(name, "P008", 1, f"the masthead '{house.masthead}' does not open page 1"))
    lines = [normal(line) for line in texts[0].splitlines() if line.strip()]  # page 1 only
    if not any(house.dateline.match(line) for line in lines[:3]):
        out.append(finding(name, "P009", 1, "no dateline like 'Cambodia | 28 August 2024' after the "
                           "masthead"))
    # An author note is its mark and the start of its author's bio: a line of the body that starts
    # with asterisks ("** Note: …") is no author note.
    starts = {bare(line[len(m[1]):])[:12]: len(m[1]) for line in lines
              if (m := re.match(r"^(\*+)\s*\S", line))}
    marks = sorted({mark for start, mark in starts.items() for k, author in enumerate(article.authors, 1)
                    if mark == k and start and bare(author.bio).startswith(start)})
    if marks != list(range(1, len(article.authors) + 1)):
        wanted = ", ".join("*" * k for k in range(1, len(article.authors) + 1))
        held = ", ".join("*" * k for k in marks) or "none"
        out.append(finding(name, "P010", 1, f"page 1 should hold an author note for each author "
                           f"({wanted}); it holds {held}"))
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
