"""The Summary end to end, checked against independent calculations on the database."""

from __future__ import annotations

import datetime as dt
import json

import generate
import numpy as np
import pytest
from conftest import WAVE
from scipy import stats as sps
from sqlalchemy import select
from sqlalchemy.orm import Session

from westcc_voice.analysis import build_summary
from westcc_voice.analysis.summary import PARTNERSHIP, Summary
from westcc_voice.models import QuoteApproval, Response, School, SurveyVersion, Wave

SWEMWBS = {7: 7.00, 8: 9.51, 9: 11.25, 10: 12.40, 11: 13.33, 12: 14.08, 13: 14.75,
           14: 15.32, 15: 15.84, 16: 16.36, 17: 16.88, 18: 17.43, 19: 17.98, 20: 18.59,
           21: 19.25, 22: 19.98, 23: 20.73, 24: 21.54, 25: 22.35, 26: 23.21, 27: 24.11,
           28: 25.03, 29: 26.02, 30: 27.03, 31: 28.13, 32: 29.31, 33: 30.70, 34: 32.55,
           35: 35.00}
#: Numbers allowed outside a Cell: rules and metadata, not results.
METADATA = {"schema_version", "threshold", "min_compare_n", "quote_min_group", "confidence",
            "minimum", "maximum", "versions",
            "min", "max",  # a number question's plausible range, from the questionnaire
            "headline", "headline_values",  # answer codes a headline share counts (4, 5)
            "complement_values"}


def raw(session, key=None, audience=None, counted=True):
    """The wave's rows; ``counted``: only those the partnership's figures count (a
    school with fewer than 10 responses to the survey, alone in being so small, is left
    out of them, so that no total gives it away)."""
    stmt = (select(Response.answers, School.code, Response.year_group, Response.id)
            .join(Wave, Wave.id == Response.wave_id)
            .join(SurveyVersion, SurveyVersion.id == Response.survey_version_id)
            .outerjoin(School, School.id == Response.school_id)
            .where(Wave.code == WAVE))
    if key:
        stmt = stmt.where(SurveyVersion.key == key)
    if audience:
        stmt = stmt.where(Response.audience == audience)
    rows = session.execute(stmt).all()
    if not counted:
        return rows
    sizes: dict = {}
    for r in rows:
        sizes[r[1]] = sizes.get(r[1], 0) + 1
    small = {k for k, n in sizes.items() if n < 10}
    if sum(sizes[k] for k in small) >= 10:
        return rows
    return [r for r in rows if r[1] not in small]


def find(items, **match):
    return next(i for i in items if all(getattr(i, k) == v for k, v in match.items()))


def score(summary, audience, score_id):
    return find(summary.scores, audience=audience, score_id=score_id)


def test_summary_is_plain_json_and_round_trips(summary):
    data = summary.to_dict()
    text = json.dumps(data)
    assert Summary.from_dict(json.loads(text)).to_dict() == data


def test_every_number_has_passed_the_suppression_policy(summary):
    def walk(node, key=None):
        if isinstance(node, dict):
            if "display" in node and ("value" in node or node.get("suppressed")):
                if node.get("suppressed"):
                    assert "value" not in node and node["display"]
                return
            for k, v in node.items():
                if k == "value" and "label" in node and "count" in node:
                    continue  # a category's answer code (e.g. 4 on a 1-5 scale)
                walk(v, k)
        elif isinstance(node, list):
            for v in node:
                walk(v, key)
        elif isinstance(node, (int, float)) and not isinstance(node, bool):
            assert key in METADATA, f"bare number under {key!r}"

    walk(summary.to_dict())


