"""What a share is of: those who answered, those asked, and the schools counted.

A reader should see a school's main answer even when a few of its pupils skipped the
question, see a neighbour's figures when a small school joins, and read a filtered
question's figures as shares of the pupils who were asked it.
"""

from __future__ import annotations

import json
from pathlib import Path

from westcc_voice.analysis.build import summarise
from westcc_voice.analysis.frames import frame_from_rows
from westcc_voice.analysis.summary import PARTNERSHIP
from westcc_voice.definitions import load_catalogue

ROOT = Path(__file__).resolve().parents[2]
WAVES = {1: ("2026-autumn", "Autumn 2026")}
SCHOOLS = {1: ("tyneview", "Tyneview Primary"), 2: ("cruddas", "Cruddas Park Primary"),
           3: ("hadrian", "Hadrian Primary"), 4: ("tiny", "Tiny Primary")}


def _survey():
    cat = load_catalogue(ROOT / "surveys")
    return next(s for s in cat.surveys if s.key == "pupils-7-11")


def _summary(per_school: dict[int, list[dict]]):
    survey = _survey()
    versions = {1: (1, survey.key, 1, survey.title, "pupil", survey.definition)}
    rows, rid = [], 0
    for school, answers in per_school.items():
        for a in answers:
            rid += 1
            rows.append((rid, 1, 1, school, "pupil", 5, "en", json.dumps(a)))
    frame = frame_from_rows(rows, versions, WAVES, SCHOOLS)
    [summary] = [summarise(frame, wave="2026-autumn")]
    return summary


def _item(summary, qid):
    [survey] = summary.surveys
    return next(i for i in survey.items if i.question_id == qid)


def _dist(item, group):
    return next(d for d in item.distributions if d.group == group)


def _school(n_yes: int, n_no: int, n_skip: int) -> list[dict]:
    return ([{"safe_school": "yes"}] * n_yes + [{"safe_school": "no"}] * n_no
            + [{"safe_school": "not_sure"}] * 12 + [{}] * n_skip)


def test_a_few_pupils_skipping_a_question_do_not_hide_its_answers():
    summary = _summary({1: _school(30, 15, 3), 2: _school(40, 20, 0), 3: _school(35, 18, 1)})
    mine = _dist(_item(summary, "safe_school"), "school:tyneview")
    counts = {c.value: c.count.display for c in mine.categories}
    # every answer is shown; the base is the 57 who answered, and 3 did not
    assert counts == {"yes": "30", "no": "15", "not_sure": "12"}
    assert mine.n.value == 57 and mine.no_answer.display == "3"
    assert round(next(c for c in mine.categories if c.value == "yes").percent.value) == 53
    whole = _dist(_item(summary, "safe_school"), PARTNERSHIP)
    assert whole.n.value == 57 + 72 + 65 and whole.no_answer.value == 4


def test_adding_a_small_school_leaves_its_neighbours_figures_visible():
    schools = {1: _school(30, 15, 3), 2: _school(40, 20, 0), 3: _school(35, 18, 1)}
    before = _summary(schools)
    after = _summary({**schools, 4: [{"safe_school": "yes"}] * 4})
    for key in ("school:tyneview", "school:cruddas", "school:hadrian"):
        was = {c.value: c.count.display for c in _dist(_item(before, "safe_school"), key)
               .categories}
        now = {c.value: c.count.display for c in _dist(_item(after, "safe_school"), key)
               .categories}
        assert now == was and "not shown" not in now.values()
    [survey] = after.surveys
    took = {c.value: c.count.display for c in survey.respondents.categories}
    assert took["school:tiny"] == "fewer than 10"
    assert all(v not in ("fewer than 10", "not shown") for k, v in took.items()
               if k != "school:tiny")
    # the partnership's figures are of the three schools shown, and say so
    assert _dist(_item(after, "safe_school"), PARTNERSHIP).n.value == 57 + 72 + 65
    assert any("Tiny Primary" in w and "leave out" in w for w in after.warnings)


def test_two_small_schools_together_are_shown_as_other_schools():
    schools = {1: _school(30, 15, 3), 2: _school(40, 20, 0),
               3: [{"safe_school": "yes"}] * 6, 4: [{"safe_school": "no"}] * 5}
    summary = _summary(schools)
    other = _dist(_item(summary, "safe_school"), "other_schools")
    assert other.n.value == 11 and other.label.startswith("Other schools")
    assert _dist(_item(summary, "safe_school"), PARTNERSHIP).n.value == 57 + 72 + 11
    [survey] = summary.surveys
    took = {c.value: c.count.display for c in survey.respondents.categories}
    assert took["school:tyneview"] == "60" and took["school:cruddas"] == "72"
    assert took["school:hadrian"] == took["school:tiny"] == "fewer than 10"


def test_a_filtered_question_is_of_those_asked_and_says_who_they_were():
    asked = [{"miss_out": "yes", "miss_out_why": ["costs_money"]}] * 14 + [
        {"miss_out": "yes", "miss_out_why": ["too_far"]}] * 11 + [{"miss_out": "yes"}] * 2
    not_asked = [{"miss_out": "no"}] * 40
    summary = _summary({1: asked + not_asked, 2: asked + not_asked})
    item = _item(summary, "miss_out_why")
    assert item.asked_of == ("pupils who answered ‘Yes’ to ‘Is there a club or activity "
                             "you would like to do, but you can't?’")
    whole = _dist(item, PARTNERSHIP)
    # 50 answered of the 54 asked; the 80 who said "no" were never asked
    assert whole.n.value == 50
    costs = next(c for c in whole.categories if c.value == "costs_money")
    assert costs.count.value == 28 and round(costs.percent.value) == 56
    assert "no_answer" not in {c.value for c in whole.categories}


def test_a_change_of_one_point_reads_one_point_not_one_points():
    from westcc_voice.analysis.publish import share_comparison
    from westcc_voice.privacy.suppression import SuppressionPolicy

    comp = share_comparison(SuppressionPolicy(), kind="change", subject="now",
                            reference="then", subject_share=(510, 1000),
                            reference_share=(500, 1000))
    assert comp.difference.display == "+1 point"
    assert comp.ci_high.display.endswith("points")  # +5 points
    far = share_comparison(SuppressionPolicy(), kind="change", subject="now",
                           reference="then", subject_share=(600, 1000),
                           reference_share=(500, 1000))
    assert far.difference.display == "+10 points"
