"""No word broken across a page turn: the line a page would end on with a hyphen goes over.

WeasyPrint 70 breaks a paragraph across pages in `layout.block._break_line`, keeping `orphans`
lines on the page and moving `widows - 1` more to the next. A house rule says a page never ends
in a hyphenated word (the reader turns the page in the middle of it). `install()` asks that
function to move one line more while the page's last kept line ends with the hyphenate character:
the page ends a line short, as it does for a widow, and every line keeps its breaks. Where the
paragraph would then keep fewer than `orphans` lines on the page, all of it goes over, as
WeasyPrint does for orphans.

Upstream: docs/upstream/weasyprint-hyphen-page-turn.md: `hyphenate-limit-last: always`
(CSS Text 4), which asks for exactly this.
"""

from __future__ import annotations

import functools
from typing import Any

from avitools.render.engine.taken import TAKEN


@functools.cache
def install() -> None:
    """Wrap the pinned WeasyPrint's `_break_line` as described above."""
    from weasyprint.layout import block

    block._break_line = turning_whole_words(block._break_line)


def turning_whole_words(break_line: Any) -> Any:
    """WeasyPrint's `_break_line`, moving over the lines that would end a page hyphenated."""

    @functools.wraps(break_line)
    def _break_line(context: Any, box: Any, line: Any, new_children: list[Any], needed: int,
                    page_is_empty: bool, *args: Any) -> Any:
        spare = len(new_children) - box.style["orphans"]
        while not page_is_empty and needed < len(new_children) and ends_hyphenated(
                new_children[-1 - needed]):
            # One line more goes over; where the orphans forbid it, the paragraph does.
            needed = needed + 1 if needed < spare else len(new_children)
            TAKEN["pageturn:own"] += 1
        return break_line(context, box, line, new_children, needed, page_is_empty, *args)

    return _break_line


def ends_hyphenated(line: Any) -> bool:
    """Whether a laid-out line ends with its last text's hyphenate character."""
    last = None
    stack = [line]
    while stack:
        box = stack.pop()
        children = getattr(box, "children", None)
        if children:
            stack.extend(children)
        elif type(box).__name__ == "TextBox" and last is None:
            last = box
    if last is None:
        return False
    hyphen = last.style["hyphenate_character"]
    return bool(hyphen) and last.text.endswith(hyphen) and len(last.text) > len(hyphen)
