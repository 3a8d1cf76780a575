"""Reducing inequality: each headline construct across the groups of each equity
dimension (the appendix), and the page-1 headline drawn from the largest clear gap.

Figures come from ``summary.equity`` as published; a school briefing shows the school's
own tables where every group there clears the threshold, and otherwise the
partnership's, saying so.
"""

from __future__ import annotations

from typing import Any

from ...analysis.equity import EQUITY_RULE_TEXT, clear_gaps, equity_tables
from ...analysis.equity_means import MEAN_RULE_TEXT
from ...analysis.equity_types import BETTER, WORSE, EquityTable
from ..equity_view import NOT_CAUSES, block_chart, equity_blocks, hidden_blocks
from ..findings import Finding
from ..model import BriefingContext
from . import Section, register

#: The WEST priority theme whose headline the equity gaps write.
EQUITY_TAG = "west.inequality"


def scoped_tables(ctx: BriefingContext) -> tuple[list[EquityTable], bool]:
    """The tables a briefing shows, and whether they are the focus school's own."""
    if ctx.is_school:
        own = equity_tables(ctx.summary, school=ctx.school)
        if own:
            return own, True
    return equity_tables(ctx.summary), not ctx.is_school


@register
class Equity(Section):
    key = "equity"
    title = "Reducing inequality: how groups compare"
    order = 75

    @classmethod
    def build(cls, ctx: BriefingContext) -> dict[str, Any] | None:
        if not ctx.summary.equity:
            return None
        tables, own = scoped_tables(ctx)
        blocks = equity_blocks(tables)
        for block in blocks:
            block.chart = ctx.add_chart(block_chart(ctx.next_chart_id(), block))
        compared = sum(1 for t in tables for g in t.gaps if g.difference.shown)
        clear = sum(1 for t in tables for g in t.gaps if g.verdict in (WORSE, BETTER))
        return {
            "blocks": blocks,
            "hidden": hidden_blocks(tables),
            "own": own,
            "is_school": ctx.is_school,
            "scope": ctx.scope_label,
            "compared": compared,
            "n_clear": clear,
            "by_chance": round(compared * (1 - ctx.summary.method.confidence)),
            "rule": EQUITY_RULE_TEXT,
            "mean_rule": MEAN_RULE_TEXT if any(t.measure == "mean" for t in tables) else "",
            "not_causes": NOT_CAUSES,
            "threshold": ctx.threshold_display,
        }


def equity_finding(ctx: BriefingContext, used: set[str]) -> Finding | None:
    """The "reducing inequality" headline: the largest clear gap that is worse for a
    group, in the briefing's own scope, with how many gaps were compared."""
    if ctx.is_school:
        tables = equity_tables(ctx.summary, school=ctx.school)
    else:
        tables = equity_tables(ctx.summary)
    compared = sum(1 for t in tables for g in t.gaps if g.difference.shown)
    for table, gap in clear_gaps(tables):
        if table.ref in used:
            continue
        group = next(g for g in table.groups if g.key == gap.group)
        ref = next(g for g in table.groups if g.key == gap.reference)
        others = len(clear_gaps(tables)) - 1
        more = (f"; {others} other clear gap{'s' if others != 1 else ''} in the appendix"
                if others > 0 else "")
        scale = (f" (mean, {table.minimum:g} to {table.maximum:g})"
                 if table.measure == "mean" else "")
        return Finding(
            text=gap.text, kind="gap", source=table.ref,
            figure=f"{group.share.display} against {ref.share.display}{scale}",
            n=f"n = {group.n.display} and {ref.n.display}",
            comparison=(f"{table.population}, by {table.dimension_name.lower()}, "
                        f"n = {group.n.display} and {ref.n.display}; one of "
                        f"{compared} gaps compared, about "
                        f"{round(compared * (1 - ctx.summary.method.confidence))} of which "
                        f"would look clear by chance alone{more}"),
            certainty="a clear difference by the 95% rule",
            tags=(EQUITY_TAG, *[t for t in table.tags if t != EQUITY_TAG]),
            size=gap.size, small=group.small_group_warning or ref.small_group_warning)
    return None
