"""The Content-Security-Policy in Chromium: every page works with no inline script or style.

A page that still relied on an inline script, a style attribute or another site would
show up as a "securitypolicyviolation" event here. Screenshots: csp-projector.png,
csp-resend.png in WESTCC_SCREENSHOTS.
"""

from __future__ import annotations

import pytest

from .conftest import press, serious_violations, sign_in

pytestmark = pytest.mark.browser

#: Records every violation the page reports, before any of its own scripts run.
WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__violations.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " at "
                          + location.pathname);
});
"""


def _violations(page) -> list[str]:
    return page.evaluate("window.__violations")


def test_every_page_works_under_the_policy(site, chromium, axe_script, shots):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(WATCH)
    page, seen = context.new_page(), []
    try:
        for path in ("/", "/join", f"/s/{site.parent_token}", "/staff/login"):
            page.goto(site.url + path)
            seen += _violations(page)
        sign_in(page, site, site.admin_email)
        for path in ("/staff/", "/staff/sessions/", "/staff/links/", "/staff/briefings/"):
            page.goto(site.url + path)
            seen += _violations(page)

        # The session form's script (a static file now) still narrows the year groups.
        page.goto(f"{site.url}/staff/sessions/new")
        young = page.locator('#survey_id option:not([data-year-groups~="5"])').first
        page.get_by_label("Questionnaire").select_option(young.get_attribute("value"))
        year_5 = page.locator("#year_group option", has_text="Year 5")
        assert year_5.evaluate("o => o.disabled") is True
        middle = page.locator('#survey_id option[data-year-groups~="5"]').first
        page.get_by_label("Questionnaire").select_option(middle.get_attribute("value"))
        page.get_by_label("Year group").select_option(label="Year 5")
        page.get_by_label("Class name").fill("5 Oak")
        press(page, "Start the session and show the code", tap=False)
        assert page.locator("body").get_attribute("data-reload-in-ms")
        assert page.locator("svg.qr").is_visible()
        page.screenshot(path=str(shots / "csp-projector.png"), full_page=True)
        seen += _violations(page)
        assert seen == []

        # A form whose token has expired comes back as "Send this again", axe-clean.
        page.goto(f"{site.url}/staff/sessions/")
        page.get_by_role("link", name="5 Oak").first.click()
        page.get_by_role("link", name="Close session now").click()
        page.wait_for_url("**/close")
        seen += _violations(page)  # the confirmation page, and the live count's script
        page.evaluate("document.querySelectorAll('input[name=csrf_token]')"
                      ".forEach(i => i.value = 'expired')")
        press(page, "Yes, close the session", tap=False)
        assert page.get_by_role("heading", name="Send this again").is_visible()
        page.screenshot(path=str(shots / "csp-resend.png"), full_page=True)
        assert serious_violations(page, axe_script) == []
        press(page, "Send again", tap=False)
        assert page.get_by_text("is closed: its code no longer works").is_visible()
        assert seen == []
    finally:
        context.close()


def test_the_account_pages_are_usable_and_axe_clean(site, chromium, axe_script, shots):
    """An admin adds a teacher, resets the password, reads the audit log; axe on each page."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(WATCH)
    page, found = context.new_page(), {}
    try:
        sign_in(page, site, site.admin_email)
        page.get_by_role("link", name="Staff accounts").click()
        found["accounts"] = serious_violations(page, axe_script)
        page.get_by_role("link", name="Add a staff account").click()
        page.get_by_label("Email").fill("browser.teacher@west.example")
        page.get_by_label("Name").fill("Bea Browser")
        page.get_by_label("Role").select_option("teacher")
        press(page, "Add the account", tap=False)
        assert page.get_by_role("alert").get_by_text("works at one school").is_visible()
        found["new with error"] = serious_violations(page, axe_script)
        page.get_by_label("School").select_option(label="Westgate Hill Primary")
        press(page, "Add the account", tap=False)
        assert page.locator(".one-off-password code").inner_text()
        page.screenshot(path=str(shots / "account-password-once.png"), full_page=True)
        found["password once"] = serious_violations(page, axe_script)
        page.get_by_role("link", name="Back to Bea Browser").click()
        found["detail"] = serious_violations(page, axe_script)
        page.get_by_role("link", name="What was done to this account (audit log)").click()
        assert page.get_by_role("cell", name="staff.account_created").is_visible()
        page.screenshot(path=str(shots / "audit-log.png"), full_page=True)
        found["audit"] = serious_violations(page, axe_script)
        page.get_by_role("link", name="Change your password").click()
        found["password"] = serious_violations(page, axe_script)
        assert _violations(page) == []
        assert found == {key: [] for key in found}
    finally:
        context.close()
