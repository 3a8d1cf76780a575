"""The equity part of a Summary: one construct compared across one dimension's groups.

Plain dataclasses, like the rest of the Summary (``summary.py`` holds them in
``Summary.equity``). Every number is a ``Cell`` that has passed through the one
suppression policy.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..privacy.suppression import Cell

#: Verdicts of a gap, read with the construct's direction.
WORSE = "worse"
BETTER = "better"
NO_CLEAR = "no_clear_difference"
NOT_COMPARED = "not_compared"


@dataclass
class EquityGroup:
    """One group of a dimension: how many answered, and the share giving the headline
    answers with its 95% Wilson interval (in percent); in a table of a mean
    (``EquityTable.measure`` "mean") ``share`` is the group's mean score with its 95%
    t-interval, ``count`` is not applicable ("-") and ``sd`` is the spread."""

    key: str
    label: str
    n: Cell
    count: Cell
    share: Cell
    ci_low: Cell
    ci_high: Cell
    reference: bool = False
    #: a short name for chart rows ("Never hungry")
    short: str = ""
    #: a real group of the dimension (False for "did not say")
    named: bool = True
    small_group_warning: bool = False
    #: the standard deviation of a mean table's group (None in a share table)
    sd: Cell | None = None


@dataclass
class EquityGap:
    """One group against the dimension's reference group: in percentage points
    (group minus reference; Newcombe's hybrid score interval) for a share, in points of
    the score (Welch's interval) for a mean."""

    group: str
    reference: str
    difference: Cell
    ci_low: Cell
    ci_high: Cell
    #: worse / better / no_clear_difference (by the construct's direction) or not_compared
    verdict: str
    #: the verdict in plain words, describing a difference between groups, never a cause
    text: str
    warnings: list[str] = field(default_factory=list)
    #: how large the gap is, comparable between shares and means: percentage points
    #: for a share, the mean gap as a percentage of the score's range for a mean
    #: (1 point on a 0-10 item counts as 10); what headlines rank gaps by
    size: float = 0.0


@dataclass
class EquityTable:
    """One question measuring a construct, across one dimension's groups, for the
    partnership or one school (``scope``: "partnership" or "school:<code>")."""

    survey: str
    audience: str
    question: str
    question_text: str
    construct: str
    construct_name: str
    better: str
    headline_labels: list[str]
    dimension: str
    dimension_name: str
    scope: str
    scope_label: str
    #: who the figures are about: "pupils in Years 7 to 11 across the partnership"
    population: str
    groups: list[EquityGroup] = field(default_factory=list)
    gaps: list[EquityGap] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    #: why figures are missing, in words ("" when all is shown)
    note: str = ""
    #: "share" (a question's headline answers, in percent) or "mean" (a scale score or
    #: a separately reported item such as ONS4's, on its own range); for a mean,
    #: ``survey`` is the audience, ``question`` and ``construct`` the score id
    measure: str = "share"
    #: the range a mean can take (0 to 100 for a share)
    minimum: float = 0.0
    maximum: float = 100.0
    #: decimals a mean is printed with
    decimals: int = 0

    @property
    def ref(self) -> str:
        return f"{self.survey}/{self.question}/{self.dimension}/{self.scope}"
