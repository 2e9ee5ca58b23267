"""Page margin boxes WeasyPrint 70 makes only to discard, no longer measured.

For every page WeasyPrint makes all sixteen margin boxes (`@top-left` … `@bottom-right-corner`),
resolves each box's percentages against the page, which computes some twenty style values of it,
and then, when the box has no content, sets its size and all its margins, paddings and borders to
zero and never lays it out. The house layouts fill two of the sixteen; the other fourteen cost 7 ms
of an issue's 330 on every build. `install()` leaves a margin box without content unresolved: the
fields WeasyPrint reads of it are the ones it zeroes, and its neighbours' widths come from their
styles, so the pages are the same (`tests/render/test_margins.py` compares the bytes).

Upstream: docs/upstream/weasyprint-margin-boxes.md: skip boxes that are not generated.
"""

from __future__ import annotations

import functools
from typing import Any

from avitools.render.engine.taken import TAKEN


@functools.cache
def install() -> None:
    """Skip resolving a margin box without content, in the pinned WeasyPrint's page layout."""
    from weasyprint.layout import page

    page.resolve_percentages = skipping_empty_margins(page.resolve_percentages)


def skipping_empty_margins(resolve: Any) -> Any:
    """WeasyPrint's `resolve_percentages`, doing nothing for a margin box that is not generated."""
    from weasyprint.formatting_structure.boxes import MarginBox

    @functools.wraps(resolve)
    def resolve_percentages(box: Any, containing_block: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(box, MarginBox) and not box.is_generated:
            TAKEN["margins:own"] += 1
            return None
        TAKEN["margins:stock"] += 1
        return resolve(box, containing_block, *args, **kwargs)

    return resolve_percentages
