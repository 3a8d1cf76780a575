"""Redis, holding a pupil's draft, goes away mid-survey: the page they typed is kept."""

from __future__ import annotations

import pytest

from ..helpers import redis_or_skip
from .conftest import press, serious_violations

pytestmark = pytest.mark.browser


def test_a_pupil_whose_draft_is_out_of_reach_keeps_the_page_and_sends_it_again(
        site, tablet, shots, axe_script):
    page, config = tablet, site.app.config
    saved = config["REDIS_URL"]
    config["REDIS_URL"] = redis_or_skip()
    try:
        page.goto(f"{site.url}/join/{site.join_code}")
        press(page, "I'm happy to start")
        press(page, "Next")  # the draft is now in Redis
        while not page.get_by_role("button", name="Send my answers").count():
            press(page, "Next")
        typed = "Please can we have a chess club"
        page.locator("#a-anything_else").fill(typed)
        config["REDIS_URL"] = "redis://127.0.0.1:1/0"  # Redis goes away
        press(page, "Back")
        assert page.locator("h1").inner_text() == "Please try again"
        assert "Nothing is lost" in page.locator("[role=alert]").inner_text()
        page.screenshot(path=str(shots / "pupil-drafts-unavailable-768x1024.png"))
        assert serious_violations(page, axe_script) == []
        config["REDIS_URL"] = redis_or_skip()  # back again
        press(page, "Send again")
        while not page.get_by_role("button", name="Send my answers").count():
            press(page, "Next")
        assert page.locator("#a-anything_else").input_value() == typed
    finally:
        config["REDIS_URL"] = saved
