"""The short briefing: page 1 is the findings, then hopes in counts, then what is left out.

Page 1 has one headline sentence, with its evidence, for each Children's Community
outcome domain, each WEST priority theme and emotional wellbeing and resilience (every
``cc.*`` and ``west.*`` tag the Summary indexes), then what changed since the last wave.
The sentences come from the findings module as they are: the first finding whose source
carries the tag, or else the first sentence the findings module can write from a score or
question carrying it. A tag with nothing publishable gets no sentence; it is listed once,
with why, on the page that says what the briefing leaves out.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ...analysis.publish import SHARE_RULE_TEXT
from ...analysis.summary import PARTNERSHIP, DomainIndex
from ...privacy.suppression import format_percent
from .. import findings as F
from ..build import filename
from ..charts import SMALL_MARK
from ..figures import n_text, quoted, share, shown, top_values
from ..model import BriefingContext, audience_noun, join_words
from . import APPENDIX, EMPTY, SHORT, Section, register
from .back import Method, attribution, direction
from .blocks import NOT_DRAWN, audience_rank, to_code
from .change import Change
from .equity import EQUITY_TAG, equity_finding

#: Framework tags a headline is written for, in the order of page 1.
HEADLINE_PREFIXES = ("cc.", "west.")
OVERARCHING = "west.emotional_wellbeing"


@dataclass
class Headline:
    tag: str
    label: str
    kicker: str
    text: str = ""
    evidence: str = ""
    quote: dict[str, str] | None = None
    missing: str = ""
    source: str = ""
    #: the figure rests on a group of fewer than 30: marked, and the caution said once
    small: bool = False


@dataclass
class Hidden:
    """Something the briefing leaves out, and why, in words."""

    what: str
    why: str
    #: What kind of thing it is, so like things are listed together.
    kind: str = ""


@dataclass
class Plan:
    headlines: list[Headline] = field(default_factory=list)
    hidden: list[Hidden] = field(default_factory=list)


def headline_tags(ctx: BriefingContext) -> list[DomainIndex]:
    cc = [d for d in ctx.summary.domains if d.tag.startswith("cc.")]
    west = [d for d in ctx.summary.domains if d.tag.startswith("west.") and d.tag != OVERARCHING]
    over = [d for d in ctx.summary.domains if d.tag == OVERARCHING]
    return cc + west + over


def kicker(tag: str) -> str:
    if tag == OVERARCHING:
        return "Over-arching"
    return "Outcome domain" if tag.startswith("cc.") else "WEST priority theme"


def refs_of(domain: DomainIndex) -> set[str]:
    return {*domain.items, *domain.scores, *domain.texts}


def finding_tags(ctx: BriefingContext, finding: F.Finding) -> set[str]:
    """The framework tags a finding speaks to: its own, when the findings module gives
    them, else those of the question or score it was written from."""
    own = getattr(finding, "tags", None)
    if own:
        return set(own)
    return {d.tag for d in ctx.summary.domains if finding.source in refs_of(d)}


def fallback(ctx: BriefingContext, domain: DomainIndex, used: set[str]) -> F.Finding | None:
    """A sentence from the findings module for a tag the key findings did not reach."""
    for ref in domain.scores:
        score = ctx.score(ref)
        if score is not None and ref not in used and (s := F.score_sentence(ctx, score)):
            return s
    for ref in domain.items:
        found = ctx.item(ref)
        if found and ref not in used and (s := F.item_sentence(ctx, *found)):
            return s
    return None


def where(ctx: BriefingContext, parts, group: str) -> str:
    """At how many schools the people behind a partnership figure are, when it is not
    every school: "at one school (West End Academy)", "at 6 schools"; or the school a
    finding is about ("at Tyneview Primary")."""
    if group != PARTNERSHIP:
        return "" if group == ctx.focus_key else f" at {ctx.group_label(group)}"
    schools = sorted({p.group for p in parts if p.group.startswith("school:")})
    if len(schools) == 1:
        return f" at one school ({ctx.group_label(schools[0])})"
    if 1 < len(schools) < len(ctx.summary.scope.schools):
        return f" at {len(schools)} schools"
    return ""


def evidence(ctx: BriefingContext, ref: str, group: str = "", mark: str = "") -> str:
    """Who a headline's figure is about and how many, with the interval for a mean:
    the n of ``group`` (a school a partnership finding is about), else of the focus;
    ``mark`` follows the n (" †": a small group)."""
    group = group or ctx.focus_key

    def of(parts):
        return next((p for p in parts if p.group == group), None)

    score = ctx.score(ref)
    if score is not None:
        est = of(score.estimates)
        if est is None:
            return ""
        bits = [f"{audience_noun(score.audience)}{where(ctx, score.estimates, group)}, "
                f"{n_text(est.n)}{mark}"]
        if shown(est.mean, est.ci_low, est.ci_high):
            bits.append(f"mean {est.mean.display}, 95% interval {est.ci_low.display} to "
                        f"{est.ci_high.display}")
        return "; ".join(bits)
    found = ctx.item(ref)
    if found:
        survey, item = found
        dist = of(item.distributions)
        if dist is None:
            return ""
        who = item.asked_of or F.who(ctx, survey)
        return (f"{who}{where(ctx, item.distributions, group)} who answered it in "
                f"‘{survey.title}’, {n_text(dist.n)}{mark}")
    text = ctx.text(ref)
    if text:
        survey, summary = text
        found_group = of(summary.groups)
        if found_group is None:
            return ""
        return (f"{F.who(ctx, survey)}{where(ctx, summary.groups, group)} who wrote an "
                f"answer, {n_text(to_code(found_group))}{mark}")
    return ""


def audience_of(ctx: BriefingContext, ref: str) -> str | None:
    score = ctx.score(ref)
    if score is not None:
        return score.audience
    found = ctx.item(ref) or ctx.text(ref)
    return found[0].audience if found else None


def quote_for(ctx: BriefingContext, domain: DomainIndex, source: str,
              taken: set[str]) -> dict | None:
    """One approved quote, from a written-answer question carrying the tag, by the same
    audience as the finding it sits beside (from its own questionnaire, for a question)."""
    audience = audience_of(ctx, source)
    survey_key = source.partition("/")[0]
    # A question's finding takes quotes from its own questionnaire (the same children);
    # a score's, from the same audience.
    same_survey = ctx.survey(survey_key) is not None
    for ref in domain.texts:
        found = ctx.text(ref)
        if not found or found[0].audience != audience or (
                same_survey and found[0].key != survey_key):
            continue
        group = ctx.focus(found[1].groups)
        for q in (group.quotes if group else []):
            if q.text not in taken:
                taken.add(q.text)
                return {"text": q.text, "dir": direction(q.text),
                        "by": attribution(q.audience, q.year_band), "question": ref}
    return None


def why_missing(ctx: BriefingContext, domain: DomainIndex) -> str:
    if not refs_of(domain):
        return "no question in the questionnaires used this wave speaks to it"
    return ("no sentence could be written from published figures alone (a group of "
            f"{ctx.threshold_display}, or a figure that would let one be worked out), or "
            "its figures already give another headline")


def plan(ctx: BriefingContext) -> Plan:
    """Headlines for every tag, and the list of what is left out (shared by the sections
    of the short briefing, so it is worked out once)."""
    if "headlines" in ctx.cache:
        return ctx.cache["headlines"]
    out = Plan()
    found = F.key_findings(ctx, limit=10_000)
    used: set[str] = set()
    quotes: set[str] = set()
    for domain in headline_tags(ctx):
        h = Headline(domain.tag, domain.label, kicker(domain.tag))
        choice = equity_finding(ctx, used) if domain.tag == EQUITY_TAG else None
        choice = choice or next((f for f in found if domain.tag in finding_tags(ctx, f)
                                 and f.source not in used), None)
        choice = choice or fallback(ctx, domain, used)
        if choice is None:
            h.missing = why_missing(ctx, domain)
            out.hidden.append(Hidden(domain.label, h.missing, "No headline this wave"))
        else:
            used.add(choice.source)
            h.text, h.source = choice.text, choice.source
            h.small = choice.small
            mark = SMALL_MARK.replace(" ", "\u00a0") if h.small else ""  # kept with its n
            # a gap's evidence is its comparison, "..., n = 13 and 12; one of ..."
            h.evidence = re.sub(r"(n = [\d,]+ and [\d,]+)", rf"\1{mark}", choice.comparison,
                                count=1) if choice.kind == "gap" else \
                evidence(ctx, choice.source, choice.group, mark)
            h.quote = quote_for(ctx, domain, choice.source, quotes)
        out.headlines.append(h)
    # Two questionnaires may ask in the same words ("Is there anything else you want to
    # tell us?"): such a question is named with its questionnaire, so a reader can tell
    # the entries apart.
    wordings = Counter(t.text for s in ctx.summary.surveys for t in s.texts)
    for survey in ctx.summary.surveys:
        cell = ctx.respondents(survey)
        if cell is not None and cell.suppressed:
            out.hidden.append(Hidden(
                f"‘{survey.title}’", f"{cell.display} {audience_noun(survey.audience)} took it",
                "Every answer to a questionnaire"))
            continue
        for text in survey.texts:
            group = ctx.focus(text.groups)
            if group is None:
                continue
            if not [t for t in group.themes if shown(t.count)]:
                base = to_code(group)
                why = (f"no theme was found in {ctx.summary.method.threshold} or more answers"
                       if shown(base) else
                       f"the number who wrote an answer is {base.display}")
                whose = audience_noun(survey.audience)
                if wordings[text.text] > 1:
                    whose += f", ‘{survey.title}’"
                out.hidden.append(Hidden(f"‘{text.text}’ ({whose})", why,
                                         "Themes in written answers"))
    ctx.cache["headlines"] = out
    return out


# --- what changed ----------------------------------------------------------------------


def changes(ctx: BriefingContext) -> dict[str, Any]:
    """Clear changes since the last wave (the partnership's, or in a school briefing
    the school's own), and how many were compared, so a reader can weigh them against
    chance."""
    scope = ctx.summary.scope
    out: dict[str, Any] = {"previous": scope.previous_wave_name, "scores": [],
                           "item_rows": [], "compared": 0, "n_clear": 0,
                           "steady": []}
    if not scope.previous_wave:
        return out
    for score in sorted(ctx.summary.scores, key=lambda s: audience_rank(s.audience)):
        row = Change.score_row(ctx, score)
        if row:
            out["compared"] += 1
            if row["verdict"] == "no clear change":
                out["steady"].append(f"{row['measure']} ({row['audience'].lower()})")
            else:
                out["n_clear"] += 1
                out["scores"].append(row)
    for survey in sorted(ctx.summary.surveys, key=lambda s: audience_rank(s.audience)):
        for item in survey.items:
            t = item.trend
            comp = ctx.own_change(t)
            if comp is None or item.multiple:
                continue
            now, before = ctx.focus(item.distributions), ctx.focus(t.previous_distributions)
            values = top_values(item.kind, item.type, now.categories) if now else None
            a, b = (share(before, values), share(now, values)) if values else (None, None)
            if a is None or b is None or comp.label not in ("above", "below", "similar"):
                continue
            out["compared"] += 1
            if comp.label == "similar":
                continue
            out["n_clear"] += 1
            interval = (f"; change {comp.difference.display}, 95% interval "
                        f"{comp.ci_low.display} to {comp.ci_high.display}"
                        if shown(comp.difference, comp.ci_low, comp.ci_high) else "")
            out["item_rows"].append({
                "text": f"‘{item.text}’: {quoted(b.labels)} "
                        f"{'up' if comp.label == 'above' else 'down'} from "
                        f"{format_percent(a.percent)} to {format_percent(b.percent)} of "
                        f"{F.who(ctx, survey)}"
                        + (f" at {ctx.scope_label}" if ctx.is_school else ""),
                "evidence": f"{n_text(before.n)} then, {n_text(now.n)} now{interval}",
            })
    # At a 95% rule, about 1 comparison in 20 shows a "change" by chance alone.
    out["by_chance"] = round(out["compared"] * (1 - ctx.summary.method.confidence))
    return out


def small_note(ctx: BriefingContext) -> str:
    """Said once under the headlines, for those marked †."""
    return (f"† Fewer than {ctx.summary.method.min_compare_n} people behind this figure, "
            "or behind what it is compared with: read it with care, as a small group's "
            "figures can move a lot by chance.")


@register
class Headlines(Section):
    """Page 1 of the short briefing."""

    key = "headlines"
    title = "Findings"
    order = 15
    new_page = False
    in_contents = False
    documents = frozenset({SHORT})

    @classmethod
    def build(cls, ctx: BriefingContext) -> dict[str, Any]:
        scope = ctx.summary.scope
        p = plan(ctx)
        return {
            "scope": ctx.scope_label,
            "wave": scope.wave_name,
            "is_school": ctx.is_school,
            "headlines": p.headlines,
            "written": sum(1 for h in p.headlines if h.text),
            "small_note": small_note(ctx) if any(h.small for h in p.headlines) else "",
            "change": changes(ctx),
            "appendix": filename(scope.wave, ctx.school, APPENDIX),
            "audiences": join_words([audience_noun(a) for a in ctx.audiences_here()]),
        }


@register
class Hopes(Section):
    """Career areas and hopes, as counts of those who wrote an answer."""

    key = "hopes"
    title = "Hopes and career areas"
    order = 60
    new_page = False
    documents = frozenset({SHORT})
    per_question = 6

    @classmethod
    def build(cls, ctx: BriefingContext) -> dict[str, Any] | None:
        questions = []
        for survey in sorted(ctx.summary.surveys, key=lambda s: audience_rank(s.audience)):
            for text in survey.texts:
                if text.codebook != "aspirations":
                    continue
                group = ctx.focus(text.groups)
                base = to_code(group) if group else None
                if group is None or not shown(base):
                    continue
                rows = [{"label": t.label, "count": int(t.count.value),
                         "of": f"{int(t.count.value)} of {int(base.value)}"}
                        for t in group.themes if shown(t.count)][:cls.per_question]
                if rows:
                    questions.append({"question": text.text, "who": F.who(ctx, survey),
                                      "base": int(base.value), "rows": rows})
        if not questions:
            return None
        return {"questions": questions, "threshold": ctx.summary.method.threshold,
                "per_question": cls.per_question}


@register
class LeftOut(Section):
    """What the short briefing leaves out, listed once, with why."""

    key = "left_out"
    title = "Not shown, and why"
    order = 98
    new_page = False
    documents = frozenset({SHORT, APPENDIX})

    @classmethod
    def build(cls, ctx: BriefingContext) -> dict[str, Any] | None:
        if ctx.cache.get("document", SHORT) == SHORT:
            hidden = plan(ctx).hidden
        else:  # the appendix: what its sections had nothing publishable to draw
            hidden = [Hidden(what, why, kind)
                      for kind, why, what in ctx.cache.get(NOT_DRAWN, [])]
        if not hidden:
            return None
        reasons: dict[tuple[str, str], list[str]] = {}
        for h in hidden:
            reasons.setdefault((h.kind, h.why), []).append(h.what)
        return {"reasons": [{"kind": kind, "why": why, "what": what}
                            for (kind, why), what in reasons.items()]}


@register
class Methods(Section):
    """The short briefing's methods page: every rule and technical term, said once."""

    key = "methods"
    title = "How the figures were made"
    order = 100
    documents = frozenset({SHORT})

    @classmethod
    def build(cls, ctx: BriefingContext) -> dict[str, Any]:
        data = Method.build(ctx)
        # findings and changes are mostly shares: their rule is said beside the means'
        data["share_rule"] = SHARE_RULE_TEXT
        data["appendix"] = filename(ctx.summary.scope.wave, ctx.school, APPENDIX)
        return data


@register
class NoResponses(Section):
    """A wave or school with nobody's answers: one page saying so, not a report."""

    key = "no_responses"
    title = "No responses yet"
    order = 1
    in_contents = False
    new_page = False
    documents = frozenset({EMPTY})

    @classmethod
    def build(cls, ctx: BriefingContext) -> dict[str, Any]:
        where = f" at {ctx.scope_label}" if ctx.is_school else ""
        return {"message": f"No responses have been recorded for {ctx.wave_name}{where} yet.",
                "scope": ctx.scope_label, "wave": ctx.wave_name,
                "generated_on": ctx.summary.scope.generated_on}


__all__ = ["Headlines", "Hopes", "LeftOut", "Methods", "NoResponses", "plan"]
