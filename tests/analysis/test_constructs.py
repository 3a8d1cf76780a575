"""Trends follow a question through its construct, only while its wording is unchanged."""

from __future__ import annotations

import copy
import json

import generate

from westcc_voice.analysis.build import summarise
from westcc_voice.analysis.frames import frame_from_rows
from westcc_voice.analysis.summary import PARTNERSHIP

WAVES = {1: ("2025-autumn", "Autumn 2025"), 2: ("2026-autumn", "Autumn 2026")}
SCHOOLS = {1: ("arthurs-hill", "Arthur's Hill Primary"), 2: ("wingrove", "Wingrove")}


def _renamed(definition: dict, old: str, new: str, text: str | None = None) -> dict:
    out = copy.deepcopy(definition)
    for page in out["pages"]:
        for q in page["questions"]:
            if q["id"] == old:
                q["id"] = new
                if text is not None:
                    changed = generate.reworded({"pages": [{"questions": [q]}]}, new, text)
                    q.update(changed["pages"][0]["questions"][0])
    return out


def _summary(then_definition: dict, now_definition: dict, then_yes: int, now_yes: int):
    """100 parents in each wave at one school; ``*_yes`` of them feel safe, 15 skip the
    question and the rest do not feel safe."""
    survey = generate.catalogue()["parents"]
    versions = {
        1: (1, "parents", 1, survey.title, "parent", then_definition),
        2: (2, "parents", 2, survey.title, "parent", now_definition),
    }
    rows, rid = [], 0
    for vid, wave, yes, qid in ((1, 1, then_yes, "feel_safe"), (2, 2, now_yes, "safe_area")):
        for i in range(100):
            rid += 1
            answers = {qid: "yes" if i < yes else "no"} if i < 85 else {}
            rows.append((rid, vid, wave, 1, "parent", None, "en", json.dumps(answers)))
    frame = frame_from_rows(rows, versions, WAVES, SCHOOLS)
    summary = summarise(frame, wave="2026-autumn", previous_wave="2025-autumn")
    [parents] = summary.surveys
    return next(i for i in parents.items if i.question_id == "safe_area")


def test_a_renamed_question_with_the_same_construct_and_wording_keeps_its_trend():
    now = generate.catalogue()["parents"].definition
    then = _renamed(now, "safe_area", "feel_safe")
    item = _summary(then, now, then_yes=50, now_yes=70)
    assert item.construct == "safe_in_area" and item.better == "higher"
    trend = item.trend
    assert trend.comparable, trend.reason
    before = trend.previous_distributions[0]  # the partnership first, then the school
    counts = {c.value: c.count.value for c in before.categories}
    assert counts["yes"] == 50 and counts["no"] == 35 and before.no_answer.value == 15
    change = trend.comparisons[0]
    # 50 then, 70 now of the 85 who answered: a clear rise, and more feeling safe is better
    assert change.label == "above" and change.direction == "better"
    # of the 85 who answered each time: 59% then, 82% now
    assert change.difference.display == "+24 points"


def test_a_renamed_question_whose_wording_changed_has_no_trend():
    now = generate.catalogue()["parents"].definition
    then = _renamed(now, "safe_area", "feel_safe", text="Is your area safe?")
    trend = _summary(then, now, then_yes=50, now_yes=70).trend
    assert not trend.comparable
    assert "the wording changed" in trend.reason
    assert trend.previous_distributions == [] and trend.comparisons == []


def test_a_lower_is_better_construct_reads_a_rise_as_worse():
    now = generate.catalogue()["parents"].definition
    worse = copy.deepcopy(now)
    worse["constructs"]["safe_in_area"]["better"] = "lower"
    then = _renamed(worse, "safe_area", "feel_safe")
    item = _summary(then, worse, then_yes=50, now_yes=70)
    assert item.better == "lower"
    assert item.trend.comparisons[0].direction == "worse"
    assert PARTNERSHIP in {d.group for d in item.distributions}
