"""Each question type checks its own answers, with messages that say what was expected."""

from __future__ import annotations

import pytest

from westcc_voice.definitions import load_catalogue, question_types
from westcc_voice.definitions.question_types import AnswerError


@pytest.fixture
def questions(folder):
    survey = load_catalogue(folder.root).surveys[0]
    return {q["id"]: q for p in survey.definition["pages"] for q in p["questions"]}


def check(q, value):
    return question_types.get(q["type"]).check_answer(q, value)


def test_faces_take_the_face_values_and_refuse_others(questions):
    assert check(questions["happy_at_school"], "4") == 4
    with pytest.raises(AnswerError, match="expected one of 1, 2, 3, 4, 5, got 9"):
        check(questions["happy_at_school"], 9)


def test_scale_0_10_refuses_out_of_range_and_fractions(questions):
    q = questions["mini_happy"]
    assert check(q, "10") == 10
    for bad in (11, -1, 3.5, "lots"):
        with pytest.raises(AnswerError, match="from 0 to 10"):
            check(q, bad)


def test_short_text_is_trimmed_and_length_limited(questions):
    q = questions["job"]
    assert check(q, "  a vet  ") == "a vet"
    with pytest.raises(AnswerError, match="longer than 200"):
        check(q, "x" * 201)


def test_every_registered_type_has_a_kind_for_analysis():
    kinds = {"nominal", "multi", "ordinal", "numeric", "text", "grid", "none"}
    assert {cls.kind for cls in question_types.REGISTRY.values()} <= kinds
    assert {"statement", "single_choice", "multiple_choice", "agreement", "faces", "scale_0_10",
            "number", "short_text", "long_text", "grid", "yes_no"} <= set(question_types.REGISTRY)


def test_a_new_type_is_added_by_registering_it(folder):
    @question_types.register
    class Stars(question_types.Scale0To10):
        name = "stars_test_only"

    try:
        folder.replace("pupils-test.yaml", "type: faces\n        faces: 5",
                       "type: stars_test_only\n        low: Not at all\n        high: Completely")
        cat = load_catalogue(folder.root)
        assert cat.errors == []
        assert cat.surveys[0].definition["pages"][0]["questions"][0]["type"] == "stars_test_only"
    finally:
        del question_types.REGISTRY["stars_test_only"]
