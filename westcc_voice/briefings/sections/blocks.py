"""Blocks shared by the outcome sections, as plain data for ``_macros.html``.

Every question is placed once (``layout``): in its first Children's Community domain,
or in the aspirations section, or else under its first WEST theme; other sections link
to it. Within a place, questions of one questionnaire that share an answer scale form
one "battery" chart (a heading per question, its groups under it), so a briefing stays
short enough to read in ten minutes. In a partnership briefing, each battery shows the
partnership and a table beside it gives every school's headline share; in a school
briefing, each question shows the school and the partnership.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from ...analysis.summary import (
    OTHER_SCHOOLS,
    PARTNERSHIP,
    ItemSummary,
    ScoreSummary,
    SurveySummary,
    TextGroup,
    TextSummary,
)
from ...privacy.suppression import Cell, format_percent
from .. import charts
from ..figures import n_text, quoted, share, shown, top_values
from ..model import AUDIENCE_ORDER, BriefingContext, audience_noun, audience_title

#: Codebooks whose themes belong in the aspirations section.
ASPIRATION_CODEBOOKS = {"aspirations"}
#: Tags whose questions the aspirations section shows (when no domain tag comes first).
ASPIRATION_TAGS = {"west.aspirations"}
MAX_THEMES = 8
#: Questions per battery chart, so a chart fits on a page.
MAX_BATTERY = 6
VERDICT_WORDS = {"above": "above", "below": "below", "similar": "similar",
                 "not_compared": "not compared"}


# --- placement ----------------------------------------------------------------------------


def home_of(tags: list[str], *, aspirations: bool = False) -> str:
    """The section a question is shown in: its first Children's Community domain, or the
    aspirations section, or the section of its first WEST theme."""
    if aspirations:
        return "aspirations"
    for tag in tags:
        if tag.startswith("cc."):
            return f"domain:{tag}"
        if tag in ASPIRATION_TAGS:
            return "aspirations"
    for tag in tags:
        if tag.startswith("west."):
            return f"theme:{tag}"
    return "domain:other"


@dataclass
class Unit:
    """One block: a battery of questions sharing a scale, or one question, or a table."""

    kind: str
    survey: SurveySummary
    refs: list[str] = field(default_factory=list)
    items: list[ItemSummary] = field(default_factory=list)
    text: TextSummary | None = None

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.refs[0] if self.refs else self.survey.key}"


def audience_rank(audience: str) -> int:
    return AUDIENCE_ORDER.index(audience) if audience in AUDIENCE_ORDER else len(AUDIENCE_ORDER)


def layout(ctx: BriefingContext) -> dict[str, list[Unit]]:
    """Every place's blocks, in order: pupils first, each questionnaire's batteries, then
    its single charts, its free text and (partnership briefings) its by-school table."""
    if "layout" in ctx.cache:
        return ctx.cache["layout"]
    places: dict[str, list[Unit]] = {}
    unit_of: dict[str, Unit] = {}
    surveys = sorted(ctx.summary.surveys, key=lambda s: (audience_rank(s.audience), s.key))
    for survey in surveys:
        if not took_part(ctx, survey):
            continue
        per_home: dict[str, list[Unit]] = {}
        batteries: dict[str, Unit] = {}
        for item in survey.items:
            home = home_of(item.tags)
            units = per_home.setdefault(home, [])
            if item.type == "ranking" and item.distributions:
                unit = Unit("ranking", survey)
                units.append(unit)
            elif item.distributions and not item.multiple:
                unit = batteries.get(home)
                if unit is None or len(unit.items) >= MAX_BATTERY:
                    unit = Unit("battery", survey)
                    batteries[home] = unit
                    units.append(unit)
            else:
                unit = Unit("multi" if item.multiple else "numeric", survey)
                units.append(unit)
            unit.items.append(item)
            unit.refs.append(item.ref)
            unit_of[item.ref] = unit
        for text in survey.texts:
            home = home_of(text.tags, aspirations=text.codebook in ASPIRATION_CODEBOOKS)
            unit = Unit("text", survey, [text.ref], text=text)
            per_home.setdefault(home, []).append(unit)
            unit_of[text.ref] = unit
        for home, units in per_home.items():
            if not ctx.is_school:
                table = [i for u in units if u.kind == "battery" for i in u.items
                         if school_table_values(i)]
                if table:
                    units.append(Unit("school_table", survey, [], table))
            places.setdefault(home, []).extend(units)
    ctx.cache["layout"] = places
    ctx.cache["unit_of"] = unit_of
    return places


def took_part(ctx: BriefingContext, survey: SurveySummary) -> bool:
    """A school briefing leaves out questionnaires nobody at the school took (a primary
    school and the secondary questionnaire): a chart of the partnership alone would
    say nothing about the school."""
    if not ctx.is_school:
        return True
    return any(c.value == ctx.focus_key for c in survey.respondents.categories)


def placed(ctx: BriefingContext) -> dict[str, str]:
    """Which place each question ref is shown in."""
    return {ref: home for home, units in layout(ctx).items() for u in units for ref in u.refs}


def anchor_of(ctx: BriefingContext, ref: str) -> str:
    """Where a link to a question or score should point: its block."""
    layout(ctx)
    unit = ctx.cache["unit_of"].get(ref)
    return ctx.anchor(unit.refs[0] if unit else ref)


def title_of(ctx: BriefingContext, ref: str) -> str:
    found = ctx.item(ref) or ctx.text(ref)
    if found:
        survey, part = found
        return f"{part.text} ({audience_noun(survey.audience)})"
    score = ctx.score(ref)
    if score:
        return f"{score.name} ({audience_noun(score.audience)})"
    return ref


def unit_blocks(ctx: BriefingContext, home: str) -> list[dict[str, Any]]:
    out = []
    for unit in layout(ctx).get(home, []):
        make = {"battery": battery_block, "multi": multi_block, "numeric": numeric_block,
                "ranking": ranking_block, "text": text_block,
                "school_table": school_table_block}[unit.kind]
        block = make(ctx, unit)
        if block:
            block["audience"] = audience_title(unit.survey.audience)
            out.append(block)
    return twin_notes_once(out)


#: Added to a twin note said once for the charts after it.
BELOW = " The same holds for the charts below in this section."


def twin_notes_once(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A row left out because it only repeats another is explained under the first chart
    of a section it applies to, and that note says it holds for those below; not under
    every chart (a school that alone answered a questionnaire had it on each)."""
    first: dict[str, list[str]] = {}
    for block in blocks:
        for note in list(block.get("twin_notes", [])):
            if note not in first:
                first[note] = block["twin_notes"]
                continue
            block["twin_notes"].remove(note)
            owner = first[note]
            if note in owner:
                owner[owner.index(note)] = note + BELOW
    return blocks


