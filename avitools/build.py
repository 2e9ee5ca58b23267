"""Build orchestration: which manuscripts need building, workers that render them, the manifest."""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from avitools.config import DEFAULT_PDF_VARIANT, Project, load_project
from avitools.errors import AviError, ManuscriptError, Problem, relative
from avitools.fingerprint import Entry, Manifest, environment, file_hash
from avitools.model import Article
from avitools.sources import find_manuscripts


class Status(StrEnum):
    """What happened to a manuscript in a build."""

    BUILT = "built"
    UNCHANGED = "unchanged"
    FAILED = "failed"


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
    """Every manuscript's result, and how long the build took."""

    results: list[BuildResult]
    seconds: float

    def count(self, status: Status) -> int:
        """How many manuscripts ended with `status`."""
        return sum(r.status == status for r in self.results)


Progress = Callable[[BuildResult], None]


def build(project: Project, paths: list[Path] | None = None, out_dir: Path | None = None,
          variant: str | None = DEFAULT_PDF_VARIANT, jobs: int | None = None, force: bool = False,
          progress: Progress | None = None) -> BuildReport:
    """Build the PDFs of the manuscripts under `paths` that are missing or out of date."""
    start = time.perf_counter()
    sources = find_manuscripts(paths or [project.manuscripts])
    if not sources:
        raise ManuscriptError(Problem(relative(paths[0] if paths else project.manuscripts),
                                      "holds no manuscripts (*.md)", "check the path"))
    target_dir = out_dir or project.build
    manifest = Manifest.load(target_dir)
    environments = {s.layout: environment(project, s.layout, variant)
                    for s in project.settings.series.values()}
    results = {source: BuildResult(source) for source in sources}
    pending: list[Path] = []
    for source in sources:
        key = _key(project, source)
        if not force and manifest.fresh(key, source, environments):
            result = results[source]
            result.status, result.output = Status.UNCHANGED, target_dir / manifest.entries[key].output
            _tell(progress, result)
        else:
            pending.append(source)
    articles = _read_all(project, pending, results, manifest, target_dir, progress)
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(pending)))
    renders = _render_serial if jobs == 1 else _render_parallel
    for article, target, outcome in renders(project, articles, variant, jobs):
        result = results[article.manuscript]
        if isinstance(outcome, list):
            result.problems = outcome
        else:
            result.status, result.output = Status.BUILT, target
            series = project.series(article.series)
            manifest.entries[_key(project, article.manuscript)] = Entry(
                output=str(target.relative_to(target_dir)), layout=series.layout,
                source=file_hash(article.manuscript), environment=environments[series.layout],
                deps={str(p): file_hash(p) for p in _dependencies(article)}, pdf=outcome)
        _tell(progress, result)
    if any(r.status == Status.BUILT for r in results.values()):
        manifest.save()
    return BuildReport(list(results.values()), time.perf_counter() - start)


def _dependencies(article: Article) -> list[Path]:
    """The files besides the manuscript that its PDF depends on."""
    if article.origin is not None:
        from avitools.read.docx import sidecar_of

        sidecar = sidecar_of(article.origin)
        return [sidecar] if sidecar.is_file() else []
    return list(article.resources)


def _key(project: Project, source: Path) -> str:
    resolved = source.resolve()
    return str(resolved.relative_to(project.root)) if resolved.is_relative_to(project.root) else str(resolved)


def _tell(progress: Progress | None, result: BuildResult) -> None:
    if progress is not None:
        progress(result)


def _read_all(project: Project, sources: list[Path], results: dict[Path, BuildResult],
              manifest: Manifest, target_dir: Path, progress: Progress | None
              ) -> Iterator[tuple[Article, Path]]:
    """Read the manuscripts to build, one by one; two may not claim the same issue of a year."""
    if not sources:
        return
    from avitools.read.word import read_any
    from avitools.render.pdf import output_name

    claimed = {target_dir / e.output: k for k, e in manifest.entries.items()}
    for source in sources:
        try:
            article, results[source].warnings = read_any(source, project, target_dir / ".docx")
            target = target_dir / output_name(project, article)
            other = claimed.get(target)
            if other is not None and other != _key(project, source) and _exists(project, other):
                raise ManuscriptError(Problem(
                    relative(source), f"issue {article.issue} of {article.year} is also "
                    f"{relative(project.root / other)}", "give each manuscript its own issue number"))
            claimed[target] = _key(project, source)
            yield article, target
        except AviError as exc:
            results[source].problems = exc.problems
            _tell(progress, results[source])


def _exists(project: Project, key: str) -> bool:
    return (project.root / key).is_file()


Outcome = tuple[Article, Path, "str | list[Problem]"]


def _render_one(project: Project, article: Article, target: Path, variant: str | None
                ) -> str | list[Problem]:
    """Render and write one PDF; its hash, or the problems that stopped it."""
    from avitools.output import write_atomic
    from avitools.render.pdf import render_pdf

    try:
        data = render_pdf(project, article, variant)
    except AviError as exc:
        return exc.problems
    write_atomic(target, data)
    return hashlib.sha256(data).hexdigest()


def _render_serial(project: Project, articles: Iterator[tuple[Article, Path]],
                   variant: str | None, jobs: int) -> Iterator[Outcome]:
    for article, target in articles:
        yield article, target, _render_one(project, article, target, variant)


_WORKER: dict[str, Project] = {}


def _start_worker(root: str) -> None:
    """Each worker loads the project and WeasyPrint once, with one font configuration."""
    from avitools.render.engine import font_configuration

    project = load_project(Path(root))
    font_configuration(project.fonts)
    _WORKER["project"] = project


def _ready() -> None:
    """A first task, so that every worker starts at once."""


def _work(article: Article, target: Path, variant: str | None) -> str | list[Problem]:
    return _render_one(_WORKER["project"], article, target, variant)


def _render_parallel(project: Project, articles: Iterator[tuple[Article, Path]],
                     variant: str | None, jobs: int) -> Iterator[Outcome]:
    # The workers start (and import WeasyPrint) while this process is still reading manuscripts.
    with ProcessPoolExecutor(jobs, initializer=_start_worker, initargs=(str(project.root),)) as pool:
        for _ in range(jobs):
            pool.submit(_ready)
        futures = {pool.submit(_work, a, t, variant): (a, t) for a, t in articles}
        for future in as_completed(futures):
            article, target = futures[future]
            yield article, target, future.result()
