"""The engine boundary: WeasyPrint loaded with avitools' extensions of it, and what reads its boxes.

Everything of avitools that touches WeasyPrint's, pydyf's, Pyphen's, Pango's or cffi's internals
lives in this package; `table.py` lists each extension, what it touches, its kind and the versions
it is verified on. The rest of avitools uses WeasyPrint's public API and the names below.
"""

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
    notes_height,
    push_rule,
)
from avitools.render.engine.table import VERIFIED

__all__ = [
    "ENGINE_VARIABLE",
    "MODES",
    "VERIFIED",
    "Displaced",
    "EngineState",
    "captured_log",
    "describe",
    "displaced_notes",
    "engine_mode",
    "font_configuration",
    "headings_at_foot",
    "installed",
    "notes_height",
    "pdf_variant",
    "push_rule",
    "settle",
    "signature",
    "state",
    "take_environment_warnings",
    "weasyprint",
]
