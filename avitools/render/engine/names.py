"""No capitalised word broken at a line end: Pyphen finds no break in a word that begins upper-case.

A house rule says a name (`Cambodia’s`, `ASEAN`, `Phnom`) is never hyphenated. WeasyPrint 70 asks
Pyphen for a word's breaks (`Pyphen.iterate`, which reads `Pyphen.positions`) with the word as the
text has it. `install()` has `positions` answer none for a word whose first letter is upper-case,
so such a word is set whole, as `hyphens: manual` would set it, and every other word keeps its
breaks. Without the extension the same rule is written into the HTML instead: each capitalised
word in a `keep` span (`render/hyphenate.py`), one inline box more per name: 24 issues of seed
length took 7.4 s to build that way against 6.3 s with the extension (`-j 1`, this machine).

Upstream: docs/upstream/pyphen-capitalised-words.md: a `Pyphen(..., capitalised=False)` option.
"""

from __future__ import annotations

import functools
from typing import Any

from avitools.render.engine.taken import TAKEN


@functools.cache
def install() -> None:
    """Have the pinned Pyphen find no break in a capitalised word."""
    import pyphen

    pyphen.Pyphen.positions = keeping_names(pyphen.Pyphen.positions)


def keeping_names(positions: Any) -> Any:
    """Pyphen's `positions`, answering no break for a word that begins upper-case."""

    @functools.wraps(positions)
    def kept_positions(self: Any, word: str) -> Any:
        if word[:1].isupper():
            TAKEN["names:own"] += 1
            return []
        return positions(self, word)

    return kept_positions
