"""Build orchestration: which manuscripts need building, workers that render them, the manifest."""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from avitools.config import DEFAULT_PDF_VARIANT, Project, load_project
from avitools.errors import AviError, InterruptError, ManuscriptError, Problem, relative, unexpected
from avitools.fingerprint import (
    Entry,
    Freshness,
    Manifest,
    environments,
    file_hash,
    manuscript_key,
    renderer,
)
from avitools.output import article_output, system_problem
from avitools.sources import find_manuscripts, same_issue

if TYPE_CHECKING:  # a rebuild with nothing to do never loads the article model
    from avitools.check.findings import Finding
    from avitools.model import Article


class Status(StrEnum):
    """What happened to a manuscript in a build."""

    BUILT = "built"
    UNCHANGED = "unchanged"
    FAILED = "failed"


@dataclass(frozen=True)
class BuildOptions:
    """What to build and how: the manuscripts, the output folder, the PDF variant, workers, force."""

    paths: tuple[Path, ...] = ()
    out_dir: Path | None = None
    variant: str | None = DEFAULT_PDF_VARIANT
    jobs: int | None = None
    force: bool = False
    rebuild_older: bool = False  # also the PDFs whose only change is the renderer (an upgrade)


@dataclass
class BuildResult:
    """What happened to one manuscript."""

    source: Path
    status: Status = Status.FAILED
    output: Path | None = None
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether the manuscript has a good, current PDF."""
        return self.status != Status.FAILED


@dataclass
class BuildReport:
    """Every manuscript's result, the build's own warnings, and how long it took."""

    results: list[BuildResult]
    seconds: float
    warnings: list[str] = field(default_factory=list)

    def count(self, status: Status) -> int:
        """How many manuscripts ended with `status`."""
        return sum(r.status == status for r in self.results)

    @property
    def written(self) -> list[Path]:
        """The PDFs this build wrote."""
        return [r.output for r in self.results if r.status == Status.BUILT and r.output is not None]


@dataclass(frozen=True)
class Rendered:
    """What rendering one article gave: the PDF's hash, or the problems that stopped it."""

    pdf_hash: str | None
    problems: list[Problem]
    environment: list[str]
    warnings: list[str] = field(default_factory=list)


Progress = Callable[[BuildResult], None]


def build(project: Project, options: BuildOptions | None = None,
          progress: Progress | None = None) -> BuildReport:
    """Build the PDFs of the manuscripts under `options.paths` that are missing or out of date."""
    start = time.perf_counter()
    options = options or BuildOptions()
    sources = find_manuscripts(list(options.paths) or [project.manuscripts])
    if not sources:
        where = options.paths[0] if options.paths else project.manuscripts
        raise ManuscriptError(Problem(relative(where), "holds no manuscripts (*.md)",
                                      "check the path"))
    target_dir = options.out_dir or project.build
    manifest = Manifest.load(target_dir)
    before = dict(manifest.entries)
    layouts = environments(project, options.variant)
    results = {source: BuildResult(source) for source in sources}
    pending: list[Path] = []
    for source in sources:
        key = manuscript_key(project, source)
        standing = manifest.freshness(key, source, layouts)
        if not options.force and (standing == Freshness.CURRENT or (
                standing == Freshness.OLDER and not options.rebuild_older)):
            result = results[source]
            result.status, result.output = Status.UNCHANGED, target_dir / manifest.entries[key].output
            _tell(progress, result)
        else:
            pending.append(source)
    claims = _current_claims(project, manifest, {manuscript_key(project, source) for source in pending})
    jobs = max(1, min(options.jobs or os.cpu_count() or 1, len(pending)))
    renders = _render_serial if jobs == 1 else _render_parallel
    notes: dict[str, None] = {}
    with CtrlC() as stop:
        reading = _read_aside if jobs > 1 and hasattr(os, "fork") else _read_all
        articles = reading(project, pending, results, claims, target_dir, progress, stop)
        for article, target, rendered in renders(project, articles, options.variant, jobs, stop):
            notes.update(dict.fromkeys(rendered.environment))
            result = results[article.manuscript]
            result.warnings += rendered.warnings
            if rendered.pdf_hash is None:
                result.problems = rendered.problems
            else:
                result.status, result.output = Status.BUILT, target
                series = project.series(article.series)
                manifest.entries[manuscript_key(project, article.manuscript)] = Entry(
                    output=str(target.relative_to(target_dir)), layout=series.layout,
                    source=file_hash(article.manuscript), environment=layouts[series.layout],
                    deps={str(p): file_hash(p) for p in _dependencies(article)}, pdf=rendered.pdf_hash,
                    renderer=renderer())
            _tell(progress, result)
    if stop.requested:
        _save(manifest, results)
        built = sum(r.status == Status.BUILT for r in results.values())
        raise InterruptError(f"built {built} PDF(s) before Ctrl-C; run the same command again to build "
                             "the rest")
    _save(manifest, results)
    warnings = list(notes) + _retire_old_outputs(manifest, before, target_dir)
    return BuildReport(list(results.values()), time.perf_counter() - start, warnings)


