"""How an extension knows its target before it touches it: the fingerprint of the target's source.

A target is named `module:attribute.path` (`weasyprint.layout.block:_linebox_layout`). Its
fingerprint is the SHA-256 of the source lines its code spans, read from the installed file: a
release that changes the function changes the fingerprint, whatever its version string says.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import types
from pathlib import Path
from typing import Any


class UnsupportedWeasyPrintError(RuntimeError):
    """WeasyPrint's code is not what one of avitools' extensions expects: it stays off."""


def source_of(code: types.CodeType) -> str:
    """The lines of a function's source file from its first line to the last its code spans (a
    statement's span takes in any function nested in it): `inspect.getsource` without its search
    of every loaded module."""
    lines = _lines(code.co_filename)
    last = max(end for _, end, _, _ in code.co_positions() if end is not None)
    return "".join(lines[code.co_firstlineno - 1:last])


@functools.cache
def _lines(filename: str) -> list[str]:
    return Path(filename).read_text(encoding="utf-8").splitlines(keepends=True)


def resolve(target: str) -> Any:
    """The object a target names (`module:attribute.path`); raises when it is not there."""
    module_name, _, path = target.partition(":")
    value: Any = importlib.import_module(module_name)
    for part in path.split("."):
        holder = value
        value = holder.__dict__[part] if isinstance(holder, type) and part in holder.__dict__ \
            else getattr(holder, part)
    return value


def fingerprint(target: str) -> str:
    """The first 16 hex digits of the SHA-256 of the target's source (a function, a method or a
    property's getter), or "missing" when the target or its source cannot be found."""
    try:
        value = resolve(target)
        if isinstance(value, property):
            value = value.fget
        if isinstance(value, staticmethod | classmethod):
            value = value.__func__
        while hasattr(value, "__wrapped__"):  # a decorated function: its own source
            value = value.__wrapped__
        code = value.__code__
        source = source_of(code)
    except Exception:  # a target renamed, moved, or without source: it does not match
        return "missing"
    return hashlib.sha256(source.encode()).hexdigest()[:16]


def mismatched(targets: dict[str, str]) -> list[str]:
    """The targets (name -> expected fingerprint) whose installed source is not the expected one."""
    return [name for name, expected in targets.items() if fingerprint(name) != expected]
