"""Single questions: answer distributions (counts and percentages) or number estimates.

Summarisers are registered by the question's analysis kind (nominal, ordinal, multi,
numeric), so a new question type needs only its kind. Questions that belong to a scale
are reported through their scale's scores instead (scoring.py).

Each distribution holds every answer option, then "prefer not to say" (when the
question offers it), so its categories add up to everyone in the group who answered.
Those who left the question unanswered are set aside from the base and counted apart
(``Distribution.no_answer``), so a few skipped answers never hide a main answer. A
filtered question (``show_if``) is reported on those who were asked it, and says who
they were (``ItemSummary.asked_of``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from ..privacy.suppression import Cell, SuppressionPolicy, format_percent, shown
from .asked import asked_mask, asked_of
from .frames import Column, ResponseFrame, options_of
from .publish import (
    CategorySpec,
    Groups,
    count_matrix,
    distributions,
    estimates,
    headline_values,
)
from .stats import group_moments, wilson_interval
from .summary import PREFER_NOT_TO_SAY, ItemSummary

SUMMARISERS: dict[str, Callable[..., ItemSummary]] = {}


def register(*kinds: str):
    def wrap(fn):
        for kind in kinds:
            SUMMARISERS[kind] = fn
        return fn
    return wrap


@dataclass
class ItemContext:
    """What every summariser needs: the policy, the rows and groups of one survey in one
    wave, and the survey's published respondent counts."""

    policy: SuppressionPolicy
    frame: ResponseFrame
    survey_key: str
    rows: np.ndarray
    groups: Groups
    respondents: dict[str, Cell]
    total: Cell
    language: str = "en"
    #: Questions that alone sort respondents into equity groups (``hungry``), with each
    #: named group's answers (equity.sorting_questions): their groups are the headline
    #: and complement figures, and "prefer not to say" is set aside with "no answer", so
    #: the equity tables' group sizes give away nothing hidden here.
    sorting: dict[str, list[list | None]] = field(default_factory=dict)


def _text(value: dict | None, lang: str) -> str:
    if not value:
        return ""
    return value.get(lang) or next(iter(value.values()), "")


def _label(option: dict, lang: str) -> str:
    label = option.get("label")
    return _text(label, lang) if isinstance(label, dict) else str(label or option["value"])


def categories(q: dict, lang: str) -> list[CategorySpec]:
    """The answers a distribution shows: the options, then "prefer not to say"."""
    out = [CategorySpec(o["value"], _label(o, lang)) for o in options_of(q)]
    if q.get("prefer_not_to_say"):
        out.append(CategorySpec(PREFER_NOT_TO_SAY, "Prefer not to say", substantive=False))
    return out


def _asked_groups(ctx: ItemContext, q: dict) -> tuple[np.ndarray, bool]:
    """Each row's group, or -1 where the row was not asked the question; and whether
    the question is filtered."""
    asked = asked_mask(ctx.frame, ctx.survey_key, q, ctx.rows)
    if asked is None:
        return ctx.groups.codes, False
    return np.where(asked, ctx.groups.codes, -1), True


def _question(ctx: ItemContext, col: Column) -> dict:
    """The question as this survey asks it (another survey may word it differently)."""
    return ctx.frame.surveys[ctx.survey_key].questions.get(col.question_id, col.question)


AUDIENCE_NOUNS = {"pupil": "pupils", "parent": "parents and carers",
                  "community": "community members"}


def _item(ctx: ItemContext, col: Column, **kw) -> ItemSummary:
    q = _question(ctx, col)
    text = _text(q.get("text"), ctx.language)
    if q.get("type") == "ranking" and col.item is not None:
        option = next((o for o in q.get("options") or [] if o["value"] == col.item), {})
        text = f"{text}: {_label(option, ctx.language)} (mean place, 1 = first)"
    elif q.get("type") == "ranking":
        text = f"{text} (put first)"
    elif col.item is not None:
        item = next((i for i in q.get("items") or [] if i["id"] == col.item), {})
        text = f"{text}: {_text(item.get('text'), ctx.language)}"
    construct = q.get("construct") or ""
    info = ctx.frame.surveys[ctx.survey_key]
    spec = info.constructs.get(construct) or {}
    kw.setdefault("asked_of", asked_of(q, info.questions, AUDIENCE_NOUNS.get(
        info.audience, info.audience), ctx.language))
    return ItemSummary(
        survey_key=ctx.survey_key, question_id=col.answer_id, text=text, type=q["type"],
        kind=col.kind, tags=list(q.get("tags") or []), wording_hash=q.get("wording_hash", ""),
        construct=construct, construct_name=spec.get("name", ""),
        better=spec.get("better", "") if construct else "", **kw,
    )


