"""Equity for mean scores: each scale score (SWEMWBS) and separately reported item
(ONS4's life satisfaction, worthwhile, happiness, anxiety) compared across the groups of
each equity dimension, as ``equity.py`` compares headline shares.

Per group: the mean with its 95% t-interval and the spread; per named group against the
dimension's reference group: the gap in points of the score with Welch's 95% interval
and a plain verdict read with the score's direction (ONS anxiety: lower is better).

A score is pooled across the audience's questionnaires that carry it, as the score's
own figures are; a respondent of a questionnaire that does not ask the dimension's
questions is among those who "did not say", so a table's groups add up to the score's
published n and set against it reveal nothing.

Suppression, through the one ``SuppressionPolicy``: the group sizes are one row that adds
up to the score's published n (shown or hidden exactly as there); a group's mean,
interval and spread are shown only with its size; where one of two groups is hidden,
both are; a school's table only where every group, there and in the partnership, clears
the threshold and the schools not shown add up to zero or at least the threshold in
every group.

Group sizes here count those scored, so beside the equity share tables (which count
everyone who took the questionnaire) they tell how many in a group left the scale
unanswered: a count of people who skipped questions, published as the questionnaires'
own "no answer" counts are, that says nothing about anyone's answers.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..privacy.suppression import SECONDARY, Cell, SuppressionPolicy, shown
from .comparisons import can_compare
from .equity import (
    AUDIENCE_WORDS,
    UNKNOWN_KEY,
    UNKNOWN_LABEL,
    Counted,
    _clear,
    _rest_clears,
    applies,
    membership,
    text_of,
)
from .equity_types import BETTER, NO_CLEAR, NOT_COMPARED, WORSE, EquityGap, EquityGroup, EquityTable
from .frames import ResponseFrame
from .scoring import ScoreSpec
from .stats import GroupMoments, Stats, group_moments, welch_difference
from .summary import PARTNERSHIP, ScoreSummary, Summary, school_key

#: The rule for mean gaps, in words for a methods page.
MEAN_RULE_TEXT = (
    "For a score (ONS4's items on 0 to 10, SWEMWBS), each group's mean is shown with its "
    "95% interval (Student's t); a gap is the group's mean minus the reference group's, "
    "in points of the score, with its 95% interval by Welch's method. It is clear when "
    "that interval lies wholly above or below zero. Headlines rank gaps of shares and of "
    "means together, a mean gap counting as its share of the score's range (1 point on "
    "0 to 10 as 10 percentage points).")
NOT_APPLICABLE = Cell(None, "-", False, None)


def summarise_mean_equity(frame: ResponseFrame, summary: Summary, dimensions: Sequence[dict],
                          scores: dict[str, list[tuple[ScoreSpec, np.ndarray]]], *,
                          wave: str, policy: SuppressionPolicy,
                          shown_schools: set[str] | None = None,
                          counted: Counted | None = None) -> list[EquityTable]:
    """The mean tables of one wave: per audience, score and dimension, the partnership's,
    then each shown school's where it may be published. ``counted``: as for
    ``summarise_equity``, applied to the scored rows (a score's small schools are
    those with few scored)."""
    if not dimensions or not len(frame):
        return []
    data = frame.data
    wave_rows = data["wave"].to_numpy(dtype=object) == wave
    audiences = data["audience"].to_numpy(dtype=object)
    keys = data["survey_key"].to_numpy(dtype=object)
    school_codes = data["school"].cat.codes.to_numpy()
    school_names = list(data["school"].cat.categories)
    out: list[EquityTable] = []
    for audience, pairs in scores.items():
        for spec, values in pairs:
            score = next((s for s in summary.scores if s.audience == audience
                          and s.score_id == spec.score_id), None)
            rows = np.flatnonzero(wave_rows & (audiences == audience) & ~np.isnan(values))
            if counted is not None:
                rows = rows[counted(rows)]
            if score is None or not rows.size:
                continue
            for dim in dimensions:
                carriers = [frame.surveys[k] for k in spec.survey_keys
                            if k in frame.surveys and applies(dim, frame.surveys[k])]
                if not carriers or {spec.score_id, spec.scale_id} & set(dim["excludes"]):
                    continue
                groups = np.full(rows.size, -1, dtype=np.int64)
                for info in carriers:
                    sel = np.flatnonzero(keys[rows] == info.key)
                    if sel.size:
                        groups[sel] = membership(frame, info, rows[sel], dim)
                out += _score_tables(frame, score, spec, dim, values[rows], groups,
                                     school_codes[rows], school_names, policy, shown_schools)
    return out


def _score_n(score: ScoreSummary, group: str) -> Cell | None:
    est = next((e for e in score.estimates if e.group == group), None)
    return None if est is None else est.n


def _suppress_sizes(policy: SuppressionPolicy, sizes: list[int], fixed: Cell | None,
                    named: int):
    """One row of group sizes adding up to the score's n, decided as published there;
    where one of two named groups is hidden, the other is too."""
    def run(hide: Sequence[int] = ()):
        return policy.table([sizes], row_totals=True, column_totals=False,
                            groups_in="columns", fixed_row_totals=[fixed],
                            hide_columns=hide)

    out = run()
    hidden = [g for g in range(named) if out.cells[0][g].suppressed]
    if named == 2 and len(hidden) == 1:
        out = run([1 - hidden[0]])
    return out


def _score_tables(frame, score: ScoreSummary, spec: ScoreSpec, dim: dict, values, groups,
                  codes, names, policy, shown_schools) -> list[EquityTable]:
    n_groups = len(dim["groups"])
    slot = np.where(groups < 0, n_groups, groups)
    width = n_groups + (1 if (groups < 0).any() else 0)
    whole_m = group_moments(values, slot, n_groups + 1)
    whole = [whole_m.n[:width].tolist()]
    meta = _MeanMeta(frame, score, spec, dim)
    part_n = _score_n(score, PARTNERSHIP)
    if part_n is None:
        return []
    cells = _suppress_sizes(policy, whole[0], part_n, n_groups)
    tables = [meta.table(PARTNERSHIP, "the partnership", whole_m, width, cells, policy)]
    if not _all_shown_row(cells):
        return tables
    present = np.flatnonzero(np.bincount(codes[codes >= 0], minlength=len(names)))
    meta.schools = len(present)
    cell = np.where(codes >= 0, codes, 0) * (n_groups + 1) + slot
    ok = codes >= 0
    moments = group_moments(np.where(ok, values, np.nan), cell,
                            len(names) * (n_groups + 1))
    per_school = {names[i]: [moments.n[i * (n_groups + 1):i * (n_groups + 1) + width]
                             .tolist()] for i in present}
    publishable = [c for c, g in per_school.items() if _clear(g, policy, n_groups)]
    publishable = _rest_clears(whole, per_school, publishable, policy)
    for code in publishable:
        if shown_schools is not None and code not in shown_schools:
            continue
        fixed = _score_n(score, school_key(code))
        if fixed is None:
            continue
        school_cells = _suppress_sizes(policy, per_school[code][0], fixed, n_groups)
        if not _all_shown_row(school_cells):
            continue
        i = names.index(code)
        own = GroupMoments(moments.n[i * (n_groups + 1):(i + 1) * (n_groups + 1)],
                           moments.total[i * (n_groups + 1):(i + 1) * (n_groups + 1)],
                           moments.squares[i * (n_groups + 1):(i + 1) * (n_groups + 1)],
                           moments.centre)
        tables.append(meta.table(school_key(code), frame.schools.get(code, code), own, width,
                                 school_cells, policy))
    return tables


def _all_shown_row(cells) -> bool:
    return all(c.shown for c in cells.cells[0]) and cells.row_totals[0].shown


def _question_text(frame: ResponseFrame, spec: ScoreSpec) -> str:
    """A separately reported item's own wording; a whole scale's name."""
    if spec.item_id is None:
        return spec.name
    for key in spec.survey_keys:
        info = frame.surveys.get(key)
        scale = (info.scales.get(spec.scale_id) if info else None) or {}
        for item in scale.get("items") or []:
            if item.get("id") == spec.item_id and item.get("text"):
                return text_of(item["text"])
    return spec.name


class _MeanMeta:
    """What every table of one score and dimension shares."""

    def __init__(self, frame, score: ScoreSummary, spec: ScoreSpec, dim: dict):
        self.frame, self.score, self.spec, self.dim = frame, score, spec, dim
        self.schools = 0
        self.decimals = 2 if spec.conversion else 1
        self.text = _question_text(frame, spec)

    def table(self, scope: str, scope_label: str, moments: GroupMoments, width: int, cells,
              policy: SuppressionPolicy) -> EquityTable:
        from .build import population_label  # build imports this module
        dim, score, dec = self.dim, self.score, self.decimals
        groups: list[EquityGroup] = []
        stats: dict[str, Stats] = {}
        for g in range(width):
            named = g < len(dim["groups"])
            spec = dim["groups"][g] if named else None
            n = cells.cells[0][g]
            st = moments.stats(g)
            key = spec["id"] if spec else UNKNOWN_KEY
            stats[key] = st
            groups.append(EquityGroup(
                key=key, label=spec["label"] if spec else UNKNOWN_LABEL,
                short=spec.get("short") or spec["label"] if spec else "Did not say",
                n=n, count=NOT_APPLICABLE,
                share=policy.statistic(st.mean, n, dec),
                ci_low=policy.statistic(st.ci_low, n, dec),
                ci_high=policy.statistic(st.ci_high, n, dec),
                sd=policy.statistic(st.sd, n, dec),
                reference=bool(spec and spec["reference"]), named=named,
                small_group_warning=n.shown and policy.small_group_warning(n.value)))
        years = sorted({y for k in score.survey_keys if k in self.frame.surveys
                        for y in self.frame.surveys[k].year_groups})
        total = int(moments.n[:width].sum())
        population = population_label(score.audience, years, scope, scope_label,
                                      self.schools, shown(total) if not policy.is_small(total)
                                      else policy.hidden())
        hidden_any = any(g.n.suppressed for g in groups if g.named)
        table = EquityTable(
            survey=score.audience, audience=score.audience, question=score.score_id,
            question_text=self.text, construct=score.score_id, construct_name=score.name,
            better="higher" if score.higher_is_better else "lower",
            headline_labels=[], dimension=dim["id"], dimension_name=dim["name"],
            scope=scope, scope_label=scope_label, population=population.rsplit(",", 1)[0],
            groups=groups, tags=list(score.tags),
            note=("Some groups are not shown: a group of fewer than "
                  f"{policy.threshold}, or one that would let a hidden group be worked "
                  "out by subtraction." if hidden_any else ""),
            measure="mean", minimum=score.minimum, maximum=score.maximum, decimals=dec)
        table.gaps = mean_gaps(table, stats, policy)
        return table


def mean_gaps(table: EquityTable, stats: dict[str, Stats],
              policy: SuppressionPolicy) -> list[EquityGap]:
    """Each named group against the reference group: Welch's interval, made only when
    both groups are published."""
    ref = next((g for g in table.groups if g.reference), None)
    out: list[EquityGap] = []
    if ref is None:
        return out
    span = (table.maximum - table.minimum) or 1.0
    for g in table.groups:
        if not g.named or g.reference:
            continue
        hidden = policy.hidden(SECONDARY)
        if not (g.share.shown and ref.share.shown):
            out.append(EquityGap(g.key, ref.key, hidden, hidden, hidden, NOT_COMPARED,
                                 "Not compared: a group's figure is not shown."))
            continue
        a, b = stats[g.key], stats[ref.key]
        if not can_compare(a, b):
            out.append(EquityGap(g.key, ref.key, hidden, hidden, hidden, NOT_COMPARED,
                                 "Not compared: a group has too few answers to estimate "
                                 "spread."))
            continue
        d = welch_difference(a, b)
        above, below = d.ci_low > 0, d.ci_high < 0
        if not (above or below):
            verdict = NO_CLEAR
        else:
            verdict = BETTER if above == (table.better == "higher") else WORSE
        gap = EquityGap(
            g.key, ref.key, _points(d.estimate, table.decimals),
            _points(d.ci_low, table.decimals), _points(d.ci_high, table.decimals), verdict,
            "",
            [f"Fewer than {policy.min_compare_n} {AUDIENCE_WORDS.get(table.audience, '')} "
             f"who {x.label}: read with care." for x in (g, ref) if x.small_group_warning],
            size=100 * abs(d.estimate) / span)
        gap.text = mean_gap_sentence(table, g, ref, gap)
        out.append(gap)
    return out


def _signed(x: float, decimals: int) -> str:
    text = f"{x:+.{decimals}f}"
    return text[1:] if float(text) == 0 else text


def _points(x: float, decimals: int) -> Cell:
    return Cell(round(x, decimals + 2), f"{_signed(x, decimals)} points")


def mean_interval_words(lo: float, hi: float, decimals: int) -> str:
    """A mean gap's 95% interval in words: "likely between 0.4 and 1.8 points lower"."""
    def f(x: float) -> str:
        return f"{abs(x):.{decimals}f}"
    if hi < 0:
        return f"likely between {f(hi)} and {f(lo)} points lower"
    if lo > 0:
        return f"likely between {f(lo)} and {f(hi)} points higher"
    return f"likely between {f(lo)} points lower and {f(hi)} points higher"