def test_partnership_distribution_matches_an_independent_count(summary, session):
    rows = raw(session, key="pupils-ks2")
    answers = [r[0].get("safe_area") for r in rows]
    expected = {"yes": answers.count("yes"), "no": answers.count("no"),
                "no_answer": answers.count(None)}
    survey = find(summary.surveys, key="pupils-ks2")
    item = find(survey.items, question_id="safe_area")
    dist = find(item.distributions, group=PARTNERSHIP)
    # shares are of those who answered; the rest are counted apart
    answered = len(rows) - expected["no_answer"]
    assert dist.n.value == answered
    assert dist.no_answer.value == expected["no_answer"]
    assert "no_answer" not in {c.value for c in dist.categories}
    for cat in dist.categories:
        if cat.count.shown:
            assert cat.count.value == expected[cat.value]
            assert cat.percent.value == pytest.approx(100 * expected[cat.value] / answered,
                                                      abs=0.05)


def test_swemwbs_mean_and_interval_match_scipy(summary, session):
    items = ["optimistic", "useful", "relaxed", "problems", "thinking", "close", "own_mind"]
    values = []
    for answers, _school, year, _id in raw(session, key="pupils-ks3"):
        got = [answers.get(f"swemwbs_{i}") for i in items]
        if all(isinstance(v, int) for v in got) and year + 5 >= 13:
            values.append(SWEMWBS[sum(got)])
    values = np.array(values)
    lo, hi = sps.t.interval(0.95, len(values) - 1, loc=values.mean(), scale=sps.sem(values))
    est = find(score(summary, "pupil", "swemwbs").estimates, group=PARTNERSHIP)
    assert est.n.value == len(values)
    assert est.mean.value == pytest.approx(values.mean(), abs=1e-3)
    assert est.sd.value == pytest.approx(values.std(ddof=1), abs=1e-3)
    assert (est.ci_low.value, est.ci_high.value) == (pytest.approx(lo, abs=1e-3),
                                                     pytest.approx(hi, abs=1e-3))
    assert est.mean.display == f"{values.mean():.2f}"


def test_school_against_rest_labels_follow_the_welch_test(summary, session):
    sw = score(summary, "pupil", "school_climate")
    per_school: dict[str, list[float]] = {}
    for answers, school, _year, _id in raw(session, key="pupils-ks2"):
        got = [answers.get(f"school_climate_{i}") for i in ("fair", "listened", "noisy",
                                                          "proud")]
        if got[2] is not None:
            got[2] = 6 - got[2]
        present = [v for v in got if v is not None]
        if len(present) >= 3:
            per_school.setdefault(school, []).append(float(np.mean(present)))
    compared = [c for c in sw.comparisons if c.label != "not_compared"]
    assert compared, "some schools are large enough to compare"
    for c in compared:
        code = c.subject.split(":", 1)[1]
        mine = np.array(per_school[code])
        rest = np.array([v for k, vs in per_school.items() if k != code for v in vs])
        test = sps.ttest_ind(mine, rest, equal_var=False)
        ci = test.confidence_interval(0.95)
        expected = "above" if ci.low > 0 else "below" if ci.high < 0 else "similar"
        assert c.label == expected
        assert c.difference.value == pytest.approx(mine.mean() - rest.mean(), abs=1e-3)
        assert c.direction == {"above": "better", "below": "worse",
                               "similar": "no_clear_difference"}[c.label]
        small = len(mine) < 30
        assert any("fewer than 30" in w for w in c.warnings) == small


