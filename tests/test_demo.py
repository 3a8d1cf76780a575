"""The demo seed gives a newcomer a populated service that obeys the same rules."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

from sqlalchemy import func, select

from westcc_voice.definitions import question_types
from westcc_voice.definitions.expressions import evaluate
from westcc_voice.demo import DEMO_PASSWORD, demo_addresses, generate_answers, seed_demo
from westcc_voice.models import (
    ClassSession,
    Link,
    Response,
    SafeguardingFlag,
    School,
    StaffUser,
    Wave,
)

from .helpers import survey

SECRET = "test-secret"


def test_seed_fills_seven_schools_three_audiences_and_two_waves(db):
    result = seed_demo(db, secret=SECRET, responses=600, seed=7, today=dt.date(2026, 11, 23))
    assert 500 <= result.responses <= 800
    rows = db.execute(select(Response.audience, Response.wave_id, Response.school_id)).all()
    assert len(rows) == result.responses
    assert {r.audience for r in rows} == {"pupil", "parent", "community"}
    assert len({r.wave_id for r in rows}) == 2
    assert len({r.school_id for r in rows if r.school_id}) == 7
    per_school = Counter(r.school_id for r in rows if r.audience == "pupil")
    assert min(per_school.values()) >= 30, "every school needs enough pupils to be shown"
    assert db.scalar(select(func.count(School.id))) >= 7
    assert db.scalar(select(func.count(Wave.id))) >= 2


def test_seeded_free_text_is_varied_and_redacted(db):
    seed_demo(db, secret=SECRET, responses=600, seed=7, today=dt.date(2026, 11, 23))
    texts = [
        value
        for answers in db.scalars(select(Response.answers))
        for value in answers.values()
        if isinstance(value, str) and " " in value
    ]
    assert len(set(texts)) >= 60
    joined = "\n".join(texts)
    assert "Jayden" not in joined and "07700 900123" not in joined
    assert "[name]" in joined or "[phone]" in joined


def test_seed_gives_logins_and_something_open_to_try(db):
    result = seed_demo(db, secret=SECRET, responses=200, seed=3, today=dt.date(2026, 11, 23))
    assert {u.role for u in db.scalars(select(StaffUser))} >= {
        "admin", "steering", "school_lead", "teacher", "dsl"}
    assert result.join_codes and result.links
    lines = "\n".join(demo_addresses(db, "http://127.0.0.1:5000"))
    code = result.join_codes[0][1]
    assert f"/join  code {code}" in lines and DEMO_PASSWORD in lines
    session = db.scalar(select(ClassSession).where(ClassSession.join_code == code))
    assert session.is_open(dt.datetime(2026, 11, 23, 10, 0))
    assert db.scalar(select(func.count(Link.id))) >= 2
    # the demo DSL has a flag from their own school to read
    dsl = db.scalar(select(StaffUser).where(StaffUser.role == "dsl"))
    flags = db.scalars(select(SafeguardingFlag).where(
        SafeguardingFlag.school_id == dsl.school_id)).all()
    assert flags and all(f.status == "open" for f in flags)


def test_seed_if_empty_adds_nothing_the_second_time(db):
    seed_demo(db, secret=SECRET, responses=200, seed=3)
    before = db.scalar(select(func.count(Response.id)))
    assert seed_demo(db, secret=SECRET, responses=200, seed=3, if_empty=True).created is False
    assert db.scalar(select(func.count(Response.id))) == before


def test_generated_answers_fit_their_questions_and_honour_show_if(db):
    rng = random.Random(1)
    for key in ("pupils-5-7", "pupils-7-11", "pupils-11-16", "parents", "community"):
        definition = survey(db, key).definition
        for _ in range(40):
            answers = generate_answers(definition, rng, mood=rng.uniform(-1, 1))
            for page in definition["pages"]:
                for q in page["questions"]:
                    if q["id"] not in answers:
                        continue
                    if q.get("show_if_tree"):
                        assert evaluate(q["show_if_tree"], answers), q["id"]
                    question_types.get(q["type"]).check_answer(q, answers[q["id"]])
