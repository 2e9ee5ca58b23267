"""The one table of avitools' extensions of WeasyPrint, pydyf and Pyphen: what each touches and why.

Each extension is a module of this package with an `install()`. Before any is installed, every
target of every extension is fingerprinted (`guard.py`); an extension installs only when all its
targets match the fingerprints below, taken from the versions in `VERIFIED`: all of it or none.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path


class Kind(StrEnum):
    """Why an extension exists, which decides what happens when it cannot install."""

    SPEED = "speed"  # the same PDFs, sooner: steps aside silently but for one warning
    STARTUP = "start-up"  # the same process, started sooner: any failure is the plain import
    CORRECTNESS = "correctness"  # a PDF WeasyPrint alone gets wrong: a fallback or a loud failure
    INSPECTION = "inspection"  # reads the laid-out boxes, changes nothing: on in every mode


def _verified() -> dict[str, str]:
    """The versions every fingerprint below was taken from and every extension tested on: the
    pins in verified.txt, which make installs."""
    text = (Path(__file__).with_name("verified.txt")).read_text(encoding="utf-8")
    pins = (line.split("#")[0].strip() for line in text.splitlines())
    return dict(pin.split("==") for pin in pins if pin)


VERIFIED = _verified()


@dataclass(frozen=True)
class Extension:
    """One extension: its module, kind, targets (name -> fingerprint), what stands in when it is
    off, the extensions it needs, and the upstream change that would let us delete it."""

    name: str
    title: str
    kind: Kind
    targets: dict[str, str]
    fallback: str
    upstream: str
    needs: tuple[str, ...] = field(default=())


EXTENSIONS: tuple[Extension, ...] = (
    Extension(
        "hyphenation", "hyphenation patterns kept parsed", Kind.STARTUP,
        {"pyphen:Pyphen.__init__": "1c1b59c951875735"},
        "Pyphen parses the patterns file on first use",
        "none needed: a cache of our own in front of Pyphen's `hdcache`"),
    Extension(
        "serialize", "PDF objects serialized once", Kind.SPEED,
        {"pydyf:PDF.write": "242cd38f92ecd33f", "pydyf:PDF.add_object": "d2291d0d3ab50234",
         "pydyf:Dictionary.data": "1a6ebf2b6bc6adcb", "pydyf:Stream.data": "bdc2bc513f286de7",
         "pydyf:String.data": "6097c307ae6fe613", "pydyf:Array.data": "136a84494ae7c8cc"},
        "pydyf serializes each object twice when a file identifier is asked for",
        "docs/upstream/pydyf-identifier.md: digest the bytes already written"),
    Extension(
        "glyphs", "line drawing loop", Kind.SPEED,
        {"weasyprint.draw.text:draw_first_line": "1bb8eae6d88e71b1"},
        "WeasyPrint's own loop over Pango's glyph structures",
        "docs/upstream/weasyprint-glyph-loop.md: read PangoGlyphInfo arrays in one copy"),
    Extension(
        "textlayer", "text layer", Kind.CORRECTNESS,
        {"weasyprint.draw.text:draw_first_line": "1bb8eae6d88e71b1",
         "weasyprint.pdf:build_fonts_dictionary": "fc551bef35d0d6c3",
         "weasyprint.document:Document.make_bookmark_tree": "6af34e059bb862e2"},
        "WeasyPrint's first-come ToUnicode map: a manuscript whose text then does not read back "
        "(Khmer, Vietnamese) fails the fidelity rule F001",
        "docs/upstream/weasyprint-text-layer.md: one text per cluster, clone codes for shared glyphs"),
    Extension(
        "tagging", "PDF/UA tagging", Kind.CORRECTNESS,
        {"weasyprint.document:draw_page": "d5bda6b6e6758688",
         "weasyprint.document:generate_pdf": "626343ef25c396e8",
         "weasyprint.document:gather_anchors": "373f8c676f27da3b",
         "weasyprint.pdf.stream:Stream.marked": "3fa3acacbbf66422",
         "weasyprint.pdf.stream:Stream.artifact": "be61e42186804e99",
         "weasyprint.pdf.tags:_build_box_tree": "f716251a83e7096e"},
        "PDFs are written untagged, without the PDF/UA claim",
        "docs/upstream/weasyprint-pdfua-tagging.md: typed pagination artifacts, notes as /Note"),
    Extension(
        "pages", "laid-out page inspection", Kind.INSPECTION,
        {"weasyprint.document:Page.__init__": "56afceec729bf2c1"},
        "notes are not verified to sit on their call's page, nor author notes measured",
        "docs/upstream/weasyprint-footnote-policy.md: a public view of the laid-out boxes"),
    Extension(
        "footnotes", "footnote placement", Kind.CORRECTNESS,
        {"weasyprint.layout.block:_linebox_layout": "e07bbe000974787e"},
        "a paragraph that pushes a note off its call's page is laid out again on the next page",
        "docs/upstream/weasyprint-footnote-policy.md: honour `footnote-policy: line` when notes move",
        needs=("pages",)),
    Extension(
        "pageturn", "no word broken across a page turn", Kind.CORRECTNESS,
        {"weasyprint.layout.block:_break_line": "2b92255d94ab45f7"},
        "a page may end with a hyphenated word (the other hyphenation rules hold)",
        "docs/upstream/weasyprint-hyphen-page-turn.md: `hyphenate-limit-last: always`"),
    Extension(
        "names", "no capitalised word hyphenated", Kind.CORRECTNESS,
        {"pyphen:Pyphen.positions": "f325a63f6c3f2ae7"},
        "each capitalised word is written in a `keep` span the layout does not hyphenate (the same "
        "rule, a slower layout)",
        "docs/upstream/pyphen-capitalised-words.md: an option to leave capitalised words whole"),
    Extension(
        "metadata", "XMP metadata", Kind.CORRECTNESS,
        {"weasyprint.pdf.metadata:DocumentMetadata.generate_rdf_metadata": "bc3e78ab24f1a809"},
        "the XMP description repeats the subject line, and a print book's XMP DocumentID is "
        "random (its bytes differ from build to build)",
        "docs/upstream/weasyprint-description.md: a description separate from the subject"),
    Extension(
        "margins", "empty margin boxes left unresolved", Kind.SPEED,
        {"weasyprint.layout.page:resolve_percentages": "71673078096fcf87"},
        "WeasyPrint resolves all sixteen margin boxes of every page",
        "docs/upstream/weasyprint-margin-boxes.md: skip boxes that are not generated"),
    Extension(
        "linebreak", "line breaking shortcut", Kind.SPEED,
        {"weasyprint.text.line_break:split_first_line": "39ad1016863ca34d"},
        "WeasyPrint lays out each line again with the next word added",
        "docs/upstream/weasyprint-line-break.md: skip the retry when the word cannot fit"),
    Extension(
        "pangosetup", "Pango layout set-up kept per style", Kind.SPEED,
        {"weasyprint.text.line_break:Layout.setup": "fb227a55094f41d4",
         "weasyprint.layout.inline:create_layout": "6587192cc0ab3ffa"},
        "WeasyPrint builds a Pango context and font description for every layout",
        "docs/upstream/weasyprint-layout-setup.md: cache contexts per style"),
    Extension(
        "usedvalues", "used values kept per style", Kind.SPEED,
        {"weasyprint.layout.percent:resolve_percentages": "71673078096fcf87",
         "weasyprint.text.line_break:strut": "b57885b70dd08efe"},
        "WeasyPrint resolves each inline box's lengths and builds each strut's key again",
        "docs/upstream/weasyprint-used-values.md: keep the strut and resolved lengths per style"),
    Extension(
        "computedstyle", "computed style shortcut", Kind.SPEED,
        {"weasyprint.css:ComputedStyle.__missing__": "b318d8efc8ac79d7"},
        "WeasyPrint runs the whole cascade decision for every value",
        "docs/upstream/weasyprint-computed-style.md: inherit or take the initial value at once"),
)
# The start-up shortcuts run before WeasyPrint is imported (`startup.py`): they are not fingerprinted
# against functions but fall back to the plain import on any failure, and check WeasyPrint's C
# declarations against those they compiled.
STARTUP = Extension(
    "startup", "start-up shortcuts", Kind.STARTUP, {},
    "WeasyPrint imported as it imports itself",
    "docs/upstream/weasyprint-startup.md: find libraries without ldconfig probes; cffi out-of-line")


def by_name(name: str) -> Extension:
    """The extension called `name`."""
    return next(e for e in (*EXTENSIONS, STARTUP) if e.name == name)