def test_school_shares_against_the_rest_follow_newcombes_interval(summary, session):
    survey = find(summary.surveys, key="pupils-ks2")
    item = find(survey.items, question_id="safe_area")
    assert item.headline == ["yes"]
    answers: dict[str, list] = {}
    for row_answers, school, _year, _id in raw(session, key="pupils-ks2"):
        if row_answers.get("safe_area") is not None:  # shares are of those who answered
            answers.setdefault(school, []).append(row_answers.get("safe_area"))
    compared = [c for c in item.comparisons if c.label != "not_compared"]
    assert compared, "some schools are large enough to compare"
    for c in compared:
        code = c.subject.split(":", 1)[1]
        mine = answers[code]
        rest = [a for k, v in answers.items() if k != code for a in v]
        x1, n1, x2, n2 = mine.count("yes"), len(mine), rest.count("yes"), len(rest)
        # an independent Newcombe interval: Wilson intervals from scipy, combined
        w1 = sps.binomtest(x1, n1).proportion_ci(method="wilson")
        w2 = sps.binomtest(x2, n2).proportion_ci(method="wilson")
        p1, p2 = x1 / n1, x2 / n2
        low = p1 - p2 - np.hypot(p1 - w1.low, w2.high - p2)
        high = p1 - p2 + np.hypot(w1.high - p1, p2 - w2.low)
        assert c.difference.value == pytest.approx(100 * (p1 - p2), abs=0.01)
        assert (c.ci_low.value, c.ci_high.value) == (pytest.approx(100 * low, abs=0.01),
                                                     pytest.approx(100 * high, abs=0.01))
        assert c.label == ("above" if low > 0 else "below" if high < 0 else "similar")
        assert c.rule == "share_difference_ci"
    # a school whose figures are hidden is not compared, and says why
    for c in item.comparisons:
        dist = find(item.distributions, group=c.subject)
        if any(not cat.count.shown for cat in dist.categories if cat.value == "yes"):
            assert c.label == "not_compared" and "not shown" in c.reason
            assert not c.difference.shown


def test_an_ordered_question_headlines_its_top_two_answers_and_its_trend(summary):
    for survey in summary.surveys:
        for item in survey.items:
            if item.kind == "ordinal" and not item.multiple:
                whole = find(item.distributions, group=PARTNERSHIP)
                subs = [c.value for c in whole.categories if c.substantive]
                top = subs[-2:] if len(subs) >= 4 else subs[-1:]
                assert item.headline == top
                if item.trend and item.trend.comparable:
                    [wave] = item.trend.comparisons
                    assert wave.kind == "wave_vs_wave"
                    assert wave.label in ("above", "similar", "below", "not_compared")
                return
    raise AssertionError("no ordered question in the test surveys")


def test_tiny_school_is_never_shown(summary):
    def parts():
        for survey in summary.surveys:
            for item in survey.items:
                yield from item.distributions
                yield from item.estimates
            for text in survey.texts:
                for g in text.groups:
                    yield g.answers
        for s in summary.scores:
            yield from s.estimates
            yield from s.bands

    # the tiny school is no row of its own anywhere: it only says it took part
    assert not [p for p in parts() if p.group == "school:wingrove"]
    for survey in summary.surveys:
        took = [c for c in survey.respondents.categories if c.value == "school:wingrove"]
        assert all(c.count.display == "fewer than 10" for c in took)


def test_a_tiny_school_hides_no_neighbours_respondents(summary):
    """Its few responses are left out of the partnership's figures (with a note), not
    protected by hiding the next smallest school."""
    survey = find(summary.surveys, key="pupils-ks2")
    counts = {c.value: c.count for c in survey.respondents.categories}
    assert counts["school:wingrove"].display == "fewer than 10"
    assert all(c.shown for k, c in counts.items() if k != "school:wingrove")
    assert survey.respondents.n.value == sum(c.value for k, c in counts.items()
                                             if k != "school:wingrove")
    assert any("leave out one group" in w and "Wingrove" in w for w in summary.warnings)


def test_reworded_question_is_not_compared_over_time(summary):
    survey = find(summary.surveys, key="pupils-ks2")
    reworded = find(survey.items, question_id="school_feel")
    assert not reworded.trend.comparable
    assert "wording changed" in reworded.trend.reason
    same = find(survey.items, question_id="safe_area")
    assert same.trend.comparable
    assert same.trend.previous_distributions[0].n.shown


