"""A WeasyPrint release simulated in a process of its own: a copy of the installed WeasyPrint, put
first on the path, with its version string raised, or with the source of functions the extensions
patch changed as a release would. Latin manuscripts build, the Khmer one either builds with a text
layer that reads back (the build's own F001 says so) or fails with one line, nothing raises."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

from tests.helpers import ROOT, SEED
from tests.render.engine.notices import RELEASE_71, VERIFIED_ON

pytestmark = pytest.mark.slow

LATIN = [SEED, *sorted((ROOT / "tests" / "data" / "manuscripts").glob("*.md")),
         ROOT / "tests" / "data" / "footnotes" / "2000-06-orphans-and-a-note.md"]
KHMER = ROOT / "tests" / "data" / "khmer" / "2025-01-asean-integration.md"


def released(tmp_path: Path, version: str, changed: dict[str, str]) -> Path:
    """A copy of the installed WeasyPrint with `version` and, in each file of `changed`, a comment
    added to the line that defines the named function (its source, hence its fingerprint,
    changes; what it does does not)."""
    import weasyprint

    site = tmp_path / "site"
    package = site / "weasyprint"
    shutil.copytree(Path(weasyprint.__file__).parent, package,
                    ignore=shutil.ignore_patterns("__pycache__"))
    init = package / "__init__.py"
    init.write_text(re.sub(r"VERSION = __version__ = '[^']+'", f"VERSION = __version__ = '{version}'",
                           init.read_text(encoding="utf-8")), encoding="utf-8")
    for file, function in changed.items():
        path = package / file
        text = path.read_text(encoding="utf-8")
        definition = f"def {function}("
        assert text.count(definition) == 1, (file, function)
        start = text.index(definition)
        end = text.index("\n", start)
        path.write_text(text[:end] + "  # changed in this release" + text[end:], encoding="utf-8")
    return site


def build(site: Path, out: Path, *sources: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(site), "XDG_CACHE_HOME": str(out / "cache")}
    return subprocess.run([sys.executable, "-m", "avitools", "build", *map(str, sources), "-o",
                           str(out), "-j", "2"], capture_output=True, text=True, cwd=ROOT, env=env)


def test_the_version_string_alone_keeps_every_extension_and_says_so(tmp_path: Path) -> None:
    site = released(tmp_path, "70.1", {})
    done = build(site, tmp_path / "out", *LATIN, KHMER)
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert lines.count(f"warning: WeasyPrint 70.1: avitools' WeasyPrint extensions are on, their "
                       f"targets unchanged; {VERIFIED_ON}") == 1
    assert lines[-1].startswith(f"built {len(LATIN) + 1}, unchanged 0, failed 0")
    with pikepdf.open(tmp_path / "out" / "2024" / "avi-commentary-2024-08.pdf") as pdf:
        assert "/StructTreeRoot" in pdf.Root  # the tagging is on: written as PDF/UA
        assert b"pdfuaid" in pdf.Root.Metadata.read_bytes()


def test_a_changed_target_leaves_its_extension_off_and_the_build_goes_on(tmp_path: Path) -> None:
    site = released(tmp_path, "71.0", {
        "text/line_break.py": "split_first_line",  # a speed extension
        "draw/text.py": "draw_first_line",  # the line drawing (speed) and the text layer
        "layout/block.py": "_linebox_layout",  # footnote placement: laid out again instead
    })
    done = build(site, tmp_path / "out", *LATIN, KHMER)
    assert "Traceback" not in done.stderr
    assert "internal error" not in done.stderr
    lines = done.stderr.strip().splitlines()
    warnings = [line for line in lines if line.startswith("warning: WeasyPrint 71.0")]
    assert warnings == RELEASE_71
    errors = [line for line in lines if line.startswith("error:")]
    khmer = str(KHMER.relative_to(ROOT))
    if done.returncode == 0:  # the release's own text layer reads back: F001 passed in the build
        assert errors == []
    else:
        assert done.returncode == 1
        assert len(errors) == 1
        assert errors[0].startswith(f"error: {khmer}: F001 the text layer does not give back ")
        assert ("avitools' text layer is off (WeasyPrint 71.0 changed what it extends; it is "
                "verified on WeasyPrint 70.0: pip install 'weasyprint==70.0')") in errors[0]
    assert lines[-1].startswith(f"built {len(LATIN)}, unchanged 0, failed {done.returncode}")
    written = [p for p in (tmp_path / "out").rglob("*.pdf") if "failed" not in p.parts]
    assert len(written) == len(LATIN)
    # the note that WeasyPrint alone moves off its call's page is back on it (laid out again)
    pages = [page.extract_text() for page in
             PdfReader(tmp_path / "out" / "2000" / "avi-commentary-2000-06.pdf").pages]
    call = next(i for i, text in enumerate(pages) if "as trade patterns shift.2" in text)
    assert "2. Asian Vision Institute, working paper no. 5-n2." in pages[call]
