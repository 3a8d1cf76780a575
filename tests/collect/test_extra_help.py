"""The extra help screen follows the rules written in each questionnaire (help_if, low_if)."""

from __future__ import annotations

import copy

import pytest

from westcc_voice.collect.wellbeing import help_rules, needs_extra_help

from ..helpers import gen_pupil_session, survey
from .conftest import page_number

EXTRA_HELP = "things might be hard for you"


def _answer_and_send(pupil, definition, by_page: dict[str, dict]) -> str:
    """Answer the named pages in order, send from the last page, return the thanks page."""
    for page_id, answers in by_page.items():
        pupil.page(page_number(definition, page_id), **answers)
    pupil.send(len(definition["pages"]))
    return pupil.client.get("/survey/thanks").get_data(as_text=True)


@pytest.mark.parametrize(("key", "year_group", "by_page"), [
    ("pupils-5-7", 1, {"friends": {"trusted_adult": "no"}}),
    ("pupils-5-7", 1, {"friends": {"safe_school": "no", "friend_to_play": "yes"}}),
    ("pupils-7-11", 5, {"friends": {"adult_at_home": "no", "adult_at_school": "yes"}}),
    ("pupils-7-11", 5, {"friends": {"lonely": "4"}}),
    ("pupils-7-11", 5, {"safe": {"safe_school": "yes", "safe_area": "not_sure",
                                 "unsafe_where": ["at_home"]}}),
    ("pupils-11-16", 9, {"school": {"adult_at_school": "no", "belong": "4"}}),
], ids=["5-7 no grown-up", "5-7 unsafe at school", "7-11 no adult at home",
        "7-11 always lonely", "7-11 unsafe at home", "11-16 no adult at school"])
def test_a_child_who_is_unsafe_or_has_no_adult_gets_the_extra_help_screen(
        pupil, db, key, year_group, by_page):
    session = gen_pupil_session(db, key, year_group=year_group)
    definition = survey(db, key).definition
    pupil.start_session(session.join_code)
    html = _answer_and_send(pupil, definition, by_page)
    assert EXTRA_HELP in html
    assert 'href="tel:08001111"' in html


@pytest.mark.parametrize(("key", "year_group", "by_page"), [
    ("pupils-5-7", 1, {"friends": {"trusted_adult": "not_sure", "safe_school": "yes"}}),
    ("pupils-7-11", 5, {"friends": {"adult_at_home": "yes", "lonely": "3"}}),
    ("pupils-11-16", 9, {"school": {"adult_at_school": "yes"}}),
])
def test_a_child_with_an_adult_who_feels_safe_gets_the_usual_thanks(
        pupil, db, key, year_group, by_page):
    session = gen_pupil_session(db, key, year_group=year_group)
    definition = survey(db, key).definition
    pupil.start_session(session.join_code)
    assert EXTRA_HELP not in _answer_and_send(pupil, definition, by_page)


@pytest.mark.parametrize("key", ["pupils-5-7", "pupils-7-11", "pupils-11-16", "parents"])
def test_every_shipped_survey_keeps_the_faces_and_0_to_10_rule_as_low_if(db, key):
    definition = survey(db, key).definition
    low = dict(help_rules(definition)["low"])
    assert len(low) >= 2, key
    lowest = {qid: (0 if qid.startswith("ons4_") else 1) for qid in low}
    if "ons4_anxiety" in lowest:
        lowest["ons4_anxiety"] = 10
    first, second = list(lowest)[:2]
    assert needs_extra_help(definition, {first: lowest[first], second: lowest[second]})
    assert needs_extra_help(definition, {first: lowest[first]})  # every one answered is low
    middle = 5 if first.startswith("ons4_") else 2
    assert not needs_extra_help(definition, {first: lowest[first], second: middle})


def test_a_version_stored_before_the_rules_were_data_keeps_the_tag_rule(db):
    definition = copy.deepcopy(survey(db, "pupils-7-11").definition)
    del definition["extra_help"]
    for q in (q for page in definition["pages"] for q in page["questions"]):
        q.pop("help_if_tree", None)
        q.pop("low_if_tree", None)
    assert sorted(qid for qid, _ in help_rules(definition)["low"]) == [
        "future_feel", "school_feel", "secondary_feel"]
    assert needs_extra_help(definition, {"school_feel": 1, "future_feel": 1})
    assert not needs_extra_help(definition, {"school_feel": 1, "future_feel": 3})