# --- questions ----------------------------------------------------------------------------


def base_noun(survey: SurveySummary, items: list[ItemSummary] | None = None) -> str:
    """Whom a chart's shares are of: those who answered (of those asked, for a filtered
    question)."""
    asked = {i.asked_of for i in items or []}
    if len(asked) == 1 and (who := asked.pop()):
        return f"{who}, who answered"
    return f"{audience_noun(survey.audience)} who answered"


def base_notes(ctx: BriefingContext, items: list[ItemSummary]) -> list[str]:
    """What a reader needs to know about the base of each question's shares: who was
    asked a filtered question, and how many did not answer (set aside from the shares)."""
    notes = []
    for item in items:
        if item.asked_of:
            notes.append(f"‘{item.text}’ was asked only of {item.asked_of}; its figures "
                         "are of them.")
    for words, said in (("Did not answer", False),
                        ("Did not answer or preferred not to say", True)):
        skipped = []
        for item in (i for i in items if i.did_not_say == said):
            counts = [f"{d.no_answer.display} ({ctx.row_label(d)})"
                      for d in _groups(ctx, item.distributions)
                      if d.no_answer is not None and shown(d.no_answer) and d.no_answer.value]
            if counts:
                skipped.append((f"‘{item.text}’ " if len(items) > 1 else "")
                               + ", ".join(counts))
        if skipped:
            notes.append(f"{words}, and not counted in the shares: " + "; ".join(skipped)
                         + ".")
    return notes


