"""Word manuscripts: a .docx (untrusted) plus its sidecar YAML -> a Markdown manuscript."""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from lxml import etree

from avitools.errors import ManuscriptError, Problem, relative
from avitools.read import frontmatter, schema, wordxml
from avitools.read.html_to_md import to_markdown
from avitools.text import title_slug

MAX_DOCX_BYTES = 25_000_000
MAX_UNPACKED_BYTES = 200_000_000
MAX_MEMBERS = 3_000
MAX_RATIO = 120
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MATH = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
STYLE_MAP = """
p[style-name='Title'] => h1.title:fresh
p[style-name='Subtitle'] => p.subtitle:fresh
p[style-name='Quote'] => blockquote > p:fresh
p[style-name='Intense Quote'] => blockquote > p:fresh
"""
_IMAGE_TYPES = {"image/png": ".png", "image/jpeg": ".jpg", "image/gif": ".gif", "image/svg+xml": ".svg"}


@dataclass
class WordManuscript:
    """A converted Word file: front matter, Markdown body, extracted figures and the report."""

    source: Path
    sidecar: Path | None
    meta: dict[str, Any]
    body: str
    figures: dict[str, bytes] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    model: schema.ManuscriptMeta | None = None

    def text(self) -> str:
        """The whole Markdown manuscript: YAML front matter, then the body."""
        meta = yaml.safe_dump(self.meta, sort_keys=False, allow_unicode=True, width=1000)
        meta = re.sub(r"^date: '(\d{4}-\d{2}-\d{2})'$", r"date: \1", meta, flags=re.M)
        return f"---\n{meta}---\n\n{self.body}"


def sidecar_of(path: Path) -> Path:
    """`article.docx` -> `article.yaml` beside it."""
    return path.with_suffix(".yaml")


def read_docx(path: Path) -> WordManuscript:
    """Convert one Word file and merge its metadata; every problem is an error naming the file."""
    name = relative(path)
    try:
        return _read_docx(path, name)
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:  # a part found damaged on the way
        raise ManuscriptError(Problem(name, f"is damaged: a part of it cannot be unpacked ({exc})",
                                      "open it in Word, or ask the author to save it again")) from exc


def _read_docx(path: Path, name: str) -> WordManuscript:
    data = _safe_bytes(path, name)
    package = zipfile.ZipFile(io.BytesIO(data))
    main = wordxml.main_part(package) or "word/document.xml"
    _refuse_linked_files(package, name)
    warnings = _entities(package, name) + _report(package, name, main)
    prepared = wordxml.prepare(data, package, main)
    meta, sidecar = _metadata(path, package)
    figures: dict[str, bytes] = {}
    sources: dict[str, str] = {}
    undescribed: list[Problem] = []

    import mammoth

    def image(picture: Any) -> dict[str, str]:
        number = len(figures) + len(undescribed) + 1
        with picture.open() as stream:
            content = stream.read()
        suffix = _IMAGE_TYPES.get(picture.content_type)
        if suffix is None:
            content, suffix = _as_png(content), ".png"
        if content is None:
            undescribed.append(_unprintable(name, number, picture.content_type))
            return {}
        if not (picture.alt_text or "").strip():
            undescribed.append(Problem(name, f"picture {number} has no "
                                       "alt text", "in Word, right-click the picture, choose View Alt "
                                       "Text and say what it shows"))
        file_name = f"figure-{len(figures) + 1}{suffix}"
        figures[file_name] = content
        src = f"avitools-figure:{file_name}"
        sources[src] = file_name
        return {"src": src}

    try:
        result = mammoth.convert_to_html(io.BytesIO(prepared.data), style_map=STYLE_MAP,
                                         convert_image=mammoth.images.img_element(image),
                                         external_file_access=False)
    except Exception as exc:
        raise ManuscriptError(Problem(name, f"cannot be converted: {type(exc).__name__}: {exc}",
                                      "open it in Word and save it again as .docx")) from None
    if undescribed:
        raise ManuscriptError(undescribed)
    warnings += [f"warning: {name}: {told}" for told in
                 dict.fromkeys(filter(None, (_told(m.message) for m in result.messages)))]
    converted = to_markdown(result.value, sources)
    warnings += [f"warning: {name}: {text}" for text in dict.fromkeys(converted.approximations)]
    if "title" not in meta and converted.title:
        meta = {"title": converted.title, **meta}
    elif converted.title and converted.title != str(meta.get("title", "")):
        warnings.append(f"warning: {name}: the Word file's Title paragraph '{converted.title[:60]}' is "
                        f"not printed: the title is the sidecar's '{str(meta.get('title'))[:60]}'")
    if "subtitle" in meta and converted.subtitle and converted.subtitle != str(meta["subtitle"]):
        warnings.append(f"warning: {name}: the Word file's Subtitle paragraph '{converted.subtitle[:60]}' "
                        f"is not printed: the subtitle is the sidecar's '{str(meta['subtitle'])[:60]}'")
    if "subtitle" not in meta and converted.subtitle:
        meta["subtitle"] = converted.subtitle
    model, problems = schema.validate(meta, relative(sidecar) if sidecar else name,
                                      _lines(sidecar) if sidecar else {})
    if model is None or problems:
        raise ManuscriptError(problems)
    ordered = {key: meta[key] for key in schema.KEYS if key in meta}
    if "date" in ordered:
        ordered["date"] = str(ordered["date"])
    return WordManuscript(path, sidecar, ordered, converted.markdown, figures, warnings, model)