class CtrlC:
    """While the block runs, Ctrl-C asks the build to stop after the manuscripts under way.

    A second Ctrl-C interrupts at once. Outside the main thread nothing is installed.
    """

    def __init__(self) -> None:
        self.requested = False
        self._before: Any = None

    def __enter__(self) -> CtrlC:
        if threading.current_thread() is threading.main_thread():
            self._before = signal.signal(signal.SIGINT, self._ask)
        return self

    def __exit__(self, *_exc: object) -> None:
        if self._before is not None:
            signal.signal(signal.SIGINT, self._before)

    def _ask(self, _signal: int, _frame: object) -> None:
        if self.requested:
            raise KeyboardInterrupt
        self.requested = True


def _save(manifest: Manifest, results: dict[Path, BuildResult]) -> None:
    if any(r.status == Status.BUILT for r in results.values()):
        manifest.save()


def _dependencies(article: Article) -> list[Path]:
    """The files besides the manuscript that its PDF depends on (images, a Word file's sidecar)."""
    return list(article.resources)


def _tell(progress: Progress | None, result: BuildResult) -> None:
    if progress is not None:
        progress(result)


def _source_of(project: Project, key: str) -> Path:
    return Path(key) if Path(key).is_absolute() else project.root / key


def _current_claims(project: Project, manifest: Manifest, pending: set[str]) -> dict[str, str]:
    """Output file -> manuscript, for the manuscripts whose recorded issue number is still true.

    A manuscript being rebuilt now claims its number when it is read; one that changed since its
    last build (or no longer exists) claims nothing until it is built again.
    """
    claims: dict[str, str] = {}
    for key, entry in manifest.entries.items():
        if key in pending:
            continue
        source = _source_of(project, key)
        if source.is_file() and file_hash(source) == entry.source:
            claims[entry.output] = key
    return claims


def _read_all(project: Project, sources: list[Path], results: dict[Path, BuildResult],
              claims: dict[str, str], target_dir: Path, progress: Progress | None, stop: CtrlC
              ) -> Iterator[tuple[Article, Path]]:
    """Read the manuscripts to build, one by one; two may not claim the same issue of a year."""
    for source in sources:
        if stop.requested:
            return
        yield from _take(_read_one(project, source, claims, target_dir), results[source],
                         progress)


@dataclass(frozen=True)
class _Reading:
    """One manuscript read for a build: its article and its PDF's path, or the problems that stop
    it; the reader's warnings either way."""

    warnings: list[str]
    article: Article | None = None
    target: Path | None = None
    problems: list[Problem] = field(default_factory=list)


def _read_one(project: Project, source: Path, claims: dict[str, str], target_dir: Path
              ) -> _Reading:
    """Read one manuscript; it claims its issue of the year (a problem if another one did)."""
    from avitools.read import read

    try:
        reading = read(source, project)
    except AviError as exc:
        return _Reading([], problems=exc.problems)
    article = reading.article
    name = str(article_output(project, article))
    key = manuscript_key(project, source)
    other = claims.setdefault(name, key)
    if other != key:
        return _Reading(reading.warnings,
                        problems=[same_issue(source, article, _source_of(project, other))])
    return _Reading(reading.warnings, article, target_dir / name)


def _take(reading: _Reading, result: BuildResult, progress: Progress | None
          ) -> Iterator[tuple[Article, Path]]:
    """A reading's article and PDF path to render, or its problems put in the result."""
    result.warnings = reading.warnings
    if reading.article is None or reading.target is None:
        result.problems = reading.problems
        _tell(progress, result)
        return
    yield reading.article, reading.target


def _read_aside(project: Project, sources: list[Path], results: dict[Path, BuildResult],
                claims: dict[str, str], target_dir: Path, progress: Progress | None, stop: CtrlC
                ) -> Iterator[tuple[Article, Path]]:
    """`_read_all` in a process forked now, its readings sent back through a pipe as they come:
    a parallel build reads on one core while this process loads WeasyPrint on the other, and
    then forks workers that need not load it again."""
    readable, writable = os.pipe()
    _widen(writable)
    child = os.fork()
    if child == 0:  # the reader: never returns, whatever happens
        status = 1
        try:
            os.close(readable)
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # the build decides what Ctrl-C stops
            status = _send_readings(project, sources, claims, target_dir, writable)
        finally:
            os._exit(status)
    os.close(writable)
    return _read_back(child, readable, len(sources), results, progress, stop)


