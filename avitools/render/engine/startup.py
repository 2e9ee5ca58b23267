"""WeasyPrint's start-up made cheaper: the same libraries and modules, found and loaded when used.

A cold `avi build` is mostly start-up. Three parts of WeasyPrint's own cost little to avoid:
finding its system libraries (a third of a second, below), importing the parts of fontTools it
needs only to subset fonts without HarfBuzz, to decode web fonts or to instance variable fonts
(a tenth of a second), and parsing its C declarations with pycparser at every start (a fifth of a
second, with the C types it names later).

Upstream: docs/upstream/weasyprint-startup.md: find libraries without ldconfig probes; cffi out-of-line.
"""

from __future__ import annotations

import ast
import base64
import binascii
import contextlib
import hashlib
import importlib
import importlib.util
import io
import marshal
import sys
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from avitools.cache import keep, recall

# fontTools modules WeasyPrint imports at start but uses only on its rarer paths.
SUBSET = "fontTools.subset"
WOFF2 = "fontTools.ttLib.woff2"
INSTANCER = "fontTools.varLib.instancer"
# The module of WeasyPrint that declares its C functions to cffi, and the name cffi gives the
# compiled declarations.
DECLARING = "weasyprint.text.ffi"
COMPILED = "_avitools_weasyprint_declarations"


# The fontTools imports of WeasyPrint's font modules that `deferred_font_tools` stands in for: a
# release that imports fontTools otherwise (66.0 imported `varLib.mutator`, whose import of the
# subsetter's CFF part registers its methods twice under a deferred subsetter) starts plainly.
FONT_MODULES = ("text/fonts.py", "pdf/fonts.py")
FONT_TOOLS_IMPORTS = (
    "from fontTools.ttLib import TTFont, woff2",
    "from fontTools import subset",
    "from fontTools.ttLib import TTFont, TTLibError, ttFont",
    "from fontTools.varLib.instancer import instantiateVariableFont",
)


def verified() -> bool:
    """Whether WeasyPrint, found without importing it, imports fontTools as the shortcuts expect."""
    spec = importlib.util.find_spec("weasyprint")
    if spec is None or not spec.submodule_search_locations:
        return False
    folder = Path(next(iter(spec.submodule_search_locations)))
    found: list[str] = []
    for name in FONT_MODULES:
        try:
            lines = (folder / name).read_text(encoding="utf-8").splitlines()
        except OSError:
            return False
        found += [line.strip() for line in lines if "fontTools" in line and "import" in line]
    return tuple(found) == FONT_TOOLS_IMPORTS


class StaleDeclarationsError(Exception):
    """WeasyPrint declared other C functions than those compiled for it: import it afresh."""


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
    """While WeasyPrint is imported, give it `fontTools.subset` and `fontTools.ttLib.woff2` (which
    only decodes WOFF2 web fonts) as modules loaded on first use (the standard library's
    LazyLoader) and, for `instantiateVariableFont`, a function that imports the instancer when
    first called. Nothing of fontTools is changed; once WeasyPrint is imported, anyone else
    importing the instancer gets the real module."""
    if INSTANCER in sys.modules:
        yield
        return
    for name in (SUBSET, WOFF2):
        _load_when_used(name)
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