def test_scores_are_compared_with_the_previous_wave(summary):
    trend = find(score(summary, "parent", "ons4.satisfaction").estimates,
                 group=PARTNERSHIP) and score(summary, "parent", "ons4.satisfaction").trend
    assert trend.comparable
    assert trend.comparisons[0].kind == "wave_vs_wave"
    assert trend.comparisons[0].label in ("above", "similar", "below")


def test_ons4_is_side_by_side_for_pupils_parents_and_community(summary):
    shared = find(summary.shared, indicator="ons4.satisfaction")
    assert [e.group for e in shared.estimates] == ["audience:pupil", "audience:parent",
                                                   "audience:community"]
    assert "ons4.anxiety" in {s.indicator for s in summary.shared}
    safe = find(summary.shared, indicator="safe_in_area")
    assert {d.group for d in safe.distributions} == {
        "audience:pupil/pupils-ks2", "audience:pupil/pupils-ks3", "audience:parent"}


def test_school_view_shows_only_that_school_and_agrees_with_the_full_view(engine, summary):
    with Session(engine) as s:
        mine = build_summary(s, wave=WAVE, schools=["cruddas-park"],
                             today=dt.date(2026, 11, 23))
    assert mine.scope.schools == ["cruddas-park"]
    full = {(sv.key, i.question_id, d.group): d for sv in summary.surveys
            for i in sv.items for d in i.distributions}
    for survey in mine.surveys:
        for item in survey.items:
            for d in item.distributions:
                assert d.group in (PARTNERSHIP, "school:cruddas-park")
                assert d == full[(survey.key, item.question_id, d.group)]
    for s in mine.scores:
        assert {c.subject for c in s.comparisons} <= {"school:cruddas-park"}


def test_quotes_are_approved_answers_from_large_groups_only(summary, session):
    approved = set(session.scalars(select(QuoteApproval.response_id).where(
        QuoteApproval.decision == "approved")))
    texts = {r[3]: r[0]["help_other"] for r in raw(session, key="parents")
             if r[3] in approved}
    text = find(find(summary.surveys, key="parents").texts, question_id="help_other")
    quotes = find(text.groups, group=PARTNERSHIP).quotes
    assert sorted(q.text for q in quotes) == sorted(texts.values())
    assert all(q.audience == "parent" and q.year_band is None for q in quotes)
    for g in text.groups:
        if g.answers.n.reason == "small_group":
            assert g.quotes == []


def test_answers_not_in_english_are_set_aside_not_coded(summary, session):
    answers = [r[0].get("help_other") for r in raw(session, key="parents")]
    expected = sum(a in generate.OTHER_LANGUAGE for a in answers)
    text = find(find(summary.surveys, key="parents").texts, question_id="help_other")
    cell = find(text.groups, group=PARTNERSHIP).answers.categories[2]
    assert cell.value == "not_english"
    assert (cell.count.value == expected) if cell.count.shown else expected < 10


def test_domains_index_organises_results_by_framework(summary):
    tags = [d.tag for d in summary.domains]
    assert tags.index("cc.wellbeing") < tags.index("west.emotional_wellbeing")
    wellbeing = find(summary.domains, tag="cc.wellbeing")
    assert "pupil/swemwbs" in wellbeing.scores
    assert wellbeing.label == "Material, physical and mental wellbeing"


def test_method_states_the_rules(summary):
    m = summary.method
    assert m.threshold == 10 and m.confidence == 0.95
    assert "95% confidence interval of the difference" in m.comparison_rule_text
    assert any("fewer than 10" in n for n in m.notes)


def test_whole_build_reads_the_database_in_a_handful_of_queries(engine, count_queries):
    with Session(engine) as s:
        build_summary(s, wave=WAVE)
    assert len(count_queries) <= 8
    assert len([q for q in count_queries if "FROM responses" in q]) == 1


