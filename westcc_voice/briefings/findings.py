"""Key findings: plain sentences written from the Summary's published numbers.

Rules a reader can rely on:

- A sentence uses only published figures. If any figure it needs is hidden ("fewer than
  10", "not shown"), the sentence is not written at all.
- Shares are natural frequencies ("7 in 10"), counted over everyone in the group who
  took the survey, so "no answer" is in the base.
- "Similar to", "above" and "below" come only from the Summary's comparisons, made by
  the stated rule; a share is never called higher or lower by eye. Schools are compared
  with the rest of the partnership (the partnership without them).
- Groups under 30 carry a caution. Sentiment scores are never a finding.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..analysis.summary import (
    Comparison,
    Distribution,
    ItemSummary,
    ScoreSummary,
    SurveySummary,
    TextGroup,
)
from .figures import natural_frequency, number_word, quoted, share, shown, top_values
from .model import BriefingContext, audience_noun, audience_title, join_words

CAUTION_SMALL = "fewer than 30 answered, so read with care"


@dataclass(frozen=True)
class Finding:
    """One sentence, where it came from, and whether it needs a small-group caution."""

    text: str
    kind: str
    source: str = ""


def key_findings(ctx: BriefingContext, limit: int = 10) -> list[Finding]:
    """The briefing's first page: who took part, wellbeing, one finding per domain, hopes."""
    found: list[Finding] = []
    found += participation(ctx)
    found += score_findings(ctx)
    found += item_findings(ctx)
    found += aspiration_findings(ctx)
    return found[:limit]


# --- who took part ------------------------------------------------------------------------


def audience_count(ctx: BriefingContext, audience: str) -> int | None:
    """Everyone of one audience in the focus group, or None if any part is hidden or
    nobody of that audience took part (a zero is not published either)."""
    total, found = 0, False
    for survey in [s for s in ctx.summary.surveys if s.audience == audience]:
        cell = respondents_cell(ctx, survey)
        if cell is None:
            continue
        if not shown(cell):
            return None
        total += int(cell.value)
        found = True
    return total if found and total else None


def audience_display(ctx: BriefingContext, audience: str) -> str:
    """The audience total for a table: the number, or why there is none."""
    n = audience_count(ctx, audience)
    if n is not None:
        return f"{n:,}"
    cells = [c for s in ctx.summary.surveys if s.audience == audience
             for c in [respondents_cell(ctx, s)] if c is not None]
    if not cells:
        return "–"
    hidden = [c for c in cells if not shown(c)]
    return hidden[0].display if len(cells) == 1 and hidden else "not shown"


def respondents_cell(ctx: BriefingContext, survey: SurveySummary):
    """A survey's respondents in the focus group (None: nobody from it took this survey)."""
    if not ctx.is_school:
        return survey.respondents.n
    cat = next((c for c in survey.respondents.categories if c.value == ctx.focus_key), None)
    return cat.count if cat else None


def participation(ctx: BriefingContext) -> list[Finding]:
    parts = []
    for audience in ctx.audiences():
        n = audience_count(ctx, audience)
        if n:
            parts.append(f"{n:,} {audience_noun(audience)}")
    if not parts:
        return []
    where = f" at {ctx.scope_label}" if ctx.is_school else " across the WEST partnership"
    return [Finding(f"In {ctx.wave_name}, {join_words(parts)} took part{where}.",
                    "participation")]


# --- wellbeing scores ---------------------------------------------------------------------


def _out_of(score: ScoreSummary) -> str:
    return f"out of {score.maximum:g}" if score.minimum == 0 else \
        f"on a scale from {score.minimum:g} to {score.maximum:g}"


def _verdict(comp: Comparison, reference: str) -> str | None:
    if comp.label == "above":
        return f"above {reference}"
    if comp.label == "below":
        return f"below {reference}"
    if comp.label == "similar":
        return f"similar to {reference}"
    return None


def _orientation_note(score: ScoreSummary) -> str:
    return "" if score.higher_is_better else " (a higher score here means more anxious)"


