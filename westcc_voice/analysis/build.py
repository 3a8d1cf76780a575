"""Build the Summary: frame -> items, scores, themes, comparisons -> suppressed plain data.

``build_summary`` reads the database (three small lookups and one query for the
responses); ``summarise`` does the rest on a ResponseFrame and plain data, so it can be
tested without a database.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import gc
import hashlib
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import select

from ..models import Wave
from ..privacy.suppression import SECONDARY, Cell, SuppressionPolicy, shown
from . import publish
from .comparisons import DEFAULT_RULE, ComparisonRule, get_rule
from .equity import sorting_questions, summarise_equity
from .equity_means import summarise_mean_equity
from .frames import YEAR_BANDS, ResponseFrame, SurveyInfo, approved_quotes, load_frame
from .items import ItemContext, summarise_item
from .publish import CategorySpec, Groups
from .scoring import ScoreSpec, band_of, compute_scores
from .stats import CONFIDENCE, group_moments
from .summary import (
    NO_SCHOOL,
    OTHER_SCHOOLS,
    PARTNERSHIP,
    Category,
    Distribution,
    DomainIndex,
    Group,
    ItemSummary,
    Method,
    Scope,
    ScoreSummary,
    SharedIndicator,
    SharedWording,
    Summary,
    SurveySummary,
    Trend,
    audience_key,
    rest_key,
    school_key,
    wave_key,
)
from .text.codebook import Codebook, codebook_for, load_codebooks
from .text.themes import summarise_text

#: Names of the framework items, used when no catalogue is given.
DOMAIN_NAMES = {
    "cc.wellbeing": "Material, physical and mental wellbeing",
    "cc.learning": "Learning",
    "cc.social": "Social relations and personal development",
    "cc.employment": "Employment and local economic prospects",
    "cc.community": "Community capacity",
    "west.tolerant_community": "A stronger, tolerant community",
    "west.inequality": "Reducing inequality",
    "west.early_transitions": "Starting early and supporting transitions",
    "west.aspirations": "Realising aspirations",
    "west.emotional_wellbeing": "Emotional wellbeing and resilience",
}
NO_SCHOOL_LABEL = "Partnership-wide links (no school)"
PARTNERSHIP_LABEL = "All WEST schools"


def previous_wave_code(source, wave: str) -> str | None:
    """The wave that started most recently before ``wave``."""
    rows = source.execute(select(Wave.code, Wave.starts_on)).all()
    starts = {code: start for code, start in rows}
    current = starts.get(wave)
    if current is None:
        return None
    earlier = [(s, c) for c, s in starts.items() if s is not None and s < current]
    return max(earlier)[1] if earlier else None


def build_summary(
    source,
    *,
    wave: str,
    schools: Sequence[str] | None = None,
    audience: str | Sequence[str] | None = None,
    survey_keys: Sequence[str] | None = None,
    policy: SuppressionPolicy | None = None,
    previous_wave: str | None | bool = True,
    rule: str = DEFAULT_RULE,
    codebooks: dict[str, Codebook] | Path | str | None = None,
    domain_names: dict[str, str] | None = None,
    today: dt.date | None = None,
    finding_rules: dict[str, Any] | None = None,
    equity: Sequence[dict[str, Any]] | None = None,
) -> Summary:
    """The Summary of one wave, for the schools, audiences and surveys asked for.

    ``source``: a SQLAlchemy Session, Connection or Engine. ``schools``: school codes
    whose figures are shown (the partnership and each school's comparison with the rest
    are always computed over every school, and suppression is decided on the full
    tables, so a school's view never reveals what the partnership view hides).
    ``previous_wave``: True for the wave that started before this one, a wave code, or
    None/False for no trends. ``finding_rules``: surveys/findings.yaml as resolved by the
    catalogue, carried in ``summary.method.finding_rules`` for the briefings.
    ``equity``: the equity dimensions (surveys/equity.yaml, as the catalogue resolved
    them) that ``summary.equity`` compares constructs across.
    """
    policy = policy or SuppressionPolicy()
    if isinstance(source, (str, Path)):
        raise TypeError("pass a Session, Connection or Engine, not a URL")
    with _no_gc_pauses():
        summary = _build(source, wave=wave, schools=schools, audience=audience,
                         survey_keys=survey_keys, policy=policy, previous_wave=previous_wave,
                         rule=rule, codebooks=codebooks, domain_names=domain_names,
                         today=today, equity=equity)
    summary.method.finding_rules = dict(finding_rules or {})
    return summary


@contextlib.contextmanager
def _no_gc_pauses():
    """Building the frame makes a few hundred thousand small objects, all kept until
    the Summary is done; the cyclic garbage collector would scan them again and again
    for nothing (about a tenth of the time at 100,000 responses). Reference counting
    still frees everything as usual."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _build(source, *, wave, schools, audience, survey_keys, policy, previous_wave, rule,
           codebooks, domain_names, today, equity=None) -> Summary:
    owned = None
    conn = source
    if not hasattr(source, "execute"):
        conn = owned = source.connect()
    try:
        prev = previous_wave_code(conn, wave) if previous_wave is True else (
            previous_wave or None)
        waves = [wave] + ([prev] if prev else [])
        frame = load_frame(conn, waves=waves, audience=audience, survey_keys=survey_keys)
        approved = approved_quotes(conn, waves=wave)
    finally:
        if owned is not None:
            owned.close()
    return summarise(frame, wave=wave, previous_wave=prev, schools=schools, policy=policy,
                     approved=approved, rule=rule, codebooks=codebooks,
                     domain_names=domain_names, today=today, equity=equity)


