"""The teacher's live view in Chromium, and the new staff pages: usable and axe-clean.

A submission arrives and the count on the session page changes without a reload; a
tablet's waiting answers appear the same way. Screenshots go to WESTCC_SCREENSHOTS
(default /tmp/westcc-screenshots): live-*.png, staff-*.png.
"""

from __future__ import annotations

import time
import uuid

import pytest

from westcc_voice.db import db_session
from westcc_voice.models import ClassSession, StaffUser

from .. import helpers
from .conftest import press, serious_violations, sign_in

pytestmark = pytest.mark.browser
DESK = {"viewport": {"width": 1280, "height": 900}}
PROJECTOR = {"viewport": {"width": 1280, "height": 720}}


@pytest.fixture
def fresh_session(site):
    """A new open class session at the site's school, with nothing sent yet; live counts
    looked at every second while the test runs."""
    saved = site.app.config["LIVE_POLL_SECONDS"]
    site.app.config["LIVE_POLL_SECONDS"] = 1
    with site.app.app_context():
        db = db_session()
        model = db.query(ClassSession).filter_by(join_code=site.join_code).one()
        admin = db.query(StaffUser).filter_by(email=site.admin_email).one()
        cs = helpers.gen_class_session(db, admin, model.survey_version, model.wave,
                                       school=model.school, year_group=5, class_label="5T")
        db.commit()
        found = (cs.id, cs.join_code)
    yield found
    site.app.config["LIVE_POLL_SECONDS"] = saved


def _until_text(locator, text: str, seconds: float = 10) -> None:
    """Poll from Python (the content policy refuses the eval wait_for_function needs)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if locator.is_visible() and locator.inner_text().strip() == text:
            return
        time.sleep(0.2)
    raise AssertionError(f"expected {text!r}, still {locator.inner_text()!r}")


def _send_answer(site, code: str) -> None:
    response = site.app.test_client().post("/api/submissions", json={
        "submission_id": str(uuid.uuid4()), "session": code,
        "answers": {"school_feel": 4}})
    assert response.status_code == 201, response.json


def test_answers_arriving_change_the_count_without_a_reload(site, chromium, axe_script,
                                                            shots, fresh_session):
    session_id, code = fresh_session
    context = chromium.new_context(**DESK)
    page, found, loads = context.new_page(), {}, []
    try:
        sign_in(page, site, site.admin_email)
        page.goto(f"{site.url}/staff/sessions/{session_id}")
        received = page.locator('.live-panel [data-live="received"]')
        assert received.inner_text() == "0"
        assert not page.locator('.live-panel [data-live-box="waiting"]').is_visible()
        page.on("load", lambda _page: loads.append(1))

        _send_answer(site, code)
        _until_text(received, "1")
        _send_answer(site, code)
        _until_text(received, "2")
        assert page.locator(".live-panel .live-label").first.inner_text() == "answers sent"
        waiting = site.app.test_client().post("/api/waiting", json={
            "session": code, "tablet": "t" * 24, "waiting": 3})
        assert waiting.status_code == 200
        _until_text(page.locator('.live-panel [data-live="waiting"]'), "3")
        assert loads == []  # every change came without reloading the page
        page.screenshot(path=str(shots / "live-session.png"), full_page=True)
        found["session"] = serious_violations(page, axe_script)

        page.goto(f"{site.url}/staff/sessions/?all=1")
        row = page.locator(f'[data-live-session="{session_id}"] [data-live="received"]')
        assert row.inner_text() == "2"
        _send_answer(site, code)
        _until_text(row, "3")
        page.screenshot(path=str(shots / "live-list.png"), full_page=True)
        found["list"] = serious_violations(page, axe_script)

        page.goto(f"{site.url}/staff/sessions/{session_id}/close")
        page.screenshot(path=str(shots / "live-close-confirm.png"), full_page=True)
        found["close"] = serious_violations(page, axe_script)
        press(page, "Yes, close the session", tap=False)
        assert page.get_by_role("button", name="Undo: reopen the session").is_visible()
        page.screenshot(path=str(shots / "live-closed-undo.png"), full_page=True)
        found["closed"] = serious_violations(page, axe_script)
        press(page, "Undo: reopen the session", tap=False)
        assert page.get_by_text("is open again: the same code works").is_visible()
        found = {where: problems for where, problems in found.items() if problems}
    finally:
        context.close()
    assert found == {}


def test_the_projector_count_is_large_and_live(site, chromium, axe_script, shots,
                                               fresh_session):
    session_id, code = fresh_session
    context = chromium.new_context(**PROJECTOR)
    page = context.new_page()
    try:
        sign_in(page, site, site.admin_email)
        page.goto(f"{site.url}/staff/sessions/{session_id}/show")
        number = page.locator('.projector-live [data-live="received"]')
        assert number.inner_text() == "0"
        _send_answer(site, code)
        _until_text(number, "1")
        assert number.bounding_box()["height"] >= 80  # readable from the back of a room
        page.screenshot(path=str(shots / "live-projector.png"))
        assert serious_violations(page, axe_script) == []
    finally:
        context.close()


def test_the_new_staff_pages_are_axe_clean(site, chromium, axe_script, shots):
    context = chromium.new_context(**DESK)
    page, found = context.new_page(), {}
    try:
        sign_in(page, site, site.admin_email)
        page.goto(f"{site.url}/staff/sessions/new")
        page.get_by_label("Class name").fill("5T")
        press(page, "Start the session and show the code", tap=False)
        assert page.get_by_role("link", name="Year group: choose the class's year group"
                                ).first.is_visible()
        page.screenshot(path=str(shots / "staff-session-no-year.png"), full_page=True)
        found["session form error"] = serious_violations(page, axe_script)

        for name, path in (("questionnaires", "/staff/questionnaires/"),
                           ("versions", "/staff/questionnaires/pupils-7-11"),
                           ("version", "/staff/questionnaires/pupils-7-11/1"),
                           ("waves", "/staff/waves/"),
                           ("blocks", "/staff/blocks/")):
            page.goto(f"{site.url}{path}")
            assert page.locator("h1").is_visible()
            page.screenshot(path=str(shots / f"staff-{name}.png"), full_page=True)
            found[name] = serious_violations(page, axe_script)

        page.goto(f"{site.url}/staff/waves/")
        page.get_by_label("Name").fill("Spring 2027")
        page.get_by_label("Short code").fill("not a code")
        press(page, "Add the wave", tap=False)
        assert page.get_by_role("alert").is_visible()
        page.screenshot(path=str(shots / "staff-waves-error.png"), full_page=True)
        found["waves error"] = serious_violations(page, axe_script)

        page.goto(f"{site.url}/staff/blocks/")
        if page.get_by_label("School").count():  # other tests may have added schools
            page.get_by_label("School").select_option(label="Westgate Hill Primary")
            with page.expect_navigation():
                page.get_by_role("button", name="Show").click()
        assert page.locator("h1").inner_text() == "Wrong-code blocks at Westgate Hill Primary"
        page.screenshot(path=str(shots / "staff-blocks-school.png"), full_page=True)
        found["blocks school"] = serious_violations(page, axe_script)
        found = {where: problems for where, problems in found.items() if problems}
    finally:
        context.close()
    assert found == {}
