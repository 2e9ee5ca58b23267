"""Word packages as Word writes them: the main part, and markup the converter would drop, made plain.

mammoth reads the document body; a few kinds of markup that carry the author's text are left out
by it (simple fields, ruby, drop caps). They are rewritten here, in memory, into the runs and
paragraphs it reads, so that what Word shows is what the PDF prints.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CONTENT_TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_OFFICE_DOCUMENT = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
                    "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument")
STRICT_NS = "http://purl.oclc.org/ooxml/wordprocessingml/main"
# The content types of a Word document's main part: a document, a macro-enabled one, a template.
WORD_MAIN_TYPES = tuple(f"application/vnd.{kind}.main+xml" for kind in (
    "openxmlformats-officedocument.wordprocessingml.document",
    "ms-word.document.macroEnabled",
    "openxmlformats-officedocument.wordprocessingml.template",
    "ms-word.template.macroEnabledTemplate"))
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def main_part(package: zipfile.ZipFile) -> str | None:
    """The name of the package's main part, as `_rels/.rels` names it (not always word/document.xml)."""
    try:
        rels = etree.fromstring(package.read("_rels/.rels"), _PARSER)
    except (KeyError, etree.XMLSyntaxError):
        return "word/document.xml" if "word/document.xml" in package.namelist() else None
    for rel in rels.iter(f"{_RELS}Relationship"):
        if rel.get("Type") in _OFFICE_DOCUMENT:
            target = rel.get("Target") or ""
            return posixpath.normpath(target.lstrip("/"))
    return None


def content_type(package: zipfile.ZipFile, part: str) -> str:
    """The content type `[Content_Types].xml` gives a part (its override, else its extension's)."""
    try:
        types = etree.fromstring(package.read("[Content_Types].xml"), _PARSER)
    except (KeyError, etree.XMLSyntaxError):
        return ""
    for override in types.iter(f"{_CONTENT_TYPES}Override"):
        if (override.get("PartName") or "").lstrip("/") == part:
            return override.get("ContentType") or ""
    extension = part.rsplit(".", 1)[-1].lower()
    for default in types.iter(f"{_CONTENT_TYPES}Default"):
        if (default.get("Extension") or "").lower() == extension:
            return default.get("ContentType") or ""
    return ""


@dataclass
class Prepared:
    """The package to convert: the same bytes when nothing needed rewriting."""

    data: bytes


STYLES = "word/styles.xml"


def prepare(data: bytes, package: zipfile.ZipFile, main: str) -> Prepared:
    """Rewrite the main part's simple fields, ruby and drop caps into plain runs and paragraphs,
    All Caps runs into capitals, and give a style without a type the type the standard gives it
    (paragraph)."""
    rewritten: dict[str, bytes] = {}
    root = _parsed(package, main, (b"fldSimple", b"ruby", b"dropCap", b"<w:caps"))
    if root is not None:
        _unwrap_simple_fields(root)
        _ruby_to_base(root)
        _join_drop_caps(root)
        _all_capitals(root)
        rewritten[main] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    styles = _parsed(package, STYLES, (b"<w:style",))
    if styles is not None and _type_styles(styles):
        rewritten[STYLES] = etree.tostring(styles, xml_declaration=True, encoding="UTF-8",
                                           standalone=True)
    if not rewritten:
        return Prepared(data)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in package.infolist():  # fresh headers: the original's flags may not fit the copy
            name = info.filename
            copy.writestr(name, rewritten[name] if name in rewritten else package.read(name))
    return Prepared(out.getvalue())


def _parsed(package: zipfile.ZipFile, part: str, marks: tuple[bytes, ...]) -> etree._Element | None:
    """The part's XML when it holds one of `marks` (and parses), else None: nothing to rewrite."""
    try:
        source = package.read(part)
    except KeyError:
        return None
    if not any(mark in source for mark in marks):
        return None
    try:
        return etree.fromstring(source, _PARSER)
    except etree.XMLSyntaxError:
        return None


def _type_styles(styles: etree._Element) -> bool:
    """A `w:style` without `w:type` is a paragraph style (the standard's default), and one without
    an id can be used by nothing: dropped. Says whether any was."""
    changed = False
    for style in list(styles.iter(f"{W}style")):
        if style.get(f"{W}styleId") is None and style.getparent() is not None:
            style.getparent().remove(style)
            changed = True
        elif style.get(f"{W}type") is None:
            style.set(f"{W}type", "paragraph")
            changed = True
    return changed


def _unwrap_simple_fields(root: etree._Element) -> None:
    """A simple field (`w:fldSimple`) shows its last result: keep the result's runs in its place."""
    for simple in list(root.iter(f"{W}fldSimple")):
        _replace_with_children(simple, list(simple))


def _ruby_to_base(root: etree._Element) -> None:
    """Ruby (a phonetic guide over East Asian text) prints its base text; the guide is left out."""
    for ruby in list(root.iter(f"{W}ruby")):
        base = ruby.find(f"{W}rubyBase")
        runs = list(base) if base is not None else []
        run = ruby.getparent()
        if run is None or run.tag != f"{W}r" or run.getparent() is None:
            continue
        properties = run.find(f"{W}rPr")
        others = [child for child in run if child is not ruby and child is not properties]
        if others:  # a run holding more than the ruby: keep its other content in a run of its own
            continue
        _replace_with_children(run, [r for r in runs if r.tag == f"{W}r"])


def _all_capitals(root: etree._Element) -> None:
    """A run formatted All Caps shows its letters as capitals: they print as Word shows them."""
    for caps in list(root.iter(f"{W}caps")):
        properties = caps.getparent()
        run = properties.getparent() if properties is not None else None
        if run is None or run.tag != f"{W}r" or caps.get(f"{W}val") in ("0", "false", "off"):
            continue
        for text in run.iter(f"{W}t"):
            text.text = (text.text or "").upper()


def _join_drop_caps(root: etree._Element) -> None:
    """A drop cap is a one-letter paragraph in a frame: its runs go back into the next paragraph."""
    for frame in list(root.iter(f"{W}framePr")):
        if frame.get(f"{W}dropCap") not in ("drop", "margin"):
            continue
        paragraph = frame.getparent().getparent() if frame.getparent() is not None else None
        if paragraph is None or paragraph.tag != f"{W}p":
            continue
        following = paragraph.getnext()
        if following is None or following.tag != f"{W}p":
            continue
        runs = [child for child in paragraph if child.tag != f"{W}pPr"]
        properties = following.find(f"{W}pPr")
        at = 0 if properties is None else following.index(properties) + 1
        for offset, run in enumerate(runs):
            following.insert(at + offset, run)
        paragraph.getparent().remove(paragraph)


def _replace_with_children(element: etree._Element, children: list[etree._Element]) -> None:
    parent = element.getparent()
    if parent is None:
        return
    at = parent.index(element)
    for offset, child in enumerate(children):
        parent.insert(at + offset, child)
    parent.remove(element)
