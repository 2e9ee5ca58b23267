"""The declared schema of a manuscript's front matter, and its problems as one line each."""

from __future__ import annotations

import datetime as dt
import difflib
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, ValidationError
from pydantic_core import ErrorDetails

from avitools.errors import Problem

Text = Annotated[StrictStr, Field(min_length=1)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class AuthorMeta(_Strict):
    """An author entry: the name as printed and the note printed at the foot of page 1."""

    name: Annotated[Text, Field(max_length=200)]
    bio: Annotated[Text, Field(max_length=1000)]
    sort_as: Annotated[Text, Field(max_length=200)] | None = None


class ManuscriptMeta(_Strict):
    """Every key a manuscript's front matter may hold."""

    title: Annotated[Text, Field(max_length=300)]
    date: dt.date
    country: Annotated[Text, Field(max_length=100)]
    issue: Annotated[StrictInt, Field(ge=1, le=99)]
    authors: Annotated[list[AuthorMeta], Field(min_length=1, max_length=20)]
    subtitle: Annotated[Text, Field(max_length=300)] | None = None
    series: Annotated[StrictStr, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")] | None = None
    lang: Annotated[StrictStr, Field(pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")] = "en"
    keywords: Annotated[list[Annotated[Text, Field(max_length=100)]], Field(max_length=30)] = []
    summary: Annotated[Text, Field(max_length=2000)] | None = None
    max_pages: Annotated[StrictInt, Field(ge=1, le=100)] | None = None


KEYS = tuple(ManuscriptMeta.model_fields)
AUTHOR_KEYS = tuple(AuthorMeta.model_fields)

_HINTS = {
    "date": "write an ISO date such as 2024-08-28",
    "issue": "write the number within the year, such as 8",
    "authors": "list each author with a name and a bio",
    "lang": "write a language tag such as en or km",
}


def validate(data: dict[str, Any], name: str,
             lines: dict[tuple[str | int, ...], int]) -> tuple[ManuscriptMeta | None, list[Problem]]:
    """Validate loaded front matter; every problem is reported, each naming its key."""
    try:
        return ManuscriptMeta.model_validate(data), []
    except ValidationError as exc:
        return None, [_problem(err, name, lines) for err in exc.errors()]


def _problem(err: ErrorDetails, name: str, lines: dict[tuple[str | int, ...], int]) -> Problem:
    loc = tuple(err["loc"])
    key = _key_name(loc)
    line = _line(loc, lines)
    kind = err["type"]
    if kind == "extra_forbidden":
        known = AUTHOR_KEYS if len(loc) > 1 else KEYS
        close = difflib.get_close_matches(str(loc[-1]), known, n=1, cutoff=0.5)
        hint = f"did you mean '{close[0]}'?" if close else f"the keys are: {', '.join(known)}"
        return Problem(name, f"unknown key '{key}'", hint, line)
    if kind == "missing":
        return Problem(name, f"missing required key '{key}'", _HINTS.get(str(loc[0]), "add it"),
                       line if len(loc) > 1 else None)
    message = f"'{key}' {_describe(err)}"
    return Problem(name, message, _HINTS.get(str(loc[0]), ""), line)


def _describe(err: ErrorDetails) -> str:
    kind, ctx = err["type"], err.get("ctx", {})
    if kind.startswith("date") or kind == "datetime_type":
        return "is not a valid date"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return "must be a whole number"
    if kind in ("string_type",):
        return "must be text"
    if kind == "too_short":
        return "must not be empty"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "too_long":
        return f"has more than {ctx.get('max_length')} entries"
    if kind == "string_too_long":
        return f"is longer than {ctx.get('max_length')} characters"
    if kind in ("greater_than_equal", "less_than_equal"):
        return "must be between 1 and 99"
    if kind == "string_pattern_mismatch":
        return "is not in the expected form"
    if kind in ("list_type", "model_type", "dict_type"):
        return "has the wrong form: " + err["msg"].lower()
    return err["msg"].lower()


def _key_name(loc: tuple[Any, ...]) -> str:
    """A location as a person reads it: `title`, `bio of author 2`, `keyword 3`."""
    if len(loc) >= 2 and isinstance(loc[1], int):
        item = f"{str(loc[0]).rstrip('s')} {loc[1] + 1}"
        return f"{loc[2]} of {item}" if len(loc) > 2 else item
    return ".".join(str(p) for p in loc)


def _line(loc: tuple[Any, ...], lines: dict[tuple[str | int, ...], int]) -> int | None:
    for end in range(len(loc), 0, -1):
        if loc[:end] in lines:
            return lines[loc[:end]]
    return None
