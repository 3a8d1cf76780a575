"""A class tablet left alone: asked "Are you still there?", then cleared, and counted."""

from __future__ import annotations

import re

from sqlalchemy import select

from westcc_voice.models import ClassSession, Response

from .conftest import csrf_token_in


def test_a_class_tablets_survey_pages_carry_the_idle_check(pupil, class_session):
    pupil.start_session(class_session.join_code)
    html = pupil.client.get("/survey/2").get_data(as_text=True)
    assert re.search(r'<dialog class="idle-check" id="idle-check"[^>]*data-seconds="120" '
                     r'data-warning="30"', html)
    assert "Are you still there?" in html and 'action="/survey/idle"' in html


def test_the_start_page_has_no_idle_check(pupil, class_session):
    html = pupil.join(class_session.join_code).get_data(as_text=True)
    assert "idle-check" not in html


def test_an_idle_tablet_discards_the_answers_and_the_session_counts_one_left_unsent(
        pupil, class_session, db):
    pupil.start_session(class_session.join_code)
    pupil.page(2, school_feel="1")
    response = pupil.client.post("/survey/idle")
    assert response.status_code == 302
    assert response.location.endswith(f"/join/{class_session.join_code}")
    # nothing of the last pupil is left to show, nothing was stored
    back = pupil.client.get("/survey/2")
    assert back.status_code == 302 and back.location.endswith(f"/join/{class_session.join_code}")
    assert db.scalars(select(Response)).all() == []
    db.expire_all()
    assert db.scalar(select(ClassSession.left_unsent)
                     .where(ClassSession.id == class_session.id)) == 1


def test_a_second_idle_post_counts_nothing_more(pupil, class_session, db):
    pupil.start_session(class_session.join_code)
    pupil.client.post("/survey/idle")
    pupil.client.post("/survey/idle")
    db.expire_all()
    assert db.scalar(select(ClassSession.left_unsent)
                     .where(ClassSession.id == class_session.id)) == 1


def test_the_idle_check_can_be_turned_off(app, pupil, class_session):
    app.config["PUPIL_IDLE_SECONDS"] = 0
    try:
        pupil.start_session(class_session.join_code)
        assert "idle-check" not in pupil.client.get("/survey/2").get_data(as_text=True)
    finally:
        app.config["PUPIL_IDLE_SECONDS"] = 120


def test_csrf_is_checked_on_the_idle_post(csrf_app, class_session):
    client = csrf_app.test_client()
    page = client.get(f"/join/{class_session.join_code}").get_data(as_text=True)
    client.post(f"/join/{class_session.join_code}",
                data={"action": "start", "csrf_token": csrf_token_in(page)})
    assert client.post("/survey/idle").status_code == 400
