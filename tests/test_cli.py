"""The `avi` command line: where it runs, what it prints, how it fails, what it imports."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from avitools.cli import main
from tests.helpers import ROOT, SEED, run_avi


def test_every_command_has_help() -> None:
    for name, command in main.commands.items():
        assert command.help, f"avi {name} has no help"
        result = run_avi(name, "--help")
        assert result.exit_code == 0
        assert f"Usage: main {name}" in result.output or f"Usage: avi {name}" in result.output


def test_runs_from_a_subfolder_of_the_project(tmp_path: Path) -> None:
    os.chdir(ROOT / "manuscripts" / "2024")
    result = run_avi("build", SEED.name, "-o", tmp_path)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{tmp_path}/2024/avi-commentary-2024-08.pdf\n"


def test_outside_a_project_is_one_clear_line(tmp_path: Path) -> None:
    os.chdir(tmp_path)
    result = run_avi("build")
    assert result.exit_code == 1
    assert result.stderr == (f"error: {tmp_path}: no avi.toml here or in any parent folder "
                             "(run avi inside an avitools project)\n")


def test_unknown_pdf_variant_is_wrong_usage(tmp_path: Path) -> None:
    result = run_avi("build", SEED, "-o", tmp_path, "--pdf-variant", "pdf/z-9")
    assert result.exit_code == 2
    assert "Invalid value for '--pdf-variant': 'pdf/z-9' is not one of" in result.stderr


def test_listed_variants_are_the_ones_weasyprint_writes() -> None:
    from avitools.cli import KNOWN_VARIANTS
    from avitools.render.pdf import variants

    assert sorted(KNOWN_VARIANTS) == variants(ROOT / "fonts")


def test_pdf_a_variant(tmp_path: Path) -> None:
    from pypdf import PdfReader

    result = run_avi("build", SEED, "-o", tmp_path, "--pdf-variant", "pdf/a-3b")
    assert result.exit_code == 0, result.output
    reader = PdfReader(result.stdout.strip())
    root: Any = reader.trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data()
    assert b'pdfaid:part="3" pdfaid:conformance="B"' in xmp


def test_help_does_not_import_weasyprint() -> None:
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "avitools", "--help"],
                            capture_output=True, text=True, cwd=ROOT, check=True)
    assert "Usage:" in result.stdout
    imported = {line.split("|")[-1].strip() for line in result.stderr.splitlines()}
    assert "avitools.cli" in imported
    assert not any(name.startswith(("weasyprint", "pypdf", "fontTools")) for name in imported)


@pytest.mark.slow
@pytest.mark.skipif(not (ROOT / ".git").exists(), reason="needs the git checkout to clone")
def test_fresh_clone_make_demo_builds_the_seed(tmp_path: Path) -> None:
    """The README's first command, on a fresh clone of the committed tree, as a new user meets it."""
    clone = tmp_path / "avitools"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    result = subprocess.run(["make", "demo"], cwd=clone, capture_output=True, text=True,
                            timeout=900, check=False)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "build/2024/avi-commentary-2024-08.pdf" in result.stdout
    pdf = clone / "build" / "2024" / "avi-commentary-2024-08.pdf"
    assert pdf.read_bytes().startswith(b"%PDF-")