@register("nominal", "ordinal")
def choice(ctx: ItemContext, col: Column) -> ItemSummary:
    q = _question(ctx, col)
    cats = categories(q, ctx.language)
    sorts = col.question_id in ctx.sorting
    if sorts:   # "prefer not to say" joins "no answer": both did not say
        cats = [c for c in cats if c.value != PREFER_NOT_TO_SAY]
    series = ctx.frame.data[col.name]
    codes = series.cat.codes.to_numpy()[ctx.rows].astype(np.int64)
    # frame categories: options..., prefer_not_to_say; order them as ``cats``, with
    # no answer counted last and then set aside
    position = {v: j for j, v in enumerate(c.value for c in cats)}
    if sorts:
        position[PREFER_NOT_TO_SAY] = len(cats)
    remap = np.array([position.get(v, -1) for v in series.cat.categories] + [len(cats)],
                     dtype=np.int64)
    mapped = remap[np.where(codes < 0, len(remap) - 1, codes)]
    group_codes, filtered = _asked_groups(ctx, q)
    counts = count_matrix(mapped, group_codes, len(ctx.groups), len(cats) + 1)
    no_answer, counts = counts[:, -1], counts[:, :-1]
    top = headline_values(col.kind, q["type"], cats)
    # one answer is its own cell; two or more make a figure of their own
    headline = [j for j, c in enumerate(cats) if c.value in top]
    others = [j for j, c in enumerate(cats) if c.substantive and c.value not in top]
    with_others = bool(top and q.get("construct"))
    if sorts:   # the equity groups, whose sizes the equity tables publish
        headline, others = _group_columns(cats, ctx.sorting[col.question_id])
        with_others = True
    dists = distributions(ctx.policy, ctx.groups, counts, cats,
                          group_totals=ctx.respondents, partnership_total=ctx.total,
                          headline=headline if len(headline) > 1 else (),
                          complement=others if with_others and len(others) > 1 else (),
                          no_answer=no_answer.tolist(), state_no_answer=not filtered)
    return _item(ctx, col, distributions=dists, did_not_say=sorts)


def _group_columns(cats: list[CategorySpec], groups: list[list | None]
                   ) -> tuple[list[int], list[int]]:
    """The category indexes of a sorting question's two named groups (an ``otherwise``
    group takes every answer the other does not)."""
    named = [g for g in groups if g is not None]
    cols = []
    for g in groups[:2]:
        wanted = g if g is not None else [c.value for c in cats
                                          if not any(c.value in x for x in named)]
        cols.append([j for j, c in enumerate(cats) if c.value in wanted])
    return cols[0], cols[1] if len(cols) > 1 else []


@register("multi")
def multi(ctx: ItemContext, col: Column) -> ItemSummary:
    q = _question(ctx, col)
    cats = categories(q, ctx.language)
    position = {c.value: j for j, c in enumerate(cats)}
    values = ctx.frame.data[col.name].to_numpy()[ctx.rows]
    counts = np.zeros((len(ctx.groups), len(cats)), dtype=np.int64)
    answered = np.zeros(len(ctx.groups), dtype=np.int64)
    no_answer = np.zeros(len(ctx.groups), dtype=np.int64)
    g, filtered = _asked_groups(ctx, q)
    for i, v in enumerate(values):
        if g[i] < 0:
            continue
        if isinstance(v, list) and v:
            answered[g[i]] += 1
            for choice_value in v:
                j = position.get(choice_value)
                if j is not None:
                    counts[g[i], j] += 1
        elif v == PREFER_NOT_TO_SAY and PREFER_NOT_TO_SAY in position:
            answered[g[i]] += 1
            counts[g[i], position[PREFER_NOT_TO_SAY]] += 1
        else:
            no_answer[g[i]] += 1
    dists = distributions(ctx.policy, ctx.groups, counts, cats, exclusive=False,
                          group_totals=ctx.respondents, partnership_total=ctx.total,
                          no_answer=no_answer.tolist(), state_no_answer=not filtered,
                          answered=answered.tolist())
    return _item(ctx, col, multiple=True, distributions=dists)


@register("numeric")
def numeric(ctx: ItemContext, col: Column) -> ItemSummary:
    """Means of a number question. Answers outside its ``plausible`` range (0 or 20
    hours of sleep) are left out of the means and counted in ``excluded``."""
    values = ctx.frame.numeric(col.name)[ctx.rows]
    bounds = _question(ctx, col).get("plausible") or {}
    outside = np.zeros(len(values), dtype=bool)
    if "min" in bounds:
        outside |= values < bounds["min"]
    if "max" in bounds:
        outside |= values > bounds["max"]
    if outside.any():
        values = np.where(outside, np.nan, values)
    moments = group_moments(values, ctx.groups.codes, len(ctx.groups))
    ests, _sizes = estimates(ctx.policy, ctx.groups, moments)
    excluded = ctx.policy.count(int(outside.sum())) if bounds else None
    return _item(ctx, col, estimates=ests, plausible=dict(bounds), excluded=excluded)


def summarise_item(ctx: ItemContext, col: Column) -> ItemSummary | None:
    fn = SUMMARISERS.get(col.kind)
    item = fn(ctx, col) if fn else None
    if item is not None and item.type == "ranking" and col.item is None:
        for dist in item.distributions:
            _share_intervals(dist)
    return item


def _share_intervals(dist) -> None:
    """Wilson intervals on each published share of a distribution (who put each option
    of a ranking first): from published figures only, so they reveal nothing hidden."""
    if not dist.n.shown or not dist.n.value:
        return
    for cat in dist.categories:
        if not cat.substantive or not cat.count.shown or cat.count.value is None:
            continue
        low, high = wilson_interval(int(cat.count.value), int(dist.n.value))
        cat.ci_low = shown(round(100 * low, 1), format_percent(100 * low))
        cat.ci_high = shown(round(100 * high, 1), format_percent(100 * high))
