"""Scale scoring as the survey files define it, checked against hand-worked values."""

from __future__ import annotations

import generate
import numpy as np
import pytest

from westcc_voice.analysis.frames import frame_from_rows
from westcc_voice.analysis.scoring import compute_scores

# REFERENCE.md: SWEMWBS raw score to metric score
SWEMWBS = {7: 7.00, 8: 9.51, 9: 11.25, 10: 12.40, 11: 13.33, 12: 14.08, 13: 14.75,
           14: 15.32, 15: 15.84, 16: 16.36, 17: 16.88, 18: 17.43, 19: 17.98, 20: 18.59,
           21: 19.25, 22: 19.98, 23: 20.73, 24: 21.54, 25: 22.35, 26: 23.21, 27: 24.11,
           28: 25.03, 29: 26.02, 30: 27.03, 31: 28.13, 32: 29.31, 33: 30.70, 34: 32.55,
           35: 35.00}
SW_ITEMS = ["optimistic", "useful", "relaxed", "problems", "thinking", "close", "own_mind"]


@pytest.fixture(scope="module")
def surveys():
    return generate.catalogue()


def frame_for(surveys, key, answers_list, years=None):
    survey = surveys[key]
    versions = {1: (1, key, 1, survey.title, survey.audience, survey.definition)}
    rows = [(i + 1, 1, 1, 1, survey.audience,
             (years[i] if years else (10 if survey.audience == "pupil" else None)), "en", a)
            for i, a in enumerate(answers_list)]
    return frame_from_rows(rows, versions, {1: ("w", "Wave")}, {1: ("s", "School")})


def scores(frame, audience):
    return {spec.score_id: (spec, values) for spec, values in compute_scores(frame, audience)}


def swemwbs_answers(raw_total):
    """Seven items 1-5 adding up to ``raw_total``."""
    items, left = [], raw_total
    for k in range(7, 0, -1):
        v = min(5, left - (k - 1))
        items.append(v)
        left -= v
    return {f"swemwbs_{i}": v for i, v in zip(SW_ITEMS, items, strict=True)}


def test_every_swemwbs_raw_score_converts_with_the_published_table(surveys):
    answers = [swemwbs_answers(raw) for raw in range(7, 36)]
    frame = frame_for(surveys, "pupils-ks3", answers)
    spec, values = scores(frame, "pupil")["swemwbs"]
    assert spec.conversion
    assert values.tolist() == [SWEMWBS[raw] for raw in range(7, 36)]
    assert (spec.minimum, spec.maximum) == (7.0, 35.0)


def test_incomplete_swemwbs_is_not_scored_or_prorated(surveys):
    answers = swemwbs_answers(21)
    del answers["swemwbs_close"]
    pnts = swemwbs_answers(21) | {"swemwbs_useful": "prefer_not_to_say"}
    frame = frame_for(surveys, "pupils-ks3", [answers, pnts])
    assert np.isnan(scores(frame, "pupil")["swemwbs"][1]).all()


def test_pupil_below_the_scales_age_is_not_scored(surveys):
    frame = frame_for(surveys, "pupils-ks3", [swemwbs_answers(21)] * 2, years=[6, 9])
    values = scores(frame, "pupil")["swemwbs"][1]
    assert np.isnan(values[0]) and values[1] == SWEMWBS[21]


def test_mean_scale_reverses_items_and_allows_one_missing(surveys):
    full = {"school_climate_fair": 4, "school_climate_listened": 5,
            "school_climate_noisy": 2, "school_climate_proud": 3}
    one_missing = {k: v for k, v in full.items() if k != "school_climate_proud"}
    two_missing = {"school_climate_fair": 4, "school_climate_listened": 5}
    frame = frame_for(surveys, "pupils-ks2", [full, one_missing, two_missing])
    values = scores(frame, "pupil")["school_climate"][1]
    # noisy is reversed: 1 + 5 - 2 = 4; mean of 4, 5, 4, 3 = 4.0; without proud 13/3
    assert values[0] == pytest.approx(4.0)
    assert values[1] == pytest.approx(13 / 3)
    assert np.isnan(values[2])


def test_score_where_raw_higher_is_worse_is_flipped_so_higher_is_better(surveys):
    most_worry = {"worry_load_school": 5, "worry_load_home": 5, "worry_load_future": 5}
    least_worry = {"worry_load_school": 1, "worry_load_home": 1, "worry_load_future": 1}
    some = {"worry_load_school": 4, "worry_load_home": 2, "worry_load_future": 3}
    frame = frame_for(surveys, "pupils-ks2", [most_worry, least_worry, some])
    spec, values = scores(frame, "pupil")["worry_load"]
    assert values.tolist() == [3.0, 15.0, 9.0]
    assert spec.higher_is_better and spec.flipped
    assert spec.orientation == "Reversed so that higher is better."


def test_ons4_items_are_scored_separately_never_summed(surveys):
    answers = [{"ons4_satisfaction": 8, "ons4_worthwhile": 9, "ons4_happiness": 7,
                "ons4_anxiety": 2}]
    frame = frame_for(surveys, "parents", answers)
    found = scores(frame, "parent")
    assert set(found) == {"ons4.satisfaction", "ons4.worthwhile", "ons4.happiness",
                          "ons4.anxiety"}
    assert found["ons4.satisfaction"][1].tolist() == [8.0]
    assert found["ons4.anxiety"][1].tolist() == [2.0]


def test_ons4_anxiety_keeps_its_orientation_and_reversed_bands(surveys):
    frame = frame_for(surveys, "parents", [{"ons4_anxiety": 1}])
    spec = scores(frame, "parent")["ons4.anxiety"][0]
    assert not spec.higher_is_better
    assert [b["label"] for b in spec.bands] == ["Very low", "Low", "Medium", "High"]
    assert spec.bands[-1] == {"label": "High", "min": 6, "max": 10}
    positive = scores(frame, "parent")["ons4.happiness"][0]
    assert positive.bands[0] == {"label": "Low", "min": 0, "max": 4}
    assert "Higher means worse" in spec.orientation
