"""Synthetic manuscripts of seed-like length: sections, footnotes, one or two authors."""

from __future__ import annotations

import random
from pathlib import Path

_SUBJECTS = ["Cambodia", "The region", "ASEAN", "Phnom Penh", "Each middle power", "The partnership",
             "Regional institutions", "Small states", "The government", "Development partners",
             "Vietnam", "Thailand", "Laos", "Seoul", "Tokyo"]
_VERBS = ["strengthens", "tests", "reshapes", "depends on", "balances", "supports", "complicates",
          "anchors", "widens", "deepens", "protects", "weakens"]
_OBJECTS = ["its strategic autonomy", "the rules-based order", "economic resilience",
            "maritime cooperation", "connectivity across the Mekong", "trust among neighbours",
            "the balance of power", "public debt sustainability", "supply-chain diversification",
            "its diplomatic space", "the peacekeeping capacity of its forces", "regional stability"]
_TAILS = ["in an uncertain decade", "while great powers compete", "as trade patterns shift",
          "without choosing sides", "through patient diplomacy", "at a time of rapid change", "", ""]
_HEADINGS = ["Background", "Economic Stakes", "Security Dimensions", "Institutions and Norms",
             "Domestic Drivers", "Policy Options"]
_NAMES = [("YEN Samnang", "Yen Samnang"), ("NGUYỄN Thị Lan", "Nguyễn Thị Lan"),
          ("CHHEANG Vannarith", "Chheang Vannarith"), ("Maria SANTOS", "Maria Santos"),
          ("LIM Wei Jie", "Lim Wei Jie"), ("TRẦN Quốc Bảo", "Trần Quốc Bảo")]


def manuscript(number: int, words: int = 1050) -> str:
    """One manuscript; the same number always gives the same text."""
    rnd = random.Random(number)
    year, issue = 2000 + number // 24, number % 24 + 1
    authors = rnd.sample(_NAMES, 2 if number % 3 == 0 else 1)
    front = [
        "---",
        f'title: "Policy Choices for a Hedging State, Part {number + 1}"',
        f"date: {year}-{(issue - 1) // 2 + 1:02d}-{rnd.randint(1, 28):02d}",
        "country: Cambodia",
        f"issue: {issue}",
        "authors:",
    ]
    for printed, plain in authors:
        front += [f"  - name: {printed}",
                  f'    bio: "{plain} is a research fellow at the Asian Vision Institute."']
    front += ["keywords: [Cambodia, hedging, foreign policy]", "---", "", ""]
    body: list[str] = []
    notes: list[str] = []
    count = 0
    for heading in [*rnd.sample(_HEADINGS, 4), "Conclusion"]:
        body.append(f"## {heading}")
        for _ in range(3):
            sentences = []
            for _ in range(rnd.randint(6, 9)):
                tail = rnd.choice(_TAILS)
                sentences.append(f"{rnd.choice(_SUBJECTS)} {rnd.choice(_VERBS)} "
                                 f"{rnd.choice(_OBJECTS)}{' ' + tail if tail else ''}.")
            if rnd.random() < 0.3:
                label = f"n{len(notes) + 1}"
                sentences[-1] += f"[^{label}]"
                notes.append(f"[^{label}]: Asian Vision Institute, working paper no. {number}-{label}.")
            body.append(" ".join(sentences))
            count += sum(len(s.split()) for s in sentences)
        if count > words:
            break
    return "\n".join(front) + "\n\n".join(body + notes) + "\n"


def write_corpus(folder: Path, count: int) -> list[Path]:
    """Write `count` manuscripts into `folder` (numbered, two issue-years per 24)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(count):
        path = folder / f"ms-{number:04d}.md"
        path.write_text(manuscript(number), encoding="utf-8")
        paths.append(path)
    return paths
