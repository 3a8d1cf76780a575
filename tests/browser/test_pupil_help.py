"""Pupil screens that help: the extra help screen follows each questionnaire's rules,
online and on an offline tablet, at tablet and phone size; axe on every new state.

Screenshots go to WESTCC_SCREENSHOTS (default /tmp/westcc-screenshots) for a person to
look at; they are not committed.
"""

from __future__ import annotations

import re

import pytest

from .conftest import PHONE, TABLET, press, serious_violations, tap_answer
from .test_offline_tablet import _go, offline_class_tablet

pytestmark = pytest.mark.browser

SIZES = {"768x1024": TABLET, "390x844": PHONE}


@pytest.mark.parametrize("size", SIZES)
def test_a_young_child_with_no_grown_up_to_talk_to_gets_the_extra_help_screen(
        site, chromium, axe_script, shots, size):
    context = chromium.new_context(**SIZES[size])
    page = context.new_page()
    try:
        page.goto(f"{site.url}/join/{site.young_code}")
        press(page, "I'm happy to start")
        while not page.locator("#q-trusted_adult").count():
            press(page, "Next")
        tap_answer(page, "trusted_adult", "No")
        while not page.get_by_role("button", name="Send my answers").count():
            press(page, "Next")
        press(page, "Send my answers")
        assert page.url.endswith("/survey/thanks")
        extra = page.locator(".extra-help")
        extra.wait_for()
        assert "things might be hard for you" in extra.inner_text()
        assert extra.locator("a[href='tel:08001111']").is_visible()
        page.screenshot(path=str(shots / f"pupil-extra-help-en-{size}.png"), full_page=True)
        assert serious_violations(page, axe_script) == []
    finally:
        context.close()


@pytest.mark.parametrize("size", SIZES)
def test_an_offline_tablet_shows_the_extra_help_for_a_child_unsafe_at_home(
        site, chromium, axe_script, shots, size):
    with offline_class_tablet(site, chromium, SIZES[size]) as (_context, page, _code):
        _go(page, "I'm happy to start")
        while not page.locator("#q-safe_area:visible").count():
            _go(page, "Next")
        tap_answer(page, "safe_area", "No")
        page.locator("#q-unsafe_where label", has_text="At home").tap()
        while not page.get_by_role("button", name="Send my answers").count():
            _go(page, "Next")
        _go(page, "Send my answers")
        page.locator("#t-thanks").wait_for()
        assert page.locator(".t-low").is_visible(), "feeling unsafe at home gets the extra help"
        assert re.search(r"0800\s?1111", page.locator(".t-low").inner_text())
        page.screenshot(path=str(shots / f"tablet-offline-extra-help-en-{size}.png"),
                        full_page=True)
        assert serious_violations(page, axe_script) == []
