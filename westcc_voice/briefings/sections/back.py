"""The back of a briefing: approved quotes, the WEST themes index, method and glossary."""

from __future__ import annotations

import unicodedata
from typing import Any

from ..model import BriefingContext, audience_title
from . import Section, register
from .blocks import anchor_of, audience_rank, title_of
from .front import suppression_note

MAX_QUOTES_PER_QUESTION = 6
SPEAKERS = {"pupil": "A pupil", "parent": "A parent or carer", "community": "A community member"}


def direction(text: str) -> str:
    """"rtl" when the first letter is from a right-to-left script (Arabic, Urdu...)."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"


def attribution(audience: str, year_band: str | None) -> str:
    who = SPEAKERS.get(audience, audience_title(audience))
    return f"{who}, {year_band}" if year_band else who


@register
class Quotes(Section):
    key = "quotes"
    title = "In their own words"
    order = 90

    @classmethod
    def build(cls, ctx: BriefingContext) -> dict[str, Any] | None:
        questions = []
        for survey in sorted(ctx.summary.surveys, key=lambda s: audience_rank(s.audience)):
            for text in survey.texts:
                group = ctx.focus(text.groups)
                if group is None or not group.quotes:
                    continue
                quotes = group.quotes[:MAX_QUOTES_PER_QUESTION]
                questions.append({
                    "question": text.text,
                    "audience": audience_title(survey.audience),
                    "quotes": [{"text": q.text, "dir": direction(q.text),
                                "by": attribution(q.audience, q.year_band),
                                "themes": q.themes} for q in quotes],
                    "more": len(group.quotes) - len(quotes),
                })
        return {"questions": questions,
                "min_group": ctx.summary.method.quote_min_group}


@register
class WestIndex(Section):
    key = "west_index"
    title = "Where to find each WEST theme"
    order = 95

    @classmethod
    def build(cls, ctx: BriefingContext) -> dict[str, Any] | None:
        themes = []
        for domain in ctx.summary.domains:
            if not domain.tag.startswith("west."):
                continue
            refs = [*domain.items, *domain.scores, *domain.texts]
            entries = [{"title": title_of(ctx, r), "anchor": anchor_of(ctx, r)} for r in refs
                       if ctx.item(r) or ctx.text(r) or ctx.score(r)]
            if entries:
                themes.append({"label": domain.label, "entries": entries})
        if not themes:
            return None
        return {"themes": themes}


#: Why a change can differ by a point from the gap between the figures printed beside it.
ROUNDING = (
    "Figures are printed rounded (shares to whole percentages, averages to one decimal "
    "place), but every change and difference is worked out from the exact figures and "
    "rounded only at the end. So it can be one point (0.1 for an average) away from the "
    "gap between the two rounded figures printed beside it: shares of 61.4% and 74.6% "
    "print as 61% and 75%, and the change between them, 13.2 points, prints as +13 "
    "points, not +14.")


@register
class Method(Section):
    key = "method"
    title = "How the figures were made"
    order = 100

    @classmethod
    def build(cls, ctx: BriefingContext) -> dict[str, Any]:
        method = ctx.summary.method
        notes = list(method.notes)
        sentiment = next((t.sentiment_note for s in ctx.summary.surveys for t in s.texts
                          if t.sentiment_note), "")
        return {
            "threshold": method.threshold,
            "min_compare_n": method.min_compare_n,
            "quote_min_group": method.quote_min_group,
            "confidence": f"{method.confidence:.0%}",
            "rule": method.comparison_rule_text,
            "rounding": ROUNDING,
            "notes": notes,
            "suppression_note": suppression_note(ctx),
            "warnings": ctx.summary.warnings,
            "sentiment": sentiment,
            "surveys": [{"title": s.title, "audience": audience_title(s.audience),
                         "versions": ", ".join(str(v) for v in s.versions)}
                        for s in ctx.summary.surveys],
            "generated_on": ctx.summary.scope.generated_on,
            "is_school": ctx.is_school,
            "scope": ctx.scope_label,
        }


GLOSSARY = [
    ("n", "The number of people a figure is based on. Every chart and table shows it."),
    ("fewer than 10", "A group too small to show: its figures could identify people, so "
                      "they are hidden, and it is never drawn."),
    ("not shown", "A figure hidden so that a small group's figure cannot be worked out by "
                  "subtracting it from a total."),
    ("7 in 10", "A natural frequency: about 70% of the group. Shares are of those who "
                "answered the question (of those asked it, where a question followed an "
                "earlier answer); how many did not answer is said beside it."),
    ("Mean", "The average score of the group."),
    ("95% confidence interval", "The range the group's true average probably lies in, given "
                                "how many answered and how much their answers varied. Wide "
                                "lines mean less certainty."),
    ("Rest of the partnership", "All the WEST schools except the one being compared, so a "
                                "school is never compared with itself."),
    ("Above, below, similar", "The result of the comparison rule on the method page. "
                              "‘Similar’ means the difference could be chance; it does not "
                              "mean the two are the same."),
    ("Band", "A range of scores with a published name, such as the ONS ‘high’ band for life "
             "satisfaction (7 to 8)."),
    ("ONS4", "The Office for National Statistics' four personal well-being questions, each "
             "scored 0 to 10 and reported on its own."),
    ("SWEMWBS", "The Short Warwick-Edinburgh Mental Wellbeing Scale: seven statements, "
                "scored 7 to 35 and compared as means."),
    ("Theme", "A topic found in written answers by matching words chosen for it. One answer "
              "can touch several themes."),
    ("Wave", "One round of the survey, such as Autumn 2026."),
    ("Outcome domain", "One of the five Children's Community outcome domains this briefing "
                       "is organised by."),
    ("WEST theme", "One of the WEST Children's Community's priority themes; the index shows "
                   "where each is covered."),
    ("†", "Marks a group of fewer than 30 people: its figures can move a lot by chance."),
]


@register
class Glossary(Section):
    key = "glossary"
    title = "Glossary"
    order = 110
    new_page = False

    @classmethod
    def build(cls, ctx: BriefingContext) -> dict[str, Any]:
        return {"terms": GLOSSARY}
