"""markdown-it tokens -> the document tree of `avitools.document`."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path

from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode

from avitools.document import (
    Align,
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
    ListItem,
    Mark,
    Marked,
    Note,
    NoteRef,
    Paragraph,
    Quote,
    Rule,
    Table,
    Text,
)

_AS_TEXT = RendererHTML()
_MARKS = {"em": Mark.EMPHASIS, "strong": Mark.STRONG, "s": Mark.STRIKE}
_ALIGN = re.compile(r"text-align:(left|right|center)")
# The file an image names (None when the reader refused it), or its bytes when it is in memory.
ImageFile = Callable[[str], tuple[Path | None, bytes | None]]


def build_body(tokens: Sequence[Token], image_file: ImageFile, first_line: int | None = None) -> Body:
    """The document tree of a parsed body; section headings start at level 2 with unique anchors;
    tables know their line when the body starts at `first_line` of its file."""
    levels = [int(t.tag[1]) for t in tokens if t.type == "heading_open"]
    builder = _Builder(2 - min(levels) if levels else 0, image_file, first_line)
    root = SyntaxTreeNode(tokens)
    blocks = builder.blocks([n for n in root.children if n.type != "footnote_block"])
    notes = [Note(int(note.meta["id"]) + 1, builder.blocks(note.children))
             for block in root.children if block.type == "footnote_block" for note in block.children]
    return Body(blocks, tuple(sorted(notes, key=lambda n: n.number)))


class _Builder:
    """Walks markdown-it's syntax tree, keeping heading anchors unique across the body."""

    def __init__(self, shift: int, image_file: ImageFile, first_line: int | None = None) -> None:
        self.shift = shift
        self.image_file = image_file
        self.first_line = first_line
        self.anchors: set[str] = set()

    def blocks(self, nodes: Sequence[SyntaxTreeNode]) -> tuple[Block, ...]:
        out: list[Block] = []
        for node in nodes:
            block = self.block(node)
            if block is not None:
                out.append(block)
        return tuple(out)

    def block(self, node: SyntaxTreeNode) -> Block | None:
        kind = node.type
        if kind == "paragraph":
            nester = node.nester_tokens
            return Paragraph(self.inline(node), tight=bool(nester and nester.opening.hidden))
        if kind == "heading":
            level = min(6, int(node.tag[1]) + self.shift)
            children = self.inline(node)
            return Heading(level, _unique(_slug(_label(node)), self.anchors), children)
        if kind in ("bullet_list", "ordered_list"):
            items = tuple(ListItem(self.blocks(item.children)) for item in node.children)
            return ListBlock(kind == "ordered_list", items, int(node.attrs.get("start", 1)))
        if kind == "blockquote":
            return Quote(self.blocks(node.children))
        if kind == "fence":
            return CodeBlock(node.content, node.info.strip().split(" ")[0] if node.info.strip() else "")
        if kind == "code_block":
            return CodeBlock(node.content)
        if kind == "hr":
            return Rule()
        if kind == "table":
            return self.table(node)
        return None  # raw HTML (refused by the reader) and footnote anchors

    def table(self, node: SyntaxTreeNode) -> Table:
        rows: list[tuple[Cell, ...]] = []
        for section in node.children:
            for row in section.children:
                rows.append(tuple(Cell(self.inline(cell), _align(cell)) for cell in row.children))
        line = node.map[0] + self.first_line if node.map and self.first_line is not None else None
        return Table(rows[0], tuple(rows[1:]), line)

    def inline(self, node: SyntaxTreeNode) -> tuple[Inline, ...]:
        """The inline content of a paragraph, heading or cell."""
        inline = node.children[0] if node.children else None
        return self.inlines(inline.children) if inline is not None else ()

    def inlines(self, nodes: Sequence[SyntaxTreeNode]) -> tuple[Inline, ...]:
        out: list[Inline] = []
        for node in nodes:
            kind = node.type
            if kind == "text":
                out.append(Text(node.content))
            elif kind == "code_inline":
                out.append(Code(node.content))
            elif kind in ("softbreak", "hardbreak"):
                out.append(Break(kind == "hardbreak"))
            elif kind == "html_inline" and is_line_break(node.content):
                out.append(Break(hard=True))  # `<br>`: the one tag a manuscript may hold
            elif kind in _MARKS:
                out.append(Marked(_MARKS[kind], self.inlines(node.children)))
            elif kind == "link":
                out.append(Link(str(node.attrs.get("href", "")), self.inlines(node.children),
                                str(node.attrs.get("title", ""))))
            elif kind == "image":
                src = str(node.attrs.get("src", ""))
                path, data = self.image_file(src)
                out.append(Image(src, _alt(node), path, str(node.attrs.get("title", "")), data))
            elif kind == "footnote_ref":
                out.append(NoteRef(int(node.meta["id"]) + 1, int(node.meta.get("subId", 0))))
        return tuple(out)


