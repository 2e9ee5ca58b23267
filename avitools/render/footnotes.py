"""Keep every footnote on the page of its call.

WeasyPrint 70, when a paragraph at a page's foot could keep its `orphans` and `widows` only with
one more line, makes room for that line by moving the page's last footnotes to the next page,
whatever their `footnote-policy`; their calls stay behind. `install()` patches that one decision
of the pinned WeasyPrint's line layout: a footnote is moved so only when every footnote on the page
has `footnote-policy: auto` (the policy that allows it). With the house's `line` policy the
paragraph breaks where `orphans` and `widows` allow, as on a page without notes, in one pass.

`displaced_notes` remains the check of every layout; `push_rule` the way out should a note still
leave its call's page (a note longer than a page can).
"""

from __future__ import annotations

import functools
import textwrap
import types
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

HEADINGS = ("h2", "h3", "h4", "h5", "h6")
WEASYPRINT_VERSION = "70.0"
# The decision in `layout.block._linebox_layout`, and what it becomes.
REPORT = "report = not context.in_column and can_break_now and not could_break_before"
KEEP = (REPORT + " and all(note.style['footnote_policy'] == 'auto' "
        "for note in context.current_page_footnotes)")


class UnsupportedWeasyPrintError(RuntimeError):
    """The installed WeasyPrint is not the one avitools' patches of it were written for."""


def require_pinned(version: str, what: str, module: str) -> None:
    """Refuse, for one of avitools' patches (`what`, in `avitools/render/<module>`), a WeasyPrint
    other than the pinned one."""
    if version != WEASYPRINT_VERSION:
        raise UnsupportedWeasyPrintError(
            f"avitools' {what} is written for WeasyPrint {WEASYPRINT_VERSION}, not {version}: "
            f"pin it, or port avitools/render/{module}")


@functools.cache
def install() -> None:
    """Patch WeasyPrint's line layout once per process (the pinned version) as described above.

    The changed source is compiled as text, after blank lines that keep WeasyPrint's line numbers
    (2 ms; `inspect.getsource` and a round trip through `ast` took 25 ms of every start)."""
    import weasyprint
    from weasyprint.layout import block

    code = block._linebox_layout.__code__
    source = patched(textwrap.dedent(source_of(code)), weasyprint.__version__)
    exec(compile("\n" * (code.co_firstlineno - 1) + source, block.__file__, "exec"),
         block.__dict__)  # redefines that one function


def source_of(code: types.CodeType) -> str:
    """The lines of a function's source file from its first line to the last its code spans (a
    statement's span takes in any function nested in it): `inspect.getsource` without its search
    of every loaded module."""
    lines = Path(code.co_filename).read_text(encoding="utf-8").splitlines(keepends=True)
    last = max(end for _, end, _, _ in code.co_positions() if end is not None)
    return "".join(lines[code.co_firstlineno - 1:last])


def patched(source: str, version: str) -> str:
    """The source of `_linebox_layout` with the footnote decision changed; refuses any other."""
    if version != WEASYPRINT_VERSION or source.count(REPORT) != 1:
        raise UnsupportedWeasyPrintError(
            f"avitools' footnote placement patch is written for WeasyPrint {WEASYPRINT_VERSION}, "
            f"not {version}: pin it, or port avitools/render/footnotes.py")
    return source.replace(REPORT, KEEP)


@dataclass(frozen=True)
class Displaced:
    """A footnote laid out on another page than its call, and the block that pushed it."""

    call_page: int
    note_page: int
    note_text: str
    culprit: Element | None


def displaced_notes(document: Any) -> list[Displaced]:
    """The footnotes of a laid-out WeasyPrint document that left their call's page."""
    calls: dict[int, int] = {}
    notes: dict[int, tuple[int, Element]] = {}
    first_lines: dict[int, Element] = {}
    for number, page in enumerate(document.pages):
        for box in _flow(page._page_box):
            footnote = getattr(box, "footnote", None)
            if footnote is not None:
                calls.setdefault(id(footnote.element), number)
            if type(box).__name__ == "LineBox" and number not in first_lines:
                first_lines[number] = box.element
        for area in page._page_box.children:
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
    found = []
    for number, page in enumerate(document.pages[:-1], start=1):
        last = None
        for box in _flow(page._page_box):
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
