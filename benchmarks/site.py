"""The web edition's benchmark: `avi site` on 240 issues against Hugo on the same Markdown, measured in
one run (`python -m benchmarks.site`, called by `make bench`); prints a JSON report.

avitools' figure is a rerun that writes every page again with the PDFs built and the social cards,
fonts and search index kept (the pages are removed first), and with what the first run remembered
in the user's cache (each issue's reading, reference and body HTML); the same rerun with that memory
removed is reported beside it. Hugo's is `hugo` writing the same 240 manuscripts as pages with the
same citation tags. Every run is a fresh process; avitools' and Hugo's alternate.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.corpus import write_corpus

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "build" / "bench" / "site"
ROUNDS = 5  # the rewrite and Hugo, alternated (a fraction of a second each: noise is large)
COLD_ROUNDS = 3  # the rewrite without the site's memory, and the no-op
AVI = [sys.executable, "-m", "avitools"]
# avitools' user cache for these runs alone, so that the figures do not depend on this machine's.
ENV = {**os.environ, "XDG_CACHE_HOME": str(WORK / "cache")}
BASE = "https://example.org/commentary/"

HUGO_CONFIG = """baseURL = "https://example.org/commentary/"
title = "AVI Commentary"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
"""
# The same citation tags as avitools' issue pages, from the same front matter.
HUGO_SINGLE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title>
<meta name="citation_title" content="{{ .Title }}">
{{ range .Params.authors }}<meta name="citation_author" content="{{ .name }}">
{{ end }}<meta name="citation_publication_date" content="{{ .Date.Format "2006/01/02" }}">
<meta name="citation_journal_title" content="AVI Commentary">
<meta name="citation_issue" content="{{ .Params.issue }}">
<meta name="citation_language" content="en">
<meta name="citation_keywords" content="{{ delimit .Params.keywords "; " }}">
<meta name="citation_pdf_url" content="{{ .Permalink }}issue.pdf">
<meta property="og:title" content="{{ .Title }}"><meta property="og:url" content="{{ .Permalink }}">
</head><body><article><h1>{{ .Title }}</h1>
<p>{{ range .Params.authors }}{{ .name }} {{ end }}</p>
{{ .Content }}</article></body></html>
"""
HUGO_LIST = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
</body></html>
"""


def _project(count: int) -> Path:
    """A project with `count` synthetic manuscripts (their PDFs built) and its first site."""
    project = WORK / "project"
    if project.exists():
        shutil.rmtree(project)
    project.mkdir(parents=True)
    shutil.copy(ROOT / "avi.toml", project / "avi.toml")
    shutil.copytree(ROOT / "layouts", project / "layouts")
    (project / "fonts").symlink_to(ROOT / "fonts")
    write_corpus(project / "manuscripts", count)
    shutil.rmtree(WORK / "cache", ignore_errors=True)
    subprocess.run([*AVI, "build", "-j", "2"], cwd=project, check=True, capture_output=True, env=ENV)
    subprocess.run([*AVI, "site", "--no-epub", "--base-url", BASE], cwd=project, check=True,
                   capture_output=True, env=ENV)
    return project


def _hugo(project: Path) -> Path | None:
    """A Hugo site of the same manuscripts, or None without Debian's `hugo`."""
    if shutil.which("hugo") is None:
        return None
    site = WORK / "hugo"
    if site.exists():
        shutil.rmtree(site)
    (site / "layouts" / "_default").mkdir(parents=True)
    (site / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    (site / "layouts" / "_default" / "single.html").write_text(HUGO_SINGLE, encoding="utf-8")
    (site / "layouts" / "_default" / "list.html").write_text(HUGO_LIST, encoding="utf-8")
    (site / "layouts" / "index.html").write_text(HUGO_LIST, encoding="utf-8")
    shutil.copytree(project / "manuscripts", site / "content" / "issues")
    return site


def _timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, capture_output=True, env=ENV)
    return time.perf_counter() - start


def main() -> None:
    """Measure and print the report."""
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 240
    project = _project(count)
    folder = project / "build" / "site"
    hugo = _hugo(project)
    pages, theirs, cold = [], [], []
    for round_ in range(ROUNDS + COLD_ROUNDS):
        for page in folder.rglob("index.html"):
            page.unlink()
        if round_ >= ROUNDS:  # without the memory: every manuscript read, every reference formatted
            shutil.rmtree(WORK / "cache" / "avitools" / "site")
            cold.append(_timed([*AVI, "site", "--no-epub", "--base-url", BASE], project))
            continue
        pages.append(_timed([*AVI, "site", "--no-epub", "--base-url", BASE], project))
        if hugo is not None:
            shutil.rmtree(hugo / "public", ignore_errors=True)
            theirs.append(_timed(["hugo", "--quiet", "-d", "public"], hugo))
    before = {p: p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}
    noop = [_timed([*AVI, "site", "--no-epub", "--base-url", BASE], project)
            for _ in range(COLD_ROUNDS)]
    rewritten = sum(p.stat().st_mtime_ns != t for p, t in before.items())
    issues = sorted(folder.glob("[0-9]*/[0-9]*/index.html"))
    css = sum((folder / "assets" / n).stat().st_size for n in ("site.css", "fonts.css"))
    largest = max(p.stat().st_size for p in issues)
    hugo_pages = len(list((hugo / "public").rglob("index.html"))) if hugo is not None else 0
    print(json.dumps({
        "issues": len(issues), "pages_seconds": statistics.median(pages),
        "pages_cold_seconds": statistics.median(cold),
        "hugo_seconds": statistics.median(theirs) if theirs else None, "hugo_pages": hugo_pages,
        "hugo_ratio": statistics.median(a / b for a, b in zip(pages, theirs, strict=True))
        if theirs else None,
        "hugo_version": _version() if hugo is not None else None,
        "noop_seconds": statistics.median(noop), "noop_rewritten": rewritten,
        "largest_page_bytes": largest, "css_bytes": css,
        "khmer_css_bytes": (folder / "assets" / "khmer.css").stat().st_size
        if (folder / "assets" / "khmer.css").exists() else 0,
    }))


def _version() -> str:
    done = subprocess.run(["hugo", "version"], capture_output=True, text=True, check=False,
                          env={**os.environ})
    return done.stdout.split()[1] if done.stdout.split()[1:] else "?"


if __name__ == "__main__":
    main()
