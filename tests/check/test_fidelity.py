"""The fidelity rule's words: note calls split from their word, token by token, as in the text."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from avitools.check.fidelity import words

PIECES = ["Korea", "a", "Z", "1", "23", "²", "៣", "ក", "ម្ពុ", "é", "e\u0301", "_", " ", ".", ",",
          "\u2010", "\u00ad", "\u200b", "-", "\n", "Ⅻ", "½", "'"]
_WORD = re.compile(r"[\w\u0300-\u036f\u1ab0-\u1aff\u17b4-\u17d3\u17dd]+")
_CALL = re.compile(r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])")


@given(st.lists(st.sampled_from(PIECES), max_size=14).map("".join))
@settings(max_examples=400, deadline=None)
def test_calls_split_as_when_the_whole_text_was_searched(text: str) -> None:
    latin = text.replace("ក", "k").replace("ម្ពុ", "mp").replace("៣", "3")  # no syllable split
    flat = latin.replace("\u200b", "").replace("\u00ad", "")
    reference = _WORD.findall(_CALL.sub(" ", unicodedata.normalize("NFC", flat).replace("_", " ")))
    assert words(latin) == reference


def test_a_call_after_its_word_is_a_word_of_its_own() -> None:
    assert words("Korea.1 Another2 5G G5 x²") == ["Korea", "1", "Another", "2", "5", "G", "G", "5", "x²"]
    assert words("tilaka 1or tilaka12or") == ["tilaka", "1", "or", "tilaka", "12", "or"]
