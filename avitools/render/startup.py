"""WeasyPrint's start-up made cheaper: the same libraries and modules, found and loaded when used.

A cold `avi build` is mostly start-up. Two parts of WeasyPrint's own cost little to avoid:
finding its system libraries (a third of a second, below) and importing the parts of fontTools it
needs only to subset fonts without HarfBuzz or to instance variable fonts (a tenth of a second).
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import sys
import types
from collections.abc import Iterator
from typing import Any

# fontTools modules WeasyPrint imports at start but uses only on its rarer paths.
SUBSET = "fontTools.subset"
INSTANCER = "fontTools.varLib.instancer"


@contextlib.contextmanager
def quick_library_lookup() -> Iterator[None]:
    """While WeasyPrint loads its libraries, look names up in the linker's cache only.

    WeasyPrint tries several names for each library (`libgobject-2.0-0`, …, `libgobject-2.0.so.0`);
    for each name that is not a file, cffi asks `ctypes.util.find_library`, which on Linux reads
    `ldconfig -p` and then, when that fails, compiles a probe with gcc and runs ld: about 16 ms a
    name, a third of a second in all at every start. The linker's cache answers the names that
    exist; the same libraries load. Elsewhere than Linux nothing changes.
    """
    import ctypes.util

    original = ctypes.util.find_library
    ldconfig = getattr(ctypes.util, "_findSoname_ldconfig", None)
    if not sys.platform.startswith("linux") or ldconfig is None:
        yield
        return
    ctypes.util.find_library = ldconfig
    try:
        yield
    finally:
        ctypes.util.find_library = original


@contextlib.contextmanager
def deferred_font_tools() -> Iterator[None]:
    """While WeasyPrint is imported, give it `fontTools.subset` as a module loaded on first use
    (the standard library's LazyLoader) and, for `instantiateVariableFont`, a function that imports
    the instancer when first called. Nothing of fontTools is changed; once WeasyPrint is imported,
    anyone else importing the instancer gets the real module."""
    if SUBSET in sys.modules or INSTANCER in sys.modules:
        yield
        return
    spec = importlib.util.find_spec(SUBSET)
    if spec is None or spec.loader is None:
        yield
        return
    import fontTools

    spec.loader = importlib.util.LazyLoader(spec.loader)
    subset = importlib.util.module_from_spec(spec)
    sys.modules[SUBSET] = subset
    spec.loader.exec_module(subset)
    # `from fontTools import subset` then takes the attribute, without the import system looking
    # into the module (which would load it).
    fontTools.subset = subset
    stand_in = types.ModuleType(INSTANCER, "instantiateVariableFont, imported when first called")
    stand_in.instantiateVariableFont = _instantiate  # type: ignore[attr-defined]
    sys.modules[INSTANCER] = stand_in
    try:
        yield
    finally:
        if sys.modules.get(INSTANCER) is stand_in:
            del sys.modules[INSTANCER]
        package = sys.modules.get("fontTools.varLib")
        if package is not None and getattr(package, "instancer", None) is stand_in:
            del package.instancer


def _instantiate(*args: Any, **kwargs: Any) -> Any:
    """fontTools' `instantiateVariableFont`, its module imported now."""
    return importlib.import_module(INSTANCER).instantiateVariableFont(*args, **kwargs)