def _range_words(table: EquityTable) -> str:
    def f(x: float) -> str:
        return f"{x:g}"
    return f"{f(table.minimum)} to {f(table.maximum)}"


def mean_gap_sentence(table: EquityTable, group: EquityGroup, ref: EquityGroup,
                      gap: EquityGap) -> str:
    """The gap in plain words: a difference between groups, never a cause."""
    who = AUDIENCE_WORDS.get(table.audience, "respondents").capitalize()
    size = abs(float(gap.difference.value))
    way = "higher" if gap.difference.value > 0 else "lower"
    interval = mean_interval_words(float(gap.ci_low.value), float(gap.ci_high.value),
                                   table.decimals)
    what = (f"‘{table.question_text}’" if table.question_text != table.construct_name
            else table.construct_name)
    if gap.verdict in (WORSE, BETTER):
        verdict = (f"a clear difference, {'worse' if gap.verdict == WORSE else 'better'} "
                   f"for those who {group.label}")
    else:
        verdict = "no clear difference: a gap this size could be chance"
    apart = (f"{size:.{table.decimals}f} points {way}" if round(size, table.decimals)
             else "the same to the nearest " + ("0.01" if table.decimals == 2 else "0.1"))
    return (f"{who} who {group.label}: a mean of {group.share.display} on {what} "
            f"({_range_words(table)}), against {ref.share.display} for those who "
            f"{ref.label} ({apart}; n = {group.n.display} and {ref.n.display}; "
            f"{interval}): {verdict}.")
