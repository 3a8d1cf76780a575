"""Hostile or broken input: a 400 naming the field (413 for a huge body), never a 500,
and nothing invalid stored. Text a database cannot hold is cleaned before anything is
stored, so a pupil's disclosure is never lost to a stray NUL or lone surrogate."""

from __future__ import annotations

import dataclasses
import json
import uuid

import pytest
from sqlalchemy import func, select

from westcc_voice.collect import intake
from westcc_voice.collect.intake import IntakeEnv, Submission
from westcc_voice.models import Response, SafeguardingFlag, utcnow

from .conftest import page_number

API = "/api/submissions"


def count(db, model=Response) -> int:
    return db.scalar(select(func.count(model.id)))


def post_raw(client, body: str | bytes):
    return client.post(API, data=body, content_type="application/json")


def body_for(class_session, answers, **extra) -> dict:
    return {"submission_id": str(uuid.uuid4()), "session": class_session.join_code,
            "answers": answers, **extra}


@pytest.mark.parametrize(("answers", "field"), [
    ({"school_feel": True}, "school_feel"),          # Python takes True for 1
    ({"school_feel": 3.0}, "school_feel"),           # ... and 3.0 for 3
    ({"school_feel": "³"}, "school_feel"),           # a superscript three
    ({"school_feel": "٣"}, "school_feel"),           # an Arabic-Indic three on a radio
    ({"belong": 10**400}, "belong"),
    ({"belong": "1" * 400}, "belong"),
    ({"good_friends": 1}, "good_friends"),
    ({"learning": {"enjoy": False}}, "learning"),
    ({"learning": {"x" * 5000: 3}}, "learning"),
    ({"activities": [{"sport": 1}]}, "activities"),
    ({"activities": [["sport"]]}, "activities"),
    ({"future_job": 42}, "future_job"),
    ({"future_job": "x" * 201}, "future_job"),
    ({"\x00": 1}, "?"),
])
def test_an_answer_of_the_wrong_kind_is_refused_naming_its_question(client, db,
                                                                   class_session, answers,
                                                                   field):
    response = client.post(API, json=body_for(class_session, answers))
    assert response.status_code == 400, response.json
    [error] = response.json["errors"]
    assert error["field"] == field
    assert len(error["message"]) < 300  # a huge answer is not echoed back whole
    assert count(db) == 0


@pytest.mark.parametrize("language", ["xx", "en\n", "ar", "EN", 7, ["en"]])
def test_a_language_the_survey_does_not_offer_is_refused(client, db, class_session,
                                                         language):
    response = client.post(API, json=body_for(class_session, {"school_feel": 4},
                                              language=language))
    assert response.status_code == 400
    assert [e["field"] for e in response.json["errors"]] == ["language"]
    assert count(db) == 0


@pytest.mark.parametrize("number", ["Infinity", "-Infinity", "NaN", "1e400"])
def test_numbers_json_cannot_hold_are_refused(client, db, class_session, number):
    body = json.dumps(body_for(class_session, {})).replace('"answers": {}',
                                                           f'"answers": {{"belong": {number}}}')
    response = post_raw(client, body)
    assert response.status_code == 400
    assert response.json["errors"][0]["field"] in {"(body)", "belong"}
    assert count(db) == 0


@pytest.mark.parametrize("depth", [20, 1_000, 100_000])
def test_deeply_nested_json_is_refused(client, db, class_session, depth):
    body = json.dumps(body_for(class_session, {})).replace(
        '"answers": {}', '"answers": {"learning": ' + "[" * depth + "]" * depth + "}")
    response = post_raw(client, body)
    assert response.status_code == 400
    assert response.json["errors"] == [{"field": "(body)",
                                        "message": "nested more than 8 deep"}]
    assert count(db) == 0


def test_a_body_that_is_not_utf8_json_is_refused(client, db, class_session):
    for body in (b"\xff\xfe{}", b"{'single': 'quotes'}", b"[1, 2]", b""):
        response = post_raw(client, body)
        assert response.status_code == 400
        assert response.json["errors"][0]["field"] == "(body)"


