"""The `avi` command line: parse options, call one library function, report."""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from avitools import __version__
from avitools.errors import AviError, Debug, relative

T = TypeVar("T")
# The variants WeasyPrint 70 writes; listed here so that `avi --help` need not import it.
KNOWN_VARIANTS = ("pdf/a-1b", "pdf/a-2b", "pdf/a-3b", "pdf/a-2u", "pdf/a-3u", "pdf/a-4u",
                  "pdf/a-1a", "pdf/a-2a", "pdf/a-3a", "pdf/a-4e", "pdf/a-4f", "pdf/ua-1", "pdf/ua-2",
                  "pdf/x-1a", "pdf/x-3", "pdf/x-4", "pdf/x-5g", "debug")
VARIANT_HELP = "PDF variant: pdf/ua-1 (default, tagged), pdf/a-3b, pdf/a-3a, pdf/a-2b, pdf/x-4 …"


class _State:
    debug = False


def _fail(lines: list[str]) -> None:
    for line in lines:
        click.echo(line, err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="avi")
@click.option("--debug", is_flag=True, help="Show tracebacks for unexpected failures.")
@click.option("--engine", type=click.Choice(["full", "correct", "stock"]), default=None,
              help="WeasyPrint with all of avitools' extensions (full, the default), without the "
                   "speed ones (correct), or with none (stock: untagged PDFs, Khmer refused by "
                   "F001). Same as the AVI_ENGINE variable.")
def main(debug: bool, engine: str | None) -> None:
    """avitools: house-style PDFs and e-books for the Asian Vision Institute."""
    _State.debug = debug
    Debug.on = debug
    if engine is not None:  # read by every process the command starts
        os.environ["AVI_ENGINE"] = engine


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Write under this folder instead of the project's build/.")
@click.option("--pdf-variant", "variant", default="pdf/ua-1", show_default=True,
              help=VARIANT_HELP)
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Render in this many worker processes (default: the number of cores).")
@click.option("--force", is_flag=True, help="Rebuild every PDF, changed or not.")
@click.option("--rebuild-older", is_flag=True,
              help="Also rebuild PDFs made by an earlier avitools or WeasyPrint (otherwise kept "
                   "as published; avi list shows them as 'older renderer').")
def build(paths: tuple[Path, ...], out_dir: Path | None, variant: str, jobs: int | None,
          force: bool, rebuild_older: bool) -> None:
    """Build the PDF of each manuscript in PATHS (files or folders; default: manuscripts/).

    Only manuscripts whose text, images, layout, fonts, settings or engine mode
    changed are rebuilt; an upgrade of avitools or WeasyPrint alone rebuilds
    nothing unless --rebuild-older (or --force) is given. Prints each written PDF's
    path on stdout, one per line, and a summary on stderr. Exit code 0 when all were
    built, 1 when any manuscript failed, 2 for wrong usage.
    """
    from avitools.build import BuildOptions
    from avitools.build import build as run_build
    from avitools.config import load_project
    from avitools.progress import BuildProgress

    if variant not in KNOWN_VARIANTS:
        raise click.BadParameter(f"'{variant}' is not one of {', '.join(KNOWN_VARIANTS)}",
                                 param_hint="'--pdf-variant'")
    project = _run(load_project)
    options = BuildOptions(paths, out_dir, variant, jobs, force, rebuild_older)
    with BuildProgress() as progress:
        report = _run(lambda: run_build(project, options, progress.update))
    _fail(report.warnings)
    for result in report.results:
        _fail(result.warnings)
        for problem in result.problems:
            _fail([str(problem)])
    click.echo(progress.summary(report), err=True)
    sys.exit(0 if all(r.ok for r in report.results) else 1)


@main.command(name="check")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--site", "site", type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="Check a web edition's folder (written by avi site): each issue page gives back "
                   "its manuscript and carries its metadata, every link inside it resolves.")
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON (docs/checks.md).")
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option("--baseline", type=click.Path(file_okay=False, path_type=Path),
              help="Compare each PDF's layout with the approved snapshot in this folder.")
@click.option("--render-diff", "pictures", type=click.Path(file_okay=False, path_type=Path),
              help="With --baseline: write approved | new | difference PNGs of changed pages here.")
@click.option("--manuscript", type=click.Path(exists=True, path_type=Path),
              help="Hold the PDF to this manuscript: every word in order (F001), its page limit; "
                   "a book to the folder of its year's manuscripts.")
