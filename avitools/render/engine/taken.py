"""How often, in this process, each speed extension took its own way and how often WeasyPrint's.

The comparison harness (tests/render/engine/test_harness.py) reads these counts to show that both
ways were exercised; they cost a dictionary update per decision.
"""

from __future__ import annotations

from collections import Counter

TAKEN: Counter[str] = Counter()


def counts() -> dict[str, int]:
    """The counts so far, `<extension>:own` and `<extension>:stock`."""
    return dict(sorted(TAKEN.items()))
