"""Public test files nobody here wrote (tests/data/real/): every one built, or refused with one line
of a kind the README documents; never an internal error, never a stopped build."""

from __future__ import annotations

import re
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import pypdfium2
import pytest

from avitools.check.fidelity import text_layer, words
from tests.helpers import SUMMARY, run_avi
from tests.real_corpus import REAL, fixture_cases, lay_out_markdown, lay_out_word, word_files

# The refusals the README lists, as the messages begin (after "error: FILE[:LINE]: ").
DOCUMENTED = [re.compile(p) for p in (
    r"is password-protected or an old Word 97-2003 file", r"is not a Word \.docx file",
    r"is not a Word document", r"is damaged", r"is saved as Strict Open XML", r"unpacks to .* zip bomb",
    r"is [\d,]+ bytes, more than", r"links an? \w+ outside the document", r"its \w+ '.*' is missing",
    r"picture \d+ (has no alt text|is a Windows metafile|is of a type the PDF cannot hold)",
    r"its (main )?part .* (declares an external entity|is not valid XML)", r"has no (body )?text",
    r"(page \d+: )?P003 ",
    r"page \d+: P015 the table headed '.*'( \(line \d+\))? is wider than the text block",
    r"(character|\d+ characters) .*not in the house fonts",
    r"raw HTML is not allowed", r"link '.*' (is not a web or e-mail address|names no heading)",
    r"image '.*' (lies outside|does not exist|is a URL|is not PNG|has no description)",
    r"heading '.*' \(#+\) skips a level", r"footnote \[\^.*\] (has no note|is never cited|is cited a)",
    r"(a list|a quotation) is nested more than", r"a table has more than \d+ columns",
)]
# What the suite still finds in these files beyond the documented refusals: each one named here,
# so that a new failure fails the test, and a mended one must be taken off the list.
KNOWN_GAPS: dict[str, str] = {}
LINE = re.compile(r"^error: (?P<file>.+?)(?::\d+)?: (?P<message>.*)$")


def _outcomes(result_stdout: str, result_stderr: str, inputs: list[Path]
              ) -> tuple[set[Path], dict[Path, list[str]]]:
    built = {Path(line) for line in result_stdout.splitlines()}
    errors: dict[Path, list[str]] = {}
    for line in result_stderr.splitlines():
        match = LINE.match(line)
        if match:
            source = next((p for p in inputs if str(p) == match["file"]), None)
            assert source is not None, f"an error line that names no input: {line}"
            errors.setdefault(source, []).append(match["message"])
    return built, errors


@pytest.mark.slow
def test_public_word_files_build_or_are_refused_as_documented(tmp_path: Path) -> None:
    assert len(word_files()) >= 100
    copies = lay_out_word(tmp_path / "word")
    result = run_avi("build", tmp_path / "word", "-o", tmp_path / "out", "-j", "2")
    assert "internal error" not in result.stderr
    assert "Traceback" not in result.output
    built, errors = _outcomes(result.stdout, result.stderr, list(copies))
    assert len(built) + len(errors) == len(copies)
    assert SUMMARY.match(result.stderr.splitlines()[-1])
    assert result.stderr.splitlines()[-1].startswith(f"built {len(built)}, unchanged 0, failed {len(errors)}")
    undocumented = {f"{copies[path].parent.name}/{copies[path].name}": messages
                    for path, messages in errors.items()
                    if not all(any(p.match(m) for p in DOCUMENTED) for m in messages)}
    assert sorted(undocumented) == sorted(KNOWN_GAPS), undocumented
    assert len(built) >= 100
    # Every word of pandoc's reading of each built file is in its PDF's text layer, or the build
    # warned that it left something of that file out (an equation, an element it does not read).
    warned = {line.split(": ", 2)[1] for line in result.stderr.splitlines()
              if line.startswith("warning: ") and "left out" in line}
    unwarned = {}
    for pdf in built:
        source = next(p for p in copies if _pdf_of(p, tmp_path / "out") == pdf)
        printed = Counter(w.casefold() for w in words(text_layer(pypdfium2.PdfDocument(pdf))))
        lost = pandoc_words(source) - printed
        if lost and str(source) not in warned:
            unwarned[copies[source].name] = sorted(lost)[:10]
    assert unwarned == {}


