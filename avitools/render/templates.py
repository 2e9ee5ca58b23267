"""The Jinja2 environment of a layout: autoescaped, strict about undefined names."""

from __future__ import annotations

import contextlib
import functools
from pathlib import Path

from jinja2 import (
    BytecodeCache,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    Template,
    TemplateError,
)

from avitools.cache import cache_dir
from avitools.errors import ConfigError, Problem
from avitools.text import khmer_breaks


@functools.lru_cache(maxsize=8)
def environment(layout_dir: Path) -> Environment:
    """One environment per layout folder; every value is HTML-escaped unless marked safe."""
    env = Environment(
        loader=FileSystemLoader(layout_dir),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        bytecode_cache=_compiled_templates(),
    )
    env.filters["breakable"] = khmer_breaks
    return env


def template(layout_dir: Path, name: str) -> Template:
    """Load template `name` of a layout, as a clear error when it is missing or broken."""
    if not (layout_dir / name).is_file():
        raise ConfigError(Problem(layout_dir / name, "layout template is missing",
                                  "check the series' 'layout' in avi.toml"))
    try:
        return environment(layout_dir).get_template(name)
    except TemplateError as exc:
        raise ConfigError(Problem(layout_dir / name, f"template error: {exc}")) from exc


def _compiled_templates() -> BytecodeCache | None:
    """Jinja2's cache of compiled templates in the user's cache (checked against each template's
    source), so that a fresh process does not compile the layout again; none if it cannot be made."""
    folder = cache_dir() / "templates"
    with contextlib.suppress(OSError):
        folder.mkdir(parents=True, exist_ok=True)
        return FileSystemBytecodeCache(str(folder))
    return None
