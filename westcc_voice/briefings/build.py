"""Assemble a briefing: a Summary and a scope in, sections and drawn charts out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from ..analysis.summary import Summary
from .model import BriefingContext, Chart
from .sections import APPENDIX, SHORT, SectionView, build_sections

#: ``progress(step, done, total)``: a long briefing reports what it is doing.
Progress = Callable[[str, int, int], None]

TITLE = "What pupils, parents and the community told us"


@dataclass
class Briefing:
    """A briefing ready to render as HTML or PDF: plain data and finished SVG charts."""

    context: BriefingContext
    sections: list[SectionView]
    #: ``short`` (the few pages read first) or ``appendix`` (every chart and table).
    document: str = SHORT

    @property
    def is_empty(self) -> bool:
        """Nobody in this scope responded: the briefing is a one-page note."""
        return self.context.is_empty

    @property
    def charts(self) -> list[Chart]:
        return self.context.charts

    @property
    def title(self) -> str:
        return TITLE if self.document == SHORT else f"{TITLE}: appendix"

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
        return filename(self.context.summary.scope.wave, self.context.school, self.document)


def filename(wave: str, school: str | None, document: str = SHORT) -> str:
    """The PDF's file name; the short briefing names its appendix by this too."""
    tail = "-appendix" if document == APPENDIX else ""
    return f"westcc-briefing-{wave}-{school or 'partnership'}{tail}.pdf"


def build_briefing(summary: Summary, *, school: str | None = None,
                   rolls: dict[str, int] | None = None,
                   progress: Progress | None = None, document: str = SHORT,
                   school_name: str | None = None) -> Briefing:
    """The briefing for ``summary`` at one scope: the partnership, or one ``school`` code.

    ``rolls``: pupils on roll per school code in the year groups surveyed, for response
    rates; leave it out where rolls are not configured. ``document``: ``short`` (the
    briefing) or ``appendix`` (its detail). A school's briefing covers only the
    questionnaires its own pupils, parents or community answered. ``school_name``: the
    school's name, for a school that exists but has no responses in this wave (the
    Summary names only schools with responses); its briefing is then a one-page note.
    """
    ctx = briefing_context(summary, school=school, rolls=rolls, document=document,
                           school_name=school_name)
    report = progress or _quiet
    report("Reading the summary", 0, 1)
    sections = drop_dangling(build_sections(ctx, "empty" if ctx.is_empty else document))
    total = len(ctx.charts)
    for i, chart in enumerate(ctx.charts):
        report("Drawing charts", i, total)
        chart.render()
    report("Drawing charts", total, total)
    return Briefing(ctx, sections, document)


def briefing_context(summary: Summary, *, school: str | None = None,
                     rolls: dict[str, int] | None = None, document: str = SHORT,
                     school_name: str | None = None) -> BriefingContext:
    """The Summary seen at one scope, before any section is made or chart drawn (the
    arguments are build_briefing's)."""
    names = summary.scope.school_names
    if school is not None and school not in names and school_name:
        summary = replace(summary, scope=replace(summary.scope,
                                                 school_names={**names, school: school_name}))
    ctx = BriefingContext(summary, school, dict(rolls or {}))
    ctx.wave_surveys = list(summary.surveys)
    if school is not None:
        ctx.summary = replace(summary, surveys=ctx.surveys_used())
    ctx.cache["document"] = document
    ctx.small_marked = document == SHORT
    return ctx


#: Lists of cross-references ({"title", "anchor"}) in section data.
LINK_LISTS = ("see_also", "entries")


def drop_dangling(sections: list[SectionView]) -> list[SectionView]:
    """Remove cross-references to anything this document does not print (a score no one
    at the school answered...), so no index entry is left without its page number; then
    a theme or domain left with nothing to show or point to."""
    defined: set[str] = set()

    def collect(value: Any, in_links: bool = False) -> None:
        if isinstance(value, dict):
            if not in_links and "anchor" in value and ("kind" in value or "chart" in value):
                defined.add(value["anchor"])
            for key, inner in value.items():
                collect(inner, in_links or key in LINK_LISTS)
        elif isinstance(value, list):
            for inner in value:
                collect(inner, in_links)

    for section in sections:
        defined.add(section.anchor)
        collect(section.data)

    def prune(value: Any) -> Any:
        if isinstance(value, dict):
            out = {}
            for key, inner in value.items():
                if key in LINK_LISTS and isinstance(inner, list):
                    out[key] = [e for e in inner if e.get("anchor") in defined]
                else:
                    out[key] = prune(inner)
            if "entries" in value and not out["entries"]:
                return None
            return out
        if isinstance(value, list):
            return [p for p in (prune(v) for v in value) if p is not None]
        return value

    kept = []
    for section in sections:
        section.data = prune(section.data)
        if "see_also" in section.data and not section.data["see_also"] \
                and not section.data.get("blocks"):
            continue
        if "themes" in section.data and not section.data["themes"] \
                and section.key == "west_index":
            continue
        kept.append(section)
    return kept


def _quiet(step: str, done: int, total: int) -> None:
    return None