def subtitle(survey: SurveySummary) -> str:
    return f"{audience_title(survey.audience)} · {survey.title}"


def _block(ctx: BriefingContext, unit: Unit, title: str, **extra: Any) -> dict[str, Any]:
    block = {"kind": unit.kind, "anchor": ctx.anchor(unit.refs[0]) if unit.refs else
             ctx.anchor(unit.key), "title": title, "subtitle": subtitle(unit.survey),
             "chart": None, "table": None, "notes": [], "twin_notes": [], "trend_notes": []}
    block.update(extra)
    return block


def _groups(ctx: BriefingContext, parts: list) -> list:
    """Groups drawn for a question: the school and the partnership in a school briefing,
    the partnership alone in a partnership briefing (schools are in the table)."""
    if ctx.is_school:
        return ctx.drawn(parts)
    return [p for p in parts if p.group == PARTNERSHIP]


def twin_notes(ctx: BriefingContext, groups: list[list]) -> list[str]:
    """Why a chart leaves out a row that would only repeat another, said once."""
    notes: list[str] = []
    for parts in groups:
        note = ctx.twin_note(parts)
        if note and note not in notes:
            notes.append(note)
    return notes


def question(ctx: BriefingContext, heading: str | None, parts: list, *,
             ordered: bool) -> charts.Question | None:
    """One question's bars for the groups this briefing draws."""
    dists = _groups(ctx, parts)
    if not any(shown(c.count) for d in dists for c in d.categories):
        return None  # nothing publishable: listed once, not drawn as hatching
    return charts.Question(
        heading, [(c.value, c.label) for c in dists[0].categories],
        [charts.BarRow(ctx.row_label(d), d.n, [c.percent for c in d.categories],
                       d.small_group_warning) for d in dists], ordered)


def battery_block(ctx: BriefingContext, unit: Unit) -> dict[str, Any] | None:
    """Up to ``MAX_BATTERY`` questions of one questionnaire in one chart."""
    single = len(unit.items) == 1  # the block's own heading names the question
    questions = []
    for item in unit.items:
        q = question(ctx, None if single else item.text, item.distributions,
                     ordered=item.kind == "ordinal")
        if q:
            questions.append(q)
        else:
            not_drawn(ctx, unit.survey, item.text, item.distributions)
    if not questions:
        return None
    if len(questions) == 1:
        title = unit.items[0].text
    else:
        title = f"{len(questions)} questions: " + "; ".join(
            q.heading or "" for q in questions[:2]) + ("…" if len(questions) > 2 else "")
    chart = ctx.add_chart(charts.stacked_bars(
        ctx.next_chart_id(), f"{subtitle(unit.survey)}: {title}", questions,
        base_noun=base_noun(unit.survey, unit.items)))
    block_title = unit.items[0].text if len(questions) == 1 else \
        f"{len(questions)} questions for {audience_noun(unit.survey.audience)}"
    # a partnership's question charts draw the partnership alone: no row is left out
    twins = twin_notes(ctx, [i.distributions for i in unit.items]) if ctx.is_school else []
    return _block(ctx, unit, block_title, chart=chart, trend_notes=trend_notes(unit.items),
                  notes=base_notes(ctx, unit.items), twin_notes=twins)


def numeric_block(ctx: BriefingContext, unit: Unit) -> dict[str, Any] | None:
    item = unit.items[0]
    rows = ctx.drawn(item.estimates)
    if not any(shown(e.mean) for e in rows):
        not_drawn(ctx, unit.survey, item.text, rows)
        return None
    lo, hi = _range(rows)
    part = ctx.partnership(item.estimates)
    chart = ctx.add_chart(charts.estimates_chart(
        ctx.next_chart_id(), item.text,
        [charts.EstimateRow(ctx.row_label(e), e.n, e.mean, e.ci_low, e.ci_high,
                            e.small_group_warning) for e in rows],
        minimum=lo, maximum=hi, reference=part.mean if part else None,
        reference_label="All WEST schools"))
    notes = base_notes(ctx, [item])
    if (note := plausible_note(item)) is not None:
        notes.append(note)
    return _block(ctx, unit, item.text, chart=chart, trend_notes=trend_notes([item]),
                  notes=notes, twin_notes=twin_notes(ctx, [item.estimates]))


