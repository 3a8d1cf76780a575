"""Equity tables laid out for reading: one block per construct and questionnaire, with a
row per group of each dimension. Plain data from the Summary's published cells only,
shared by the briefing's appendix section and the staff results pages (the template
fragment templates/briefings/_equity.html renders it).

    from westcc_voice.analysis.equity import equity_tables
    from westcc_voice.briefings.equity_view import block_chart, equity_blocks
    blocks = equity_blocks(equity_tables(summary, school="tyneview", audience="pupil"))
    for n, block in enumerate(blocks):          # charts are optional
        block.chart = block_chart(f"equity-{n}", block)
        block.chart.render()                    # block.chart.svg, block.chart.alt
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..analysis.equity import AUDIENCE_WORDS, clear_gaps
from ..analysis.equity_types import BETTER, NO_CLEAR, WORSE, EquityGroup, EquityTable
from . import charts

VERDICT_WORDS = {WORSE: "clear gap: worse", BETTER: "clear gap: better",
                 NO_CLEAR: "no clear difference"}
#: Said wherever gaps are shown.
NOT_CAUSES = ("These are differences between groups of respondents, not causes: a gap "
              "says that two groups answered differently, not why.")


@dataclass
class EquityRow:
    label: str
    n: str
    share: str
    interval: str
    reference: bool
    gap: str = ""
    gap_interval: str = ""
    verdict: str = ""
    small: bool = False


@dataclass
class EquityDimensionView:
    name: str
    rows: list[EquityRow]
    sentences: list[str] = field(default_factory=list)
    table: EquityTable | None = None


@dataclass
class EquityBlock:
    """One construct as one questionnaire asked it: each dimension's groups."""

    key: str
    construct: str
    audience: str
    question: str
    answers: str
    population: str
    scope_label: str
    dimensions: list[EquityDimensionView] = field(default_factory=list)
    #: "share" or "mean" (a score: ONS4 items, SWEMWBS), and a mean's range in words
    measure: str = "share"
    range: str = ""
    #: dimensions with nothing publishable for this construct, by name
    hidden: list[str] = field(default_factory=list)
    chart: Any = None

    @property
    def anchor(self) -> str:
        return "eq-" + self.key.replace("/", "-").replace(":", "-").replace("_", "-")


def _interval(group: EquityGroup) -> str:
    if group.ci_low.shown and group.ci_high.shown:
        return f"{group.ci_low.display} to {group.ci_high.display}"
    return ""


def _row(table: EquityTable, group: EquityGroup) -> EquityRow:
    gap = next((g for g in table.gaps if g.group == group.key), None)
    row = EquityRow(group.label, group.n.display, group.share.display, _interval(group),
                    group.reference, small=group.small_group_warning)
    if gap is not None and gap.difference.shown:
        row.gap = gap.difference.display
        row.gap_interval = f"{gap.ci_low.display} to {gap.ci_high.display}"
        row.verdict = VERDICT_WORDS.get(gap.verdict, "")
    elif group.reference:
        row.verdict = "compared with"
    return row


def publishable(table: EquityTable) -> bool:
    """At least one named group's share is shown (else the table is listed, not drawn)."""
    return sum(1 for g in table.groups if g.named and g.share.shown) >= 2


def equity_blocks(tables: Sequence[EquityTable]) -> list[EquityBlock]:
    """The tables of one scope, one block per construct and questionnaire; a construct
    with nothing publishable across any dimension is left out (see ``hidden_blocks``)."""
    blocks: dict[str, EquityBlock] = {}
    for t in tables:
        key = f"{t.scope}/{t.survey}/{t.construct}"
        block = blocks.get(key)
        if block is None:
            block = blocks[key] = EquityBlock(
                key, t.construct_name, AUDIENCE_WORDS.get(t.audience, t.audience),
                t.question_text, " or ".join(f"‘{a}’" for a in t.headline_labels),
                t.population, t.scope_label, measure=t.measure,
                range=f"{t.minimum:g} to {t.maximum:g}" if t.measure == "mean" else "")
        if not publishable(t):
            block.hidden.append(t.dimension_name)
            continue
        block.dimensions.append(EquityDimensionView(
            t.dimension_name, [_row(t, g) for g in t.groups if g.named],
            [g.text for g in t.gaps if g.text], t))
    return [b for b in blocks.values() if b.dimensions]


def hidden_blocks(tables: Sequence[EquityTable]) -> list[tuple[str, list[str]]]:
    """Constructs with nothing publishable by any group, once each: (who, [constructs])
    per questionnaire's population."""
    shown = {(t.survey, t.construct) for t in tables if publishable(t)}
    out: dict[str, list[str]] = {}
    for t in tables:
        if (t.survey, t.construct) in shown:
            continue
        names = out.setdefault(t.population[:1].upper() + t.population[1:], [])
        if t.construct_name not in names:
            names.append(t.construct_name)
    return list(out.items())


def largest_gaps(tables: Sequence[EquityTable], limit: int = 3) -> list[str]:
    """The sentences of the largest clear gaps that are worse for a group."""
    return [gap.text for _t, gap in clear_gaps(tables)[:limit]]


def block_chart(chart_id: str, block: EquityBlock) -> charts.Chart:
    """One chart per construct: each group's share (or, for a score, its mean) with its
    95% interval, a heading per dimension, and beside each group its gap from the
    reference group ("clear" when the gap's interval lies wholly on one side of zero).
    Drawn when rendered."""
    rows: list[Any] = []
    for dim in block.dimensions:
        rows.append(charts.Heading(dim.name))
        table = dim.table
        for group in (g for g in table.groups if g.named):
            gap = next((x for x in table.gaps if x.group == group.key), None)
            if group.reference:
                verdict = "reference"
            elif gap is not None and gap.difference.shown:
                verdict = gap.difference.display.replace(" points", "").replace(" point", "") + (
                    " clear" if gap.verdict in (WORSE, BETTER) else "")
            else:
                verdict = ""
            rows.append(charts.EstimateRow(
                group.short or group.label, group.n, group.share, group.ci_low,
                group.ci_high, group.small_group_warning, verdict))
    if block.measure == "mean":
        table = block.dimensions[0].table
        return charts.estimates_chart(chart_id, f"{block.construct}: mean score of "
                                      f"{block.audience}", rows, minimum=table.minimum,
                                      maximum=table.maximum, reference=None,
                                      reference_label="")
    title = f"{block.construct}: {block.audience} giving {block.answers}"
    return charts.estimates_chart(chart_id, title, rows, minimum=0, maximum=100,
                                  reference=None, reference_label="", unit="%")
