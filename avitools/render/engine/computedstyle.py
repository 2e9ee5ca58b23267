"""WeasyPrint 70's computed style values, the plain ones taken by a short way.

WeasyPrint computes an element's style value when the layout first asks for it
(`ComputedStyle.__missing__`): some 5,000 values an issue, most of them set by no stylesheet, so
that the value is the parent's (an inherited property) or the initial one. For each, WeasyPrint
still goes through the cascade's whole decision (the weight, the property's logical twin, `var()`,
`calc()`, the special properties), about 3 % of an issue's time. `install()` answers such a value
at once: a property the element's cascade does not set, none of the special ones (`display`,
`float`, `position`, `page`, text decorations, custom properties), and whose logical twin (for
`margin-left`, `margin-inline-start`) is not set either, is the parent's computed value when it
inherits (unless that is a `calc()` left to resolve), else the initial value when that needs no
computing. Everything else is WeasyPrint's own code. The pages are the same bytes
(`tests/render/test_computedstyle.py`).

Upstream: docs/upstream/weasyprint-computed-style.md: inherit or take the initial value at once.
"""

from __future__ import annotations

import functools
from typing import Any

from avitools.render.engine.taken import TAKEN


@functools.cache
def install() -> None:
    """Put the short way in the pinned WeasyPrint's `ComputedStyle`."""
    from weasyprint import css

    css.ComputedStyle.__missing__ = shortcut(css.ComputedStyle.__missing__)


def shortcut(stock: Any) -> Any:
    """WeasyPrint's `ComputedStyle.__missing__` (`stock`), with the parent's or the initial value
    taken at once where nothing else can decide it, as described above."""
    from weasyprint.css.computed_values import PHYSICAL_FUNCTIONS
    from weasyprint.css.functions import check_math
    from weasyprint.css.properties import INHERITED, INITIAL_NOT_COMPUTED, INITIAL_VALUES

    special = {"display", "float", "position", "page"}
    special.update(name for name in INITIAL_VALUES if name.startswith("text_decoration_"))

    def counted(self: Any, key: str) -> Any:
        TAKEN["computedstyle:stock"] += 1
        return stock(self, key)

    @functools.wraps(stock)
    def missing(self: Any, key: str) -> Any:
        cascaded = self.cascaded
        if key in cascaded or key in special or key[:2] == "__":
            return counted(self, key)
        physical = PHYSICAL_FUNCTIONS.get(key)
        if physical is not None and physical(block="ttb", inline=self["direction"]) in cascaded:
            return counted(self, key)
        if key in INHERITED:
            parent = self.parent_style
            if parent is None:  # the root: initial values, WeasyPrint's way
                return counted(self, key)
            value = parent[key]
            if check_math(value):
                return counted(self, key)
            self[key] = value
            TAKEN["computedstyle:own"] += 1
            return value
        if key in INITIAL_NOT_COMPUTED:
            return counted(self, key)
        value = self[key] = INITIAL_VALUES[key]
        TAKEN["computedstyle:own"] += 1
        return value

    return missing
