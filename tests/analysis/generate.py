"""Realistic generated responses for the analysis tests and the summary benchmark.

Seven schools of different sizes (one tiny, so suppression has work to do), two waves,
pupils (Key Stage 2 and Key Stage 4 surveys), parents and community members, answers
with skips and "prefer not to say", school-level differences in wellbeing, and free
text written the way children and parents write (spellings, Geordie, other languages).
Definitions come from the test catalogue in tests/analysis/data/surveys.
"""

from __future__ import annotations

import copy
import datetime as dt
import uuid
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from westcc_voice.definitions import load_catalogue
from westcc_voice.definitions.loader import _wording_hash
from westcc_voice.models import Response, School, SurveyVersion, Wave

DATA = Path(__file__).resolve().parent / "data"

#: code, name, relative size, wellbeing shift
SCHOOLS = [
    ("arthurs-hill", "Arthur's Hill Primary", 1.0, 0.0),
    ("benwell-dene", "Benwell Dene Primary", 1.2, -0.6),
    ("cruddas-park", "Cruddas Park Academy", 1.6, 0.2),
    ("elswick-road", "Elswick Road Primary", 0.9, 0.5),
    ("fenham-hall", "Fenham Hall School", 1.3, 0.0),
    ("westgate-hill", "Westgate Hill Primary", 1.0, 0.9),
    ("wingrove", "Wingrove Nursery and Primary", 0.04, 0.0),
]
WAVES = [("2025-autumn", "Autumn 2025", dt.date(2025, 10, 1)),
         ("2026-autumn", "Autumn 2026", dt.date(2026, 10, 1))]

THEME_TEXT = [
    "the park near my house is canny", "i dont feel safe walking home in the dark",
    "more clubs after school", "loads of litter and dog poo", "my frends",
    "people are kind and friendly", "too many cars go fast on our street",
    "im worried about my sats", "someone keeps calling me names", "i love my family",
    "the teachers help me", "we can't afford the bills", "our flat is damp",
    "gangs hanging around the shops", "playing football with my mates is mint",
    "i get lonely at dinner time", "a youth club for teenagers", "i feel safe at school",
    "nursery is too expensive", "moving up to big school", "someone to talk to",
    "more jobs for local people", "everyone is welcome here", "maths and reading",
    "too much homework", "motorbikes racing through the park", "the buses are always late",
    "the mosque does a lot for kids", "swimming lessons", "there is nowhere to play",
    "the library is brilliant", "graffiti and broken glass", "I am happy",
    "my nana takes me to the metro", "trampoline park trip", "my cat is called biscuit",
]
FILLERS = ["really", "sometimes", "every day", "at the weekend", "in the summer", "a lot",
           "after school", "with my cousins", "near the metro", "on our street", "lots",
           "so much", "in year 5", "since last year", "when it rains", "in the holidays",
           "round here", "at night", "on saturdays", "most days", "honestly", "to be fair",
           "for ages", "now", "again", "like always", "haha", "!!", "i think", "maybe"]
CONNECTORS = [" and ", " but ", ". ", ", ", " also "]
NOTHING = ["nothing", "dunno", "idk", "no", "not sure", "nothing really"]
OTHER_LANGUAGE = ["Moje dziecko lubi szkołę, ale boi się chodzić samo do domu.",
                  "Copiii mei sunt foarte fericiți la școală.",
                  "أطفالي سعداء في المدرسة", "بچوں کے لیے کھیلنے کی جگہ نہیں ہے"]
JOBS = ["a vet", "footballer", "a nurse like my mam", "teacher", "police officer",
        "im not sure yet", "go to uni and be a scientist", "youtuber", "a mechanic",
        "hairdresser", "my own business", "a chef", "join the army", "a lawyer", "dunno",
        "make games on computers", "a docter", "an artist", "a pilot", "electrician",
        "a dancer", "builder like my dad", "astronaut"]


@dataclass
class Seeded:
    versions: dict[str, int]
    waves: list[str]
    schools: list[str]
    n: int


def catalogue():
    cat = load_catalogue(DATA / "surveys", DATA / "licensed")
    if cat.errors:
        raise AssertionError("test catalogue has errors: " + "; ".join(map(str, cat.errors)))
    return {s.key: s for s in cat.surveys}


