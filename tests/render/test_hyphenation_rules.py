"""The house rules of hyphenation, judged on the breaks the pages draw (pdfminer reads the glyphs)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from avitools.render.engine.patterns import word_pattern
from avitools.render.hyphenate import HouseRules
from tests.conftest import ManuscriptWriter
from tests.helpers import ROOT, edit, run_avi
from tests.linebreaks import Break, line_end_breaks


def built_breaks(manuscript: Path, out: Path) -> list[Break]:
    result = run_avi("build", manuscript, "-o", out)
    assert result.exit_code == 0, result.output
    return line_end_breaks(Path(result.stdout.strip()).read_bytes())


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;")


# Sentences that give a narrow justified measure many chances to break each kind of word.
LONG = ("The {w} of the region depends on {w} and on the {w} of its neighbours, "
        "whose {w} is tested as trade patterns shift. ")


def test_mark_keeps_names_and_the_last_word_whole() -> None:
    rules = HouseRules()
    marked = rules.mark("Cambodia’s diplomacy & ASEAN’s infrastructure: a regional cooperation",
                        escape, last=True)
    assert marked == ('<span class="keep">Cambodia’s</span> diplomacy &amp; '
                      '<span class="keep">ASEAN’s</span> infrastructure: a regional '
                      '<span class="keep">cooperation</span>')
    # Words under six letters break nowhere anyway: no span for them, nor for ordinary words; a
    # paragraph whose last word is short keeps nothing else for it.
    assert rules.mark("Laos and Hanoi trade in it", escape, last=True) == "Laos and Hanoi trade in it"
    # The punctuation that touches a kept word is kept with it: no line may begin with its period
    # (a break WeasyPrint allows at the end of an inline box).
    assert rules.mark("trust through patient diplomacy.", escape, last=True) == (
        'trust through patient <span class="keep">diplomacy.</span>')
    assert rules.mark("the “Mekong’s” delta", escape) == 'the <span class="keep">“Mekong’s”</span> delta'


def test_the_house_list_becomes_whole_word_patterns() -> None:
    rules = HouseRules.from_exceptions(["Diplomacy", "modern-isation"])
    assert rules.listed == (("diplomacy", ()), ("modernisation", (6,)))
    assert word_pattern("modernisation", (6,)) == ".m8o8d8e8r8n9i8s8a8t8i8o8n."
    assert word_pattern("diplomacy", ()) == ".d8i8p8l8o8m8a8c8y."


def test_english_patterns_are_british_for_en_and_en_gb() -> None:
    import pyphen

    for lang in ("en", "en-GB"):
        path = pyphen.LANGUAGES[pyphen.language_fallback(lang.replace("-", "_"))]
        assert Path(path).name == "hyph_en_GB.dic"


def test_no_capitalised_word_is_broken(write_manuscript: ManuscriptWriter, tmp_path: Path) -> None:
    words = ("Internationalisation", "internationalisation", "Interdependence", "interdependence")
    body = "\n\n".join("".join(LONG.format(w=w) for w in words) * 3 for _ in range(4)) + "\n"
    breaks = built_breaks(write_manuscript(body), tmp_path)
    broken = [b.word for b in breaks]
    assert any(w in ("internationalisation", "interdependence") for w in broken), broken
    assert not [b for b in breaks if b.word[0].isupper()]


def test_three_letters_each_side_and_no_short_word(write_manuscript: ManuscriptWriter,
                                                   tmp_path: Path) -> None:
    # British patterns would break these after two letters (in-ability, de-livery, re-gion) or
    # before two (diplomat-ic).
    words = ("inability", "delivery", "diplomatic", "regions", "deliberate", "incoherent")
    body = "\n\n".join("".join(LONG.format(w=w) for w in words) * 2 for _ in range(4)) + "\n"
    breaks = built_breaks(write_manuscript(body), tmp_path)
    assert breaks
    assert [b for b in breaks if len(b.before) < 3 or len(b.after) < 3 or len(b.word) < 6] == []


def test_a_paragraphs_last_word_is_never_broken(write_manuscript: ManuscriptWriter,
                                                tmp_path: Path) -> None:
    endings = ("cooperation", "readiness", "signatures", "modernisation", "sustainability")
    body = "\n\n".join(f"{LONG.format(w='stability') * (2 + i % 3)}It ends in {w}."
                       for i in range(5) for w in endings) + "\n"
    breaks = built_breaks(write_manuscript(body), tmp_path)
    assert breaks
    assert [b for b in breaks if b.alone] == []


def test_no_word_broken_across_a_page_turn(tmp_path: Path) -> None:
    # Without the rule, 2024-10 ends page 1 on `coopera-` and 2024-11 on `consulta-` (a paragraph
    # with two lines on the page, which then goes over whole).
    for name in ("2024-10-hedging-in-practice.md", "2024-11-mekong-water-diplomacy.md"):
        breaks = built_breaks(ROOT / "tests" / "data" / "manuscripts" / name, tmp_path / name)
        assert breaks
        assert [b for b in breaks if b.page_turn] == []


def test_the_house_list_in_avi_toml(scratch_project: Path, write_manuscript: ManuscriptWriter,
                                    tmp_path: Path) -> None:
    body = "\n\n".join(LONG.format(w="sustainability") * 3 + LONG.format(w="modernisation") * 3
                       for _ in range(4)) + "\n"
    manuscript = write_manuscript(body)
    before = {(b.before, b.after) for b in built_breaks(manuscript, tmp_path / "before")}
    assert ("sustain", "ability") in before
    assert {("mod", "ernisation"), ("modernisa", "tion")} & before
    with (scratch_project / "avi.toml").open("a", encoding="utf-8") as toml:
        toml.write('\n[hyphenation]\nexceptions = ["modernisation", "sus-tainability"]\n')
    after = built_breaks(manuscript, tmp_path / "after")
    assert "modernisation" not in [b.word for b in after]
    # Where `sustain-` fitted, `sus-` (the only break the list allows) fits too.
    assert {(b.before, b.after) for b in after if b.word == "sustainability"} == {
        ("sus", "tainability")}


def test_a_house_list_entry_that_is_not_a_word_is_one_line(scratch_project: Path) -> None:
    edit(scratch_project / "avi.toml", "[publisher]",
         '[hyphenation]\nexceptions = ["two words"]\n\n[publisher]')
    result = run_avi("list")
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"error: {scratch_project / 'avi.toml'}: hyphenation.exceptions: Value error, 'two words' "
        "is not a word, with hyphens only where it may break"]


@pytest.mark.slow
def test_the_fixtures_keep_their_breaks_and_break_no_rule(tmp_path: Path) -> None:
    folders = ["manuscripts", "tests/data/manuscripts", "tests/data/footnotes", "tests/data/scripts",
               "tests/data/khmer"]
    breaks: list[Break] = []
    for folder in folders:
        out = tmp_path / folder.replace("/", "-")
        done = subprocess.run([sys.executable, "-m", "avitools", "build", ROOT / folder, "-o", out],
                              capture_output=True, text=True, cwd=ROOT, check=False)
        assert done.returncode == 0, done.stderr
        for pdf in sorted(out.rglob("*.pdf")):
            breaks += line_end_breaks(pdf.read_bytes())
    # And the book of each year: its pages turn elsewhere than the issues' own.
    for year, folder in (("2024", "manuscripts"), ("2024", "tests/data/manuscripts"),
                         ("2000", "tests/data/footnotes"), ("2024", "tests/data/scripts"),
                         ("2025", "tests/data/khmer")):
        book = tmp_path / f"book-{folder.replace('/', '-')}.pdf"
        done = subprocess.run([sys.executable, "-m", "avitools", "anthology", year, "--from", ROOT / folder,
                               "-o", book], capture_output=True, text=True, cwd=ROOT, check=False)
        assert done.returncode == 0, done.stderr
        breaks += line_end_breaks(book.read_bytes())
    assert [(b, b.broken_rules()) for b in breaks if b.broken_rules()] == []
    assert len(breaks) >= 100  # 108 on 2026-12-05
