"""The build benchmark: avitools against pandoc and against WeasyPrint alone, measured in one run.

Run it with `make bench` (or `python -m benchmarks.bench_build`). It writes docs/performance.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

from benchmarks.corpus import write_corpus

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "build" / "bench"
AVI = [sys.executable, "-m", "avitools"]


ROUNDS = 3  # the comparisons that decide a target are repeated, alternated, and their median taken


def _median(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The run of median wall time."""
    return sorted(runs, key=lambda run: run["seconds"])[len(runs) // 2]


def measure(command: list[str], env: dict[str, str] | None = None,
            codes: tuple[int, ...] = (0,)) -> dict[str, Any]:
    """Wall seconds and peak RSS (MiB) of the command's whole process tree (`codes`: the exit
    codes that count as a run)."""
    done = subprocess.run([sys.executable, "-m", "benchmarks.measure", *command], cwd=ROOT,
                          capture_output=True, text=True, check=True, env=env)
    result: dict[str, Any] = json.loads(done.stdout)
    if result["code"] not in codes:
        raise SystemExit(f"failed: {' '.join(command)}\n{result['stderr']}")
    return result


def prepare_html(sources: list[Path], folder: Path) -> list[Path]:
    """The exact HTML avitools hands WeasyPrint, for the WeasyPrint-alone floor."""
    code = (
        "import sys, pathlib\n"
        "from avitools.config import load_project\n"
        "from avitools.read import read_manuscript\n"
        "from avitools.render.pdf import prepared_html\n"
        "project = load_project(pathlib.Path(sys.argv[1]))\n"
        "out = pathlib.Path(sys.argv[2])\n"
        "for source in sys.argv[3:]:\n"
        "    article = read_manuscript(pathlib.Path(source), project)\n"
        "    (out / (pathlib.Path(source).stem + '.html')).write_text(prepared_html(project, article))\n"
    )
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-c", code, str(ROOT), str(folder), *map(str, sources)],
                   check=True, cwd=ROOT)
    return sorted(folder.glob("*.html"))


def second_passes(sources: list[Path], patched: bool = True) -> int:
    """How many manuscripts are laid out with a footnote away from its call at first: with
    avitools' placement patch of WeasyPrint (a second pass each), or without it."""
    code = (
        "import sys, pathlib\n"
        "from avitools.render import engine as footnotes\n"
        "from avitools.config import load_project\n"
        "from avitools.read import read_manuscript\n"
        "from avitools.render.pdf import _Job\n"
        "project = load_project(pathlib.Path(sys.argv[1]))\n"
        "count = 0\n"
        "for source in sys.argv[2:]:\n"
        "    job = _Job(project, read_manuscript(pathlib.Path(source), project))\n"
        "    html = job.wp.HTML(string=job.html(), base_url=job.base, url_fetcher=job.fetcher)\n"
        "    layout = html.render(font_config=job.fonts, stylesheets=[job.css])\n"
        "    count += bool(footnotes.displaced_notes(layout))\n"
        "print(count)\n"
    )
    engine = {"AVI_ENGINE": "full" if patched else "stock"}  # stock: WeasyPrint's own placement
    done = subprocess.run([sys.executable, "-c", code, str(ROOT), *map(str, sources)],
                          capture_output=True, text=True, check=True, cwd=ROOT,
                          env={**os.environ, **engine})
    return int(done.stdout)


def pandoc_baseline(sources: list[Path], out: Path) -> dict[str, Any] | None:
    """Each manuscript in its own `pandoc --pdf-engine=weasyprint` process, one after another."""
    if shutil.which("pandoc") is None:
        return None
    out.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}
    script = " && ".join(
        f"pandoc '{s}' -s --metadata lang=en --pdf-engine=weasyprint -o '{out / (s.stem + '.pdf')}'"
        for s in sources)
    return measure(["sh", "-c", script], env)


