"""Install the extensions of the table that the engine mode allows and whose targets match; say once
what stepped aside."""

from __future__ import annotations

import functools
import hashlib
import importlib
import os
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from avitools.errors import Problem, UsageError
from avitools.render.engine.guard import mismatched
from avitools.render.engine.table import EXTENSIONS, VERIFIED, Extension, Kind, by_name

ENGINE_VARIABLE = "AVI_ENGINE"
# The engine modes: every extension; the correctness ones only (the PDFs of `full`, without the
# speed and start-up extensions: the comparison harness); none (WeasyPrint as it comes).
MODES = {"full": (Kind.SPEED, Kind.STARTUP, Kind.CORRECTNESS, Kind.INSPECTION),
         "correct": (Kind.CORRECTNESS, Kind.INSPECTION), "stock": (Kind.INSPECTION,)}
DEFAULT_MODE = "full"


def engine_mode() -> str:
    """The engine mode of this process: `AVI_ENGINE`, `full` when unset."""
    mode = os.environ.get(ENGINE_VARIABLE, "").strip().lower() or DEFAULT_MODE
    if mode not in MODES:
        raise UsageError(Problem(ENGINE_VARIABLE, f"'{mode}' is not an engine mode",
                                 f"use one of {', '.join(MODES)}"))
    return mode


def versions() -> dict[str, str]:
    """The versions of the libraries the extensions reach into, as the imported modules say (the
    code that runs), else as installed."""
    found = {}
    for name in VERIFIED:
        try:
            found[name] = str(importlib.import_module(name).__version__)
        except (ImportError, AttributeError):
            try:
                found[name] = metadata.version(name)
            except metadata.PackageNotFoundError:
                found[name] = "none"
    return found


@dataclass
class EngineState:
    """What was installed in this process, what stepped aside (with the targets that differ), and
    whether the notices were given."""

    mode: str
    versions: dict[str, str]
    on: list[str] = field(default_factory=list)
    aside: dict[str, list[str]] = field(default_factory=dict)
    told: bool = False

    def installed(self, name: str) -> bool:
        """Whether the extension called `name` is installed."""
        return name in self.on

    def where(self) -> str:
        """The libraries whose version is not the verified one (WeasyPrint's when all are)."""
        differ = [f"{_label(n)} {v}" for n, v in self.versions.items() if v != VERIFIED[n]]
        return ", ".join(differ) or f"WeasyPrint {self.versions['weasyprint']}"

    def verified(self) -> bool:
        """Whether every library is at the version the extensions are verified on."""
        return all(v == VERIFIED[n] for n, v in self.versions.items())

    def notices(self) -> list[str]:
        """The run's warnings about the engine, each a line: what is off and what that means."""
        verified = "verified on " + ", ".join(f"{_label(n)} {v}" for n, v in VERIFIED.items())
        if self.mode != DEFAULT_MODE:
            return [f"warning: {ENGINE_VARIABLE}={self.mode}: " + (
                "avitools' speed extensions are off (same PDFs, slower)" if self.mode == "correct"
                else "WeasyPrint runs without avitools' extensions: PDFs are untagged (no PDF/UA "
                "claim), slower, and a manuscript whose text does not read back fails F001")]
        said = []
        if not self.aside and not self.verified():
            said.append(f"warning: {self.where()}: avitools' WeasyPrint extensions are on, their "
                        f"targets unchanged; {verified}")
        if any(_kind(n) == Kind.SPEED for n in self.aside):
            said.append(f"warning: {self.where()}: avitools' speed extensions are off (same PDFs, "
                        f"slower); {verified}")
        if any(_kind(n) == Kind.STARTUP for n in self.aside):
            said.append(f"warning: {self.where()}: avitools' start-up shortcuts are off (same PDFs, "
                        f"a slower start); {verified}")
        for name in self.aside:
            extension = _extension(name)
            if extension.kind in (Kind.CORRECTNESS, Kind.INSPECTION):
                said.append(f"warning: {self.where()}: avitools' {extension.title} is off: "
                            f"{extension.fallback}; {verified}")
        return said


def _label(name: str) -> str:
    return {"weasyprint": "WeasyPrint", "pydyf": "pydyf", "pyphen": "Pyphen"}[name]


def _extension(name: str) -> Extension:
    return by_name(name)


# Why the start-up shortcuts stepped aside in this process, when they did (before any install).
_STARTUP_ASIDE: list[str] = []


def startup_aside(reason: str) -> None:
    """Record that the start-up shortcuts failed and WeasyPrint was imported plainly."""
    _STARTUP_ASIDE.append(reason)


def _kind(name: str) -> Kind:
    return _extension(name).kind


@functools.cache
def install_all() -> EngineState:
    """Fingerprint every target first (nothing is touched yet), then install each extension the
    mode allows whose targets all match and whose needs are installed."""
    mode = engine_mode()
    state = EngineState(mode, versions())
    if _STARTUP_ASIDE:
        state.aside["startup"] = list(_STARTUP_ASIDE)
    kinds = MODES[mode]
    allowed = [e for e in EXTENSIONS if e.kind in kinds]
    differing = {e.name: mismatched(e.targets) for e in allowed}
    for extension in allowed:
        missing = [n for n in extension.needs if n not in state.on]
        if differing[extension.name] or missing:
            state.aside[extension.name] = differing[extension.name] or missing
            continue
        module = importlib.import_module(f"avitools.render.engine.{extension.name}")
        try:
            module.install()
        except Exception as exc:  # an install that finds its target otherwise than it expects
            state.aside[extension.name] = [f"{type(exc).__name__}: {exc}"]
            continue
        state.on.append(extension.name)
    return state


def state() -> EngineState:
    """The engine state of this process (the extensions installed when first asked)."""
    return install_all()


def installed(name: str) -> bool:
    """Whether the extension called `name` is installed in this process."""
    return install_all().installed(name)


def take_notices() -> list[str]:
    """The engine's warnings, the first time they are asked for in this process once the
    extensions were installed; then none."""
    if not install_all.cache_info().currsize:  # WeasyPrint not loaded (or refused): nothing to say
        return []
    current = install_all()
    if current.told:
        return []
    current.told = True
    return current.notices()


def pdf_variant(requested: str | None) -> str | None:
    """The PDF variant to write for `requested`: a PDF/UA variant only while the tagging that
    makes it hold is installed (else an untagged PDF, never a false claim)."""
    if requested and requested.startswith("pdf/ua") and not installed("tagging"):
        return None
    return requested


@functools.cache
def signature() -> str:
    """What the installed engine is, for keys of what it lays out: the mode, the libraries'
    versions, and the installed extensions with their sources."""
    current = install_all()
    digest = hashlib.sha256(f"{current.mode}|{sorted(current.versions.items())}".encode())
    for name in current.on:
        digest.update(name.encode() + b"\0" + (_HERE / f"{name}.py").read_bytes())
    return digest.hexdigest()[:32]


_HERE = Path(__file__).resolve().parent
