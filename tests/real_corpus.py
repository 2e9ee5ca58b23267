"""The public test files in tests/data/real/, laid out as manuscripts with the metadata they lack."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.helpers import ROOT

REAL = ROOT / "tests" / "data" / "real"
PER_YEAR = 50


def _meta(index: int, title: str) -> str:
    """Front matter (or a sidecar) for the `index`th file: its own issue of a year of its own."""
    year, issue = 1950 + index // PER_YEAR, index % PER_YEAR + 1
    return (f'title: "{title}"\ndate: {year}-03-{issue % 28 + 1:02d}\ncountry: Cambodia\n'
            f"issue: {issue}\nauthors:\n  - name: Test AUTHOR\n    bio: \"Test Author reads files.\"\n")


def word_files() -> list[Path]:
    """Every Word test file kept in the suite."""
    return sorted((REAL / "docx").rglob("*.docx"))


def lay_out_word(folder: Path) -> dict[Path, Path]:
    """Each Word test file copied into `folder` with a sidecar; the copy -> the original."""
    folder.mkdir(parents=True, exist_ok=True)
    copies: dict[Path, Path] = {}
    for index, original in enumerate(word_files()):
        copy = folder / f"{index:03d}-{original.parent.name}-{original.stem}.docx"
        shutil.copy(original, copy)
        copy.with_suffix(".yaml").write_text(_meta(index, f"Word file {index}"), encoding="utf-8")
        copies[copy] = original
    return copies


def fixture_cases(path: Path) -> list[tuple[str, str]]:
    """markdown-it's fixture format: a title (the first may be missing), then `.`-separated input
    and expected output."""
    lines = path.read_text(encoding="utf-8").splitlines()
    cases: list[tuple[str, str]] = []
    start = 0
    while True:
        try:
            opening = lines.index(".", start)
            middle = lines.index(".", opening + 1)
            closing = lines.index(".", middle + 1)
        except ValueError:
            return cases
        title = " ".join(line.strip() for line in lines[start:opening]).strip()
        cases.append((title, "\n".join(lines[opening + 1:middle]) + "\n"))
        start = closing + 1


def lay_out_markdown(folder: Path) -> dict[Path, str]:
    """Each Markdown test case as a manuscript in `folder`; the manuscript -> the case's source."""
    folder.mkdir(parents=True, exist_ok=True)
    made: dict[Path, str] = {}
    index = 0
    for fixture in sorted((REAL / "markdown").rglob("*.md")):
        for number, (_title, body) in enumerate(fixture_cases(fixture), start=1):
            path = folder / f"{index:04d}-{fixture.stem}-{number}.md"
            path.write_text(f"---\n{_meta(index, f'Case {number} of {fixture.stem}')}---\n\n{body}",
                            encoding="utf-8")
            made[path] = f"{fixture.name} case {number}"
            index += 1
    return made