def summarise(
    frame: ResponseFrame,
    *,
    wave: str,
    previous_wave: str | None = None,
    schools: Sequence[str] | None = None,
    policy: SuppressionPolicy | None = None,
    approved: set[tuple[int, str]] | None = None,
    rule: str = DEFAULT_RULE,
    codebooks: dict[str, Codebook] | Path | str | None = None,
    domain_names: dict[str, str] | None = None,
    today: dt.date | None = None,
    equity: Sequence[dict[str, Any]] | None = None,
) -> Summary:
    """The Summary from a loaded frame; pure apart from reading the codebook files."""
    policy = policy or SuppressionPolicy()
    books = codebooks if isinstance(codebooks, dict) else load_codebooks(
        *(() if codebooks is None else (codebooks,)))
    builder = _Builder(frame, wave, previous_wave, schools, policy, approved or set(),
                       get_rule(rule), books, {**DOMAIN_NAMES, **(domain_names or {})})
    builder.dimensions = list(equity or [])
    summary = builder.build(today or dt.date.today())
    # the equity tables count whom the partnership's figures count: not a small school
    # left out of them
    def counted(rows: np.ndarray) -> np.ndarray:
        return builder.groups_for(rows).codes >= 0

    summary.equity = summarise_equity(frame, summary, equity or [], wave=wave, policy=policy,
                                      shown_schools=builder.shown_schools, counted=counted)
    summary.equity += summarise_mean_equity(frame, summary, equity or [],
                                            builder.score_values, wave=wave, policy=policy,
                                            shown_schools=builder.shown_schools,
                                            counted=counted)
    return summary