def check_command(paths: tuple[Path, ...], site: Path | None, as_json: bool, strict: bool,
                  baseline: Path | None, pictures: Path | None, manuscript: Path | None) -> None:
    """Check PDFs in PATHS (files or folders) against the house style.

    Prints one line per finding: file, page, code, severity and message. Exit code 0
    when no error was found (warnings allowed unless --strict), 1 when any was, 2 for
    wrong usage. The rules are listed in docs/checks.md.
    """
    import json

    from avitools.check.findings import Severity
    from avitools.check.run import check
    from avitools.config import load_project

    if not paths and site is None:
        raise click.UsageError("give the PDFs or EPUBs to check, or --site FOLDER")
    if pictures is not None and baseline is None:
        raise click.UsageError("--render-diff needs --baseline")
    if baseline is not None and not baseline.is_dir():
        raise click.BadParameter(f"'{baseline}' is not a folder", param_hint="'--baseline'")
    if manuscript is not None and (len(paths) != 1 or paths[0].suffix.lower() != ".pdf"):
        raise click.UsageError("--manuscript goes with one PDF")
    report = _run(lambda: check(load_project(), list(paths), baseline, pictures, manuscript, site))
    if as_json:
        click.echo(json.dumps(report.as_json(), indent=1, ensure_ascii=False))
    else:
        for found in report.files.values():
            for item in found:
                click.echo(str(item))
        for picture in report.pictures:
            click.echo(f"picture diff: {relative(picture)}")
        errors, warnings = report.count(Severity.ERROR), report.count(Severity.WARNING)
        click.echo(f"{len(report.files)} file(s) checked: {errors} error(s), {warnings} warning(s)")
    failed = report.count(Severity.ERROR) or (strict and report.count(Severity.WARNING))
    sys.exit(1 if failed else 0)


@main.command()
@click.argument("pdfs", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False,
                                                                   path_type=Path))
@click.option("--into", "folder", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="The folder of approved snapshots, e.g. tests/layout/.")
def snapshot(pdfs: tuple[Path, ...], folder: Path) -> None:
    """Record the layout of approved PDFS as snapshots (JSON plus a copy of the PDF).

    Prints each snapshot written. `avi check --baseline FOLDER` compares against them.
    """
    from avitools.check.snapshot import write_snapshots

    for written in _run(lambda: write_snapshots(list(pdfs), folder)):
        click.echo(relative(written))


@main.command()
@click.argument("year", type=click.IntRange(1900, 2999))
@click.option("-o", "--output", "target", type=click.Path(dir_okay=False, path_type=Path),
              help="The file to write (default: build/<year>/<series>-<year>.epub, or .pdf, "
                   "or -print.pdf).")
@click.option("--format", "fmt", type=click.Choice(["epub", "pdf"]), default=None,
              help="epub (the default) or pdf, the print book; an -o path ending in .pdf means pdf.")
@click.option("--print", "print_shop", is_flag=True,
              help="With pdf: the print shop's pair, the text block and its cover (PDF/X-4, bleed, "
                   "crop marks).")
@click.option("--from", "folder", type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="Take the manuscripts from this folder (default: manuscripts/<year>/).")
@click.option("--series", default=None, help="The series (default: the publisher's default).")
@click.option("--lang", default=None, metavar="LANG",
              help="The language of the book's own texts (cover, front matter, index): an edition of "
                   "avi.toml, e.g. km (default: the language every issue shares, else the series' own).")
def anthology(year: int, target: Path | None, fmt: str | None, print_shop: bool, folder: Path | None,
              series: str | None, lang: str | None) -> None:
    """Compile every issue of YEAR into one book, in issue order: an EPUB 3 book or a print PDF.

    The print book has a cover, title page, imprint, contents, every issue on a right-hand
    page as in its own PDF, and an index of authors; it is checked before it is written.
    Prints the written path on stdout; warnings (gaps in numbering) on stderr. Exit
    code 0 when written, 1 when a manuscript or the set is wrong (two manuscripts
    with one issue number, a date in another year, no manuscripts) or the book fails
    its checks, 2 for wrong usage.
    """
    from avitools.anthology import make_anthology, make_print_book
    from avitools.config import load_project

    if fmt is None:
        fmt = "pdf" if (target is not None and target.suffix.lower() == ".pdf") or print_shop else "epub"
    if print_shop and fmt != "pdf":
        raise click.BadParameter("--print makes the print book: use it with --format pdf",
                                 param_hint="'--print'")
    project = _run(load_project)
    if series is not None and series not in project.settings.series:
        raise click.BadParameter(f"'{series}' is not a series of avi.toml", param_hint="'--series'")
    chosen = project.series(series)
    if lang is not None and lang.lower().split("-")[0] not in ("en", *chosen.editions):
        raise click.BadParameter(f"'{lang}' is not an edition of the series (give one of: "
                                 f"{', '.join(('en', *chosen.editions))})", param_hint="'--lang'")
    if fmt == "pdf":
        written = _run(lambda: make_print_book(project, year, target, folder, series, print_shop, lang))
    else:
        written = _run(lambda: make_anthology(project, year, target, folder, series, lang))
    _fail(written.warnings)
    click.echo(relative(written.path))


