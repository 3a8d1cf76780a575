"""Pupils, parents and community side by side, on the starter questionnaires."""

from __future__ import annotations

import datetime as dt

import pytest

from westcc_voice.analysis import build_summary
from westcc_voice.demo import seed_demo


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
    assert {d.group for d in shared["get_on"].distributions} == {
        "audience:pupil", "audience:parent", "audience:community"}
    # Every item shown side by side has one type and one set of answers.
    for ind in summary.shared:
        if ind.kind == "item":
            options = {tuple(c.value for c in d.categories) for d in ind.distributions}
            assert len(options) <= 1, ind.indicator
