"""Keep every footnote on the page of its call.

WeasyPrint 70, when a paragraph at a page's foot could keep its `orphans` and `widows` only with
one more line, makes room for that line by moving the page's last footnotes to the next page,
whatever their `footnote-policy`; their calls stay behind. `install()` patches that one decision
of the pinned WeasyPrint's line layout: a footnote is moved so only when every footnote on the page
has `footnote-policy: auto` (the policy that allows it). With the house's `line` policy the
paragraph breaks where `orphans` and `widows` allow, as on a page without notes, in one pass.

`pages.displaced_notes` remains the check of every layout; `pages.push_rule` the way out should
a note still leave its call's page (a note longer than a page can), and the whole of the fallback
when this extension is off. Upstream: docs/upstream/weasyprint-footnote-policy.md.
"""

from __future__ import annotations

import functools
import textwrap

from avitools.render.engine.guard import UnsupportedWeasyPrintError, source_of

# The decision in `layout.block._linebox_layout`, and what it becomes.
REPORT = "report = not context.in_column and can_break_now and not could_break_before"
KEEP = (REPORT + " and all(note.style['footnote_policy'] == 'auto' "
        "for note in context.current_page_footnotes)")


@functools.cache
def install() -> None:
    """Patch WeasyPrint's line layout once per process as described above.

    The changed source is compiled as text, after blank lines that keep WeasyPrint's line numbers
    (2 ms; `inspect.getsource` and a round trip through `ast` took 25 ms of every start)."""
    from weasyprint.layout import block

    code = block._linebox_layout.__code__
    source = patched(textwrap.dedent(source_of(code)))
    exec(compile("\n" * (code.co_firstlineno - 1) + source, block.__file__, "exec"),
         block.__dict__)  # redefines that one function


def patched(source: str) -> str:
    """The source of `_linebox_layout` with the footnote decision changed; refuses any other."""
    if source.count(REPORT) != 1:
        raise UnsupportedWeasyPrintError("WeasyPrint's `_linebox_layout` does not hold the footnote "
                                         "decision avitools changes")
    return source.replace(REPORT, KEEP)