_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)


def is_line_break(html: str) -> bool:
    """Whether raw HTML is a line break tag (`<br>`, `<br/>`, `<br />`): a hard break, the only way
    to break a line inside a table cell."""
    return _BR.fullmatch(html.strip()) is not None


def _align(cell: SyntaxTreeNode) -> Align:
    match = _ALIGN.search(str(cell.attrs.get("style", "")))
    return Align(match[1]) if match else Align.NONE


def _alt(node: SyntaxTreeNode) -> str:
    """An image's description as markdown-it prints it: its inline content as plain text."""
    token = node.token
    return _AS_TEXT.renderInlineAsText(token.children if token else None, {}, {})  # type: ignore[arg-type]


def _label(node: SyntaxTreeNode) -> str:
    """A heading's text for its anchor: the content of its inline tokens."""
    inline = node.children[0] if node.children else None
    tokens = inline.token.children if inline is not None and inline.token is not None else None
    return "".join(t.content for t in tokens or [] if t.type != "softbreak")


def heading_anchors(tokens: list[Token]) -> dict[str, str]:
    """Every id an author may link a heading by -> the heading's anchor: the anchor itself
    (`sec-background`), pandoc's automatic identifier (`background`, `the-mekong-1`) and GitHub's
    (`the-1990s--today`), in the order the headings come."""
    anchors: set[str] = set()
    pandoc: set[str] = set()
    github: set[str] = set()
    found: dict[str, str] = {}
    for index, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        children = tokens[index + 1].children or []
        label = "".join(t.content for t in children if t.type != "softbreak")
        anchor = _unique(_slug(label), anchors)
        text = "".join(t.content for t in children if t.type in ("text", "code_inline", "softbreak"))
        for alias in (anchor, _unique(_pandoc_id(text), pandoc, 1), _unique(_github_id(text), github, 1)):
            found.setdefault(alias, anchor)
    return found


def _pandoc_id(text: str) -> str:
    """pandoc's automatic identifier: letters, digits, `_-.` kept, spaces as hyphens, lower case,
    from the first letter on; `section` when nothing is left."""
    kept = "".join(c for c in text if c.isalnum() or c in "_-. \n\t").lower()
    kept = re.sub(r"\s+", "-", kept.strip())
    first = next((i for i, c in enumerate(kept) if c.isalpha()), len(kept))
    return kept[first:] or "section"


def _github_id(text: str) -> str:
    """GitHub's: lower case, punctuation but `-` and `_` dropped, each space a hyphen."""
    return "".join("-" if c == " " else c for c in text.strip().lower() if c.isalnum() or c in "-_ ")


def _slug(text: str) -> str:
    words = re.findall(r"\w+", text.lower())
    return "sec-" + ("-".join(words)[:60] or "section")


def _unique(slug: str, used: set[str], first: int = 2) -> str:
    """`slug`, or `slug-2`, `slug-3` … when taken (pandoc and GitHub count from `-1`: `first=1`)."""
    candidate, n = slug, first
    while candidate in used:
        candidate, n = f"{slug}-{n}", n + 1
    used.add(candidate)
    return candidate
