"""PDF/UA-1: the machine-checkable points of the Matterhorn protocol that avitools holds a PDF to.

Each rule reads the PDF's structure tree, its marked content and its catalog with pypdf. The rules,
with the Matterhorn checkpoints they stand for where one is named: U001 every marked-content id is
reachable from the structure tree (01-005); U002 the running elements in the margins are pagination
artifacts (18-001); U003 every artifact has a type; U004 every note is a /Note with a unique /ID
(19-003, 19-004); U005 headings skip no level (14-003); U006 the document has a language; U007 the
viewer shows the title (07-001, 07-002); U008 the XMP metadata claims PDF/UA (06-002); U009 a page
with annotations has /Tabs /S; U010 every font maps its glyphs to Unicode; U011 nothing is drawn
outside marked content (01-005); U012 every figure has alternate text (13-004).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from pypdf import PdfReader
from pypdf.generic import DictionaryObject, IndirectObject, NameObject

from avitools.check.findings import Finding, finding
from avitools.check.pdftext import DRAWING, extracted

_MARGIN_TEXT = 0.06  # the share of the page's height at top and bottom where running elements lie


@dataclass
class Marked:
    """What a page's content stream marks: ids, artifacts, and drawing outside any mark."""

    mcids: set[int] = field(default_factory=set)
    untyped_artifacts: int = 0
    unmarked: int = 0
    margin_text: int = 0  # text drawn in the top or bottom margin outside an artifact


def _resolve(value: Any) -> Any:
    return value.get_object() if isinstance(value, IndirectObject) else value


def elements(reader: PdfReader) -> list[tuple[DictionaryObject, int]]:
    """The structure elements in reading order, each with its depth."""
    catalog: Any = reader.trailer["/Root"]
    root = _resolve(catalog.get("/StructTreeRoot"))
    out: list[tuple[DictionaryObject, int]] = []

    def walk(kids: Any, depth: int) -> None:
        kids = _resolve(kids)
        if kids is None:
            return
        for kid in (list(kids) if isinstance(kids, list) else [kids]):
            kid = _resolve(kid)
            if isinstance(kid, DictionaryObject) and "/S" in kid:
                out.append((kid, depth))
                walk(kid.get("/K"), depth + 1)

    if root is not None:
        walk(root.get("/K"), 0)
    return out


def referenced_mcids(reader: PdfReader) -> dict[int, set[int]]:
    """For each page (by index), the marked-content ids the structure tree reaches."""
    pages = {page.indirect_reference.idnum: index
             for index, page in enumerate(reader.pages) if page.indirect_reference is not None}
    found: dict[int, set[int]] = {}
    for element, _ in elements(reader):
        page_ref = element.get("/Pg")
        kids = _resolve(element.get("/K"))
        for kid in (list(kids) if isinstance(kids, list) else [kids]):
            kid = _resolve(kid)
            if isinstance(kid, int):
                where = page_ref
                mcid = int(kid)
            elif isinstance(kid, DictionaryObject) and kid.get("/Type") == "/MCR":
                where = kid.get("/Pg", page_ref)
                mcid = int(str(kid["/MCID"]))
            else:
                continue
            if isinstance(where, IndirectObject) and where.idnum in pages:
                found.setdefault(pages[where.idnum], set()).add(mcid)
    return found


def marked_content(reader: PdfReader, index: int) -> Marked:
    """Read one page's content stream: its ids, untyped artifacts, unmarked drawing, and text in
    the margins that is not an artifact (its place from pypdf's matrices)."""
    page = reader.pages[index]
    low, high = float(page.mediabox.bottom), float(page.mediabox.top)
    margin = (high - low) * _MARGIN_TEXT
    out = Marked()
    stack: list[bool] = []  # for each open mark: whether it is (inside) an artifact
    properties = (_resolve(page.get("/Resources")) or {}).get("/Properties") or {}
    for operator, operands, y in extracted(reader, index).operations:
        if operator in (b"BDC", b"BMC"):
            tag = operands[0] if operands else None
            props = _resolve(operands[1]) if operator == b"BDC" and len(operands) > 1 else None
            if isinstance(props, NameObject):  # a named property list in the page's resources
                props = _resolve(_resolve(properties).get(props))
            if tag == "/Artifact" and not (isinstance(props, DictionaryObject) and "/Type" in props):
                out.untyped_artifacts += 1
            if isinstance(props, DictionaryObject) and "/MCID" in props:
                out.mcids.add(int(str(props["/MCID"])))
            stack.append(tag == "/Artifact" or any(stack))
        elif operator == b"EMC":
            if stack:
                stack.pop()
        elif operator in DRAWING:
            if not stack:
                out.unmarked += 1
            elif operator in (b"Tj", b"TJ") and not stack[-1] and (
                    y < low + margin or y > high - margin):
                out.margin_text += 1
    return out


