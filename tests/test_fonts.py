"""The coverage table of the bundled fonts, and its cache keyed by the fonts' bytes."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from avitools.fonts import coverage
from tests.helpers import ROOT

KHMER_KA = 0x1780


def test_a_cached_table_needs_no_font_parser(tmp_path: Path) -> None:
    env = {"XDG_CACHE_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    code = ("import sys; from pathlib import Path; from avitools.fonts import coverage; "
            "print(len(coverage(Path('fonts'))), 'fontTools' in sys.modules)")
    first = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                           text=True, check=True).stdout.split()
    second = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                            text=True, check=True).stdout.split()
    assert first[1] == "True"
    assert second == [first[0], "False"]
    assert len(list((tmp_path / "avitools").glob("coverage-*.json"))) == 1


def test_a_changed_font_set_is_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    for path in (ROOT / "fonts").glob("NotoSerif-*.ttf"):
        shutil.copy(path, fonts / path.name)
    coverage.cache_clear()
    without = coverage(fonts)
    shutil.copy(ROOT / "fonts" / "NotoSerifKhmer-Regular.ttf", fonts / "NotoSerifKhmer-Regular.ttf")
    coverage.cache_clear()
    with_khmer = coverage(fonts)
    coverage.cache_clear()
    assert KHMER_KA not in without
    assert KHMER_KA in with_khmer
    assert ord("ễ") in without
