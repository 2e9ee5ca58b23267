"""Mammoth's HTML of a Word document -> a Markdown body in the manuscript format."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree, html

_ESCAPE = re.compile(r"([\\`*_\[\]<>|~])")
_LINE_START = re.compile(r"^(\s*)([#+\-=>]|\d+[.)])(?=\s|$)")
NOTE_ID = re.compile(r"^(footnote|endnote)-(\d+)$")
# A line break, kept through the joining of lines: a backslash and a newline in running text, the
# one tag `<br>` in a table cell (a Markdown cell holds one line).
_HARD_BREAK = "\x00"


@dataclass
class Converted:
    """The Markdown body, the title and subtitle found in the text, and what was approximated."""

    markdown: str
    title: str | None = None
    subtitle: str | None = None
    approximations: list[str] = field(default_factory=list)
    # The open headings as (Word's level, the level written), to close a skipped level.
    outline: list[tuple[int, int]] = field(default_factory=list)
    skips: set[tuple[int, int]] = field(default_factory=set)


def escape(text: str) -> str:
    """Text that Markdown reads back as the same text."""
    return _ESCAPE.sub(r"\\\1", text)


def to_markdown(source: str, image_names: dict[str, str]) -> Converted:
    """Convert mammoth's HTML; `image_names` maps each image's src to its file name."""
    root = html.fragment_fromstring(source or "<p></p>", create_parent="div")
    _merge_emphasis(root)
    out = Converted("")
    notes: dict[str, str] = {}
    for ol in root.xpath("./ol[li[starts-with(@id,'footnote-') or starts-with(@id,'endnote-')]]"):
        for li in ol.iterfind("li"):
            match = NOTE_ID.match(li.get("id", ""))
            if match:
                for back in li.xpath(".//a[starts-with(@href,'#footnote-ref-') or "
                                     "starts-with(@href,'#endnote-ref-')]"):
                    _drop(back)
                text = " ".join(_inline(p, image_names, out).strip() for p in li.iterfind("p"))
                notes[_label(match)] = text.strip() or "(empty note)"
        root.remove(ol)
    blocks = [_block(child, image_names, out, 0) for child in root]
    body = "\n\n".join(b for b in blocks if b.strip())
    if notes:
        body += "\n\n" + "\n".join(f"[^{label}]: {text}" for label, text in notes.items())
    out.markdown = body.strip().replace(_HARD_BREAK, "\\\n") + "\n"
    return out


_EMPHASIS = ("em", "strong", "s")


def _merge_emphasis(root: etree._Element) -> None:
    """Runs that Word split where the formatting changed, joined as an author would write them.

    `<em>at </em><strong><em>the third</em></strong><em>, and</em>` becomes `<em>at <strong>the
    third</strong>, and</em>`: each kind of emphasis opens and closes once, so the Markdown reads
    back with the text's own spaces and punctuation, never a mark against a mark."""
    for element in list(root.iter(*_EMPHASIS)):
        only = list(element)
        if (len(only) == 1 and only[0].tag in _EMPHASIS and only[0].tag != element.tag
                and not (element.text or "") and not (only[0].tail or "")):
            inner = only[0]  # <strong><em>x</em></strong> -> <em><strong>x</strong></em>
            element.tag, inner.tag = inner.tag, element.tag
    for parent in list(root.iter()):
        index = 0
        while index < len(parent) - 1:
            first, second = parent[index], parent[index + 1]
            if first.tag in _EMPHASIS and first.tag == second.tag and not first.tail:
                if len(first):
                    first[-1].tail = (first[-1].tail or "") + (second.text or "")
                else:
                    first.text = (first.text or "") + (second.text or "")
                for child in list(second):
                    first.append(child)
                first.tail = second.tail
                parent.remove(second)
            else:
                index += 1


def _label(match: re.Match[str]) -> str:
    return f"{'fn' if match[1] == 'footnote' else 'en'}{match[2]}"


