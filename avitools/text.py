"""Text helpers shared by readers and layouts: line-break opportunities for scripts without spaces."""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Any

ZWSP = "\u200b"
COENG = "\u17d2"
_KHMER_WORD_START = re.compile(r"[\u1780-\u17b3\u17e0-\u17e9]")
_KHMER_RUN = re.compile(r"[\u1780-\u17dd\u17e0-\u17e9\u19e0-\u19ff\u200c\u200d]+")
_ANY_KHMER = re.compile(r"[\u1780-\u17ff\u19e0-\u19ff]")


def is_khmer(char: str) -> bool:
    """Whether the character is of the Khmer script (letters, signs, digits, punctuation)."""
    return "\u1780" <= char <= "\u17ff" or "\u19e0" <= char <= "\u19ff"


# A unit: a Khmer base with its subscripts (COENG and a consonant) and signs, or any character with
# the combining marks (and joiners) that follow it.
_MARKS = "\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u0610-\u061a\u064b-\u065f\u0900-\u0903\u093a-\u094f" \
    "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e\u0eb1\u0eb4-\u0ebc\u0ec8-\u0ece\u102b-\u103e\u1056-\u1059" \
    "\u105e-\u1060\u1062-\u1064\u1067-\u106d\u1071-\u1074\u1082-\u108d\u108f\u109a-\u109d" \
    "\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe00-\ufe0f\ufe20-\ufe2f" \
    "\u17b4-\u17d1\u17d3\u17dd\u200c\u200d"
_UNIT = re.compile(rf"[\u1780-\u17b3](?:\u17d2[\u1780-\u17b3]|\u17d2|[{_MARKS}])*|.[{_MARKS}]*", re.S)


def units(text: str) -> list[tuple[int, int]]:
    """The character ranges that read as one piece: a letter with its marks, and a Khmer
    orthographic syllable (a base with its subscripts after COENG, its vowel signs and marks)."""
    return [match.span() for match in _UNIT.finditer(text)]


def khmer_words(run: str) -> list[str]:
    """A run of Khmer text split at ICU's dictionary-based word boundaries."""
    from icu4py.breakers import WordBreaker

    return [run[start:end] for start, end in WordBreaker(run, "km").segments()]


def khmer_breaks(text: str) -> str:
    """`text` with a zero-width space at each word boundary inside a run of Khmer, by ICU's Khmer
    dictionary: the line breaker may then wrap there, never inside a word. The space is a layout
    device only: the PDF's text layer leaves it out (avitools.render.engine.textlayer)."""
    if not _ANY_KHMER.search(text):
        return text

    def breakable(match: re.Match[str]) -> str:
        out = ""
        for word in khmer_words(match[0]):
            # A line may start with a word, never with a sign or punctuation (។ ៖ ៗ).
            out += (ZWSP if out and _KHMER_WORD_START.match(word) else "") + word
        return out

    return _KHMER_RUN.sub(breakable, text)


# The house typography, all of it: quotes and apostrophes (markdown-it's `smartquotes`), and these.
# markdown-it's own `replacements` also turns (c), (r), (tm), +- and runs of ! or ? into other
# characters ("Article 3(c)" would print "Article 3©"): the house never rewrites what an author wrote
# beyond this list, documented in the README.
_EM_DASH = re.compile(r"(^|[^-])---(?=[^-]|$)", re.M)
_EN_DASH = re.compile(r"(^|[^-])--(?=[^-]|$)", re.M)
_ELLIPSIS = re.compile(r"(?<!\.)\.\.\.(?!\.)")


def house_typography(text: str) -> str:
    """`---` as an em dash, `--` as an en dash, exactly three full stops as an ellipsis."""
    if "--" in text:
        text = _EN_DASH.sub("\\1\u2013", _EM_DASH.sub("\\1\u2014", text))
    if "..." in text:
        text = _ELLIPSIS.sub("\u2026", text)
    return text


def house_dashes_rule(state: Any) -> None:
    """A markdown-it core rule: the house typography in text outside code and addresses."""
    for token in state.tokens:
        if token.type != "inline" or not token.children:
            continue
        in_link = 0
        for child in token.children:
            if child.type == "link_open" and child.info == "auto":
                in_link += 1
            elif child.type == "link_close" and child.info == "auto":
                in_link -= 1
            elif child.type == "text" and not in_link:
                child.content = house_typography(child.content)


@functools.cache
def _inline() -> Any:
    """markdown-it's quotes and the house dashes alone, loaded when first needed (a no-op build
    never needs them)."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("zero", {"typographer": True}).enable(["smartquotes"])
    md.core.ruler.before("smartquotes", "house_dashes", house_dashes_rule)
    return md


def typographic(text: str) -> str:
    """Plain text with typographic quotes, apostrophes and dashes, as the body gets them."""
    tokens = _inline().parseInline(text)
    return "".join(child.content for t in tokens for child in (t.children or []))


_STOP = {"a", "an", "the", "of", "and", "in", "on", "for", "to", "with", "s"}


def title_slug(title: str, words: int) -> str:
    """Up to `words` ASCII words of a title for file names (Vietnamese letters folded, small words
    left out); empty for a title without Latin letters."""
    spaced = re.sub(r"[^\w]+", " ", title.replace("Đ", "D").replace("đ", "d"))
    folded = unicodedata.normalize("NFKD", spaced).encode("ascii", "ignore").decode("ascii").lower()
    return "-".join([w for w in re.findall(r"[a-z0-9]+", folded) if w not in _STOP][:words])
