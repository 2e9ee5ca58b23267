"""Ace by DAISY on anthologies of the test fixtures: no accessibility violation of any severity.

Run by `make a11y`, which installs Ace (tests/a11y/package.json, with Debian's Chromium) first; the
file's name keeps it out of `make test`. A missing Ace is a failure here, never a skip.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.helpers import ROOT, run_avi

ACE = ROOT / "tests" / "a11y" / "node_modules" / ".bin" / "ace-cli"
KHMER = ROOT / "tests" / "data" / "khmer"


def books(tmp: Path) -> dict[str, Path]:
    """The fixtures' anthologies: English (with tables, lists, notes), Khmer, and an English year
    with a Khmer issue among its chapters."""
    english = tmp / "en"
    english.mkdir()
    for source in [*(ROOT / "manuscripts" / "2024").glob("*.md"),
                   *(ROOT / "tests" / "data" / "manuscripts").glob("*.md")]:
        shutil.copy(source, english / source.name)
    mixed = tmp / "mixed"
    shutil.copytree(english, mixed)
    khmer_issue = (KHMER / "2025-01-asean-integration.md").read_text(encoding="utf-8")
    khmer_issue = re.sub(r"(?m)^date: 2025-", "date: 2024-", khmer_issue)
    khmer_issue = re.sub(r"(?m)^issue: \d+$", "issue: 9", khmer_issue)
    (mixed / "2024-09-khmer.md").write_text(khmer_issue, encoding="utf-8")
    made = {}
    for name, year, folder in (("english", "2024", english), ("khmer", "2025", KHMER),
                               ("mixed", "2024", mixed)):
        target = tmp / f"{name}.epub"
        result = run_avi("anthology", year, "--from", folder, "-o", target)
        assert result.exit_code == 0, result.output
        made[name] = target
    return made


@pytest.fixture(scope="module")
def anthologies(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return books(tmp_path_factory.mktemp("a11y"))


@pytest.mark.parametrize("name", ["english", "khmer", "mixed"])
def test_ace_finds_no_violation(anthologies: dict[str, Path], name: str, tmp_path: Path) -> None:
    assert ACE.exists(), "Ace is not installed: run make a11y"
    chromium = shutil.which("chromium")
    assert chromium, "Debian's chromium is not installed: run make a11y"
    env = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": chromium}
    result = subprocess.run([str(ACE), "--silent", "-f", "-o", str(tmp_path / "report"),
                             str(anthologies[name])], capture_output=True, text=True, env=env,
                            timeout=600, check=False)
    report = tmp_path / "report" / "report.json"
    assert report.exists(), result.stdout + result.stderr
    data = json.loads(report.read_text(encoding="utf-8"))
    violations = [(doc["earl:testSubject"]["url"], check["earl:test"]["dct:title"],
                   check["earl:test"]["earl:impact"])
                  for doc in data.get("assertions", []) for check in doc.get("assertions", [])]
    assert violations == []
    assert data["earl:result"]["earl:outcome"] == "pass"
