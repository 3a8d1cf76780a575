"""The DSL's queue and a flag's page in Chromium: urgent first, usable, axe-clean.

Screenshots go to WESTCC_SCREENSHOTS (default /tmp/westcc-screenshots) for a person to
look at: dsl-queue.png, dsl-flag.png, dsl-flag-error.png, dsl-flag-phone.png.
"""

from __future__ import annotations

import datetime as dt

import pytest

from westcc_voice.db import db_session
from westcc_voice.models import SafeguardingFlag, SafeguardingNote, School, StaffUser

from .. import helpers
from .conftest import PHONE, press, serious_violations, sign_in

pytestmark = pytest.mark.browser

URGENT_TEXT = "i dont want to be here anymore. nobody would miss me"
CONCERN_TEXT = "people in my class keep calling me names about my hair"


@pytest.fixture(scope="module")
def dsl_flags(site):
    """An urgent and a concern flag at the DSL's school, a note, and a partnership lead."""
    with site.app.app_context():
        db = db_session()
        dsl = db.query(StaffUser).filter_by(email=site.dsl_email).one()
        school = db.get(School, dsl.school_id)
        partnership = helpers.gen_staff(db, "partnership_dsl")
        partnership.display_name = "Pat Partnership"
        version = helpers.survey(db, "pupils-7-11")
        concern = SafeguardingFlag(
            school_id=school.id, survey_version_id=version.id, question_id="anything_else",
            original_text=CONCERN_TEXT, severity="concern", flagged_on=dt.date(2026, 11, 3),
            reasons=[{"category": "bullying", "phrase": "calling me names",
                      "severity": "concern", "reason": "Bullying, including name-calling"}])
        urgent = SafeguardingFlag(
            school_id=school.id, survey_version_id=version.id, question_id="anything_else",
            original_text=URGENT_TEXT, severity="urgent", flagged_on=dt.date(2026, 11, 24),
            reasons=[{"category": "suicidal", "phrase": "dont want to be here anymore",
                      "severity": "urgent",
                      "reason": "Wishing not to exist or thoughts of suicide"}])
        db.add_all([concern, urgent])
        db.flush()
        db.add(SafeguardingNote(flag_id=urgent.id, author_id=dsl.id,
                                text="Class teacher 5B told; checking in at lunch."))
        db.commit()
        return {"urgent": urgent.id, "concern": concern.id}


def test_the_queue_and_a_flag_page_work_for_a_busy_dsl(site, chromium, axe_script, shots,
                                                       dsl_flags):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page, found = context.new_page(), {}
    try:
        sign_in(page, site, site.dsl_email)
        page.goto(f"{site.url}/staff/safeguarding/")
        page.screenshot(path=str(shots / "dsl-queue.png"), full_page=True)
        found["queue"] = serious_violations(page, axe_script)
        headings = page.locator("article.flag h3").all_inner_texts()
        assert headings[0].startswith("Urgent")  # newest but urgent, so first
        assert any(h.startswith("Concern") for h in headings[1:])

        page.get_by_role("link", name="Open this flag of Tuesday 24 November 2026").click()
        page.wait_for_url(f"**/staff/safeguarding/{dsl_flags['urgent']}")
        assert URGENT_TEXT in page.content()
        assert page.get_by_text("Class teacher 5B told; checking in at lunch.").is_visible()
        page.screenshot(path=str(shots / "dsl-flag.png"), full_page=True)
        found["flag"] = serious_violations(page, axe_script)

        press(page, "Record the outcome and close the flag", tap=False)
        assert page.get_by_role("alert").get_by_text("Choose what was decided").is_visible()
        page.screenshot(path=str(shots / "dsl-flag-error.png"), full_page=True)
        found["flag error"] = serious_violations(page, axe_script)

        page.get_by_label("Early help").check()
        press(page, "Record the outcome and close the flag", tap=False)
        assert page.get_by_text("Outcome recorded: Early help.").is_visible()
        found = {where: problems for where, problems in found.items() if problems}
    finally:
        context.close()
    assert found == {}


def test_a_flag_page_reads_on_a_phone(site, chromium, axe_script, shots, dsl_flags):
    """A DSL opening the emailed link on their phone can read it and act on it."""
    context = chromium.new_context(**PHONE)
    page = context.new_page()
    try:
        page.goto(f"{site.url}/staff/safeguarding/{dsl_flags['concern']}")
        assert page.url.endswith(f"/staff/login?next=%2Fstaff%2Fsafeguarding%2F"
                                 f"{dsl_flags['concern']}")
        page.get_by_label("Email").fill(site.dsl_email)
        page.get_by_label("Password").fill(helpers.PASSWORD)
        with page.expect_navigation():
            page.get_by_role("button", name="Sign in", exact=True).tap()
        assert page.url.endswith(f"/staff/safeguarding/{dsl_flags['concern']}")
        assert page.get_by_text(CONCERN_TEXT).is_visible()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"the page scrolls sideways on a phone ({width}px)"
        page.screenshot(path=str(shots / "dsl-flag-phone.png"), full_page=True)
        assert serious_violations(page, axe_script) == []
    finally:
        context.close()
