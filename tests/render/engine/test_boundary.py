"""The engine boundary holds: outside `avitools/render/engine/`, avitools uses the public API of
WeasyPrint, pydyf, Pyphen and cffi only."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.helpers import ROOT

PACKAGE = ROOT / "avitools"
ENGINE = PACKAGE / "render" / "engine"
LIBRARIES = ("weasyprint", "pydyf", "pyphen", "cffi", "_cffi_backend", "tinycss2", "cssselect2")
# What avitools outside the engine takes from them: WeasyPrint's documented API (the classes of
# `weasyprint`, the URL fetcher of `weasyprint.urls`, the PDF variants it writes) and the pydyf
# objects a WeasyPrint `finisher` is documented to receive.
PUBLIC = {
    "weasyprint": {"HTML", "CSS", "Document", "Page", "DocumentMetadata", "Attachment",
                   "default_url_fetcher", "__version__"},
    "weasyprint.urls": {"HTTP_HEADERS", "FatalURLFetchingError", "URLFetcher", "URLFetcherResponse"},
    "weasyprint.pdf": {"VARIANTS"},
    "pydyf": {"Dictionary", "Array", "String"},
}

# Underscored names of other libraries that are their documented API: lxml's element type, os._exit.
OTHERS = {"_Element", "_exit"}


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if ENGINE not in p.parents)


def _own_names() -> set[str]:
    """Every name avitools itself defines (functions, classes, variables, attributes, arguments)."""
    names: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                names.add(node.name)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names.add(node.id)
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                names.add(node.attr)
            elif isinstance(node, ast.arg):
                names.add(node.arg)
    return names


def _library(module: str) -> bool:
    return module.split(".")[0] in LIBRARIES


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def violations(path: Path, own: set[str]) -> list[str]:
    """What a module outside the engine takes from the libraries' insides, as `path:line: what`."""
    found: list[str] = []
    where = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name
    tree = ast.parse(path.read_text(encoding="utf-8"))
    aliases: dict[str, str] = {}  # a name bound to a library module -> that module
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if _library(alias.name):
                    aliases[alias.asname or alias.name.split(".")[0]] = alias.name
                    if alias.name not in PUBLIC:
                        found.append(f"{where}:{node.lineno}: import {alias.name}")
        elif isinstance(node, ast.ImportFrom) and node.module and _library(node.module):
            for alias in node.names:
                if alias.name not in PUBLIC.get(node.module, set()):
                    found.append(f"{where}:{node.lineno}: from {node.module} import {alias.name}")
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute):
            continue
        if isinstance(node.value, ast.Name) and node.value.id in aliases:
            module = aliases[node.value.id]
            if node.attr not in PUBLIC.get(module, set()):
                found.append(f"{where}:{node.lineno}: {module}.{node.attr}")
        elif _private(node.attr) and node.attr not in own | OTHERS:
            found.append(f"{where}:{node.lineno}: .{node.attr}")
    return sorted(found, key=lambda v: int(v.split(":")[1]))


def test_no_module_outside_the_engine_reaches_inside_the_libraries() -> None:
    own = _own_names()
    found = [v for path in _modules() for v in violations(path, own)]
    assert found == []


def test_the_walk_finds_what_it_looks_for(tmp_path: Path) -> None:
    sample = tmp_path / "_boundary_sample.py"
    sample.write_text(
        "import weasyprint\nimport pydyf\nfrom weasyprint.layout import block\n"
        "from weasyprint import HTML\n"
        "def f(document):\n    weasyprint.HTML(string='')\n    pydyf.Dictionary({})\n"
        "    weasyprint.text.ffi\n    return document.pages[0]._page_box\n", encoding="utf-8")
    assert violations(sample, _own_names()) == [
        "_boundary_sample.py:3: from weasyprint.layout import block",
        "_boundary_sample.py:8: weasyprint.text",
        "_boundary_sample.py:9: ._page_box"]
