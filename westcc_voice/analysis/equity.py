"""Equity: each headline construct compared across the groups of each equity dimension.

For every questionnaire, every question that names a construct (surveys/constructs.yaml)
and every equity dimension of that audience (surveys/equity.yaml), the respondents who
answered the question are split into the dimension's groups (plus those who did not
say) and, per group, the share giving the headline answers is published with its 95%
Wilson interval; each group is set against the dimension's reference group, in
percentage points with Newcombe's interval and a plain verdict.

Suppression, as elsewhere, through the one ``SuppressionPolicy``:

- each table (headline / other answers by group, "did not say" a group of its own) is
  suppressed with its totals tied to the figures the question's own distribution
  already published, so nothing hidden there is given away here;
- where one of two groups is hidden, both are (complementary groups);
- a school's table is published only when every cell of the partnership's table and
  of the school's own is at or above the threshold, and the schools not shown still
  add up to zero or at least the threshold in every cell, so no subtraction of a
  school from the partnership narrows a group below it;
- dimensions are never crossed with each other.

Gaps describe differences between groups, never causes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from types import SimpleNamespace
from typing import Any

import numpy as np

from ..privacy.suppression import SECONDARY, Cell, SuppressionPolicy, shown
from .comparisons import ABOVE, BELOW
from .equity_types import (
    BETTER,
    NO_CLEAR,
    NOT_COMPARED,
    WORSE,
    EquityGap,
    EquityGroup,
    EquityTable,
)
from .frames import CHOICE_KINDS, ResponseFrame, SurveyInfo
from .publish import headline_values
from .stats import share_difference, wilson_interval
from .summary import PARTNERSHIP, PREFER_NOT_TO_SAY, Summary, school_key

#: Rows of a questionnaire or score -> which of them the partnership's figures count.
Counted = Callable[[np.ndarray], np.ndarray]
UNKNOWN_KEY = "did_not_say"
UNKNOWN_LABEL = "did not say"
AUDIENCE_WORDS = {"pupil": "pupils", "parent": "parents and carers",
                  "community": "community members"}
#: The rule the gaps use, in words for a methods page.
EQUITY_RULE_TEXT = (
    "Each group's share is shown with its 95% interval (Wilson's score method); a gap is "
    "the group's share minus the reference group's, in percentage points, with its 95% "
    "interval by Newcombe's hybrid score method. A gap is clear when that interval lies "
    "wholly above or below zero. Gaps describe differences between groups of "
    "respondents, not their causes. A school's figures by group are shown only where "
    "every group, at the school and in the partnership, clears the threshold. Unlike "
    "the rest of this document, a group's share here is of everyone in the group who "
    "took the questionnaire, including anyone who skipped the question, so that no "
    "table can be subtracted from another to reveal a small group.")


def text_of(value: Any) -> str:
    """English text of a field that may be given per language."""
    if isinstance(value, dict):
        return str(value.get("en") or next(iter(value.values()), ""))
    return "" if value is None else str(value)


# --- who is in which group ---------------------------------------------------------------


def sorting_questions(dimensions: Sequence[dict], audience: str
                      ) -> dict[str, list[list | None]]:
    """The questions that alone make a dimension of ``audience`` (``hungry``), each with
    its named groups' answers (None for an ``otherwise`` group: every other answer).

    The equity tables publish the groups' sizes, which are sums of the question's own
    answers, so the question's distribution is suppressed with them as figures of their
    own (its headline and complement counts), and a part hidden there stays hidden; and
    "prefer not to say" is set aside with "no answer" (together, the equity tables' "did
    not say" group), or the groups' sizes less the base would give it away."""
    out: dict[str, list[list | None]] = {}
    for d in dimensions:
        if d["audience"] != audience or d["language"] or len(d["questions"]) != 1 \
                or d["score"] == "sum":
            continue
        (qid,) = d["questions"]
        out[qid] = [list(g["value"].get(qid, [])) if g["rule"] == "answers" else None
                    for g in d["groups"]]
    return out



def _answered(value: Any) -> bool:
    if value is None or value == PREFER_NOT_TO_SAY:
        return False
    if isinstance(value, float) and np.isnan(value):
        return False
    return not (isinstance(value, list) and not value)


def _fits(value: Any, wanted: Sequence[Any]) -> bool:
    if isinstance(value, list):
        return any(v in wanted for v in value)
    return value in wanted


def applies(dim: dict, info: SurveyInfo) -> bool:
    """A dimension applies to a questionnaire of its audience that asks its questions
    (all of them for a summed score, any one otherwise); a language one to any."""
    if dim["audience"] != info.audience:
        return False
    if dim["language"]:
        return True
    asked = [q in info.column_names for q in dim["questions"]]
    return all(asked) if dim["score"] == "sum" else any(asked)


def _matches(frame: ResponseFrame, name: str, rows: np.ndarray,
             wanted: Sequence[Any] | None) -> np.ndarray:
    """Rows of ``rows`` whose answer to column ``name`` is one of ``wanted`` (None: any
    answer at all, "prefer not to say" aside). Whole columns at once, except tick-all
    answers, which are lists."""
    col = frame.columns[name]
    series = frame.data[name]
    if col.kind in CHOICE_KINDS:
        codes = series.cat.codes.to_numpy()[rows]
        cats = list(series.cat.categories)
        keep = [i for i, c in enumerate(cats)
                if (c != PREFER_NOT_TO_SAY if wanted is None else c in wanted)]
        return np.isin(codes, keep)
    values = series.to_numpy(dtype=object)[rows]
    if col.kind == "multi":   # lists of ticked values (or None, or prefer not to say)
        if wanted is None:
            return np.array([v.__class__ is list and bool(v) for v in values], dtype=bool)
        wanted = set(wanted)
        return np.array([v.__class__ is list and not wanted.isdisjoint(v) for v in values],
                        dtype=bool)
    if wanted is None:
        return np.fromiter((_answered(v) for v in values), dtype=bool, count=rows.size)
    return np.fromiter((_answered(v) and _fits(v, wanted) for v in values), dtype=bool,
                       count=rows.size)


def membership(frame: ResponseFrame, info: SurveyInfo, rows: np.ndarray,
               dim: dict) -> np.ndarray:
    """For each of ``rows``, the index of its group in ``dim["groups"]``, or -1 for a
    respondent who did not say (skipped the dimension's questions or preferred not to).
    The first group that fits is a person's; ``otherwise`` takes whoever is left."""
    names = {q: info.column_names[q] for q in dim["questions"] if q in info.column_names}
    if dim["language"]:
        said = np.ones(rows.size, dtype=bool)
    else:
        answered = [_matches(frame, name, rows, None) for name in names.values()]
        said = np.logical_and.reduce(answered) if dim["score"] == "sum" \
            else np.logical_or.reduce(answered)
    total = None
    if dim["score"] == "sum":
        total = np.sum([frame.numeric(name)[rows] for name in names.values()], axis=0)
    out = np.full(rows.size, -1, dtype=np.int64)
    free = said.copy()
    fallback = None
    for g, group in enumerate(dim["groups"]):
        rule, want = group["rule"], group["value"]
        if rule == "otherwise":
            fallback = g
            continue
        if rule == "answers":
            fits = np.logical_or.reduce([_matches(frame, names[q], rows, w)
                                         for q, w in want.items() if q in names]
                                        or [np.zeros(rows.size, dtype=bool)])
        elif rule == "languages":
            fits = np.isin(frame.data["language"].to_numpy(dtype=object)[rows], want)
        else:
            fits = (total >= want["min"]) & (total <= want["max"])
        chosen = free & fits
        out[chosen] = g
        free &= ~chosen
    if fallback is not None:
        out[free] = fallback
    return out


# --- the tables ---------------------------------------------------------------------------


def summarise_equity(frame: ResponseFrame, summary: Summary, dimensions: Sequence[dict], *,
                     wave: str, policy: SuppressionPolicy,
                     shown_schools: set[str] | None = None,
                     counted: Counted | None = None) -> list[EquityTable]:
    """Every equity table of one wave: per questionnaire, construct question and
    dimension, the partnership's, then each shown school's where it may be published.

    ``counted``: for rows of one questionnaire, which are in the partnership's figures
    (the Summary's rule: a small school is left out when even the small ones together
    are under the threshold). The equity tables count the same people, or the
    partnership's groups less its published total would give a left-out school away.
    None counts every row."""
    if not dimensions or not len(frame):
        return []
    data = frame.data
    wave_rows = data["wave"].to_numpy(dtype=object) == wave
    keys = data["survey_key"].to_numpy(dtype=object)
    school_codes = data["school"].cat.codes.to_numpy()
    school_names = list(data["school"].cat.categories)
    out: list[EquityTable] = []
    for info in frame.surveys.values():
        rows = np.flatnonzero(wave_rows & (keys == info.key))
        if counted is not None:
            rows = rows[counted(rows)]
        if not rows.size:
            continue
        survey = next((s for s in summary.surveys if s.key == info.key), None)
        for dim in dimensions:
            if not applies(dim, info):
                continue
            groups = membership(frame, info, rows, dim)
            for qid in info.order:
                question = info.questions[qid]
                construct = question.get("construct")
                if not construct or construct in dim["excludes"] \
                        or qid in dim["questions"] or qid not in info.column_names:
                    continue
                col = frame.columns[info.column_names[qid]]
                if col.kind not in CHOICE_KINDS:
                    continue
                item = next((i for i in survey.items if i.question_id == qid), None) \
                    if survey else None
                out += _question_tables(frame, info, rows, groups,
                                        (school_codes[rows], school_names), dim, qid,
                                        question, construct, item, policy, shown_schools)
    return out


def _headline(question: dict, kind: str) -> list:
    options = question.get("options") or []
    cats = [SimpleNamespace(value=o["value"], substantive=True) for o in options]
    return headline_values(kind, question.get("type", ""), cats)


def _question_tables(frame, info, rows, groups, school_of, dim, qid, question, construct,
                     item, policy, shown_schools) -> list[EquityTable]:
    col = frame.columns[info.column_names[qid]]
    top = _headline(question, col.kind)
    if not top:
        return []
    is_top = _matches(frame, col.name, rows, top)
    n_groups = len(dim["groups"])
    slot = np.where(groups < 0, n_groups, groups)   # "did not say" is the last column
    # Shares are of everyone in a group who took the survey, "no answer" included, as
    # the question's own headline share is: group sizes are then the same for every
    # question of the survey, so comparing two tables gives nothing away.
    width = n_groups + (1 if (groups < 0).any() else 0)

    def grid(mask: np.ndarray) -> list[list[int]]:
        top_counts = np.bincount(slot[mask & is_top], minlength=n_groups + 1)
        rest_counts = np.bincount(slot[mask & ~is_top], minlength=n_groups + 1)
        return [top_counts.tolist()[:width], rest_counts.tolist()[:width]]

    codes, names = school_of
    present = np.flatnonzero(np.bincount(codes[codes >= 0], minlength=len(names)))
    meta = _Meta(info, dim, qid, question, construct, top, len(present))
    whole = grid(np.ones(rows.size, dtype=bool))
    cells = _suppress(policy, whole, _fixed_totals(item, PARTNERSHIP, top), n_groups)
    tables = [meta.table(PARTNERSHIP, "the partnership", whole, cells, policy, frame)]
    if not _all_shown(cells):
        return tables
    # every school's table in one pass: (school, row, group) counts
    cell = (codes * 2 + ~is_top) * (n_groups + 1) + slot
    counts = np.bincount(cell[codes >= 0], minlength=len(names) * 2 * (n_groups + 1))
    counts = counts.reshape(len(names), 2, n_groups + 1)[:, :, :width]
    per_school = {names[i]: counts[i].tolist() for i in present}
    publishable = [code for code, g in per_school.items() if _clear(g, policy, n_groups)]
    publishable = _rest_clears(whole, per_school, publishable, policy)
    for code in publishable:
        if shown_schools is not None and code not in shown_schools:
            continue
        g = per_school[code]
        fixed = _fixed_totals(item, school_key(code), top)
        school_cells = _suppress(policy, g, fixed, n_groups) if fixed is not None else None
        if school_cells is not None and _all_shown(school_cells):
            tables.append(meta.table(school_key(code), frame.schools.get(code, code), g,
                                     school_cells, policy, frame))
    return tables


def _fixed_totals(item, group: str, top: list) -> list[Cell | None] | None:
    """The question's own published headline count for ``group`` and the rest of its
    n, so this table's totals are shown or hidden exactly as there."""
    if item is None:
        return [None, None]
    dist = next((d for d in item.distributions if d.group == group), None)
    if dist is None:
        return None
    parts = [c for c in dist.categories if c.substantive and c.value in top]
    head = dist.headline_count if dist.headline_count is not None else (
        parts[0].count if len(parts) == 1 else None)
    if head is None:
        return [None, None]
    if head.suppressed and dist.n.shown and dist.complement_count is not None \
            and dist.complement_count.shown and not any(
                c.count.suppressed for c in dist.categories if not c.substantive):
        # the headline answers are the base less the other answers and the set-aside
        # ones, all published: the count is there to be worked out, so it is known
        set_aside = sum(int(c.count.value) for c in dist.categories if not c.substantive)
        head = shown(int(dist.n.value) - int(dist.complement_count.value) - set_aside)
    if head.shown and dist.n.shown:
        return [head, shown(int(dist.n.value) - int(head.value))]
    return [head, Cell(None, "not shown", True, SECONDARY)]


def _suppress(policy: SuppressionPolicy, grid: list[list[int]],
              fixed: list[Cell | None] | None, named: int):
    """Rows: the headline answers, everything else (other answers, "prefer not to say"
    and no answer); columns: the groups, then "did not say". Row totals are the
    question's own published figures; column totals are group sizes.

    Where one of two named groups is hidden, the other is hidden too, and the solver
    then hides whatever would give it away (complementary suppression): set against
    the total, a group shown alone would describe the one hidden."""
    def run(hide: Sequence[int] = ()):
        return policy.table(grid, row_totals=True, column_totals=True,
                            groups_in="columns", fixed_row_totals=fixed if fixed else None,
                            hide_columns=hide)

    out = run()
    hidden = [g for g in range(named) if out.column_totals[g].suppressed
              or any(out.cells[r][g].suppressed for r in range(len(grid)))]
    if named == 2 and len(hidden) == 1:
        out = run([1 - hidden[0]])
    return out


def _all_shown(cells) -> bool:
    return all(c.shown for row in cells.cells for c in row) and all(
        c.shown for c in cells.column_totals)


def _clear(grid: list[list[int]], policy: SuppressionPolicy, named: int) -> bool:
    """Every named group's cells at or above the threshold; "did not say" too, unless
    nobody at all is in it."""
    for g in range(len(grid[0])):
        column = [row[g] for row in grid]
        if g >= named and sum(column) == 0:
            continue
        if any(policy.is_small(v) for v in column):
            return False
    return True


def _rest_clears(whole, per_school, codes: list[str], policy) -> list[str]:
    """Drop the smallest schools until the schools not published add up, in every
    cell, to zero or at least the threshold (so the partnership minus the published
    schools describes no small group)."""
    codes = list(codes)
    while codes:
        rest = [[whole[r][g] - sum(per_school[c][r][g] for c in codes)
                 for g in range(len(whole[0]))] for r in range(len(whole))]
        if all(v == 0 or not policy.is_small(v) for row in rest for v in row):
            return codes
        codes.remove(min(codes, key=lambda c: (sum(map(sum, per_school[c])), c)))
    return codes


class _Meta:
    """What every table of one question and dimension shares."""

    def __init__(self, info, dim, qid, question, construct, top, schools: int):
        self.info, self.dim, self.qid, self.schools = info, dim, qid, schools
        self.question, self.construct, self.top = question, construct, top
        self.definition = info.constructs.get(construct) or {}
        labels = {o["value"]: text_of(o.get("label")) for o in question.get("options") or []}
        self.headline_labels = [labels.get(v, str(v)) for v in top]

    def table(self, scope: str, scope_label: str, grid, cells, policy, frame) -> EquityTable:
        from .build import population_label  # build imports this module
        dim, info = self.dim, self.info
        groups: list[EquityGroup] = []
        for g in range(len(grid[0])):
            named = g < len(dim["groups"])
            spec = dim["groups"][g] if named else None
            n = cells.column_totals[g]
            count = cells.cells[0][g]
            if n.shown and count.shown and cells.cells[1][g].shown and n.value:
                lo, hi = wilson_interval(int(count.value), int(n.value))
                pct = 100.0 * count.value / n.value
                share = Cell(round(pct, 1), f"{pct:.0f}%")
                low, high = (Cell(round(100 * lo, 1), f"{100 * lo:.0f}%"),
                             Cell(round(100 * hi, 1), f"{100 * hi:.0f}%"))
            else:
                share = low = high = policy.hidden(count.reason if count.suppressed
                                                   else SECONDARY)
            groups.append(EquityGroup(
                key=spec["id"] if spec else UNKNOWN_KEY,
                label=spec["label"] if spec else UNKNOWN_LABEL,
                short=spec.get("short") or spec["label"] if spec else "Did not say",
                n=n, count=count, share=share, ci_low=low, ci_high=high,
                reference=bool(spec and spec["reference"]), named=named,
                small_group_warning=n.shown and policy.small_group_warning(n.value)))
        schools = self.schools
        total = sum(sum(row) for row in grid)
        population = population_label(info.audience, info.year_groups, scope, scope_label,
                                      schools, shown(total) if not policy.is_small(total)
                                      else policy.hidden())
        hidden_any = any(not g.share.shown for g in groups if g.named)
        table = EquityTable(
            survey=info.key, audience=info.audience, question=self.qid,
            question_text=text_of(self.question.get("text")), construct=self.construct,
            construct_name=self.definition.get("name", self.construct),
            better=self.definition.get("better", ""),
            headline_labels=self.headline_labels, dimension=dim["id"],
            dimension_name=dim["name"], scope=scope, scope_label=scope_label,
            population=population.rsplit(",", 1)[0],
            groups=groups, tags=list(self.definition.get("tags") or []),
            note=("Some groups are not shown: a group of fewer than "
                  f"{policy.threshold}, or one that would let a hidden group be worked "
                  "out by subtraction." if hidden_any else ""),
        )
        table.gaps = gaps(table, policy)
        return table


def gaps(table: EquityTable, policy: SuppressionPolicy) -> list[EquityGap]:
    """Each named group against the reference group, from published figures only."""
    ref = next((g for g in table.groups if g.reference), None)
    out = []
    if ref is None:
        return out
    for g in table.groups:
        if not g.named or g.reference:
            continue
        if not (g.share.shown and ref.share.shown):
            hidden = policy.hidden(SECONDARY)
            out.append(EquityGap(g.key, ref.key, hidden, hidden, hidden, NOT_COMPARED,
                                 "Not compared: a group's figure is not shown."))
            continue
        d = share_difference(int(g.count.value), int(g.n.value), int(ref.count.value),
                             int(ref.n.value))
        label = ABOVE if d.ci_low > 0 else BELOW if d.ci_high < 0 else None
        if label is None or table.better not in ("higher", "lower"):
            verdict = NO_CLEAR if label is None else NOT_COMPARED
        else:
            verdict = BETTER if (label == ABOVE) == (table.better == "higher") else WORSE
        gap = EquityGap(
            g.key, ref.key, _points(d.estimate), _points(d.ci_low), _points(d.ci_high),
            verdict, "",
            [f"Fewer than {policy.min_compare_n} {AUDIENCE_WORDS.get(table.audience, '')} "
             f"who {x.label}: read with care." for x in (g, ref) if x.small_group_warning])
        gap.text = gap_sentence(table, g, ref, gap)
        gap.size = abs(100 * d.estimate)
        out.append(gap)
    return out


def _signed(points: float) -> str:
    """+12, -3, or 0 (never "-0")."""
    text = f"{points:+.0f}"
    return "0" if text in ("+0", "-0") else text


def _points(x: float) -> Cell:
    text = _signed(100 * x)
    return Cell(round(100 * x, 2), f"{text} point" if text in ("+1", "-1") else f"{text} points")


def interval_words(lo: float, hi: float) -> str:
    """A gap's 95% interval in words: "likely between 4 and 40 points fewer"."""
    if hi < 0:
        return f"likely between {abs(hi):.0f} and {abs(lo):.0f} points fewer"
    if lo > 0:
        return f"likely between {lo:.0f} and {hi:.0f} points more"
    return f"likely between {abs(lo):.0f} points fewer and {hi:.0f} points more"


def gap_sentence(table: EquityTable, group: EquityGroup, ref: EquityGroup,
                 gap: EquityGap) -> str:
    """The gap in plain words: a difference between groups, never a cause."""
    who = AUDIENCE_WORDS.get(table.audience, "respondents").capitalize()
    answer = " or ".join(f"‘{a}’" for a in table.headline_labels)
    size = abs(float(gap.difference.value))
    more = "more" if gap.difference.value > 0 else "fewer"
    interval = interval_words(float(gap.ci_low.value), float(gap.ci_high.value))
    if gap.verdict in (WORSE, BETTER):
        verdict = (f"a clear difference, {'worse' if gap.verdict == WORSE else 'better'} "
                   f"for those who {group.label}")
    else:
        verdict = "no clear difference: a gap this size could be chance"
    return (f"{who} who {group.label}: {group.share.display} answered {answer} to "
            f"‘{table.question_text}’, against {ref.share.display} of those who "
            f"{ref.label} ({size:.0f} points {more}; n = {group.n.display} and "
            f"{ref.n.display}; {interval}): {verdict}.")


# --- reading them -------------------------------------------------------------------------


def equity_tables(summary: Summary, *, school: str | None = None,
                  audience: str | None = None) -> list[EquityTable]:
    """The equity tables of a Summary (one wave) for a staff page or a briefing: the
    partnership's (``school`` None) or one school's, optionally one audience's."""
    scope = PARTNERSHIP if school is None else school_key(school)
    return [t for t in summary.equity if t.scope == scope
            and (audience is None or t.audience == audience)]


def clear_gaps(tables: Sequence[EquityTable]) -> list[tuple[EquityTable, EquityGap]]:
    """Every clear gap that is worse for a group than for its reference group, largest
    first (shares and means alike, by ``EquityGap.size``): what a "reducing inequality"
    headline draws on."""
    found = [(t, g) for t in tables for g in t.gaps if g.verdict == WORSE]
    return sorted(found, key=lambda tg: -tg[1].size)
