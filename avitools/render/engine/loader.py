"""WeasyPrint, loaded once per process with only the bundled fonts and the extensions that fit it,
its log turned into errors."""

from __future__ import annotations

import contextlib
import functools
import gc
import io
import logging
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any, cast

from avitools.errors import ConfigError, Problem
from avitools.render.engine import startup
from avitools.render.engine.extensions import engine_mode, install_all, startup_aside, take_notices

FONTCONFIG_NAME = "fonts.conf"
OLDEST_MAJOR = 70  # the public API avitools uses (the URL fetcher classes) came with WeasyPrint 70
# WeasyPrint messages about this machine, not the document: each becomes one warning per run.
ENVIRONMENT_MESSAGES = {
    "Using fontTools instead of HarfBuzz-Subset": (
        "warning: WeasyPrint subsets fonts with fontTools because HarfBuzz's subsetter is missing: "
        "PDFs are written about three times slower (install the Debian package libharfbuzz-subset0, "
        "or run make system-deps as root)"),
}
_environment: dict[str, None] = {}


def weasyprint(fonts: Path) -> ModuleType:
    """Import WeasyPrint with fontconfig confined to `fonts`, with the extensions the engine mode
    allows and whose targets match (extensions.py); refuse if it was loaded otherwise."""
    config = (fonts / FONTCONFIG_NAME).resolve()
    if not config.is_file():
        raise ConfigError(Problem(config, "the fontconfig file of the bundled fonts is missing",
                                  "restore fonts/fonts.conf"))
    if "weasyprint" not in sys.modules:
        os.environ["FONTCONFIG_FILE"] = str(config)
        if engine_mode() == "full":
            if startup.verified():
                _quick_import()
            else:
                startup_aside("WeasyPrint imports fontTools otherwise than the shortcuts expect")
    elif os.environ.get("FONTCONFIG_FILE") != str(config):
        raise ConfigError(Problem(config, "WeasyPrint was loaded before the house fonts were set",
                                  "render in a fresh process"))
    import weasyprint as module

    major = module.__version__.split(".")[0]
    if not major.isdigit() or int(major) < OLDEST_MAJOR:
        raise ConfigError(Problem(
            f"WeasyPrint {module.__version__}", f"is older than avitools renders with ({OLDEST_MAJOR} "
            "or later)", f"pip install 'weasyprint>={OLDEST_MAJOR},<72', as pyproject.toml asks"))
    install_all()
    return cast(ModuleType, module)


def _quick_import() -> None:
    """Import WeasyPrint through the start-up shortcuts; on any failure of theirs (a library only
    the slow lookup finds, declarations that changed, a WeasyPrint they do not know), forget every
    module the attempt imported, fontTools' half-registered subsetter included: the plain import
    that follows loads them as they load themselves."""
    before = set(sys.modules)
    try:
        with startup.quick_library_lookup(), startup.deferred_font_tools(), \
                startup.compiled_declarations(), contextlib.redirect_stdout(io.StringIO()):
            import weasyprint  # noqa: F401
    except Exception as exc:
        for name in set(sys.modules) - before:
            del sys.modules[name]
        startup_aside(f"{type(exc).__name__}: {exc}")


@functools.lru_cache(maxsize=2)
def font_configuration(fonts: Path) -> Any:
    """The one FontConfiguration shared by every stylesheet and PDF of this process."""
    weasyprint(fonts)
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


@functools.cache
def settle() -> None:
    """Once WeasyPrint, the fonts and the layout are loaded, move every object made so far out of
    the garbage collector's scans (`gc.freeze`): its full collections then look at the document
    being made only (in a build of 48 issues the collector took 0.49 s instead of 0.92 s)."""
    gc.freeze()


class _Collector(logging.Handler):
    """Keep WeasyPrint's warnings and errors for the caller to turn into build failures."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        for text, warning in ENVIRONMENT_MESSAGES.items():
            if text in message:
                _environment[warning] = None
                return
        self.messages.append(message.splitlines()[0] if message else record.levelname)


def take_environment_warnings() -> list[str]:
    """What WeasyPrint said about this machine since the last call, and what the engine says of
    its extensions (once a process), each once."""
    said = list(_environment) + take_notices()
    _environment.clear()
    return said


@contextlib.contextmanager
def captured_log() -> Iterator[list[str]]:
    """Collect WeasyPrint's warnings and errors about the document while the block runs."""
    logger = logging.getLogger("weasyprint")
    handler = _Collector()
    logger.addHandler(handler)
    propagate, logger.propagate = logger.propagate, False
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate
