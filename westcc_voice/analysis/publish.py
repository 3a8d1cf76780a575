"""Numbers to Summary parts, through the suppression policy and nowhere else.

Each function takes counts or moments by group and returns Distributions, Estimates or
Comparisons whose every number is a Cell the policy decided on. Groups are the rows of
one table (the schools, plus partnership-wide responses); the partnership is their sum.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from ..privacy.suppression import NOT_PUBLISHED, SECONDARY, Cell, SuppressionPolicy, shown
from .comparisons import ABOVE, BELOW, NOT_COMPARED, SIMILAR, ComparisonRule, can_compare, direction
from .stats import GroupMoments, Stats, share_difference
from .summary import PARTNERSHIP, Category, Comparison, Distribution, Estimate


@dataclass
class Groups:
    """The exclusive groups of one survey or score: keys, labels and each row's group."""

    keys: list[str]
    labels: list[str]
    codes: np.ndarray
    partnership_label: str = "All WEST schools"
    #: Groups under the threshold taken together as "other schools" (key -> label).
    pooled: dict[str, str] = field(default_factory=dict)
    #: Groups under the threshold left out of the table (code -1), because even taken
    #: together they are under it: the partnership's figures are then those of the
    #: groups shown, so no total gives them away (key -> label).
    left_out: dict[str, str] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.keys)

    def subset(self, rows: np.ndarray) -> Groups:
        return Groups(self.keys, self.labels, self.codes[rows], self.partnership_label,
                      self.pooled, self.left_out)


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
    headline: Sequence[int] = (),
    complement: Sequence[int] = (),
    no_answer: Sequence[int] | None = None,
    state_no_answer: bool = True,
    answered: Sequence[int] | None = None,
) -> list[Distribution]:
    """The partnership distribution then one per group.

    ``exclusive``: categories add up to each group's total. Otherwise (tick-all,
    themes) each group's base is ``group_totals`` and the partnership's
    ``partnership_total``: the respondent counts published once for the survey.
    ``headline``: the category indexes a headline share counts; their sum is published
    per group as a figure of its own (``Distribution.headline_count``); ``complement``
    likewise the other answers (``Distribution.complement_count``).

    ``no_answer``: per group, how many of those asked left the question unanswered.
    They are set aside: the base is those who answered (a figure of its own, decided
    like any cell, and hidden wherever the group's respondent count is), so a small
    "no answer" count never forces an answer to hide. ``state_no_answer``: publish
    that count (the difference of two published figures) beside the base; False for a
    filtered question, where those asked would tell how many gave the filter answer.
    ``answered``: for a tick-all question with ``no_answer``, how many answered.
    """
    fixed = [group_totals.get(k) for k in groups.keys] if group_totals else None
    fixed_grand = partnership_total
    if no_answer is not None:
        # the row totals are now those who answered: only the hidden respondent
        # counts carry over (a group hidden there stays hidden here)
        fixed = [c if c is not None and c.suppressed else None for c in fixed or []] \
            or None
        fixed_grand = partnership_total if partnership_total is not None \
            and partnership_total.suppressed else None
    if no_answer is not None and not exclusive:
        answered_cells = answered_bases(policy, answered or [], group_totals, groups,
                                        partnership_total)
    table = policy.table(counts.tolist(), row_totals=exclusive, column_totals=True,
                         fixed_row_totals=fixed if exclusive else None,
                         fixed_grand_total=fixed_grand if exclusive else None,
                         combined=[list(x) for x in (headline, complement) if x]
                         if exclusive else ())
    if exclusive:
        bases = table.row_totals
        grand = table.grand_total
    elif no_answer is not None:
        bases, grand = answered_cells
    else:
        bases = [group_totals[k] for k in groups.keys]
        grand = partnership_total
    out = []
    if partnership:
        out.append(_distribution(policy, PARTNERSHIP, groups.partnership_label, grand,
                                 table.column_totals, categories))
        if table.combined_totals:
            _with_combined(policy, out[-1], table.combined_totals, categories, headline,
                           complement)
        if no_answer is not None:
            out[-1].no_answer = _no_answer(policy, int(sum(no_answer)), grand,
                                           partnership_total, state_no_answer)
    for i, key in enumerate(groups.keys):
        out.append(_distribution(policy, key, groups.labels[i], bases[i], table.cells[i],
                                 categories))
        if table.combined and table.combined[i]:
            _with_combined(policy, out[-1], table.combined[i], categories, headline,
                           complement)
        if no_answer is not None:
            out[-1].no_answer = _no_answer(policy, int(no_answer[i]), bases[i],
                                           (group_totals or {}).get(key), state_no_answer)
    return out


def answered_bases(policy: SuppressionPolicy, answered: Sequence[int],
                   group_totals: dict[str, Cell] | None, groups: Groups,
                   partnership_total: Cell | None) -> tuple[list[Cell], Cell]:
    """Those who answered a tick-all question, per group and in all, suppressed as one
    table of groups (a group whose respondent count is hidden keeps its base hidden)."""
    totals = [group_totals.get(k) if group_totals else None for k in groups.keys]
    # one column whose row totals are the bases: a hidden respondent count forces its
    # row's base hidden, and the solver protects it like any hidden figure
    table = policy.table([[int(a)] for a in answered], row_totals=True,
                         column_totals=True, groups_in="rows",
                         fixed_row_totals=[t if t is not None and t.suppressed else None
                                           for t in totals],
                         fixed_grand_total=partnership_total if partnership_total
                         is not None and partnership_total.suppressed else None)
    return table.row_totals, table.grand_total


def _no_answer(policy: SuppressionPolicy, count: int, base: Cell, respondents: Cell | None,
               state: bool) -> Cell:
    """How many did not answer: published only beside a published base and respondent
    count (it is their difference), and not for a filtered question."""
    if not state:
        return policy.hidden(NOT_PUBLISHED)
    if base.suppressed or respondents is None or respondents.suppressed:
        return policy.hidden(SECONDARY)
    return shown(count)


def _with_combined(policy, dist: Distribution, counts: Sequence[Cell],
                   categories: Sequence[CategorySpec], headline: Sequence[int],
                   complement: Sequence[int]) -> None:
    """The combined figures of one distribution, in the order they were asked for."""
    k = 0
    if headline:
        dist.headline_values = [categories[j].value for j in headline]
        dist.headline_count = counts[k]
        dist.headline_percent = policy.percent(counts[k], dist.n)
        k += 1
    if complement:
        dist.complement_values = [categories[j].value for j in complement]
        dist.complement_count = counts[k]
        dist.complement_percent = policy.percent(counts[k], dist.n)


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


#: How shares are compared; printed in the methods section beside the rule for means.
SHARE_RULE = "share_difference_ci"
SHARE_RULE_TEXT = (
    "For a single question, the share giving the headline answers (the top one or two "
    "of an ordered question, 'yes' of a yes/no) is compared the same way: 'above' or "
    "'below' when the 95% confidence interval of the difference between the two shares "
    "(Newcombe's method, from Wilson intervals) lies wholly above or below zero; "
    "otherwise 'similar'. Only published figures are used, so a comparison never "
    "reveals a hidden one.")


def headline_values(kind: str, type_: str, categories: Sequence[Category]) -> list:
    """Which answers a headline share counts: the top one or two of an ordered question
    (two when it has four or more answers), "yes" of a yes/no; [] for a question with no
    natural top (pick-one lists)."""
    subs = [c for c in categories if c.substantive]
    if type_ == "yes_no":
        return [c.value for c in subs if str(c.value).lower() == "yes"]
    if kind == "ordinal" and len(subs) >= 2:
        return [c.value for c in subs[-2:]] if len(subs) >= 4 else [subs[-1].value]
    return []


def published_share(dist: Distribution | None, values: Sequence) -> tuple[int, int] | None:
    """(count giving one of ``values``, base) from published cells, or None if any is
    hidden."""
    if dist is None or not dist.n.shown or not dist.n.value:
        return None
    chosen = [c for c in dist.categories if c.value in values]
    if not chosen or any(not c.count.shown or c.count.value is None for c in chosen):
        for combined, counted in ((dist.headline_count, dist.headline_values),
                                  (dist.complement_count, dist.complement_values)):
            if (combined is not None and combined.shown and counted
                    and set(values) == set(counted)):
                return int(combined.value), int(dist.n.value)
        return None
    return int(sum(c.count.value for c in chosen)), int(dist.n.value)


def share_comparison(policy: SuppressionPolicy, *, kind: str, subject: str, reference: str,
                     subject_share: tuple[int, int] | None,
                     reference_share: tuple[int, int] | None,
                     subject_label: str = "", reference_label: str = "",
                     better: str = "") -> Comparison:
    """Two published shares compared; the difference is in percentage points.

    ``better``: the question's construct direction ("higher" or "lower"), when it
    names one: the headline answers are the top of the scale, so a higher share is
    better for "higher" and worse for "lower"."""
    hidden = policy.hidden(SECONDARY)
    if subject_share is None or reference_share is None:
        return Comparison(kind, subject, reference, SHARE_RULE, NOT_COMPARED, NOT_COMPARED,
                          hidden, hidden, hidden, [],
                          "Not compared: a figure it needs is not shown.")
    (x1, n1), (x2, n2) = subject_share, reference_share
    if policy.is_small(n1) or policy.is_small(n2):
        return Comparison(kind, subject, reference, SHARE_RULE, NOT_COMPARED, NOT_COMPARED,
                          hidden, hidden, hidden, [],
                          f"Not compared: a group has fewer than {policy.threshold} "
                          "responses.")
    d = share_difference(x1, n1, x2, n2)
    label = ABOVE if d.ci_low > 0 else BELOW if d.ci_high < 0 else SIMILAR
    warnings = [f"{name} has fewer than {policy.min_compare_n} responses: treat this "
                "comparison with caution."
                for n, name in ((n1, subject_label or subject),
                                (n2, reference_label or reference))
                if policy.small_group_warning(n)]

    def points(x: float) -> Cell:
        text = f"{100 * x:+.0f}"
        return shown(round(100 * x, 2),
                     f"{text} point" if text in ("+1", "-1") else f"{text} points")

    # A share has no orientation of its own: "more said yes" is not better or worse
    # until a person reads the question, or its construct says which way is better.
    if label == SIMILAR:
        oriented = "no_clear_difference"
    elif better in ("higher", "lower"):
        oriented = direction(label, better == "higher")
    else:
        oriented = "not_oriented"
    return Comparison(kind, subject, reference, SHARE_RULE, label, oriented,
                      points(d.estimate), points(d.ci_low), points(d.ci_high), warnings)