def _load_when_used(name: str) -> None:
    """Put module `name` in place, to be executed when one of its attributes is first used."""
    if name in sys.modules:
        return
    spec = importlib.util.find_spec(name)  # imports the parent package
    if spec is None or spec.loader is None:
        return
    spec.loader = importlib.util.LazyLoader(spec.loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    # `from fontTools import subset` then takes the attribute, without the import system looking
    # into the module (which would load it).
    parent, _, child = name.rpartition(".")
    setattr(sys.modules[parent], child, module)


def _instantiate(*args: Any, **kwargs: Any) -> Any:
    """fontTools' `instantiateVariableFont`, its module imported now."""
    return importlib.import_module(INSTANCER).instantiateVariableFont(*args, **kwargs)


@contextlib.contextmanager
def compiled_declarations() -> Iterator[None]:
    """While WeasyPrint is imported, give its `cffi.FFI()` the C declarations it makes, compiled.

    WeasyPrint declares its Pango, HarfBuzz and fontconfig functions to cffi in ABI mode; cffi
    parses those 16 kB of C with pycparser at every start, and again each C type WeasyPrint names
    when it first makes one (`ffi.new("PangoRectangle *")`). cffi's out-of-line ABI mode does the
    parsing once: the declarations compiled into the tables of an out-of-line module (plain data,
    kept in the user's cache under the digest of WeasyPrint's module and the versions of cffi and
    Python), and a C parser for the types. The same libraries are opened with the same
    declarations; `cdef` checks it is given the source that was compiled (`StaleDeclarationsError`
    otherwise). The first start compiles the tables and keeps them.
    """
    import cffi

    declaring = _declaring_module()
    if declaring is None:
        yield
        return
    key = hashlib.sha256(b"\0".join((declaring.read_bytes(), cffi.__version__.encode(),
                                     sys.version.encode()))).hexdigest()[:32]
    name = f"weasyprint-declarations/{key}.json"
    kept = recall(name)
    plain = cffi.FFI
    recorded: list[str] = []

    def made(*args: Any, **kwargs: Any) -> Any:
        """The FFI of WeasyPrint's declaring module, compiled or recording; anyone else's, plain."""
        if args or kwargs or sys._getframe(1).f_globals.get("__name__") != DECLARING:
            return plain(*args, **kwargs)
        if isinstance(kept, dict) and isinstance(kept.get("arguments"), str):
            with contextlib.suppress(ValueError, TypeError, EOFError, binascii.Error):
                return _compiled(kept["arguments"], kept.get("source_digest"))
        return _recording(plain, recorded)

    cffi.FFI = made
    try:
        yield
    finally:
        cffi.FFI = plain
    compiled = _compile(recorded[0]) if len(recorded) == 1 else None
    if compiled is not None:
        keep(name, {"arguments": compiled, "source_digest": _digest(recorded[0])})


def _declaring_module() -> Path | None:
    """WeasyPrint's `text/ffi.py`, found without importing WeasyPrint."""
    spec = importlib.util.find_spec("weasyprint")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "text" / "ffi.py"
    return path if path.is_file() else None


def _digest(source: str) -> str:
    """The digest that identifies a C source."""
    return hashlib.sha256(source.encode()).hexdigest()


def _compile(source: str) -> str | None:
    """The arguments cffi's out-of-line ABI module for the C declarations `source` gives its FFI
    (the types, functions, structures, enums and type names, as bytes, numbers and tuples),
    marshalled and base64-encoded; None if cffi cannot compile them (then nothing is kept)."""
    import cffi

    builder = cffi.FFI()
    out = io.StringIO()
    try:
        builder.set_source(COMPILED, None)
        builder.cdef(source)
        with contextlib.redirect_stdout(io.StringIO()):  # cffi says "generating …"
            builder.emit_python_code(out)
        calls = [node for node in ast.walk(ast.parse(out.getvalue())) if isinstance(node, ast.Call)]
        if len(calls) != 1:
            return None
        arguments = (tuple(ast.literal_eval(a) for a in calls[0].args),
                     {k.arg: ast.literal_eval(k.value) for k in calls[0].keywords})
    except Exception:  # a declaration cffi cannot compile only costs time
        return None
    return base64.b64encode(marshal.dumps(arguments)).decode("ascii")


def _compiled(arguments: str, source_digest: object) -> Any:
    """The FFI made from compiled declarations (no code is run: the arguments are plain data),
    checking that it is given the same declarations."""
    import _cffi_backend

    args, kwargs = marshal.loads(base64.b64decode(arguments))
    if not (_plain(args) and _plain(kwargs)):
        raise ValueError("compiled declarations hold other than plain data")

    class _Compiled(_cffi_backend.FFI):  # type: ignore[misc]
        """An out-of-line FFI whose `cdef` checks that it is given the compiled declarations."""

        def cdef(self, source: str, override: bool = False, packed: bool = False,
                 pack: int | None = None) -> None:
            if _digest(source) != source_digest or override or packed or pack:
                raise StaleDeclarationsError(DECLARING)

        def dlopen(self, name: str, flags: int = 0) -> Any:
            """The library, never unloaded: an out-of-line FFI closes a library as soon as its
            `Lib` object goes, where cffi's in-line FFI keeps it while the FFI lives; at the
            process's end a font map freed after Pango's `Lib` would call into unloaded code."""
            return super().dlopen(name, flags | self.RTLD_NODELETE)

    return _Compiled(*args, **kwargs)


def _plain(value: object) -> bool:
    """Whether `value` is made of strings, bytes, numbers, tuples and string-keyed dicts only."""
    if isinstance(value, str | bytes | int):
        return True
    if isinstance(value, tuple):
        return all(_plain(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    return False


def _recording(plain: type, recorded: list[str]) -> Any:
    """A cffi FFI that remembers the declarations it is given."""

    class Recording(plain):  # type: ignore[misc]
        """cffi's FFI, keeping each source given to `cdef`."""

        def cdef(self, source: str, *args: Any, **kwargs: Any) -> None:
            recorded.append(source)
            super().cdef(source, *args, **kwargs)

    return Recording()
