"""Readers by suffix: one registry, the model as the only output, Word converted once and in memory."""

from __future__ import annotations

import ast
from pathlib import Path

import docx
import pytest

from avitools.config import Project
from avitools.document import Image, Paragraph, Table, plain_text
from avitools.errors import ManuscriptError
from avitools.read import READERS, read
from avitools.read.docx import read_docx
from avitools.sources import MANUSCRIPT_SUFFIXES
from tests.docx_fixtures import rich_docx
from tests.helpers import ROOT, SEED, run_avi

PACKAGE = ROOT / "avitools"


def imports_of(folder: Path) -> dict[str, set[str]]:
    """Each module under `folder` and the avitools modules it imports, anywhere in its code."""
    found: dict[str, set[str]] = {}
    for path in sorted(folder.rglob("*.py")):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module)
            elif isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
        found[str(path.relative_to(ROOT))] = {n for n in names if n.startswith("avitools")}
    return found


def test_readers_stop_at_the_model() -> None:
    for module, names in imports_of(PACKAGE / "read").items():
        assert not [n for n in names if n.startswith("avitools.render")], module


def test_renderers_import_no_reader_and_no_driver() -> None:
    drivers = ("avitools.read", "avitools.anthology", "avitools.build", "avitools.cli")
    for module, names in imports_of(PACKAGE / "render").items():
        assert not [n for n in names if n.startswith(drivers)], module


def test_the_registry_names_the_manuscript_suffixes() -> None:
    assert set(READERS) == {".md", ".markdown", ".docx"}
    assert tuple(READERS) == MANUSCRIPT_SUFFIXES


def test_an_unknown_format_is_one_line(tmp_path: Path, project: Project) -> None:
    odd = tmp_path / "article.odt"
    odd.write_bytes(b"PK")
    with pytest.raises(ManuscriptError) as caught:
        read(odd, project)
    assert caught.value.lines() == [f"error: {odd}: '.odt' is not a manuscript format "
                                    "(give one of: .md, .markdown, .docx)"]


def test_the_seed_reads_into_a_document_tree(project: Project) -> None:
    body = read(SEED, project).article.body
    assert [h.text for h in body.headings()] == [
        "Hedging Strategy", "Bolstering Economic Cooperation", "Strengthening Defence Cooperation",
        "Enhancing the capacities of Cambodia\u2019s UN peacekeeping forces", "Conclusion"]
    assert all(h.level == 2 for h in body.headings())
    first = body.blocks[0]
    assert isinstance(first, Paragraph)
    assert plain_text(first.children).startswith("On 16 May 2024, Cambodia and South Korea")


def test_word_is_converted_once_in_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import mammoth

    (tmp_path / "submissions").mkdir()
    word = rich_docx(tmp_path / "submissions" / "choices.docx")
    calls: list[object] = []
    convert = mammoth.convert_to_html

    def counted(*args: object, **kwargs: object) -> object:
        calls.append(args)
        return convert(*args, **kwargs)

    monkeypatch.setattr(mammoth, "convert_to_html", counted)
    out = tmp_path / "out"
    result = run_avi("build", word, "-o", out, "-j", "1")
    assert result.exit_code == 0, result.output
    assert len(calls) == 1
    assert sorted(p.name for p in out.rglob("*") if p.is_file()) == [".avi-manifest.json",
                                                                   "avi-commentary-2024-06.pdf"]
    calls.clear()
    imported = run_avi("import", word, "--into", tmp_path / "archive")
    assert imported.exit_code == 0, imported.output
    assert len(calls) == 1
    assert sorted(p.name for p in (tmp_path / "archive").iterdir()) == [
        "2024-06-choices-small-state-figure-1.png", "2024-06-choices-small-state.md"]


def test_a_word_picture_is_an_image_in_memory(tmp_path: Path, project: Project) -> None:
    (tmp_path / "submissions").mkdir()
    word = rich_docx(tmp_path / "submissions" / "choices.docx")
    images = read(word, project).article.body.images()
    assert len(images) == 1
    image: Image = images[0]
    assert image.alt == "Bar chart of Mekong flows at Kratie, 2019 to 2023"
    assert image.path is None
    assert image.data is not None
    assert image.data.startswith(b"\x89PNG")


def test_merged_word_cells_keep_their_columns(tmp_path: Path, project: Project) -> None:
    document = docx.Document()
    document.add_paragraph("Exports by partner, in billions of dollars.")
    table = document.add_table(rows=4, cols=3)
    for row, values in enumerate((("Partner", "2023", "2024"), ("Thailand (merged)", "", "9"),
                                  ("Laos", "1", "2"), ("", "3", "4"))):
        for column, value in enumerate(values):
            table.cell(row, column).text = value
    table.cell(1, 0).merge(table.cell(1, 1)).text = "Thailand (merged)"
    table.cell(2, 0).merge(table.cell(3, 0)).text = "Laos"
    path = tmp_path / "merged.docx"
    document.save(str(path))
    path.with_suffix(".yaml").write_text(
        "title: Merged cells\ndate: 2024-06-12\ncountry: Cambodia\nissue: 6\nauthors:\n"
        "  - name: SOK Dara\n    bio: A bio.\n", encoding="utf-8")
    assert "| Thailand (merged) |  | 9 |" in read_docx(path).body
    reading = read(path, project)
    tables = [b for b in reading.article.body.blocks if isinstance(b, Table)]
    assert [[plain_text(c.children) for c in row] for row in (tables[0].header, *tables[0].rows)] == [
        ["Partner", "2023", "2024"], ["Thailand (merged)", "", "9"], ["Laos", "1", "2"], ["", "3", "4"]]
    assert any("merged cells was flattened" in w for w in reading.warnings)
