"""Each class of invalid manuscript: exit code 1 and one clear line per problem, no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ManuscriptWriter
from tests.helpers import AUTHOR, front_matter, problems, run_avi


def errors_of(path: Path, tmp_path: Path) -> list[str]:
    result = run_avi("build", path, "-o", tmp_path / "out")
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()
    return problems(result)


def test_missing_keys_are_all_reported(write_manuscript: ManuscriptWriter, tmp_path: Path) -> None:
    path = write_manuscript(title=None, country=None)
    assert errors_of(path, tmp_path) == [
        f"error: {path}: missing required key 'title' (add it)",
        f"error: {path}: missing required key 'country' (add it)",
    ]


def test_unknown_key_names_the_likely_one(write_manuscript: ManuscriptWriter, tmp_path: Path) -> None:
    path = write_manuscript(autors=[AUTHOR])
    assert errors_of(path, tmp_path) == [
        f"error: {path}:9: unknown key 'autors' (did you mean 'authors'?)"]


def test_unknown_author_key(write_manuscript: ManuscriptWriter, tmp_path: Path) -> None:
    path = write_manuscript(authors=[{"name": "A", "bio": "B", "biography": "C"}])
    assert errors_of(path, tmp_path) == [
        f"error: {path}:9: unknown key 'biography of author 1' (did you mean 'bio'?)"]


def test_bad_date(write_manuscript: ManuscriptWriter, tmp_path: Path) -> None:
    path = write_manuscript(date="28 August 2024")
    assert errors_of(path, tmp_path) == [
        f"error: {path}:3: 'date' is not a valid date (write an ISO date such as 2024-08-28)"]


def test_impossible_date(write_manuscript: ManuscriptWriter, tmp_path: Path) -> None:
    path = write_manuscript(raw=front_matter().replace("2024-03-05", "2024-02-30") + "\nText.\n")
    assert errors_of(path, tmp_path) == [
        f"error: {path}:3: 'date' is not a valid date (write an ISO date such as 2024-08-28)"]


def test_non_numeric_issue(write_manuscript: ManuscriptWriter, tmp_path: Path) -> None:
    path = write_manuscript(issue="eight")
    assert errors_of(path, tmp_path) == [
        f"error: {path}:5: 'issue' must be a whole number (write the number within the year, "
        "such as 8)"]


def test_issue_out_of_range(write_manuscript: ManuscriptWriter, tmp_path: Path) -> None:
    path = write_manuscript(issue=0)
    assert errors_of(path, tmp_path) == [
        f"error: {path}:5: 'issue' must be between 1 and 99 (write the number within the year, "
        "such as 8)"]


def test_empty_authors(write_manuscript: ManuscriptWriter, tmp_path: Path) -> None:
    path = write_manuscript(authors=[])
    assert errors_of(path, tmp_path) == [
        f"error: {path}:6: 'authors' must not be empty (list each author with a name and a bio)"]


def test_author_without_bio(write_manuscript: ManuscriptWriter, tmp_path: Path) -> None:
    path = write_manuscript(authors=[AUTHOR, {"name": "Jane DOE"}])
    assert errors_of(path, tmp_path) == [
        f"error: {path}:9: missing required key 'bio of author 2' "
        "(list each author with a name and a bio)"]


def test_broken_yaml(write_manuscript: ManuscriptWriter, tmp_path: Path) -> None:
    path = write_manuscript(raw='---\ntitle: "Unclosed\ndate: 2024-01-01\n---\nText.\n')
    (line,) = errors_of(path, tmp_path)
    assert line.startswith(f"error: {path}:")
    assert "the front matter is not valid YAML" in line
    assert line.endswith("(check indentation, colons and quotes)")


def test_no_front_matter(write_manuscript: ManuscriptWriter, tmp_path: Path) -> None:
    path = write_manuscript(raw="# Just a title\n\nAnd text.\n")
    assert errors_of(path, tmp_path) == [
        f"error: {path}:1: has no front matter (start the file with a '---' line, the metadata "
        "in YAML, and a closing '---' line)"]


def test_unclosed_front_matter(write_manuscript: ManuscriptWriter, tmp_path: Path) -> None:
    path = write_manuscript(raw="---\ntitle: x\n")
    assert errors_of(path, tmp_path) == [
        f"error: {path}:1: the front matter is never closed (add a '---' line after the metadata)"]


def test_non_utf8_bytes(write_manuscript: ManuscriptWriter, tmp_path: Path) -> None:
    path = write_manuscript()
    path.write_bytes(path.read_bytes() + b"\nCaf\xe9 in Latin-1.\n")
    line = path.read_bytes().count(b"\n")
    assert errors_of(path, tmp_path) == [
        f"error: {path}:{line}: byte 0xe9 is not UTF-8 (save the file as UTF-8)"]


def test_empty_file(write_manuscript: ManuscriptWriter, tmp_path: Path) -> None:
    path = write_manuscript(raw="")
    assert errors_of(path, tmp_path) == [
        f"error: {path}: is empty (write the front matter and the text)"]


def test_binary_file(write_manuscript: ManuscriptWriter, tmp_path: Path) -> None:
    path = write_manuscript()
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert errors_of(path, tmp_path) == [
        f"error: {path}:3: is a binary file, not a Markdown manuscript (give a UTF-8 text file)"]


def test_no_body(write_manuscript: ManuscriptWriter, tmp_path: Path) -> None:
    path = write_manuscript(body="")
    first_body_line = path.read_text().count("\n")
    assert errors_of(path, tmp_path) == [
        f"error: {path}:{first_body_line}: has no body text (write the article below the front matter's "
        "closing '---')"]


def test_wrong_types(write_manuscript: ManuscriptWriter, tmp_path: Path) -> None:
    path = write_manuscript(title=["a", "list"], keywords="not a list")
    assert errors_of(path, tmp_path) == [
        f"error: {path}:2: 'title' must be text",
        f"error: {path}:11: 'keywords' has the wrong form: input should be a valid list",
    ]


def test_front_matter_that_is_not_a_mapping(write_manuscript: ManuscriptWriter,
                                            tmp_path: Path) -> None:
    path = write_manuscript(raw="---\n- just\n- a list\n---\nText.\n")
    assert errors_of(path, tmp_path) == [
        f"error: {path}:2: the front matter is not a set of 'key: value' lines "
        "(write the metadata as YAML keys)"]


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.md"
    assert errors_of(path, tmp_path) == [f"error: {path}: does not exist (check the path)"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("Text with a note.[^9]\n", "footnote reference [^9] has no note (add a line '[^9]: …' "
                                    "with the note's text)"),
        ("Text.\n\n[^a]: An orphan note.\n", "footnote [^a] is never cited (cite it with [^a] "
                                              "or delete it)"),
    ],
)
def test_footnote_mismatches(write_manuscript: ManuscriptWriter, tmp_path: Path,
                             body: str, message: str) -> None:
    path = write_manuscript(body)
    (line,) = errors_of(path, tmp_path)
    assert line.endswith(message)
    assert line.startswith(f"error: {path}:")


def test_several_manuscripts_one_failure(write_manuscript: ManuscriptWriter,
                                         tmp_path: Path) -> None:
    good = write_manuscript(name="good.md")
    bad = write_manuscript(name="bad.md", issue="x")
    result = run_avi("build", good.parent, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [str(tmp_path / "out" / "2024" / "avi-commentary-2024-03.pdf")]
    assert problems(result)[0].startswith(f"error: {bad}:5: 'issue'")
