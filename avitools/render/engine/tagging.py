"""A PDF/UA structure that holds, as a tested extension of WeasyPrint 70.0's tagging.

WeasyPrint marks the text of the page-margin boxes (the running issue line, the page number) as
content with ids that no structure element lists, and its artifacts carry no type. This extension:

- draws everything in a margin box as `/Artifact <</Type /Pagination /Subtype /Footer>>` (or
  `/Header` at the top), with no marked-content id, and leaves it out of the structure tree;
- types the other artifacts (backgrounds, borders, rules) as `/Layout`;
- lets a word hyphenated at a line end read back whole (/ActualText on its two parts);
- tags each footnote and author note as a `/Note` with a unique `/ID`, and each call (a link to its
  note, class `note-call` in the HTML) as a `/Reference` holding its `/Link`.

It is installed with the text-layer extension, for the same pinned WeasyPrint.

Upstream: docs/upstream/weasyprint-pdfua-tagging.md: typed pagination artifacts, notes as /Note.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import re
from collections.abc import Iterator
from typing import Any

NOTE_CLASSES = ("footnote", "author-note")
_WORD_START = re.compile(r"[^\W_]*")
CALL_CLASSES = ("note-again", "author-call")  # and WeasyPrint's ::footnote-call


@functools.cache
def install() -> None:
    """Patch WeasyPrint's drawing and tagging once per process (the pinned version)."""
    from weasyprint import document
    from weasyprint.pdf import stream, tags

    document.draw_page = _drawing(document.draw_page)
    document.generate_pdf = _whole_words(document.generate_pdf)
    document.gather_anchors = _linking(document.gather_anchors)
    stream.Stream.marked = _marked
    stream.Stream.artifact = _artifact
    tags._build_box_tree = _tree(tags._build_box_tree)


def _drawing(original: Any) -> Any:
    """`draw_page`, with every box of a margin box flagged as a header or footer first."""

    @functools.wraps(original)
    def draw_page(page: Any, stream: Any) -> Any:
        for child in page.children:
            keyword = getattr(child, "at_keyword", "")
            if type(child).__name__ == "MarginBox":
                kind = "/Header" if keyword.startswith("@top") else "/Footer"
                for box in _descendants(child):
                    box.avi_pagination = kind
        return original(page, stream)

    return draw_page


def _whole_words(original: Any) -> Any:
    """`generate_pdf`, with each word hyphenated at a line end read back whole: the text before the
    hyphen carries the word's rest as /ActualText, and the next line's first text carries itself
    without that rest."""

    @functools.wraps(original)
    def generate_pdf(document: Any, *args: Any, **kwargs: Any) -> Any:
        lines = [box for page in document.pages for box in _descendants(page._page_box)
                 if type(box).__name__ == "LineBox"]
        for index, line in enumerate(lines):
            texts = [box for box in _descendants(line) if type(box).__name__ == "TextBox"]
            if not texts:
                continue
            last = texts[-1]
            hyphen = last.style["hyphenate_character"]
            if not hyphen or not last.text.endswith(hyphen) or len(last.text) <= len(hyphen):
                continue
            after = next((other for other in itertools.islice(lines, index + 1, None)
                          if other.element is line.element), None)
            first = next((box for box in _descendants(after) if type(box).__name__ == "TextBox"),
                         None) if after is not None else None
            match = _WORD_START.match(first.text) if first is not None else None
            rest = match[0] if match else ""
            if first is None or not rest:
                continue
            # A box may both go on from the line before and be hyphenated itself.
            text = getattr(last, "avi_actual_text", last.text)
            last.avi_actual_text = text[:-len(hyphen)] + rest
            first.avi_actual_text = first.text[len(rest):]
        return original(document, *args, **kwargs)

    return generate_pdf


