"""Pyphen finds no break in a capitalised word; without the extension the HTML keeps names whole."""

from __future__ import annotations

import inspect
import os
import subprocess
import sys
from pathlib import Path

from avitools.render.engine import installed, weasyprint
from avitools.render.hyphenate import HouseRules
from tests.conftest import ManuscriptWriter
from tests.helpers import ROOT
from tests.linebreaks import line_end_breaks

FONTS = ROOT / "fonts"
# Sentences that give a narrow justified measure many chances to break each kind of word.
LONG = ("The {w} of the region depends on {w} and on the {w} of its neighbours, "
        "whose {w} is tested as trade patterns shift. ")
WORDS = ("Internationalisation", "internationalisation", "Interdependence", "interdependence")


def test_pyphen_answers_no_break_for_a_capitalised_word() -> None:
    weasyprint(FONTS)
    import pyphen

    assert installed("names")
    dictionary = pyphen.Pyphen(lang="en_GB", left=3, right=3)
    assert list(dictionary.iterate("Internationalisation")) == []
    assert list(dictionary.iterate("ASEAN’s")) == []
    assert dictionary.positions("internationalisation") == inspect.unwrap(
        pyphen.Pyphen.positions)(dictionary, "internationalisation") != []


def test_the_html_keeps_names_only_where_the_engine_does_not() -> None:
    def escape(text: str) -> str:
        return text

    text = "Cambodia’s regional diplomacy with Thailand and its cooperation"
    assert HouseRules(names=False).mark(text, escape, last=True) == (
        'Cambodia’s regional diplomacy with Thailand and its <span class="keep">cooperation</span>')
    assert HouseRules(names=True).mark(text, escape) == (
        '<span class="keep">Cambodia’s</span> regional diplomacy with '
        '<span class="keep">Thailand</span> and its cooperation')


def test_stock_weasyprint_keeps_names_whole_by_the_spans(write_manuscript: ManuscriptWriter,
                                                         tmp_path: Path) -> None:
    manuscript = write_manuscript("\n\n".join("".join(LONG.format(w=w) for w in WORDS) * 3
                                              for _ in range(4)) + "\n")
    broken = {}
    for mode in ("full", "stock"):
        out = tmp_path / mode
        done = subprocess.run([sys.executable, "-m", "avitools", "build", manuscript, "-o", out],
                              capture_output=True, text=True, cwd=ROOT,
                              env={**os.environ, "AVI_ENGINE": mode}, check=False)
        assert done.returncode == 0, done.stderr
        breaks = line_end_breaks(next(out.rglob("*.pdf")).read_bytes())
        broken[mode] = [b.word for b in breaks]
    for words in broken.values():
        assert {"internationalisation", "interdependence"} & set(words), words
        assert not [w for w in words if w[0].isupper()]
