"""The document tree -> HTML: the print body (notes inline, floated to the page foot) and the e-book
chapter body (EPUB 3 noterefs and footnotes, ids prefixed per article)."""

from __future__ import annotations

import base64
import mimetypes
import re
from collections.abc import Iterable

from avitools.document import (
    Block,
    Body,
    Break,
    Cell,
    Code,
    CodeBlock,
    Heading,
    Image,
    Inline,
    Link,
    ListBlock,
    Marked,
    Note,
    NoteRef,
    Paragraph,
    Quote,
    Rule,
    Table,
    Text,
    figure_image,
    plain_text,
)
from avitools.render.hyphenate import NO_RULES, WORD, HouseRules
from avitools.text import khmer_breaks

# Wide tables step their type down: (columns at least, class), widest first. The floor is the last.
TABLE_SIZES = ((9, "table-smallest"), (7, "table-smaller"))
_NUMBER = re.compile(r"^[+\-\u2212\u2013]?[$€£¥៛]?\s?[\d][\d,.\s\u202f]*\s?%?$")


def numeric_columns(table: Table) -> set[int]:
    """The columns whose body cells are all numbers (`11,834,567.89`, `+5.3 %`), blanks allowed."""
    columns: set[int] = set()
    width = max((len(r) for r in table.rows), default=0)
    for column in range(width):
        cells = [plain_text(r[column].children).strip() for r in table.rows if column < len(r)]
        filled = [c for c in cells if c and c not in ("–", "-", "—", "n/a")]
        if filled and all(_NUMBER.match(c) for c in filled):
            columns.add(column)
    return columns


_AFTER_SLASH = re.compile(r"(?<=/)")


def _is_address(node: Link) -> bool:
    """A link whose printed text is the address itself (a URL or an e-mail address)."""
    text = plain_text(node.children)
    return " " not in text and all(isinstance(c, Text) for c in node.children) and (
        "/" in text or "@" in text)


def _long_address(node: Inline) -> bool:
    """A link whose printed text is a long web or e-mail address."""
    if not isinstance(node, Link):
        return False
    text = plain_text(node.children)
    return len(text) > 30 and " " not in text and ("/" in text or "@" in text)


_OPENING = re.compile(r"<([a-z][a-z0-9]*)(?![^>]*\sid=)(?=[\s>])")


