"""axe-core (served from disk) finds no serious or critical problem on any survey page."""

from __future__ import annotations

import pytest

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
