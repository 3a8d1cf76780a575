"""Help within reach at every scroll position, the 0 to 10 scale on a phone, and the
answer code's copy button: at tablet and phone size, left to right and right to left."""

from __future__ import annotations

import re

import pytest

from tests import helpers
from westcc_voice.db import db_session
from westcc_voice.definitions.page_length import page_height

from .conftest import PHONE, TABLET, press, serious_violations, start_pupil

pytestmark = pytest.mark.browser

SIZES = {"768x1024": TABLET, "390x844": PHONE}


@pytest.fixture(scope="module")
def definition(site) -> dict:
    with site.app.app_context():
        return helpers.survey(db_session(), "pupils-11-16").definition


def _number(definition: dict, page_id: str) -> int:
    return next(n for n, p in enumerate(definition["pages"], 1) if p["id"] == page_id)


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("size", SIZES)
def test_help_stays_in_reach_and_covers_nothing_at_every_scroll_position(
        site, chromium, axe_script, older_code, definition, size, lang):
    context = chromium.new_context(**SIZES[size])
    page = context.new_page()
    try:
        start_pupil(page, site, older_code, lang)
        longest = max(definition["pages"], key=lambda p: page_height(p, "en"))
        page.goto(f"{site.url}/survey/{_number(definition, longest['id'])}")
        height = page.evaluate("document.documentElement.scrollHeight")
        viewport = SIZES[size]["viewport"]["height"]
        assert height > 1.5 * viewport  # a page worth scrolling
        help_button = page.locator(".help-menu > summary")
        for y in (0, height // 3, 2 * height // 3, height):
            page.evaluate(f"window.scrollTo(0, {y})")
            box = help_button.bounding_box()
            assert 0 <= box["y"] and box["y"] + box["height"] <= viewport, y
            assert box["width"] >= 44 and box["height"] >= 44
            centre = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
            assert page.evaluate("([x, y]) => document.elementFromPoint(x, y)"
                                 ".closest('summary') !== null", list(centre))
        # At the bottom: Help opens where it is, its words readable on the screen.
        help_button.tap()
        panel = page.locator(".help-panel")
        assert re.search(r"0800\s?1111", panel.inner_text())
        pbox = panel.bounding_box()
        assert pbox["y"] >= 0 and pbox["y"] < viewport
        assert serious_violations(page, axe_script) == []
        page.keyboard.press("Escape")
        # The header covers nothing: a field reached with the keyboard, or a question
        # linked from the error summary, scrolls clear of it.
        header = page.locator(".site-header").bounding_box()
        page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
        last, first = longest["questions"][-1]["id"], longest["questions"][0]["id"]
        page.locator(f"#q-{last} input").first.focus()
        label = page.locator(f"#q-{last} label").first.bounding_box()
        assert label["y"] >= header["height"] - 1
        page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
        page.evaluate(f"location.hash = '#q-{first}'")
        question = page.locator(f"#q-{first}").bounding_box()
        assert question["y"] >= header["height"] - 1
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_0_to_10_scale_fits_a_phone_on_two_clean_rows(site, chromium, axe_script,
                                                         older_code, definition, lang):
    context = chromium.new_context(**PHONE)
    page = context.new_page()
    try:
        start_pupil(page, site, older_code, lang)
        page.goto(f"{site.url}/survey/{_number(definition, 'wellbeing')}")
        boxes = [page.locator(f"label[for='a-ons4_satisfaction-{v}']").bounding_box()
                 for v in range(11)]
        for box in boxes:
            assert box["width"] >= 44 and box["height"] >= 44  # WCAG 2.5.5, 44 px
            assert 0 <= box["x"] and box["x"] + box["width"] <= 390
        first, second = boxes[:6], boxes[6:]
        assert len({round(b["y"]) for b in first}) == 1
        assert len({round(b["y"]) for b in second}) == 1 and second[0]["y"] > first[0]["y"]
        xs = [b["x"] for b in first]
        if lang == "ar":  # right to left: 0 on the right
            assert xs == sorted(xs, reverse=True)
        else:
            assert xs == sorted(xs)
        # The second row is centred under the first.
        left = min(b["x"] for b in first)
        right = max(b["x"] + b["width"] for b in first)
        row_left = min(b["x"] for b in second)
        row_right = max(b["x"] + b["width"] for b in second)
        assert abs((row_left - left) - (right - row_right)) < 2
        page.locator("label[for='a-ons4_satisfaction-8']").tap()
        assert page.locator("#a-ons4_satisfaction-8").is_checked()
        assert serious_violations(page, axe_script) == []
    finally:
        context.close()


def test_a_parent_copies_the_answer_code_on_a_phone(site, chromium, axe_script, shots):
    context = chromium.new_context(**PHONE)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site.url)
    page = context.new_page()
    try:
        page.goto(f"{site.url}/s/{site.parent_token}?lang=en")
        press(page, "Start")
        with site.app.app_context():
            pages = len(helpers.survey(db_session(), "parents").definition["pages"])
        page.goto(f"{site.url}/survey/{pages}")
        press(page, "Send my answers")
        code = page.locator(".receipt-code")
        box = code.bounding_box()
        assert box["height"] < 50 and box["x"] + box["width"] <= 390  # one line, on screen
        copy = page.get_by_role("button", name="Copy the code")
        assert copy.bounding_box()["height"] >= 44
        copy.tap()
        status = page.locator(".copy-status")
        assert status.get_attribute("aria-live") == "polite"
        # polled from Python: the page's content policy refuses the eval that
        # wait_for_function needs whenever the first look finds nothing yet
        for _ in range(100):
            if status.inner_text():
                break
            page.wait_for_timeout(100)
        assert status.inner_text() == "Code copied"
        assert page.evaluate("navigator.clipboard.readText()") == code.inner_text().strip()
        page.screenshot(path=str(shots / "parent-receipt-copied-phone.png"), full_page=True)
        assert serious_violations(page, axe_script) == []
    finally:
        context.close()
