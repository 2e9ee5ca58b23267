"""Names as the series files them: family name first stays, Western names invert, UCA order."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from avitools.model import collation_key, sort_name
from tests.helpers import front_matter, run_avi


@pytest.mark.parametrize(("name", "filed"), [
    ("YEN Samnang", "YEN Samnang"),          # FAMILY Given, as the series prints it
    ("CHHEANG Vannarith", "CHHEANG Vannarith"),
    ("យ៉េន សំណាង", "យ៉េន សំណាង"),               # Khmer: family name first
    ("Nguyễn Thị Lan", "Nguyễn Thị Lan"),      # Vietnamese: family name first
    ("Maria SANTOS", "Santos, Maria"),        # Given FAMILY
    ("Ann Lee", "Lee, Ann"),                  # a plain Western name
    ("Plato", "Plato"),
])
def test_sort_name_by_default(name: str, filed: str) -> None:
    assert sort_name(name) == filed


def test_an_authors_sort_as_wins() -> None:
    assert sort_name("Maria SANTOS", "SANTOS Maria") == "SANTOS Maria"


def test_collation_is_the_unicode_algorithm_not_code_points() -> None:
    names = ["Zhou Wei", "Émile Roy", "ángel Ruiz", "Andrew Kim", "Eve Li"]
    # Code points put É and á after Z; the UCA files them with their base letters.
    assert sorted(names) == ["Andrew Kim", "Eve Li", "Zhou Wei", "Émile Roy", "ángel Ruiz"]
    assert sorted(names, key=collation_key) == ["Andrew Kim", "ángel Ruiz", "Émile Roy", "Eve Li",
                                                "Zhou Wei"]


def test_sort_as_reaches_the_epub_and_the_index(tmp_path: Path) -> None:
    folder = tmp_path / "2024"
    folder.mkdir()
    authors = [{"name": "Maria SANTOS", "bio": "Maria Santos is a fellow.", "sort_as": "Maria"},
               {"name": "Ann Lee", "bio": "Ann Lee is a fellow."}]
    (folder / "a.md").write_text(front_matter(issue=1, authors=authors) + "\nText.\n", encoding="utf-8")
    book = tmp_path / "book.epub"
    assert run_avi("anthology", "2024", "--from", folder, "-o", book).exit_code == 0
    with zipfile.ZipFile(book) as epub:
        opf = epub.read("EPUB/content.opf").decode()
        index = epub.read("EPUB/authors.xhtml").decode()
    assert ">Maria</meta>" in opf
    assert ">Lee, Ann</meta>" in opf
    assert index.index("Lee, Ann") < index.index("Maria SANTOS")  # printed as filed, Lee before Maria
