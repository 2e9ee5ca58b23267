"""Text helpers shared by readers and layouts: line-break opportunities for scripts without spaces."""

from __future__ import annotations

import re
import unicodedata

from markdown_it import MarkdownIt

ZWSP = "\u200b"
# Khmer writes words without spaces and WeasyPrint finds no break inside such a run. A syllable
# starts at a consonant or independent vowel that is not subscript (not after COENG, U+17D2);
# allowing a break there lets lines wrap.
_KHMER_SYLLABLE = re.compile(r"(?<=[\u1780-\u17d1\u17d3\u17dd])(?=[\u1780-\u17b3])")


def khmer_breaks(text: str) -> str:
    """`text` with zero-width spaces between Khmer syllables, so long Khmer runs can wrap."""
    if not any("\u1780" <= c <= "\u17ff" for c in text):
        return text
    return _KHMER_SYLLABLE.sub(ZWSP, text)


_INLINE = MarkdownIt("zero", {"typographer": True}).enable(["replacements", "smartquotes"])


def typographic(text: str) -> str:
    """Plain text with typographic quotes, apostrophes and dashes, as the body gets them."""
    tokens = _INLINE.parseInline(text)
    return "".join(child.content for t in tokens for child in (t.children or []))


_STOP = {"a", "an", "the", "of", "and", "in", "on", "for", "to", "with", "s"}


def title_slug(title: str, words: int) -> str:
    """Up to `words` ASCII words of a title for file names (Vietnamese letters folded, small words
    left out); empty for a title without Latin letters."""
    spaced = re.sub(r"[^\w]+", " ", title.replace("Đ", "D").replace("đ", "d"))
    folded = unicodedata.normalize("NFKD", spaced).encode("ascii", "ignore").decode("ascii").lower()
    return "-".join([w for w in re.findall(r"[a-z0-9]+", folded) if w not in _STOP][:words])
