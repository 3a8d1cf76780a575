"""CSRF on every form, and a tablet left open for an hour loses nothing."""

from __future__ import annotations

import re
import time

from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import func, select

from westcc_voice.models import Response

from ..helpers import survey
from .conftest import csrf_token_in, page_number


def expired_token(client, app) -> str:
    """A token signed two hours ago for this browser's session, as an idle tablet holds."""
    with client.session_transaction() as sess:
        raw = sess["csrf_token"]
    serializer = URLSafeTimedSerializer(app.secret_key, salt="wtf-csrf-token")
    real_time = time.time
    try:
        time.time = lambda: real_time() - 7200
        return serializer.dumps(raw)
    finally:
        time.time = real_time


def test_forms_without_a_token_are_refused(csrf_app, client, db, class_session):
    response = client.post(f"/join/{class_session.join_code}", data={"action": "start"})
    assert response.status_code == 400
    assert client.get("/survey/1").status_code == 302  # nothing was started


def test_an_expired_page_comes_back_with_the_answers_kept(csrf_app, client, db, class_session):
    code = class_session.join_code
    token = csrf_token_in(client.get(f"/join/{code}").get_data(as_text=True))
    client.post(f"/join/{code}", data={"action": "start", "csrf_token": token})
    page = page_number(survey(db, "pupils-7-11").definition, "school_learning")
    client.get(f"/survey/{page}")
    stale = expired_token(client, csrf_app)
    response = client.post(f"/survey/{page}", data={
        "csrf_token": stale, "action": "next", "a-learning-get_help": "2",
        "a-learning-enjoy": "5"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "This page was open a long time, so we refreshed it." in html
    assert "Your answers are still here" in html
    for name, value in (("a-learning-get_help", "2"), ("a-learning-enjoy", "5")):
        assert re.search(rf'name="{name}" value="{value}" checked', html), name
    fresh = csrf_token_in(html)
    assert fresh != stale
    response = client.post(f"/survey/{page}", data={
        "csrf_token": fresh, "action": "next", "a-learning-get_help": "2"})
    assert response.status_code == 302


def test_an_expired_join_form_keeps_the_typed_code(csrf_app, client, db):
    client.get("/join")
    response = client.post("/join", data={"code": "CDF4H7", "csrf_token": "stale"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'value="CDF4H7"' in html
    assert "Please press the button again" in html


def test_a_whole_survey_works_with_csrf_on(csrf_app, client, db, class_session):
    code = class_session.join_code
    token = csrf_token_in(client.get(f"/join/{code}").get_data(as_text=True))
    client.post(f"/join/{code}", data={"action": "start", "csrf_token": token})
    last = page_number(survey(db, "pupils-7-11").definition, "the_end")
    token = csrf_token_in(client.get(f"/survey/{last}").get_data(as_text=True))
    response = client.post(f"/survey/{last}", data={"action": "submit", "csrf_token": token})
    assert response.status_code == 302
    assert db.scalar(select(func.count(Response.id))) == 1
