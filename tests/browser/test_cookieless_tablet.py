"""A tablet with its cookies cleared joins its class while mistyping tablets on the same
school network wait; when cookieless guessing blocks it, a lead lifts the block."""

from __future__ import annotations

import pytest

from westcc_voice import attempts

from .conftest import TABLET, press, serious_violations, sign_in

pytestmark = pytest.mark.browser

WRONG = "HHHHHH"


@pytest.fixture
def small_limits(site):
    """Every browser here is at 127.0.0.1: 2 wrong codes a tablet, 6 the network, 2 without
    a cookie, and only 3 device cookies for the network, counted afresh."""
    saved = site.app.extensions[attempts.EXTENSION]
    site.app.extensions[attempts.EXTENSION] = attempts.make_counter({
        "FAILED_CODE_LIMIT": "6 per hour", "FAILED_CODE_DEVICE_LIMIT": "2 per hour",
        "FAILED_CODE_NO_COOKIE_LIMIT": "2 per hour", "NEW_DEVICE_LIMIT": "3 per hour"})
    yield
    site.app.extensions[attempts.EXTENSION] = saved


def type_code(page, site, code: str) -> None:
    page.goto(f"{site.url}/join")
    page.locator("#code").fill(code)
    press(page, "Start")


def device_cookie(context) -> bool:
    return any(c["name"] == attempts.DEVICE_COOKIE for c in context.cookies())


def test_a_tablet_with_cookies_cleared_joins_while_the_network_is_blocked(
        site, chromium, small_limits, shots, axe_script):
    contexts = []
    try:
        mistyping = []
        for _ in range(3):  # three tablets, each mistyping until it is asked to wait
            contexts.append(context := chromium.new_context(**TABLET))
            page = context.new_page()
            for _ in range(3):
                type_code(page, site, WRONG)
            assert "Too many codes that did not work" in page.content()
            assert device_cookie(context)
            mistyping.append(page)
        page.screenshot(path=str(shots / "wrong-codes-mistyping-tablet-waits.png"))

        # 6 wrong codes: the network is at its ceiling, and its 3 device cookies are given
        contexts.append(fresh := chromium.new_context(**TABLET))
        fresh.clear_cookies()
        page = fresh.new_page()
        type_code(page, site, site.join_code.lower())
        assert not device_cookie(fresh)  # none left for this network: it has no cookie
        assert page.url.endswith(f"/join/{site.join_code}")
        assert "Nobody will be cross" in page.content()
        page.screenshot(path=str(shots / "wrong-codes-cookieless-tablet-joins.png"))
        assert serious_violations(page, axe_script) == []

        # a tablet that mistyped still waits, even with the right code
        type_code(mistyping[0], site, site.join_code)
        assert "Too many codes that did not work" in mistyping[0].content()

        # someone guessing without cookies uses up the network's cookieless allowance ...
        for _ in range(2):
            fresh.clear_cookies()
            type_code(page, site, WRONG)
            assert "We could not find a class with that code" in page.content()
        fresh.clear_cookies()
        type_code(page, site, site.join_code)
        assert "Too many codes that did not work" in page.content()

        # ... until someone who may lifts every block at the school
        contexts.append(staff := chromium.new_context())
        lead = staff.new_page()
        sign_in(lead, site, site.admin_email)
        lead.goto(f"{site.url}/staff/blocks/")
        assert "<strong>Blocked</strong>" in lead.content()
        lead.screenshot(path=str(shots / "wrong-codes-blocks-page.png"), full_page=True)
        assert serious_violations(lead, axe_script) == []
        press(lead, "Lift every block at Westgate Hill Primary", tap=False)
        assert "can type codes again at once" in lead.content()

        fresh.clear_cookies()
        type_code(page, site, site.join_code)
        assert page.url.endswith(f"/join/{site.join_code}")
        type_code(mistyping[0], site, site.join_code)
        assert mistyping[0].url.endswith(f"/join/{site.join_code}")
    finally:
        for context in contexts:
            context.close()
