"""A class session seen live: answers arriving, tablets' waiting answers, an explicit
year group, and a close that asks first and can be undone."""

from __future__ import annotations

import datetime as dt
import re
import uuid

import pytest
from sqlalchemy import select

from westcc_voice.models import AuditEvent, ClassSession
from westcc_voice.staff.sessions import local_today, to_local

from .. import helpers
from .test_sessions import form_data


def send_answer(client, cs, submission_id: str | None = None):
    return client.post("/api/submissions", json={
        "submission_id": submission_id or str(uuid.uuid4()), "session": cs.join_code,
        "answers": {}})


def live(client, *sessions):
    response = client.get("/staff/sessions/live?ids=" + ",".join(str(s.id) for s in sessions))
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.json["sessions"]


def audit(db, action: str) -> list[AuditEvent]:
    return list(db.scalars(select(AuditEvent).where(AuditEvent.action == action)))


# --- the count ------------------------------------------------------------------------------

def test_each_answer_sent_adds_one_to_the_live_count_and_a_resend_does_not(client, actions,
                                                                            db, world):
    cs = helpers.gen_class_session(db, world.teacher, world.pupils, world.wave)
    actions.login(world.teacher)
    assert live(client, cs)[str(cs.id)] == {"received": 0, "waiting": 0, "open": True}
    first = str(uuid.uuid4())
    assert send_answer(client, cs, first).status_code == 201
    assert send_answer(client, cs).status_code == 201
    assert send_answer(client, cs, first).status_code == 200  # a tablet retrying
    assert live(client, cs)[str(cs.id)]["received"] == 2


def test_the_pages_show_the_count_when_they_load_without_javascript(client, actions, db,
                                                                    world):
    cs = helpers.gen_class_session(db, world.teacher, world.pupils, world.wave)
    send_answer(client, cs)
    actions.login(world.teacher)
    for path in (f"/staff/sessions/{cs.id}", f"/staff/sessions/{cs.id}/show",
                 "/staff/sessions/"):
        page = client.get(path).get_data(as_text=True)
        assert re.search(r'data-live="received">1</span>\s*<span class="live-label">answer sent',
                         page), path
        assert 'data-live-url="/staff/sessions/live"' in page, path
        assert "js/staff-live.js" in page, path


def test_answers_a_tablet_holds_show_as_waiting_until_it_sends_them(client, actions, db,
                                                                    world):
    cs = helpers.gen_class_session(db, world.teacher, world.pupils, world.wave)
    tablets = ("a" * 32, "b" * 32)
    for tablet, waiting in zip(tablets, (3, 2), strict=True):
        reported = client.post("/api/waiting", json={"session": cs.join_code.lower(),
                                                     "tablet": tablet, "waiting": waiting})
        assert reported.status_code == 200, reported.json
    actions.login(world.teacher)
    assert live(client, cs)[str(cs.id)]["waiting"] == 5
    page = client.get(f"/staff/sessions/{cs.id}").get_data(as_text=True)
    assert re.search(r'data-live="waiting">5</span>\s*<span class="live-label">waiting on '
                     r'tablets', page)
    client.post("/api/waiting", json={"session": cs.join_code, "tablet": tablets[0],
                                      "waiting": 0})
    assert live(client, cs)[str(cs.id)]["waiting"] == 2


@pytest.mark.parametrize(("body", "field"), [
    ({"tablet": "a" * 32, "waiting": 1}, "session"),
    ({"tablet": "short", "waiting": 1}, "tablet"),
    ({"tablet": "a" * 32, "waiting": -1}, "waiting"),
    ({"tablet": "a" * 32, "waiting": True}, "waiting"),
    ({"tablet": "a" * 32, "waiting": 5000}, "waiting"),
])
def test_a_waiting_report_that_does_not_fit_is_refused_naming_the_field(client, db, world,
                                                                       body, field):
    cs = helpers.gen_class_session(db, world.teacher, world.pupils, world.wave)
    if field != "session":
        body = {"session": cs.join_code, **body}
    response = client.post("/api/waiting", json=body)
    assert response.status_code == 400
    assert response.json["errors"][0]["field"] == field


def test_a_waiting_report_for_an_unknown_code_is_not_found(client, db, world):
    response = client.post("/api/waiting", json={"session": "CDF4H7", "tablet": "a" * 32,
                                                 "waiting": 1})
    assert response.status_code == 404


