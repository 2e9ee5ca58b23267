"""PDF/UA-1: the machine-checkable points of the Matterhorn protocol that avitools holds a PDF to.

The rules, with the Matterhorn checkpoints they stand for where one is named: U001 every
marked-content id is reachable from the structure tree (01-005); U002 the running elements in the
margins are pagination artifacts (18-001); U003 every artifact has a type; U004 every note is a
/Note with a unique /ID (19-003, 19-004); U005 headings skip no level (14-003); U006 the document
has a language; U007 the viewer shows the title (07-001, 07-002); U008 the XMP metadata claims
PDF/UA (06-002); U009 a page with annotations has /Tabs /S; U010 every font maps its glyphs to
Unicode; U011 nothing is drawn outside marked content (01-005); U012 every figure has alternate
text (13-004).

What the page draws (marks, artifacts, where text lies) is read with PDFium's page objects, the
same pages the build's other checks read; the catalog, the structure tree and the fonts with
pikepdf (qpdf), which reads one object without parsing its neighbours: about 5 ms an issue, where
a content-stream parse in Python took 300.
"""

from __future__ import annotations

import ctypes
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pikepdf
import pypdfium2
import pypdfium2.raw as pdfium

from avitools.check.findings import Finding, finding

_MARGIN_TEXT = 0.06  # the share of the page's height at top and bottom where running elements lie
_NAME_BUFFER = 64


@dataclass
class Marked:
    """What a page draws: its marked-content ids, untyped artifacts, objects outside any mark, and
    text in the top or bottom margin outside an artifact."""

    mcids: set[int] = field(default_factory=set)
    untyped_artifacts: int = 0
    unmarked: int = 0
    margin_text: int = 0


def elements(pdf: pikepdf.Pdf) -> list[tuple[pikepdf.Dictionary, int]]:
    """The structure elements in reading order, each with its depth."""
    return [(element, depth) for element, depth, _ in _walk(pdf)]


def _walk(pdf: pikepdf.Pdf) -> Iterator[tuple[pikepdf.Dictionary, int, Any]]:
    """Each structure element in reading order, with its depth and its kids (`/K`)."""
    root = pdf.Root.get("/StructTreeRoot")
    if root is not None:
        yield from _below(root.get("/K"), 0)


def _below(kids: Any, depth: int) -> Iterator[tuple[pikepdf.Dictionary, int, Any]]:
    if kids is None:
        return
    for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            grand = kid.get("/K")
            yield kid, depth, grand
            yield from _below(grand, depth + 1)


@dataclass
class Structure:
    """What the rules read of the structure tree: each element's tag, depth, /ID and /Alt, in
    reading order, and the marked-content ids it reaches on each page (by index)."""

    tags: list[tuple[str, int, str | None, str]] = field(default_factory=list)
    reached: dict[int, set[int]] = field(default_factory=dict)


def structure(pdf: pikepdf.Pdf) -> Structure:
    """The structure tree read once (see `Structure`)."""
    pages: dict[Any, int] = {page.objgen: i for i, page in enumerate(pdf.pages)}
    out = Structure()
    for element, depth, kids in _walk(pdf):
        tag = str(element["/S"])
        ident = element.get("/ID") if tag == "/Note" else None
        alt = str(element.get("/Alt", "")) if tag == "/Figure" else ""
        out.tags.append((tag, depth, None if ident is None else str(ident), alt))
        page_ref = None
        for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
            if isinstance(kid, int):
                if page_ref is None:
                    page_ref = element.get("/Pg")
                where, mcid = page_ref, int(kid)
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                where, mcid = kid.get("/Pg", element.get("/Pg")), int(kid["/MCID"])
            else:
                continue
            index = pages.get(where.objgen) if where is not None else None
            if index is not None:
                out.reached.setdefault(index, set()).add(mcid)
    return out


def marked_content(page: pypdfium2.PdfPage) -> Marked:
    """Read one page's objects with their marks: ids, untyped artifacts (each marked section once),
    objects outside any mark, and text in the margins that is not an artifact."""
    low, high = page.get_mediabox()[1], page.get_mediabox()[3]
    margin = (high - low) * _MARGIN_TEXT
    out = Marked()
    untyped: set[int | None] = set()
    for obj in _objects(page):
        count = pdfium.FPDFPageObj_CountMarks(obj)
        if count <= 0:
            out.unmarked += 1
            continue
        artifact = False
        for index in range(count):
            mark = pdfium.FPDFPageObj_GetMark(obj, index)
            if _is_artifact(mark):
                artifact = True
                if pdfium.FPDFPageObjMark_GetParamValueType(mark, b"Type") == \
                        pdfium.FPDF_OBJECT_UNKNOWN:
                    untyped.add(ctypes.cast(mark, ctypes.c_void_p).value)
        mcid = pdfium.FPDFPageObj_GetMarkedContentID(obj)
        if mcid >= 0:
            out.mcids.add(mcid)
        if not artifact and pdfium.FPDFPageObj_GetType(obj) == pdfium.FPDF_PAGEOBJ_TEXT:
            bottom, top = _vertical(obj)
            if top < low + margin or bottom > high - margin:
                out.margin_text += 1
    out.untyped_artifacts = len(untyped)
    return out


def _objects(page: pypdfium2.PdfPage) -> Iterator[Any]:
    for index in range(pdfium.FPDFPage_CountObjects(page.raw)):
        yield pdfium.FPDFPage_GetObject(page.raw, index)