@main.command(name="import")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--into", "folder", type=click.Path(file_okay=False, path_type=Path),
              help="Write here instead of manuscripts/<year>/.")
@click.option("--force", is_flag=True, help="Replace a manuscript of the same name.")
def import_command(source: Path, folder: Path | None, force: bool) -> None:
    """Turn a Word manuscript (SOURCE.docx with SOURCE.yaml beside it) into a Markdown manuscript.

    Writes manuscripts/<year>/<slug>.md and its figures, prints the path, and lists on
    stderr what the conversion lost or approximated. Exit code 0 when written, 1 when
    the file or its metadata is wrong, 2 for wrong usage.
    """
    from avitools.config import load_project
    from avitools.read.word import import_word

    project = _run(load_project)
    written, warnings = _run(lambda: import_word(source, project, folder, force))
    _fail(warnings)
    click.echo(relative(written))


@main.command(name="new")
@click.option("--title", required=True, help="The title, as it will be printed.")
@click.option("--author", "authors", multiple=True, required=True,
              help="An author's name as printed (FAMILY Given); repeat for several.")
@click.option("--date", "date", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="The publication date (default: today).")
@click.option("--country", default=None, help="The dateline's place (default: Cambodia).")
@click.option("--issue", type=click.IntRange(1, 99), default=None,
              help="The number within the year (default: the next free one).")
@click.option("--lang", default="en", show_default=True, help="The language (BCP 47), e.g. km.")
def new_command(title: str, authors: tuple[str, ...], date: Any, country: str | None,
                issue: int | None, lang: str) -> None:
    """Start a manuscript: manuscripts/<year>/<year>-<NN>-<slug>.md with its front matter filled.

    Authors who wrote before get the note (bio) of their latest manuscript. Prints the path;
    never replaces a file. Exit code 0 when written, 1 when the number is taken, 2 for wrong usage.
    """
    from avitools.config import load_project
    from avitools.new import DEFAULT_COUNTRY, NewIssue, new_manuscript

    project = _run(load_project)
    when = date.date() if date else dt.date.today()
    started = _run(lambda: new_manuscript(project, NewIssue(
        title, authors, when, country or DEFAULT_COUNTRY, issue, lang)))
    _fail(started.warnings)
    click.echo(relative(started.path))


@main.command(name="list")
@click.argument("year", type=click.IntRange(1900, 2999), required=False)
@click.option("--json", "as_json", is_flag=True, help="Print the register as JSON (README).")
@click.option("--csv", "as_csv", is_flag=True, help="Print the register as CSV.")
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Look for the PDFs under this folder instead of build/.")
def list_command(year: int | None, as_json: bool, as_csv: bool, out_dir: Path | None) -> None:
    """List the register: every manuscript (of YEAR), its number, its PDF and the PDF's state.

    States: built, older renderer (built by an earlier avitools or WeasyPrint, kept as
    published), stale (changed since), missing, failed. Gaps and duplicate numbers are flagged.
    """
    import json

    from avitools.config import load_project
    from avitools.register import register

    if as_json and as_csv:
        raise click.UsageError("--json and --csv do not go together")
    project = _run(load_project)
    listing = _run(lambda: register(project, year, out_dir))
    if as_json:
        click.echo(json.dumps(listing.as_json(), indent=1, ensure_ascii=False))
        return
    rows = [e.as_dict() for e in listing.entries]
    columns = ["year", "issue", "date", "title", "authors", "manuscript", "pdf", "pages", "state"]
    if as_csv:
        import csv
        import io

        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([*columns, "flags"])
        for row in rows:
            writer.writerow([*("; ".join(row[c]) if c == "authors" else row[c] for c in columns),
                             "; ".join(row["flags"])])
        click.echo(out.getvalue(), nl=False)
        return
    from avitools.progress import print_table

    print_table(columns, rows)
    _fail(listing.warnings)


