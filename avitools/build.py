"""Build orchestration: which manuscripts, where their PDFs go, one failure never stops the rest."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from avitools.config import Project
from avitools.errors import AviError, ManuscriptError, Problem, relative
from avitools.model import Article
from avitools.output import write_atomic
from avitools.read.manuscript import find_manuscripts, read_manuscript
from avitools.render.pdf import DEFAULT_VARIANT, output_name, render_pdf


@dataclass
class BuildResult:
    """What happened to one manuscript."""

    source: Path
    output: Path | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether the manuscript was built."""
        return self.output is not None and not self.problems


def build(project: Project, paths: list[Path] | None = None, out_dir: Path | None = None,
          variant: str | None = DEFAULT_VARIANT) -> list[BuildResult]:
    """Build every manuscript named or found under `paths` (default: the project's archive)."""
    sources = find_manuscripts(paths or [project.manuscripts])
    if not sources:
        raise ManuscriptError(Problem(relative(paths[0] if paths else project.manuscripts),
                                      "holds no manuscripts (*.md)", "check the path"))
    target_dir = out_dir or project.build
    results: list[BuildResult] = []
    claimed: dict[Path, Path] = {}
    for source in sources:
        result = BuildResult(source)
        results.append(result)
        try:
            article = read_manuscript(source, project)
            target = target_dir / output_name(project, article)
            _claim(claimed, target, article)
            write_atomic(target, render_pdf(project, article, variant))
            result.output = target
        except AviError as exc:
            result.problems = exc.problems
    return results


def _claim(claimed: dict[Path, Path], target: Path, article: Article) -> None:
    """Two manuscripts of one run may not claim the same issue (and so the same file)."""
    other = claimed.setdefault(target, article.source)
    if other != article.source:
        raise ManuscriptError(Problem(
            relative(article.source),
            f"issue {article.issue} of {article.year} is also {relative(other)}",
            "give each manuscript its own issue number"))