def reworded(definition: dict, question_id: str, text: str) -> dict:
    """A new version of a definition with one question's English wording changed."""
    out = copy.deepcopy(definition)
    for page in out["pages"]:
        for q in page["questions"]:
            if q["id"] == question_id:
                q["text"] = {"en": text}
                q["wording_hash"] = _wording_hash(q, "en")
    return out


def add_reference_data(session: Session, *, reword_in_second_wave: bool = True) -> dict:
    """Schools, waves and survey versions; returns {(key, wave_code): version id}."""
    for code, name, _size, _shift in SCHOOLS:
        session.add(School(code=code, name=name, roll={}))
    for code, name, start in WAVES:
        session.add(Wave(code=code, name=name, starts_on=start))
    session.flush()
    versions = {}
    for key, survey in catalogue().items():
        v1 = SurveyVersion(key=key, version=1, content_hash=survey.content_hash[:64],
                           title=survey.title, audience=survey.audience,
                           source_path=survey.path, definition=survey.definition)
        session.add(v1)
        session.flush()
        versions[(key, WAVES[0][0])] = versions[(key, WAVES[1][0])] = v1.id
        if key == "pupils-ks2" and reword_in_second_wave:
            v2 = SurveyVersion(key=key, version=2, content_hash="b" * 64, title=survey.title,
                               audience=survey.audience, source_path=survey.path,
                               definition=reworded(survey.definition, "school_feel",
                                                   "How do you feel about your school?"))
            session.add(v2)
            session.flush()
            versions[(key, WAVES[1][0])] = v2.id
    return versions


def _choice(rng, values, p=None):
    return values[rng.choice(len(values), p=p)]


def _maybe(rng, value, skip=0.05, pnts=0.0):
    r = rng.random()
    if r < skip:
        return None
    if r < skip + pnts:
        return "prefer_not_to_say"
    return value


def _free_text(rng) -> str | None:
    r = rng.random()
    if r < 0.35:
        return None
    if r < 0.45:
        return _choice(rng, NOTHING)
    if r < 0.47:
        return _choice(rng, OTHER_LANGUAGE)
    k = 1 + int(rng.random() < 0.4)
    parts = [THEME_TEXT[i] for i in rng.choice(len(THEME_TEXT), k, replace=False)]
    for _ in range(int(rng.integers(0, 3))):
        parts.append(_choice(rng, FILLERS))
    text = _choice(rng, CONNECTORS).join(parts)
    if rng.random() < 0.3:  # a slip of the finger: one letter dropped
        cut = int(rng.integers(1, len(text)))
        text = text[:cut - 1] + text[cut:]
    return text.capitalize() if rng.random() < 0.3 else text


def _scale_0_10(rng, centre, sd=2.0):
    return int(np.clip(np.rint(rng.normal(centre, sd)), 0, 10))


def _likert(rng, centre, lo=1, hi=5):
    return int(np.clip(np.rint(rng.normal(centre, 1.0)), lo, hi))


