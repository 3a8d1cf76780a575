"""Numbers to Summary parts, through the suppression policy and nowhere else.

Each function takes counts or moments by group and returns Distributions, Estimates or
Comparisons whose every number is a Cell the policy decided on. Groups are the rows of
one table (the schools, plus partnership-wide responses); the partnership is their sum.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..privacy.suppression import SECONDARY, Cell, SuppressionPolicy, shown
from .comparisons import NOT_COMPARED, ComparisonRule, can_compare, direction
from .stats import GroupMoments, Stats
from .summary import PARTNERSHIP, Category, Comparison, Distribution, Estimate


@dataclass
class Groups:
    """The exclusive groups of one survey or score: keys, labels and each row's group."""

    keys: list[str]
    labels: list[str]
    codes: np.ndarray
    partnership_label: str = "All WEST schools"

    def __len__(self) -> int:
        return len(self.keys)

    def subset(self, rows: np.ndarray) -> Groups:
        return Groups(self.keys, self.labels, self.codes[rows], self.partnership_label)


@dataclass(frozen=True)
class CategorySpec:
    value: str | int
    label: str
    substantive: bool = True


def count_matrix(codes: np.ndarray, group_codes: np.ndarray, n_groups: int,
                 n_categories: int) -> np.ndarray:
    """Counts by group (rows) and category (columns); codes < 0 are not counted."""
    ok = (codes >= 0) & (group_codes >= 0)
    flat = group_codes[ok].astype(np.int64) * n_categories + codes[ok].astype(np.int64)
    return np.bincount(flat, minlength=n_groups * n_categories).reshape(n_groups,
                                                                         n_categories)


def respondents(policy: SuppressionPolicy, groups: Groups, counts: Sequence[int],
                ) -> tuple[dict[str, Cell], Cell]:
    """Group sizes with secondary suppression; also the partnership total."""
    cells = policy.group_sizes(dict(zip(groups.keys, (int(c) for c in counts),
                                        strict=True)), int(sum(counts)))
    total = cells.pop("__total__")
    return cells, total


def distributions(
    policy: SuppressionPolicy,
    groups: Groups,
    counts: np.ndarray,
    categories: Sequence[CategorySpec],
    *,
    exclusive: bool = True,
    group_totals: dict[str, Cell] | None = None,
    partnership_total: Cell | None = None,
    partnership: bool = True,
) -> list[Distribution]:
    """The partnership distribution then one per group.

    ``exclusive``: categories add up to each group's total. Otherwise (tick-all,
    themes) each group's base is ``group_totals`` and the partnership's
    ``partnership_total``: the respondent counts published once for the survey.
    """
    fixed = [group_totals.get(k) for k in groups.keys] if group_totals else None
    table = policy.table(counts.tolist(), row_totals=exclusive, column_totals=True,
                         fixed_row_totals=fixed if exclusive else None,
                         fixed_grand_total=partnership_total if exclusive else None)
    if exclusive:
        bases = table.row_totals
        grand = table.grand_total
    else:
        bases = [group_totals[k] for k in groups.keys]
        grand = partnership_total
    out = []
    if partnership:
        out.append(_distribution(policy, PARTNERSHIP, groups.partnership_label, grand,
                                 table.column_totals, categories))
    for i, key in enumerate(groups.keys):
        out.append(_distribution(policy, key, groups.labels[i], bases[i], table.cells[i],
                                 categories))
    return out


def _distribution(policy, key, label, n: Cell, cells: Sequence[Cell],
                  categories: Sequence[CategorySpec]) -> Distribution:
    cats = [
        Category(c.value, c.label, cell, policy.percent(cell, n), c.substantive)
        for c, cell in zip(categories, cells, strict=True)
    ]
    return Distribution(key, label, n, cats,
                        small_group_warning=policy.small_group_warning(n.value))


def estimate(policy: SuppressionPolicy, key: str, label: str, n: Cell, stats: Stats,
             decimals: int = 1) -> Estimate:
    return Estimate(
        key, label, n,
        mean=policy.statistic(stats.mean, n, decimals),
        sd=policy.statistic(stats.sd, n, decimals),
        ci_low=policy.statistic(stats.ci_low, n, decimals),
        ci_high=policy.statistic(stats.ci_high, n, decimals),
        small_group_warning=policy.small_group_warning(n.value),
    )


def estimates(policy: SuppressionPolicy, groups: Groups, moments: GroupMoments,
              decimals: int = 1, *, partnership: bool = True) -> tuple[list[Estimate],
                                                                       dict[str, Cell]]:
    """Partnership then per-group estimates; a group's mean is shown only when its n is
    (the n's are suppressed as one table, so a hidden mean cannot be recovered from the
    partnership mean and the others)."""
    sizes, total = respondents(policy, groups, moments.n)
    out = []
    if partnership:
        out.append(estimate(policy, PARTNERSHIP, groups.partnership_label, total,
                            moments.overall(), decimals))
    for i, key in enumerate(groups.keys):
        out.append(estimate(policy, key, groups.labels[i], sizes[key], moments.stats(i),
                            decimals))
    sizes[PARTNERSHIP] = total
    return out, sizes


def comparison(
    policy: SuppressionPolicy,
    rule: ComparisonRule,
    *,
    kind: str,
    subject: str,
    reference: str,
    subject_n: Cell,
    reference_n: Cell,
    a: Stats,
    b: Stats,
    higher_is_better: bool,
    decimals: int = 1,
    subject_label: str = "",
    reference_label: str = "",
) -> Comparison:
    """One comparison; made only when both groups are published and large enough."""
    hidden = policy.hidden(SECONDARY)

    def not_compared(reason: str) -> Comparison:
        return Comparison(kind, subject, reference, rule.name, NOT_COMPARED, NOT_COMPARED,
                          hidden, hidden, hidden, [], reason)

    if not policy.comparable(subject_n, reference_n) or policy.is_small(b.n):
        return not_compared(f"Not compared: a group has fewer than {policy.threshold} "
                            "responses.")
    if not can_compare(a, b):
        return not_compared("Not compared: a group has too few answers to estimate spread.")
    outcome = rule.compare(a, b)
    d = outcome.difference
    warnings = []
    for n, name in ((a.n, subject_label or subject), (b.n, reference_label or reference)):
        if policy.small_group_warning(n):
            warnings.append(f"{name} has fewer than {policy.min_compare_n} responses: "
                            "treat this comparison with caution.")

    def num(x: float) -> Cell:
        return shown(round(x, decimals + 2), f"{x:+.{decimals}f}")

    return Comparison(kind, subject, reference, rule.name, outcome.label,
                      direction(outcome.label, higher_is_better), num(d.estimate),
                      num(d.ci_low), num(d.ci_high), warnings)