_BUFFER = (ctypes.c_ushort * (_NAME_BUFFER // 2))()
_LENGTH = ctypes.c_ulong()
_LENGTH_REF = ctypes.byref(_LENGTH)
_ARTIFACT = "Artifact".encode("utf-16-le") + b"\0\0"


def _is_artifact(mark: Any) -> bool:
    """Whether the mark is named Artifact (its UTF-16 name compared as bytes)."""
    if not pdfium.FPDFPageObjMark_GetName(mark, _BUFFER, _NAME_BUFFER, _LENGTH_REF):
        return False
    return _LENGTH.value == len(_ARTIFACT) and bytes(_BUFFER)[:_LENGTH.value] == _ARTIFACT


_EDGES = [ctypes.c_float() for _ in range(4)]  # left, bottom, right, top
_EDGE_REFS = [ctypes.byref(edge) for edge in _EDGES]


def _vertical(obj: Any) -> tuple[float, float]:
    pdfium.FPDFPageObj_GetBounds(obj, *_EDGE_REFS)
    return _EDGES[1].value, _EDGES[3].value


def check_pdfua(data: bytes, name: str, marked: list[Marked] | None = None) -> list[Finding]:
    """The findings of the PDF/UA rules for the PDF `data`, for a PDF whose XMP claims PDF/UA (else
    only U008 when it has a structure tree). `marked`: what each page draws, when the caller has
    read it from its own pages (`marked_content`)."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        root = pdf.Root
        metadata = root.get("/Metadata")
        claims = metadata is not None and b"pdfuaid" in metadata.read_bytes()
        if not claims:
            return [finding(name, "U008", 0, "the XMP metadata does not claim PDF/UA (pdfuaid:part)")] \
                if "/StructTreeRoot" in root else []
        found = _catalog(root, name)
        if "/StructTreeRoot" not in root:
            return found  # no structure to hold to the rules (P014 says so)
        tree = structure(pdf)
        found += _notes(tree.tags, name) + _headings(tree.tags, name) + _figures(tree.tags, name)
        found += _pages(pdf, marked if marked is not None else _marked(data), tree.reached, name)
    return found


def _marked(data: bytes) -> list[Marked]:
    document = pypdfium2.PdfDocument(data)
    try:
        out = []
        for index in range(len(document)):
            page = document[index]
            out.append(marked_content(page))
            page.close()
        return out
    finally:
        document.close()


def _catalog(root: Any, name: str) -> list[Finding]:
    found = []
    if not str(root.get("/Lang", "")).strip():
        found.append(finding(name, "U006", 0, "the document has no language (/Lang)"))
    viewer = root.get("/ViewerPreferences") or pikepdf.Dictionary()
    if viewer.get("/DisplayDocTitle") is not True and str(viewer.get("/DisplayDocTitle")) != "true":
        found.append(finding(name, "U007", 0, "the viewer is not told to show the title "
                             "(/ViewerPreferences /DisplayDocTitle true)"))
    return found


def _pages(pdf: pikepdf.Pdf, drawn: list[Marked], reached: dict[int, set[int]], name: str
           ) -> list[Finding]:
    found: list[Finding] = []
    fonts_told: set[str] = set()
    for index, (page, marked) in enumerate(zip(pdf.pages, drawn, strict=True)):
        number = index + 1
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
        if page.obj.get("/Annots") and page.obj.get("/Tabs") != "/S":
            found.append(finding(name, "U009", number, "the page has annotations but no /Tabs /S"))
        for font_name in _fonts_without_unicode(page.obj):
            if font_name not in fonts_told:
                fonts_told.add(font_name)
                found.append(finding(name, "U010", number, f"font {font_name} has no ToUnicode map"))
    return found


Tags = list[tuple[str, int, str | None, str]]


def _notes(tags: Tags, name: str) -> list[Finding]:
    if not any(tag == "/Note" for tag, _, _, _ in tags):  # a house issue has author notes
        return [finding(name, "U004", 0, "no /Note element: footnotes and author notes must be notes")]
    out, seen = [], set()
    for tag, _, ident, _ in tags:
        if tag != "/Note":
            continue
        if ident is None:
            out.append(finding(name, "U004", 0, "a /Note element has no /ID"))
        elif ident in seen:
            out.append(finding(name, "U004", 0, f"the note ID '{ident}' is used twice"))
        else:
            seen.add(ident)
    return out


def _headings(tags: Tags, name: str) -> list[Finding]:
    out, level = [], 0
    for tag, _, _, _ in tags:
        if len(tag) == 3 and tag.startswith("/H") and tag[2].isdigit():
            new = int(tag[2])
            if new > level + 1:
                out.append(finding(name, "U005", 0, f"an H{new} follows "
                                   f"{f'an H{level}' if level else 'no heading'}: a level is skipped"))
            level = new
    return out


def _figures(tags: Tags, name: str) -> list[Finding]:
    missing = sum(1 for tag, _, _, alt in tags if tag == "/Figure" and not alt.strip())
    return [finding(name, "U012", 0, f"{missing} figure(s) without alternate text (/Alt)")] \
        if missing else []


def _fonts_without_unicode(page: Any) -> Iterator[str]:
    resources = page.get("/Resources") or pikepdf.Dictionary()
    fonts = resources.get("/Font") or pikepdf.Dictionary()
    for _key, font in fonts.items():
        if "/ToUnicode" in font:
            continue
        encoding = font.get("/Encoding")
        if font.get("/Subtype") != "/Type0" and encoding in ("/WinAnsiEncoding", "/MacRomanEncoding",
                                                             "/StandardEncoding"):
            continue  # a simple font in a standard encoding maps to Unicode by its names
        yield str(font.get("/BaseFont", "?")).lstrip("/")
