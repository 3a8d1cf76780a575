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
    kinds = {"nominal", "multi", "ordinal", "numeric", "text", "grid", "date", "ranking", "none"}
    assert {cls.kind for cls in question_types.REGISTRY.values()} <= kinds
    assert {"statement", "single_choice", "multiple_choice", "agreement", "faces", "scale_0_10",
            "number", "short_text", "long_text", "grid", "yes_no", "date", "ranking"} <= set(
                question_types.REGISTRY)


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


def _services(**extra):
    """A multiple-choice question with a 'None of these' that stands alone."""
    return {"id": "services", "type": "multiple_choice", "kind": "multi", "options": [
        {"value": "library", "label": {"en": "Library"}},
        {"value": "park", "label": {"en": "Park"}},
        {"value": "none", "label": {"en": "None of these"}, "exclusive": True}], **extra}


def test_an_exclusive_answer_cannot_be_sent_with_others():
    check = question_types.get("multiple_choice").check_answer
    assert check(_services(), ["none"]) == ["none"]
    assert check(_services(), ["park", "library"]) == ["library", "park"]
    with pytest.raises(AnswerError, match="'none' cannot be chosen with other answers") as exc:
        check(_services(), ["library", "none"])
    assert exc.value.reason == "exclusive" and exc.value.detail["label"] == {
        "en": "None of these"}


def test_min_choices_is_checked_but_an_exclusive_answer_alone_is_enough():
    check = question_types.get("multiple_choice").check_answer
    with pytest.raises(AnswerError, match="at least 2 choices, got 1"):
        check(_services(min_choices=2), ["park"])
    assert check(_services(min_choices=2), ["none"]) == ["none"]


def test_exclusive_and_min_choices_are_validated(folder):
    folder.replace("pupils-test.yaml", "      - scale: mini\n", """\
      - id: clubs
        type: multiple_choice
        text: Which clubs do you go to?
        tags: [west.aspirations]
        min_choices: 4
        options:
          - {value: art, label: Art}
          - {value: none, label: None, exclusive: true}
      - id: club
        type: single_choice
        text: Your favourite club?
        tags: [west.aspirations]
        options:
          - {value: art, label: Art}
          - {value: none, label: None, exclusive: true}
      - scale: mini
""")
    errors = [str(e) for e in load_catalogue(folder.root).errors]
    assert any("pages[1].questions[1].min_choices: is 4, but the question has only 2 "
               "options" in e for e in errors), errors
    assert any("pages[1].questions[2].options[1].exclusive: expected 'exclusive: true' on an "
               "option of a multiple_choice question only" in e for e in errors), errors


def test_other_text_adds_a_box_shown_when_its_option_is_chosen(folder):
    folder.replace("pupils-test.yaml", "      - scale: mini\n", """\
      - id: clubs
        type: multiple_choice
        text: Which clubs do you go to?
        tags: [west.aspirations]
        options:
          - {value: art, label: Art}
          - {value: other, label: Something else, other_text: true}
      - id: club
        type: single_choice
        text: Your favourite club?
        tags: [west.aspirations]
        options:
          - {value: art, label: Art}
          - {value: other, label: Something else, other_text: "Which one?"}
      - scale: mini
""")
    catalogue = load_catalogue(folder.root)
    assert catalogue.errors == []
    questions = {q["id"]: q for p in catalogue.surveys[0].definition["pages"]
                 for q in p["questions"]}
    assert questions["clubs_other_text"]["show_if"] == "'other' in clubs"
    assert questions["clubs_other_text"]["text"] == {"en": "Please say what:"}
    assert questions["club_other_text"]["show_if"] == "club == 'other'"
    assert questions["club_other_text"]["text"] == {"en": "Which one?"}
    assert questions["club_other_text"]["tags"] == ["west.aspirations"]


def test_other_text_in_a_language_without_the_services_words_asks_for_them(folder):
    folder.replace("pupils-test.yaml", "languages: [en]", "languages: [en, ro]")
    folder.replace("pupils-test.yaml", "      - scale: mini\n", """\
      - id: club
        type: single_choice
        text: {en: "Your club?", ro: "Clubul tău?"}
        tags: [west.aspirations]
        options:
          - {value: art, label: {en: Art, ro: Artă}}
          - {value: other, label: {en: Other, ro: Altceva}, other_text: true}
""")
    errors = [str(e) for e in load_catalogue(folder.root).errors]
    assert any("options[1].other_text: the service has no words for 'please say' in ro" in e
               for e in errors), errors
