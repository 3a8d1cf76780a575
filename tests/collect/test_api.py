"""POST /api/submissions: the JSON door to the same intake, for the offline queue."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import event, func, select

from westcc_voice.models import Response

from ..helpers import gen_answer_codes, gen_answer_link, gen_pupil_session


def post(client, **body):
    return client.post("/api/submissions", json=body)


def test_a_class_tablet_upload_is_stored_and_gets_a_receipt(client, db, class_session):
    sid = str(uuid.uuid4())
    response = post(client, submission_id=sid, session=class_session.join_code,
                    answers={"school_feel": 5, "activities": ["sport", "library"]})
    assert response.status_code == 201, response.json
    assert response.json["stored"] is True
    row = db.scalar(select(Response).where(Response.submission_id == sid))
    assert row.year_group == class_session.year_group
    assert row.answers["activities"] == ["sport", "library"]


def test_a_retried_upload_returns_the_first_receipt_and_stores_once(client, db, class_session):
    body = {"submission_id": str(uuid.uuid4()), "session": class_session.join_code,
            "answers": {"school_feel": 5}}
    first = post(client, **body)
    again = post(client, **body)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json == {"receipt": first.json["receipt"], "stored": False, "duplicate": True}
    assert db.scalar(select(func.count(Response.id))) == 1


def test_errors_come_back_as_json_naming_the_field_and_nothing_is_stored(client, db,
                                                                       class_session):
    for answers, field in (
        ({"shoe_size": 4}, "shoe_size"),
        ({"school_feel": 11}, "school_feel"),
        ({"safe_school": "yes", "unsafe_where": ["park"]}, "unsafe_where"),
    ):
        response = post(client, submission_id=str(uuid.uuid4()),
                        session=class_session.join_code, answers=answers)
        assert response.status_code == 400
        assert [e["field"] for e in response.json["errors"]] == [field]
    assert db.scalar(select(func.count(Response.id))) == 0


def test_the_context_token_is_required(client, db):
    response = post(client, submission_id=str(uuid.uuid4()), answers={})
    assert response.status_code == 400
    assert response.json["errors"][0]["field"] == "session"
    assert post(client, submission_id=str(uuid.uuid4()), session="CDF4H7",
                answers={}).status_code == 404
    assert client.post("/api/submissions", data="nonsense").status_code == 400


def test_a_closed_session_refuses_new_uploads(client, db):
    closed = gen_pupil_session(db, closed=True)
    response = post(client, submission_id=str(uuid.uuid4()), session=closed.join_code,
                    answers={})
    assert response.status_code == 410
    assert response.json["errors"][0]["field"] == "session"


def test_device_details_sent_by_a_client_are_never_stored(client, db, class_session):
    sid = str(uuid.uuid4())
    post(client, submission_id=sid, session=class_session.join_code, answers={},
         device_id="tablet-07", started_at="2026-10-05T09:31:12Z", user_agent="Kiosk/1.0")
    row = db.scalar(select(Response).where(Response.submission_id == sid))
    stored = repr({c: getattr(row, c) for c in Response.__table__.columns.keys()})
    for detail in ("tablet-07", "09:31", "Kiosk"):
        assert detail not in stored


def test_the_json_endpoint_needs_no_csrf_token(csrf_app, client, db, class_session):
    response = post(client, submission_id=str(uuid.uuid4()), session=class_session.join_code,
                    answers={})
    assert response.status_code == 201


def test_a_letter_code_link_needs_its_code_once(client, app, db):
    link = gen_answer_link(db, "parents", single_use_codes=True)
    [code] = gen_answer_codes(db, link, app.secret_key, count=1)
    missing = post(client, submission_id=str(uuid.uuid4()), link=link.token, answers={})
    assert missing.status_code == 400 and missing.json["errors"][0]["field"] == "letter_code"
    ok = post(client, submission_id=str(uuid.uuid4()), link=link.token, letter_code=code,
              answers={}, language="ar")
    assert ok.status_code == 201
    again = post(client, submission_id=str(uuid.uuid4()), link=link.token, letter_code=code,
                 answers={})
    assert again.status_code == 409


@pytest.fixture
def statements(app):
    """The SQL statements the app sends, in order (Indico's query-counting fixture)."""
    seen: list[str] = []

    def record(_conn, _cursor, statement, *_args):
        seen.append(" ".join(statement.split()))

    engine = app.extensions["westcc_db"]["engine"]
    event.listen(engine, "before_cursor_execute", record)
    yield seen
    event.remove(engine, "before_cursor_execute", record)


def test_a_submission_costs_one_read_and_one_insert(client, db, class_session, statements):
    """Context in one query, the survey definition and the names redaction removes from
    the process's cache, replays found by the insert itself: what a class sending
    together waits on is kept small. The one other write adds one to the class
    session's live count (a single UPDATE .. SET n = n + 1, no read)."""
    # the first one reads and caches the definition and the school and staff names
    post(client, submission_id=str(uuid.uuid4()), session=class_session.join_code,
         answers={"school_feel": 5, "future_job": "a doctor"})
    statements.clear()
    response = post(client, submission_id=str(uuid.uuid4()), session=class_session.join_code,
                    answers={"school_feel": 5, "future_job": "a vet"})
    assert response.status_code == 201
    selects = [s for s in statements if s.startswith("SELECT")]
    assert len(selects) == 1 and "FROM class_sessions" in selects[0], selects
    assert [s.split()[0] for s in statements if not s.startswith(("SELECT", "SAVEPOINT",
                                                                  "RELEASE"))] == [
        "INSERT", "UPDATE"]
    [count] = [s for s in statements if s.startswith("UPDATE")]
    assert "answers_received=(class_sessions.answers_received + " in count.replace(" = ", "=")


def test_a_replay_after_the_session_closed_gets_its_receipt(client, db, class_session):
    """A tablet's queue may send again long after the teacher closed the session."""
    body = {"submission_id": str(uuid.uuid4()), "session": class_session.join_code,
            "answers": {"school_feel": 5}}
    first = post(client, **body)
    class_session.starts_at -= dt.timedelta(hours=3)  # the lesson ended hours ago
    class_session.ends_at = class_session.closed_at = (class_session.starts_at
                                                       + dt.timedelta(minutes=40))
    db.flush()
    assert post(client, **{**body, "submission_id": str(uuid.uuid4())}).status_code == 410
    again = post(client, **body)
    assert (again.status_code, again.json) == (200, {"receipt": first.json["receipt"],
                                                     "stored": False, "duplicate": True})
    assert db.scalar(select(func.count(Response.id))) == 1


def _closed_hours_ago(db, class_session, hours: int) -> None:
    class_session.starts_at -= dt.timedelta(hours=hours + 1)
    class_session.ends_at = class_session.closed_at = (class_session.starts_at
                                                       + dt.timedelta(minutes=50))
    db.flush()


def test_an_offline_answer_finished_before_the_session_closed_is_taken_the_next_day(
        client, db, class_session):
    """A tablet that found no network until the next day still sends its class's answers:
    its queue says when each was finished, and that is never stored."""
    _closed_hours_ago(db, class_session, 20)
    during = (class_session.starts_at + dt.timedelta(minutes=20)).isoformat() + "Z"
    after = (class_session.closed_at + dt.timedelta(hours=2)).isoformat() + "Z"
    body = {"session": class_session.join_code, "answers": {"school_feel": 5}}
    late = post(client, submission_id=str(uuid.uuid4()), answered_at=during, **body)
    assert late.status_code == 201, late.json
    # finished after the session closed, or with no time at all: the session is closed
    assert post(client, submission_id=str(uuid.uuid4()), answered_at=after,
                **body).status_code == 410
    assert post(client, submission_id=str(uuid.uuid4()), **body).status_code == 410
    stored = db.scalars(select(Response)).one()
    assert type(stored.submitted_on) is dt.date  # the day only, as for every response
    assert "answered_at" not in Response.__table__.c


def test_an_offline_answer_is_refused_two_weeks_after_its_session_closed(
        client, db, class_session):
    _closed_hours_ago(db, class_session, 24 * 15)
    during = (class_session.starts_at + dt.timedelta(minutes=20)).isoformat()
    response = post(client, submission_id=str(uuid.uuid4()), answered_at=during,
                    session=class_session.join_code, answers={"school_feel": 5})
    assert response.status_code == 410


@pytest.mark.parametrize("value", ["yesterday", 20261203, "2026-13-40T99:00"])
def test_a_finishing_time_that_is_not_a_time_is_refused_naming_the_field(
        client, class_session, value):
    response = post(client, submission_id=str(uuid.uuid4()), answered_at=value,
                    session=class_session.join_code, answers={"school_feel": 5})
    assert response.status_code == 400
    assert response.json["errors"][0]["field"] == "answered_at"