def plausible_note(item: ItemSummary) -> str | None:
    """How many answers fell outside the questionnaire's believable range and were left
    out of the averages ("0 or 20 hours' sleep"), so a base smaller than the number who
    answered is explained."""
    bounds, excluded = item.plausible, item.excluded
    if not bounds or excluded is None:
        return None
    # a count's lower bound of 0 excludes nothing anyone could type: not said
    limits = [f"below {bounds['min']:g}" if bounds.get("min", 0) > 0 else "",
              f"above {bounds['max']:g}" if "max" in bounds else ""]
    how_many = excluded.display if not shown(excluded) or excluded.value else "none"
    return (f"Answers {' or '.join(x for x in limits if x)} are not believable and are "
            f"left out of the averages: {how_many} across the partnership.")


def _range(estimates) -> tuple[float, float]:
    lows = [float(e.ci_low.value) for e in estimates if shown(e.ci_low)]
    highs = [float(e.ci_high.value) for e in estimates if shown(e.ci_high)]
    if not lows or not highs:
        return 0.0, 1.0
    return math.floor(min(lows) - 0.5), math.ceil(max(highs) + 0.5)


def multi_block(ctx: BriefingContext, unit: Unit) -> dict[str, Any] | None:
    """A tick-all question: bars for the focus group, with the partnership as a marker in
    a school briefing. (Each school's answers are in its own briefing: a table of every
    option by every school is too wide to read on paper.)"""
    item = unit.items[0]
    focus = ctx.focus(item.distributions)
    if focus is None or not any(shown(c.count) for c in focus.categories if c.substantive):
        not_drawn(ctx, unit.survey, item.text, [focus] if focus else [])
        return None
    part = ctx.partnership(item.distributions)
    ref = {c.value: c.percent for c in part.categories} if (part and ctx.is_school) else {}
    rows = [charts.ValueRow(c.label, c.percent, c.count, ref.get(c.value))
            for c in focus.categories if c.substantive]
    chart = ctx.add_chart(charts.value_bars(
        ctx.next_chart_id(), item.text, rows, group_label=ctx.group_label(focus.group),
        n=focus.n, base_noun=base_noun(unit.survey, [item]),
        reference_label="All WEST schools" if ctx.is_school else ""))
    table = None
    return _block(ctx, unit, item.text, chart=chart, table=table,
                  notes=["People could choose more than one answer, so the percentages add "
                         "up to more than 100%.", *base_notes(ctx, [item])],
                  trend_notes=trend_notes([item]))


def ranking_block(ctx: BriefingContext, unit: Unit) -> dict[str, Any] | None:
    """A ranking: the share of each group putting each option first, with its 95% Wilson
    interval, as a dot and line per option and in a table, the way shares of groups are
    shown. A share too small to show is hidden as any answer is, and has no interval. The
    chart draws the groups a question's bars would; the table has every school in scope."""
    item = unit.items[0]
    dists = _groups(ctx, item.distributions)
    if not any(shown(c.count) for d in dists for c in d.categories if c.substantive):
        not_drawn(ctx, unit.survey, item.text, dists)
        return None
    rows: list[Any] = []
    for d in dists:
        rows.append(charts.Heading(ctx.group_label(d.group)))
        rows += [charts.EstimateRow(c.label, d.n, c.percent, c.ci_low, c.ci_high,
                                    d.small_group_warning)
                 for c in d.categories if c.substantive]
    chart = charts.estimates_chart(ctx.next_chart_id(), item.text, rows, minimum=0,
                                   maximum=100, reference=None, reference_label="", unit="%",
                                   measure="share")
    chart.n_note = "; ".join(f"{ctx.group_label(d.group)}: {n_text(d.n)}" for d in dists)
    ctx.add_chart(chart)
    columns = ctx.ordered(item.distributions)
    table = {
        "caption": f"The share putting each first, with its 95% interval: {item.text}",
        "columns": [{"label": ctx.group_label(d.group), "n": n_text(d.n)} for d in columns],
        "rows": [{"label": c.label,
                  "cells": [_share_with_interval(d, c.value) for d in columns]}
                 for c in dists[0].categories if c.substantive],
        "hidden": "",
    }
    return _block(ctx, unit, item.text, chart=chart, table=table,
                  notes=["Each figure is the share of those who answered putting that option "
                         "first, with its 95% interval: the range the true share probably "
                         "lies in.", *base_notes(ctx, [item])],
                  trend_notes=trend_notes([item]))


