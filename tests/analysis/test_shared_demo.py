"""Pupils, parents and community side by side, on the starter questionnaires."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from westcc_voice.analysis import build_summary
from westcc_voice.demo import seed_demo
from westcc_voice.models import Response, Wave


@pytest.mark.slow
def test_only_questions_asked_the_same_way_are_set_side_by_side(db):
    seed_demo(db, secret="test-secret", responses=600, seed=2026, today=dt.date(2026, 11, 23))
    summary = build_summary(db, wave="2026-autumn")
    items = {(s.audience, i.question_id): i for s in summary.surveys for i in s.items}
    shared = {ind.indicator: ind for ind in summary.shared}

    # Pupils 11-16 tick what they were treated unfairly for; community members answer
    # yes or no: the same id, but not the same question, so not one chart.
    assert items[("pupil", "treated_unfairly")].type == "multiple_choice"
    assert items[("community", "treated_unfairly")].type == "yes_no"
    for ind in summary.shared:
        if ind.indicator == "treated_unfairly":
            groups = {d.group.split("/")[0] for d in ind.distributions}
            assert not {"audience:pupil", "audience:community"} <= groups

    # ONS4 life satisfaction is asked of pupils 11-16 and parents: side by side.
    ons4 = shared["ons4.satisfaction"]
    assert {e.group for e in ons4.estimates} == {"audience:pupil", "audience:parent"}
    # "People from different backgrounds get on well" is asked of all three alike.
    assert {d.group for d in shared["people_get_on"].distributions} == {
        "audience:pupil", "audience:parent", "audience:community"}
    assert "get_on" not in shared  # an id on its own pairs nothing

    # Pupils' "I feel I belong at my school" is not the community's "I feel I belong to
    # this neighbourhood": two constructs, neither shared across audiences.
    for ind in summary.shared:
        assert not any(w.question_id == "belong" and w.audience == "community"
                       for w in ind.wordings) or ind.construct == "belong_to_neighbourhood"
    assert "belong_at_school" not in shared and "belong_to_neighbourhood" not in shared

    # Safe after dark: three ids, one construct, each audience in its own words.
    dark = shared["safe_after_dark"]
    assert dark.label == "Feeling safe in the area after dark" and dark.better == "higher"
    wording = {w.audience: w for w in dark.wordings}
    assert {w.question_id for w in dark.wordings} == {"safe_area_dark", "safe_after_dark",
                                                      "safe_dark"}
    assert wording["community"].text == ("How safe do you feel walking alone in the area "
                                         "after dark?")
    assert wording["pupil"].text == "How safe do you feel in the area where you live after dark?"
    assert {w.group for w in dark.wordings} == {d.group for d in dark.distributions}

    # Hopeful about the future: pupils' own and parents' for their child.
    hope = shared["hopeful_about_future"]
    assert {"audience:pupil", "audience:parent"} <= {w.group.split("/")[0]
                                                     for w in hope.wordings}

    # A statistician's check: the community's share feeling safe after dark, from raw rows.
    rows = db.execute(select(Response.answers).join(Wave, Wave.id == Response.wave_id)
                      .where(Wave.code == "2026-autumn", Response.audience == "community")
                      ).scalars().all()
    safe = sum(1 for a in rows if (a or {}).get("safe_dark") in (3, 4))
    answered = sum(1 for a in rows if (a or {}).get("safe_dark") is not None)
    community = wording["community"]
    assert community.headline_labels == ["Fairly safe", "Very safe"]
    # the base is those who answered; under 10 of them, nothing is shown
    if answered >= 10:
        assert community.n.value == answered
    else:
        assert community.n.display == "fewer than 10"
    if community.share.shown:
        assert community.share.value == round(100.0 * safe / answered, 1)
    else:
        assert community.share.reason in ("small_group", "secondary")