PIPE_BYTES = 1 << 20  # Linux's default limit for a pipe's buffer


def _widen(pipe: int) -> None:
    """Let a pipe hold a megabyte where the system allows it (Linux), not 64 KB: a reading is
    about 9 KB, and the reader would otherwise wait, after seven, until the build has loaded
    WeasyPrint and takes them, then read on while the workers render (three processes on two
    cores). With the whole year sent, it is done before the workers start."""
    import fcntl

    with contextlib.suppress(AttributeError, OSError):
        fcntl.fcntl(pipe, fcntl.F_SETPIPE_SZ, PIPE_BYTES)


def _send_readings(project: Project, sources: list[Path], claims: dict[str, str],
                   target_dir: Path, writable: int) -> int:
    """The reader's work: each manuscript's reading, pickled to `writable`; an unexpected
    exception is sent too, for the build to raise. Returns the exit status."""
    import pickle

    try:
        with os.fdopen(writable, "wb") as feed:
            for source in sources:
                try:
                    reading: _Reading | BaseException = _read_one(project, source, claims,
                                                                  target_dir)
                except BaseException as exc:  # a bug: raised by the build, as in a serial one
                    pickle.dump((source, exc), feed)
                    return 1
                pickle.dump((source, reading), feed)
    except (BrokenPipeError, KeyboardInterrupt):  # the build stopped listening
        return 1
    return 0


def _read_back(child: int, readable: int, expected: int, results: dict[Path, BuildResult],
               progress: Progress | None, stop: CtrlC) -> Iterator[tuple[Article, Path]]:
    """The articles of the readings a reader process sends, in order."""
    import pickle

    try:
        with os.fdopen(readable, "rb") as feed:
            for _ in range(expected):
                if stop.requested:
                    return
                try:
                    source, reading = pickle.load(feed)
                except EOFError:
                    raise RuntimeError("the process reading the manuscripts stopped early") from None
                if isinstance(reading, BaseException):
                    raise reading
                yield from _take(reading, results[source], progress)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(child, signal.SIGKILL)
        os.waitpid(child, 0)


def _retire_old_outputs(manifest: Manifest, before: dict[str, Entry], target_dir: Path) -> list[str]:
    """Remove a PDF a renumbered manuscript left under its old number, if it is still ours, unaltered."""
    current = {entry.output for entry in manifest.entries.values()}
    lines: list[str] = []
    for key, old in before.items():
        new = manifest.entries.get(key)
        if new is None or new.output == old.output or old.output in current:
            continue
        stale = target_dir / old.output
        if not stale.is_file():
            continue
        if file_hash(stale) != old.pdf:
            lines.append(f"warning: {relative(stale)}: left in place although {key} is now "
                         f"{new.output}, because the file was changed after it was built (delete it "
                         "if it is not needed)")
            continue
        try:
            stale.unlink()
        except OSError as exc:
            problem = system_problem(stale, exc, "cannot be removed")
            lines.append(str(problem).replace("error:", "warning:", 1))
            continue
        lines.append(f"removed {relative(stale)}: {key} is now {new.output}")
    return lines


def failed_path(target: Path) -> Path:
    """Where a PDF that failed the build's checks is kept: `<out>/failed/<year>/<name>.pdf`."""
    return target.parent.parent / "failed" / target.parent.name / target.name


def _render_one(project: Project, article: Article, target: Path, variant: str | None) -> Rendered:
    """Render one PDF and check it; write it if it passes (its hash), else keep it aside (problems)."""
    from avitools.check.findings import Severity
    from avitools.check.written import check_written
    from avitools.output import write_atomic
    from avitools.render.engine import pdf_variant, take_environment_warnings
    from avitools.render.pdf import render_pdf

    name = relative(article.source)
    failed = failed_path(target)
    try:
        at_foot: list[tuple[int, str]] = []
        data = render_pdf(project, article, variant, at_foot)
        findings = check_written(data, article, project, name,
                                 tagged=(pdf_variant(variant) or "").startswith("pdf/ua"),
                                 at_foot=at_foot)
        errors = _engine_hint([f for f in findings if f.severity == Severity.ERROR])
        warnings = [f"warning: {name}: {_where(f.page)}{f.code} {f.message}" for f in findings
                    if f.severity != Severity.ERROR]
        if errors:
            write_atomic(failed, data)
            problems = [Problem(name, f"{_where(f.page)}{f.code} {f.message}",
                                f"the PDF is kept for a look at {relative(failed)}") for f in errors]
            return Rendered(None, problems, take_environment_warnings(), warnings)
        write_atomic(target, data)
    except AviError as exc:
        return Rendered(None, exc.problems, take_environment_warnings())
    except (OSError, KeyboardInterrupt):
        raise
    except Exception as exc:  # one manuscript's fault never stops the others
        return Rendered(None, [unexpected(name, exc, "rendering")], take_environment_warnings())
    failed.unlink(missing_ok=True)
    return Rendered(hashlib.sha256(data).hexdigest(), [], take_environment_warnings(), warnings)


