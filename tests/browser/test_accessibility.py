"""axe-core (served from disk) finds no serious or critical problem on any survey page."""

from __future__ import annotations

import pytest

from ..helpers import PASSWORD
from .conftest import press, serious_violations

pytestmark = pytest.mark.browser


def _check(page, axe_script, where: str, found: dict) -> None:
    problems = serious_violations(page, axe_script)
    if problems:
        found[where] = problems


def _walk(page, axe_script, found: dict, label: str, next_name: str, send_name: str) -> None:
    for number in range(1, 20):
        _check(page, axe_script, f"{label} page {number}", found)
        if page.get_by_role("button", name=send_name).count():
            press(page, send_name, tap=False)
            break
        press(page, next_name, tap=False)
    assert page.url.endswith("/survey/thanks")
    _check(page, axe_script, f"{label} thanks", found)


def test_no_serious_violation_on_pupil_pages(site, tablet, axe_script):
    page, found = tablet, {}
    page.goto(f"{site.url}/join")
    _check(page, axe_script, "join", found)
    for code in (site.young_code, site.join_code):
        page.goto(f"{site.url}/join/{code}")
        _check(page, axe_script, f"start {code}", found)
        press(page, "I'm happy to start", tap=False)
        _walk(page, axe_script, found, code, "Next", "Send my answers")
    page.goto(f"{site.url}/help")
    _check(page, axe_script, "help", found)
    page.goto(f"{site.url}/withdraw")
    _check(page, axe_script, "withdraw", found)
    assert found == {}


def test_no_serious_violation_on_arabic_parent_pages_on_a_phone(site, phone, axe_script):
    page, found = phone, {}
    page.goto(f"{site.url}/s/{site.parent_token}?lang=ar")
    _check(page, axe_script, "parent start", found)
    press(page, "ابدأ", tap=False)
    _walk(page, axe_script, found, "parent (ar)", "التالي", "أرسل إجاباتي")
    assert found == {}


def test_no_serious_violation_on_community_pages_or_error_states(site, phone, axe_script):
    page, found = phone, {}
    page.goto(f"{site.url}/s/{site.community_token}")
    press(page, "Start", tap=False)
    _walk(page, axe_script, found, "community", "Next", "Send my answers")
    page.goto(f"{site.url}/join")
    page.locator("#code").fill("NOPE00")
    press(page, "Start", tap=False)
    _check(page, axe_script, "join error", found)
    page.goto(f"{site.url}/s/no-such-link")
    _check(page, axe_script, "unknown link", found)
    assert found == {}


def _sign_in(page, site, email):
    page.goto(f"{site.url}/staff/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    press(page, "Sign in", tap=False)
    assert page.url.endswith("/staff/")


def test_no_serious_violation_on_staff_pages(site, chromium, axe_script):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page, found = context.new_page(), {}
    try:
        page.goto(f"{site.url}/staff/login")
        _check(page, axe_script, "sign in", found)
        _sign_in(page, site, site.admin_email)
        for path in ("/staff/", "/staff/sessions/", "/staff/sessions/new", "/staff/links/",
                     "/staff/links/new", "/staff/briefings/"):
            page.goto(f"{site.url}{path}")
            _check(page, axe_script, path, found)
        press(page, "Sign out", tap=False)
        _sign_in(page, site, site.dsl_email)
        page.goto(f"{site.url}/staff/safeguarding/")
        assert "he hits me" in page.content()
        _check(page, axe_script, "safeguarding queue", found)
    finally:
        context.close()
    assert found == {}


def _link_id(site, token: str) -> int:
    from sqlalchemy import select

    from westcc_voice.db import db_session
    from westcc_voice.models import Link

    with site.app.app_context():
        return db_session().scalar(select(Link.id).where(Link.token == token))


def test_the_letter_page_reads_clearly_and_opens_again(site, chromium, axe_script):
    """'Back to the link' is not white on white; the coded letters' address reopens."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page, found = context.new_page(), {}
    try:
        _sign_in(page, site, site.admin_email)
        link_id = _link_id(site, site.parent_token)
        page.goto(f"{site.url}/staff/links/{link_id}/sheet")
        back = page.get_by_role("link", name="Back to the link")
        colour, background = back.evaluate(
            "a => [getComputedStyle(a).color, getComputedStyle(a).backgroundColor]")
        assert colour != background
        _check(page, axe_script, "letter", found)
        reopened = page.goto(f"{site.url}/staff/links/{link_id}/sheets")
        assert reopened.status == 200
        assert page.get_by_role("status").filter(has_text="can't be shown again").count() == 1
        assert page.locator("article.sheet").count() == 1
        _check(page, axe_script, "letter reopened", found)
    finally:
        context.close()
    assert found == {}