def _drop(element: etree._Element) -> None:
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def _block(element: etree._Element, images: dict[str, str], out: Converted, depth: int) -> str:
    tag = element.tag
    if tag == "h1" and "title" in (element.get("class") or "") and out.title is None:
        out.title = _inline(element, images, out).strip()
        return ""
    if tag == "p" and "subtitle" in (element.get("class") or "") and out.subtitle is None:
        out.subtitle = _inline(element, images, out).strip()
        return ""
    if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
        text = _inline(element, images, out).strip()
        return "#" * _outline_level(int(tag[1]), text, out) + " " + text
    if tag in ("ul", "ol"):
        return _list(element, images, out, depth)
    if tag == "table":
        return _table(element, images, out)
    if tag == "blockquote":
        inner = "\n\n".join(_block(c, images, out, depth) for c in element)
        return "\n".join("> " + line if line else ">" for line in inner.splitlines())
    text = _inline(element, images, out).strip()
    return _LINE_START.sub(r"\1\\\2", text)


def _outline_level(level: int, text: str, out: Converted) -> int:
    """The Markdown level of a Word heading (Heading 1 is a section, `##`: the title is above it),
    one below the heading it falls under, so that no level is skipped; a skip is repaired with a
    warning."""
    while out.outline and out.outline[-1][0] >= level:
        out.outline.pop()
    above, written = out.outline[-1] if out.outline else (0, 1)
    if level > above + 1 and (level, above) not in out.skips:  # told once for each kind of skip
        out.skips.add((level, above))
        out.approximations.append(
            f"Heading {level} '{text[:60]}' came after "
            f"{f'Heading {above}' if above else 'the title'}: it is set as Heading {written} so "
            "that no level is skipped")
    out.outline.append((level, min(6, written + 1)))
    return min(6, written + 1)


def _list(element: etree._Element, images: dict[str, str], out: Converted, depth: int) -> str:
    lines = []
    for number, item in enumerate(element.iterfind("li"), start=1):
        marker = f"{number}." if element.tag == "ol" else "-"
        pad = " " * (len(marker) + 1)
        text_parts, nested = [], []
        run = escape(item.text or "")  # the item's own text and inline elements, as one run
        for child in item:
            if child.tag in ("ul", "ol", "p"):
                text_parts.append(run.strip())
                run = ""
                if child.tag == "p":
                    text_parts.append(_inline(child, images, out).strip())
                else:
                    nested.append(_list(child, images, out, depth + 1))
            else:
                run += _inline_element(child, images, out)
            run += escape(child.tail or "")
        text_parts.append(run.strip().replace("\n", "\n" + pad))
        lines.append(f"{marker} {' '.join(p for p in text_parts if p)}")
        for block in nested:
            lines += [pad + line for line in block.splitlines()]
    return "\n".join(lines)


def _table(element: etree._Element, images: dict[str, str], out: Converted) -> str:
    rows: list[list[str]] = []
    below: dict[int, int] = {}  # column -> rows still covered by a cell merged downwards
    for tr in element.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr"):
        cells: list[str] = []
        for cell in (c for c in tr if c.tag in ("td", "th")):
            while below.get(len(cells), 0) > 0:
                below[len(cells)] -= 1
                cells.append("")
            text = _cell_text(cell, images, out).replace(_HARD_BREAK, "<br>")
            span, down = _span(cell.get("colspan")), _span(cell.get("rowspan"))
            for offset in range(span):
                below[len(cells)] = down - 1
                cells.append(text.replace("\n", " ") if offset == 0 else "")
        while below.get(len(cells), 0) > 0:
            below[len(cells)] -= 1
            cells.append("")
        rows.append(cells)
    if not rows:
        return ""
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    if any(cell.get("colspan") or cell.get("rowspan") for cell in element.iter("td", "th")):
        out.approximations.append("a table with merged cells was flattened: each merged cell's text "
                                  "stands in its first column and row, the cells it covered are empty")
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * width]
    lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
    return "\n".join(lines)


