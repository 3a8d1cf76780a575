"""Assemble a briefing: a Summary and a scope in, sections and drawn charts out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..analysis.summary import Summary
from .model import BriefingContext, Chart
from .sections import SectionView, build_sections

#: ``progress(step, done, total)``: a long briefing reports what it is doing.
Progress = Callable[[str, int, int], None]

TITLE = "What pupils, parents and the community told us"


@dataclass
class Briefing:
    """A briefing ready to render as HTML or PDF: plain data and finished SVG charts."""

    context: BriefingContext
    sections: list[SectionView]

    @property
    def charts(self) -> list[Chart]:
        return self.context.charts

    @property
    def title(self) -> str:
        return TITLE

    @property
    def scope_label(self) -> str:
        return self.context.scope_label

    @property
    def wave_name(self) -> str:
        return self.context.wave_name

    @property
    def running_head(self) -> str:
        return f"WEST Children's Community · {self.wave_name} · {self.scope_label}"

    @property
    def filename(self) -> str:
        scope = self.context.school or "partnership"
        return f"westcc-briefing-{self.context.summary.scope.wave}-{scope}.pdf"


def build_briefing(summary: Summary, *, school: str | None = None,
                   rolls: dict[str, int] | None = None,
                   progress: Progress | None = None) -> Briefing:
    """The briefing for ``summary`` at one scope: the partnership, or one ``school`` code.

    ``rolls``: pupils on roll per school code in the year groups surveyed, for response
    rates; leave it out where rolls are not configured.
    """
    ctx = BriefingContext(summary, school, dict(rolls or {}))
    report = progress or _quiet
    report("Reading the summary", 0, 1)
    sections = build_sections(ctx)
    total = len(ctx.charts)
    for i, chart in enumerate(ctx.charts):
        report("Drawing charts", i, total)
        chart.render()
    report("Drawing charts", total, total)
    return Briefing(ctx, sections)


def _quiet(step: str, done: int, total: int) -> None:
    return None