class _Builder:
    def __init__(self, frame, wave, previous, schools, policy, approved, rule, books, names):
        self.frame: ResponseFrame = frame
        self.wave = wave
        self.previous = previous
        self.shown_schools = None if schools is None else set(schools)
        self.policy: SuppressionPolicy = policy
        self.approved = approved
        self.rule: ComparisonRule = rule
        self.books = books
        self.names = names
        data = frame.data
        self.wave_codes = _objects(data["wave"])
        self.keys = _objects(data["survey_key"])
        self.auds = _objects(data["audience"])
        # each row's school as its category number (-1: no school), so rows are
        # grouped without a Python loop over them
        school = data["school"]
        if not isinstance(school.dtype, pd.CategoricalDtype):
            school = school.astype("category")
        self.school_cats = list(school.cat.categories)
        self.school_idx = school.cat.codes.to_numpy().astype(np.int64)
        self.warnings: list[str] = []
        #: the equity dimensions (their sorting questions are summarised apart)
        self.dimensions: list[dict] = []
        #: per audience, each published score's spec and values (equity reads them)
        self.score_values: dict[str, list[tuple[ScoreSpec, np.ndarray]]] = {}
        self._rows: dict[tuple, np.ndarray] = {}
        self.group_meta: dict[str, Group] = {PARTNERSHIP: Group(PARTNERSHIP, "partnership",
                                                                PARTNERSHIP_LABEL)}

    # --- groups --------------------------------------------------------------------------

    def groups_for(self, rows: np.ndarray) -> Groups:
        """Schools with responses among ``rows`` (by name), then partnership-wide ones.

        A school (or the partnership-wide links) with fewer responses than the
        threshold is not a row of its own, so it never makes a neighbour's figures
        hide: the small ones are taken together as "other schools" when together they
        reach the threshold, and otherwise left out of the table, the partnership's
        figures then being those of the groups shown (``Groups.left_out``)."""
        present = self.school_idx[rows]
        used = np.unique(present[present >= 0])
        codes = sorted({self.school_cats[i] for i in used},
                       key=lambda c: self.frame.schools.get(c, c))
        keys = [school_key(c) for c in codes]
        labels = [self.frame.schools.get(c, c) for c in codes]
        index = {c: i for i, c in enumerate(codes)}
        # category number -> group number; the last place (category -1) is no school
        lookup = np.full(len(self.school_cats) + 1, len(codes), dtype=np.int64)
        for i in used:
            lookup[i] = index[self.school_cats[i]]
        g = lookup[present]
        if (g == len(codes)).any():
            keys.append(NO_SCHOOL)
            labels.append(NO_SCHOOL_LABEL)
        for key, label in zip(keys, labels, strict=True):
            kind = "no_school" if key == NO_SCHOOL else "school"
            self.group_meta.setdefault(key, Group(key, kind, label))
        return self.pool_small(Groups(keys, labels, g, PARTNERSHIP_LABEL))

    def pool_small(self, groups: Groups) -> Groups:
        counts = np.bincount(groups.codes[groups.codes >= 0], minlength=len(groups))
        small = [i for i, c in enumerate(counts) if 0 < c < self.policy.threshold]
        if not small or len(small) == len(groups) and counts.sum() < self.policy.threshold:
            return groups  # nothing small, or everything is (the total hides it all)
        keep = [i for i in range(len(groups)) if i not in small]
        remap = np.full(len(groups) + 1, -1, dtype=np.int64)
        for new, old in enumerate(keep):
            remap[old] = new
        keys = [groups.keys[i] for i in keep]
        labels = [groups.labels[i] for i in keep]
        taken = {groups.keys[i]: groups.labels[i] for i in small}
        pooled, left_out = {}, {}
        if counts[small].sum() >= self.policy.threshold:
            for i in small:
                remap[i] = len(keep)
            n_schools = sum(1 for i in small if groups.keys[i] != NO_SCHOOL)
            label = ("Other schools" if n_schools else NO_SCHOOL_LABEL) + (
                f" ({n_schools} with fewer than {self.policy.threshold} each)"
                if n_schools > 1 else "")
            if n_schools and any(groups.keys[i] == NO_SCHOOL for i in small):
                label += " and partnership-wide links"
            keys.append(OTHER_SCHOOLS)
            labels.append(label)
            self.group_meta.setdefault(OTHER_SCHOOLS, Group(OTHER_SCHOOLS, "other_schools",
                                                            "Other schools"))
            pooled = taken
        else:
            left_out = taken
        codes = np.where(groups.codes >= 0, remap[np.maximum(groups.codes, 0)], -1)
        return Groups(keys, labels, codes, groups.partnership_label, pooled, left_out)

    def visible(self, key: str) -> bool:
        if key == PARTNERSHIP:
            return True
        if self.shown_schools is None:
            return True
        return key.startswith("school:") and key.split(":", 1)[1] in self.shown_schools

    def keep(self, parts: list) -> list:
        return [p for p in parts if self.visible(p.group)]

    def rows(self, *, wave: str, key: str | None = None, audience: str | None = None):
        """Row numbers of one wave, optionally one survey or audience (cached)."""
        cache_key = (wave, key, audience)
        if cache_key not in self._rows:
            mask = self.wave_codes == wave
            if key is not None:
                mask &= self.keys == key
            if audience is not None:
                mask &= self.auds == audience
            self._rows[cache_key] = np.flatnonzero(mask)
        return self._rows[cache_key]

    # --- the whole -----------------------------------------------------------------------

    def build(self, today: dt.date) -> Summary:
        surveys = [self.survey(info) for info in self.frame.surveys.values()
                   if self.rows(wave=self.wave, key=info.key).size]
        audiences = [a for a in ("pupil", "parent", "community")
                     if self.rows(wave=self.wave, audience=a).size]
        scores = [s for a in audiences for s in self.scores(a)]
        shared = self.shared(surveys, scores)
        shown_codes = sorted({k.split(":", 1)[1] for k in self.group_meta
                              if k.startswith("school:") and self.visible(k)})
        summary = Summary(
            scope=Scope(
                wave=self.wave, wave_name=self.frame.waves.get(self.wave, self.wave),
                previous_wave=self.previous,
                previous_wave_name=self.frame.waves.get(self.previous) if self.previous
                else None,
                schools=shown_codes,
                school_names={c: self.frame.schools.get(c, c) for c in shown_codes},
                audiences=audiences, survey_keys=[s.key for s in surveys],
                generated_on=today.isoformat(),
                partnership_schools=self.partnership_schools(),
            ),
            method=self.method(),
            groups=[g for k, g in self.group_meta.items() if self.visible(k)
                    or g.kind in ("audience", "wave")
                    or g.kind == "rest_of_partnership"
                    and self.visible(school_key(k.split(":", 1)[1]))],
            surveys=surveys, scores=scores, shared=shared,
            warnings=self.warnings,
        )
        summary.domains = self.domains(summary)
        return summary

    def partnership_schools(self) -> list[str]:
        """Codes of every school with a response in this wave (sorted by name)."""
        rows = self.rows(wave=self.wave)
        present = self.school_idx[rows]
        codes = {self.school_cats[i] for i in np.unique(present[present >= 0])}
        return sorted(codes, key=lambda c: (self.frame.schools.get(c, c), c))

    def method(self) -> Method:
        p = self.policy
        return Method(
            threshold=p.threshold, min_compare_n=p.min_compare_n,
            quote_min_group=p.quote_min_group, confidence=CONFIDENCE,
            comparison_rule=self.rule.name, comparison_rule_text=self.rule.text,
            notes=[
                f"Any figure from fewer than {p.threshold} people is shown as "
                f"'{p.primary_display}'; a second figure is '{p.secondary_display}' "
                "wherever the first could otherwise be worked out by subtraction.",
                f"Groups under {p.min_compare_n} are flagged: their figures move a lot "
                "by chance.",
                "Means come with 95% confidence intervals from the t-distribution.",
                publish.SHARE_RULE_TEXT,
                "Scale scores use complete answers only unless the scale allows missing "
                "items; every summed or averaged score is oriented so higher is better.",
                "ONS4 personal wellbeing items are reported separately, never summed; "
                "anxiety keeps the ONS orientation (higher means more anxious).",
                "Wave-to-wave comparisons are made only where the question wording is "
                "unchanged (same wording hash).",
                "Differences between schools reflect context and chance as well as "
                "practice: read them alongside what the school knows.",
            ],
        )

    # --- surveys and items ---------------------------------------------------------------

    def survey(self, info: SurveyInfo) -> SurveySummary:
        rows = self.rows(wave=self.wave, key=info.key)
        groups = self.groups_for(rows)
        counts = np.bincount(groups.codes[groups.codes >= 0], minlength=len(groups))
        resp, total = publish.respondents(self.policy, groups, counts)
        # a school taken into "other schools" or left out still took part: its own
        # count says "fewer than 10"
        small = [Category(k, label, self.policy.hidden(), self.policy.hidden())
                 for k, label in {**groups.pooled, **groups.left_out}.items()
                 if self.visible(k)]
        respondents = Distribution(
            PARTNERSHIP, PARTNERSHIP_LABEL, total,
            [Category(k, groups.labels[i], resp[k], self.policy.percent(resp[k], total))
             for i, k in enumerate(groups.keys) if self.visible(k)] + small,
            self.policy.small_group_warning(total.value),
        )
        if groups.left_out:
            # name the groups only to someone who may see each of them: a school's own
            # results must not tell its staff which other school had few responses
            named = (f" ({', '.join(groups.left_out.values())})"
                     if all(self.visible(k) or k == NO_SCHOOL for k in groups.left_out)
                     else "")
            self.warnings.append(
                f"‘{info.title}’: the partnership's figures leave out "
                f"{_count_words(len(groups.left_out), 'group')} with fewer than "
                f"{self.policy.threshold} responses{named}, so that no total gives "
                "them away.")
        year_bands = None
        if info.audience == "pupil":
            year_bands = self.year_bands(rows[groups.codes >= 0])
        ctx = ItemContext(self.policy, self.frame, info.key, rows, groups, resp, total,
                          sorting=sorting_questions(self.dimensions, info.audience))
        items, texts = [], []
        for name in info.column_names.values():
            col = self.frame.columns[name]
            question = info.questions[col.question_id]
            if question.get("scale"):
                continue
            if col.kind == "text":
                texts.append(self.text(info, question, col.name, rows, groups))
                continue
            item = summarise_item(ctx, col)
            if item is None:
                continue
            item.distributions = self.keep(item.distributions)
            item.estimates = self.keep(item.estimates)
            self.label_population([*item.distributions, *item.estimates], info.audience,
                                  info.year_groups, groups)
            self.headline(item)
            item.trend = self.item_trend(info, col, item)
            items.append(item)
        return SurveySummary(info.key, info.title, info.audience, sorted(info.versions.values()),
                             respondents, year_bands, items, texts)

    def label_population(self, parts: list, audience: str, year_groups: list[int],
                         groups: Groups) -> None:
        """Say who each distribution or estimate is about: "pupils in Years 7 to 11 at
        one school, 23" (the partnership of one school is one school, not "all WEST
        schools")."""
        schools = sum(1 for k in groups.keys if k.startswith("school:"))
        for part in parts:
            part.population = population_label(audience, year_groups, part.group,
                                               part.label, schools, part.n)

    def headline(self, item: ItemSummary) -> None:
        """The headline share of an ordered or yes/no question, each school's against
        the rest of the partnership's, worked out from published figures only."""
        whole = next((d for d in item.distributions if d.group == PARTNERSHIP), None)
        if item.multiple or whole is None:
            return
        item.headline = publish.headline_values(item.kind, item.type, whole.categories)
        if item.did_not_say and whole.headline_values:   # a sorting question's first group
            item.headline = list(whole.headline_values)
        if not item.headline:
            return
        everyone = publish.published_share(whole, item.headline)
        for dist in item.distributions:
            if not dist.group.startswith("school:"):
                continue
            mine = publish.published_share(dist, item.headline)
            rest = None
            if mine is not None and everyone is not None:
                rest = (everyone[0] - mine[0], everyone[1] - mine[1])
            code = dist.group.split(":", 1)[1]
            item.comparisons.append(publish.share_comparison(
                self.policy, kind="school_vs_rest", subject=dist.group,
                reference=rest_key(code), subject_share=mine, reference_share=rest,
                subject_label=dist.label, reference_label="the rest of the partnership",
                better=item.better))

    def year_bands(self, rows: np.ndarray) -> Distribution:
        bands = self.frame.data["year_band"].cat.codes.to_numpy()[rows]
        counts = np.bincount(bands[bands >= 0], minlength=len(YEAR_BANDS))
        present = [i for i, c in enumerate(counts) if c]
        cats = [CategorySpec(YEAR_BANDS[i][0], YEAR_BANDS[i][0]) for i in present]
        table = self.policy.table([[int(counts[i]) for i in present] or [0]],
                                  row_totals=True, column_totals=False, groups_in="columns")
        total = table.row_totals[0]
        return Distribution(PARTNERSHIP, PARTNERSHIP_LABEL, total, [
            Category(c.value, c.label, cell, self.policy.percent(cell, total))
            for c, cell in zip(cats, table.cells[0], strict=False)
        ], self.policy.small_group_warning(total.value))

    def previous_question(self, info_key: str, qid: str) -> str:
        """The question id the previous wave asked for ``qid``: the same id, or else the
        question naming the same construct (an id renamed between versions). Its wording
        must still be unchanged for a trend (``wording_unchanged``)."""
        info = self.frame.surveys[info_key]
        vids = self.frame.data["survey_version_id"].to_numpy()
        now_versions = np.unique(vids[self.rows(wave=self.wave, key=info_key)])
        constructs = {info.version_constructs.get(int(v), {}).get(qid) for v in now_versions}
        constructs.discard(None)
        if len(constructs) != 1:
            return qid
        construct = constructs.pop()
        then_versions = np.unique(vids[self.rows(wave=self.previous, key=info_key)])
        found = set()
        for v in then_versions:
            if qid in info.version_hashes.get(int(v), {}):
                found.add(qid)
                continue
            found.update(q for q, c in info.version_constructs.get(int(v), {}).items()
                         if c == construct)
        return found.pop() if len(found) == 1 else qid

    def wording_unchanged(self, info_key: str, qids: list[str],
                          previous: list[str] | None = None) -> tuple[bool, str]:
        """Whether every question kept its wording between the previous wave and this."""
        info = self.frame.surveys[info_key]
        now_rows = self.rows(wave=self.wave, key=info_key)
        then_rows = self.rows(wave=self.previous, key=info_key)
        if not then_rows.size:
            return False, f"Not asked in {self.previous_name}."
        vids = self.frame.data["survey_version_id"].to_numpy()
        for qid, then_qid in zip(qids, previous or qids, strict=True):
            now = {info.version_hashes.get(v, {}).get(qid) for v in np.unique(vids[now_rows])}
            then = {info.version_hashes.get(v, {}).get(then_qid)
                    for v in np.unique(vids[then_rows])}
            if None in then:
                return False, f"Not asked in {self.previous_name}."
            if now != then or len(now) != 1:
                return False, (f"Not compared with {self.previous_name}: the wording "
                               "changed.")
        return True, ""

    @property
    def previous_name(self) -> str:
        return self.frame.waves.get(self.previous, self.previous or "")

    def item_trend(self, info: SurveyInfo, col, item: ItemSummary) -> Trend | None:
        if not self.previous:
            return None
        then_qid = col.question_id if col.item else self.previous_question(
            info.key, col.question_id)
        ok, reason = self.wording_unchanged(info.key, [col.question_id], [then_qid])
        trend = Trend(self.previous, self.previous_name, ok, reason)
        if not ok:
            return trend
        then_col = self.frame.columns[info.column_names.get(then_qid, col.name)]
        rows = self.rows(wave=self.previous, key=info.key)
        groups = self.groups_for(rows)
        counts = np.bincount(groups.codes[groups.codes >= 0], minlength=len(groups))
        resp, total = publish.respondents(self.policy, groups, counts)
        ctx = ItemContext(self.policy, self.frame, info.key, rows, groups, resp, total,
                          sorting=sorting_questions(self.dimensions, info.audience))
        previous = summarise_item(ctx, then_col)
        # the partnership first, then each school shown (its own change)
        trend.previous_distributions = self.keep_trend(previous.distributions)
        trend.previous_estimates = self.keep_trend(previous.estimates)
        if item.headline:
            prev_key, now_key = wave_key(self.previous), wave_key(self.wave)
            for k, name in ((prev_key, self.previous_name),
                            (now_key, self.frame.waves.get(self.wave, self.wave))):
                self.group_meta.setdefault(k, Group(k, "wave", name))
            for then in trend.previous_distributions:
                now = next((d for d in item.distributions if d.group == then.group), None)
                trend.comparisons.append(publish.share_comparison(
                    self.policy, kind="wave_vs_wave",
                    subject=now_key if then.group == PARTNERSHIP else then.group,
                    reference=prev_key,
                    subject_share=publish.published_share(now, item.headline),
                    reference_share=publish.published_share(then, item.headline),
                    better=item.better))
        return trend

    def keep_trend(self, parts: list) -> list:
        """The previous wave's figures a trend keeps: the partnership's, then those of
        the schools shown (each school's own change), partnership first."""
        return sorted((p for p in parts if p.group == PARTNERSHIP
                       or p.group.startswith("school:") and self.visible(p.group)),
                      key=lambda p: p.group != PARTNERSHIP)

    def text(self, info: SurveyInfo, question: dict, column: str, rows: np.ndarray,
             groups: Groups):
        book = codebook_for(self.books, question["id"], list(question.get("tags") or []))
        if book is None:
            raise ValueError("no codebook: surveys/codebooks/ needs one with default: true")
        data = self.frame.data
        summary = summarise_text(
            policy=self.policy, survey_key=info.key, question=question, book=book,
            texts=data[column].to_numpy()[rows].tolist(), groups=groups,
            response_ids=data["response_id"].to_numpy()[rows],
            audiences=_objects(data["audience"])[rows].tolist(),
            year_bands=_objects(data["year_band"])[rows].tolist(),
            approved=self.approved, cache=coded_answers(book),
        )
        summary.groups = [g for g in summary.groups if self.visible(g.group)]
        return summary

    # --- scores --------------------------------------------------------------------------

    def scores(self, audience: str) -> list[ScoreSummary]:
        now = self.rows(wave=self.wave, audience=audience)
        out = []
        for spec, values in compute_scores(self.frame, audience):
            if np.isnan(values[now]).all():
                continue
            out.append(self.score(spec, values, audience, now))
            self.score_values.setdefault(audience, []).append((spec, values))
        return out

    def score(self, spec: ScoreSpec, values: np.ndarray, audience: str,
              rows: np.ndarray) -> ScoreSummary:
        policy = self.policy
        decimals = 2 if spec.conversion else 1
        scored = rows[~np.isnan(values[rows])]
        groups = self.groups_for(scored)
        moments = group_moments(values[scored], groups.codes, len(groups))
        ests, sizes = publish.estimates(policy, groups, moments, decimals)
        bands = []
        if spec.bands:
            idx = band_of(values[scored], spec.bands)
            cats = [CategorySpec(b["label"], b["label"]) for b in spec.bands]
            counts = publish.count_matrix(idx, groups.codes, len(groups), len(cats))
            bands = publish.distributions(policy, groups, counts, cats, group_totals=sizes,
                                          partnership_total=sizes[PARTNERSHIP])
        comparisons = []
        overall = moments.overall()
        for i, key in enumerate(groups.keys):
            if key in (NO_SCHOOL, OTHER_SCHOOLS):
                continue
            rest = moments.without(i)
            code = key.split(":", 1)[1]
            rk = rest_key(code)
            rest_n = shown(rest.n) if not policy.is_small(rest.n) and sizes[
                PARTNERSHIP].shown else policy.hidden(SECONDARY)
            self.group_meta.setdefault(rk, Group(rk, "rest_of_partnership",
                                                 f"Rest of the partnership (without "
                                                 f"{groups.labels[i]})"))
            if self.visible(key):
                comparisons.append(publish.comparison(
                    policy, self.rule, kind="school_vs_rest", subject=key, reference=rk,
                    subject_n=sizes[key], reference_n=rest_n, a=moments.stats(i), b=rest,
                    higher_is_better=spec.higher_is_better, decimals=decimals,
                    subject_label=groups.labels[i], reference_label="the rest of the "
                    "partnership"))
        trend = self.score_trend(spec, values, audience, overall, sizes, decimals,
                                 now_groups=groups, now_moments=moments)
        validated, caveat, translated = self.translation(spec, scored)
        years = sorted({y for k in spec.survey_keys
                        for y in self.frame.surveys[k].year_groups})
        self.label_population([*ests, *bands], audience, years, groups)
        return ScoreSummary(
            score_id=spec.score_id, scale_id=spec.scale_id, item_id=spec.item_id,
            name=spec.name, audience=audience, survey_keys=list(spec.survey_keys),
            tags=spec.tags, method=spec.method, minimum=spec.minimum, maximum=spec.maximum,
            higher_is_better=spec.higher_is_better, orientation=spec.orientation,
            converted=bool(spec.conversion), estimates=self.keep(ests),
            bands=self.keep(bands), comparisons=comparisons, trend=trend,
            validated_languages=validated, translation_caveat=caveat, translated=translated,
            band_ranges=[f"{b['label']}: {b['min']:g} to {b['max']:g}"
                         for b in spec.bands or []],
        )

    def translation(self, spec: ScoreSpec, scored: np.ndarray
                    ) -> tuple[list[str], bool, Cell | None]:
        """The scale's validated languages, whether any scored answer was given in
        another, and how many were."""
        validated = next((s.get("validated_languages") for k in spec.survey_keys
                          for s in [self.frame.surveys[k].scales.get(spec.scale_id) or {}]
                          if s.get("validated_languages")), None)
        if not validated:
            return [], False, None
        langs = _objects(self.frame.data["language"])[scored]
        other = int(sum(1 for lang in langs if lang not in validated))
        if not other:
            return list(validated), False, None
        return list(validated), True, self.policy.count(other)

    def score_trend(self, spec: ScoreSpec, values, audience, overall,
                    sizes_now: dict[str, Cell], decimals: int, *, now_groups: Groups,
                    now_moments) -> Trend | None:
        if not self.previous:
            return None
        for key in spec.survey_keys:
            info = self.frame.surveys[key]
            qids = sorted({i["question_id"] for sc in info.version_scales.values()
                           for s in [sc.get(spec.scale_id)] if s for i in s["items"]
                           if i["id"] in spec.items})
            if self.rows(wave=self.previous, key=key).size:
                ok, reason = self.wording_unchanged(key, qids)
                if not ok:
                    return Trend(self.previous, self.previous_name, False, reason)
        then = self.rows(wave=self.previous, audience=audience)
        scored = then[~np.isnan(values[then])]
        if not scored.size:
            return Trend(self.previous, self.previous_name, False,
                         f"Not asked in {self.previous_name}.")
        groups = self.groups_for(scored)
        moments = group_moments(values[scored], groups.codes, len(groups))
        ests, sizes = publish.estimates(self.policy, groups, moments, decimals)
        prev_key, now_key = wave_key(self.previous), wave_key(self.wave)
        for k, name in ((prev_key, self.previous_name),
                        (now_key, self.frame.waves.get(self.wave, self.wave))):
            self.group_meta.setdefault(k, Group(k, "wave", name))
        comparisons = [publish.comparison(
            self.policy, self.rule, kind="wave_vs_wave", subject=now_key,
            reference=prev_key, subject_n=sizes_now[PARTNERSHIP],
            reference_n=sizes[PARTNERSHIP], a=overall, b=moments.overall(),
            higher_is_better=spec.higher_is_better, decimals=decimals)]
        kept = self.keep_trend(ests)
        for then in kept[1:]:  # each school shown: its own change
            if then.group not in now_groups.keys or then.group not in groups.keys:
                continue
            i, j = now_groups.keys.index(then.group), groups.keys.index(then.group)
            comparisons.append(publish.comparison(
                self.policy, self.rule, kind="wave_vs_wave", subject=then.group,
                reference=prev_key, subject_n=sizes_now[then.group],
                reference_n=sizes[then.group], a=now_moments.stats(i), b=moments.stats(j),
                higher_is_better=spec.higher_is_better, decimals=decimals,
                subject_label=self.group_meta[then.group].label,
                reference_label=self.previous_name))
        return Trend(self.previous, self.previous_name, True, "",
                     previous_estimates=kept, comparisons=comparisons)

    # --- across audiences and domains ----------------------------------------------------

    def shared(self, surveys: list[SurveySummary],
               scores: list[ScoreSummary]) -> list[SharedIndicator]:
        out = []
        by_score: dict[str, list[ScoreSummary]] = {}
        for s in scores:
            by_score.setdefault(s.score_id, []).append(s)
        for score_id, group in by_score.items():
            if len({s.audience for s in group}) < 2:
                continue
            ind = SharedIndicator(score_id, group[0].name, "score", group[0].tags)
            for s in group:
                for e in s.estimates:
                    if e.group == PARTNERSHIP:
                        ind.estimates.append(_relabel(e, s.audience))
            out.append(ind)
        # Questions pair by the construct they measure, never by id: pupils' "belong"
        # (at school) and the community's "belong" (to the neighbourhood) are two
        # things, and safe after dark is one thing under three ids.
        by_construct: dict[str, list[tuple[SurveySummary, ItemSummary]]] = {}
        for survey in surveys:
            for item in survey.items:
                if item.construct and not item.multiple:
                    by_construct.setdefault(item.construct, []).append((survey, item))
        for construct, group in by_construct.items():
            per_audience = Counter(s.audience for s, _i in group)
            if len(per_audience) < 2:
                continue
            group.sort(key=lambda si: (AUDIENCE_ORDER.index(si[0].audience), si[0].key))
            first = group[0][1]
            tags = list(dict.fromkeys(t for _s, i in group for t in i.tags))
            ind = SharedIndicator(construct, first.construct_name or first.text, "item", tags,
                                  construct=construct, better=first.better)
            for survey, item in group:
                key = audience_key(survey.audience)
                label = AUDIENCE_LABELS.get(survey.audience, survey.audience)
                if per_audience[survey.audience] > 1:
                    key, label = f"{key}/{survey.key}", f"{label} ({survey.title})"
                whole = next((d for d in item.distributions if d.group == PARTNERSHIP), None)
                for d in item.distributions:
                    if d.group == PARTNERSHIP:
                        ind.distributions.append(dataclasses.replace(d, group=key,
                                                                     label=label))
                for e in item.estimates:
                    if e.group == PARTNERSHIP:
                        ind.estimates.append(dataclasses.replace(e, group=key, label=label))
                ind.wordings.append(self.wording(key, label, survey, item, whole))
            out.append(ind)
        for ind in out:
            for part in (*ind.estimates, *ind.distributions):
                self.group_meta.setdefault(part.group, Group(part.group, "audience",
                                                             part.label))
        return out

    def wording(self, key: str, label: str, survey: SurveySummary, item: ItemSummary,
                whole) -> SharedWording:
        """One audience's wording of a shared construct, with its headline share."""
        hidden = self.policy.hidden(SECONDARY)
        n = whole.n if whole is not None else hidden
        share, labels = hidden, []
        if whole is not None and item.headline:
            labels = [c.label for c in whole.categories if c.value in item.headline]
            counted = publish.published_share(whole, item.headline)
            if counted is not None:
                share = self.policy.percent(shown(counted[0]), shown(counted[1]))
            else:
                share = next((c.count for c in whole.categories if c.value in item.headline
                              and c.count.suppressed), hidden)
                share = self.policy.hidden(share.reason or SECONDARY)
        return SharedWording(key, label, survey.audience, survey.key, item.question_id,
                             item.text, item.type, item.wording_hash, n, share, labels)

    def domains(self, summary: Summary) -> list[DomainIndex]:
        index: dict[str, DomainIndex] = {}

        def add(tags, attr: str, ref: str) -> None:
            for tag in tags:
                entry = index.setdefault(tag, DomainIndex(tag, self.names.get(tag, tag)))
                refs = getattr(entry, attr)
                if ref not in refs:
                    refs.append(ref)

        for survey in summary.surveys:
            for item in survey.items:
                add(item.tags, "items", item.ref)
            for text in survey.texts:
                add(text.tags, "texts", text.ref)
                for group in text.groups[:1]:
                    for theme in group.themes:
                        add(theme.tags, "themes", f"{text.codebook}/{theme.theme}")
        for score in summary.scores:
            add(score.tags, "scores", score.ref)
        order = list(self.names)
        return sorted(index.values(), key=lambda d: (order.index(d.tag) if d.tag in order
                                                     else len(order), d.tag))