# Styles the conversion handles by structure (notes, links, comments), whatever the file calls them.
_STRUCTURAL = ("Hyperlink", "FootnoteText", "FootnoteReference", "EndnoteText", "EndnoteReference",
               "CommentText", "CommentReference")


_STYLE = re.compile(r"^Unrecognised (paragraph|run|table) style: (.*) \(Style ID: (.*)\)$")
_ELEMENT = re.compile(r"^An unrecognised element was ignored: (.*)$")
_SET_AS = {"paragraph": "its paragraphs are set as body text", "run": "its text is set as plain text",
           "table": "its tables are set in the house table style"}


def _told(message: str) -> str | None:
    """The converter's message as a warning whose tail says what really happened, or None when
    nothing was lost (structural styles, an image type decided by the reader itself)."""
    if "was referenced but not defined in the document" in message or message.startswith("Image of type"):
        return None
    style = _STYLE.match(message)
    if style:
        if style[3] in _STRUCTURAL:
            return None
        kind = {"run": "character"}.get(style[1], style[1])
        return f"{kind} style '{style[2]}' has no house equivalent: {_SET_AS[style[1]]}"
    element = _ELEMENT.match(message)
    if element:
        return (f"Word element {element[1]} is not read: what it holds was left out "
                "(check the PDF against the Word file there)")
    return f"{message} (reported by the Word converter)"


def _as_png(content: bytes) -> bytes | None:
    """A picture of a type the PDF cannot hold (TIFF, BMP …) as PNG, if it can be decoded."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(content)) as picture:
            if picture.format in ("WMF", "EMF"):  # Pillow opens metafiles only on Windows
                return None
            out = io.BytesIO()
            picture.save(out, "PNG")
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError):
        return None  # refused as a picture the PDF cannot hold, with how to re-insert it
    return out.getvalue()


def _unprintable(name: str, number: int, kind: str) -> Problem:
    """The one line for a picture that cannot be converted into the PDF."""
    if kind in ("image/x-emf", "image/x-wmf", "image/emf", "image/wmf"):
        what = f"is a Windows metafile ({kind.rsplit('-', 1)[-1].rsplit('/', 1)[-1].upper()})"
        how = ("in Word, right-click it, choose Save as Picture, save it as PNG and insert that "
               "file in its place; a chart from Excel can be pasted as a PNG picture instead")
    else:
        what = f"is of a type the PDF cannot hold ({kind})"
        how = "save it as PNG or JPEG and insert that file in its place"
    return Problem(name, f"picture {number} {what}", how)


def _safe_bytes(path: Path, name: str) -> bytes:
    """The file's bytes, if it is a Word package of sane size, not encrypted and not a zip bomb."""
    try:
        size = path.stat().st_size
        if size > MAX_DOCX_BYTES:
            raise ManuscriptError(Problem(name, f"is {size:,} bytes, more than the {MAX_DOCX_BYTES:,} "
                                          "a Word manuscript may have", "compress its images"))
        data = path.read_bytes()
    except FileNotFoundError:
        raise ManuscriptError(Problem(name, "does not exist", "check the path")) from None
    except OSError as exc:
        raise ManuscriptError(Problem(name, f"cannot be read: {exc.strerror}")) from None
    if data.startswith(OLE_MAGIC):
        raise ManuscriptError(Problem(name, "is password-protected or an old Word 97-2003 file",
                                      "remove the password and save it as .docx"))
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        members = package.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ManuscriptError(Problem(name, "is not a Word .docx file (it is not a zip package)",
                                      "save it from Word as .docx")) from None
    unpacked = sum(m.file_size for m in members)
    if len(members) > MAX_MEMBERS or unpacked > MAX_UNPACKED_BYTES or any(
            m.file_size > MAX_RATIO * max(m.compress_size, 1) and m.file_size > 1_000_000 for m in members):
        raise ManuscriptError(Problem(name, f"unpacks to {unpacked:,} bytes in {len(members):,} parts: "
                                      "it looks like a zip bomb", "ask the author for the original file"))
    main = wordxml.main_part(package)
    if main is None or main not in package.namelist():
        raise ManuscriptError(Problem(name, "is not a Word document (it has no main document part)",
                                      "save it from Word as .docx"))
    kind = wordxml.content_type(package, main)
    if kind and kind not in wordxml.WORD_MAIN_TYPES:
        raise ManuscriptError(Problem(name, f"is not a Word document (its main part is {kind})",
                                      "save it from Word as .docx"))
    try:
        damaged = package.testzip()  # the first part whose checksum fails, if any
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error, NotImplementedError):
        damaged = "?"
    if damaged is not None:
        part = "" if damaged == "?" else f" ({damaged})"
        raise ManuscriptError(Problem(name, f"is damaged: a part of it cannot be unpacked{part}",
                                      "open it in Word, or ask the author to save it again"))
    return data