def test_a_body_over_the_size_limit_gets_a_json_413_and_nothing_is_stored(app, client, db,
                                                                       class_session):
    limit = app.config["MAX_CONTENT_LENGTH"]
    body = body_for(class_session, {"future_job": "x" * limit})
    response = client.post(API, json=body)
    assert response.status_code == 413
    assert response.json["errors"][0]["field"] == "(body)"
    assert f"{limit:,} bytes" in response.json["errors"][0]["message"]
    assert count(db) == 0


def test_a_page_post_over_the_size_limit_is_refused_without_a_crash(app, client, db,
                                                                  class_session, pupil):
    pupil.join(class_session.join_code)
    pupil.start_session(class_session.join_code)
    response = pupil.page(1, future_job="x" * app.config["MAX_CONTENT_LENGTH"])
    assert response.status_code == 413


@pytest.mark.parametrize(("typed", "stored"), [
    ("my dad\x00 hits me", "my dad hits me"),
    ("my dad hits me \udfff", "my dad hits me \ufffd"),
    ("my dad hits me\ufffe\x07", "my dad hits me"),
    ("cafe\u0301 after school", "café after school"),
])
def test_text_a_database_cannot_hold_is_cleaned_and_the_disclosure_kept(client, db,
                                                                      class_session, typed,
                                                                      stored):
    """A NUL (PostgreSQL refuses it) or a lone surrogate (no driver encodes it) once
    made intake fail with neither the response nor the flag stored, on every retry."""
    body = body_for(class_session, {"anything_else": typed})
    response = client.post(API, json=body)
    assert response.status_code == 201, response.json
    row = db.scalar(select(Response).where(Response.submission_id == body["submission_id"]))
    assert row.answers["anything_else"] == stored
    flags = db.scalars(select(SafeguardingFlag)).all()
    if "hits me" in stored:
        [flag] = flags
        assert flag.original_text == stored
        assert flag.school_id == class_session.school_id
    else:
        assert flags == []


def test_text_typed_on_a_survey_page_is_cleaned_too(client, db, class_session, pupil):
    pupil.join(class_session.join_code)
    pupil.start_session(class_session.join_code)
    definition = class_session.survey_version.definition
    last = page_number(definition, definition["pages"][-1]["id"])
    pupil.send(last, anything_else="my dad\x00 hits me")
    row = db.scalars(select(Response)).one()
    assert row.answers["anything_else"] == "my dad hits me"
    assert db.scalars(select(SafeguardingFlag)).one().original_text == "my dad hits me"


def test_a_superscript_on_a_survey_page_gets_the_page_again_not_a_crash(client, db,
                                                                      class_session, pupil):
    pupil.join(class_session.join_code)
    pupil.start_session(class_session.join_code)
    definition = class_session.survey_version.definition
    number = next(n for n, page in enumerate(definition["pages"], start=1)
                  if any(q["id"] == "school_feel" for q in page["questions"]))
    response = pupil.page(number, school_feel="³")
    assert response.status_code == 400
    assert "Please choose one of the answers shown." in response.get_data(as_text=True)
    assert count(db) == 0


def test_a_flag_that_cannot_be_stored_takes_its_response_with_it(db, class_session):
    """The response and its safeguarding flag are stored together or not at all."""
    sub = Submission(str(uuid.uuid4()), {"anything_else": "my dad hits me"}, "en",
                     class_session.survey_version_id, class_session.wave_id, "pupil",
                     utcnow().date(), school_id=class_session.school_id, year_group=5,
                     class_session_id=class_session.id)
    broken = dataclasses.replace(sub, class_session_id=class_session.id + 10_000)
    env = IntakeEnv(db, class_session.survey_version.definition, "secret")
    with pytest.raises(Exception, match="(?i)foreign key"):
        intake.run(broken, env)
    assert (count(db), count(db, SafeguardingFlag)) == (0, 0)
    intake.run(sub, env)
    assert (count(db), count(db, SafeguardingFlag)) == (1, 1)
