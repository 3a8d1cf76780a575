"""The translation caveat: a scale validated in English, answered partly in Polish."""

from __future__ import annotations

import copy
import json

import generate

from westcc_voice.analysis.build import summarise
from westcc_voice.analysis.frames import frame_from_rows

WAVES = {1: ("2026-autumn", "Autumn 2026")}
SCHOOLS = {1: ("arthurs-hill", "Arthur's Hill Primary")}


def _summary(languages: list[str], validated: list[str] | None):
    survey = generate.catalogue()["parents"]
    definition = copy.deepcopy(survey.definition)
    definition["scales"]["ons4"]["validated_languages"] = validated
    versions = {1: (1, "parents", 1, survey.title, "parent", definition)}
    rows = [(i + 1, 1, 1, 1, "parent", None, lang,
             json.dumps({"ons4_satisfaction": 7, "safe_area": "yes"}))
            for i, lang in enumerate(languages)]
    frame = frame_from_rows(rows, versions, WAVES, SCHOOLS)
    summary = summarise(frame, wave="2026-autumn")
    return next(s for s in summary.scores if s.score_id == "ons4.satisfaction")


def test_answers_in_an_unvalidated_language_carry_the_caveat_and_are_counted():
    score = _summary(["en"] * 30 + ["pl"] * 12, ["en"])
    assert score.validated_languages == ["en"]
    assert score.translation_caveat is True
    assert score.translated.value == 12


def test_a_few_translated_answers_still_raise_the_caveat_but_not_their_number():
    score = _summary(["en"] * 30 + ["pl"] * 3, ["en"])
    assert score.translation_caveat is True
    assert score.translated.suppressed and score.translated.display == "fewer than 10"


def test_no_caveat_when_everyone_answered_the_validated_wording():
    score = _summary(["en"] * 30, ["en"])
    assert score.translation_caveat is False and score.translated is None
    unvalidated = _summary(["en"] * 10 + ["pl"] * 20, None)
    assert unvalidated.translation_caveat is False and unvalidated.validated_languages == []
