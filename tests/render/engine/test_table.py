"""The table of extensions: what each touches is what is installed, and each says how to delete it."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest
from packaging.specifiers import SpecifierSet

from avitools.render.engine import guard, state, weasyprint
from avitools.render.engine.extensions import versions
from avitools.render.engine.table import EXTENSIONS, STARTUP, VERIFIED
from tests.helpers import ROOT

ENGINE = ROOT / "avitools" / "render" / "engine"
# The package's own machinery, which is not an extension of anything.
# `patterns` gives the house list to Pyphen through its public table of languages.
MACHINERY = {"__init__", "extensions", "guard", "loader", "patterns", "table", "taken"}


def test_the_suite_runs_on_the_verified_versions() -> None:
    weasyprint(ROOT / "fonts")
    assert versions() == VERIFIED


def test_on_the_verified_versions_every_extension_matches_its_targets_and_installs() -> None:
    weasyprint(ROOT / "fonts")  # every target is fingerprinted before anything is installed
    current = state()
    assert current.mode == "full"
    assert current.aside == {}
    assert current.on == [e.name for e in EXTENSIONS]
    assert all(e.targets for e in EXTENSIONS)


def test_every_module_of_the_package_is_an_extension_of_the_table_or_its_machinery() -> None:
    modules = {p.stem for p in ENGINE.glob("*.py")}
    listed = {e.name for e in (*EXTENSIONS, STARTUP)}
    assert modules - MACHINERY == listed
    for name in listed:
        module = importlib.import_module(f"avitools.render.engine.{name}")
        assert callable(getattr(module, "install", None)) or name == "startup", name


@pytest.mark.parametrize("extension", [*EXTENSIONS, STARTUP], ids=lambda e: e.name)
def test_each_extension_names_the_upstream_change_that_would_delete_it(extension: object) -> None:
    from avitools.render.engine.table import Extension

    assert isinstance(extension, Extension)
    proposal = re.match(r"(docs/upstream/\S+\.md)|none needed", extension.upstream)
    assert proposal, extension.upstream
    if proposal[1]:
        text = (ROOT / proposal[1]).read_text(encoding="utf-8")
        assert re.search(r"^## The thread", text, re.M), proposal[1]  # the upstream issue it answers
    module = (ENGINE / f"{extension.name}.py").read_text(encoding="utf-8")
    docstring = module.split('"""')[1]
    assert f"Upstream: {proposal[0]}" in " ".join(docstring.split())  # the module names it too


def test_pyproject_takes_the_next_releases_and_refuses_older_ones() -> None:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    found = re.search(r'"weasyprint([^"]+)"', text)
    assert found
    allowed = SpecifierSet(found[1])
    assert VERIFIED["weasyprint"] in allowed
    assert "71.0" in allowed
    assert "70.1" in allowed
    assert "69.0" not in allowed
    assert "66.0" not in allowed
    assert "72.0" not in allowed  # a major release is verified before it is allowed


def test_a_changed_function_has_another_fingerprint(tmp_path: Path) -> None:
    module = tmp_path / "upstream_sample.py"
    module.write_text("def layout(a):\n    return a + 1\n", encoding="utf-8")
    import sys

    sys.path.insert(0, str(tmp_path))
    try:
        sample = importlib.import_module("upstream_sample")
        before = guard.fingerprint("upstream_sample:layout")
        module.write_text("def layout(a):\n    return a + 2\n", encoding="utf-8")
        guard._lines.cache_clear()
        importlib.reload(sample)
        after = guard.fingerprint("upstream_sample:layout")
    finally:
        sys.path.remove(str(tmp_path))
        sys.modules.pop("upstream_sample", None)
    assert before != after
    assert len(before) == 16
    assert guard.fingerprint("upstream_sample:renamed") == "missing"
    assert guard.mismatched({"upstream_sample:renamed": before}) == ["upstream_sample:renamed"]


def test_the_package_names_resolve_to_their_modules() -> None:
    import avitools.render.engine as engine

    assert sorted(engine.__all__) == sorted(engine._MODULE)
    for name in engine.__all__:
        assert getattr(engine, name) is not None, name
