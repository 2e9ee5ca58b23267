"""The house rules of hyphenation that patterns cannot say: which words a line end may not break.

The layout's `hyphens: auto` with `hyphenate-limit-chars: 6 3 3` keeps words under six letters
whole and three letters each side of a break; the patterns are British English for `en` and
`en-GB` (Pyphen's `en` is its `en_GB` file). What needs the words themselves is set here: the last
word of a paragraph is written in a `keep` span that the layout sets `hyphens: manual`, and so is
a capitalised word (a name, `Cambodia’s`, `ASEAN`) unless the engine keeps names whole itself
(`engine/names.py`, which spares the layout an inline box per name). The house list
(`[hyphenation] exceptions` in avi.toml: `diplomacy` never broken, `modern-isation` only there)
becomes hyphenation patterns (`engine/patterns.py`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

# A Latin word, inner apostrophes included (`Cambodia’s`): the words English patterns hyphenate.
WORD = re.compile(r"[A-Za-z\u00C0-\u024F]+(?:['\u2019][A-Za-z\u00C0-\u024F]+)*")
# Words shorter than this are never broken (the layout's `hyphenate-limit-chars` says the same).
SHORTEST = 6


@dataclass(frozen=True)
class HouseRules:
    """The house list: `never` words never broken, `listed` words broken only at their points
    (both given to the hyphenation patterns); names and a paragraph's last word are kept here."""

    listed: tuple[tuple[str, tuple[int, ...]], ...] = ()
    names: bool = True  # capitalised words kept by a span (False: the engine keeps them whole)

    @classmethod
    def from_exceptions(cls, entries: Iterable[str], names: bool = True) -> HouseRules:
        """`["ASEAN", "in-fra-struc-ture"]`: a word without hyphens is never broken; one with
        hyphens may break only where they stand (compared without regard to case)."""
        listed: dict[str, tuple[int, ...]] = {}
        for entry in entries:
            parts = entry.strip().split("-")
            points = tuple(sum(len(p) for p in parts[:i + 1]) for i in range(len(parts) - 1))
            listed["".join(parts).lower()] = points
        return cls(tuple(sorted(listed.items())), names)

    def mark(self, text: str, escape: Callable[[str], str], last: bool = False) -> str:
        """`text` as HTML (`escape` writes a run of plain text), with each capitalised word (with
        `names`), and if `last` (the text ends a paragraph) its last word, in a `keep` span."""
        words = [m for m in WORD.finditer(text) if len(m.group()) >= SHORTEST]
        final = words[-1].start() if last and words and WORD.search(text[words[-1].end():]) is None \
            else -1
        spans: list[list[int]] = []  # kept runs of text: words next to each other share one span
        for match in words:
            if not ((self.names and match.group()[0].isupper()) or match.start() == final):
                continue
            # The whole token, with the punctuation that touches it (`“Mekong’s`, `diplomacy.`):
            # the layout must find no break between a kept word and its period or quote.
            start, end = match.start(), match.end()
            while start > 0 and not text[start - 1].isspace():
                start -= 1
            while end < len(text) and not text[end].isspace():
                end += 1
            if spans and (start <= spans[-1][1] or not text[spans[-1][1]:start].strip()):
                spans[-1][1] = max(spans[-1][1], end)
            else:
                spans.append([start, end])
        out: list[str] = []
        done = 0
        for start, end in spans:
            out.append(escape(text[done:start]))
            out.append(f'<span class="keep">{escape(text[start:end])}</span>')
            done = end
        out.append(escape(text[done:]))
        return "".join(out)


NO_RULES = HouseRules()
