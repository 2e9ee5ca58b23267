"""Layout snapshots: every line's text, position, font and size as diffable JSON, and their diff."""

from __future__ import annotations

import difflib
import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pypdf import PdfReader

from avitools.check.fonts import pdf_fonts
from avitools.check.pdftext import Page, read_pages
from avitools.output import write_atomic

SCHEMA = "avitools-layout-snapshot/1"
TOLERANCE = 0.5
MAX_DIFFERENCES = 12


def snapshot(path: Path, reader: PdfReader | None = None, pages: list[Page] | None = None
             ) -> dict[str, Any]:
    """The layout facts of one PDF (from its reader and pages when the caller has read them)."""
    reader = reader or PdfReader(path)
    info: dict[str, Any] = dict(reader.metadata or {})
    catalog: Any = reader.trailer["/Root"]
    pages = pages if pages is not None else read_pages(reader)
    return {
        "schema": SCHEMA,
        "file": path.name,
        "tolerance_pt": TOLERANCE,
        "metadata": {key: str(info.get(f"/{key}", "")) for key in ("Title", "Author", "Subject", "Keywords")}
        | {"Lang": str(catalog.get("/Lang", ""))},
        "page_count": len(pages),
        "fonts": sorted({font.name for font in pdf_fonts(reader)}),
        "pages": [
            {
                "number": page.number,
                "size": [round(page.width, 1), round(page.height, 1)],
                "lines": [
                    {"text": line.text, "x": round(line.x, 1), "top": round(page.top(line), 1),
                     "font": line.font, "size": round(line.size, 1)}
                    for line in page.lines
                ],
            }
            for page in pages
        ],
    }


def write_snapshots(pdfs: list[Path], folder: Path) -> list[Path]:
    """`avi snapshot`: approve the layout of each PDF; the snapshots written."""
    return [write_snapshot(pdf, folder) for pdf in pdfs]


def write_snapshot(pdf: Path, folder: Path) -> Path:
    """Record `pdf` as approved: `<stem>.json` and a copy of the PDF for picture diffs."""
    target = folder / f"{pdf.stem}.json"
    write_atomic(target, dumps(snapshot(pdf)).encode("utf-8"))
    shutil.copyfile(pdf, folder / f"{pdf.stem}.pdf")
    return target


def dumps(data: dict[str, Any]) -> str:
    """JSON with one text line per line of the file, so that a layout change reads as a diff."""
    head = {k: v for k, v in data.items() if k != "pages"}
    pages = []
    for page in data["pages"]:
        lines = ",\n".join("    " + json.dumps(line, ensure_ascii=False) for line in page["lines"])
        pages.append(f'  {{"number": {page["number"]}, "size": {json.dumps(page["size"])}, '
                     f'"lines": [\n{lines}\n  ]}}')
    text = json.dumps(head, indent=1, ensure_ascii=False)
    return text[:-2] + ',\n "pages": [\n' + ",\n".join(pages) + "\n ]\n}\n"


@dataclass(frozen=True)
class Difference:
    """One way a layout differs from its approved snapshot; page 0 is the whole document."""

    page: int
    message: str


def compare(approved: dict[str, Any], current: dict[str, Any]) -> list[Difference]:
    """The first differences between two snapshots, in words a person can act on."""
    out: list[Difference] = []
    if approved["page_count"] != current["page_count"]:
        out.append(Difference(0, f"page count {approved['page_count']} -> {current['page_count']}"))
    out += _fonts(approved["fonts"], current["fonts"])
    for key, old in approved["metadata"].items():
        new = current["metadata"].get(key, "")
        if old != new:
            out.append(Difference(0, f"{key} '{old}' -> '{new}'"))
    for old_page, new_page in zip(approved["pages"], current["pages"], strict=False):
        out += _page(old_page, new_page)
    if len(out) > MAX_DIFFERENCES:
        rest = len(out) - MAX_DIFFERENCES
        out = [*out[:MAX_DIFFERENCES], Difference(0, f"... and {rest} more differences")]
    return out


def _fonts(old: list[str], new: list[str]) -> list[Difference]:
    gone, came = [f for f in old if f not in new], [f for f in new if f not in old]
    out = [Difference(0, f"font {a} replaced by {b}") for a, b in zip(gone, came, strict=False)]
    out += [Difference(0, f"font {a} no longer used") for a in gone[len(came):]]
    out += [Difference(0, f"font {b} added") for b in came[len(gone):]]
    return out


def _page(old: dict[str, Any], new: dict[str, Any]) -> list[Difference]:
    number = old["number"]
    if old["size"] != new["size"]:
        return [Difference(number, f"page size {old['size']} -> {new['size']} pt")]
    a, b = old["lines"], new["lines"]
    matcher = difflib.SequenceMatcher(a=[x["text"] for x in a], b=[x["text"] for x in b],
                                      autojunk=False)
    out: list[Difference] = []
    for tag, i1, i2, j1, _j2 in matcher.get_opcodes():
        if tag == "equal":
            moved = [m for m in (_moved(a[i1 + k], b[j1 + k]) for k in range(i2 - i1)) if m]
            if moved:
                more = f" (and {len(moved) - 1} more lines on this page)" if len(moved) > 1 else ""
                out.append(Difference(number, moved[0] + more))
        elif tag == "replace":
            out.append(Difference(number, f"line {i1 + 1} of page {number} re-broke: "
                                          f"'{_short(a[i1]['text'])}' -> '{_short(b[j1]['text'])}'"))
        elif tag == "delete":
            out.append(Difference(number, f"line {i1 + 1} '{_short(a[i1]['text'])}' is gone"))
        else:
            out.append(Difference(number, f"new line {j1 + 1} '{_short(b[j1]['text'])}'"))
    return out


def _moved(old: dict[str, Any], new: dict[str, Any]) -> str | None:
    text = f"'{_short(old['text'])}'"
    if old["font"] != new["font"]:
        return f"{text} changed font {old['font']} -> {new['font']}"
    if abs(old["size"] - new["size"]) > 0.05:
        return f"{text} changed size {old['size']} -> {new['size']} pt"
    dy, dx = new["top"] - old["top"], new["x"] - old["x"]
    if abs(dy) > TOLERANCE:
        return f"{text} moved {abs(dy):.1f} pt {'down' if dy > 0 else 'up'}"
    if abs(dx) > TOLERANCE:
        return f"{text} moved {abs(dx):.1f} pt {'right' if dx > 0 else 'left'}"
    return None


def _short(text: str) -> str:
    return text if len(text) <= 48 else text[:45] + "..."


def load(path: Path) -> dict[str, Any]:
    """A stored snapshot."""
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    if data.get("schema") != SCHEMA:
        raise ValueError(f"{path} is not an avitools layout snapshot ({SCHEMA})")
    return data
