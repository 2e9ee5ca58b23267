"""What a laid-out WeasyPrint document holds: where its notes and headings fell, and how tall a block is.

WeasyPrint's public `Page` gives a page's size, links and anchors, not its boxes; these read the
box tree behind it (`Page._page_box`). When that is not as expected (the `pages` entry of the
table), they answer as a layout with nothing to report would, and the build says once that notes
are not verified. Upstream: docs/upstream/weasyprint-footnote-policy.md (a public view of the
laid-out boxes).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from xml.etree.ElementTree import Element

from avitools.render.engine.extensions import installed

HEADINGS = ("h2", "h3", "h4", "h5", "h6")
PT_PER_PX = 0.75


def install() -> None:
    """Nothing to change: the inspection is used only while its target matches."""


def _box(page: Any) -> Any:
    return page._page_box


@dataclass(frozen=True)
class Displaced:
    """A footnote laid out on another page than its call, and the block that pushed it."""

    call_page: int
    note_page: int
    note_text: str
    culprit: Element | None


def displaced_notes(document: Any) -> list[Displaced]:
    """The footnotes of a laid-out WeasyPrint document that left their call's page."""
    if not installed("pages"):
        return []
    calls: dict[int, int] = {}
    notes: dict[int, tuple[int, Element]] = {}
    first_lines: dict[int, Element] = {}
    for number, page in enumerate(document.pages):
        for box in _flow(_box(page)):
            footnote = getattr(box, "footnote", None)
            if footnote is not None:
                calls.setdefault(id(footnote.element), number)
            if type(box).__name__ == "LineBox" and number not in first_lines:
                first_lines[number] = box.element
        for area in _box(page).children:
            if type(area).__name__ == "FootnoteAreaBox":
                for note in area.children:
                    notes.setdefault(id(note.element), (number, note.element))
    found: list[Displaced] = []
    for key, (note_page, element) in notes.items():
        call_page = calls.get(key)
        if call_page is not None and call_page != note_page:
            text = "".join(element.itertext()).strip()
            found.append(Displaced(call_page + 1, note_page + 1, text[:60],
                                   first_lines.get(call_page + 1)))
    return found


def headings_at_foot(document: Any) -> list[tuple[int, str]]:
    """(page, text) of each page but the last whose flow ends with a line of a heading."""
    found: list[tuple[int, str]] = []
    if not installed("pages"):
        return found
    for number, page in enumerate(document.pages[:-1], start=1):
        last = None
        for box in _flow(_box(page)):
            if type(box).__name__ == "LineBox":
                last = box
        if last is not None and getattr(last, "element_tag", None) in HEADINGS:
            text = " ".join(" ".join(t.text for t in _texts(last)).split())
            found.append((number, text))
    return found


def _texts(box: Any) -> Any:
    for child in getattr(box, "children", ()):
        if type(child).__name__ == "TextBox":
            yield child
        else:
            yield from _texts(child)


def _flow(box: Any) -> Any:
    """The page's boxes in document order, leaving out margin boxes and the footnote area."""
    for child in getattr(box, "children", ()):
        name = type(child).__name__
        if name in ("MarginBox", "FootnoteAreaBox"):
            continue
        yield child
        yield from _flow(child)


def push_rule(root: Element, element: Element) -> str | None:
    """A CSS rule that starts `element` on a new page, addressed by its position in `root`."""
    parents = {child: parent for parent in root.iter() for child in parent}
    # A heading goes with the paragraph it introduces, never alone at the foot of the page.
    while element in parents:
        siblings = [c for c in parents[element] if isinstance(c.tag, str)]
        index = siblings.index(element)
        if index == 0 or siblings[index - 1].tag not in HEADINGS:
            break
        element = siblings[index - 1]
    steps: list[str] = []
    node = element
    while node in parents:
        parent = parents[node]
        siblings = [c for c in parent if isinstance(c.tag, str)]
        steps.append(f"*:nth-child({siblings.index(node) + 1})")
        node = parent
    if not steps:
        return None
    return ":root > " + " > ".join(reversed(steps)) + " { break-before: page; }"