def score_sentence(ctx: BriefingContext, score: ScoreSummary) -> Finding | None:
    focus = ctx.focus(score.estimates)
    if focus is None or not shown(focus.n, focus.mean):
        return None
    who = f"{audience_title(score.audience)} at {ctx.scope_label}" if ctx.is_school \
        else audience_title(score.audience)
    text = (f"{who} averaged {focus.mean.display} {_out_of(score)} on ‘{score.name}’"
            f"{_orientation_note(score)}")
    if ctx.is_school:
        comp = next((c for c in score.comparisons if c.subject == ctx.focus_key), None)
        part = ctx.partnership(score.estimates)
        verdict = _verdict(comp, "the rest of the partnership") if comp else None
        if verdict is None:
            return None
        ref = f" (all WEST schools: {part.mean.display})" if part and shown(part.mean) else ""
        text += f", {verdict}{ref}"
    else:
        trend = _trend_phrase(score)
        if trend:
            text += f", {trend}"
    if focus.small_group_warning:
        text += f" ({CAUTION_SMALL})"
    return Finding(text + ".", "score", score.ref)


def _trend_phrase(score: ScoreSummary) -> str | None:
    t = score.trend
    if t is None or not t.comparable or not t.comparisons or not t.previous_estimates:
        return None
    comp, before = t.comparisons[0], t.previous_estimates[0]
    if not shown(before.mean) or comp.label not in ("above", "below", "similar"):
        return None
    if comp.label == "similar":
        return (f"no clear change from {t.previous_wave_name} ({before.mean.display}) by the "
                "briefing's rule")
    word = "up" if comp.label == "above" else "down"
    return (f"{word} from {before.mean.display} in {t.previous_wave_name}, a change bigger "
            "than chance alone would explain by the briefing's rule")


def school_comparison_sentence(ctx: BriefingContext, score: ScoreSummary) -> Finding | None:
    """Partnership scope: how many schools were above, below or similar to the rest."""
    comps = [c for c in score.comparisons if c.label in ("above", "below", "similar")
             and c.kind == "school_vs_rest"]
    if len(comps) < 2:
        return None
    above = [ctx.group_label(c.subject) for c in comps if c.label == "above"]
    below = [ctx.group_label(c.subject) for c in comps if c.label == "below"]
    similar = len(comps) - len(above) - len(below)
    if not above and not below:
        return Finding(f"On ‘{score.name}’, all {number_word(len(comps))} schools compared were "
                       f"similar to the rest of the partnership for "
                       f"{audience_noun(score.audience)}.", "comparison", score.ref)
    bits = []
    if below:
        bits.append(f"{join_words(below)} {'was' if len(below) == 1 else 'were'} below")
    if above:
        bits.append(f"{join_words(above)} {'was' if len(above) == 1 else 'were'} above")
    tail = (f"; {number_word(similar)} other school{'s were' if similar != 1 else ' was'} "
            "similar") if similar else ""
    return Finding(f"On ‘{score.name}’ for {audience_noun(score.audience)}"
                   f"{_orientation_note(score)}, {' and '.join(bits)} the rest of the "
                   f"partnership{tail}.", "comparison", score.ref)


def score_findings(ctx: BriefingContext, per_audience: int = 1) -> list[Finding]:
    out = []
    for audience in ctx.audiences():
        scores = [s for s in ctx.summary.scores if s.audience == audience]
        made = 0
        for score in scores:
            if made >= per_audience:
                break
            sentence = score_sentence(ctx, score)
            if sentence:
                out.append(sentence)
                made += 1
                if not ctx.is_school:
                    comp = school_comparison_sentence(ctx, score)
                    if comp:
                        out.append(comp)
    return out


# --- single questions ---------------------------------------------------------------------


def who(ctx: BriefingContext, survey: SurveySummary) -> str:
    noun = audience_noun(survey.audience)
    if survey.audience == "pupil" and survey.year_bands is not None:
        bands = [c.label for c in survey.year_bands.categories if c.substantive]
        if len(bands) == 1:
            noun = f"{noun} in {bands[0]}"
    return noun


