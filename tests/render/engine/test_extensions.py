"""What the engine says when extensions step aside, and the engine modes, each in its own process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pikepdf
import pypdfium2
import pypdfium2.raw as pdfium
import pytest

from avitools.render.engine.extensions import EngineState, pdf_variant
from avitools.render.engine.table import VERIFIED
from tests.helpers import ROOT, SEED
from tests.render.engine.notices import RELEASE_71, VERIFIED_ON

KHMER = ROOT / "tests" / "data" / "khmer" / "2025-01-asean-integration.md"
ON = ["hyphenation", "serialize", "glyphs", "textlayer", "tagging", "pages", "footnotes", "metadata",
      "margins", "linebreak", "pangosetup", "computedstyle"]


def test_on_the_verified_versions_nothing_is_said() -> None:
    assert EngineState("full", dict(VERIFIED), on=ON).notices() == []


def test_a_new_version_whose_targets_match_is_said_once() -> None:
    state = EngineState("full", {**VERIFIED, "weasyprint": "70.1"}, on=ON)
    assert state.notices() == [
        f"warning: WeasyPrint 70.1: avitools' WeasyPrint extensions are on, their targets "
        f"unchanged; {VERIFIED_ON}"]


def test_speed_extensions_aside_are_one_line_and_each_correctness_one_a_line_of_its_own() -> None:
    state = EngineState("full", {**VERIFIED, "weasyprint": "71.0"},
                        on=["hyphenation", "serialize", "tagging", "pages", "metadata"],
                        aside={"glyphs": ["weasyprint.draw.text:draw_first_line"],
                               "textlayer": ["weasyprint.draw.text:draw_first_line"],
                               "footnotes": ["weasyprint.layout.block:_linebox_layout"],
                               "linebreak": ["weasyprint.text.line_break:split_first_line"]})
    assert state.notices() == RELEASE_71


def test_without_tagging_no_pdf_claims_pdfua(monkeypatch: pytest.MonkeyPatch) -> None:
    from avitools.render.engine import extensions

    monkeypatch.setattr(extensions, "installed", lambda name: name != "tagging")
    assert pdf_variant("pdf/ua-1") is None
    assert pdf_variant("pdf/a-3b") == "pdf/a-3b"
    monkeypatch.setattr(extensions, "installed", lambda name: bool(name))
    assert pdf_variant("pdf/ua-1") == "pdf/ua-1"


def avi(*args: str | Path, mode: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """`avi` in a process of its own, with the engine mode `mode`."""
    return subprocess.run([sys.executable, "-m", "avitools", *map(str, args)], capture_output=True,
                          text=True, cwd=cwd, env={**os.environ, "AVI_ENGINE": mode})


def test_an_unknown_engine_mode_is_one_line(tmp_path: Path) -> None:
    done = avi("build", SEED, "-o", tmp_path, mode="fast")
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip().splitlines() == [
        "error: AVI_ENGINE: 'fast' is not an engine mode (use one of full, correct, stock)"]


def test_stock_builds_the_seed_untagged_and_refuses_khmer_by_f001(tmp_path: Path) -> None:
    done = avi("build", SEED, KHMER, "-o", tmp_path, "-j", "1", mode="stock")
    assert done.returncode == 1, done.stderr
    lines = done.stderr.strip().splitlines()
    assert lines[0] == ("warning: AVI_ENGINE=stock: WeasyPrint runs without avitools' extensions: "
                        "PDFs are untagged (no PDF/UA claim), slower, and a manuscript whose text "
                        "does not read back fails F001")
    assert lines[1].startswith(f"error: {KHMER.relative_to(ROOT)}: F001 the text layer does not "
                               "give back ")
    assert "avitools' text layer is off (AVI_ENGINE=stock leaves it off: build without AVI_ENGINE)" \
        in lines[1]
    assert lines[2:] == ["built 1, unchanged 0, failed 1" + lines[2].split("failed 1", 1)[1]]
    seed = tmp_path / "2024" / "avi-commentary-2024-08.pdf"
    document = pypdfium2.PdfDocument(seed)
    try:
        assert not pdfium.FPDFCatalog_IsTagged(document.raw)
    finally:
        document.close()
    with pikepdf.open(seed) as pdf:
        assert "/StructTreeRoot" not in pdf.Root
        metadata = pdf.Root.get("/Metadata")
        assert metadata is None or b"pdfuaid" not in metadata.read_bytes()
    assert not (tmp_path / "2025" / "avi-commentary-2025-01.pdf").exists()


def test_the_engine_mode_is_part_of_each_pdfs_fingerprint(tmp_path: Path) -> None:
    assert avi("build", SEED, "-o", tmp_path, mode="full").returncode == 0
    again = avi("build", SEED, "-o", tmp_path, mode="full")
    assert again.stderr.strip().endswith(again.stderr.strip().split("built 0, unchanged 1")[-1])
    assert "built 0, unchanged 1" in again.stderr
    stock = avi("build", SEED, "-o", tmp_path, mode="stock")
    assert "built 1, unchanged 0" in stock.stderr, stock.stderr


def seed_built_after(prelude: str, out: Path) -> subprocess.CompletedProcess[str]:
    """`avi build` of the seed into `out`, in a process that first runs `prelude`."""
    script = prelude + "from avitools.cli import main\nmain(sys.argv[1:])\n"
    return subprocess.run([sys.executable, "-c", script, "build", str(SEED), "-o", str(out), "-j",
                           "1"], capture_output=True, text=True, cwd=ROOT)


FAILING_SHORTCUT = """
import contextlib, sys
from avitools.render.engine import startup

