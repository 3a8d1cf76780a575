"""The front of a briefing: cover, key findings, and who took part."""

from __future__ import annotations

from typing import Any

from ...analysis.publish import SHARE_RULE_TEXT
from ...analysis.summary import NO_SCHOOL, PARTNERSHIP, school_key
from ...privacy.suppression import format_percent
from ..figures import shown
from ..findings import audience_display, key_findings
from ..model import BriefingContext, audience_noun, audience_title
from . import APPENDIX, SHORT, Section, register
from .blocks import audience_rank

SUPPRESSION_NOTE = ("Groups of fewer than {threshold} are not shown, and some other figures "
                    "are hidden so that they cannot be worked out by subtraction.")
CAUTION = ("These figures describe what people told us; they do not explain it. A "
           "difference can come from chance, especially in small groups, and from a "
           "school's context (its intake, its year groups, when the survey was done) as much "
           "as from what the school does. Read them alongside what you know, and where a "
           "group has fewer than 30 people, read with care.")


def suppression_note(ctx: BriefingContext) -> str:
    return SUPPRESSION_NOTE.format(threshold=ctx.summary.method.threshold)


@register
class Cover(Section):
    key = "cover"
    title = "Cover"
    order = 10
    in_contents = False
    new_page = False

    @classmethod
    def build(cls, ctx: BriefingContext) -> dict[str, Any]:
        scope = ctx.summary.scope
        return {
            "title": "What pupils, parents and the community told us",
            "scope": ctx.scope_label,
            "is_school": ctx.is_school,
            "wave": scope.wave_name,
            "previous": scope.previous_wave_name,
            "generated_on": scope.generated_on,
            "schools": [scope.school_names[c] for c in scope.schools
                        if c in scope.school_names] if not ctx.is_school else [],
            "audiences": [audience_noun(a) for a in ctx.audiences_here()],
        }


@register
class KeyFindings(Section):
    key = "findings"
    title = "Key findings"
    order = 20

    @classmethod
    def build(cls, ctx: BriefingContext) -> dict[str, Any]:
        return {
            "findings": key_findings(ctx),
            "caution": CAUTION,
            "suppression_note": suppression_note(ctx),
            "is_school": ctx.is_school,
            "rule": ctx.summary.method.comparison_rule_text,
            "share_rule": SHARE_RULE_TEXT,
        }


@register
class Participation(Section):
    key = "participation"
    title = "Who took part"
    order = 30
    documents = frozenset({SHORT, APPENDIX})

    @classmethod
    def build(cls, ctx: BriefingContext) -> dict[str, Any]:
        surveys = sorted(ctx.summary.surveys, key=lambda s: (audience_rank(s.audience), s.key))
        # a school's briefing counts only the audiences someone there belongs to, as
        # its title names them
        audiences = [{"label": audience_title(a), "n": audience_display(ctx, a)}
                     for a in (ctx.audiences_here() if ctx.is_school else ctx.audiences())]
        keys = group_keys(ctx, surveys)
        rates = response_rates(ctx, surveys, keys)
        rows = []
        for key in keys:
            cells = [respondent_display(ctx, s, key) for s in surveys]
            rows.append({"label": ctx.group_label(key), "cells": cells,
                         "roll": rates.get(key, ("", ""))[0],
                         "rate": rates.get(key, ("", ""))[1],
                         "is_total": key == PARTNERSHIP})
        # A table of year groups is drawn only where it says something: in the
        # partnership's briefing, for a questionnaire taken in more than one band (the
        # partnership's year groups are not a school's own; one band is named in the
        # column heading instead).
        bands = [{"survey": s.title, "n": s.year_bands.n.display,
                  "rows": [{"label": c.label, "count": c.count.display,
                            "percent": c.percent.display} for c in s.year_bands.categories]}
                 for s in surveys
                 if not ctx.is_school and len(year_bands(s)) > 1]
        return {
            "audiences": audiences,
            "columns": [{"title": s.title,
                         "audience": ", ".join([audience_title(s.audience), *year_bands(s)])
                         if len(year_bands(s)) == 1 else audience_title(s.audience)}
                        for s in surveys],
            "rows": rows,
            # the note on "–" goes only under a table that prints one
            "has_dash": any(NOBODY in row["cells"] for row in rows),
            "has_rates": bool(rates),
            "bands": bands,
            "suppression_note": suppression_note(ctx),
            "warnings": ctx.summary.warnings,
        }


def year_bands(survey) -> list[str]:
    """The year-group bands a pupil questionnaire was taken in ([] for adults)."""
    if survey.year_bands is None:
        return []
    return [c.label for c in survey.year_bands.categories if c.substantive]


def group_keys(ctx: BriefingContext, surveys) -> list[str]:
    if ctx.is_school:
        return [ctx.focus_key, PARTNERSHIP]
    seen = []
    for code in ctx.summary.scope.schools:
        key = school_key(code)
        if any(c.value == key for s in surveys for c in s.respondents.categories):
            seen.append(key)
    if any(c.value == NO_SCHOOL for s in surveys for c in s.respondents.categories):
        seen.append(NO_SCHOOL)
    return [PARTNERSHIP, *seen]


def respondent_cell(survey, key: str):
    if key == PARTNERSHIP:
        return survey.respondents.n
    return next((c.count for c in survey.respondents.categories if c.value == key), None)


#: A cell for a group of which nobody took a questionnaire.
NOBODY = "–"


def respondent_display(ctx: BriefingContext, survey, key: str) -> str:
    cell = respondent_cell(survey, key)
    return NOBODY if cell is None else cell.display


def response_rates(ctx: BriefingContext, surveys, keys: list[str]) -> dict[str, tuple[str, str]]:
    """Pupils who took part as a share of pupils on roll in the year groups surveyed.

    Only where the roll is configured and every pupil count it adds up is published:
    the rate of a hidden count would give the count away.
    """
    if not ctx.rolls:
        return {}
    pupil_surveys = [s for s in surveys if s.audience == "pupil"]
    # the partnership's pupils are counted over every pupil survey of the wave, as its
    # roll is, even where a school's briefing shows only the surveys that school used
    every_pupil_survey = [s for s in ctx.wave_surveys or ctx.summary.surveys
                          if s.audience == "pupil"]
    out: dict[str, tuple[str, str]] = {}

    def pupils(key: str) -> int | None:
        total = 0
        for s in every_pupil_survey if key == PARTNERSHIP else pupil_surveys:
            cell = respondent_cell(s, key)
            if cell is None:
                continue
            if not shown(cell):
                return None
            total += int(cell.value)
        return total

    for key in keys:
        if key == PARTNERSHIP:
            codes = ctx.summary.scope.partnership_schools or ctx.summary.scope.schools
            if not codes or any(ctx.rolls.get(c) in (None, 0) for c in codes):
                continue
            roll = sum(ctx.rolls[c] for c in codes)
        elif key.startswith("school:"):
            roll = ctx.rolls.get(key.split(":", 1)[1]) or 0
            if not roll:
                continue
        else:
            continue
        count = pupils(key)
        rate = "not shown" if count is None else format_percent(100.0 * count / roll)
        out[key] = (f"{roll:,}", rate)
    return out
