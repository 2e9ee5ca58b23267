"""Manuscripts for the engine comparison harness: the fixtures, and generated ones that each lean on
one thing the layout does (tables, lists, many notes, figures, Khmer, Vietnamese, long words)."""

from __future__ import annotations

import shutil
from pathlib import Path

from benchmarks.corpus import manuscript
from tests.helpers import ROOT, SEED

FIXTURES = [SEED, *sorted((ROOT / "tests" / "data" / "manuscripts").glob("*.md")),
            *sorted((ROOT / "tests" / "data" / "khmer").glob("*.md")),
            *sorted((ROOT / "tests" / "data" / "footnotes").glob("*.md")),
            *sorted((ROOT / "tests" / "data" / "scripts").glob("*.md")),
            *(ROOT / "tests" / "data" / "faithful" / name for name in ("tables.md", "links.md"))]
PORTRAIT = ROOT / "tests" / "data" / "faithful" / "portrait.png"
KINDS = ("table", "lists", "notes", "figure", "khmer", "vietnamese", "ellipsis")
KHMER = ("ទន្លេមេគង្គគឺជាប្រភពជីវិតរបស់ប្រជាជនជាង ៦០ លាននាក់ ដែលរស់នៅតាមដងទន្លេ។ "
         "ការសាងសង់ទំនប់វារីអគ្គិសនីនៅផ្នែកខាងលើ បានផ្លាស់ប្តូររបបទឹកធម្មជាតិ។ ")
VIETNAMESE = ("Việt Nam và Campuchia tăng cường hợp tác kinh tế, thương mại và đầu tư trong bối cảnh "
              "khu vực có nhiều biến động; chính sách đối ngoại cân bằng giúp giữ vững độc lập. ")
LATIN = ("Cambodia balances its partners while the region changes, and the institutions of the "
         "Mekong depend on data that each government shares in time. ")


def _front(title: str, year: int, issue: int, lang: str = "en") -> str:
    return (f'---\ntitle: "{title}"\ndate: {year}-{(issue - 1) // 2 + 1:02d}-{issue % 27 + 1:02d}\n'
            f"country: Cambodia\nissue: {issue}\nlang: {lang}\nauthors:\n"
            f'  - name: YEN Samnang\n    bio: "Yen Samnang is a research fellow at the Institute."\n'
            "---\n\n")


def _body(kind: str, number: int) -> str:
    paragraphs = [LATIN * (3 + number % 4)] * 2
    if kind == "table":
        rows = "\n".join(f"| Row {r} of {number} | {r * 3.5:.1f} | {'long cell text ' * (r % 3)}|"
                         for r in range(1, 6 + number % 5))
        blank = "| &nbsp; | &nbsp; | a cell beside two that hold only a no-break space |"
        paragraphs.append(f"| Item | Value | Note |\n| --- | ---: | --- |\n{rows}\n{blank}")
    elif kind == "lists":
        paragraphs.append("\n".join(f"{'  ' * (i % 3)}- point {i}: {LATIN[:40 + i * 5]}"
                                    for i in range(8)))
        paragraphs.append("\n".join(f"{i}. step {i} of the plan" for i in range(1, 7)))
    elif kind == "notes":
        paragraphs = [LATIN + f"Claim {i}.[^n{i}]" for i in range(1, 10 + number % 6)]
        paragraphs += [f"[^n{i}]: Asian Vision Institute, working paper {number}-{i}, "
                       f"{'with a longer reference that runs on ' * (i % 3)}p. {i}."
                       for i in range(1, 10 + number % 6)]
    elif kind == "figure":
        paragraphs.append("![A portrait of the author, seated](portrait.png)")
    elif kind == "khmer":
        paragraphs = [KHMER * (2 + number % 3)] * 3
    elif kind == "vietnamese":
        paragraphs = [VIETNAMESE * (2 + number % 3)] * 3 + ["Trần Quốc Bảo, Nguyễn Thị Lan."]
    elif kind == "ellipsis":
        paragraphs.append("Words like internationalisation, counterintelligence, "
                          "telecommunications and interdependence break at line ends: "
                          + " ".join(["multilateralism"] * (10 + number)))
    return "## Section\n\n" + "\n\n".join(paragraphs) + "\n\n## Conclusion\n\n" + LATIN + "\n"


def write_corpus(folder: Path, generated: int = 35, synthetic: int = 20) -> list[Path]:
    """The fixtures, `generated` manuscripts of the kinds above (a year of their own, so that
    their print book can be made) and `synthetic` ones of the benchmark corpus."""
    paths = []
    for source in FIXTURES:
        target = folder / "fixtures" / source.parent.name / source.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, target)
        if (source.parent / "portrait.png").is_file():
            shutil.copy(source.parent / "portrait.png", target.parent / "portrait.png")
        paths.append(target)
    for number in range(generated):
        kind = KINDS[number % len(KINDS)]
        year, issue = 2030 + number // 24, number % 24 + 1
        lang = {"khmer": "km", "vietnamese": "vi"}.get(kind, "en")
        path = folder / str(year) / f"{year}-{issue:02d}-{kind}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        if kind == "figure":
            shutil.copy(PORTRAIT, path.parent / "portrait.png")
        path.write_text(_front(f"A {kind} commentary, number {number}", year, issue, lang)
                        + _body(kind, number), encoding="utf-8")
        paths.append(path)
    for number in range(synthetic):
        path = folder / "synthetic" / f"ms-{number:04d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(manuscript(number * 7), encoding="utf-8")
        paths.append(path)
    return paths