def test_the_live_count_keeps_to_the_school_and_refuses_bad_ids(client, actions, db, world):
    own = helpers.gen_class_session(db, world.teacher, world.pupils, world.wave)
    other = helpers.gen_class_session(db, world.other_teacher, world.pupils, world.wave)
    actions.login(world.teacher)
    assert set(live(client, own, other)) == {str(own.id)}
    for ids in ("", "1,x", ",".join(["1"] * 201)):
        response = client.get(f"/staff/sessions/live?ids={ids}")
        assert response.status_code == 400
        assert "class session numbers separated by commas" in response.json["errors"][0][
            "message"]


# --- year group -------------------------------------------------------------------------------

def test_the_form_never_chooses_a_year_group_for_the_teacher(client, actions, db, world):
    actions.login(world.teacher)
    page = client.get("/staff/sessions/new").get_data(as_text=True)
    select_box = re.search(r'<select[^>]*id="year_group".*?</select>', page, re.S).group(0)
    assert re.search(r'<option selected value="">Choose the class', select_box)
    response = client.post("/staff/sessions/new", data=form_data(world, year_group=""))
    assert response.status_code == 400
    assert 'href="#year_group">Year group: choose the class&#39;s year group' in \
        response.get_data(as_text=True)
    assert db.scalar(select(ClassSession)) is None


# --- closing, and undoing it ---------------------------------------------------------------

def test_closing_asks_first_then_closes_and_can_be_undone(client, actions, db, world):
    cs = helpers.gen_class_session(db, world.teacher, world.pupils, world.wave)
    actions.login(world.teacher)
    detail = client.get(f"/staff/sessions/{cs.id}").get_data(as_text=True)
    assert f'href="/staff/sessions/{cs.id}/close"' in detail
    ask = client.get(f"/staff/sessions/{cs.id}/close").get_data(as_text=True)
    assert "Close the session for 4B, Year 4?" in ask and "Yes, close the session" in ask
    assert "undo this for 5 minutes" in ask
    db.refresh(cs)
    assert cs.closed_at is None  # asking closes nothing

    closed = client.post(f"/staff/sessions/{cs.id}/close", follow_redirects=True)
    page = closed.get_data(as_text=True)
    assert "Undo: reopen the session" in page
    db.refresh(cs)
    assert not cs.is_open()
    assert client.get(f"/join/{cs.join_code}").status_code == 410

    reopened = client.post(f"/staff/sessions/{cs.id}/reopen", follow_redirects=True)
    assert "is open again: the same code works" in reopened.get_data(as_text=True)
    db.refresh(cs)
    assert cs.is_open()
    [event] = audit(db, "class_session.reopen")
    assert event.actor_id == world.teacher.id and event.target == f"class_session:{cs.id}"


def test_a_close_cannot_be_undone_after_the_configured_minutes(app, client, actions, db,
                                                               world):
    app.config["CLOSE_UNDO_MINUTES"] = 2
    cs = helpers.gen_class_session(db, world.teacher, world.pupils, world.wave)
    cs.closed_at = cs.starts_at + dt.timedelta(seconds=1) - dt.timedelta(minutes=3)
    cs.starts_at -= dt.timedelta(minutes=10)
    db.flush()
    actions.login(world.teacher)
    assert "Undo: reopen" not in client.get(f"/staff/sessions/{cs.id}").get_data(as_text=True)
    refused = client.post(f"/staff/sessions/{cs.id}/reopen", follow_redirects=True)
    assert "can no longer be reopened" in refused.get_data(as_text=True)
    assert "undone for 2 minute(s) only" in refused.get_data(as_text=True)
    db.refresh(cs)
    assert not cs.is_open() and audit(db, "class_session.reopen") == []


def test_another_schools_session_cannot_be_closed_or_reopened(client, actions, db, world):
    cs = helpers.gen_class_session(db, world.other_teacher, world.pupils, world.wave)
    actions.login(world.teacher)
    for method, path in (("get", "close"), ("post", "close"), ("post", "reopen")):
        assert getattr(client, method)(f"/staff/sessions/{cs.id}/{path}").status_code == 404


# --- dates with times ------------------------------------------------------------------------

def test_a_session_open_for_days_shows_the_date_it_ends_not_only_a_time(client, actions, db,
                                                                        world):
    helpers.gen_class_session(db, world.teacher, world.pupils, world.wave,
                              minutes=60 * 24 * 3)
    actions.login(world.teacher)
    listing = client.get("/staff/sessions/").get_data(as_text=True)
    assert re.search(r"Open</strong> until \w{3} \d{1,2} \w{3} \d{4}, \d\d:\d\d", listing)
    short = helpers.gen_class_session(db, world.teacher, world.pupils, world.wave, minutes=5)
    detail = client.get(f"/staff/sessions/{short.id}").get_data(as_text=True)
    ends = to_local(short.ends_at)
    if ends.date() == local_today():
        assert f"Open until {ends:%H:%M} today." in detail