def answers_for(rng, key: str, shift: float) -> tuple[dict, int | None]:
    a: dict = {}
    year = None
    if key == "pupils-ks2":
        year = int(rng.integers(4, 7))
        a["school_feel"] = _maybe(rng, _likert(rng, 3.6 + shift / 2), pnts=0.02)
        a["safe_area"] = _maybe(rng, "yes" if rng.random() < 0.75 + shift / 10 else "no")
        if rng.random() > 0.05:
            a["learning"] = {"enjoy": _likert(rng, 3.8 + shift / 2),
                             "get_help": _likert(rng, 3.9)}
        for item in ("fair", "listened", "proud"):
            a[f"school_climate_{item}"] = _maybe(rng, _likert(rng, 3.5 + shift / 2))
        a["school_climate_noisy"] = _maybe(rng, _likert(rng, 2.8 - shift / 2))
        for item in ("school", "home", "future"):
            a[f"worry_load_{item}"] = _maybe(rng, _likert(rng, 2.6 - shift / 3), skip=0.03)
        if rng.random() > 0.1:
            a["activities"] = sorted({_choice(rng, ["sport", "music", "youth_club", "library"])
                                      for _ in range(int(rng.integers(1, 4)))})
        a["sleep_hours"] = _maybe(rng, int(np.clip(np.rint(rng.normal(9.5, 1.2)), 4, 13)))
        a["future_job"] = _choice(rng, JOBS) if rng.random() < 0.8 else None
        a["anything_else"] = _free_text(rng)
    elif key == "pupils-ks3":
        year = int(rng.integers(9, 12))
        for item, centre in (("satisfaction", 6.8), ("worthwhile", 7.0), ("happiness", 6.9)):
            a[f"ons4_{item}"] = _maybe(rng, _scale_0_10(rng, centre + shift))
        for item in ("optimistic", "useful", "relaxed", "problems", "thinking", "close",
                     "own_mind"):
            a[f"swemwbs_{item}"] = _maybe(rng, _likert(rng, 3.3 + shift / 3), skip=0.03)
        a["safe_area"] = _maybe(rng, "yes" if rng.random() < 0.7 + shift / 10 else "no")
        a["anything_else"] = _free_text(rng)
    else:
        for item, centre in (("satisfaction", 7.3), ("worthwhile", 7.6), ("happiness", 7.2)):
            a[f"ons4_{item}"] = _maybe(rng, _scale_0_10(rng, centre + shift / 2))
        a["ons4_anxiety"] = _maybe(rng, _scale_0_10(rng, 3.4 - shift / 2, 2.6))
        if key == "parents":
            a["safe_area"] = _maybe(rng, "yes" if rng.random() < 0.68 else "no")
            a["hopes"] = _choice(rng, JOBS + ["to be happy and go to university",
                                              "college and a good job"])
            a["help_other"] = _free_text(rng)
        else:
            a["area_improve"] = _free_text(rng)
    return {k: v for k, v in a.items() if v is not None}, year


def generate_rows(n: int, versions: dict, school_ids: dict[str, int], wave_ids: dict[str, int],
                  *, seed: int = 7, wave_share: float = 0.5) -> list[dict]:
    rng = np.random.default_rng(seed)
    sizes = np.array([s[2] for s in SCHOOLS])
    p_school = sizes / sizes.sum()
    audiences = [("pupils-ks2", "pupil", 0.40), ("pupils-ks3", "pupil", 0.30),
                 ("parents", "parent", 0.20), ("community", "community", 0.10)]
    p_aud = np.array([a[2] for a in audiences])
    rows = []
    for _ in range(n):
        wave = WAVES[1][0] if rng.random() < wave_share else WAVES[0][0]
        key, audience, _p = audiences[rng.choice(len(audiences), p=p_aud)]
        si = rng.choice(len(SCHOOLS), p=p_school)
        code, _name, _size, shift = SCHOOLS[si]
        school = school_ids[code]
        if audience == "community" and rng.random() < 0.3:
            school = None
        answers, year = answers_for(rng, key, shift + (0.3 if wave == WAVES[1][0] else 0))
        rows.append({
            "submission_id": str(uuid.UUID(int=int(rng.integers(0, 2**62)) << 64
                                           | len(rows))),
            "survey_version_id": versions[(key, wave)], "wave_id": wave_ids[wave],
            "link_id": None, "school_id": school, "audience": audience, "year_group": year,
            "language": "en", "submitted_on": dt.date(2026, 10, 15), "answers": answers,
        })
    return rows


def seed(session: Session, n: int, *, seed: int = 7, wave_share: float = 0.5) -> Seeded:
    """Reference data plus ``n`` responses across two waves, committed."""
    versions = add_reference_data(session)
    school_ids = {s.code: s.id for s in session.scalars(select(School))}
    wave_ids = {w.code: w.id for w in session.scalars(select(Wave))}
    rows = generate_rows(n, versions, school_ids, wave_ids, seed=seed, wave_share=wave_share)
    for start in range(0, len(rows), 20000):
        session.execute(insert(Response), rows[start:start + 20000])
    session.commit()
    return Seeded({f"{k}@{w}": v for (k, w), v in versions.items()}, [w[0] for w in WAVES],
                  [s[0] for s in SCHOOLS], n)