def check_pdfua(reader: PdfReader, name: str) -> list[Finding]:
    """The findings of the PDF/UA rules, for a PDF whose XMP claims PDF/UA (else only U008 when it
    has a structure tree)."""
    root: Any = reader.trailer["/Root"]
    metadata = root.get("/Metadata")
    xmp = _resolve(metadata).get_data() if metadata is not None else b""
    claims = b"pdfuaid" in xmp
    found: list[Finding] = []
    if not claims:
        return [finding(name, "U008", 0, "the XMP metadata does not claim PDF/UA (pdfuaid:part)")] \
            if "/StructTreeRoot" in root else []
    if not str(root.get("/Lang", "")).strip():
        found.append(finding(name, "U006", 0, "the document has no language (/Lang)"))
    viewer = _resolve(root.get("/ViewerPreferences")) or {}
    if str(viewer.get("/DisplayDocTitle", "false")).lower() != "true":
        found.append(finding(name, "U007", 0, "the viewer is not told to show the title "
                             "(/ViewerPreferences /DisplayDocTitle true)"))
    if "/StructTreeRoot" not in root:
        return found  # no structure to hold to the rules (P014 says so)
    tree = elements(reader)
    found += _notes(tree, name) + _headings(tree, name) + _figures(tree, name)
    reached = referenced_mcids(reader)
    fonts_told: set[str] = set()
    for index, page in enumerate(reader.pages):
        number = index + 1
        marked = marked_content(reader, index)
        orphans = sorted(marked.mcids - reached.get(index, set()))
        if orphans:
            found.append(finding(name, "U001", number, f"{len(orphans)} marked-content id(s) no "
                                 f"structure element reaches ({', '.join(map(str, orphans[:5]))})"))
        if marked.margin_text:
            found.append(finding(name, "U002", number, f"{marked.margin_text} text run(s) in the page "
                                 "margins are content, not pagination artifacts"))
        if marked.untyped_artifacts:
            found.append(finding(name, "U003", number, f"{marked.untyped_artifacts} artifact(s) "
                                 "without a /Type"))
        if marked.unmarked:
            found.append(finding(name, "U011", number, f"{marked.unmarked} drawing operation(s) "
                                 "outside marked content"))
        if page.get("/Annots") and page.get("/Tabs") != "/S":
            found.append(finding(name, "U009", number, "the page has annotations but no /Tabs /S"))
        for font_name in _fonts_without_unicode(page):
            if font_name not in fonts_told:
                fonts_told.add(font_name)
                found.append(finding(name, "U010", number, f"font {font_name} has no ToUnicode map"))
    return found


def _notes(tree: list[tuple[DictionaryObject, int]], name: str) -> list[Finding]:
    if not any(str(element["/S"]) == "/Note" for element, _ in tree):  # a house issue has author notes
        return [finding(name, "U004", 0, "no /Note element: footnotes and author notes must be notes")]
    out, seen = [], set()
    for element, _ in tree:
        if str(element["/S"]) != "/Note":
            continue
        ident = element.get("/ID")
        if ident is None:
            out.append(finding(name, "U004", 0, "a /Note element has no /ID"))
        elif str(ident) in seen:
            out.append(finding(name, "U004", 0, f"the note ID '{ident}' is used twice"))
        else:
            seen.add(str(ident))
    return out


def _headings(tree: list[tuple[DictionaryObject, int]], name: str) -> list[Finding]:
    out, level = [], 0
    for element, _ in tree:
        tag = str(element["/S"])
        if len(tag) == 3 and tag.startswith("/H") and tag[2].isdigit():
            new = int(tag[2])
            if new > level + 1:
                out.append(finding(name, "U005", 0, f"an H{new} follows "
                                   f"{f'an H{level}' if level else 'no heading'}: a level is skipped"))
            level = new
    return out


def _figures(tree: list[tuple[DictionaryObject, int]], name: str) -> list[Finding]:
    missing = sum(1 for element, _ in tree
                  if str(element["/S"]) == "/Figure" and not str(element.get("/Alt", "")).strip())
    return [finding(name, "U012", 0, f"{missing} figure(s) without alternate text (/Alt)")] \
        if missing else []


def _fonts_without_unicode(page: Any) -> Iterator[str]:
    resources = _resolve(page.get("/Resources")) or {}
    fonts = _resolve(resources.get("/Font")) or {}
    for font in fonts.values():
        font = _resolve(font)
        if "/ToUnicode" in font:
            continue
        encoding = _resolve(font.get("/Encoding"))
        if font.get("/Subtype") != "/Type0" and encoding in ("/WinAnsiEncoding", "/MacRomanEncoding",
                                                             "/StandardEncoding"):
            continue  # a simple font in a standard encoding maps to Unicode by its names
        yield str(font.get("/BaseFont", "?")).lstrip("/")