def test_the_shipped_questionnaires_summarise(tmp_path):
    """Every question type, scale and codebook rule in surveys/ goes through."""
    import random
    from pathlib import Path

    from westcc_voice.analysis.build import summarise
    from westcc_voice.analysis.frames import frame_from_rows, options_of
    from westcc_voice.definitions import load_catalogue

    cat = load_catalogue(Path(__file__).resolve().parents[2] / "surveys")
    if cat.errors or not cat.surveys:
        pytest.skip("surveys/ does not load cleanly yet")
    versions = {i + 1: (i + 1, s.key, 1, s.title, s.audience, s.definition)
                for i, s in enumerate(cat.surveys)}
    rng = random.Random(1)
    rows = []
    for n in range(1500):
        vid = rng.randint(1, len(versions))
        definition, audience = versions[vid][5], versions[vid][4]
        answers = {}
        for page in definition["pages"]:
            for q in page["questions"]:
                opts = [o["value"] for o in options_of(q)]
                if q["kind"] in ("nominal", "ordinal") and opts:
                    answers[q["id"]] = rng.choice(opts)
                elif q["kind"] == "multi" and opts:
                    answers[q["id"]] = rng.sample(opts, 1)
                elif q["kind"] == "grid":
                    answers[q["id"]] = {i["id"]: rng.choice(opts) for i in q["items"]}
                elif q["kind"] == "text":
                    answers[q["id"]] = rng.choice(["the park is canny", "a vet", "nothing"])
        year = rng.choice(definition["year_groups"]) if audience == "pupil" else None
        rows.append((n + 1, vid, 1, rng.randint(1, 7), audience, year, "en", answers))
    frame = frame_from_rows(rows, versions, {1: ("w", "Wave")},
                            {i: (f"s{i}", f"School {i}") for i in range(1, 8)})
    summary = summarise(frame, wave="w")
    assert summary.scores and all(s.items or s.texts for s in summary.surveys)
    json.dumps(summary.to_dict())


def test_implausible_numbers_are_left_out_of_the_mean_and_counted(summary, session):
    import statistics

    from westcc_voice.analysis.stats import describe
    rows = raw(session, key="pupils-ks2")
    values = [a.get("sleep_hours") for a, *_ in rows if isinstance(a.get("sleep_hours"), int)]
    kept = [v for v in values if 7 <= v <= 12]
    outside = len(values) - len(kept)
    assert outside >= 10  # the generated answers run from 4 to 13 hours
    item = find(find(summary.surveys, key="pupils-ks2").items, question_id="sleep_hours")
    assert item.plausible == {"min": 7, "max": 12}
    assert item.excluded.value == outside
    est = find(item.estimates, group=PARTNERSHIP)
    assert est.n.value == len(kept)  # the mean is of believable answers only
    assert est.mean.value == pytest.approx(statistics.fmean(kept), abs=0.005)
    expected = describe(np.asarray(kept, dtype=float))
    assert est.ci_low.value == pytest.approx(expected.ci_low, abs=0.005)
    assert est.ci_high.value == pytest.approx(expected.ci_high, abs=0.005)


def test_every_figure_says_who_it_is_about(summary):
    survey = find(summary.surveys, key="pupils-ks3")
    item = find(survey.items, question_id="safe_area")
    whole = find(item.distributions, group=PARTNERSHIP)
    schools = sum(1 for c in survey.respondents.categories
                  if str(c.value).startswith("school:") and c.count.shown)
    assert whole.population == (f"pupils in Years 9 to 11 at {schools} schools, "
                                f"{whole.n.display}")
    one = next(d for d in item.distributions if d.group.startswith("school:"))
    assert one.population == f"pupils in Years 9 to 11 at {one.label}, {one.n.display}"
    ons = score(summary, "parent", "ons4.satisfaction")
    assert find(ons.estimates, group=PARTNERSHIP).population.startswith(
        "parents and carers at ")
    community = score(summary, "community", "ons4.satisfaction")
    assert find(community.estimates, group=PARTNERSHIP).population.startswith(
        "community members across the partnership, ")