def _share_with_interval(dist, value: Any) -> str:
    """"39% (24% to 57%)", or the words that hide a share too small to show."""
    cat = next((c for c in dist.categories if c.value == value), None)
    if cat is None:
        return "–"
    if not cat.percent.shown:
        return cat.percent.display
    if shown(cat.ci_low) and shown(cat.ci_high):
        return f"{cat.percent.display} ({cat.ci_low.display} to {cat.ci_high.display})"
    return cat.percent.display


def school_table_values(item: ItemSummary) -> list | None:
    if item.multiple or not item.distributions:
        return None
    return top_values(item.kind, item.type, item.distributions[0].categories)


@dataclass(frozen=True)
class Column:
    """A group's column of a table, with the number who answered its questionnaire."""

    group: str
    label: str
    n: Cell


def school_table_block(ctx: BriefingContext, unit: Unit) -> dict[str, Any] | None:
    """Partnership briefings: each question's headline share for every school."""
    keys: list[str] = []
    for item in unit.items:
        for d in ctx.ordered(item.distributions):
            if d.group not in keys:
                keys.append(d.group)
    names = {c.value: c.label for c in unit.survey.respondents.categories}
    respondents = {c.value: c.count for c in unit.survey.respondents.categories}
    respondents[PARTNERSHIP] = unit.survey.respondents.n
    hidden_keys = [k for k in keys if k in respondents and not respondents[k].shown]
    keys = [k for k in keys if k not in hidden_keys]
    # a column that only repeats another (everyone at one school, or in the small
    # schools taken together) is left out, as in the charts
    twin = ctx.twin([Column(k, names.get(k, ""), respondents[k]) for k in keys
                     if k in respondents])
    keys = [k for k in keys if twin is None or k != twin.group]
    if len(keys) < 2:
        return None
    rows = []
    for item in unit.items:
        values = school_table_values(item)
        by_group = {d.group: d for d in item.distributions}
        verdicts = {c.subject: c.label for c in item.comparisons
                    if c.kind == "school_vs_rest" and c.label in ("above", "below")}
        labels = [c.label for c in item.distributions[0].categories if c.value in values]
        cells = []
        for key in keys:
            d = by_group.get(key)
            s = share(d, values) if d is not None else None
            if d is None:
                cells.append("–")
            elif s is None:
                cells.append(d.n.display if d.n.suppressed else "not shown")
            else:
                mark = f", {verdicts[key]}" if key in verdicts else ""
                cells.append(format_percent(s.percent) + mark)
        schools = [c for k, c in zip(keys, cells, strict=True) if k != PARTNERSHIP]
        if not any(c.endswith("%") or "%," in c for c in schools):
            # no school's share can be shown: listed once, not drawn as a row of gaps
            not_drawn(ctx, unit.survey, item.text, [], kind="By school",
                      why="no school's share can be shown (a group of "
                          f"{ctx.threshold_display}, or a figure that would let one be "
                          "worked out)")
            continue
        rows.append({"label": item.text, "answers": quoted(labels), "cells": cells,
                     "anchor": anchor_of(ctx, item.ref)})
    if not rows:
        return None
    return {
        "kind": "school_table", "anchor": ctx.anchor(f"table:{unit.survey.key}:"
                                                     f"{unit.items[0].ref}"),
        "title": f"By school: {audience_noun(unit.survey.audience)}",
        "subtitle": subtitle(unit.survey),
        "columns": [{"label": names[k] if k == OTHER_SCHOOLS and k in names
                     else ctx.group_label(k),
                     "n": n_text(respondents[k]) if k in respondents else ""} for k in keys],
        "rows": rows, "notes": [
            "Each figure is the share of those in that group who answered the question "
            "giving the answers named under it. 'Above' or 'below' marks a school whose "
            "share differs from the rest of the partnership's by the rule in the method "
            "notes; every other school compared was similar. Read each share with the n at "
            "the top of its column.",
            *(["Not shown, to protect small groups: " + ", ".join(
                f"{ctx.group_label(k)} ({respondents[k].display})" for k in hidden_keys) + "."]
              if hidden_keys else [])],
        "chart": None, "table": None, "trend_notes": [],
    }


