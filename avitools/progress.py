"""Build progress for people: a rich progress bar on a terminal, written paths otherwise."""

from __future__ import annotations

import sys
from types import TracebackType
from typing import TYPE_CHECKING

import click

from avitools.errors import relative

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

    from avitools.build import BuildReport, BuildResult


class BuildProgress:
    """Shows each finished manuscript: written paths on stdout, a bar on an interactive stderr."""

    def __init__(self) -> None:
        self._bar: Progress | None = None
        self._task: TaskID | None = None

    def __enter__(self) -> BuildProgress:
        if sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

            self._bar = Progress("{task.description}", BarColumn(), MofNCompleteColumn(),
                                 TimeElapsedColumn(), console=Console(stderr=True), transient=True)
            self._bar.start()
            self._task = self._bar.add_task("building", total=None)
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if self._bar is not None:
            self._bar.stop()

    def update(self, result: BuildResult) -> None:
        """One manuscript is done: print its PDF if it was written, advance the bar."""
        from avitools.build import Status

        if result.status == Status.BUILT and result.output is not None:
            line = relative(result.output)
            if self._bar is not None:
                self._bar.console.print(line, markup=False, highlight=False)
            else:
                click.echo(line)
        if self._bar is not None and self._task is not None:
            self._bar.advance(self._task)

    def summary(self, report: BuildReport) -> str:
        """`built 3, unchanged 237, failed 0 in 2.1 s`."""
        from avitools.build import Status

        return (f"built {report.count(Status.BUILT)}, unchanged {report.count(Status.UNCHANGED)}, "
                f"failed {report.count(Status.FAILED)} in {report.seconds:.1f} s")


def print_table(columns: list[str], rows: list[dict[str, object]]) -> None:
    """A readable table: rich's on a terminal, aligned plain text otherwise."""

    def cell(row: dict[str, object], column: str) -> str:
        value = row[column]
        if isinstance(value, list):
            value = ", ".join(map(str, value))
        text = "" if value is None else str(value)
        flags = row.get("flags")
        if column == "issue" and isinstance(flags, list) and flags:
            return f"{text} ({', '.join(str(f) for f in flags)})"
        return text

    if sys.stdout.isatty():
        from rich.console import Console
        from rich.table import Table

        table = Table(*columns)
        for row in rows:
            table.add_row(*(cell(row, c) for c in columns))
        Console().print(table)
        return
    cells = [[cell(row, c) for c in columns] for row in rows]
    widths = [max([len(c), *(len(r[i]) for r in cells)]) for i, c in enumerate(columns)]
    click.echo("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip())
    for row_cells in cells:
        click.echo("  ".join(v.ljust(w) for v, w in zip(row_cells, widths, strict=True)).rstrip())
