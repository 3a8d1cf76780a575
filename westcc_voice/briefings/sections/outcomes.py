"""The body of a briefing: one section per Children's Community outcome domain, then the
wellbeing scales, aspirations, and pupils, parents and community side by side."""

from __future__ import annotations

from typing import Any

from ...analysis.summary import DomainIndex
from .. import charts
from ..model import BriefingContext, audience_title
from . import Section, SectionView, register
from .blocks import (
    anchor_of,
    audience_rank,
    band_blocks,
    placed,
    score_block,
    title_of,
    twin_notes_once,
    unit_blocks,
)


def see_also(ctx: BriefingContext, domain: DomainIndex, home: str) -> list[dict[str, str]]:
    """Questions and scores tagged with this domain but shown in another section."""
    where = placed(ctx)
    refs = [r for r in (*domain.items, *domain.texts) if where.get(r) not in (home, None)]
    refs += [s for s in domain.scores if ctx.score(s) is not None]
    return [{"title": title_of(ctx, r), "anchor": anchor_of(ctx, r)} for r in refs]


@register
class DomainSections(Section):
    """One section per Children's Community outcome domain (cc.* in the frameworks)."""

    key = "domain"
    title = "Outcome domain"
    order = 40
    prefix = "cc."

    @classmethod
    def template(cls) -> str:
        return "briefings/sections/domain.html"

    @classmethod
    def views(cls, ctx: BriefingContext) -> list[SectionView]:
        out = []
        for number, domain in enumerate(
                [d for d in ctx.summary.domains if d.tag.startswith(cls.prefix)], start=1):
            home = f"domain:{domain.tag}"
            blocks = unit_blocks(ctx, home)
            also = see_also(ctx, domain, home)
            if not blocks and not also:
                continue
            out.append(cls.view({"domain": domain.label, "tag": domain.tag,
                                 "kicker": cls.kicker(number), "blocks": blocks,
                                 "see_also": also},
                                key=f"domain-{domain.tag}", title=domain.label,
                                anchor=f"s-{domain.tag.replace('.', '-')}"))
        return out

    @staticmethod
    def kicker(number: int) -> str:
        return f"Children's Community outcome domain {number}"


@register
class ThemeSections(DomainSections):
    """WEST themes with questions that carry no outcome-domain tag of their own."""

    key = "theme"
    order = 45
    prefix = "west."

    @classmethod
    def views(cls, ctx: BriefingContext) -> list[SectionView]:
        out = []
        for domain in ctx.summary.domains:
            if not domain.tag.startswith(cls.prefix):
                continue
            blocks = unit_blocks(ctx, f"theme:{domain.tag}")
            if blocks:
                out.append(cls.view({"domain": domain.label, "tag": domain.tag,
                                     "kicker": "WEST priority theme", "blocks": blocks,
                                     "see_also": []},
                                    key=f"theme-{domain.tag}", title=domain.label,
                                    anchor=f"s-{domain.tag.replace('.', '-')}"))
        return out


@register
class Scales(Section):
    key = "scales"
    title = "Wellbeing scales"
    order = 50

    @classmethod
    def build(cls, ctx: BriefingContext) -> dict[str, Any] | None:
        groups = []
        for audience in ctx.audiences():
            scores = [s for s in ctx.summary.scores if s.audience == audience
                      and ctx.focus(s.estimates) is not None]
            blocks = [b for s in scores for b in [score_block(ctx, s)] if b]
            blocks += band_blocks(ctx, scores)
            blocks = twin_notes_once(blocks)
            if blocks:
                groups.append({"audience": audience_title(audience), "blocks": blocks})
        if not groups:
            return None
        return {"groups": groups, "is_school": ctx.is_school}


@register
class Aspirations(Section):
    key = "aspirations"
    title = "Hopes and aspirations"
    order = 60

    @classmethod
    def build(cls, ctx: BriefingContext) -> dict[str, Any] | None:
        blocks = unit_blocks(ctx, "aspirations")
        if not blocks:
            return None
        return {"blocks": blocks}


