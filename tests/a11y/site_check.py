"""The web edition judged from outside: the Nu HTML Checker (vnu) on every page; axe-core in Debian's
Chromium (headless) on the home, archive, year, author, keyword, search and issue pages, English and
Khmer, light and dark; no page wider than the window at 360 and 1280 px; searches for an English
word and a Khmer word from inside a spaceless run, served from 127.0.0.1.

Run by `make a11y`, which installs vnu, axe-core and puppeteer-core (tests/a11y/package.json) and
Chromium first; the file's name keeps it out of `make test`. A missing judge is a failure here.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from avitools.serve import server
from avitools.text import khmer_words
from tests.helpers import ROOT, run_avi

HERE = ROOT / "tests" / "a11y"
VNU = HERE / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
BASE = "https://example.org/commentary/"
KHMER_ISSUE = ROOT / "tests" / "data" / "khmer" / "2025-02-mekong-water-data.md"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The web edition of the English and Khmer fixtures, with each year's EPUB."""
    root = tmp_path_factory.mktemp("site")
    for name in ("avi.toml", "layouts"):
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy)(ROOT / name, root / name)
    (root / "fonts").symlink_to(ROOT / "fonts")
    shutil.copytree(ROOT / "manuscripts" / "2024", root / "manuscripts" / "2024")
    for source in (ROOT / "tests" / "data" / "manuscripts").glob("*.md"):
        shutil.copy(source, root / "manuscripts" / "2024" / source.name)
    shutil.copytree(ROOT / "tests" / "data" / "khmer", root / "manuscripts" / "2025")
    here = Path.cwd()
    os.chdir(root)
    try:
        result = run_avi("site", "--base-url", BASE)
        assert result.exit_code == 0, result.output
        yield root / "build" / "site"
    finally:
        os.chdir(here)


def test_each_issue_links_its_years_epub(site: Path) -> None:
    for year, issue in (("2024", "08"), ("2025", "02")):
        page = (site / year / issue / "index.html").read_text(encoding="utf-8")
        assert f'href="../avi-commentary-{year}.epub"' in page
        assert (site / year / f"avi-commentary-{year}.epub").read_bytes()[:2] == b"PK"


def test_the_nu_html_checker_finds_no_error(site: Path) -> None:
    assert VNU.exists(), "vnu is not installed: run make a11y"
    pages = sorted(str(p) for p in site.rglob("*.html"))
    kinds = {re.sub(r"\d+", "N", str(Path(p).relative_to(site).parent)) for p in pages}
    assert {"N/N", "N", ".", "archive", "search"} <= kinds  # every kind of page is judged
    done = subprocess.run(["java", "-jar", str(VNU), "--format", "json", "--errors-only", *pages],
                          capture_output=True, text=True, timeout=600, check=False)
    messages = json.loads(done.stderr or done.stdout)["messages"]
    assert [(Path(m.get("url", "")).name, m.get("message")) for m in messages] == []
    assert done.returncode == 0


def _khmer_word() -> tuple[str, str]:
    """A word from the middle of a spaceless Khmer run of the fixture that no other Khmer fixture
    holds, and the run."""
    text = KHMER_ISSUE.read_text(encoding="utf-8").split("---", 2)[2]
    others = "".join(p.read_text(encoding="utf-8") for p in KHMER_ISSUE.parent.glob("*.md")
                     if p != KHMER_ISSUE)
    for run in sorted(re.findall(r"[\u1780-\u17ff]{40,}", text), key=len, reverse=True):
        words = khmer_words(run)
        inner = [w for w in words[1:-1] if len(w) >= 4 and w not in others]
        if inner:
            return inner[len(inner) // 2], run
    raise AssertionError("the Khmer fixture has no word of its own inside a run")


def test_in_a_browser(site: Path, tmp_path: Path) -> None:
    chromium = shutil.which("chromium")
    assert chromium, "Debian's chromium is not installed: run make a11y"
    http = server(site, 0)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{http.server_address[1]}/"
    author = next(p.parent.name for p in (site / "authors").glob("*/index.html"))
    keyword = next(p.parent.name for p in (site / "keywords").glob("*/index.html"))
    khmer_author = next(p.parent.name for p in (site / "authors").glob("*/index.html")
                        if re.search("<h1[^>]*>[^<]*[\u1780-\u17ff]", p.read_text(encoding="utf-8")))
    word, run = _khmer_word()
    assert not run.startswith(word)
    issues = ["2024/08/", "2024/11/", "2024/12/", "2025/01/", "2025/02/", "2025/03/"]
    job = {"chromium": chromium, "base": base,
           "axe": ["", "archive/", "2024/", "2025/", f"authors/{author}/", f"authors/{khmer_author}/",
                   f"keywords/{keyword}/", "search/", *issues],
           "widths": issues,
           "searches": ["ASEAN", word, "zzqxjvkw"]}
    (tmp_path / "job.json").write_text(json.dumps(job, ensure_ascii=False), encoding="utf-8")
    try:
        done = subprocess.run(["node", str(HERE / "site_browser.mjs"), str(tmp_path / "job.json")],
                              capture_output=True, text=True, timeout=900, check=False, cwd=HERE)
    finally:
        http.shutdown()
        http.server_close()
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert len(report["axe"]) == 2 * len(job["axe"])
    assert [(r["path"], r["scheme"], v) for r in report["axe"] for v in r["violations"]] == []
    for seen in report["widths"]:
        assert seen["scrollWidth"] <= seen["innerWidth"], seen
        assert not {"hidden", "clip"} & set(seen["overflow"]), seen
        assert seen["outside"] == [], seen  # no request to any other host
        assert "Noto Serif" in seen["fonts"], seen  # the site's own fonts
    english, khmer, nothing = report["searches"]
    assert all(s["errors"] == [] for s in report["searches"]), report["searches"]
    assert "/2024/12/" in [p[p.index("/20"):] for p in english["links"]]
    assert [p[p.index("/20"):] for p in khmer["links"]] == ["/2025/02/"], (word, khmer)
    assert nothing["links"] == []
