"""The house Markdown parser: linkify-it's pretest, asked a cheaper question first, answers as it
does alone."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from linkify_it import LinkifyIt

from avitools.read.markdown import parser, read_body
from benchmarks.corpus import manuscript
from tests.helpers import SEED

PIECES = ["http:", "https://", "ftp:", "mailto:", "//", "@", ".", "www.", "WWW.", "localhost",
          "LocalHost", "com", "org", "kh", "рф", "xn--p1ai", "1", "23", "192", ".5.", "a", "Z",
          "_", " ", "\n", "(", ")", ">", "<", "|", "｜", "\u3000", "ក", "ខ្មែរ", "é", "-", ":", "/",
          ",", "!", "?", "\u2010"]


def _pretest(text: str) -> bool:
    linkify = parser().linkify
    assert linkify is not None
    return bool(linkify.pretest(text))


def _same(text: str) -> None:
    assert _pretest(text) == LinkifyIt().pretest(text), repr(text)


@given(st.lists(st.sampled_from(PIECES), max_size=12).map("".join))
@settings(max_examples=400, deadline=None)
def test_the_quick_pretest_answers_as_linkify_its_own(text: str) -> None:
    _same(text)


def test_the_quick_pretest_answers_as_linkify_its_own_on_manuscripts() -> None:
    texts = [SEED.read_text(encoding="utf-8"), manuscript(0), manuscript(7)]
    lines = [line for text in texts for line in text.splitlines()] + [
        "See https://www.asianvision.org/publications or write to info@asianvision.org.",
        "The U.S. and Japan, e.g. in 2024, spent 1.5 per cent; www.mfaic.gov.kh has the text."]
    for line in lines:
        _same(line)
    answers = {_pretest(line) for line in lines}
    assert answers == {True, False}  # both answers are given, so both paths are tried


def test_one_parser_reads_each_body_as_if_it_were_the_first(tmp_path: Path) -> None:
    first = "A claim.[^a] Another.[^b]\n\n[^a]: Its source.\n[^b]: A second source.\n"
    second = "A later claim.[^x]\n\n[^x]: The only note here.\n\nSee www.asianvision.org.\n"
    alone = read_body(second, "second.md", tmp_path, 1)
    read_body(first, "first.md", tmp_path, 1)
    again = read_body(second, "second.md", tmp_path, 1)
    assert parser() is parser()  # one parser for the process
    assert again.body == alone.body  # its note numbered from 1, nothing of the first kept
    assert again.problems == alone.problems == []