def _refuse_linked_files(package: zipfile.ZipFile, name: str) -> None:
    """A picture or object linked to a file outside the document is never followed."""
    members = set(package.namelist())
    for rels_name in sorted(m for m in members if m.endswith(".rels")):
        rels = _xml(package, rels_name)
        # `word/_rels/document.xml.rels` speaks of targets relative to `word/`.
        base = posixpath.dirname(posixpath.dirname(rels_name))
        for rel in rels.iter() if rels is not None else []:
            kind = (rel.get("Type") or "").rsplit("/", 1)[-1]
            target = rel.get("Target") or ""
            if kind not in ("image", "oleObject", "package", "subDocument"):
                continue  # a template link (attachedTemplate) names Word's template, no content
            article = "an" if kind[0] in "aeiou" else "a"
            if rel.get("TargetMode") == "External":
                raise ManuscriptError(Problem(name, f"links {article} {kind} outside the document "
                                              f"('{target[:80]}')",
                                              "insert it into the document in Word and save again"))
            inside = posixpath.normpath(target.lstrip("/") if target.startswith("/")
                                        else posixpath.join(base, target))
            if inside.startswith("../") or inside == "..":
                raise ManuscriptError(Problem(name, f"links {article} {kind} outside the document "
                                              f"('{target[:80]}')",
                                              "insert it into the document in Word and save again"))
            if inside not in members:
                raise ManuscriptError(Problem(name, f"its {kind} '{target[:80]}' is missing from the file",
                                              "insert the picture again in Word and save"))


def _entities(package: zipfile.ZipFile, name: str) -> list[str]:
    """Word never writes entities: refuse external ones, warn of the text a declared one loses."""
    warnings: list[str] = []
    for member in sorted(package.namelist()):
        if not member.endswith((".xml", ".rels")):
            continue
        data = package.read(member)
        if b"<!ENTITY" not in data and b"<!DOCTYPE" not in data:
            continue
        try:
            tree = etree.fromstring(data, _PARSER).getroottree()
        except etree.XMLSyntaxError:
            raise ManuscriptError(Problem(name, f"its part {member} is not valid XML",
                                          "open it in Word and save it again as .docx")) from None
        dtd = tree.docinfo.internalDTD
        for entity in dtd.iterentities() if dtd is not None else []:
            if entity.system_url:
                raise ManuscriptError(Problem(
                    name, f"its part {member} declares an external entity '{entity.name}' "
                    f"('{entity.system_url[:80]}'), which is never read",
                    "the file was not saved by Word: open it in Word and save it again as .docx"))
            if f"&{entity.name};".encode() in data:
                warnings.append(f"warning: {name}: its part {member} uses the entity &{entity.name}; "
                                "whose text was left out (open it in Word and save it again to keep it)")
    return warnings


def _xml(package: zipfile.ZipFile, member: str) -> etree._Element | None:
    try:
        return etree.fromstring(package.read(member), _PARSER)
    except KeyError:
        return None
    except etree.XMLSyntaxError:
        return None


