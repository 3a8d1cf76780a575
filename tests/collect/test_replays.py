"""A replayed submission UUID gets its receipt back only from where it was sent."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select

from westcc_voice.models import Response

from ..helpers import gen_answer_link, gen_pupil_session


def post(client, **body):
    return client.post("/api/submissions", json=body)


def _sent(client, **context) -> tuple[str, str]:
    sid = str(uuid.uuid4())
    first = post(client, submission_id=sid, answers={}, **context)
    assert first.status_code == 201, first.json
    return sid, first.json["receipt"]


def _refused_without_receipt(response) -> None:
    assert response.status_code == 409
    assert "receipt" not in response.json
    assert response.json["errors"][0]["field"] == "submission_id"
    assert "another class session or link" in response.json["errors"][0]["message"]


def test_the_same_class_session_gets_the_first_receipt_again(client, db, class_session):
    sid, receipt = _sent(client, session=class_session.join_code)
    again = post(client, submission_id=sid, session=class_session.join_code.lower(),
                 answers={})
    assert again.status_code == 200
    assert again.json == {"receipt": receipt, "stored": False, "duplicate": True}


def test_another_schools_session_gets_no_receipt(client, db, class_session):
    sid, _receipt = _sent(client, session=class_session.join_code)
    elsewhere = gen_pupil_session(db, "pupils-7-11", year_group=5)
    _refused_without_receipt(post(client, submission_id=sid, session=elsewhere.join_code,
                                  answers={}))
    assert db.scalar(select(func.count(Response.id))) == 1


def test_another_year_group_in_the_same_school_gets_no_receipt(client, db, class_session):
    sid, _receipt = _sent(client, session=class_session.join_code)
    year_six = gen_pupil_session(db, "pupils-7-11", school=class_session.school,
                                 wave=class_session.wave, year_group=6, class_label="6A")
    _refused_without_receipt(post(client, submission_id=sid, session=year_six.join_code,
                                  answers={}))


def test_a_link_or_nothing_cannot_claim_a_class_sessions_submission(client, db,
                                                                   class_session):
    sid, _receipt = _sent(client, session=class_session.join_code)
    link = gen_answer_link(db, "parents", school=class_session.school)
    _refused_without_receipt(post(client, submission_id=sid, link=link.token, answers={}))
    _refused_without_receipt(post(client, submission_id=sid, answers={}))


def test_only_the_same_link_gets_a_link_submissions_receipt(client, db):
    link = gen_answer_link(db, "parents")
    other = gen_answer_link(db, "parents", school=link.school, wave=link.wave)
    sid, receipt = _sent(client, link=link.token)
    _refused_without_receipt(post(client, submission_id=sid, link=other.token, answers={}))
    again = post(client, submission_id=sid, link=link.token, answers={})
    assert (again.status_code, again.json["receipt"]) == (200, receipt)


def test_a_queued_tablet_gets_its_receipt_after_the_session_closed(client, db, class_session):
    sid, receipt = _sent(client, session=class_session.join_code)
    class_session.closed_at = class_session.starts_at
    db.flush()
    assert client.get(f"/join/{class_session.join_code}").status_code == 410
    again = post(client, submission_id=sid, session=class_session.join_code, answers={})
    assert (again.status_code, again.json["receipt"]) == (200, receipt)