MARKER = re.compile(r"^\s*(?:(?:[-*+]|\(?(?:\d+|[A-Za-z]|[ivxlcdmIVXLCDM]+)[.)])\s+)+", re.M)
IMAGE = re.compile(r"^\s*\[[^\]]*\]\s*$", re.M)  # a picture, in pandoc's plain text


def pandoc_words(source: Path) -> Counter[str]:
    """The words of pandoc's plain-text reading of a Word file, its list markers and pictures left
    out (the PDF numbers lists itself and shows pictures, not their names), in lower case (pandoc
    writes small capitals as capitals)."""
    plain = subprocess.run(["pandoc", "-f", "docx", "-t", "plain", "--wrap=none", str(source)],
                           capture_output=True, text=True, check=True).stdout
    return Counter(word.casefold() for word in words(IMAGE.sub("", MARKER.sub("", plain))))


def _pdf_of(source: Path, out: Path) -> Path:
    """Where the build wrote a copy's PDF: its year and issue, from its sidecar."""
    meta = source.with_suffix(".yaml").read_text()
    year = re.search(r"date: (\d{4})", meta)
    issue = re.search(r"issue: (\d+)", meta)
    assert year is not None
    assert issue is not None
    return out / year[1] / f"avi-commentary-{year[1]}-{int(issue[1]):02d}.pdf"


@pytest.mark.slow
def test_markdown_it_fixtures_build_or_are_refused_as_documented(tmp_path: Path) -> None:
    made = lay_out_markdown(tmp_path / "markdown")
    assert len(made) >= 800
    result = run_avi("build", tmp_path / "markdown", "-o", tmp_path / "out", "-j", "2")
    assert "internal error" not in result.stderr
    built, errors = _outcomes(result.stdout, result.stderr, list(made))
    assert len(built) + len(errors) == len(made)
    undocumented = {made[path]: messages for path, messages in errors.items()
                    if not all(any(p.match(m) for p in DOCUMENTED) for m in messages)}
    assert undocumented == {}
    assert len(built) >= 650


def test_the_reader_changes_no_word_the_author_wrote() -> None:
    """Each markdown-it fixture case read by the house reader has the words a plain CommonMark
    reading (no typography) gives: only punctuation may change (quotes, dashes, the ellipsis), so
    a rule that rewrites text ((c) into ©) fails here."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin

    from avitools.check.fidelity import _block_text, _note_text
    from avitools.document import walk_blocks
    from avitools.read.markdown import _keep_written_urls, read_body

    plain = MarkdownIt("commonmark", {"html": True, "linkify": True, "typographer": False})
    plain.enable(["table", "strikethrough", "linkify"]).use(footnote_plugin)
    _keep_written_urls(plain)
    compared, changed = 0, {}
    for fixture in sorted((REAL / "markdown").rglob("*.md")):
        for number, (_title, body) in enumerate(fixture_cases(fixture), start=1):
            parsed = read_body(body, "case.md", REAL, 1)
            if parsed.problems:
                continue
            written = [_inline_as_written(t.children or []) if t.type == "inline" else t.content
                       for t in plain.parse(body, {}) if t.type in ("inline", "code_block", "fence")]
            read = [_block_text(b) for b in walk_blocks(parsed.body.blocks)]
            read += [_note_text(note) for note in parsed.body.notes]
            compared += 1
            if words(" ".join(written)) != words(" ".join(read)):
                changed[f"{fixture.name} {number}"] = body[:80]
    assert compared >= 700
    assert changed == {}


def _inline_as_written(children: list[Any]) -> str:
    """An inline token's text as a plain reading gives it (images' descriptions left out)."""
    out = ""
    for child in children:
        if child.type in ("text", "code_inline"):
            out += child.content
        elif child.type in ("softbreak", "hardbreak", "image"):
            out += " "
    return out