AUDIENCE_LABELS = {"pupil": "Pupils", "parent": "Parents and carers",
                   "community": "Community"}
AUDIENCE_ORDER = ("pupil", "parent", "community")
AUDIENCE_NOUNS = {"pupil": "pupils", "parent": "parents and carers",
                  "community": "community members"}


def _count_words(n: int, noun: str) -> str:
    return f"one {noun}" if n == 1 else f"{n} {noun}s"


def year_words(year_groups: Sequence[int]) -> str:
    """[7, 8, 9, 10, 11] -> "Years 7 to 11"; [0, 1, 2] -> "Reception to Year 2"."""
    if not year_groups:
        return ""
    lo, hi = min(year_groups), max(year_groups)
    name = {0: "Reception"}
    if lo == hi:
        return name.get(lo, f"Year {lo}")
    if lo == 0:
        return f"Reception to Year {hi}"
    return f"Years {lo} to {hi}"


def population_label(audience: str, year_groups: Sequence[int], group: str, label: str,
                     schools: int, n: Cell) -> str:
    """Who a figure is about, with its n: "pupils in Years 7 to 11 at one school, 23"."""
    who = AUDIENCE_NOUNS.get(audience, audience)
    if audience == "pupil" and year_groups:
        who += f" in {year_words(year_groups)}"
    if group == PARTNERSHIP:
        if audience == "community" or not schools:
            where = "across the partnership"
        else:
            where = "at one school" if schools == 1 else f"at {schools} schools"
    elif group == NO_SCHOOL:
        where = "through partnership-wide links"
    elif group == OTHER_SCHOOLS:
        where = "at the schools too small to show alone, taken together"
    elif group.startswith("school:"):
        where = f"at {label}"
    else:
        where = ""
    return f"{who} {where}, {n.display}".replace("  ", " ").replace(" ,", ",")


#: (codebook id, fingerprint of its content) -> {answer text: how it was coded}. Kept
#: for the life of the process: the same wave's answers are coded once, however often
#: its Summary is built (staff pages, briefings, exports), and a changed codebook has a
#: new fingerprint, so nothing coded by an old one is reused.
_CODED: dict[tuple[str, str], dict] = {}
#: Answers kept at most, over all codebooks; beyond it the cache starts afresh.
CODED_LIMIT = 400_000


def coded_answers(book: Codebook) -> dict:
    """The process-wide cache of answers coded with ``book``'s exact content."""
    key = (book.id, hashlib.sha256(repr(book).encode("utf-8")).hexdigest())
    if sum(len(v) for v in _CODED.values()) > CODED_LIMIT:
        _CODED.clear()
    return _CODED.setdefault(key, {})


def _objects(series) -> np.ndarray:
    """A categorical column as an object array with None (not NaN) where missing."""
    values = series.astype(object).to_numpy().copy()
    values[series.isna().to_numpy()] = None
    return values


def _relabel(part: Any, audience: str) -> Any:
    return dataclasses.replace(part, group=audience_key(audience),
                               label=AUDIENCE_LABELS.get(audience, audience))
