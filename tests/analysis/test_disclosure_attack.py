"""An integer-programming attack on everything one wave publishes (tests/disclosure_attack.py):
who took part per school, with "other schools" and the schools left out; a question's
and the equity question's distributions per school, for the partnership and side by
side; the equity tables by dimension, the partnership's and each school's; a score's n
per school and its equity mean tables. It must pin no hidden small figure, on generated
data with a very small school and a small group and on the demo.

Two holes it found are fixed, and the attack shows both when the old behaviour is put
back: the equity tables counted a school the partnership's figures leave out (the
groups' sizes less the published total gave its count away), and a question that sorts
respondents into equity groups kept "prefer not to say" in its base (the groups' sizes
less the base gave that hidden count away).
"""

from __future__ import annotations

import datetime as dt
import random

import numpy as np
import pytest

from tests.disclosure_attack import mean_attack, share_attack
from tests.equity_data import WAVE, frame_of, load, pupil, secondary, summary_of
from westcc_voice.analysis import build
from westcc_voice.analysis.scoring import compute_scores


@pytest.fixture(scope="module")
def catalogue():
    return load()


@pytest.fixture(scope="module")
def dims(catalogue):
    return {d["id"]: d for d in catalogue.equity}


def people(seed: int, *, skip_hunger: float = 0.02) -> list[dict]:
    """Primary pupils at four schools and one very small school (4 pupils: left out of
    the partnership's figures), few young carers, a few who skip the hunger question;
    secondary pupils at three schools and two very small ones (3 and 8: "other
    schools" together)."""
    rng = random.Random(seed)
    out = []
    for code, size in (("north", 120), ("south", 90), ("east", 45), ("west", 25),
                       ("tiny", 4)):
        for _ in range(size):
            p = pupil(rng, code, carer=rng.random() < 0.04)
            if rng.random() < skip_hunger:
                del p["answers"]["hungry"]
            out.append(p)
    for code, size in (("north", 80), ("south", 60), ("east", 30), ("tiny", 3), ("wee", 8)):
        for _ in range(size):
            p = secondary(rng, code, carer=rng.random() < 0.05)
            if rng.random() < skip_hunger:
                del p["answers"]["hungry"]
            out.append(p)
    return out


@pytest.fixture(scope="module", params=[1, 2])
def generated(request, catalogue):
    crowd = people(request.param)
    return summary_of(catalogue, crowd), frame_of(catalogue, crowd)


SHARES = [("pupils-7-11", "safe_school"), ("pupils-7-11", "good_friends")]
DIMENSIONS = ["hunger", "young_carer", "home_language"]


@pytest.mark.parametrize("dimension", DIMENSIONS)
def test_no_hidden_figure_is_pinned_across_every_published_table(generated, dims,
                                                                    dimension):
    summary, frame = generated
    assert any("leave out one group" in w for w in summary.warnings), \
        "the very small school must be left out, for the attack to try it"
    tried = 0
    for survey, question in SHARES:
        pinned, _narrowed, n = share_attack(
            summary, frame, survey_key=survey, question=question,
            dimension=dims[dimension], threshold=10, wave=WAVE).run()
        assert pinned == {}, (question, dimension)
        tried += n
    values = dict((s.score_id, v) for s, v in compute_scores(frame, "pupil"))
    pinned, _narrowed, n = mean_attack(
        summary, frame, values["ons4.satisfaction"], audience="pupil",
        survey_key="pupils-11-16", score_id="ons4.satisfaction",
        dimension=dims[dimension], threshold=10, wave=WAVE).run()
    assert pinned == {}, ("ons4.satisfaction", dimension)
    assert tried + n, "something must be hidden for the attack to mean anything"


def test_counting_a_left_out_school_in_the_equity_tables_gives_it_away(catalogue, dims,
                                                                       monkeypatch):
    """The hole as it was: the equity tables counted every school, the partnership's
    figures not the small one left out; the groups' sizes less the published total are
    that school's pupils."""
    original = build.summarise_equity
    monkeypatch.setattr(build, "summarise_equity",
                        lambda *a, counted=None, **k: original(*a, **k))
    crowd = people(1, skip_hunger=0)
    summary, frame = summary_of(catalogue, crowd), frame_of(catalogue, crowd)
    pinned, _n, _t = share_attack(summary, frame, survey_key="pupils-7-11",
                                  question="safe_school", dimension=dims["hunger"],
                                  threshold=10, wave=WAVE, equity_partnership="__all__").run()
    assert pinned == {"respondents school:tiny": 4}


