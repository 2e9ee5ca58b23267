"""A layout's templates: compiled once into the user's cache, compiled again when they change."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from avitools.errors import ConfigError
from avitools.render import templates


@pytest.fixture
def layout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = tmp_path / "layout"
    folder.mkdir()
    (folder / "issue.html").write_text("<h1>{{ title }}</h1>", encoding="utf-8")
    templates.environment.cache_clear()
    return folder


def test_a_template_is_compiled_into_the_users_cache_and_read_back(layout: Path,
                                                                   tmp_path: Path) -> None:
    assert templates.template(layout, "issue.html").render(title="A & B") == "<h1>A &amp; B</h1>"
    [compiled] = (tmp_path / "cache" / "avitools" / "templates").iterdir()
    assert compiled.stat().st_size > 0
    templates.environment.cache_clear()  # as a new process would: the compiled code is loaded
    env = templates.environment(layout)
    compiled_now: list[str] = []
    original = env.compile

    def compile_(source: str, *args: Any, **kwargs: Any) -> Any:
        compiled_now.append(source)
        return original(source, *args, **kwargs)

    env.compile = compile_  # type: ignore[method-assign, assignment]
    assert templates.template(layout, "issue.html").render(title="C") == "<h1>C</h1>"
    assert compiled_now == []


def test_a_changed_template_is_compiled_again(layout: Path) -> None:
    assert templates.template(layout, "issue.html").render(title="T") == "<h1>T</h1>"
    (layout / "issue.html").write_text("<h2>{{ title }}</h2>", encoding="utf-8")
    templates.environment.cache_clear()
    assert templates.template(layout, "issue.html").render(title="T") == "<h2>T</h2>"


def test_without_a_writable_cache_templates_are_compiled_each_time(
        layout: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    templates.environment.cache_clear()
    assert templates.environment(layout).bytecode_cache is None
    assert templates.template(layout, "issue.html").render(title="T") == "<h1>T</h1>"
    with pytest.raises(ConfigError, match="layout template is missing"):
        templates.template(layout, "book.html")