@contextlib.contextmanager
def failing():
    raise AssertionError("a start-up shortcut that fails half-way")
    yield

startup.compiled_declarations = failing
"""


def test_a_failing_start_up_shortcut_falls_back_to_the_plain_import(tmp_path: Path) -> None:
    done = seed_built_after(FAILING_SHORTCUT, tmp_path)
    assert done.returncode == 0, done.stderr
    lines = done.stderr.strip().splitlines()
    assert lines[0] == (f"warning: WeasyPrint 70.0: avitools' start-up shortcuts are off (same PDFs, "
                        f"a slower start); {VERIFIED_ON}")
    assert lines[1].startswith("built 1, unchanged 0, failed 0")


def test_the_engine_flag_is_the_variable(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "avitools", "--engine", "stock", "build", str(SEED),
                           "-o", str(tmp_path), "-j", "1"], capture_output=True, text=True, cwd=ROOT,
                          env={k: v for k, v in os.environ.items() if k != "AVI_ENGINE"})
    assert done.returncode == 0, done.stderr
    assert done.stderr.startswith("warning: AVI_ENGINE=stock: WeasyPrint runs without avitools' "
                                  "extensions")
    with pikepdf.open(tmp_path / "2024" / "avi-commentary-2024-08.pdf") as pdf:
        assert "/StructTreeRoot" not in pdf.Root


BROKEN_TAGS = """
import contextlib, sys
from pathlib import Path
from avitools.render.engine import weasyprint

weasyprint(Path("fonts"))  # the extensions installed; then the artifacts lose their type again
import pydyf
from weasyprint.pdf import stream

@contextlib.contextmanager
def untyped(self):
    pydyf.Stream.begin_marked_content(self, "Artifact")
    try:
        yield
    finally:
        pydyf.Stream.end_marked_content(self)

stream.Stream.artifact = untyped
"""


def test_a_pdf_whose_tags_break_the_rules_is_not_published(tmp_path: Path) -> None:
    done = seed_built_after(BROKEN_TAGS, tmp_path)
    assert done.returncode == 1, done.stderr
    lines = done.stderr.strip().splitlines()
    name = SEED.relative_to(ROOT)
    kept = "(the PDF is kept for a look at " + str(tmp_path / "failed/2024/avi-commentary-2024-08.pdf")
    assert lines[0].startswith(f"error: {name}: page 1: U003 ")
    assert lines[0].endswith(f" artifact(s) without a /Type {kept})")
    assert all(" U003 " in line for line in lines[:-1])
    assert lines[-1].startswith("built 0, unchanged 0, failed 1")
    assert not (tmp_path / "2024" / "avi-commentary-2024-08.pdf").exists()
    assert (tmp_path / "failed" / "2024" / "avi-commentary-2024-08.pdf").exists()
