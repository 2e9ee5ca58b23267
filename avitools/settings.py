"""Validate `avi.toml` with pydantic against the settings classes of `avitools.config`.

The classes are plain frozen dataclasses; each field's rules are pydantic `Field` arguments in its
metadata (`check`: a validator function). Here each class becomes a pydantic model with the same
fields, rules and defaults, extra keys forbidden, so that a problem reads as pydantic words it
(`series.commentary.layout: String should match pattern ...`).
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model, field_validator

from avitools import config
from avitools.errors import ConfigError, Problem


def validate(data: dict[str, Any], path: Path) -> dict[str, Any]:
    """The settings file's data, validated, as plain JSON values; every problem raised at once."""
    try:
        settings = model_of(config.Settings).model_validate(data)
    except ValidationError as exc:
        raise ConfigError([Problem(path, f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}")
                           for err in exc.errors()]) from exc
    valid: dict[str, Any] = settings.model_dump(mode="json")
    return valid


@functools.cache
def model_of(cls: type) -> type[BaseModel]:
    """The pydantic model of one settings dataclass."""
    hints = typing.get_type_hints(cls, vars(config))
    fields: dict[str, Any] = {}
    validators: dict[str, Any] = {}
    for item in dataclasses.fields(cls):
        rules = dict(item.metadata)
        check = rules.pop("check", None)
        if item.default is not dataclasses.MISSING:
            rules["default"] = item.default
        elif item.default_factory is not dataclasses.MISSING:
            rules["default_factory"] = item.default_factory
        fields[item.name] = (_modelled(hints[item.name]), Field(**rules))
        if check is not None:
            validators[f"check_{item.name}"] = field_validator(item.name)(check)
    model: type[BaseModel] = create_model(
        cls.__name__, __config__=ConfigDict(extra="forbid", frozen=True),
        __validators__=validators, __doc__=cls.__doc__, **fields)
    return model


def _modelled(hint: Any) -> Any:
    """A field's type with each settings dataclass in it replaced by its model."""
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return model_of(hint)
    args = typing.get_args(hint)
    origin = typing.get_origin(hint)
    if not args or origin is typing.Literal:
        return hint
    modelled = tuple(_modelled(arg) for arg in args)
    if origin is types.UnionType:
        return functools.reduce(lambda a, b: a | b, modelled)
    return origin[modelled]
