"""Unfinished answers stay on the server, sealed, and go when sent, stopped or stale."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape
from pathlib import Path

import pytest
from sqlalchemy import func, select, update
from werkzeug.datastructures import MultiDict

from westcc_voice.collect import drafts
from westcc_voice.models import Response, SavedDraft
from westcc_voice.privacy.retention import apply_retention

from ..helpers import REDIS_URL, survey, using_redis
from .conftest import page_number

#: What a child might type: a name, an email address and a phone number.
IDENTIFYING = "My name is Kayleigh Robson, kayleigh.r@example.com, call 07700 900123"


@pytest.fixture
def definition(db):
    return survey(db, "pupils-7-11").definition


def _session_data(client) -> dict:
    app = client.application
    cookie = client.get_cookie("session").value
    return app.session_interface.get_signing_serializer(app).loads(cookie)


def _rows(db) -> list[SavedDraft]:
    return db.scalars(select(SavedDraft)).all()


def _type_and_go_back(pupil, definition, text: str) -> int:
    last = page_number(definition, "the_end")
    assert pupil.page(last, action="back", anything_else=text).status_code == 302
    return last


@pytest.fixture
def with_redis(app):
    """The app with drafts in the test Redis."""
    with using_redis(app) as client:
        yield client


def test_the_cookie_holds_an_opaque_token_and_no_answer(pupil, db, class_session, definition):
    pupil.start_session(class_session.join_code)
    _type_and_go_back(pupil, definition, IDENTIFYING)
    data = _session_data(pupil.client)
    token = data[drafts.SESSION_KEY]
    assert isinstance(token, str) and len(token) >= 40
    cookie_text = repr(data)
    for piece in ("Kayleigh", "example.com", "07700", "anything_else", "submission_id"):
        assert piece not in cookie_text


def test_a_stored_draft_is_sealed_and_nothing_is_written_to_the_instance_folder(
        pupil, app, db, class_session, definition):
    pupil.start_session(class_session.join_code)
    _type_and_go_back(pupil, definition, (IDENTIFYING + ". ") * 13)  # long: it once went to disk
    [row] = _rows(db)
    for piece in ("Kayleigh", "example.com", "07700", class_session.join_code):
        assert piece not in row.sealed
    token = _session_data(pupil.client)[drafts.SESSION_KEY]
    assert token not in row.id  # the table keeps a hash, so it cannot open the draft
    assert not (Path(app.instance_path) / "drafts").exists()
    # ... and the pupil still sees what they typed when they come back to the page
    page = pupil.client.get(f"/survey/{page_number(definition, 'the_end')}")
    assert "Kayleigh Robson" in page.get_data(as_text=True)


def test_sending_deletes_the_draft_and_stores_the_redacted_answer(
        pupil, db, class_session, definition):
    pupil.start_session(class_session.join_code)
    last = _type_and_go_back(pupil, definition, IDENTIFYING)
    assert len(_rows(db)) == 1
    pupil.send(last, anything_else=IDENTIFYING)
    assert _rows(db) == []
    [response] = db.scalars(select(Response)).all()
    assert "07700 900123" not in response.answers["anything_else"]
    assert drafts.SESSION_KEY not in _session_data(pupil.client)


def test_stopping_without_sending_deletes_the_draft(pupil, db, class_session, definition):
    pupil.start_session(class_session.join_code)
    last = _type_and_go_back(pupil, definition, IDENTIFYING)
    response = pupil.client.post(f"/survey/stop?page={last}", data={"action": "discard"})
    assert response.status_code == 200
    assert _rows(db) == []
    assert db.scalar(select(func.count(Response.id))) == 0


def test_the_next_pupil_on_the_tablet_gets_a_new_draft(pupil, db, class_session, definition):
    pupil.start_session(class_session.join_code)
    _type_and_go_back(pupil, definition, IDENTIFYING)
    first = _session_data(pupil.client)[drafts.SESSION_KEY]
    pupil.start_session(class_session.join_code)  # the tablet goes back to the start
    second = _session_data(pupil.client)[drafts.SESSION_KEY]
    assert first != second
    [row] = _rows(db)  # the first pupil's draft is gone, not left behind
    page = pupil.client.get(f"/survey/{page_number(definition, 'the_end')}")
    assert "Kayleigh" not in page.get_data(as_text=True)
    assert row.id != drafts._ident(first)


def test_a_stale_draft_is_gone_and_retention_sweeps_it(pupil, db, class_session, definition):
    pupil.start_session(class_session.join_code)
    _type_and_go_back(pupil, definition, IDENTIFYING)
    db.execute(update(SavedDraft).values(expires_at=dt.datetime(2026, 1, 1)))
    db.commit()
    # the tablet is sent back to the class's start page; the old answers are not shown
    response = pupil.client.get("/survey/1")
    assert response.status_code == 302
    assert response.location.endswith(f"/join/{class_session.join_code}")
    dry = apply_retention(db, today=dt.date(2026, 1, 2), response_days=365, flag_days=30,
                          dry_run=True)
    assert dry.drafts == 1 and len(_rows(db)) == 1
    result = apply_retention(db, today=dt.date(2026, 1, 2), response_days=365, flag_days=30)
    assert result.drafts == 1
    assert "and 1 unfinished draft(s) past their expiry" in result.describe()
    assert _rows(db) == []


def test_a_draft_cannot_be_opened_with_another_token(app, db, class_session):
    with app.test_request_context("/"):
        drafts.save(drafts.Draft(kind="session", key=class_session.join_code,
                                 answers={"anything_else": IDENTIFYING}))
        token = drafts.session[drafts.SESSION_KEY]
        assert drafts.load().answers["anything_else"] == IDENTIFYING
    [row] = _rows(db)
    # someone holding the table and the secret key, but not the cookie, gets nothing
    with app.test_request_context("/"):
        other = "x" * len(token)
        drafts.session[drafts.SESSION_KEY] = other
        db.add(SavedDraft(id=drafts._ident(other), sealed=row.sealed,
                          expires_at=row.expires_at))
        db.flush()
        assert drafts.load() is None


def test_with_redis_drafts_live_there_with_a_time_limit_and_go_on_send(
        with_redis, pupil, db, class_session, definition):
    pupil.start_session(class_session.join_code)
    last = _type_and_go_back(pupil, definition, IDENTIFYING)
    assert _rows(db) == []
    [key] = with_redis.keys("westcc:draft:*")
    assert 0 < with_redis.ttl(key) <= drafts.MAX_AGE
    assert b"Kayleigh" not in with_redis.get(key)
    pupil.send(last, anything_else=IDENTIFYING)
    assert with_redis.keys("westcc:draft:*") == []
    assert db.scalar(select(func.count(Response.id))) == 1


def test_when_redis_is_down_drafts_go_to_the_database_and_nothing_is_lost(
        app, pupil, db, class_session, definition):
    saved = app.config["REDIS_URL"]
    app.config["REDIS_URL"] = "redis://127.0.0.1:1/0"
    try:
        pupil.start_session(class_session.join_code)
        last = _type_and_go_back(pupil, definition, IDENTIFYING)
        assert len(_rows(db)) == 1
        page = pupil.client.get(f"/survey/{last}")
        assert "Kayleigh Robson" in page.get_data(as_text=True)
        pupil.send(last, anything_else=IDENTIFYING)
    finally:
        app.config["REDIS_URL"] = saved
    assert _rows(db) == []
    assert db.scalar(select(func.count(Response.id))) == 1


def test_when_redis_goes_away_mid_survey_the_page_typed_is_kept_to_send_again(
        app, with_redis, pupil, db, class_session, definition):
    pupil.start_session(class_session.join_code)
    last = _type_and_go_back(pupil, definition, "first words")  # the draft is in Redis
    typed = "We need a youth club that is open on Saturdays"
    app.config["REDIS_URL"] = "redis://127.0.0.1:1/0"  # Redis goes away
    away = pupil.page(last, action="back", anything_else=typed)
    assert away.status_code == 503
    html = away.get_data(as_text=True)
    assert "Nothing is lost" in html
    assert f'name="a-anything_else" value="{typed}"' in html
    app.config["REDIS_URL"] = REDIS_URL  # back again
    resent = pupil.client.post(f"/survey/{last}", data=MultiDict(_hidden_fields(html)))
    assert resent.status_code == 302
    assert typed in pupil.client.get(f"/survey/{last}").get_data(as_text=True)
    pupil.send(last, anything_else=typed)
    assert db.scalars(select(Response)).one().answers["anything_else"] == typed


def _hidden_fields(html: str) -> list[tuple[str, str]]:
    return [(unescape(name), unescape(value)) for name, value in
            re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html)]