def against_pandoc(sources: list[Path], folder: Path,
                   out: Path) -> tuple[dict[str, Any], dict[str, Any] | None, float | None]:
    """`avi build -j 2` of the manuscripts and the pandoc runs on them, alternated for ROUNDS
    rounds: the median build, the median pandoc run, and the median of the rounds' ratios
    (pandoc's time over the build's; None without pandoc)."""
    builds, runs = [], []
    for _ in range(ROUNDS):
        builds.append(measure([*AVI, "build", str(folder), "-o", str(out), "-j", "2", "--force"]))
        run = pandoc_baseline(sources, WORK / "pandoc")
        if run is not None:
            runs.append(run)
    if not runs:
        return _median(builds), None, None
    ratio = statistics.median(r["seconds"] / b["seconds"] for b, r in zip(builds, runs, strict=True))
    return _median(builds), _median(runs), ratio


def machine() -> str:
    cpu = "unknown processor"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    from importlib.metadata import version

    return (f"{os.cpu_count()} cores ({cpu}), {memory:.0f} GiB, {platform.system()} "
            f"{platform.release()}, Python {platform.python_version()}, WeasyPrint {version('weasyprint')}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--large", type=int, default=240, help="size of the large archive")
    parser.add_argument("--small", type=int, default=24, help="size of the small archive")
    args = parser.parse_args()
    shutil.rmtree(WORK, ignore_errors=True)
    small = write_corpus(WORK / "small", args.small)
    large = write_corpus(WORK / "large", args.large)
    rows: dict[str, dict[str, Any]] = {}
    for name, folder, count in (("small", WORK / "small", args.small), ("large", WORK / "large", args.large)):
        for jobs in (1, 2):
            if (name, jobs) in (("large", 1), ("small", 2)):
                continue  # measured below, alternated with the floor and with pandoc
            out = WORK / f"out-{name}-j{jobs}"
            print(f"building {count} manuscripts with -j {jobs} ...", file=sys.stderr)
            rows[f"build {count}, -j {jobs}"] = measure(
                [*AVI, "build", str(folder), "-o", str(out), "-j", str(jobs), "--force"]) | {"count": count}
    print(f"pandoc baseline, alternated with building the {args.small} (-j 2) ...", file=sys.stderr)
    small_j2, pandoc, pandoc_ratio = against_pandoc(small, WORK / "small", WORK / "out-small-j2")
    rows[f"build {args.small}, -j 2 (median of {ROUNDS})"] = small_j2 | {"count": args.small}
    print(f"the print book of {args.small}, alternated with building its issues ...", file=sys.stderr)
    books, issues = [], []
    for _ in range(ROUNDS):  # one pair per round: the ratio of each pair, and their median
        books.append(measure([*AVI, "anthology", "2000", "--from", str(WORK / "small"), "-o",
                              str(WORK / "book.pdf")]))
        issues.append(measure([*AVI, "build", str(WORK / "small"), "-o", str(WORK / "out-small-j1"),
                               "-j", "1", "--force"]))
    rows[f"print book of {args.small} (avi anthology --format pdf, median of {ROUNDS})"] = (
        _median(books) | {"count": args.small})
    book_ratio = statistics.median(b["seconds"] / i["seconds"] for b, i in zip(books, issues, strict=True))
    print(f"AVI_ENGINE=stock, alternated with the default engine on the {args.small} ...", file=sys.stderr)
    stock_runs, full_runs = [], []
    stock_env = {**os.environ, "AVI_ENGINE": "stock"}
    for _ in range(ROUNDS):  # stock refuses by F001 what its text layer cannot give back: code 1
        full_runs.append(measure([*AVI, "build", str(WORK / "small"), "-o", str(WORK / "out-full"),
                                  "-j", "2", "--force"]))
        stock_runs.append(measure([*AVI, "build", str(WORK / "small"), "-o", str(WORK / "out-stock"),
                                   "-j", "2", "--force"], env=stock_env, codes=(0, 1)))
    rows[f"build {args.small}, -j 2, AVI_ENGINE=stock (median of {ROUNDS})"] = (
        _median(stock_runs) | {"count": args.small})
    stock_ratio = statistics.median(s["seconds"] / f["seconds"]
                                    for s, f in zip(stock_runs, full_runs, strict=True))
    print("no-op rebuild ...", file=sys.stderr)
    rows[f"no-op rebuild of {args.large}"] = _median(
        [measure([*AVI, "build", str(WORK / "large"), "-o", str(WORK / "out-large-j2")])
         for _ in range(ROUNDS)]) | {"count": args.large}
    print("checking the small archive ...", file=sys.stderr)
    rows[f"avi check of {args.small} PDFs"] = measure(
        [*AVI, "check", str(WORK / "out-small-j2")]) | {"count": args.small}
    print(f"WeasyPrint-alone floor, alternated with building the {args.large} (-j 1) ...", file=sys.stderr)
    pages = prepare_html(large, WORK / "html")
    floors, builds = [], []
    for _ in range(ROUNDS):  # one pair per round: the ratio of each pair, and their median
        floor_run = subprocess.run(
            [sys.executable, "-m", "benchmarks.floor", str(ROOT / "fonts"),
             str(ROOT / "layouts" / "commentary" / "style.css"), *map(str, pages)],
            capture_output=True, text=True, check=True, cwd=ROOT)
        floors.append(json.loads(floor_run.stdout))
        builds.append(measure([*AVI, "build", str(WORK / "large"), "-o", str(WORK / "out-large-j1"),
                               "-j", "1", "--force"]) | {"count": args.large})
    rows[f"build {args.large}, -j 1 (median of {ROUNDS})"] = _median(builds)
    floor = sorted(floors, key=lambda run: run["seconds"])[ROUNDS // 2]
    floor_ratio = statistics.median(b["seconds"] / args.large / f["per_document"]
                                    for b, f in zip(builds, floors, strict=True))
    print("counting second layout passes ...", file=sys.stderr)
    relaid = second_passes(large), second_passes(large, patched=False)
    print("the build's own checks ...", file=sys.stderr)
    checked = json.loads(subprocess.run([sys.executable, "-m", "benchmarks.checks", *map(str, small)],
                                        capture_output=True, text=True, check=True, cwd=ROOT).stdout)
    print("what Khmer costs ...", file=sys.stderr)
    khmer = json.loads(subprocess.run([sys.executable, "-m", "benchmarks.khmer", "9"],
                                      capture_output=True, text=True, check=True, cwd=ROOT).stdout)
    print("avi watch, save to PDF ...", file=sys.stderr)
    watched = json.loads(subprocess.run([sys.executable, "-m", "benchmarks.watch"], capture_output=True,
                                        text=True, check=True, cwd=ROOT).stdout)
    print(f"the web edition of {args.large} issues, against Hugo ...", file=sys.stderr)
    site = json.loads(subprocess.run([sys.executable, "-m", "benchmarks.site", str(args.large)],
                                     capture_output=True, text=True, check=True, cwd=ROOT).stdout)
    report = render_report(rows, pandoc, floor, args.small, args.large, relaid, checked, watched, khmer,
                           (book_ratio, floor_ratio, pandoc_ratio, stock_ratio), site)
    (ROOT / "docs" / "performance.md").write_text(report, encoding="utf-8")
    print(report)


def render_report(rows: dict[str, dict[str, Any]], pandoc: dict[str, Any] | None,
                  floor: dict[str, Any], small: int, large: int, relaid: tuple[int, int],
                  checked: dict[str, Any], watched: dict[str, Any], khmer: dict[str, Any],
                  ratios: tuple[float, float, float | None, float],
                  site: dict[str, Any] | None = None) -> str:
    book_ratio, floor_ratio, pandoc_ratio, stock_ratio = ratios

    def sec(key: str) -> float:
        return float(rows[key]["seconds"])

    lines = [
        "# Performance",
        "",
        f"Measured by `make bench` on {dt.date.today().isoformat()}: {machine()}.",
        "Every number below comes from that one run; ratios compare measurements of the same run.",
        "",
        "| run | wall (s) | per manuscript (s) | peak memory (MiB) |",
        "| --- | ---: | ---: | ---: |",
    ]
    for key, row in rows.items():
        count = row["count"]
        lines.append(f"| {key} | {row['seconds']:.2f} | {row['seconds'] / count:.3f} "
                     f"| {row['peak_mib']:.0f} |")
    if pandoc is not None:
        lines.append(f"| pandoc --pdf-engine=weasyprint, {small} separate runs (median of {ROUNDS}) "
                     f"| {pandoc['seconds']:.2f} | "
                     f"{pandoc['seconds'] / small:.3f} | {pandoc['peak_mib']:.0f} |")
    lines.append(f"| WeasyPrint alone, same HTML, one warm process ({large}, median of {ROUNDS}) "
                 f"| {floor['seconds']:.2f} | "
                 f"{floor['per_document']:.3f} | {floor['peak_mib']:.0f} |")
    large_j1 = f"build {large}, -j 1 (median of {ROUNDS})"
    checks = [
        (f"-j 2 against -j 1, {large} manuscripts",
         sec(large_j1) / sec(f"build {large}, -j 2"), ">= 1.7x"),
        (f"per-manuscript time against the WeasyPrint-alone floor ({large}, -j 1), median of "
         f"{ROUNDS} alternated pairs", floor_ratio, "<= 1.10x"),
        (f"no-op rebuild of {large}: wall", sec(f"no-op rebuild of {large}"), "< 0.5 s"),
        ("no-op rebuild against building them (-j 2)",
         sec(f"build {large}, -j 2") / sec(f"no-op rebuild of {large}"), ">= 50x"),
        (f"peak memory, {large} against {small} manuscripts (-j 2)",
         rows[f"build {large}, -j 2"]["peak_mib"]
         / rows[f"build {small}, -j 2 (median of {ROUNDS})"]["peak_mib"],
         "flat (about 1.0x)"),
        ("avi check, per PDF", sec(f"avi check of {small} PDFs") / small, "well under 1 s"),
        (f"the print book of {small} against building the {small} issues (-j 1), median of "
         f"{ROUNDS} alternated pairs", book_ratio, "<= 1.3x"),
        (f"the print book of {small}: peak memory (MiB)",
         rows[f"print book of {small} (avi anthology --format pdf, median of {ROUNDS})"]["peak_mib"],
         "< 400"),
        (f"the build's own checks against rendering and checking, {small} manuscripts, one process "
         "(median of 3 rounds), PDF/UA rules U001-U012 included", checked["share_median"],
         "<= 0.10x"),
        (f"the build's own checks against avi build -j 1 of the same {small} (a fresh process)",
         checked["check_seconds"] / sec(f"build {small}, -j 1"), "<= 0.10x"),
        ("avi watch: from saving the seed to its new PDF on disk (median of 9): wall",
         watched["save_to_pdf_median"], "<= 0.4 s"),
        ("a cold avi build of the seed (median of 5): wall", watched["cold_build_median"],
         "for comparison"),
        ("the first avi build of the seed on a machine, the user's cache empty (median of 3): wall",
         watched["first_build_median"], "for comparison"),
        (f"Khmer issues ({khmer['issues']}, checks included) with ICU word breaks and the text-layer "
         "extension, against syllable breaks and WeasyPrint's own text layer, one warm process",
         khmer["ratio"], "<= 1.10x"),
        (f"AVI_ENGINE=stock (no extension: untagged, no text layer) against the default engine, "
         f"{small} manuscripts, -j 2, median of {ROUNDS} alternated pairs", stock_ratio,
         "for comparison"),
    ]
    if watched["cold_against_pandoc"] is not None:
        checks.append(("a cold avi build of the seed against one pandoc run on it, median of 5 "
                       "alternated pairs", watched["cold_against_pandoc"], "<= 0.9x"))
    if pandoc_ratio is not None:
        checks.insert(0, (f"{small} manuscripts, -j 2, against {small} separate pandoc runs, median of "
                          f"{ROUNDS} alternated pairs", pandoc_ratio, ">= 8x"))
    if site is not None:
        checks += [
            (f"avi site: the pages of {site['issues']} issues written again (PDFs built, cards, fonts and "
             "search kept, the site's memory of each issue too), median of 5: wall", site["pages_seconds"],
             "for comparison"),
            ("the same without the site's memory (every manuscript read, every reference formatted), "
             "median of 3: wall", site["pages_cold_seconds"], "for comparison"),
            (f"a no-op avi site of {site['issues']} issues (median of 3; files rewritten: "
             f"{site['noop_rewritten']}): wall", site["noop_seconds"], "<= 0.3 s"),
            ("the largest issue page with its stylesheets, fonts apart (KiB)",
             (site["largest_page_bytes"] + site["css_bytes"]) / 1024, "<= 30 KiB"),
        ]
        if site["hugo_seconds"] is not None:
            checks.append((f"avi site against Hugo {site['hugo_version']} writing the same "
                           f"{site['issues']} manuscripts as pages with the same citation tags (Hugo: "
                           f"{site['hugo_seconds']:.3f} s), median of 5 alternated pairs",
                           site["hugo_ratio"], "<= 3x"))
    lines += ["", "| target | measured | wanted |", "| --- | ---: | --- |"]
    for name, value, wanted in checks:
        unit = " s" if "wall" in name or "per PDF" in name else "" if "MiB" in name or "KiB" in name \
            else "x"
        digits = 3 if value < 2 else 2  # a ratio near its target is shown to the thousandth
        lines.append(f"| {name} | {value:.{digits}f}{unit} | {wanted} |")
    if pandoc is None:
        lines += ["", "pandoc is not installed (Debian: `apt-get install pandoc`): "
                  "the pandoc baseline was skipped."]
    lines += [
        "",
        "Notes: the synthetic manuscripts are of seed length (about 1,050 words, five sections), a third",
        "with two authors and some with footnotes (`benchmarks/corpus.py`). Each build runs the real CLI",
        "in a fresh process (`--force`), so its time includes start-up and imports. Peak memory is the",
        "largest resident set of any process in the build's process tree. The pandoc runs go one after",
        f"another, as a shell loop would run them; the {small} of them and `avi build -j 2` of the same",
        f"{small} alternate for {ROUNDS} rounds, and the median of the rounds' ratios is reported.",
        "",
        "Start-up: a cold `avi build` is mostly start-up. What costs the same in every process is kept",
        "in the user's cache (`~/.cache/avitools`) by the first build on a machine and read back by",
        "the next: WeasyPrint's C declarations compiled by cffi (plain tables, not code), Pyphen's",
        "parsed hyphenation patterns, the layout's compiled templates and the fonts' coverage tables.",
        "The cold builds above run with that cache filled, as",
        "an officer's do after the first; the first build on a machine is shown beside them. `make",
        "bench` byte-compiles avitools' modules first (`make bytecode`), as pip does for an installed",
        "package: the editable install would otherwise compile them in every process where",
        "PYTHONDONTWRITEBYTECODE is set, as it is on this machine.",
        "",
        "What avitools does beyond WeasyPrint alone: it reads and validates the manuscript and checks",
        "every character against the house fonts, draws its text layer and tags and keeps the house",
        "rules of hyphenation (names whole, no word broken across a page turn) with its extensions of",
        "WeasyPrint, and reads every PDF back for the build's checks. Footnotes: stock WeasyPrint 70",
        "moves a placed footnote to the next page to make room for a paragraph's orphans or widows,",
        "away from its call;",
        f"it would have done so in {relaid[1]} of the {large} manuscripts. avitools' one-line patch of",
        "that decision (`avitools/render/footnotes.py`) keeps notes of `footnote-policy: line` with their",
        f"calls in the first layout; {relaid[0]} of the {large} needed a second layout pass here. The",
        "floor's PDFs of those manuscripts keep the misplaced notes. Each pair of the floor and the",
        "build runs one after the other, and the median of the pairs' ratios is reported: timings on",
        "this machine vary by a quarter from one run to the next.",
        "",
        "What avitools does faster than WeasyPrint alone: the floor is WeasyPrint as released. avitools",
        "draws each line's glyphs from Pango's glyph array read as one block of memory, each distinct run",
        "of glyphs once per PDF (`avitools/render/glyphs.py`, the same bytes as WeasyPrint's own loop;",
        "about 5 % of a PDF's time in one process). It skips layouts WeasyPrint makes only to discard:",
        "the 14 margin boxes of a page that have no content (`avitools/render/margins.py`), and a line's",
        "second Pango layout with the next word or part of it added when the glyphs Pango already made",
        "show it cannot fit (`avitools/render/linebreak.py`); with the same bytes, these two save about",
        "4 % of a PDF's time in one process. It sets up each Pango layout from a context, font",
        "description and features made once per style, and none for a justified box only to drop it",
        "(`avitools/render/pangosetup.py`, about 4 %), and takes a computed style value no stylesheet",
        "sets, the parent's or the initial one, by a short way (`avitools/render/computedstyle.py`,",
        "about 2 %), and keeps an inline box's resolved lengths and a style's strut on the style",
        "(`avitools/render/engine/usedvalues.py`, about 2 %), all with the same bytes. So part of what",
        "the build does beyond the floor is paid",
        "for by doing the floor's own work in less time. (The floor writes no fixed file identifier;",
        "avitools writes one and, with `avitools/render/serialize.py`, still serializes each object",
        "once, as the floor does.) A parallel build reads the manuscripts in a process of its own (its",
        "pipe holds a year's readings, so it never waits) while it loads WeasyPrint, the fonts and the",
        "stylesheets once, and forks its workers ready. The settings validated by an earlier command",
        "are read back from the cache, so the build does not load pydantic (`avitools/config.py`).",
        "",
        "The print book runs `avi anthology 2000 --format pdf` on the 24 manuscripts of the small archive",
        "in a fresh process, checks included (the book rules and the fidelity rule for every issue); it is",
        "compared with `avi build -j 1 --force` of the same 24 in the same run. The Khmer figure builds the",
        "three Khmer commentaries of `tests/data/khmer` in one warm process, nine rounds each way,",
        "alternating: with ICU's word boundaries and the text-layer extension, and without them (a",
        "zero-width space before every syllable, WeasyPrint's own text drawing), checks included",
        "(`benchmarks/khmer.py`).",
        "",
        "The web edition: `benchmarks/site.py` writes the 240 manuscripts' site once (PDFs built, social",
        "cards, fonts and search index made), then removes every page and runs `avi site` again, in a",
        "fresh process, five times alternated with Debian's `hugo` writing the same manuscripts as",
        "pages with the same citation tags; then three times with the site's memory removed; then three",
        "reruns with nothing changed. The site's memory (`avitools/sitecache.py`, in the user's cache)",
        "keeps what a page is made from and costs most to make again: each issue's reading, its",
        "reference as citeproc-py formats it (about 15 ms an issue), its body and notes as HTML, each",
        "under a key of everything it comes from (the manuscript and the files it uses, the settings,",
        "layouts, fonts, the code and the libraries' versions). Every page is still rendered from the",
        "templates, its metadata and JSON-LD made, and written; with the inputs as the last run left",
        "them, the PDFs it recorded are used without a second look. Hugo's pages carry the Markdown",
        "and the tags only: no PDF link checked, no reference formatted, no search index, no Khmer",
        "segmentation; Hugo keeps no memory between runs and reads the Markdown each time.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
