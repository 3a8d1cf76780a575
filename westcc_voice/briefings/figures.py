"""Reading published figures for words: natural frequencies and shares of answers.

The Summary has already computed and suppressed every number. A briefing only rewords
them: a percentage becomes "7 in 10", and the share who gave one of two top answers is
the sum of their published counts over the published base. Nothing here ever touches a
hidden cell: every helper returns None when a figure it needs is not published, so a
sentence or row that would need it is left out.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..analysis.publish import headline_values
from ..analysis.summary import Category, Distribution
from ..privacy.suppression import Cell


def natural_frequency(percent: float) -> str:
    """A percentage as a natural frequency a reader grasps at once: 68 -> "7 in 10"."""
    if percent < 5:
        return "fewer than 1 in 20"
    if percent < 10:
        return "about 1 in 10" if percent >= 7.5 else "fewer than 1 in 10"
    if percent > 95:
        return "more than 19 in 20"
    if percent > 90:
        return "more than 9 in 10"
    return f"{math.floor(percent / 10 + 0.5)} in 10"  # half up: 65% is "7 in 10"


def number_word(n: int) -> str:
    words = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
    return words[n] if 0 <= n < len(words) else str(n)


@dataclass(frozen=True)
class Share:
    """The share of a group who gave any of ``labels``: published counts only."""

    labels: list[str]
    count: int
    base: int
    small: bool

    @property
    def percent(self) -> float:
        return 100.0 * self.count / self.base if self.base else 0.0

    @property
    def frequency(self) -> str:
        return natural_frequency(self.percent)


def substantive(dist: Distribution) -> list[Category]:
    return [c for c in dist.categories if c.substantive]


def top_values(kind: str, type_: str, categories: list[Category]) -> list[str | int] | None:
    """Which answers a headline counts (the analysis's headline values); None for a
    question with no natural "top" (pick-one lists)."""
    return headline_values(kind, type_, categories) or None


def share(dist: Distribution | None, values: list[str | int]) -> Share | None:
    """The published share of ``dist`` that gave one of ``values``, or None if any count
    or the base is hidden."""
    if dist is None or dist.n.suppressed or not dist.n.value:
        return None
    chosen = [c for c in dist.categories if c.value in values]
    if not chosen:
        return None
    if any(c.count.suppressed or c.count.value is None for c in chosen):
        # a headline share (or its complement) is published on its own count even
        # when a part is hidden
        for combined, counted in ((dist.headline_count, dist.headline_values),
                                  (dist.complement_count, dist.complement_values)):
            if shown(combined) and counted and set(values) == set(counted):
                return Share([c.label for c in chosen], int(combined.value),
                             int(dist.n.value), dist.small_group_warning)
        return None
    return Share([c.label for c in chosen], int(sum(c.count.value for c in chosen)),
                 int(dist.n.value), dist.small_group_warning)


def shown(*cells: Cell | None) -> bool:
    """Every cell is published and has a number."""
    return all(c is not None and c.shown and c.value is not None for c in cells)


def quoted(labels: list[str]) -> str:
    """"'Good' or 'Really good'"."""
    parts = [f"‘{label}’" for label in labels]
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} or {parts[-1]}"


def n_text(n: Cell) -> str:
    """"n = 748", or "fewer than 10" / "not shown" as the Summary displays it."""
    return f"n = {n.display}" if n.shown else n.display