def item_sentence(ctx: BriefingContext, survey: SurveySummary, item: ItemSummary,
                  ) -> Finding | None:
    if item.multiple or not item.distributions:
        return None
    focus: Distribution | None = ctx.focus(item.distributions)
    if focus is None:
        return None
    values = top_values(item.kind, item.type, focus.categories)
    if not values:
        return None
    mine = share(focus, values)
    if mine is None:
        return None
    where = f" at {ctx.scope_label}" if ctx.is_school else ""
    text = (f"{natural_frequency(mine.percent)} {who(ctx, survey)}{where} answered "
            f"{quoted(mine.labels)} to ‘{item.text}’")
    asides = []
    if ctx.is_school:
        comp = next((c for c in item.comparisons if c.subject == ctx.focus_key), None)
        verdict = _verdict(comp, "the rest of the partnership") if comp else None
        if verdict:
            text += f", {verdict}"
        theirs = share(ctx.partnership(item.distributions), values)
        if theirs is not None:
            asides.append(f"all WEST schools: {natural_frequency(theirs.percent)}")
    elif (trend := _item_trend_phrase(item, values)) is not None:
        text += f", {trend}"
    if mine.small:
        asides.append(CAUTION_SMALL)
    if asides:
        text += f" ({'; '.join(asides)})"
    return Finding(_sentence(text), "item", item.ref)


def _item_trend_phrase(item: ItemSummary, values: list) -> str | None:
    t = item.trend
    if t is None or not t.comparable or not t.comparisons or not t.previous_distributions:
        return None
    comp = t.comparisons[0]
    before = share(t.previous_distributions[0], values)
    if before is None or comp.label not in ("above", "below", "similar"):
        return None
    then = f"{natural_frequency(before.percent)} in {t.previous_wave_name}"
    if comp.label == "similar":
        return f"no clear change from {then} by the briefing's rule"
    word = "up" if comp.label == "above" else "down"
    return (f"{word} from {then}, a change bigger than chance alone would explain by the "
            "briefing's rule")


def item_findings(ctx: BriefingContext) -> list[Finding]:
    """One sentence per Children's Community domain: its question with the most answers."""
    out, used = [], set()
    for domain in ctx.summary.domains:
        if not domain.tag.startswith("cc."):
            continue
        best = None
        for ref in domain.items:
            if ref in used:
                continue
            found = ctx.item(ref)
            if found is None:
                continue
            survey, item = found
            sentence = item_sentence(ctx, survey, item)
            focus = ctx.focus(item.distributions)
            if sentence is None or focus is None:
                continue
            size = int(focus.n.value)
            if best is None or size > best[0]:
                best = (size, sentence)
        if best:
            used.add(best[1].source)
            out.append(best[1])
    return out


# --- hopes for the future ----------------------------------------------------------------


def aspiration_findings(ctx: BriefingContext) -> list[Finding]:
    out = []
    for survey in ctx.summary.surveys:
        for text in survey.texts:
            if text.codebook != "aspirations":
                continue
            group: TextGroup | None = ctx.focus(text.groups)
            if group is None:
                continue
            top = [t for t in group.themes if shown(t.count, t.percent)][:2]
            if not top:
                continue
            named = join_words([f"{natural_frequency(t.percent.value)} named "
                                f"{t.label.lower()}" for t in top])
            where = f" at {ctx.scope_label}" if ctx.is_school else ""
            out.append(Finding(
                f"Of the {who(ctx, survey)}{where} who answered ‘{text.text}’, {named}.",
                "aspiration", text.ref))
            break
        if len(out) >= 2:
            break
    return out


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _sentence(text: str) -> str:
    """Capitalised, with a full stop unless a quoted question already ends it."""
    text = _capital(text)
    return text if text.endswith(("?’", ".’", "!’")) else text + "."
