"""Key findings: plain sentences written from the Summary's published numbers.

Rules a reader can rely on:

- A sentence uses only published figures. If any figure it needs is hidden ("fewer than
  10", "not shown"), the sentence is not written at all.
- Shares are natural frequencies ("7 in 10"), counted over those in the group who
  answered the question (those who skipped it are set aside); a filtered question's
  over those who were asked it.
- "Similar to", "above" and "below" come only from the Summary's comparisons, made by
  the stated rule; a share is never called higher or lower by eye. Schools are compared
  with the rest of the partnership (the partnership without them).
- Groups under 30 carry a caution. Sentiment scores are never a finding.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..analysis.build import DOMAIN_NAMES as DOMAIN_LABELS
from ..analysis.stats import wilson_interval
from ..analysis.summary import (
    Comparison,
    Distribution,
    ItemSummary,
    ScoreSummary,
    SurveySummary,
    TextGroup,
)
from ..definitions.finding_rules import DEFAULT_RULES
from .figures import natural_frequency, number_word, quoted, share, shown, top_values
from .model import BriefingContext, audience_noun, audience_title, join_words

CAUTION_SMALL = "fewer than 30 answered, so read with care"


@dataclass(frozen=True)
class Finding:
    """One sentence, where it came from, and whether it needs a small-group caution.

    Findings chosen by the rules (``chosen_findings``) also carry their evidence apart,
    for a layout that prints it beside the sentence: ``figure`` (the focus group's
    share or mean), ``n`` (its base), ``comparison`` (what it is set against),
    ``certainty`` (in plain words), ``tags`` (the domains and themes it speaks to) and
    ``size`` (how big: points of difference, or points beyond the threshold; the order
    within a kind), ``group`` (the group the figure is about, when it is not the
    briefing's own: a school set against the rest of the partnership) and ``small``
    (a group behind it has fewer than 30: read with care).
    """

    text: str
    kind: str
    source: str = ""
    figure: str = ""
    n: str = ""
    comparison: str = ""
    certainty: str = ""
    tags: tuple[str, ...] = ()
    size: float = 0.0
    group: str = ""
    small: bool = False


def caution(ctx: BriefingContext, small: bool) -> list[str]:
    """The small-group caution as an aside of the sentence, unless this document marks
    small groups and says why once (``ctx.small_marked``)."""
    return [CAUTION_SMALL] if small and not ctx.small_marked else []


def key_findings(ctx: BriefingContext, limit: int = 10) -> list[Finding]:
    """The briefing's first page: who took part, then what a reader must know, chosen by
    the partnership's rules (clear changes, clear differences, levels beyond thresholds),
    then hopes for the future."""
    found: list[Finding] = []
    found += participation(ctx)
    found += chosen_findings(ctx)
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
        part = ctx.partnership(score.estimates)
        if part is not None and shown(part.n) and part.n.value == focus.n.value:
            text += f", {only_school(score.audience)}"
        else:
            comp = next((c for c in score.comparisons if c.subject == ctx.focus_key), None)
            verdict = _verdict(comp, "the rest of the partnership") if comp else None
            if verdict is None:
                return None
            # The partnership's mean includes this school: say so, so that it is not
            # read as the rest it was compared with.
            ref = (f" (all WEST schools, {ctx.scope_label} included: {part.mean.display})"
                   if part and shown(part.mean) else "")
            text += f", {verdict}{ref}"
    else:
        trend = _trend_phrase(score)
        if trend:
            text += f", {trend}"
    for aside in caution(ctx, focus.small_group_warning):
        text += f" ({aside})"
    return Finding(text + ".", "score", score.ref, small=focus.small_group_warning)


def only_school(audience: str) -> str:
    """Why a school's figure stands alone: nobody else in the partnership answered it."""
    return f"no other WEST school's {audience_noun(audience)} answered this to compare with"


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
    if item.asked_of:  # a filtered question: a share of those asked, said so
        text = (f"Of {item.asked_of}{where}, {natural_frequency(mine.percent)} answered "
                f"{quoted(mine.labels)} to ‘{item.text}’")
    else:
        text = (f"{natural_frequency(mine.percent)} {who(ctx, survey)}{where} answered "
                f"{quoted(mine.labels)} to ‘{item.text}’")
    asides = []
    if ctx.is_school:
        whole = share(ctx.partnership(item.distributions), values)
        if whole is not None and whole.base == mine.base:
            asides.append(only_school(survey.audience))
        else:
            comp = next((c for c in item.comparisons if c.subject == ctx.focus_key), None)
            verdict = _verdict(comp, "the rest of the partnership") if comp else None
            if verdict:
                text += f", {verdict}"
            if whole is not None and whole.base > mine.base:
                # the figure it was compared with: the partnership without this school
                rest = natural_frequency(
                    100.0 * (whole.count - mine.count) / (whole.base - mine.base))
                asides.append(rest if verdict else f"rest of the partnership: {rest}")
    elif (trend := _item_trend_phrase(item, values)) is not None:
        text += f", {trend}"
    asides += caution(ctx, mine.small)
    if asides:
        text += f" ({'; '.join(asides)})"
    return Finding(_sentence(text), "item", item.ref, small=mine.small)


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


# --- findings chosen by what a reader must know ----------------------------------------
#
# The rules are data (surveys/findings.yaml, carried in summary.method.finding_rules):
# clear changes since the last wave and clear differences from the rest of the
# partnership come first, then levels beyond the partnership's thresholds. Each finding
# says its figure, its n, what it is compared with and how certain it is, in words.

CLEAR = ("above", "below")


def rules(ctx: BriefingContext) -> dict:
    return ctx.summary.method.finding_rules or DEFAULT_RULES


def chosen_findings(ctx: BriefingContext) -> list[Finding]:
    """Every finding the rules select, most important first."""
    cached = ctx.cache.get("chosen_findings")
    if cached is not None:
        return cached
    by_kind = {"change": change_findings(ctx), "difference": difference_findings(ctx),
               "level": level_findings(ctx)}
    out = []
    for kind in rules(ctx)["order"]:
        out += sorted(by_kind.get(kind, []), key=lambda f: -f.size)
    ctx.cache["chosen_findings"] = out
    return out


@dataclass(frozen=True)
class ComparisonCount:
    """How many comparisons a briefing's findings were drawn from, and how many of them
    would look clear by chance alone even if nothing differed."""

    made: int
    clear: int
    by_chance: float
    chance: float

    @property
    def text(self) -> str:
        if not self.made:
            return "No comparisons could be made with the published figures."
        expected = (f"about {round(self.by_chance):,}" if self.by_chance >= 0.5
                    else "fewer than 1")
        return (f"{self.made:,} comparison{'s were' if self.made != 1 else ' was'} made "
                f"(changes since the last wave and differences between schools and the "
                f"rest of the partnership); {self.clear:,} "
                f"{'were' if self.clear != 1 else 'was'} clear. Even if nothing really "
                f"differed, {expected} of {self.made:,} would look clear by chance "
                f"alone (1 in {round(1 / self.chance)}), so read any single one with care.")


def _comparisons_in_scope(ctx: BriefingContext) -> list[Comparison]:
    out = []
    for _survey, item in _items(ctx):
        out += [c for c in item.comparisons if _mine(ctx, c)]
        if item.trend and item.trend.comparable:
            out += [c for c in item.trend.comparisons if ctx.is_own_change(c)]
    for score in ctx.summary.scores:
        out += [c for c in score.comparisons if _mine(ctx, c)]
        if score.trend and score.trend.comparable:
            out += [c for c in score.trend.comparisons if ctx.is_own_change(c)]
    return [c for c in out if c.label in ("above", "below", "similar")]


def comparison_count(ctx: BriefingContext) -> ComparisonCount:
    made = _comparisons_in_scope(ctx)
    chance = float(rules(ctx)["chance"])
    return ComparisonCount(len(made), sum(c.label in CLEAR for c in made),
                           len(made) * chance, chance)


def _mine(ctx: BriefingContext, comp: Comparison) -> bool:
    return comp.subject == ctx.focus_key if ctx.is_school else True


def _items(ctx: BriefingContext):
    for survey in ctx.summary.surveys:
        for item in survey.items:
            yield survey, item


def _pct(value: float) -> str:
    return f"{value:.0f}%"


def _points(cell) -> float:
    return abs(float(cell.value)) if shown(cell) else 0.0


def _interval_words(comp: Comparison, unit: str = "points") -> str:
    """"likely between 14 and 30 points up" from a comparison's 95% interval."""
    lo, hi = comp.ci_low, comp.ci_high
    if not shown(lo, hi):
        return ""
    a, b = float(lo.value), float(hi.value)
    digits = 0 if unit == "points" else 1
    if comp.kind == "wave_vs_wave":
        word = "up" if a > 0 else "down" if b < 0 else "either way"
    else:
        word = "higher" if a > 0 else "lower" if b < 0 else "either way"
    if a < 0 < b:
        return (f"likely between {abs(a):.{digits}f} down and {b:.{digits}f} up"
                f"{' ' + unit if unit else ''}")
    x, y = sorted((abs(a), abs(b)))
    if x < 1 and digits == 0:
        digits = 1  # a clear change never reads "between 0 and 42"
    return f"likely between {x:.{digits}f} and {y:.{digits}f}{' ' + unit if unit else ''} {word}"


def _certainty(ctx: BriefingContext, comp: Comparison, unit: str = "points") -> str:
    words = _interval_words(comp, unit)
    what = "change" if comp.kind == "wave_vs_wave" else "difference"
    tail = (f"a {what} bigger than chance alone would explain, by the 95% rule"
            if comp.label in CLEAR else f"no clear {what}")
    warned = comp.warnings if not ctx.small_marked else []
    care = "; " + "; ".join(w.rstrip(".") for w in warned) if warned else ""
    return f"{words}: {tail}{care}" if words else tail + care


def _better_word(comp: Comparison) -> str:
    if comp.direction == "better":
        return " (better)"
    if comp.direction == "worse":
        return " (worse)"
    return ""


def _headline_share(dist: Distribution | None, values: list) -> tuple[int, int] | None:
    found = share(dist, values)
    return None if found is None else (found.count, found.base)


def change_findings(ctx: BriefingContext) -> list[Finding]:
    """Clear changes since the last wave (the partnership's, or in a school briefing
    the school's own; wording unchanged)."""
    out = []
    for survey, item in _items(ctx):
        t = item.trend
        comp = ctx.own_change(t)
        if item.multiple or not item.headline or comp is None or comp.label not in CLEAR:
            continue
        now = share(ctx.focus(item.distributions), item.headline)
        then = share(ctx.focus(t.previous_distributions), item.headline)
        if now is None or then is None:
            continue
        word = "up" if comp.label == "above" else "down"
        figure = _pct(now.percent)
        comparison = f"{_pct(then.percent)} in {t.previous_wave_name}"
        n = f"n = {now.base:,} and {then.base:,}"
        certainty = _certainty(ctx, comp)
        at = f" at {ctx.scope_label}" if ctx.is_school else ""
        text = (f"{_capital(who(ctx, survey))}{at} answering {quoted(now.labels)} to "
                f"‘{item.text}’: {figure} in {ctx.wave_name}, {word} from {comparison} "
                f"({comp.difference.display}{_better_word(comp)}; {n}; {certainty}).")
        out.append(Finding(text, "change", item.ref, figure, n, comparison, certainty,
                           tuple(item.tags), _points(comp.difference),
                           small=bool(comp.warnings)))
    for score in ctx.summary.scores:
        t = score.trend
        comp = ctx.own_change(t)
        if comp is None or comp.label not in CLEAR:
            continue
        before, now = ctx.focus(t.previous_estimates), ctx.focus(score.estimates)
        if now is None or before is None or not shown(now.mean, now.n, before.mean,
                                                      before.n):
            continue
        word = "up" if comp.label == "above" else "down"
        figure = f"{now.mean.display} {_out_of(score)}"
        comparison = f"{before.mean.display} in {t.previous_wave_name}"
        n = f"n = {now.n.display} and {before.n.display}"
        certainty = _certainty(ctx, comp, "")
        at = f" at {ctx.scope_label}" if ctx.is_school else ""
        text = (f"{audience_title(score.audience)}'{at} average on ‘{score.name}’"
                f"{_orientation_note(score)}: {figure} in {ctx.wave_name}, {word} from "
                f"{comparison} ({comp.difference.display}{_better_word(comp)}; {n}; "
                f"{certainty}).")
        spread = float(score.maximum - score.minimum) or 1.0
        out.append(Finding(text, "change", score.ref, figure, n, comparison, certainty,
                           tuple(score.tags), 100.0 * _points(comp.difference) / spread,
                           small=bool(comp.warnings)))
    return out


def difference_findings(ctx: BriefingContext) -> list[Finding]:
    """Clear differences between a school and the rest of the partnership."""
    out = []
    for survey, item in _items(ctx):
        if item.multiple or not item.headline:
            continue
        whole = share(ctx.partnership(item.distributions), item.headline)
        for comp in item.comparisons:
            if comp.label not in CLEAR or not _mine(ctx, comp):
                continue
            dist = next((d for d in item.distributions if d.group == comp.subject), None)
            mine = share(dist, item.headline)
            if mine is None or whole is None or whole.base <= mine.base:
                continue
            rest = 100.0 * (whole.count - mine.count) / (whole.base - mine.base)
            school = ctx.group_label(comp.subject)
            word = "above" if comp.label == "above" else "below"
            figure = _pct(mine.percent)
            comparison = f"{_pct(rest)} in the rest of the partnership"
            n = f"n = {mine.base:,}"
            certainty = _certainty(ctx, comp)
            text = (f"At {school}, {figure} of {who(ctx, survey)} answered "
                    f"{quoted(mine.labels)} to ‘{item.text}’, {word} the rest of the "
                    f"partnership ({_pct(rest)}; {comp.difference.display}"
                    f"{_better_word(comp)}; {n}; {certainty}).")
            out.append(Finding(text, "difference", item.ref, figure, n, comparison,
                               certainty, tuple(item.tags), _points(comp.difference),
                               comp.subject, bool(comp.warnings)))
    for score in ctx.summary.scores:
        for comp in score.comparisons:
            if comp.label not in CLEAR or not _mine(ctx, comp):
                continue
            est = next((e for e in score.estimates if e.group == comp.subject), None)
            if est is None or not shown(est.mean, est.n):
                continue
            school = ctx.group_label(comp.subject)
            word = "above" if comp.label == "above" else "below"
            figure = f"{est.mean.display} {_out_of(score)}"
            comparison = "the rest of the partnership"
            n = f"n = {est.n.display}"
            certainty = _certainty(ctx, comp, "")
            text = (f"At {school}, {audience_noun(score.audience)} averaged {figure} on "
                    f"‘{score.name}’{_orientation_note(score)}, {word} the rest of the "
                    f"partnership ({comp.difference.display}{_better_word(comp)}; {n}; "
                    f"{certainty}).")
            spread = float(score.maximum - score.minimum) or 1.0
            out.append(Finding(text, "difference", score.ref, figure, n, comparison,
                               certainty, tuple(score.tags),
                               100.0 * _points(comp.difference) / spread,
                               comp.subject, bool(comp.warnings)))
    return out


def level_values(item: ItemSummary, side: str, dist: Distribution) -> list:
    """The answers a level counts: the worse or better side of the construct, read from
    its headline answers and its direction."""
    subs = [c.value for c in dist.categories if c.substantive]
    top = [v for v in subs if v in item.headline]
    rest = [v for v in subs if v not in item.headline]
    better = top if item.better == "higher" else rest
    worse = rest if item.better == "higher" else top
    return worse if side == "worse" else better


def level_findings(ctx: BriefingContext) -> list[Finding]:
    """Levels beyond the partnership's thresholds, for the focus group."""
    out = []
    levels = {lv["construct"]: lv for lv in rules(ctx)["levels"]}
    for survey, item in _items(ctx):
        level = levels.get(item.construct)
        if level is None or item.multiple or not item.headline or not item.better:
            continue
        dist = ctx.focus(item.distributions)
        if dist is None:
            continue
        values = level_values(item, level["side"], dist)
        found = share(dist, values) if values else None
        if found is None:
            continue
        beyond = (found.percent > level["percent"] if level["bound"] == "more_than"
                  else found.percent < level["percent"])
        if not beyond:
            continue
        lo, hi = wilson_interval(found.count, found.base)
        bound = "more than" if level["bound"] == "more_than" else "fewer than"
        figure = f"{found.frequency} ({_pct(found.percent)})"
        comparison = (f"the partnership's threshold: {bound} "
                      f"{_pct(level['percent'])} is flagged")
        n = f"n = {found.base:,}"
        certainty = f"likely between {_pct(100 * lo)} and {_pct(100 * hi)}"
        certainty = "; ".join([certainty, *caution(ctx, found.small)])
        where = f" at {ctx.scope_label}" if ctx.is_school else ""
        words = level["words"]
        if isinstance(words, dict):
            words = words.get(survey.audience, "")
        meaning = words or f"answered {quoted(found.labels)}"
        text = (f"{_capital(found.frequency)} {who(ctx, survey)}{where} {meaning} "
                f"({_pct(found.percent)} answered {quoted(found.labels)} to ‘{item.text}’; "
                f"{n}; {certainty}), beyond the partnership's threshold of "
                f"{_pct(level['percent'])}.")
        out.append(Finding(text, "level", item.ref, figure, n, comparison, certainty,
                           tuple(item.tags), abs(found.percent - level["percent"]),
                           small=found.small))
    return out


@dataclass(frozen=True)
class DomainHeadline:
    """One outcome domain's or theme's headline: a chosen finding, or an honest "no
    clear finding" sentence (``finding`` None)."""

    tag: str
    label: str
    text: str
    finding: Finding | None = None


def domain_headlines(ctx: BriefingContext) -> list[DomainHeadline]:
    """One headline for each domain and theme in the rules' ``per_domain`` (the five
    Children's Community outcome domains, the four WEST priority themes and emotional
    wellbeing and resilience): the most important chosen finding tagged with it that no
    earlier domain took, else one already used, else a plain "no clear finding"."""
    names = {d.tag: d.label for d in ctx.summary.domains}
    chosen = chosen_findings(ctx)
    measured = {t for _s, i in _items(ctx) for t in i.tags} | {
        t for s in ctx.summary.scores for t in s.tags}
    used: set[str] = set()
    out = []
    for tag in rules(ctx)["per_domain"]:
        label = names.get(tag) or DOMAIN_LABELS.get(tag, tag)
        tagged = [f for f in chosen if tag in f.tags]
        pick = next((f for f in tagged if f.source not in used), None) or (
            tagged[0] if tagged else None)
        if pick is not None:
            used.add(pick.source)
            out.append(DomainHeadline(tag, label, pick.text, pick))
        elif tag not in measured:
            out.append(DomainHeadline(tag, label, f"{label}: nothing in this wave's "
                                      "surveys measures this yet."))
        else:
            out.append(DomainHeadline(tag, label, f"{label}: no clear finding. No clear "
                                      "change or difference, and no level beyond the "
                                      "partnership's thresholds."))
    return out
