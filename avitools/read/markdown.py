"""A Markdown body -> the document tree, with markdown-it-py: CommonMark, tables, footnotes, typography."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from linkify_it import LinkifyIt
from markdown_it import MarkdownIt
from markdown_it.token import Token
from markdown_it.utils import EnvType
from mdit_py_plugins.footnote import footnote_plugin

from avitools.document import Body
from avitools.errors import Problem
from avitools.read import IMAGE_SUFFIXES
from avitools.read.tree import build_body, heading_anchors, is_line_break
from avitools.text import house_dashes_rule

_UNRESOLVED_NOTE = re.compile(r"\[\^([^\]\s]+)\]")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
LINK_SCHEMES = ("http", "https", "mailto")
MAX_NESTING = 20
# How deep the house layout nests lists and quotes. Deeper Markdown is refused: markdown-it would
# drop what lies below MAX_NESTING levels without a word, and the layout's indents would run out.
MAX_LIST_DEPTH = 6
MAX_QUOTE_DEPTH = 4
# A table wider than this cannot fit the page even at the layout's smallest table type.
MAX_TABLE_COLUMNS = 12
# What nests, how deep the layout carries it, and what to do about a deeper one.
_NESTING = {"list": (MAX_LIST_DEPTH, "a list", "flatten the list or split it into paragraphs"),
            "quote": (MAX_QUOTE_DEPTH, "a quotation", "quote at most four levels deep")}
_NESTED = {"bullet_list": "list", "ordered_list": "list", "blockquote": "quote"}
_DECADE = re.compile(r"['\u2018](?=\d{2}s\b)")  # '90s: an apostrophe, never an opening quote
# What every address linkify-it finds contains: a scheme's colon or `//`, an e-mail's `@`, a dot
# before a domain's letters or an address's digits, `www.`, or `localhost`.
_MAYBE_ADDRESS = re.compile(r"[:/@]|\.\w|www\.|localhost", re.IGNORECASE)

@dataclass
class Parsed:
    """The body's document tree and what the reader learnt on the way."""

    body: Body = field(default_factory=Body)
    images: list[Path] = field(default_factory=list)
    texts: list[tuple[str, int | None]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


@functools.cache
def parser() -> MarkdownIt:
    """The house Markdown dialect: CommonMark, tables, strikethrough, footnotes, smart typography
    (one per process: markdown-it keeps what it learns of a document in the `env` of its parse)."""
    md = MarkdownIt(
        "commonmark", {"typographer": True, "html": True, "linkify": True, "maxNesting": MAX_NESTING}
    )
    # linkify: a web or e-mail address written out is a live link, and so never hyphenated.
    md.enable(["table", "strikethrough", "smartquotes", "linkify"])
    md.core.ruler.before("smartquotes", "house_dashes", house_dashes_rule)
    md.linkify = _Linkify()
    md.use(footnote_plugin)
    return md


class _Linkify(LinkifyIt):  # type: ignore[misc]
    """linkify-it with its pretest first asking a question a hundred times cheaper.

    linkify-it's pretest (one large case-insensitive pattern, a quarter of a millisecond on each
    paragraph: half the time markdown-it takes on a manuscript) answers "no" at once for text with
    none of the marks every address it finds contains; text with one is asked as before."""

    def pretest(self, text: str) -> bool:
        return _MAYBE_ADDRESS.search(text) is not None and bool(super().pretest(text))


def read_body(text: str, name: str, folder: Path, first_line: int,
              figures: dict[str, bytes] | None = None, numbered: bool = True) -> Parsed:
    """Parse and check a manuscript body that starts at `first_line` of the file.

    `figures` are images that exist only in memory (a Word file's), by the name the body uses;
    `numbered`: the body's lines mean something to its author (a Markdown file, not a Word one).
    """
    md = parser()
    written = _keep_written_urls(md)
    env: dict[str, Any] = {}
    tokens = md.parse(text, env)
    parsed = Parsed()
    figures = figures or {}
    _scan(tokens, parsed, _Where(name, folder, first_line, written, figures))
    _internal_links(tokens, parsed, _Where(name, folder, first_line, written, figures))
    _check_structure(tokens, parsed, name, first_line)
    _check_note_definitions(env, text, name, first_line, parsed)
    files = {str(path): path for path in parsed.images}
    root = folder.resolve()

    def image_file(src: str) -> tuple[Path | None, bytes | None]:
        return files.get(str((root / unquote(src)).resolve())), figures.get(unquote(src))

    parsed.body = build_body(tokens, image_file, first_line if numbered else None)
    return parsed


@dataclass(frozen=True)
class _Where:
    """Where a body comes from: the name to report, its folder, its first line, its URLs as written."""

    name: str
    folder: Path
    first: int
    written: dict[str, str]
    figures: dict[str, bytes]


def _keep_written_urls(md: MarkdownIt) -> dict[str, str]:
    """Let every URL through to the reader's own checks, remembering how the author wrote it.

    markdown-it drops `file:` and `data:` images silently (their Markdown is printed as text) and
    percent-encodes names; the reader refuses what is not allowed and quotes names as written.
    """
    written: dict[str, str] = {}
    # The parser is made once per process: wrap markdown-it's own function, never the wrapper
    # the last manuscript installed (a chain a thousand manuscripts deep overflows the stack).
    normalize = getattr(md, "_avitools_normalize", md.normalizeLink)
    md._avitools_normalize = normalize  # type: ignore[attr-defined]

    def remember(url: str) -> str:
        normal = normalize(url)
        written.setdefault(normal, url)
        return normal

    md.validateLink = lambda _url: True  # type: ignore[method-assign,assignment]
    md.normalizeLink = remember  # type: ignore[method-assign]
    # An address written out prints as written: markdown-it would decode `%2E` to `.` in its text.
    md.normalizeLinkText = lambda link: link  # type: ignore[method-assign]
    return written


def _scan(tokens: list[Token], body: Parsed, where: _Where) -> None:
    """Refuse raw HTML, unsafe images and links; collect the text to check against the fonts."""
    name, first = where.name, where.first
    line = first
    for token in tokens:
        if token.map:
            line = token.map[0] + first
        if token.type == "html_block":
            body.problems.append(_html_problem(name, line))
        for child in token.children or []:
            if child.type == "html_inline" and not is_line_break(child.content):
                body.problems.append(_html_problem(name, line))
            elif child.type == "image":
                _check_image(child, body, where, line)
            elif child.type == "link_open":
                _check_link(str(child.attrs.get("href", "")), body, where, line)
            elif child.type == "code_inline":  # code is code: `[^1]` in it is no note call
                body.texts.append((child.content, line))
            elif child.type == "text":
                body.texts.append((child.content, line))
                for match in _UNRESOLVED_NOTE.finditer(child.content):
                    body.problems.append(Problem(
                        name, f"footnote reference [^{match[1]}] has no note",
                        f"add a line '[^{match[1]}]: …' with the note's text", line))
        if token.type in ("code_block", "fence"):
            body.texts.append((token.content, line))


def _internal_links(tokens: list[Token], body: Parsed, where: _Where) -> None:
    """A link to `#…` names a heading of the article, by its anchor or the identifier pandoc or
    GitHub would give it: pointed at the anchor, or refused with its line when no heading has it."""
    anchors: dict[str, str] | None = None
    line = where.first
    for token in tokens:
        line = token.map[0] + where.first if token.map else line
        for child in token.children or []:
            href = str(child.attrs.get("href", "")) if child.type == "link_open" else ""
            if not href.startswith("#"):
                continue
            if anchors is None:
                anchors = heading_anchors(tokens)
            target = anchors.get(unquote(href[1:]))
            if target is None:
                headings = ", ".join(f"#{a}" for a, t in anchors.items() if a != t) or "none"
                body.problems.append(Problem(
                    where.name, f"link '{where.written.get(href, href)}' names no heading of the "
                    "article", f"link to a heading by its identifier: {headings[:200]}", line))
            else:
                child.attrs["href"] = f"#{target}"


def _check_structure(tokens: list[Token], body: Parsed, name: str, first: int) -> None:
    """Lists and quotes no deeper, tables no wider, than the layout carries; each note cited once."""
    depth = dict.fromkeys(_NESTING, 0)
    columns = 0
    line = first
    told: set[str] = set()
    levels = [int(t.tag[1]) for t in tokens if t.type == "heading_open"]
    level = min(levels) - 1 if levels else 0  # the first heading's level is the sections' level
    for index, token in enumerate(tokens):
        line = token.map[0] + first if token.map else line
        if token.type == "heading_open":
            if int(token.tag[1]) > level + 1:
                body.problems.append(_skipped(name, tokens[index + 1].content, int(token.tag[1]), level,
                                              level == min(levels) - 1, line))
            level = int(token.tag[1])
        kind = _NESTED.get(token.type.removesuffix("_open").removesuffix("_close"))
        if kind is not None:
            depth[kind] += token.nesting
            limit, what, hint = _NESTING[kind]
            if depth[kind] > limit and kind not in told:
                told.add(kind)
                body.problems.append(Problem(name, f"{what} is nested more than {limit} levels deep, "
                                             "more than the layout carries", hint, line))
        if token.type == "table_open":
            told.discard("table")
        elif token.type == "tr_open":
            columns = 0
        elif token.type in ("th_open", "td_open"):
            columns += 1
            if columns > MAX_TABLE_COLUMNS and "table" not in told:
                told.add("table")
                body.problems.append(Problem(name, f"a table has more than {MAX_TABLE_COLUMNS} columns "
                                             "and cannot fit the page", "split it into two tables, "
                                             "or turn it so that the years run down the rows", line))
        for child in token.children or []:
            if child.type == "text":
                child.content = _DECADE.sub("\u2019", child.content)
            elif child.type == "footnote_ref" and int(child.meta.get("subId", 0)) > 0:
                label = child.meta.get("label", "")
                body.problems.append(Problem(name, f"footnote [^{label}] is cited a second time",
                                             "cite each note once: give the second place a note of "
                                             "its own, or refer to the note in words", line))


def _skipped(name: str, text: str, level: int, above: int, first: bool, line: int) -> Problem:
    """A heading that skips a level: screen readers and the PDF's structure would miss one."""
    marks, wanted = "#" * level, "#" * (above + 1)
    where = (f"the first heading must be of the highest level, {wanted}" if first
             else f"it follows a {'#' * above} heading")
    return Problem(name, f"heading '{text[:60]}' ({marks}) skips a level: {where}",
                   f"make it {wanted}, or add the {wanted} heading it belongs under", line)


def _html_problem(name: str, line: int) -> Problem:
    return Problem(name, "raw HTML is not allowed in a manuscript",
                   "use Markdown for emphasis, links and images; <br> alone breaks a line", line)


def _check_link(href: str, body: Parsed, where: _Where, line: int) -> None:
    """A link goes to the web, an e-mail address or a place in the article; nothing else."""
    scheme = _SCHEME.match(href)
    if scheme and scheme[0][:-1].lower() not in LINK_SCHEMES:
        body.problems.append(Problem(where.name, f"link '{where.written.get(href, href)}' is not a web or "
                                     "e-mail address", "link only to http(s):// or mailto: addresses",
                                     line))


def _check_image(token: Token, body: Parsed, where: _Where, line: int) -> None:
    """An image must be a file inside the manuscript's own folder, with a description."""
    src = str(token.attrs.get("src", ""))
    written = where.written.get(src, src)
    name = where.name
    if _SCHEME.match(written) or written.startswith("//"):
        body.problems.append(Problem(name, f"image '{written}' is a URL; only files beside the "
                                     "manuscript are allowed", "save the image into the "
                                     "manuscript's folder and refer to it by name", line))
        return
    folder = where.folder.resolve()
    target = (folder / unquote(src)).resolve()
    if unquote(src) in where.figures:
        if not token.content.strip():
            body.problems.append(Problem(name, f"image '{written}' has no description (alt text)",
                                         "describe the picture in its alt text", line))
    elif Path(unquote(src)).is_absolute() or not target.is_relative_to(folder):
        body.problems.append(Problem(name, f"image '{written}' lies outside the manuscript's folder",
                                     "copy it next to the manuscript", line))
    elif not target.is_file():
        body.problems.append(Problem(name, f"image '{written}' does not exist",
                                     "check the file name", line))
    elif target.suffix.lower() not in IMAGE_SUFFIXES:
        body.problems.append(Problem(name, f"image '{written}' is not PNG, JPEG, GIF, WebP or SVG",
                                     "convert it", line))
    elif not token.content.strip():
        body.problems.append(Problem(name, f"image '{written}' has no description (alt text)",
                                     f"say what it shows between the brackets: ![…]({written})", line))
    else:
        body.images.append(target)


def _check_note_definitions(env: EnvType, text: str, name: str, first: int, body: Parsed) -> None:
    """A note that no sentence cites would be lost: say so."""
    refs = env.get("footnotes", {}).get("refs", {})
    for key, ident in refs.items():
        if ident < 0:
            label = key[1:]
            index = text.find(f"[^{label}]:")
            line = text.count("\n", 0, index) + first if index >= 0 else None
            body.problems.append(Problem(name, f"footnote [^{label}] is never cited",
                                         f"cite it with [^{label}] or delete it", line))
