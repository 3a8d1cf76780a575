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
