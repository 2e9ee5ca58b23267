"""Markdown body to HTML with markdown-it-py: CommonMark, tables, footnotes, typography."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from mdit_py_plugins.footnote import footnote_plugin

from avitools.errors import Problem
from avitools.model import Heading
from avitools.text import khmer_breaks

_UNRESOLVED_NOTE = re.compile(r"\[\^([^\]\s]+)\]")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
LINK_SCHEMES = ("http", "https", "mailto")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp")
MAX_NESTING = 20


@dataclass
class Body:
    """The rendered body and what the reader learnt on the way."""

    html: str
    headings: list[Heading] = field(default_factory=list)
    footnotes: int = 0
    images: list[Path] = field(default_factory=list)
    texts: list[tuple[str, int | None]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def parser() -> MarkdownIt:
    """The house Markdown dialect: CommonMark, tables, strikethrough, footnotes, smart typography."""
    md = MarkdownIt(
        "commonmark", {"typographer": True, "html": True, "maxNesting": MAX_NESTING}
    )
    md.enable(["table", "strikethrough", "replacements", "smartquotes"])
    md.use(footnote_plugin)
    return md


_INLINE = MarkdownIt("zero", {"typographer": True}).enable(["replacements", "smartquotes"])


def typographic(text: str) -> str:
    """Plain text with typographic quotes, apostrophes and dashes, as the body gets them."""
    tokens = _INLINE.parseInline(text)
    return "".join(child.content for t in tokens for child in (t.children or []))


@dataclass(frozen=True)
class Flavour:
    """How a body is rendered: for the print layout (notes inline, floated to the page foot) or
    for an e-book chapter (EPUB 3 noterefs and footnotes, ids prefixed per article)."""

    epub: bool = False
    prefix: str = ""
    images: dict[Path, str] = field(default_factory=dict)


PRINT = Flavour()


def render_body(text: str, name: str, folder: Path, first_line: int,
                flavour: Flavour = PRINT) -> Body:
    """Parse and render a manuscript body that starts at `first_line` of the file."""
    md = parser()
    written = _keep_written_urls(md)
    env: dict[str, Any] = {}
    tokens = md.parse(text, env)
    body = Body(html="")
    _scan(tokens, body, _Where(name, folder, first_line, written), text)
    notes = _take_footnotes(tokens, md, env)
    body.footnotes = len(notes)
    _check_note_definitions(env, text, name, first_line, body)
    _number_headings(tokens, body, flavour.prefix)
    renderer = _Renderer(md, notes, flavour, folder)
    body.html = renderer.render(tokens, md.options, env)
    return body


@dataclass(frozen=True)
class _Where:
    """Where a body comes from: the name to report, its folder, its first line, its URLs as written."""

    name: str
    folder: Path
    first: int
    written: dict[str, str]


def _keep_written_urls(md: MarkdownIt) -> dict[str, str]:
    """Let every URL through to the reader's own checks, remembering how the author wrote it.

    markdown-it drops `file:` and `data:` images silently (their Markdown is printed as text) and
    percent-encodes names; the reader refuses what is not allowed and quotes names as written.
    """
    written: dict[str, str] = {}
    normalize = md.normalizeLink

    def remember(url: str) -> str:
        normal = normalize(url)
        written.setdefault(normal, url)
        return normal

    md.validateLink = lambda _url: True  # type: ignore[method-assign,assignment]
    md.normalizeLink = remember  # type: ignore[method-assign]
    return written


def _scan(tokens: list[Token], body: Body, where: _Where, text: str) -> None:
    """Refuse raw HTML, unsafe images and links; collect the text to check against the fonts."""
    name, first = where.name, where.first
    line = first
    for token in tokens:
        if token.map:
            line = token.map[0] + first
        if token.type == "html_block":
            body.problems.append(_html_problem(name, line))
        for child in token.children or []:
            if child.type == "html_inline":
                body.problems.append(_html_problem(name, line))
            elif child.type == "image":
                _check_image(child, body, where, line)
            elif child.type == "link_open":
                _check_link(str(child.attrs.get("href", "")), body, where, line)
            elif child.type in ("text", "code_inline"):
                body.texts.append((child.content, line))
                for match in _UNRESOLVED_NOTE.finditer(child.content):
                    body.problems.append(Problem(
                        name, f"footnote reference [^{match[1]}] has no note",
                        f"add a line '[^{match[1]}]: …' with the note's text", line))
        if token.type in ("code_block", "fence"):
            body.texts.append((token.content, line))
    if not any(t.type == "paragraph_open" for t in tokens) and not body.problems:
        body.problems.append(Problem(name, "has no body text", "write the article below the "
                                     "front matter's closing '---'", first if text else None))


def _html_problem(name: str, line: int) -> Problem:
    return Problem(name, "raw HTML is not allowed in a manuscript",
                   "use Markdown for emphasis, links and images", line)


def _check_link(href: str, body: Body, where: _Where, line: int) -> None:
    """A link goes to the web, an e-mail address or a place in the article; nothing else."""
    scheme = _SCHEME.match(href)
    if scheme and scheme[0][:-1].lower() not in LINK_SCHEMES:
        body.problems.append(Problem(where.name, f"link '{where.written.get(href, href)}' is not a web or "
                                     "e-mail address", "link only to http(s):// or mailto: addresses",
                                     line))


def _check_image(token: Token, body: Body, where: _Where, line: int) -> None:
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
    if Path(unquote(src)).is_absolute() or not target.is_relative_to(folder):
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


def _take_footnotes(tokens: list[Token], md: MarkdownIt, env: EnvType) -> dict[int, str]:
    """Cut the footnote block off the stream and render each note as inline HTML."""
    start = next((i for i, t in enumerate(tokens) if t.type == "footnote_block_open"), None)
    if start is None:
        return {}
    notes: dict[int, str] = {}
    current: int | None = None
    parts: list[Token] = []
    for token in tokens[start + 1:]:
        if token.type == "footnote_open":
            current, parts = int(token.meta["id"]), []
        elif token.type == "footnote_close" and current is not None:
            keep = [t for t in parts if t.type not in
                    ("paragraph_open", "paragraph_close", "footnote_anchor")]
            notes[current] = " ".join(
                md.renderer.render([t], md.options, env).strip() for t in keep
            )
            current = None
        else:
            parts.append(token)
    del tokens[start:]
    return notes


def _check_note_definitions(env: EnvType, text: str, name: str, first: int, body: Body) -> None:
    """A note that no sentence cites would be lost: say so."""
    refs = env.get("footnotes", {}).get("refs", {})
    for key, ident in refs.items():
        if ident < 0:
            label = key[1:]
            index = text.find(f"[^{label}]:")
            line = text.count("\n", 0, index) + first if index >= 0 else None
            body.problems.append(Problem(name, f"footnote [^{label}] is never cited",
                                         f"cite it with [^{label}] or delete it", line))


def _number_headings(tokens: list[Token], body: Body, prefix: str) -> None:
    """Sections start at h2 (the title is h1); give each a unique anchor."""
    levels = [int(t.tag[1]) for t in tokens if t.type == "heading_open"]
    shift = 2 - min(levels) if levels else 0
    used: set[str] = set()
    for i, token in enumerate(tokens):
        if token.type not in ("heading_open", "heading_close"):
            continue
        level = min(6, int(token.tag[1]) + shift)
        token.tag = f"h{level}"
        if token.type == "heading_open":
            inline = tokens[i + 1]
            label = "".join(c.content for c in inline.children or [] if c.type != "softbreak")
            anchor = prefix + _unique(_slug(label), used)
            token.attrSet("id", anchor)
            body.headings.append(Heading(level, label, anchor))


def _slug(text: str) -> str:
    words = re.findall(r"\w+", text.lower())
    return "sec-" + ("-".join(words)[:60] or "section")


def _unique(slug: str, used: set[str]) -> str:
    candidate, n = slug, 2
    while candidate in used:
        candidate, n = f"{slug}-{n}", n + 1
    used.add(candidate)
    return candidate


class _Renderer:
    """Render footnote calls and text for the flavour: inline notes for print, EPUB 3 notes."""

    def __init__(self, md: MarkdownIt, notes: dict[int, str], flavour: Flavour, folder: Path) -> None:
        self.md = md
        self.notes = notes
        self.flavour = flavour
        self.folder = folder.resolve()

    def render(self, tokens: Sequence[Token], options: OptionsDict, env: EnvType) -> str:
        notes, flavour, folder = self.notes, self.flavour, self.folder
        p = flavour.prefix

        def footnote_ref(_renderer: RendererHTML, tokens: Sequence[Token], idx: int,
                         _options: OptionsDict, _env: EnvType) -> str:
            number = int(tokens[idx].meta["id"]) + 1
            again = int(tokens[idx].meta.get("subId", 0))
            if flavour.epub:
                ref = f"{p}fnref-{number}" + (f"-{again + 1}" if again else "")
                return (f'<sup><a epub:type="noteref" role="doc-noteref" id="{ref}" '
                        f'href="#{p}fn-{number}">{number}</a></sup>')
            if again:
                return f'\u2060<a class="note-again" href="#fn-{number}">{number}</a>'
            # A word joiner keeps the call on the line of the word it follows.
            return f'\u2060<span class="footnote" id="fn-{number}">{notes.get(number - 1, "")}</span>'

        def text(_renderer: RendererHTML, tokens: Sequence[Token], idx: int,
                 _options: OptionsDict, _env: EnvType) -> str:
            return escapeHtml(khmer_breaks(tokens[idx].content))

        def image(renderer: RendererHTML, tokens: Sequence[Token], idx: int,
                  options: OptionsDict, env: EnvType) -> str:
            token = tokens[idx]
            target = (folder / unquote(str(token.attrs.get("src", "")))).resolve()
            token.attrSet("src", flavour.images.get(target, str(token.attrs.get("src", ""))))
            return str(renderer.image(tokens, idx, options, env))

        self.md.add_render_rule("footnote_ref", footnote_ref)
        self.md.add_render_rule("text", text)
        if flavour.epub:
            self.md.add_render_rule("image", image)
        html = str(self.md.renderer.render(tokens, options, env))
        if flavour.epub and notes:
            html += "".join(
                f'<aside epub:type="footnote" role="doc-footnote" id="{p}fn-{n + 1}" class="footnote">'
                f'<p><a href="#{p}fnref-{n + 1}" role="doc-backlink">{n + 1}.</a> {note}</p></aside>\n'
                for n, note in sorted(notes.items()))
        return html