def _cell_text(cell: etree._Element, images: dict[str, str], out: Converted) -> str:
    """A cell's paragraphs in order, a table inside it as its cells' text row by row (a Markdown
    cell holds one line: a warning says so)."""
    if not any(child.tag in ("p", "table", "ul", "ol") for child in cell):
        return _inline(cell, images, out).strip()
    parts: list[str] = [escape(cell.text.strip())] if cell.text and cell.text.strip() else []
    for child in cell:
        if child.tag == "table":
            out.approximations.append("a table inside a table cell was set as the text of that cell")
            for row in child.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr"):
                parts += [_cell_text(inner, images, out) for inner in row if inner.tag in ("td", "th")]
        elif child.tag in ("ul", "ol"):
            parts.append(_list(child, images, out, 0).replace("\n", " "))
        else:
            parts.append(_inline(child, images, out).strip())
    return "<br>".join(part for part in parts if part)  # a cell's paragraphs keep their lines


def _span(value: str | None) -> int:
    """A colspan or rowspan as a count of cells (1 when absent or nonsense)."""
    return max(1, min(int(value), 100)) if value and value.isdigit() else 1


def _inline(element: etree._Element, images: dict[str, str], out: Converted) -> str:
    parts = [escape(element.text or "")]
    for child in element:
        parts.append(_inline_element(child, images, out))
        parts.append(escape(child.tail or ""))
    return re.sub(r"[ \t]*\n[ \t]*", " ", "".join(parts)) if element.tag != "pre" else "".join(parts)


def _inline_element(child: etree._Element, images: dict[str, str], out: Converted) -> str:
    tag = child.tag
    inner = _inline(child, images, out)
    if tag in ("strong", "b"):
        return _wrap("**", inner)
    if tag in ("em", "i"):
        return _wrap("*", inner)
    if tag == "s":
        return _wrap("~~", inner)
    if tag == "br":
        return _HARD_BREAK  # made a Markdown hard break at the end (a table cell's: <br>)
    if tag == "img":
        name = images.get(child.get("src", ""))
        if name is None:
            out.approximations.append("an image that could not be read was left out")
            return ""
        return f"![{escape(child.get('alt', '').strip())}]({name})"
    if tag == "a":
        href = child.get("href", "")
        note = NOTE_ID.match(href.removeprefix("#"))
        if note:
            return f"[^{_label(note)}]"
        if href.startswith(("http://", "https://", "mailto:")):
            return f"[{inner}](<{href}>)"
        return inner
    if tag == "sup":
        links = child.findall("a")
        if len(links) == 1 and NOTE_ID.match(links[0].get("href", "").removeprefix("#")):
            return _inline_element(links[0], images, out)
        if inner and all(c in _SUPERSCRIPT for c in inner):
            return "".join(_SUPERSCRIPT[c] for c in inner)  # m², 10⁻³: the characters themselves
        out.approximations.append(f"superscript '{inner}' set as plain text")
        return inner
    if tag == "sub":
        if inner and all(c in _SUBSCRIPT for c in inner):
            return "".join(_SUBSCRIPT[c] for c in inner)  # CO₂
        out.approximations.append(f"subscript '{inner}' set as plain text")
        return inner
    return inner


# Digits and signs that have superscript and subscript characters (in the house fonts).
_SUPERSCRIPT = dict(zip("0123456789+-\u2212=()n", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ⁿ", strict=True))
_SUBSCRIPT = dict(zip("0123456789+-\u2212=()", "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎", strict=True))


def _wrap(mark: str, inner: str) -> str:
    stripped = inner.strip()
    if not stripped:
        return inner
    lead = inner[: len(inner) - len(inner.lstrip())]
    trail = inner[len(inner.rstrip()):]
    return f"{lead}{mark}{stripped}{mark}{trail}"