def _e(text: str) -> str:
    """Escape text for HTML and XHTML, as markdown-it does."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


class PrintBody:
    """HTML for the print layout; each note is written inside its call, for `float: footnote`."""

    def __init__(self, body: Body, prefix: str = "", rules: HouseRules = NO_RULES,
                 marks: bool = False) -> None:
        self.body = body
        self.marks = marks  # an id on each top-level block: where a book's page starts, for the e-book
        self.prefix = prefix  # set in a book, where many articles share one set of ids
        self.notes = {note.number: note for note in body.notes}
        self.rules = rules
        self.ends: set[int] = set()  # the text nodes that hold a paragraph's last word (by id)
        self.hyphenated = False  # inside a paragraph the layout hyphenates (not a note, cell, heading)

    def paragraph(self, children: tuple[Inline, ...]) -> str:
        """A paragraph's inlines; where the layout hyphenates, names and its last word are kept
        whole at a line end."""
        last = _last_words(children)
        if last is not None:
            self.ends.add(id(last))
        outer, self.hyphenated = self.hyphenated, True
        try:
            return self.inlines(children)
        finally:
            self.hyphenated = outer

    def html(self) -> str:
        """The whole body; with `marks`, each top-level block carries an id (`pm-3`, or a heading's
        own) by which the e-book finds where each page of the print book starts."""
        if not self.marks:
            return self.blocks(self.body.blocks)
        out = []
        for number, block in enumerate(self.body.blocks, start=1):
            html = self.blocks((block,))
            out.append(_OPENING.sub(rf'<\1 id="{self.prefix}pm-{number}"', html, count=1)
                       if _OPENING.match(html) else html)
        return "".join(out)

    def blocks(self, blocks: Iterable[Block]) -> str:
        out: list[str] = []
        previous: Block | None = None
        for block in blocks:
            if isinstance(previous, Paragraph) and previous.tight:
                out.append("\n")  # a block after the text of a tight list item starts a new line
            out.append(self.block(block))
            previous = block
        return "".join(out)

    def block(self, block: Block) -> str:
        figure = figure_image(block)
        if figure is not None:  # kept whole with its caption (the image's title)
            return (f"<figure>{self.inlines((figure,))}"
                    f"<figcaption>{_e(khmer_breaks(figure.title))}</figcaption></figure>\n")
        if isinstance(block, Paragraph):
            inner = self.paragraph(block.children)
            if block.tight:
                return inner
            # A long address cannot break like words: its paragraph is set ragged, not stretched.
            ragged = ' class="has-url"' if any(_long_address(n) for n in block.children) else ""
            return f"<p{ragged}>{inner}</p>\n"
        if isinstance(block, Heading):
            return (f'<h{block.level} id="{_e(self.prefix + block.anchor)}">'
                    f"{self.inlines(block.children)}</h{block.level}>\n")
        if isinstance(block, ListBlock):
            return self.list(block)
        if isinstance(block, Quote):
            return f"<blockquote>\n{self.blocks(block.blocks)}</blockquote>\n"
        if isinstance(block, CodeBlock):
            language = f' class="language-{_e(block.language)}"' if block.language else ""
            return f"<pre><code{language}>{self.code(block.text)}</code></pre>\n"
        if isinstance(block, Table):
            return self.table(block)
        if isinstance(block, Rule):
            return "<hr />\n"
        raise TypeError(f"unknown block {block!r}")

    def list(self, block: ListBlock) -> str:
        tag = "ol" if block.ordered else "ul"
        start = f' start="{block.start}"' if block.ordered and block.start != 1 else ""
        items = []
        for item in block.items:
            first = item.blocks[0] if item.blocks else None
            tight = isinstance(first, Paragraph) and first.tight
            opening = "" if first is None or tight else "\n"
            ragged = tight and isinstance(first, Paragraph) and any(map(_long_address, first.children))
            kind = ' class="has-url"' if ragged else ""
            items.append(f"<li{kind}>{opening}{self.blocks(item.blocks)}</li>\n")
        return f"<{tag}{start}>\n{''.join(items)}</{tag}>\n"

    def table(self, table: Table) -> str:
        numbers = numeric_columns(table)

        def row(cells: tuple[Cell, ...], tag: str) -> str:
            out = []
            for column, cell in enumerate(cells):
                style = f' style="text-align:{cell.align}"' if cell.align else ""
                kind = ' class="number"' if column in numbers else ""
                out.append(f"<{tag}{kind}{style}>{self.inlines(cell.children)}</{tag}>\n")
            return f"<tr>\n{''.join(out)}</tr>\n"

        width = max(len(table.header), *(len(r) for r in table.rows)) if table.rows else len(table.header)
        size = next((name for limit, name in TABLE_SIZES if width >= limit), "")
        head = f"<thead>\n{row(table.header, 'th')}</thead>\n"
        body = (f"<tbody>\n{''.join(row(r, 'td') for r in table.rows)}</tbody>\n" if table.rows else "")
        kind = f' class="{size}"' if size else ""
        return f"<table{kind}>\n{head}{body}</table>\n"

    def inlines(self, nodes: Iterable[Inline]) -> str:
        out: list[str] = []
        previous: Inline | None = None
        for node in nodes:
            if isinstance(node, NoteRef) and isinstance(previous, NoteRef):
                out.append(self.call_separator())
            elif (isinstance(previous, NoteRef) and isinstance(node, Text) and node.text[:1].isdigit()):
                out.append(self.call_gap())
            out.append(self.inline(node))
            previous = node
        return "".join(out)

    def call_gap(self) -> str:
        """Between a call and a number right after it: a thin space, so that ¹ and 1 never read 11."""
        return "\u2009"

    def call_separator(self) -> str:
        """Between two adjacent note calls: a superscript comma, so that 3 and 4 never read 34."""
        return '<span class="note-sep">,</span>'


    def inline(self, node: Inline) -> str:
        if isinstance(node, Text):
            return self.ending(node.text) if id(node) in self.ends else self.text(node.text)
        if isinstance(node, Code):
            return f"<code>{_e(node.text)}</code>"
        if isinstance(node, Marked):
            return f"<{node.mark}>{self.inlines(node.children)}</{node.mark}>"
        if isinstance(node, Link):
            title = f' title="{_e(node.title)}"' if node.title else ""
            outer, self.hyphenated = self.hyphenated, False  # a link is never hyphenated
            try:
                inner = (self.address(plain_text(node.children)) if _is_address(node)
                         else self.inlines(node.children))
            finally:
                self.hyphenated = outer
            href = f"#{self.prefix}{node.href[1:]}" if node.href.startswith("#") else node.href
            return f'<a href="{_e(href)}"{title}>{inner}</a>'
        if isinstance(node, Image):
            title = f' title="{_e(node.title)}"' if node.title else ""
            return f'<img src="{_e(self.image_src(node))}" alt="{_e(node.alt)}"{title} />'
        if isinstance(node, NoteRef):
            return self.note_ref(node)
        if isinstance(node, Break):
            return "<br />\n" if node.hard else "\n"
        raise TypeError(f"unknown inline {node!r}")

    def text(self, text: str) -> str:
        return self.rules.mark(text, self.escaped) if self.hyphenated else self.escaped(text)

    def ending(self, text: str) -> str:
        """The text that ends a paragraph."""
        return self.rules.mark(text, self.escaped, last=True) if self.hyphenated else self.text(text)

    @staticmethod
    def escaped(text: str) -> str:
        """A run of text as HTML, with the break opportunities Khmer needs."""
        return _e(khmer_breaks(text))

    def code(self, text: str) -> str:
        """Code, one block per line: a line too long for the measure wraps (between words, or at
        any character in a word longer than the line), its continuation indented under it."""
        return "".join(f'<span class="code-line">{_e(line) or " "}</span>'
                       for line in text.rstrip("\n").split("\n"))

    def address(self, text: str) -> str:
        """A written-out address may break only after a slash: never after one of its own hyphens,
        which extractors (poppler) would take for hyphenation and drop. No character is added."""
        return "".join(f'<span class="address">{_e(part)}</span>' for part in _AFTER_SLASH.split(text)
                       if part)

    def image_src(self, image: Image) -> str:
        if image.data is not None:  # in memory only (a Word file's picture): carried in the page
            mime = mimetypes.guess_type(image.src)[0] or "application/octet-stream"
            return f"data:{mime};base64,{base64.b64encode(image.data).decode('ascii')}"
        return image.src

    def note_ref(self, ref: NoteRef) -> str:
        # A word joiner keeps the call on the line of the word it follows.
        if ref.repeat:
            return (f'\u2060<a class="note-again" href="#{self.prefix}fn-{ref.number}">'
                    f"{ref.number}</a>")
        note = self.notes.get(ref.number)
        return (f'\u2060<span class="footnote" id="{self.prefix}fn-{ref.number}">'
                f"{self.note_text(note) if note else ''}</span>")

    def note_text(self, note: Note) -> str:
        """A note's content as phrasing HTML (it is written inside its call): the first paragraph
        runs on after the number; each further block is a span set as a block of the note."""
        first, *rest = note.blocks or (Paragraph(()),)
        outer, self.hyphenated = self.hyphenated, False  # notes are set without hyphenation
        try:
            head = self.inlines(first.children) if isinstance(first, Paragraph) else self.note_block(first)
            return head + "".join(self.note_block(block) for block in rest)
        finally:
            self.hyphenated = outer

    def note_block(self, block: Block, depth: int = 0) -> str:
        """A block of a note as spans: paragraphs, quotes, list items, code lines, table rows."""
        if isinstance(block, Paragraph):
            return f'<span class="note-block">{self.inlines(block.children)}</span>'
        if isinstance(block, Quote):
            inner = "".join(self.note_block(b, depth) for b in block.blocks)
            return f'<span class="note-block note-quote">{inner}</span>'
        if isinstance(block, ListBlock):
            items = []
            for number, item in enumerate(block.items, start=block.start):
                marker = f"{number}." if block.ordered else "•"
                first, *rest = item.blocks or (Paragraph(()),)
                text = (self.inlines(first.children) if isinstance(first, Paragraph)
                        else self.note_block(first, depth + 1))
                nested = "".join(self.note_block(b, depth + 1) for b in rest)
                items.append(f'<span class="note-block note-item">{marker} {text}{nested}</span>')
            return "".join(items)
        if isinstance(block, CodeBlock):
            return f'<span class="note-block note-code">{self.code(block.text)}</span>'
        if isinstance(block, Table):
            rows = [" | ".join(self.inlines(cell.children) for cell in row)
                    for row in (block.header, *block.rows)]
            return "".join(f'<span class="note-block">{row}</span>' for row in rows)
        if isinstance(block, Heading):
            return f'<span class="note-block"><strong>{self.inlines(block.children)}</strong></span>'
        return ""  # a rule, or a figure (refused in notes by nothing yet: drawn nowhere)


def _last_words(children: tuple[Inline, ...]) -> Text | None:
    """The text node that holds the last word of these inlines (inside emphasis; none when a link
    ends them)."""
    for node in reversed(children):
        if isinstance(node, Text) and WORD.search(node.text):
            return node
        if isinstance(node, Link):  # never hyphenated: its words end nothing that could break
            return None
        if isinstance(node, Marked):
            found = _last_words(node.children)
            if found is not None:
                return found
    return None


class EpubBody(PrintBody):
    """XHTML for an e-book chapter: the body with its noterefs; its notes as the items of the
    chapter's endnotes list (after the disclaimer, where reading systems show them)."""

    def __init__(self, body: Body, prefix: str, images: dict[str, str], marks: bool = False) -> None:
        super().__init__(body, prefix, marks=marks)
        self.images = images

    def endnotes(self) -> str:
        """The numbered notes as list items, each linked back to its call."""
        p = self.prefix
        return "".join(
            f'<li id="{p}fn-{n.number}" class="footnote">'
            f'<p><a href="#{p}fnref-{n.number}" role="doc-backlink">{n.number}.</a> '
            f"{self.note_head(n)}</p>{self.blocks(self.note_rest(n))}</li>\n" for n in self.body.notes)

    def text(self, text: str) -> str:
        # No added break opportunities: reading systems break Khmer by dictionary, and a zero-width
        # space in the text would break their search.
        return _e(text)

    def ending(self, text: str) -> str:
        return self.text(text)

    def code(self, text: str) -> str:
        return _e(text)  # a reading system wraps code itself (the e-book's stylesheet)

    def image_src(self, image: Image) -> str:
        return self.images.get(image.src, image.src)

    def note_head(self, note: Note) -> str:
        """The first paragraph of a note, after its number; its other blocks follow as blocks."""
        first = note.blocks[0] if note.blocks else None
        return self.inlines(first.children) if isinstance(first, Paragraph) else ""

    @staticmethod
    def note_rest(note: Note) -> tuple[Block, ...]:
        """The blocks of a note after the paragraph its number stands in."""
        return note.blocks[1:] if note.blocks and isinstance(note.blocks[0], Paragraph) else note.blocks

    def note_ref(self, ref: NoteRef) -> str:
        p, number = self.prefix, ref.number
        ident = f"{p}fnref-{number}" + (f"-{ref.repeat + 1}" if ref.repeat else "")
        return (f'<sup><a epub:type="noteref" role="doc-noteref" id="{ident}" '
                f'href="#{p}fn-{number}">{number}</a></sup>')