def trend_notes(items: list[ItemSummary]) -> list[str]:
    notes = []
    comparable = [i for i in items if i.trend is not None and i.trend.comparable]
    for item in items:
        if item.trend is not None and not item.trend.comparable:
            notes.append(f"{item.text}: {item.trend.reason}" if len(items) > 1
                         else item.trend.reason)
    if comparable:
        notes.append(f"Compared with {comparable[0].trend.previous_wave_name} in ‘Change since "
                     "the last wave’.")
    return notes


# --- scores -------------------------------------------------------------------------------


def score_block(ctx: BriefingContext, score: ScoreSummary) -> dict[str, Any] | None:
    rows = ctx.drawn(score.estimates)
    if not rows:
        return None
    verdicts = {c.subject: VERDICT_WORDS.get(c.label, "") for c in score.comparisons
                if c.kind == "school_vs_rest"}
    part = ctx.partnership(score.estimates)
    est_rows = [charts.EstimateRow(ctx.row_label(e), e.n, e.mean, e.ci_low, e.ci_high,
                                   e.small_group_warning, verdicts.get(e.group, ""))
                for e in rows]
    notes: list[str] = []
    for comp in score.comparisons:
        if ctx.in_scope(comp.subject):
            notes += [w for w in comp.warnings if w not in notes]
    if any(verdicts.get(e.group) for e in rows):
        notes.insert(0, "Beside each school: above, below or similar to the rest of the "
                        "partnership, by the rule on the method page.")
    return {
        "kind": "score", "anchor": ctx.anchor(score.ref), "title": score.name,
        "subtitle": f"{audience_title(score.audience)} · {score.orientation}",
        "method": describe_method(score),
        "chart": ctx.add_chart(charts.estimates_chart(
            ctx.next_chart_id(), f"{score.name}: {audience_noun(score.audience)}", est_rows,
            minimum=score.minimum, maximum=score.maximum,
            reference=part.mean if part else None, reference_label="All WEST schools")),
        "table": None, "notes": notes, "twin_notes": twin_notes(ctx, [score.estimates]),
        "trend_notes": trend_notes_score(score),
    }


def trend_notes_score(score: ScoreSummary) -> list[str]:
    t = score.trend
    if t is None:
        return []
    if not t.comparable:
        return [t.reason]
    return [f"Compared with {t.previous_wave_name} in ‘Change since the last wave’."]


def band_blocks(ctx: BriefingContext, scores: list[ScoreSummary]) -> list[dict[str, Any]]:
    """Scores that share bands (ONS4 satisfaction, worthwhile, happiness) in one chart."""
    sets: dict[tuple, list[ScoreSummary]] = {}
    for score in scores:
        if score.bands:
            scale = tuple((c.value, c.label) for c in score.bands[0].categories)
            sets.setdefault(scale, []).append(score)
    out = []
    for _scale, group in sets.items():
        questions = [q for score in group
                     for q in [question(ctx, score.name, score.bands, ordered=True)] if q]
        if not questions:
            continue
        audience = audience_noun(group[0].audience)
        out.append({
            "kind": "bands", "anchor": ctx.anchor(f"bands:{group[0].ref}"),
            "title": f"How many {audience} were in each band",
            # the scores drawn: one with nothing publishable is not named over the chart
            "subtitle": ", ".join(q.heading or "" for q in questions),
            "chart": ctx.add_chart(charts.stacked_bars(
                ctx.next_chart_id(), f"Bands: {audience}", questions,
                base_noun=f"{audience} who answered", name_segments=True)),
            "table": None, "notes": _band_ranges_note(group), "trend_notes": [],
        })
    return out


