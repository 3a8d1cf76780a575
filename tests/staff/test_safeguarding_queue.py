"""The safeguarding queue: only the school's DSL reads a child's flagged words."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import select

from westcc_voice.models import AuditEvent, SafeguardingFlag
from westcc_voice.privacy.retention import apply_retention
from westcc_voice.staff.sessions import local_today

from .. import helpers

DISCLOSURE = "my dad hits me when mam is at work"


def _pupil_writes(client, db, school, text):
    session = helpers.gen_pupil_session(db, "pupils-7-11", school=school, class_label="5R")
    sent = client.post("/api/submissions", json={
        "submission_id": str(uuid.uuid4()), "session": session.join_code,
        "answers": {"anything_else": text}})
    assert sent.status_code == 201, sent.get_json()
    return db.scalars(select(SafeguardingFlag).where(
        SafeguardingFlag.class_session_id == session.id)).one()


def test_the_dsl_reads_the_words_with_the_class_and_marks_them_reviewed(
        client, actions, db, world):
    flag = _pupil_writes(client, db, world.school, DISCLOSURE)
    actions.login(world.dsl)
    dashboard = client.get("/staff/").get_data(as_text=True)
    assert "Safeguarding flags (1 to review)" in dashboard
    page = client.get("/staff/safeguarding/")
    assert page.status_code == 200
    assert page.headers["Cache-Control"].startswith("no-store")
    html = page.get_data(as_text=True)
    assert DISCLOSURE in html
    assert "5R, Year 5" in html and world.school.name in html
    assert html.count("Being hit or hurt by someone, now or recently") == 1  # one per category
    assert "Is there anything else you want to tell us" in html

    done = client.post(f"/staff/safeguarding/{flag.id}", data={"decision": "referred"},
                       follow_redirects=True)
    assert done.status_code == 200
    db.refresh(flag)
    assert flag.status == "referred" and flag.reviewed_by_id == world.dsl.id
    retention = client.application.config["SAFEGUARDING_RETENTION_DAYS"]
    assert flag.delete_after == local_today() + dt.timedelta(days=retention)
    assert "will be deleted on" in done.get_data(as_text=True)
    assert "Nothing to review." in done.get_data(as_text=True)
    event = db.scalars(select(AuditEvent).where(
        AuditEvent.action == "safeguarding.referred")).one()
    assert (event.actor_id, event.target) == (world.dsl.id, f"flag:{flag.id}")

    # on its delete date, retention removes the child's words
    apply_retention(db, today=flag.delete_after, response_days=1095, flag_days=retention)
    assert db.get(SafeguardingFlag, flag.id) is None


def test_no_one_else_sees_the_queue_or_another_schools_flags(client, actions, db, world):
    mine = _pupil_writes(client, db, world.school, DISCLOSURE)
    theirs = _pupil_writes(client, db, world.other_school, "someone at home hurts me")
    for person in (world.teacher, world.lead, world.steering, world.admin):
        actions.login(person)
        assert client.get("/staff/safeguarding/").status_code == 403
        assert client.post(f"/staff/safeguarding/{mine.id}",
                           data={"decision": "reviewed"}).status_code == 403
        assert "Safeguarding flags" not in client.get("/staff/").get_data(as_text=True)
        actions.logout()
    actions.login(world.dsl)
    html = client.get("/staff/safeguarding/").get_data(as_text=True)
    assert DISCLOSURE in html and "someone at home hurts me" not in html
    assert client.post(f"/staff/safeguarding/{theirs.id}",
                       data={"decision": "reviewed"}).status_code == 404
    db.refresh(theirs)
    assert theirs.status == "open"


def test_a_decision_must_be_one_of_the_two(client, actions, db, world):
    flag = _pupil_writes(client, db, world.school, DISCLOSURE)
    actions.login(world.dsl)
    bad = client.post(f"/staff/safeguarding/{flag.id}", data={"decision": "ignore"})
    assert bad.status_code == 400
    assert "decision: expected one of reviewed, referred" in bad.get_data(as_text=True)
    db.refresh(flag)
    assert flag.status == "open"
