"""The fidelity rule: a PDF's text layer gives back the manuscript, every word in order.

What the layout changes on purpose is allowed: line-end hyphenation (U+2010 and soft hyphens are
undone), typographic quotes and dashes (the model holds them already), note numbers and running
elements (extra words in the PDF are never a finding). Words are compared NFC, by letters, digits
and combining marks, so an altered URL (`re‐search`) or a dropped cell shows as a lost word.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, replace

import pypdfium2

from avitools.document import (
    Block,
    CodeBlock,
    Heading,
    Image,
    Inline,
    Link,
    Marked,
    Note,
    Paragraph,
    Table,
    figure_image,
    plain_text,
    walk_blocks,
)
from avitools.model import Article
from avitools.text import is_khmer, units

# A word: letters and digits with their combining marks (Latin accents, Khmer vowel signs).
# (Thai, Lao and Burmese vowel signs and tone marks are marks too: never the end of a word.)
_WORD = re.compile(r"[\w\u0300-\u036f\u1ab0-\u1aff\u17b4-\u17d3\u17dd\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"
                   r"\u0eb1\u0eb4-\u0ebc\u0ec8-\u0ece\u102b-\u103e\u1056-\u1059\u105e-\u1060"
                   r"\u1062-\u1064\u1067-\u106d\u1071-\u1074\u1082-\u108d\u108f\u109a-\u109d]+")
_LINE_END_HYPHEN = re.compile(r"[\u2010\u00ad][ \t]*\r?\n(?=[^\W\d_])")
# A word hyphenated at the foot of a page: its end follows the notes and the running elements.
_HYPHENATED = re.compile(r"([\w\u0300-\u036f\u17b4-\u17d3\u17dd]+)[\u2010\u00ad]\s")
# A note call printed right after its word (`Korea.1`, `Another2`) is a word of its own.
# A call printed against the next word too (`tilaka ¹or`): digits and letters are words of their
# own on both sides of the comparison (`5G` is `5 G` in the manuscript and in the PDF alike).
_CALL = re.compile(r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])")
_KHMER = re.compile(r"[\u1780-\u17ff\u19e0-\u19ff]")
# Scripts a line may break inside a run of (no spaces between words, or breaks between syllables):
# Thai, Lao, Burmese, kana, Han and Hangul are compared letter by letter, with their marks.
_SPACELESS = re.compile("[\u0e00-\u0eff\u1000-\u109f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff"
                        "\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003ffff]")
_INVISIBLE = ("\u200b", "\u2060", "\ufeff", "\u00ad")
MAX_REPORTED = 3


@dataclass(frozen=True)
class Loss:
    """Manuscript words the text layer does not give back, with the words before them."""

    part: str
    lost: str
    context: str

    def message(self) -> str:
        """One line for the officer."""
        before = f" after '{self.context}'" if self.context else ""
        return f"the text layer does not give back '{self.lost}'{before} ({self.part})"


_LIGATURES = re.compile("[\ufb00-\ufb06]")


def words(text: str) -> list[str]:
    """The words of `text` as the rule compares them. Khmer, written without spaces between words,
    is compared syllable by syllable: a line may end at any word boundary and a space between
    phrases is not a word, but no line ends inside a syllable."""
    text = unicodedata.normalize("NFC", text)
    if _LIGATURES.search(text):  # ﬁ pasted from a PDF reads back as fi
        text = "".join(unicodedata.normalize("NFKC", c) if "\ufb00" <= c <= "\ufb06" else c for c in text)
    for invisible in _INVISIBLE:  # str.replace where needed: far faster than translate on a page
        if invisible in text:
            text = text.replace(invisible, "")
    tokens = []
    for token in _WORD.findall(text.replace("_", " ")):
        if token.isalpha() or token.isdecimal():
            tokens.append(token)
        else:  # a note call after a word, within its token: looked for here, not in all the text
            tokens += _CALL.sub(" ", token).split()
    if not _KHMER.search(text) and not _SPACELESS.search(text):
        return tokens
    found: list[str] = []
    for word in tokens:
        if _KHMER.search(word) or _SPACELESS.search(word):
            found += [word[start:end] for start, end in units(word)]
        else:
            found.append(word)
    return found


def said(tokens: list[str]) -> str:
    """Compared words as a reader would write them: Khmer syllables together, others spaced."""
    out = ""
    for token in tokens:
        glued = out and is_khmer(out[-1]) and is_khmer(token[0])
        out += token if glued or not out else f" {token}"
    return out


def text_layer(document: pypdfium2.PdfDocument) -> str:
    """Every page's text as PDFium extracts it (what search and copy see), hyphenation undone."""
    pages = []
    for index in range(len(document)):
        textpage = document[index].get_textpage()
        pages.append(textpage.get_text_range())
        textpage.close()
    return joined(pages)