@register
class SideBySide(Section):
    """Indicators asked of more than one audience, one chart per shared scale: a heading
    per indicator, a row per audience. Never pooled: each audience's own figures."""

    key = "side_by_side"
    title = "Pupils, parents and community side by side"
    order = 70
    note = ("Each group answered its own questionnaire; the figures are shown side by side, "
            "never added together.")

    @classmethod
    def build(cls, ctx: BriefingContext) -> dict[str, Any] | None:
        score_sets: dict[tuple, list] = {}
        item_sets: dict[tuple, list] = {}
        for ind in ctx.summary.shared:
            if ind.kind == "score":
                rows = cls.score_rows(ctx, ind)
                if len(rows) >= 2:
                    score_sets.setdefault(rows[0][0], []).append((ind, [r for _k, r in rows]))
            else:
                parts = cls.item_parts(ctx, ind)
                if len(parts) >= 2:
                    scale = tuple((c.value, c.label) for c in parts[0][1].categories)
                    if all(tuple((c.value, c.label) for c in d.categories) == scale
                           for _l, d in parts):
                        item_sets.setdefault(scale, []).append((ind, parts))
        blocks = []
        for (lo, hi), group in score_sets.items():
            rows: list[Any] = []
            for ind, est_rows in group:
                rows.append(charts.Heading(ind.label))
                rows += est_rows
            blocks.append({"title": join_titles([ind.label for ind, _r in group]),
                           "anchor": ctx.anchor("shared:" + group[0][0].indicator),
                           "chart": ctx.add_chart(charts.estimates_chart(
                               ctx.next_chart_id(), f"Side by side: {ctx.focus_label}", rows,
                               minimum=lo, maximum=hi, reference=None, reference_label="")),
                           "notes": [cls.note]})
        for scale, group in item_sets.items():
            ordered = all(isinstance(v, int) for v, _l in scale
                          if v != "prefer_not_to_say")
            questions = [charts.Question(
                ind.label, list(scale),
                [charts.BarRow(label, d.n, [c.percent for c in d.categories],
                               d.small_group_warning) for label, d in parts], ordered)
                for ind, parts in group]
            blocks.append({"title": join_titles([ind.label for ind, _p in group]),
                           "anchor": ctx.anchor("shared:" + group[0][0].indicator),
                           "chart": ctx.add_chart(charts.stacked_bars(
                               ctx.next_chart_id(), f"Side by side: {ctx.focus_label}",
                               questions,
                               base_noun="people in the group who answered")),
                           "notes": [cls.note]})
        if not blocks:
            return None
        return {"blocks": blocks, "scope": ctx.focus_label, "is_school": ctx.is_school}

    @staticmethod
    def score_rows(ctx: BriefingContext, ind) -> list[tuple[tuple, charts.EstimateRow]]:
        scores = sorted([s for s in ctx.summary.scores if s.score_id == ind.indicator],
                        key=lambda s: audience_rank(s.audience))
        out = []
        for score in scores:
            est = ctx.focus(score.estimates)
            if est is not None:
                out.append(((score.minimum, score.maximum), charts.EstimateRow(
                    audience_title(score.audience), est.n, est.mean, est.ci_low, est.ci_high,
                    est.small_group_warning)))
        return out

    @staticmethod
    def item_parts(ctx: BriefingContext, ind) -> list[tuple[str, Any]]:
        if not ctx.is_school:
            return [(d.label, d) for d in sorted(
                ind.distributions,
                key=lambda d: audience_rank(d.group.split(":", 1)[-1].split("/")[0]))]
        parts = []
        for survey in sorted(ctx.summary.surveys, key=lambda s: audience_rank(s.audience)):
            item = next((i for i in survey.items if i.question_id == ind.indicator), None)
            dist = ctx.focus(item.distributions) if item else None
            if dist is not None:
                parts.append((f"{audience_title(survey.audience)} ({survey.title})", dist))
        return parts


def join_titles(titles: list[str]) -> str:
    return titles[0] if len(titles) == 1 else f"{titles[0]} and {len(titles) - 1} more"


__all__ = ["Aspirations", "DomainSections", "Scales", "SideBySide", "ThemeSections"]
