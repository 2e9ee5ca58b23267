"""Fingerprints of what an output depends on, and the manifest that remembers them."""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass, field
from enum import StrEnum
from importlib import metadata
from pathlib import Path
from typing import Any

from avitools.config import Project
from avitools.output import write_atomic

MANIFEST = ".avi-manifest.json"
SCHEMA = "avitools-build-manifest/2"
_PACKAGE = Path(__file__).resolve().parent


def file_hash(path: Path) -> str:
    """SHA-256 of a file's bytes ("missing" when it cannot be read).

    Remembered for as long as the file keeps its inode, size and modification time, so that a
    warm process (`avi watch`) does not read the fonts again on every save.
    """
    try:
        stat = path.stat()
        key = (str(path), stat.st_ino, stat.st_size, stat.st_mtime_ns)
        known = _HASHES.get(key)
        if known is None:
            known = _HASHES[key] = hashlib.sha256(path.read_bytes()).hexdigest()
        return known
    except OSError:
        return "missing"


_HASHES: dict[tuple[str, int, int, int], str] = {}


def _tree_hash(folder: Path, pattern: str = "*", leave_out: str | None = None) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob(pattern)
                       if p.is_file() and p.relative_to(folder).parts[0] != leave_out):
        digest.update(str(path.relative_to(folder)).encode() + b"\0" + bytes.fromhex(file_hash(path)))
    return digest.hexdigest()


@functools.lru_cache(maxsize=1)
def renderer() -> str:
    """The code that renders: avitools' own source and the versions of the rendering libraries.
    A PDF built by another renderer is not rebuilt for that alone (`Freshness.OLDER`)."""
    parts = [_tree_hash(_PACKAGE, "*.py"), file_hash(_PACKAGE / "render" / "engine" / "verified.txt")]
    for name in ("weasyprint", "pydyf", "tinycss2", "markdown-it-py", "mdit-py-plugins", "jinja2"):
        try:
            parts.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{name}=none")
    return "|".join(parts)


def environment(project: Project, layout: str, variant: str | None) -> str:
    """Everything but the manuscript and the renderer that a PDF depends on: settings, layout
    (not its `web/` templates, which only the site uses), fonts, variant and engine mode."""
    from avitools.render.engine.extensions import engine_mode

    digest = hashlib.sha256()
    for part in (file_hash(project.config_file), _tree_hash(project.layouts / layout, leave_out="web"),
                 _tree_hash(project.fonts), str(variant), engine_mode()):
        digest.update(part.encode() + b"\0")
    return digest.hexdigest()


def environments(project: Project, variant: str | None) -> dict[str, str]:
    """`environment` of every layout the project's series use."""
    return {s.layout: environment(project, s.layout, variant) for s in project.settings.series.values()}


def manuscript_key(project: Project, source: Path) -> str:
    """How the manifest names a manuscript: its path inside the project, else its absolute path."""
    resolved = source.resolve()
    return str(resolved.relative_to(project.root)) if resolved.is_relative_to(project.root) else str(resolved)


class Freshness(StrEnum):
    """How a recorded output stands against what it was built from."""

    CURRENT = "current"  # everything it depends on, the renderer included, is as it was
    OLDER = "older"  # the same manuscript, files, settings, layout and fonts; another renderer
    STALE = "stale"  # something it was built from changed (or it is missing)


@dataclass
class Entry:
    """What one output was built from."""

    output: str
    layout: str
    source: str
    environment: str
    deps: dict[str, str] = field(default_factory=dict)
    pdf: str = ""
    renderer: str = ""


@dataclass
class Manifest:
    """The outputs of a build folder and their fingerprints, keyed by manuscript path."""

    folder: Path
    entries: dict[str, Entry] = field(default_factory=dict)

    @classmethod
    def load(cls, folder: Path) -> Manifest:
        """The manifest in `folder`; an unreadable one is treated as empty (everything rebuilds)."""
        try:
            data: dict[str, Any] = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
            if data.get("schema") != SCHEMA:
                return cls(folder)
            return cls(folder, {k: Entry(**v) for k, v in data["entries"].items()})
        except (OSError, ValueError, TypeError, KeyError):
            return cls(folder)

    def save(self) -> None:
        """Write the manifest atomically."""
        data = {"schema": SCHEMA, "entries": {k: vars(v) for k, v in sorted(self.entries.items())}}
        write_atomic(self.folder / MANIFEST, (json.dumps(data, indent=1) + "\n").encode())

    def freshness(self, key: str, source: Path, environments: dict[str, str]) -> Freshness:
        """Whether the recorded output still matches its manuscript, files and environment, and
        whether the renderer that made it is the current one."""
        entry = self.entries.get(key)
        if entry is None or entry.environment != environments.get(entry.layout):
            return Freshness.STALE
        if file_hash(source) != entry.source:
            return Freshness.STALE
        if any(file_hash(Path(dep)) != sha for dep, sha in entry.deps.items()):
            return Freshness.STALE
        if file_hash(self.folder / entry.output) != entry.pdf:
            return Freshness.STALE
        return Freshness.CURRENT if entry.renderer == renderer() else Freshness.OLDER

    def fresh(self, key: str, source: Path, environments: dict[str, str]) -> bool:
        """Whether the recorded output matches everything it was built from, renderer included."""
        return self.freshness(key, source, environments) == Freshness.CURRENT
