"""Helpers for the tests: paths, manuscript text, running the CLI."""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner, Result

from avitools.cli import main

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "manuscripts" / "2024" / "2024-08-cambodia-korea-hedging.md"
SEED_TEXT = ROOT / "tests" / "data" / "seed-2024-08.txt"  # the published text

# Python run first in a subprocess: `parsed` lists each hyphenation patterns file Pyphen parses.
COUNTING_PATTERN_PARSES = """
import pyphen
parsed = []
original = pyphen.HyphDict.__init__
def init(self, path):
    parsed.append(path.name)
    original(self, path)
pyphen.HyphDict.__init__ = init
"""

AUTHOR = {"name": "YEN Samnang", "bio": "Yen Samnang is a research fellow at the Institute."}


def front_matter(**overrides: object) -> str:
    """YAML front matter of a valid manuscript, with keys replaced or removed (None)."""
    data: dict[str, object] = {
        "title": "A Test Commentary",
        "date": "2024-03-05",
        "country": "Cambodia",
        "issue": 3,
        "authors": [AUTHOR],
    }
    for key, value in overrides.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    plain = json.loads(json.dumps(data))  # no shared objects, so no YAML aliases
    text = yaml.safe_dump(plain, sort_keys=False, allow_unicode=True)
    return "---\n" + text.replace("'2024-03-05'", "2024-03-05") + "---\n"


def run_avi(*args: str | Path) -> Result:
    """Run `avi` in-process, as the console script would."""
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def paragraphs(count: int, words: int = 90, tag: str = "P") -> str:
    """Deterministic filler paragraphs that read like prose."""
    pool = [
        "policy", "regional", "partnership", "economic", "security", "cooperation", "development",
        "strategy", "neighbours", "investment", "diplomacy", "framework", "stability", "growth",
    ]
    out = []
    for i in range(count):
        text = " ".join(pool[(i * 7 + j * 3) % len(pool)] for j in range(words))
        out.append(f"{tag}{i + 1} {text.capitalize()}.")
    return "\n\n".join(out) + "\n"


def edit(path: Path, old: str, new: str) -> None:
    """Replace text in a file, insisting that it is there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


SUMMARY = re.compile(r"^built \d+, unchanged \d+, failed \d+ in \d+\.\d s$")


def problems(result: Result) -> list[str]:
    """The error lines a command wrote to stderr, without the build summary."""
    return [line for line in result.stderr.splitlines() if not SUMMARY.match(line)]


def render_issue(path: Path) -> bytes:
    """The issue PDF of the manuscript at `path`, rendered in this process."""
    from avitools.config import load_project
    from avitools.read import read_manuscript
    from avitools.render.pdf import render_pdf

    project = load_project(ROOT)
    return render_pdf(project, read_manuscript(path, project))


def render_page(html: str, css: str = "", identifier: bytes = b"page") -> bytes:
    """An HTML document (and a stylesheet) written by WeasyPrint with the project's fonts,
    uncompressed, under a fixed identifier: for comparing avitools' patches with WeasyPrint's own."""
    from avitools.render.engine import font_configuration, weasyprint

    wp = weasyprint(ROOT / "fonts")
    fonts = font_configuration(ROOT / "fonts")
    sheets = [wp.CSS(string=css, font_config=fonts)] if css else []
    data: bytes = wp.HTML(string=html).write_pdf(stylesheets=sheets, font_config=fonts,
                                                 pdf_identifier=identifier, uncompressed_pdf=True)
    return data


@contextlib.contextmanager
def switched(owner: Any, name: str, chains: dict[str, Any], seen: list[Any]
             ) -> Iterator[Callable[[str], None]]:
    """While the block runs, `use(which)` sets `owner.<name>` to `chains[which]` and empties
    `seen` (what the chains record); what was installed is put back after."""
    installed = getattr(owner, name)

    def use(which: str) -> None:
        seen.clear()
        setattr(owner, name, chains[which])

    try:
        yield use
    finally:
        setattr(owner, name, installed)
