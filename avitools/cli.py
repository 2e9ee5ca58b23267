"""The `avi` command line: parse options, call one library function, report."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from avitools import __version__
from avitools.errors import AviError, relative

VARIANT_HELP = "PDF variant: pdf/ua-1 (default, tagged), pdf/a-3b, pdf/a-3a, pdf/a-2b, pdf/x-4 …"


class _State:
    debug = False


def _fail(lines: list[str]) -> None:
    for line in lines:
        click.echo(line, err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="avi")
@click.option("--debug", is_flag=True, help="Show tracebacks for unexpected failures.")
def main(debug: bool) -> None:
    """avitools: house-style PDFs and e-books for the Asian Vision Institute."""
    _State.debug = debug


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Write under this folder instead of the project's build/.")
@click.option("--pdf-variant", "variant", default="pdf/ua-1", show_default=True,
              help=VARIANT_HELP)
def build(paths: tuple[Path, ...], out_dir: Path | None, variant: str) -> None:
    """Build the PDF of each manuscript in PATHS (files or folders; default: manuscripts/).

    Prints each written PDF's path on stdout, one per line. Exit code 0 when all
    were built, 1 when any manuscript failed, 2 for wrong usage.
    """
    from avitools.build import build as run_build
    from avitools.config import load_project
    from avitools.render.pdf import variants

    try:
        project = load_project()
        known = variants(project.fonts)
        if variant not in known:
            raise click.BadParameter(f"'{variant}' is not one of {', '.join(known)}",
                                     param_hint="'--pdf-variant'")
        results = run_build(project, list(paths) or None, out_dir, variant)
    except AviError as exc:
        _fail(exc.lines())
        sys.exit(exc.exit_code)
    except click.ClickException:
        raise
    except Exception as exc:
        if _State.debug:
            raise
        _fail([f"error: internal error: {type(exc).__name__}: {exc} (run with --debug and report it)"])
        sys.exit(1)
    failed = False
    for result in results:
        if result.ok and result.output is not None:
            click.echo(relative(result.output))
        else:
            failed = True
            _fail([str(p) for p in result.problems])
    sys.exit(1 if failed else 0)
