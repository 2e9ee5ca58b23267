"""Hostile or broken input fails fast with one clear line, in bounded time and memory."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.conftest import ManuscriptWriter
from tests.helpers import front_matter, problems, run_avi

HEAD = "---\ntitle: T\ndate: 2024-01-02\ncountry: C\nissue: 1\nauthors:\n  - name: A\n    bio: B\n"


def one_error(path: Path, tmp_path: Path, seconds: float = 10.0) -> str:
    start = time.monotonic()
    result = run_avi("build", path, "-o", tmp_path / "out")
    assert time.monotonic() - start < seconds
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    (line,) = problems(result)
    assert line.startswith(f"error: {path}")
    return line


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("bomb: &a [x, x]\nb: [*a, *a]\n", "YAML anchors and aliases are not allowed in front matter"),
        ("x: !!python/object/apply:os.system ['echo hacked']\n",
         "YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed"),
        ("x: !custom 1\n", "YAML tag '!custom' is not allowed"),
        ("x: " + "[" * 5000 + "]" * 5000 + "\n", "the front matter nests deeper than 8 levels"),
    ],
)
def test_hostile_yaml(write_manuscript: ManuscriptWriter, tmp_path: Path, extra: str,
                      message: str) -> None:
    line = one_error(write_manuscript(raw=HEAD + extra + "---\nText.\n"), tmp_path)
    assert message in line
    assert ":9: " in line


def test_billion_laughs_is_refused_fast(write_manuscript: ManuscriptWriter, tmp_path: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        prev = chr(ord("a") + i - 1)
        name = chr(ord("a") + i)
        lines.append(f"{name}: &{name} [{','.join('*' + prev for _ in range(9))}]")
    raw = HEAD + "\n".join(lines) + "\n---\nText.\n"
    assert "anchors and aliases" in one_error(write_manuscript(raw=raw), tmp_path, seconds=5)


def test_huge_title(write_manuscript: ManuscriptWriter, tmp_path: Path) -> None:
    line = one_error(write_manuscript(title="Long " * 100), tmp_path)
    assert line.endswith(":2: 'title' is longer than 300 characters")


def test_oversize_front_matter(write_manuscript: ManuscriptWriter, tmp_path: Path) -> None:
    raw = HEAD + "summary: " + "x" * 70_000 + "\n---\nText.\n"
    assert one_error(write_manuscript(raw=raw), tmp_path).endswith(
        ":2: the front matter is longer than 64,000 characters (keep only the metadata keys there)")


def test_oversize_file(write_manuscript: ManuscriptWriter, tmp_path: Path) -> None:
    path = write_manuscript(body="word " * 250_000)
    assert one_error(path, tmp_path).endswith(
        "a manuscript may have (split it or remove embedded data)")


def test_deeply_nested_markdown_is_bounded(write_manuscript: ManuscriptWriter,
                                           tmp_path: Path) -> None:
    """Thousands of nested quotes and lists: refused with their lines, quickly, nothing dropped."""
    body = "> " * 3000 + "deep\n\n" + "".join("  " * i + "- item\n" for i in range(400))
    start = time.monotonic()
    result = run_avi("build", write_manuscript(body), "-o", tmp_path)
    assert time.monotonic() - start < 60
    assert result.exit_code == 1
    assert [line.split(": ", 2)[2].split(",")[0] for line in problems(result)] == [
        "a quotation is nested more than 4 levels deep", "a list is nested more than 6 levels deep"]
    assert "Traceback" not in result.output


def test_missing_image(write_manuscript: ManuscriptWriter, tmp_path: Path) -> None:
    path = write_manuscript("Text.\n\n![A chart](chart.png)\n")
    line_no = path.read_text().splitlines().index("![A chart](chart.png)") + 1
    assert one_error(path, tmp_path) == (
        f"error: {path}:{line_no}: image 'chart.png' does not exist (check the file name)")


def test_wrong_type_of_whole_front_matter(write_manuscript: ManuscriptWriter,
                                          tmp_path: Path) -> None:
    assert "is not a set of 'key: value' lines" in one_error(
        write_manuscript(raw="---\njust a string\n---\nText.\n"), tmp_path)


def test_valid_manuscript_still_builds(write_manuscript: ManuscriptWriter, tmp_path: Path) -> None:
    """The corpus above fails for its flaw, not because the harness is broken."""
    result = run_avi("build", write_manuscript(raw=front_matter() + "\nText.\n"), "-o", tmp_path)
    assert result.exit_code == 0, result.output


def test_a_skipped_heading_level_is_refused_with_its_line(write_manuscript: ManuscriptWriter,
                                                         tmp_path: Path) -> None:
    path = write_manuscript("## Trade\n\nText.\n\n#### Tariffs\n\nText.\n")
    result = run_avi("build", path, "-o", tmp_path / "out")
    assert result.exit_code == 1
    line = path.read_text(encoding="utf-8").splitlines().index("#### Tariffs") + 1
    assert problems(result) == [
        f"error: {path}:{line}: heading 'Tariffs' (####) skips a level: it follows a ## heading "
        "(make it ###, or add the ### heading it belongs under)"]


def test_a_first_heading_below_the_others_is_refused(write_manuscript: ManuscriptWriter,
                                                     tmp_path: Path) -> None:
    path = write_manuscript("### Trade\n\nText.\n\n## Rules\n\nText.\n")
    result = run_avi("build", path, "-o", tmp_path / "out")
    line = path.read_text(encoding="utf-8").splitlines().index("### Trade") + 1
    assert problems(result) == [
        f"error: {path}:{line}: heading 'Trade' (###) skips a level: the first heading must be of "
        "the highest level, ## (make it ##, or add the ## heading it belongs under)"]