def _linking(original: Any) -> Any:
    """`gather_anchors`, with each footnote call linked to its note and the note's number back
    to its call (the note's id is its anchor; the call gets `call-<id>`)."""

    @functools.wraps(original)
    def gather_anchors(box: Any, *args: Any, **kwargs: Any) -> Any:
        for found in _descendants(box):  # called with each page box
            note = getattr(found, "footnote", None)
            tag = getattr(found, "element_tag", "") or ""
            if note is not None and note.element.get("id"):  # a call
                found.link = ("url", ("internal", note.element.get("id")))
                found.style = found.style.copy()
                found.style["anchor"] = f"call-{note.element.get('id')}"
            elif tag.endswith("::footnote-marker") and found.element.get("id"):  # a note's number
                found.link = ("url", ("internal", f"call-{found.element.get('id')}"))
        return original(box, *args, **kwargs)

    return gather_anchors


def _descendants(box: Any) -> Iterator[Any]:
    """The box and every box inside it, in document order (a stack, not nested generators)."""
    stack = [box]
    while stack:
        box = stack.pop()
        yield box
        children = getattr(box, "children", None)
        if children:
            stack.extend(reversed(children))


@contextlib.contextmanager
def _marked(self: Any, box: Any, tag: str) -> Iterator[None]:
    """`Stream.marked`: content with the next id, or a pagination artifact in a margin box."""
    import pydyf

    if self._tags is None:
        yield
        return
    kind = getattr(box, "avi_pagination", None)
    if kind is not None:
        self.begin_marked_content("Artifact", pydyf.Dictionary({"Type": "/Pagination",
                                                                "Subtype": kind}))
    else:
        mcid = len(self._tags)  # pagination artifacts take no id
        assert box not in self._tags
        self._tags[box] = {"tag": tag, "mcid": mcid}
        properties = pydyf.Dictionary({"MCID": mcid})
        actual = getattr(box, "avi_actual_text", None)
        if actual is not None:
            properties["ActualText"] = pydyf.String(actual)
        self.begin_marked_content(tag, properties)
    try:
        yield
    finally:
        self.end_marked_content()


@contextlib.contextmanager
def _artifact(self: Any) -> Iterator[None]:
    """`Stream.artifact`: a typed layout artifact (backgrounds, borders, rules)."""
    import pydyf

    if self._tags is None:
        yield
        return
    self.begin_marked_content("Artifact", pydyf.Dictionary({"Type": "/Layout"}))
    try:
        yield
    finally:
        self.end_marked_content()


def _tree(original: Any) -> Any:
    """`_build_box_tree`, leaving margin boxes out and tagging notes and their calls."""

    @functools.wraps(original)
    def build(box: Any, parent: Any, pdf: Any, page_number: int, nums: Any, annotations: Any,
              tags: Any) -> Iterator[Any]:
        if type(box).__name__ == "MarginBox":
            return  # pagination artifacts: nothing of them in the structure tree
        for element in original(box, parent, pdf, page_number, nums, annotations, tags):
            yield _retagged(box, element, pdf, page_number)

    return build


def _classes(box: Any) -> list[str]:
    element = getattr(box, "element", None)
    return (element.get("class") or "").split() if element is not None else []


def _retagged(box: Any, element: Any, pdf: Any, page_number: int) -> Any:
    """The structure element of a note (a /Note with an /ID) or of a call (a /Reference)."""
    import pydyf

    classes = _classes(box)
    tag = getattr(box, "element_tag", "") or ""
    if any(c in NOTE_CLASSES for c in classes) and "::" not in tag and element["S"] != "/Link":
        used = pdf.__dict__.setdefault("avi_note_ids", set())
        ident = box.element.get("id") or f"note-{len(used) + 1}"
        while ident in used:  # a note split over two pages keeps one id for each part
            ident += "-continued"
        used.add(ident)
        element["S"] = "/Note"
        element["ID"] = pydyf.String(ident)
        return element
    if tag.endswith("::footnote-marker") and getattr(box, "link_annotation", None):
        element["S"] = "/Link"  # the note's number, a link back to its call
    elif getattr(box, "link_annotation", None) and (
            tag.endswith("::footnote-call") or any(c in CALL_CLASSES for c in classes)):
        element["S"] = "/Link"
        reference = pydyf.Dictionary({
            "Type": "/StructElem", "S": "/Reference", "K": pydyf.Array([element.reference]),
            "Pg": pdf.page_references[page_number], "P": element["P"]})
        pdf.add_object(reference)
        element["P"] = reference.reference
        return reference
    return element