def _engine_hint(errors: list[Finding]) -> list[Finding]:
    """The errors; when the text layer extension is off and the text does not read back, one line
    with why and the fix (the other rules read that same text: their findings follow from it)."""
    from avitools.render.engine import VERIFIED, installed, state

    fidelity = [f for f in errors if f.code == "F001"]
    if not fidelity or installed("textlayer"):
        return errors
    current = state()
    why = (f"AVI_ENGINE={current.mode} leaves it off: build without AVI_ENGINE"
           if current.mode != "full" else
           f"{current.where()} changed what it extends; it is verified on WeasyPrint "
           f"{VERIFIED['weasyprint']}: pip install 'weasyprint=={VERIFIED['weasyprint']}'")
    more = f" and in {len(fidelity) - 1} more place(s)" if len(fidelity) > 1 else ""
    told = dataclasses.replace(fidelity[0], message=f"{fidelity[0].message}{more}: avitools' text "
                               f"layer is off ({why})")
    return [told]


def _where(page: int) -> str:
    return f"page {page}: " if page else ""


Outcome = tuple["Article", Path, Rendered]


def _render_serial(project: Project, articles: Iterator[tuple[Article, Path]],
                   variant: str | None, _jobs: int, stop: CtrlC) -> Iterator[Outcome]:
    for article, target in articles:
        yield article, target, _render_one(project, article, target, variant)
        if stop.requested:
            return


_WORKER: dict[str, Project] = {}


def _start_worker(root: str) -> None:
    """Each worker ignores Ctrl-C (the parent decides); it has the project and WeasyPrint loaded
    by the parent when forked, or loads them."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    if "project" in _WORKER:
        return
    from avitools.render.engine import font_configuration

    project = load_project(Path(root))
    font_configuration(project.fonts)
    _WORKER["project"] = project


def _warm(project: Project) -> None:
    """Load what every worker needs (WeasyPrint with the fonts, each series' stylesheet, Jinja2,
    PDFium and the checks) and lay out a paragraph in the body's faces."""
    import avitools.check.written  # noqa: F401  (PDFium and the checks)
    from avitools.render.pdf import warm

    warm(project)


def _ready() -> None:
    """A first task, so that every worker starts at once."""


def _work(article: Article, target: Path, variant: str | None) -> Rendered:
    try:
        return _render_one(_WORKER["project"], article, target, variant)
    except OSError as exc:  # not one of ours: a system error outside the output's own write
        return Rendered(None, [system_problem(target, exc, "cannot be built")], [])


def _render_parallel(project: Project, articles: Iterator[tuple[Article, Path]],
                     variant: str | None, jobs: int, stop: CtrlC) -> Iterator[Outcome]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed  # a serial build needs none

    forking = "fork" in multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if forking else None)
    if forking:  # what every worker needs, loaded once while the manuscripts are read aside
        _warm(project)
        _WORKER["project"] = project
    # Ctrl-C is held back while the workers fork, so that none of them inherits a live handler.
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        pool = ProcessPoolExecutor(jobs, mp_context=context, initializer=_start_worker,
                                   initargs=(str(project.root),))
        # Every worker starts at once (a spawned one loading WeasyPrint while the reading goes on).
        for _ in range(jobs):
            pool.submit(_ready)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
    try:
        futures = {pool.submit(_work, a, t, variant): (a, t) for a, t in articles}
        if stop.requested:  # during reading: nothing more is started
            for waiting in futures:
                waiting.cancel()
        for future in as_completed(futures):
            if future.cancelled():
                continue
            yield *futures[future], future.result()
            if stop.requested:
                # The manuscripts under way are finished (each written whole); the rest are dropped.
                for waiting in futures:
                    waiting.cancel()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
