"""Property: any front matter and Markdown ends in a PDF or in avitools' own error, nothing else."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from avitools.config import Project
from avitools.errors import AviError
from avitools.read import read_manuscript
from avitools.render.pdf import render_pdf

# Mostly characters the house fonts draw (Latin, Vietnamese, Khmer, punctuation), a few they do not.
letters = st.sampled_from(
    list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:'\"!?()-–—&<>/*_#[]")
    + list("ăâđêôơưĂÂĐÊÔƠƯạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ")
    + list("កខគឃងចឆជឈញដឋឌឍណតថទធនបផពភមយរលវសហឡអាិីឹឺុូួើឿៀេែៃោៅំះ្")
    + ["\U0001F600", "\u4e2d", "\u0000", "\ufffd"]
)
text = st.text(alphabet=letters, max_size=60)
scalars = st.one_of(
    text, st.integers(-5, 200), st.booleans(), st.none(),
    st.dates().map(str), st.floats(allow_nan=False, allow_infinity=False),
)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3)
                      | st.dictionaries(st.text(max_size=8), inner, max_size=3), max_leaves=6)
author = st.fixed_dictionaries({"name": st.text(alphabet=letters, min_size=1, max_size=30),
                                "bio": st.text(alphabet=letters, min_size=1, max_size=80)})
valid = st.fixed_dictionaries(
    {
        "title": st.text(alphabet=letters, min_size=1, max_size=60),
        "date": st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 1, 1)).map(str),
        "country": st.text(alphabet=letters, min_size=1, max_size=20),
        "issue": st.integers(1, 99),
        "authors": st.lists(author, min_size=1, max_size=3),
    },
    optional={"keywords": st.lists(st.text(alphabet=letters, min_size=1, max_size=15), max_size=4),
              "lang": st.sampled_from(["en", "km", "vi", "en-GB"]),
              "subtitle": st.text(alphabet=letters, min_size=1, max_size=40)},
)
# Mostly valid metadata with at most one key broken, so that most examples reach the renderer.
mutation = st.dictionaries(
    st.sampled_from(["title", "date", "country", "issue", "authors", "keywords", "lang", "extra"]),
    values, max_size=1)
front = st.builds(lambda base, change: {**base, **change}, valid, mutation)
blocks = st.lists(st.one_of(
    text,
    st.sampled_from(["## Heading", "> quoted", "- item\n- item", "1. one\n2. two",
                     "| a | b |\n|---|---|\n| 1 | 2 |",
                     "Text with a note.[^a]\n\n[^a]: The note.", "[^b]: orphan", "`code`", "***", "<b>x</b>",
                     "![img](x.png)", "[link](https://example.org)", "Emphasis *and* **strong**"]),
), max_size=6)


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(meta=front, body=blocks)
def test_any_input_ends_in_pdf_or_own_error(meta: dict[str, object], body: list[str],
                                             project: Project, tmp_path: Path) -> None:
    path = tmp_path / "generated.md"
    path.write_text("---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n\n"
                    + "\n\n".join(["An opening paragraph.", *body]) + "\n", encoding="utf-8")
    refused: AviError | None = None
    try:
        data = render_pdf(project, read_manuscript(path, project))
    except AviError as error:
        refused = error
    if refused is not None:
        event(f"error: {refused.problems[0].message[:30]}")
        assert refused.lines()
        assert all(line.startswith(f"error: {path}") for line in refused.lines())
    else:
        event("pdf")
        assert data.startswith(b"%PDF-")
