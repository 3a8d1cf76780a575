"""A short_text pattern (a postcode district such as NE4): a regex that compiles, is short
and cannot hang, with the words shown when an answer does not fit, in every language."""

from __future__ import annotations

import time

import pytest

from westcc_voice.definitions import load_catalogue
from westcc_voice.definitions.question_types import AnswerError, check_pattern, get

QUESTION = """\
      - id: district
        type: short_text
        text: What is the first part of your postcode?
        pattern: "{pattern}"
        pattern_message: Please type the first part of your postcode, such as NE4.
        tags: [west.aspirations]
"""


def _errors(folder, pattern: str, question: str = QUESTION) -> list[str]:
    folder.replace("pupils-test.yaml", "      - id: job\n",
                   question.replace("{pattern}", pattern) + "      - id: job\n")
    return [str(e) for e in load_catalogue(folder.root).errors]


def test_a_postcode_district_pattern_is_kept_and_checked(folder):
    assert _errors(folder, "(NE|ne)[0-9]{1,2}") == []
    q = next(q for p in load_catalogue(folder.root).surveys[0].definition["pages"]
             for q in p["questions"] if q["id"] == "district")
    assert q["pattern_message"] == {"en": "Please type the first part of your postcode, "
                                          "such as NE4."}
    short = get("short_text")
    assert short.check_answer(q, " NE4 ") == "NE4"
    with pytest.raises(AnswerError) as caught:
        short.check_answer(q, "NE4 5AB")
    assert caught.value.reason == "pattern"
    with pytest.raises(AnswerError):
        short.check_answer(q, "NE٤")  # Arabic-Indic digit: the browser's [0-9] refuses it too


@pytest.mark.parametrize("pattern, words", [
    ("[A-Z", "is not a regular expression: unterminated character set"),
    ("(a+)+", "can read the same letters in more than one way"),
    ("(a|aa)+", "can read the same letters in more than one way"),
    ("(?P<area>NE)[0-9]", "uses syntax only Python reads"),
    ("(?i)ne[0-9]", "uses syntax only Python reads"),
    ("N" * 201, "at most 200"),
])
def test_a_bad_pattern_names_its_line_and_why(folder, pattern, words):
    [error] = _errors(folder, pattern)
    assert "pupils-test.yaml:" in error and "pages[1].questions[0].pattern:" in error
    assert words in error


def test_a_pattern_needs_its_message(folder):
    [error] = _errors(folder, "NE[0-9]", QUESTION.replace(
        "        pattern_message: Please type the first part of your postcode, such as NE4.\n",
        ""))
    assert "pattern_message: is missing: a pattern needs the words a respondent sees" in error


def test_the_message_is_needed_in_every_language(folder):
    folder.replace("pupils-test.yaml", "languages: [en]", "languages: [en, pl]")
    errors = _errors(folder, "NE[0-9]", QUESTION.replace(
        "pattern_message: Please type the first part of your postcode, such as NE4.",
        "pattern_message: {en: Please type it like NE4.}"))
    assert any("pattern_message.pl: is missing its 'pl' text" in e for e in errors)


def test_long_text_takes_no_pattern(folder):
    errors = _errors(folder, "NE[0-9]", QUESTION.replace("short_text", "long_text"))
    assert any("unknown field 'pattern' for a long_text question" in e for e in errors)


def test_patterns_that_pass_answer_quickly_on_a_long_hostile_answer():
    for pattern in ("(NE|ne)[0-9]{1,2}", "(ab|cd)*", "([0-9]{2})+", "[A-Z]{1,2}[0-9][A-Z0-9]?"):
        assert check_pattern(pattern) is None
        q = {"pattern": pattern, "max_length": 200}
        started = time.perf_counter()
        with pytest.raises(AnswerError):
            get("short_text").check_answer(q, "a" * 199 + "!")
        assert time.perf_counter() - started < 0.05
