"""The body of an article as a document tree: what readers produce and every renderer walks.

Plain frozen values, no I/O and no markup: a renderer decides how each node looks in its output.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


@dataclass(frozen=True)
class Text:
    """Running text, already typographic (quotes, dashes)."""

    text: str


@dataclass(frozen=True)
class Code:
    """Inline code, printed as written."""

    text: str


class Mark(StrEnum):
    """The kinds of inline emphasis."""

    EMPHASIS = "em"
    STRONG = "strong"
    STRIKE = "s"


@dataclass(frozen=True)
class Marked:
    """Text under one kind of emphasis."""

    mark: Mark
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Link:
    """A link to a web or e-mail address (`href` percent-encoded), or to a place in the article."""

    href: str
    children: tuple[Inline, ...]
    title: str = ""


@dataclass(frozen=True)
class Image:
    """A figure: `src` as the author wrote it (percent-encoded), the file it names, its description."""

    src: str
    alt: str
    path: Path | None = None
    title: str = ""
    data: bytes | None = None  # the image itself, for an image that exists only in memory (Word)


@dataclass(frozen=True)
class NoteRef:
    """A call of body note `number` (from 1); `repeat` counts earlier calls of the same note."""

    number: int
    repeat: int = 0


@dataclass(frozen=True)
class Break:
    """A line break: a soft one (a space when printed) or a hard one."""

    hard: bool = False


Inline = Text | Code | Marked | Link | Image | NoteRef | Break


@dataclass(frozen=True)
class Paragraph:
    """A paragraph; `tight` when it is the text of a tight list item (printed without a <p>)."""

    children: tuple[Inline, ...]
    tight: bool = False


@dataclass(frozen=True)
class Heading:
    """A section heading: level 2 and below (the title is the only level 1), with its anchor."""

    level: int
    anchor: str
    children: tuple[Inline, ...]

    @property
    def text(self) -> str:
        """The heading as plain text."""
        return plain_text(self.children)


@dataclass(frozen=True)
class ListItem:
    """One item of a list."""

    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class ListBlock:
    """A bulleted or numbered list."""

    ordered: bool
    items: tuple[ListItem, ...]
    start: int = 1


@dataclass(frozen=True)
class Quote:
    """A block quotation."""

    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class CodeBlock:
    """Preformatted text, with the language named after the opening fence, if any."""

    text: str
    language: str = ""


class Align(StrEnum):
    """How a table column is aligned."""

    NONE = ""
    LEFT = "left"
    RIGHT = "right"
    CENTER = "center"


@dataclass(frozen=True)
class Cell:
    """One table cell."""

    children: tuple[Inline, ...]
    align: Align = Align.NONE


@dataclass(frozen=True)
class Table:
    """A table: one header row, then the body rows; the manuscript line it starts on, where lines
    mean something to the author (a Markdown manuscript)."""

    header: tuple[Cell, ...]
    rows: tuple[tuple[Cell, ...], ...]
    line: int | None = None


@dataclass(frozen=True)
class Rule:
    """A thematic break."""


Block = Paragraph | Heading | ListBlock | Quote | CodeBlock | Table | Rule


@dataclass(frozen=True)
class Note:
    """A body footnote, numbered from 1 in the order of first citation."""

    number: int
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Body:
    """The article body: its blocks and its footnotes."""

    blocks: tuple[Block, ...] = ()
    notes: tuple[Note, ...] = ()

    def headings(self) -> list[Heading]:
        """The section headings, in order."""
        return [b for b in walk_blocks(self.blocks) if isinstance(b, Heading)]

    def images(self) -> list[Image]:
        """Every image of the body and its notes, in order."""
        blocks = [*self.blocks, *(b for n in self.notes for b in n.blocks)]
        return [i for i in walk_inlines(blocks) if isinstance(i, Image)]


def children_of(block: Block) -> tuple[Block, ...]:
    """The blocks nested directly in `block`."""
    if isinstance(block, Quote):
        return block.blocks
    if isinstance(block, ListBlock):
        return tuple(b for item in block.items for b in item.blocks)
    return ()


def walk_blocks(blocks: tuple[Block, ...] | list[Block]) -> Iterator[Block]:
    """Every block, depth first."""
    for block in blocks:
        yield block
        yield from walk_blocks(children_of(block))


def inlines_of(block: Block) -> tuple[Inline, ...]:
    """The inline content held directly by `block` (table cells included)."""
    if isinstance(block, Paragraph | Heading):
        return block.children
    if isinstance(block, Table):
        return tuple(i for row in (block.header, *block.rows) for cell in row for i in cell.children)
    return ()


def walk_inlines(blocks: tuple[Block, ...] | list[Block]) -> Iterator[Inline]:
    """Every inline node of the blocks, depth first."""

    def inner(nodes: tuple[Inline, ...]) -> Iterator[Inline]:
        for node in nodes:
            yield node
            if isinstance(node, Marked | Link):
                yield from inner(node.children)

    for block in walk_blocks(blocks):
        yield from inner(inlines_of(block))


def plain_text(nodes: tuple[Inline, ...]) -> str:
    """The text of inline nodes, without marks (an image gives its description)."""
    out: list[str] = []
    for node in nodes:
        if isinstance(node, Text | Code):
            out.append(node.text)
        elif isinstance(node, Marked | Link):
            out.append(plain_text(node.children))
        elif isinstance(node, Image):
            out.append(node.alt)
        elif isinstance(node, Break):
            out.append("\n" if node.hard else " ")
    return "".join(out)


def figure_image(block: Block) -> Image | None:
    """The image of a paragraph that holds one image with a title, printed as a figure whose
    caption is the title (`![Rice exports](chart.png "Figure 1. Rice exports, 2020–2024")`)."""
    if not isinstance(block, Paragraph):
        return None
    nodes = [n for n in block.children if not (isinstance(n, Text) and not n.text.strip())]
    if len(nodes) == 1 and isinstance(nodes[0], Image) and nodes[0].title.strip():
        return nodes[0]
    return None
