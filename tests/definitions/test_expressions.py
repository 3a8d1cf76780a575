"""show_if: a small language that reads earlier answers and never runs code."""

from __future__ import annotations

import pytest

from westcc_voice.definitions.expressions import ExpressionError, evaluate, parse


@pytest.mark.parametrize(
    ("source", "answers", "shown"),
    [
        ("feel_safe == 'no'", {"feel_safe": "no"}, True),
        ("feel_safe == 'no'", {"feel_safe": "yes"}, False),
        ("feel_safe == 'no'", {}, False),
        ("not feel_safe == 'yes'", {}, True),
        ("happy <= 2", {"happy": 1}, True),
        ("happy <= 2", {"happy": "prefer_not_to_say"}, False),
        ("happy in [1, 2]", {"happy": 2}, True),
        ("happy not in [1, 2]", {"happy": 3}, True),
        ("'football' in clubs", {"clubs": ["art", "football"]}, True),
        ("'football' in clubs", {"clubs": ["art"]}, False),
        ("clubs", {"clubs": ["art"]}, True),
        ("clubs", {"clubs": []}, False),
        ("a == 'x' and (b > 3 or c == 'y')", {"a": "x", "b": 1, "c": "y"}, True),
        ("a == 'x' and (b > 3 or c == 'y')", {"a": "x", "b": 1, "c": "n"}, False),
        ("true", {}, True),
    ],
)
def test_conditions_show_or_hide(source, answers, shown):
    assert evaluate(parse(source), answers) is shown


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("", "is empty"),
        ("x ==", "ends too early"),
        ("__import__('os')", "unexpected '('"),
        ("a; b", "cannot read"),
        ("a == 'x' or", "ends too early"),
        ("(a == 1", "expected ')'"),
        ("'x'", "on its own is not a condition"),
        ("a == [b]", "a list holds only numbers and quoted text"),
    ],
)
def test_bad_conditions_say_what_was_expected(source, message):
    with pytest.raises(ExpressionError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse(source)


def test_parsed_conditions_are_plain_json_for_the_browser():
    import json

    tree = parse("a == 'x' and not 'y' in b")
    assert json.loads(json.dumps(tree)) == tree
