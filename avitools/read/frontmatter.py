"""Split YAML front matter from the body and load it safely, within bounds."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from avitools.errors import ManuscriptError, Problem

MAX_FRONT_MATTER = 64_000
MAX_DEPTH = 8
_FENCE = "---"
_STANDARD_TAGS = {
    "tag:yaml.org,2002:" + t
    for t in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp")
}


# libyaml's parser when PyYAML was built with it (the wheels are), else PyYAML's own: same results.
_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_SafeLoader):  # type: ignore[valid-type,misc]
    """Safe YAML that leaves dates as text, so the schema reports a bad one by its key."""


def _timestamp_as_text(_loader: yaml.SafeLoader, node: yaml.Node) -> str:
    return str(node.value)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)


@dataclass(frozen=True)
class FrontMatter:
    """The loaded metadata, where each key stands, and where the body starts."""

    data: dict[str, Any]
    lines: dict[tuple[str | int, ...], int]
    body: str
    body_line: int


def split(text: str, name: str, offset: int = 2) -> FrontMatter:
    """Separate and load the front matter of `text` (the file called `name`); the first YAML
    line is line `offset` of the file (2 in a manuscript, 1 in a sidecar file)."""
    lines = text.split("\n")
    if lines[0].strip() != _FENCE:
        raise ManuscriptError(
            Problem(name, "has no front matter", "start the file with a '---' line, "
                    "the metadata in YAML, and a closing '---' line", 1)
        )
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in (_FENCE, "...")), None)
    if end is None:
        raise ManuscriptError(
            Problem(name, "the front matter is never closed", "add a '---' line after the metadata", 1)
        )
    source = "\n".join(lines[1:end])
    if len(source) > MAX_FRONT_MATTER:
        raise ManuscriptError(
            Problem(name, f"the front matter is longer than {MAX_FRONT_MATTER:,} characters",
                    "keep only the metadata keys there", offset)
        )
    node = _compose(source, name, offset)
    data = _Loader("").construct_document(node) if node is not None else None
    if not isinstance(data, dict):
        raise ManuscriptError(
            Problem(name, "the front matter is not a set of 'key: value' lines",
                    "write the metadata as YAML keys", offset)
        )
    positions: dict[tuple[str | int, ...], int] = {}
    _positions(node, (), positions, offset)
    return FrontMatter(data, positions, "\n".join(lines[end + 1:]), end + 2)


def _compose(source: str, name: str, offset: int) -> yaml.Node | None:
    """Parse to a node tree, refusing aliases, custom tags and deep nesting before loading."""
    try:
        depth = 0
        for event in yaml.parse(source, Loader=_SafeLoader):
            line = event.start_mark.line + offset if event.start_mark else None
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise ManuscriptError(
                    Problem(name, "YAML anchors and aliases are not allowed in front matter",
                            "write each value out", line)
                )
            tag = getattr(event, "tag", None)
            if tag and tag not in _STANDARD_TAGS and not tag == "!":
                raise ManuscriptError(
                    Problem(name, f"YAML tag '{tag}' is not allowed", "remove the tag", line)
                )
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise ManuscriptError(
                        Problem(name, f"the front matter nests deeper than {MAX_DEPTH} levels",
                                "flatten the metadata", line)
                    )
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
        return yaml.compose(source, Loader=_SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = int(mark.line) + offset if mark is not None else None
        what = exc.problem or exc.context or "invalid YAML"
        if what == "exceeded maximum nesting depth":  # libyaml's own limit, far above ours
            raise ManuscriptError(
                Problem(name, f"the front matter nests deeper than {MAX_DEPTH} levels",
                        "flatten the metadata", line)
            ) from exc
        raise ManuscriptError(
            Problem(name, f"the front matter is not valid YAML: {what}",
                    "check indentation, colons and quotes", line)
        ) from exc
    except yaml.YAMLError as exc:
        raise ManuscriptError(
            Problem(name, f"the front matter is not valid YAML: {exc}", "fix the metadata", offset)
        ) from exc


def _positions(node: yaml.Node | None, path: tuple[str | int, ...],
               out: dict[tuple[str | int, ...], int], offset: int) -> None:
    """Record the file line of every key and list item under `node`."""
    if node is None:
        return
    out[path] = node.start_mark.line + offset
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            sub = (*path, str(key.value))
            _positions(value, sub, out, offset)
            out[sub] = key.start_mark.line + offset
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _positions(item, (*path, index), out, offset)
