"""Change since the last wave: scores by the comparison rule, questions side by side."""

from __future__ import annotations

import re
from typing import Any

from ...privacy.suppression import Cell, format_percent
from .. import charts
from ..figures import Share, n_text, quoted, share, shown, top_values
from ..model import BriefingContext, audience_noun, audience_title
from . import Section, register
from .blocks import audience_rank

VERDICTS = {"above": "higher", "below": "lower", "similar": "no clear change"}
#: Rows per before-and-after chart, so each fits on a page.
MAX_ROWS = 12
DIRECTIONS = {"better": "better", "worse": "worse", "no_clear_difference": ""}


def readable(ctx: BriefingContext, text: str) -> str:
    """Group keys in a sentence ("wave:2026-autumn has fewer than 30") as their names."""
    return re.sub(r"\b(?:wave|school|rest|audience):[\w/-]+",
                  lambda m: ctx.group_label(m.group(0)), text)


def caution(ctx: BriefingContext, comp, before, now) -> list[str]:
    """A change resting on a small group, said once for the row, however many of its
    two waves are small."""
    if not comp.warnings:
        return []
    t = ctx.summary.scope
    small = [name for est, name in ((before, t.previous_wave_name), (now, t.wave_name))
             if est.small_group_warning]
    if not small:  # flagged on what was compared, not on the estimates: as it says
        return [" ".join(readable(ctx, w) for w in comp.warnings)]
    when = "both waves" if len(small) == 2 else small[0]
    return [f"Fewer than {ctx.summary.method.min_compare_n} responses in {when}: treat "
            "this change with caution."]


def _cell(s: Share | None) -> Cell | None:
    return None if s is None else Cell(round(s.percent, 1), format_percent(s.percent))


@register
class Change(Section):
    key = "change"
    title = "Change since the last wave"
    order = 80

    @classmethod
    def build(cls, ctx: BriefingContext) -> dict[str, Any] | None:
        scope = ctx.summary.scope
        data: dict[str, Any] = {"previous": scope.previous_wave_name, "wave": scope.wave_name,
                                "is_school": ctx.is_school, "scope": ctx.scope_label,
                                "score_rows": [],
                                "not_compared": [], "item_charts": []}
        if not scope.previous_wave:
            data["first_wave"] = True
            return data
        for score in sorted(ctx.summary.scores, key=lambda s: audience_rank(s.audience)):
            row = cls.score_row(ctx, score)
            if row:
                data["score_rows"].append(row)
            elif score.trend is not None and not score.trend.comparable:
                data["not_compared"].append({"title": f"{score.name} "
                                             f"({audience_noun(score.audience)})",
                                             "reason": score.trend.reason})
        for survey in sorted(ctx.summary.surveys, key=lambda s: audience_rank(s.audience)):
            pairs = []
            for item in survey.items:
                trend = item.trend
                if trend is None:
                    continue
                if not trend.comparable:
                    data["not_compared"].append({"title": f"{item.text} "
                                                 f"({audience_noun(survey.audience)})",
                                                 "reason": trend.reason})
                    continue
                pair = cls.item_pair(ctx, item)
                if pair:
                    pairs.append(pair)
            for start in range(0, len(pairs), MAX_ROWS):
                rows = pairs[start:start + MAX_ROWS]
                title = f"{audience_title(survey.audience)} · {survey.title}"
                data["item_charts"].append({
                    "title": title + (" (continued)" if start else ""),
                    "chart": ctx.add_chart(charts.dot_pairs(
                        ctx.next_chart_id(), f"{title}: the top answers in "
                        f"{scope.previous_wave_name} and {scope.wave_name}", rows,
                        before_label=scope.previous_wave_name or "before",
                        after_label=scope.wave_name,
                        measure="Share of those who answered giving the answers "
                                f"named in each row, {ctx.focus_label}")),
                })
        return data

    @staticmethod
    def score_row(ctx: BriefingContext, score) -> dict[str, Any] | None:
        t = score.trend
        comp = ctx.own_change(t)
        if comp is None:
            return None
        before, now = ctx.focus(t.previous_estimates), ctx.focus(score.estimates)
        if now is None or before is None or not shown(before.mean, now.mean) \
                or comp.label not in VERDICTS:
            return None
        return {
            "measure": score.name,
            "audience": audience_title(score.audience),
            "before": before.mean.display, "before_n": n_text(before.n),
            "after": now.mean.display, "after_n": n_text(now.n),
            "difference": comp.difference.display,
            "interval": f"{comp.ci_low.display} to {comp.ci_high.display}",
            "verdict": VERDICTS[comp.label],
            "direction": DIRECTIONS.get(comp.direction, ""),
            "warnings": caution(ctx, comp, before, now),
            "orientation": score.orientation,
        }

    @staticmethod
    def item_pair(ctx: BriefingContext, item) -> charts.DotPair | None:
        now = ctx.focus(item.distributions)
        before = ctx.focus(item.trend.previous_distributions)
        if now is None or before is None or item.multiple:
            return None
        values = top_values(item.kind, item.type, now.categories)
        if not values:
            return None
        a, b = share(before, values), share(now, values)
        if a is None or b is None:
            return None
        comp = ctx.own_change(item.trend)
        verdict = f" ({VERDICTS[comp.label]})" if comp and comp.label in VERDICTS else ""
        return charts.DotPair(f"{item.text} — {quoted(b.labels)}{verdict}", _cell(a),
                              _cell(b), before.n, now.n)
