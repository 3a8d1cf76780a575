"""Staff pages: steering users get every briefing, a school lead only their school's,
and everyone else nothing. Long renders show a progress page that refreshes itself."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import select

from westcc_voice.models import AuditEvent

from ..helpers import gen_staff

WAVE = "2026-autumn"


pytestmark = pytest.mark.usefixtures("fresh_briefing_jobs")


def follow(client, response, timeout=180):
    """Follow redirects and the self-refreshing progress page until the briefing
    arrives; returns it and how many progress pages were shown on the way."""
    deadline = time.monotonic() + timeout
    location, progress_pages = None, 0
    while True:
        if response.status_code == 302:
            location = response.headers["Location"]
        elif response.status_code == 200 and b"Preparing the briefing" in response.data:
            progress_pages += 1
            assert b'<meta http-equiv="refresh" content="2">' in response.data
            assert b"<progress" in response.data and b'role="status"' in response.data
            assert time.monotonic() < deadline, "the briefing never finished"
            time.sleep(0.3)
        else:
            return response, progress_pages
        response = client.get(location)


@pytest.mark.slow
def test_steering_user_downloads_the_partnership_pdf(client, actions, db, demo):
    user = gen_staff(db, "steering")
    actions.login(user)
    index = client.get("/staff/briefings/")
    assert index.status_code == 200
    assert b"All WEST schools (the partnership)" in index.data
    assert b"Tyneview Primary" in index.data and b"Cruddas Park Primary" in index.data

    started = client.get(f"/staff/briefings/{WAVE}/partnership/briefing.pdf")
    assert started.status_code == 302 and "/staff/briefings/jobs/" in started.headers["Location"]
    response, _ = follow(client, started)
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    assert "attachment" in response.headers["Content-Disposition"]
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "briefing.download"))
    assert event.actor_id == user.id and event.target == f"briefing:{WAVE}:partnership"

    again = client.get(f"/staff/briefings/{WAVE}/partnership/briefing.pdf")
    assert again.status_code == 200, "a finished briefing is served from memory"


@pytest.mark.slow
def test_school_lead_sees_only_their_own_school(client, actions, db, demo):
    actions.login(gen_staff(db, "school_lead", school=demo["tyneview"]))
    index = client.get("/staff/briefings/")
    assert index.status_code == 200
    assert b"Tyneview Primary" in index.data
    assert b"the partnership" not in index.data and b"Cruddas Park Primary" not in index.data

    assert client.get(f"/staff/briefings/{WAVE}/partnership/").status_code == 403
    assert client.get(f"/staff/briefings/{WAVE}/cruddas/briefing.pdf").status_code == 403

    response, _ = follow(client, client.get(f"/staff/briefings/{WAVE}/tyneview/"))
    assert response.status_code == 200 and response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert "Tyneview Primary" in page and "Download the PDF" in page
    assert "The appendix: every chart and table" in page
    response, _ = follow(client, client.get(f"/staff/briefings/{WAVE}/tyneview/appendix/"))
    appendix = response.get_data(as_text=True)
    assert 'alt="Stacked bar chart' in appendix
    for other in ("Cruddas Park Primary", "Bentinck Road Primary", "Hadrian Fields Primary"):
        assert other not in page and other not in appendix
    assert client.get(f"/staff/briefings/{WAVE}/cruddas/appendix/").status_code == 403
    assert client.get(f"/staff/briefings/{WAVE}/cruddas/appendix.pdf").status_code == 403


def test_teacher_and_dsl_get_403(client, actions, db, demo):
    for role in ("teacher", "dsl"):
        actions.login(gen_staff(db, role, school=demo["tyneview"]))
        assert client.get("/staff/briefings/").status_code == 403
        assert client.get(f"/staff/briefings/{WAVE}/tyneview/briefing.pdf").status_code == 403
        actions.logout()


def test_signed_out_people_are_sent_to_sign_in(client, demo):
    response = client.get("/staff/briefings/")
    assert response.status_code in (302, 401)


def test_unknown_wave_or_expired_job_is_not_found(client, actions, db, demo):
    actions.login(gen_staff(db, "steering"))
    assert client.get("/staff/briefings/1999-spring/partnership/").status_code == 404
    gone = client.get("/staff/briefings/jobs/0123456789abcdef")
    assert gone.status_code == 404 and b"no longer here" in gone.data


def test_a_wave_with_no_responses_is_a_note_without_an_appendix_link(client, actions, db, demo):
    import datetime as dt

    from westcc_voice.models import Wave

    db.add(Wave(code="2027-summer", name="Summer 2027", starts_on=dt.date(2027, 4, 1)))
    db.commit()
    actions.login(gen_staff(db, "school_lead", school=demo["tyneview"]))
    response, _ = follow(client, client.get("/staff/briefings/2027-summer/tyneview/"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "No responses have been recorded for Summer 2027 at Tyneview Primary yet." in page
    assert "The appendix: every chart and table" not in page