def _band_ranges_note(scores: list[ScoreSummary]) -> list[str]:
    """Which scores each band covers, said once under the chart of the bands."""
    ranges = next((s.band_ranges for s in scores if s.band_ranges), [])
    return [f"Bands, by score from {scores[0].minimum:g} to {scores[0].maximum:g}: "
            + "; ".join(ranges) + "."] if ranges else []


def describe_method(score: ScoreSummary) -> str:
    if score.item_id:
        return (f"One item of {score.scale_id.upper()}, reported on its own (never added to "
                f"the others), from {score.minimum:g} to {score.maximum:g}.")
    how = {"sum": "the sum of its items", "mean": "the average of its items"}.get(
        score.method, score.method)
    converted = ", converted to the published metric score" if score.converted else ""
    return (f"A scale score: {how}{converted}, from {score.minimum:g} to "
            f"{score.maximum:g}, from complete answers only.")


# --- free text ----------------------------------------------------------------------------


def to_code(group: TextGroup):
    """The base of theme percentages: answers with something to code."""
    cat = next((c for c in group.answers.categories if c.value == "to_code"), None)
    return cat.count if cat else group.answers.n


def text_block(ctx: BriefingContext, unit: Unit) -> dict[str, Any] | None:
    text = unit.text
    focus: TextGroup | None = ctx.focus(text.groups)
    if focus is None:
        return None
    part = ctx.partnership(text.groups) if ctx.is_school else None
    ref = {t.theme: t.percent for t in part.themes} if part else {}
    base = to_code(focus)
    block = _block(ctx, unit, text.text, subtitle=f"{subtitle(unit.survey)} · written "
                   "answers, coded into themes")
    themes = [t for t in focus.themes if shown(t.count)][:MAX_THEMES]
    if not themes or not shown(base):
        not_drawn(ctx, unit.survey, text.text, [], kind="Themes in written answers",
                  why=(f"no theme was found in {ctx.summary.method.threshold} or more "
                       "answers" if shown(base) else
                       f"the number who wrote an answer is {base.display}"))
        return None
    block["chart"] = ctx.add_chart(charts.value_bars(
        ctx.next_chart_id(), f"Themes in answers to: {text.text}",
        [charts.ValueRow(t.label, t.percent, t.count, ref.get(t.theme)) for t in themes],
        group_label=ctx.group_label(focus.group), n=base,
        base_noun="answers coded", reference_label="All WEST schools" if part else "",
        counts=True))
    block["notes"].append("An answer can mention several themes. Themes are found by "
                          "matching words chosen for each theme; read the answers themselves "
                          "before acting on them.")
    return block


#: ``ctx.cache`` key of what had nothing publishable, listed once at the end.
NOT_DRAWN = "not_drawn"


def not_drawn(ctx: BriefingContext, survey: SurveySummary, what: str, parts: list, *,
              kind: str = "Questions with no figure that can be shown",
              why: str = "") -> None:
    """Record a question with nothing publishable, so it is listed once with why
    instead of drawn as an empty, hatched chart."""
    if not why:
        hidden = [p.n for p in parts if p is not None and not p.n.shown]
        why = (f"the group that answered is {hidden[0].display}" if hidden
               else "every answer is a group of "
               f"{ctx.threshold_display}, or would let one be worked out")
    entry = (kind, why, f"‘{what}’ ({audience_noun(survey.audience)})")
    found = ctx.cache.setdefault(NOT_DRAWN, [])
    if not any(e[2] == entry[2] for e in found):  # each is listed once
        found.append(entry)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
