"""The comparison harness: more than sixty manuscripts and a print book laid out with every speed
extension and with none give the same bytes, and each speed extension took both its own way and
WeasyPrint's on the way."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from avitools.render.engine.table import EXTENSIONS, Kind
from tests.engine_corpus import write_corpus
from tests.helpers import ROOT

pytestmark = pytest.mark.slow
SPEED = [e.name for e in EXTENSIONS if e.kind == Kind.SPEED]
# WeasyPrint's own Pango set-up is taken only for a style value that cannot key a cache, which no
# stylesheet WeasyPrint 70 parses can give (test_pangosetup.py hands it such a style directly).
NO_DOCUMENT_REACHES_STOCK = {"pangosetup"}
BOOK_YEAR = 2030


def laid_out(mode: str, sources: list[Path], folder: Path) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "tests.engine_harness", str(ROOT), str(BOOK_YEAR),
         str(folder / str(BOOK_YEAR)), *map(str, sources)],
        capture_output=True, text=True, cwd=ROOT, env={**os.environ, "AVI_ENGINE": mode})
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def test_the_speed_extensions_change_no_byte_and_take_both_ways(tmp_path: Path) -> None:
    sources = write_corpus(tmp_path)
    assert len(sources) >= 60
    fast = laid_out("full", sources, tmp_path)
    plain = laid_out("correct", sources, tmp_path)
    assert set(SPEED) <= set(fast["on"])
    assert not set(SPEED) & set(plain["on"])
    # Without the speed extensions none of them counts (a correctness one, the page turn, does).
    assert {k: n for k, n in plain["counts"].items() if k.split(":")[0] in SPEED} == {}
    refused = [name for name, digest in fast["pdfs"].items() if digest.startswith("refused")]
    assert len(fast["pdfs"]) - len(refused) >= 62  # manuscripts laid out, and two books
    differ = [name for name in fast["pdfs"] if fast["pdfs"][name] != plain["pdfs"][name]]
    assert differ == []
    for name in SPEED:
        assert fast["counts"].get(f"{name}:own", 0) > 0, name
        if name not in NO_DOCUMENT_REACHES_STOCK:
            assert fast["counts"].get(f"{name}:stock", 0) > 0, name
