"""A date question: bounds in the definition, ISO answers, reported by month or year, and
never a date of birth."""

from __future__ import annotations

import datetime as dt

import pytest

from westcc_voice.definitions import load_catalogue
from westcc_voice.definitions.question_types import AnswerError, date_band, date_bands, get

QUESTION = """\
      - id: moved_here
        type: date
        text: When did your family move to the West End?
        min: 2024-09-01
        max: today
        tags: [west.aspirations]
"""


def _load(folder, question: str = QUESTION):
    folder.replace("pupils-test.yaml", "      - id: job\n", question + "      - id: job\n")
    cat = load_catalogue(folder.root)
    return cat, [str(e) for e in cat.errors]


def _question(cat) -> dict:
    return next(q for p in cat.surveys[0].definition["pages"] for q in p["questions"]
                if q["type"] == "date")


def test_a_date_question_keeps_its_bounds_as_iso_text(folder):
    cat, errors = _load(folder)
    assert errors == []
    q = _question(cat)
    assert (q["min"], q["max"], q["kind"]) == ("2024-09-01", "today", "date")
    assert q["report_by"] == ("month" if dt.date.today() < dt.date(2026, 9, 1) else "year")


def test_answers_are_iso_dates_inside_the_bounds(folder):
    q = _question(_load(folder)[0])
    date = get("date")
    assert date.check_answer(q, "2025-01-31") == "2025-01-31"
    for wrong in ("2024-08-31", (dt.date.today() + dt.timedelta(days=1)).isoformat(),
                  "31/01/2025", "2025-02-30", "２０２５-01-01", 20250131):
        with pytest.raises(AnswerError) as caught:
            date.check_answer(q, wrong)
        assert caught.value.reason == "date"


@pytest.mark.parametrize("change, words", [
    (("max: today", "max: tomorrow"), "max: expected a date written 2020-09-01, or 'today'"),
    (("        max: today\n", ""), "max: is missing: a date question needs its maximum date"),
    (("min: 2024-09-01", "min: 2030-01-01"), "max: is before min (2030-01-01)"),
    (("max: today", "max: today\n        report_by: day"), "report_by: expected month or "
                                                          "year, got 'day'"),
    (("min: 2024-09-01", "min: 2000-01-01\n        report_by: month"),
     "(at most 36): use report_by: year"),
])
def test_bad_bounds_name_their_line(folder, change, words):
    _cat, errors = _load(folder, QUESTION.replace(*change))
    assert any(words in e and "pupils-test.yaml:" in e for e in errors), errors


@pytest.mark.parametrize("change", [
    ("id: moved_here", "id: child_dob"),
    ("When did your family move to the West End?", "What is your child's date of birth?"),
    ("When did your family move to the West End?", "When was your child born?"),
])
def test_a_date_of_birth_is_refused_because_it_identifies(folder, change):
    _cat, errors = _load(folder, QUESTION.replace(*change))
    assert any("a date of birth identifies a person" in e and ".type:" in e for e in errors)


def test_answers_are_reported_in_bands_never_days():
    q = {"min": "2025-11-20", "max": "2026-02-03", "report_by": "month"}
    assert date_bands(q) == ["2025-11", "2025-12", "2026-01", "2026-02"]
    assert date_band(q, "2026-01-31") == "2026-01"
    assert date_bands({"min": "2019-05-01", "max": "2021-01-01", "report_by": "year"}) == [
        "2019", "2020", "2021"]
    assert date_band({"report_by": "year"}, "2020-02-29") == "2020"