def _report(package: zipfile.ZipFile, name: str, main: str) -> list[str]:
    """Warnings for what conversion loses or approximates, each with where it occurs."""
    warnings: list[str] = []
    document = _xml(package, main)
    if document is None:
        raise ManuscriptError(Problem(name, f"its main part ({main}) is not valid XML",
                                      "open it in Word and save it again"))
    if document.tag.startswith(f"{{{wordxml.STRICT_NS}}}"):
        raise ManuscriptError(Problem(name, "is saved as Strict Open XML, which is not read",
                                      "in Word, choose Save As and the type 'Word Document (*.docx)'"))
    body = document.find(f"{W}body")
    paragraphs = list(body.iter(f"{W}p")) if body is not None else []

    def where(element: etree._Element) -> str:
        paragraph = next((p for p in element.iterancestors(f"{W}p")), None)
        if paragraph is None:
            paragraph = element if element.tag == f"{W}p" else None
        if paragraph is None or paragraph not in paragraphs:
            return "in the document"
        text = "".join(t.text or "" for t in paragraph.iter(f"{W}t")).strip()
        return f"paragraph {paragraphs.index(paragraph) + 1} ('{text[:40]}')"

    for element in document.iter(f"{W}ins"):
        added = "".join(t.text or "" for t in element.iter(f"{W}t"))
        if not added.strip():  # a tracked paragraph mark or formatting: no text to decide on
            continue
        warnings.append(f"warning: {name}: {where(element)}: tracked insertion '{added[:40]}' was "
                        "taken into the text (accept or reject the changes in Word to decide)")
    for element in document.iter(f"{W}del"):
        removed = "".join(t.text or "" for t in element.iter(f"{W}delText"))
        if not removed.strip():
            continue
        warnings.append(f"warning: {name}: {where(element)}: tracked deletion '{removed[:40]}' was "
                        "left out of the text (accept or reject the changes in Word to decide)")
    comments = _xml(package, "word/comments.xml")
    texts = {c.get(f"{W}id"): "".join(t.text or "" for t in c.iter(f"{W}t"))
             for c in (comments.iter(f"{W}comment") if comments is not None else [])}
    for element in document.iter(f"{W}commentReference"):
        text = texts.get(element.get(f"{W}id"), "")
        warnings.append(f"warning: {name}: {where(element)}: comment '{text[:40]}' was not carried "
                        "over (resolve it in Word)")
    for element in document.iter(f"{MATH}oMath"):
        warnings.append(f"warning: {name}: {where(element)}: an equation was left out (type it as text, or "
                        "insert it as a picture with alt text)")
    for element in document.iter(f"{W}txbxContent"):
        warnings.append(f"warning: {name}: {where(element)}: a text box was set as ordinary paragraphs")
    for element in [*document.iter(f"{W}fldSimple"), *document.iter(f"{W}instrText")]:
        code = element.get(f"{W}instr") or element.text or ""
        warnings.append(f"warning: {name}: {where(element)}: field '{code.strip()[:30]}' was replaced "
                        "by its last shown result")
    if any(n.endswith("vbaProject.bin") for n in package.namelist()):
        warnings.append(f"warning: {name}: it contains macros; they were ignored, never run")
    return list(dict.fromkeys(warnings))


def _metadata(path: Path, package: zipfile.ZipFile) -> tuple[dict[str, Any], Path | None]:
    """The sidecar's metadata, with title and author filled from the Word file where missing."""
    sidecar = sidecar_of(path)
    meta: dict[str, Any] = {}
    if sidecar.is_file():
        from avitools.read.source import read_text

        text = read_text(sidecar, max_bytes=frontmatter.MAX_FRONT_MATTER)
        front = frontmatter.split(f"---\n{text}\n---\n", relative(sidecar), offset=1)
        meta = dict(front.data)
    core = _xml(package, "docProps/core.xml")
    if core is not None:
        dc = "{http://purl.org/dc/elements/1.1/}"
        title = (core.findtext(f"{dc}title") or "").strip()
        creator = (core.findtext(f"{dc}creator") or "").strip()
        if title and "title" not in meta:
            meta["title"] = title
        if creator and "authors" not in meta:
            meta["authors"] = [{"name": creator}]
    return meta, sidecar if sidecar.is_file() else None


def _lines(sidecar: Path) -> dict[tuple[str | int, ...], int]:
    text = sidecar.read_text(encoding="utf-8")
    return frontmatter.split(f"---\n{text}\n---\n", relative(sidecar), offset=1).lines


def slug(meta: dict[str, Any]) -> str:
    """`2024-08-cambodia-strategic-partnership-korea` from the date, issue and title."""
    year = str(meta.get("date", ""))[:4]
    words = title_slug(str(meta.get("title", "")), 4)
    return f"{year}-{int(meta.get('issue', 0)):02d}-{words or 'manuscript'}"