def test_prefer_not_to_say_in_a_sorting_question_s_base_gives_it_away(catalogue, dims,
                                                                      monkeypatch):
    """The hole as it was: with "prefer not to say" in the hunger question's base, the
    base less the groups' sizes (which add up every answer) is that hidden count."""
    monkeypatch.setattr(build, "sorting_questions", lambda *_a: frozenset())
    crowd = people(1)
    summary, frame = summary_of(catalogue, crowd), frame_of(catalogue, crowd)
    pinned, _n, _t = share_attack(summary, frame, survey_key="pupils-7-11",
                                  question="safe_school", dimension=dims["hunger"],
                                  threshold=10, wave=WAVE).run()
    assert pinned.get("hungry partnership ‘prefer_not_to_say’") == 0


def test_a_sorting_question_sets_prefer_not_to_say_aside_with_no_answer(catalogue):
    crowd = people(1)
    for p in crowd[:12]:
        p["answers"]["hungry"] = "prefer_not_to_say"
    summary = summary_of(catalogue, crowd)
    survey = next(s for s in summary.surveys if s.key == "pupils-7-11")
    hungry = next(i for i in survey.items if i.question_id == "hungry")
    part = hungry.distributions[0]
    assert hungry.did_not_say
    assert "prefer_not_to_say" not in [c.value for c in part.categories]
    skipped = sum(1 for p in crowd if p.get("survey") is None and p["school"] != "tiny"
                  and p["answers"].get("hungry") in (None, "prefer_not_to_say"))
    assert part.no_answer.value == skipped
    table = next(t for t in summary.equity if t.question == "safe_school"
                 and t.dimension == "hunger" and t.scope == "partnership")
    said = next(g for g in table.groups if not g.named)
    # the same people: never a different figure (here hidden, its cells being small)
    assert said.n.suppressed or said.n.value == skipped
    assert not said.count.shown


@pytest.mark.slow
def test_the_demo_gives_away_no_hidden_figure(db, catalogue, dims):
    """The demo's wave, every question naming a construct in each questionnaire that
    asks an equity question, across each one-question dimension; ONS4's items too."""
    if db.get_bind().dialect.name != "sqlite":
        pytest.skip("the attack reads the Summary, the same on every database")
    from westcc_voice.analysis import build_summary
    from westcc_voice.analysis.frames import load_frame
    from westcc_voice.demo import seed_demo

    seed_demo(db, secret="test-secret", responses=600, seed=2026,
              today=dt.date(2026, 11, 23))
    wave = "2026-autumn"
    summary = build_summary(db, wave=wave, equity=catalogue.equity, previous_wave=None)
    frame = load_frame(db, waves=wave)
    single = [d for d in catalogue.equity if not d["language"] and len(d["questions"]) == 1]
    tried = attacks = 0
    for info in frame.surveys.values():
        for dim in single:
            if dim["audience"] != info.audience or dim["questions"][0] not in info.questions:
                continue
            for qid in info.order:
                q = info.questions[qid]
                if not q.get("construct") or qid not in info.column_names \
                        or frame.columns[info.column_names[qid]].kind not in (
                            "nominal", "ordinal"):
                    continue
                if not any(t.survey == info.key and t.question == qid
                           and t.dimension == dim["id"] for t in summary.equity):
                    continue
                pinned, _narrowed, n = share_attack(
                    summary, frame, survey_key=info.key, question=qid, dimension=dim,
                    threshold=10, wave=wave).run()
                assert pinned == {}, (info.key, qid, dim["id"])
                tried, attacks = tried + n, attacks + 1
    for audience in ("pupil", "parent"):
        for spec, values in compute_scores(frame, audience):
            if len(spec.survey_keys) != 1 or np.isnan(values).all():
                continue
            for dim in single:
                if dim["audience"] != audience or not any(
                        t.question == spec.score_id and t.dimension == dim["id"]
                        for t in summary.equity):
                    continue
                pinned, _narrowed, n = mean_attack(
                    summary, frame, values, audience=audience,
                    survey_key=spec.survey_keys[0], score_id=spec.score_id, dimension=dim,
                    threshold=10, wave=wave).run()
                assert pinned == {}, (spec.score_id, dim["id"])
                tried, attacks = tried + n, attacks + 1
    assert attacks >= 10 and tried
