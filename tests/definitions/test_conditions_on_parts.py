"""Conditions on a grid's item (show_if reads `learning.enjoy`) and on one option (an
option offered only when a condition holds): validated with the nearest name offered."""

from __future__ import annotations

from westcc_voice.collect import flow
from westcc_voice.definitions import load_catalogue
from westcc_voice.definitions.expressions import evaluate, parse

GRID = """\
      - id: learning
        type: grid
        text: About learning
        tags: [cc.learning]
        items:
          - {id: enjoy, text: I enjoy learning}
          - {id: help, text: I get help}
"""


def _with_grid(folder, condition: str) -> list[str]:
    folder.replace("pupils-test.yaml", "      - id: feel_safe\n", GRID + "      - id: feel_safe\n")
    folder.replace("pupils-test.yaml", "feel_safe == 'no'", condition)
    return [str(e) for e in load_catalogue(folder.root).errors]


def test_a_question_can_follow_one_grid_item(folder):
    assert _with_grid(folder, "learning.enjoy <= 2") == []
    survey = load_catalogue(folder.root).surveys[0]
    q = next(q for q in survey.definition["pages"][0]["questions"] if q["id"] == "unsafe_where")
    assert flow.is_shown(q, {"learning": {"enjoy": 1}})
    assert not flow.is_shown(q, {"learning": {"enjoy": 4}})
    assert not flow.is_shown(q, {"learning": {"help": 1}})


def test_a_misspelt_grid_item_is_named_with_the_nearest(folder):
    [error] = _with_grid(folder, "learning.enjoi <= 2")
    assert "pages[0].questions[3].show_if" in error
    assert "grid 'learning' has no item 'enjoi' (did you mean 'learning.enjoy'?)" in error
    assert "expected one of learning.enjoy, learning.help" in error


def test_an_item_of_a_question_that_is_not_a_grid_is_refused(folder):
    [error] = _with_grid(folder, "feel_safe.enjoy == 'no'")
    assert "'feel_safe' is a yes_no question: only a grid's items" in error


def test_an_unknown_question_gets_a_did_you_mean(folder):
    [error] = _with_grid(folder, "feel_saf == 'no'")
    assert "refers to 'feel_saf', which is not an earlier question (did you mean 'feel_safe'?)" \
        in error


def test_a_grid_item_condition_checks_its_values(folder):
    [error] = _with_grid(folder, "learning.enjoy == 9")
    assert "9 is not an answer of 'learning.enjoy': expected one of 1, 2, 3, 4, 5" in error


def test_the_evaluator_reads_grid_items_nested_or_flat():
    tree = parse("learning.enjoy >= 4 and learning.help")
    assert evaluate(tree, {"learning": {"enjoy": 5, "help": 2}})
    assert evaluate(tree, {"learning.enjoy": 4, "learning.help": 1})
    assert not evaluate(tree, {"learning": {"enjoy": 5}})


OPTIONS = """\
      - id: transport
        type: single_choice
        text: How do you get to school?
        tags: [cc.wellbeing]
        options:
          - {value: walk, label: Walk}
          - {value: school_bus, label: School bus, show_if: "feel_safe == 'yes'"}
"""


def _with_option_condition(folder, condition: str) -> list[str]:
    folder.replace("pupils-test.yaml", "      - id: unsafe_where\n",
                   OPTIONS.replace("feel_safe == 'yes'", condition) + "      - id: unsafe_where\n")
    return [str(e) for e in load_catalogue(folder.root).errors]


def test_an_option_can_have_its_own_condition(folder):
    assert _with_option_condition(folder, "feel_safe == 'yes'") == []
    cat = load_catalogue(folder.root)
    q = next(q for q in cat.surveys[0].definition["pages"][0]["questions"]
             if q["id"] == "transport")
    assert flow.hidden_options(q, {"feel_safe": "no"}) == {"school_bus"}
    assert flow.hidden_options(q, {"feel_safe": "yes"}) == set()
    assert flow.unoffered_choice(q, "school_bus", {}) == "school_bus"
    assert flow.unoffered_choice(q, "walk", {}) is None


def test_an_option_condition_is_checked_like_a_questions(folder):
    [error] = _with_option_condition(folder, "feel_sfe == 'yes'")
    assert "pages[0].questions[2].options[1].show_if: refers to 'feel_sfe'" in error
    assert "did you mean 'feel_safe'?" in error


def test_an_option_cannot_follow_its_own_question(folder):
    [error] = _with_option_condition(folder, "transport == 'walk'")
    assert "refers to 'transport', which is not an earlier question" in error


def test_a_grid_option_takes_no_condition(folder):
    folder.replace("pupils-test.yaml", "      - id: feel_safe\n", GRID.replace(
        "        items:\n", "        options:\n          - {value: 1, label: No}\n"
        "          - {value: 2, label: Yes, show_if: happy_at_school}\n        items:\n")
        + "      - id: feel_safe\n")
    errors = [str(e) for e in load_catalogue(folder.root).errors]
    assert any("options[1].show_if: a condition on one option is for single_choice" in e
               for e in errors), errors
