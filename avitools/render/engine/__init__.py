"""The engine boundary: WeasyPrint loaded with avitools' extensions of it, and what reads its boxes.

Everything of avitools that touches WeasyPrint's, pydyf's, Pyphen's, Pango's or cffi's internals
lives in this package; `table.py` lists each extension, what it touches, its kind and the versions
it is verified on. The rest of avitools uses WeasyPrint's public API and the names below, each
imported from its module when first used (a build with nothing to do loads none of them).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from avitools.render.engine.extensions import (
        ENGINE_VARIABLE,
        MODES,
        EngineState,
        engine_mode,
        installed,
        pdf_variant,
        signature,
        state,
    )
    from avitools.render.engine.loader import (
        captured_log,
        font_configuration,
        settle,
        take_environment_warnings,
        weasyprint,
    )
    from avitools.render.engine.metadata import describe
    from avitools.render.engine.pages import (
        Displaced,
        displaced_notes,
        headings_at_foot,
        push_rule,
    )
    from avitools.render.engine.patterns import use_house_list
    from avitools.render.engine.table import VERIFIED

_WHERE = {
    "extensions": ("ENGINE_VARIABLE", "MODES", "EngineState", "engine_mode", "installed",
                   "pdf_variant", "signature", "state"),
    "loader": ("captured_log", "font_configuration", "settle", "take_environment_warnings",
               "weasyprint"),
    "metadata": ("describe",),
    "pages": ("Displaced", "displaced_notes", "headings_at_foot", "push_rule"),
    "patterns": ("use_house_list",),
    "table": ("VERIFIED",),
}
_MODULE = {name: module for module, names in _WHERE.items() for name in names}
__all__ = [
    "ENGINE_VARIABLE", "MODES", "VERIFIED", "Displaced", "EngineState", "captured_log", "describe",
    "displaced_notes", "engine_mode", "font_configuration", "headings_at_foot", "installed",
    "pdf_variant", "push_rule", "settle", "signature", "state",
    "take_environment_warnings", "use_house_list", "weasyprint",
]


def __getattr__(name: str) -> Any:
    """The public name `name`, from the module of this package that defines it."""
    module = _MODULE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