@main.command(name="watch")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Write under this folder instead of the project's build/.")
@click.option("--pdf-variant", "variant", default="pdf/ua-1", show_default=True, help=VARIANT_HELP)
def watch_command(paths: tuple[Path, ...], out_dir: Path | None, variant: str) -> None:
    """Build PATHS (default: manuscripts/), then rebuild what changed on every save.

    Watches the manuscripts, their images and sidecars, the layout, the fonts and avi.toml, and
    prints each PDF written with the time it took. A broken save prints its error lines and the
    watching goes on; the last good PDF stays. Ctrl-C stops.
    """
    from avitools.build import BuildOptions, BuildReport, Status
    from avitools.config import load_project
    from avitools.errors import AviError
    from avitools.watch import watch

    if variant not in KNOWN_VARIANTS:
        raise click.BadParameter(f"'{variant}' is not one of {', '.join(KNOWN_VARIANTS)}",
                                 param_hint="'--pdf-variant'")
    project = _run(load_project)

    def report(outcome: BuildReport | AviError) -> None:
        if isinstance(outcome, AviError):
            _fail(outcome.lines())
            return
        _fail(outcome.warnings)
        for result in outcome.results:
            _fail(result.warnings)
            _fail([str(p) for p in result.problems])
            if result.status == Status.BUILT and result.output is not None:
                click.echo(f"{relative(result.output)} ({outcome.seconds:.2f} s)")
        click.echo(f"watching {len(outcome.results)} manuscript(s); Ctrl-C stops", err=True)

    _run(lambda: watch(project.root, BuildOptions(paths, out_dir, variant), report))
    click.echo("stopped watching", err=True)


def _run(job: Callable[[], T]) -> T:
    """Run a library call; user errors become their lines and exit code 1."""
    try:
        return job()
    except AviError as exc:
        _fail(exc.lines())
        sys.exit(exc.exit_code)
    except click.ClickException:
        raise
    except KeyboardInterrupt:
        _fail(["interrupted: nothing half-written was kept; run the same command again"])
        sys.exit(130)
    except Exception as exc:
        if _State.debug:
            raise
        _fail([f"error: internal error: {type(exc).__name__}: {exc} (run with --debug and report it)"])
        sys.exit(1)


@main.command(name="site")
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="The site's folder (default: build/site/).")
@click.option("--from", "folder", type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="Take the manuscripts from this folder (default: manuscripts/).")
@click.option("--base-url", default=None, metavar="URL",
              help="The address the site is published at (default: [site] base_url in avi.toml).")
@click.option("--series", default=None, help="The series (default: the publisher's default).")
@click.option("--no-epub", is_flag=True, help="Neither build nor link the years' EPUBs.")
@click.option("--serve", is_flag=True,
              help="Then serve the site on 127.0.0.1 and write it again on each save; Ctrl-C stops.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="With --serve: the port on 127.0.0.1.")
def site_command(out_dir: Path | None, folder: Path | None, base_url: str | None, series: str | None,
                 no_epub: bool, serve: bool, port: int) -> None:
    """Write the web edition: a page per issue at <base>/<year>/<number>/ with its PDF, citation
    metadata and reference, the archive by year, author and keyword, an Atom feed, a sitemap and
    search; only the files that changed are written.

    Prints each PDF it builds and then the site's folder on stdout, a summary on stderr.
    Exit code 0 when every manuscript is in the site, 1 when any failed (the others are
    published), 2 for wrong usage.
    """
    from avitools.config import load_project
    from avitools.progress import BuildProgress
    from avitools.site import SiteOptions, make_site

    project = _run(load_project)
    options = SiteOptions(out_dir, folder, base_url, series, not no_epub)
    with BuildProgress() as progress:
        report = _run(lambda: make_site(project, options, progress.update))
    _tell_site(report)
    if not serve:
        import gc

        gc.freeze()  # the process ends here: no last collection of the site's many objects
        sys.exit(0 if report.ok else 1)
    import dataclasses

    from avitools.serve import serve_site

    # On each save one or two manuscripts change: built in this process, which stays warm.
    serial = dataclasses.replace(options, jobs=1)

    def again() -> None:
        try:
            _tell_site(make_site(project, serial))
        except AviError as exc:
            _fail(exc.lines())

    _run(lambda: serve_site(report.folder, port, project.root, again,
                            lambda url: click.echo(f"serving {url} (127.0.0.1 only); Ctrl-C stops",
                                                   err=True)))


def _tell_site(report: Any) -> None:
    _fail(report.warnings)
    _fail([str(p) for p in report.problems])
    click.echo(relative(report.folder))
    if report.unchanged:
        click.echo(f"site: {report.pages} pages, nothing changed in {report.seconds:.2f} s", err=True)
    else:
        click.echo(f"site: {report.pages} pages, written {len(report.written)}, unchanged {report.kept}, "
                   f"removed {len(report.removed)}, failed {len(report.problems)} in {report.seconds:.1f} s",
                   err=True)
