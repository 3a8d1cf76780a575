"""Generated pupils with equity gaps set in advance, straight into a frame from the
shipped questionnaires and surveys/equity.yaml (no database): pupils who go hungry feel
safe at school less often; young carers have good friends as often as others. Secondary
pupils (``secondary``) answer ONS4: those who go hungry are less satisfied with life by
a known number of points, and no less happy."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from westcc_voice.analysis.build import summarise
from westcc_voice.analysis.equity import equity_tables
from westcc_voice.analysis.frames import frame_from_rows
from westcc_voice.analysis.summary import Summary
from westcc_voice.definitions.loader import load_catalogue
from westcc_voice.privacy.suppression import SuppressionPolicy

SURVEYS = Path(__file__).resolve().parents[1] / "surveys"
WAVE = "2026-autumn"
SCHOOLS = ["north", "south", "east", "west"]
#: Schools a test may add, very small ones (their pupils are "other schools" or left out).
SMALL_SCHOOLS = ["tiny", "wee"]


def load():
    cat = load_catalogue(SURVEYS)
    assert cat.ok, cat.errors
    return cat


def frame_of(catalogue, people: list[dict]):
    """A frame of pupils-7-11 responses (pupils-11-16 for a person with ``survey``
    set): each person's school, language and answers."""
    surveys = {s.key: s for s in catalogue.surveys}
    versions = {1: (1, "pupils-7-11", 1, "KS2", "pupil", surveys["pupils-7-11"].definition),
                2: (2, "pupils-11-16", 1, "KS3-4", "pupil",
                    surveys["pupils-11-16"].definition)}
    version_of = {"pupils-7-11": (1, 5), "pupils-11-16": (2, 9)}
    schools = {i + 1: (code, code.title() + " Primary")
               for i, code in enumerate(SCHOOLS + SMALL_SCHOOLS)}
    sid = {code: i for i, (code, _n) in schools.items()}
    rows = []
    for n, p in enumerate(people):
        vid, year = version_of[p.get("survey", "pupils-7-11")]
        rows.append((n + 1, vid, 1, sid[p["school"]], "pupil", year, p.get("language", "en"),
                     p["answers"]))
    return frame_from_rows(rows, versions, {1: (WAVE, "Autumn 2026")}, schools)


def summary_of(catalogue, people, threshold=10) -> Summary:
    return summarise(frame_of(catalogue, people), wave=WAVE, equity=catalogue.equity,
                     policy=SuppressionPolicy(threshold=threshold),
                     today=dt.date(2026, 11, 23))


#: The truth the generated pupils are drawn from.
P_SAFE = {"hungry": 0.55, "not_hungry": 0.85}
P_FRIENDS_CARER = 0.75
#: The share of pupils who skip each outcome question.
SKIP = 0.05


def pupil(rng: random.Random, school: str, *, hungry: bool | None = None,
          carer: bool | None = None) -> dict:
    hungry = rng.random() < 0.35 if hungry is None else hungry
    carer = rng.random() < 0.3 if carer is None else carer
    safe = rng.random() < P_SAFE["hungry" if hungry else "not_hungry"]
    answers = {
        "hungry": rng.choice([2, 3, 4]) if hungry else 1,
        "young_carer": "yes" if carer else "no",
        "home_language": rng.choice(["english_only", "english_and_other"]),
        "safe_school": "yes" if safe else rng.choice(["no", "not_sure"]),
        "good_friends": "yes" if rng.random() < P_FRIENDS_CARER else "no",
    }
    for question in ("safe_school", "good_friends"):   # a few skip, as pupils do
        if rng.random() < SKIP:
            del answers[question]
    return {"school": school, "answers": answers}


def table(summary, question, dimension, school=None):
    return next(t for t in equity_tables(summary, school=school)
                if t.question == question and t.dimension == dimension)


def group(t, key):
    return next(g for g in t.groups if g.key == key)




#: The truth secondary pupils' ONS4 answers are drawn from: each answer is equally likely
#: to be any of these, so the true means are known exactly.
SATISFACTION = {"hungry": range(0, 7), "not_hungry": range(5, 11)}
HAPPINESS = range(3, 11)   # the same for everyone: no gap


def true_mean(values) -> float:
    return sum(values) / len(values)


def secondary(rng: random.Random, school: str, *, hungry: bool | None = None,
              carer: bool | None = None, skip: float = SKIP) -> dict:
    """A secondary pupil (pupils-11-16) answering the equity questions and ONS4."""
    hungry = rng.random() < 0.35 if hungry is None else hungry
    carer = rng.random() < 0.3 if carer is None else carer
    answers = {
        "hungry": rng.choice([2, 3, 4]) if hungry else 1,
        "young_carer": "yes" if carer else "no",
        "home_language": rng.choice(["english_only", "english_and_other"]),
        "ons4_satisfaction": rng.choice(SATISFACTION["hungry" if hungry else "not_hungry"]),
        "ons4_worthwhile": rng.choice(range(0, 11)),
        "ons4_happiness": rng.choice(HAPPINESS),
    }
    for question in ("ons4_satisfaction", "ons4_happiness"):
        if rng.random() < skip:
            del answers[question]
    return {"school": school, "survey": "pupils-11-16", "answers": answers}


def mean_table(summary, score, dimension, school=None):
    return next(t for t in equity_tables(summary, school=school)
                if t.measure == "mean" and t.question == score and t.dimension == dimension)
