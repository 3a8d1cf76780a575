"""The response frame: one query, typed columns, filters."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sqlalchemy import func, select

from westcc_voice.analysis.frames import load_frame
from westcc_voice.models import Response, SurveyVersion, Wave


def test_responses_are_read_in_one_query(session, count_queries):
    load_frame(session, waves=["2026-autumn", "2025-autumn"])
    on_responses = [s for s in count_queries if "FROM responses" in s]
    assert len(on_responses) == 1
    assert len(count_queries) <= 4


def test_frame_has_one_row_per_response_with_typed_columns(session):
    frame = load_frame(session, waves="2026-autumn")
    expected = session.scalar(select(func.count(Response.id)).join(Wave).where(
        Wave.code == "2026-autumn"))
    assert len(frame) == expected
    data = frame.data
    assert isinstance(data["school_feel"].dtype, pd.CategoricalDtype)
    assert list(data["school_feel"].cat.categories) == [1, 2, 3, 4, 5, "prefer_not_to_say"]
    assert (data["school_feel"] == "prefer_not_to_say").sum() > 0
    assert data["sleep_hours"].dtype == np.float64
    assert isinstance(data["school"].dtype, pd.CategoricalDtype)
    assert data["learning.enjoy"].notna().sum() > 0
    assert frame.columns["learning.enjoy"].question_id == "learning"
    numeric = frame.numeric("school_feel")
    assert np.isnan(numeric[(data["school_feel"] == "prefer_not_to_say").to_numpy()]).all()


def test_frame_filters_by_school_audience_and_survey(session):
    frame = load_frame(session, waves="2026-autumn", schools=["cruddas-park"],
                       audience="parent")
    assert set(frame.data["school"].dropna()) == {"cruddas-park"}
    assert set(frame.data["audience"]) == {"parent"}
    ks2 = load_frame(session, waves="2026-autumn", survey_keys=["pupils-ks2"])
    assert set(ks2.data["survey_key"]) == {"pupils-ks2"}
    versions = session.scalars(select(SurveyVersion.id).where(
        SurveyVersion.key == "pupils-ks2")).all()
    assert set(ks2.data["survey_version_id"]) <= set(versions)


def test_year_groups_become_bands(session):
    frame = load_frame(session, waves="2026-autumn", audience="pupil")
    bands = frame.data.groupby("year_band", observed=True)["year_group"].agg(["min", "max"])
    assert bands.loc["Years 3 to 6"].tolist() == [4, 6]
    assert bands.loc["Years 7 to 9"].tolist() == [9, 9]


def test_a_number_every_respondent_answered_in_whole_numbers_is_kept():
    """pandas reads a column with an integer in every row as int64; those answers are
    numbers too, not "no answer" (a class where everyone gave their hours of sleep)."""
    import json

    from generate import catalogue

    from westcc_voice.analysis.frames import frame_from_rows

    survey = catalogue()["pupils-ks2"]
    versions = {1: (1, "pupils-ks2", 1, survey.title, "pupil", survey.definition)}
    rows = [(rid, 1, 1, 1, "pupil", 5, "en", json.dumps({"sleep_hours": 8 + rid % 3}))
            for rid in range(12)]
    frame = frame_from_rows(rows, versions, {1: ("2026-autumn", "Autumn 2026")},
                            {1: ("arthurs-hill", "Arthur's Hill Primary")})
    assert frame.numeric("sleep_hours").tolist() == [8.0 + rid % 3 for rid in range(12)]