def joined(pages: list[str]) -> str:
    """The pages' texts as one, line-end hyphenation undone."""
    text = "\n".join(pages)
    # A hyphenated line end joins the next line when that line goes on with the word (lower case).
    return _LINE_END_HYPHEN.sub(lambda m: "" if text[m.end()].islower() else m[0], text)


def expected_parts(article: Article) -> Iterator[tuple[str, str]]:
    """(part, text) of everything the manuscript has printed, each in reading order."""
    yield "title", article.title
    if article.subtitle:
        yield "subtitle", article.subtitle
    yield "dateline", article.country
    for author in article.authors:
        yield "byline", author.name
        yield "author note", author.bio
    yield "body", " ".join(_block_text(b) for b in walk_blocks(article.body.blocks))
    for note in article.body.notes:
        yield f"note {note.number}", _note_text(note)


def _block_text(block: Block) -> str:
    figure = figure_image(block)
    if figure is not None:
        return figure.title
    if isinstance(block, Paragraph):
        return plain_text(_printed(block.children))
    if isinstance(block, Heading):
        return block.text
    if isinstance(block, CodeBlock):
        return block.text
    if isinstance(block, Table):
        # Cell by cell: emphasis inside a word (Cam**bod**ia) does not split the word.
        return " ".join(plain_text(_printed(cell.children)) for row in (block.header, *block.rows)
                        for cell in row)
    return ""


def _printed(nodes: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """Inline nodes whose text is printed: an image's description is not (it is its /Alt), also
    inside a link or emphasis."""
    out: list[Inline] = []
    for node in nodes:
        if isinstance(node, Image):
            continue
        if isinstance(node, Link | Marked):
            node = replace(node, children=_printed(node.children))
        out.append(node)
    return tuple(out)


def _note_text(note: Note) -> str:
    return " ".join(_block_text(b) for b in walk_blocks(note.blocks))


def _in_order(wanted: list[str], actual: list[str], heads: set[str]) -> bool:
    """Whether every wanted word appears in `actual`, in order (extra words allowed).

    A word hyphenated at a page's foot counts where its first part stands (`heads`).
    """
    position = 0
    for word in wanted:
        while position < len(actual):
            token = actual[position]
            position += 1
            if token == word or (token in heads and word.startswith(token) and word != token):
                break
        else:
            return False
    return True


def _as_a_passage(wanted: list[str], actual: list[str], starts: dict[str, list[int]]) -> bool:
    """Whether the words stand together in `actual`, with at most note numbers between them
    (`starts`: where each word stands in `actual`)."""
    for start in starts.get(wanted[0], ()):
        position, k = start + 1, 1
        while k < len(wanted) and position < len(actual):
            if actual[position] == wanted[k]:
                k += 1
            elif not actual[position].isdigit():
                break
            position += 1
        if k == len(wanted):
            return True
    return False


def losses(article: Article, layer: str) -> list[Loss]:
    """What of the manuscript the text layer lost or altered, part by part (at most a few each).

    The body is compared word by word, in order, around the notes and running elements printed
    among its pages. Every other part (title, byline, an author note, a footnote) is printed in one
    place, so it must stand there as one passage.
    """
    actual = words(layer)
    starts: dict[str, list[int]] = {}
    for i, word in enumerate(actual):
        starts.setdefault(word, []).append(i)
    heads: set[str] = set()  # words hyphenated at a page's foot: looked for only when needed

    def hyphenated(word: str) -> bool:
        return any(word.startswith(head) and word[len(head):] in starts for head in heads)

    found: list[Loss] = []
    for part, text in expected_parts(article):
        wanted = words(text)
        if not wanted:
            continue
        if part != "body":
            if not _as_a_passage(wanted, actual, starts):
                found.append(Loss(part, said(wanted[:8]) + (" …" if len(wanted) > 8 else ""), ""))
            continue
        if _in_order(wanted, actual, heads):
            continue
        heads = {unicodedata.normalize("NFC", m[1]) for m in _HYPHENATED.finditer(layer)}
        if _in_order(wanted, actual, heads):
            continue
        matcher = difflib.SequenceMatcher(None, wanted, actual, autojunk=False)
        covered = [False] * len(wanted)
        for block in matcher.get_matching_blocks():
            for k in range(block.size):
                covered[block.a + k] = True
        for i, word in enumerate(wanted):
            covered[i] = covered[i] or hyphenated(word)
        found += _runs(part, wanted, covered)
    return found


def _runs(part: str, wanted: list[str], covered: list[bool]) -> list[Loss]:
    """The first few runs of uncovered words, each with the words before it."""
    found: list[Loss] = []
    i = 0
    while i < len(wanted) and len(found) < MAX_REPORTED:
        if covered[i]:
            i += 1
            continue
        j = i
        while j < len(wanted) and not covered[j]:
            j += 1
        found.append(Loss(part, said(wanted[i:j][:8]), said(wanted[max(0, i - 4):i])))
        i = j
    return found
