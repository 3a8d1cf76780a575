"""Comparison rules, registered by name: how "above", "similar" and "below" are decided.

Every rule sees two groups' Stats and returns a label with the difference of means and
its 95% Welch interval, so every comparison prints the same kind of numbers whatever
rule labelled it. The rule's ``text`` is printed in the methods section of a briefing.

- ``welch_difference_ci`` (the default): above when the 95% interval of the
  difference (subject - reference) lies wholly above zero, below when wholly below,
  otherwise similar. This is the two-sided Welch t-test at the 5% level.
- ``ci_no_overlap``: above or below only when the two groups' own 95% intervals do
  not overlap; stricter (it misses some real differences) but easy to see on a chart.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import ClassVar

from .stats import CONFIDENCE, Difference, Stats, welch_difference

RULES: dict[str, type[ComparisonRule]] = {}
DEFAULT_RULE = "welch_difference_ci"

ABOVE, SIMILAR, BELOW, NOT_COMPARED = "above", "similar", "below", "not_compared"


def register(cls: type[ComparisonRule]) -> type[ComparisonRule]:
    RULES[cls.name] = cls
    return cls


def get_rule(name: str) -> ComparisonRule:
    try:
        return RULES[name]()
    except KeyError:
        raise ValueError(f"unknown comparison rule {name!r}: expected one of "
                         f"{', '.join(RULES)}") from None


@dataclass(frozen=True)
class Outcome:
    label: str
    difference: Difference


class ComparisonRule(ABC):
    name: ClassVar[str]
    text: ClassVar[str]

    @abstractmethod
    def label(self, subject: Stats, reference: Stats, diff: Difference) -> str:
        """above, below or similar, for the subject against the reference."""

    def compare(self, subject: Stats, reference: Stats,
                confidence: float = CONFIDENCE) -> Outcome:
        diff = welch_difference(subject, reference, confidence)
        return Outcome(self.label(subject, reference, diff), diff)


@register
class WelchDifferenceCI(ComparisonRule):
    name = "welch_difference_ci"
    text = ("A group is 'above' or 'below' the group it is compared with when the 95% "
            "confidence interval of the difference between their means (Welch's t "
            "interval, which does not assume equal spread) lies wholly above or wholly "
            "below zero; otherwise the two are 'similar'. About one comparison in twenty "
            "of truly equal groups will still come out above or below by chance.")

    def label(self, subject, reference, diff):
        if diff.ci_low > 0:
            return ABOVE
        if diff.ci_high < 0:
            return BELOW
        return SIMILAR


@register
class CINoOverlap(ComparisonRule):
    name = "ci_no_overlap"
    text = ("A group is 'above' or 'below' the group it is compared with only when the two "
            "groups' own 95% confidence intervals do not overlap; otherwise 'similar'.")

    def label(self, subject, reference, diff):
        if subject.ci_low > reference.ci_high:
            return ABOVE
        if subject.ci_high < reference.ci_low:
            return BELOW
        return SIMILAR


def direction(label: str, higher_is_better: bool) -> str:
    """Read a label with the score's orientation."""
    if label == SIMILAR:
        return "no_clear_difference"
    if label not in (ABOVE, BELOW):
        return NOT_COMPARED
    return "better" if (label == ABOVE) == higher_is_better else "worse"


def can_compare(a: Stats, b: Stats) -> bool:
    return a.n >= 2 and b.n >= 2 and not math.isnan(a.sd) and not math.isnan(b.sd)
