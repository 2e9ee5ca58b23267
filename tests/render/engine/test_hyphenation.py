"""Pyphen's patterns kept parsed in the user's cache: the same patterns, the same hyphenation."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyphen
import pytest

from avitools.render.engine import hyphenation
from tests.helpers import COUNTING_PATTERN_PARSES, ROOT

ENGLISH = pyphen.language_fallback("en")  # en_GB: what WeasyPrint takes for lang="en"
WORDS = ["partnership", "development", "neighbourhood", "hyphenation", "infrastructure",
         "Cambodia", "multilateralism", "sustainability", "a", ""]


@pytest.fixture
def kept_patterns(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> pyphen.HyphDict:
    """English patterns parsed by Pyphen and kept in a fresh user's cache."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = pyphen.LANGUAGES[ENGLISH]
    parsed = pyphen.HyphDict(path)
    hyphenation._keep(path, parsed)
    return parsed


def test_kept_patterns_are_pyphens_own(kept_patterns: pyphen.HyphDict) -> None:
    recalled = hyphenation._recall(pyphen.LANGUAGES[ENGLISH])
    assert recalled is not None
    assert recalled.patterns == kept_patterns.patterns
    assert len(recalled.patterns) > 10_000
    assert recalled.maxlen == kept_patterns.maxlen
    assert [recalled.positions(w) for w in WORDS] == [kept_patterns.positions(w) for w in WORDS]
    assert all(len(recalled.positions(w)) > 1 for w in WORDS[:8])  # every long word splits


def test_patterns_of_a_changed_file_are_parsed_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    copy = tmp_path / "hyph_en_GB.dic"
    copy.write_bytes(pyphen.LANGUAGES[ENGLISH].read_bytes())
    hyphenation._keep(copy, pyphen.HyphDict(copy))
    assert hyphenation._recall(copy) is not None
    os.utime(copy, ns=(1, 1))  # the same path, another file as far as anyone can tell
    assert hyphenation._recall(copy) is None


def test_patterns_with_alternative_spellings_are_not_kept(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = pyphen.LANGUAGES["hu_HU"]  # Hungarian patterns spell some words differently when split
    parsed = pyphen.HyphDict(path)
    hyphenation._keep(path, parsed)
    assert hyphenation._recall(path) is None
    assert not (tmp_path / "avitools" / "hyphenation").exists()


LAID_OUT = COUNTING_PATTERN_PARSES + """
import sys
from pathlib import Path
from avitools.render.engine import font_configuration, weasyprint
wp = weasyprint(Path("fonts"))
html = ('<html lang="en"><body style="width: 30mm; font-family: Noto Serif; hyphens: auto">'
        '<p>Multilateralism and infrastructure sustainability reshape neighbourhood partnerships'
        '</p></body></html>')
document = wp.HTML(string=html).render(font_config=font_configuration(Path("fonts")))
lines = [box for box in document.pages[0]._page_box.descendants()
         if type(box).__name__ == "TextBox"]
print(parsed, [box.text for box in lines])
"""


def test_a_process_hyphenates_from_kept_patterns_as_from_the_file(tmp_path: Path) -> None:
    def run() -> str:
        return subprocess.run([sys.executable, "-c", LAID_OUT], capture_output=True, text=True,
                              check=True, cwd=ROOT,
                              env={**os.environ, "XDG_CACHE_HOME": str(tmp_path)}).stdout.strip()

    first, second = run(), run()
    assert first.startswith("['hyph_en_GB.dic'] [")  # parsed from the file, then kept
    assert "\u2010" in first or "-'" in first  # a word is hyphenated at a line end
    assert second == first.replace("['hyph_en_GB.dic']", "[]", 1)  # the same lines, no parsing
