"""A parent opens the letter's link on a phone and answers in Arabic, right to left."""

from __future__ import annotations

import pytest

from .conftest import press

pytestmark = pytest.mark.browser


def test_a_parent_in_arabic_gets_right_to_left_pages_on_a_phone(site, phone, shots):
    page = phone
    page.goto(f"{site.url}/s/{site.parent_token}?lang=ar")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    assert "استبيان أولياء الأمور" in page.locator("h1").inner_text()
    page.screenshot(path=str(shots / "parent-arabic-start-phone.png"))
    press(page, "ابدأ")
    press(page, "التالي")
    press(page, "التالي")
    # The wellbeing page: the ONS questions in Arabic, 0-10 targets, right to left.
    assert page.evaluate("document.documentElement.lang") == "ar"
    legend = page.locator("legend.q-text").first
    assert "ما مدى رضاك" in legend.inner_text()
    box = legend.bounding_box()
    assert box["x"] + box["width"] > 390 - 40  # text starts at the right-hand side
    page.locator("label[for='a-ons4_satisfaction-7']").tap()
    page.screenshot(path=str(shots / "parent-arabic-phone.png"), full_page=True)
    zero = page.locator("label[for='a-ons4_satisfaction-0']").bounding_box()
    ten = page.locator("label[for='a-ons4_satisfaction-10']").bounding_box()
    assert zero["y"] < ten["y"] or zero["x"] > ten["x"]  # 0 comes first, on the right


def test_the_language_menu_switches_without_losing_the_answer(site, phone):
    page = phone
    page.goto(f"{site.url}/s/{site.parent_token}?lang=en")
    press(page, "Start")
    press(page, "Next")
    press(page, "Next")
    page.locator("label[for='a-ons4_satisfaction-6']").tap()
    page.locator(".lang-menu summary").tap()
    with page.expect_navigation():
        page.locator(".lang-menu button[value='pl']").tap()
    assert page.evaluate("document.documentElement.lang") == "pl"
    assert page.locator("#a-ons4_satisfaction-6").is_checked()
    assert page.get_by_role("button", name="Dalej").count() == 1


def test_none_of_these_clears_the_other_choices_and_back(site, phone, axe_script, shots):
    from tests.helpers import survey as stored
    from westcc_voice.db import db_session

    from .conftest import serious_violations

    with site.app.app_context():
        definition = stored(db_session(), "parents").definition
    number = next(n for n, p in enumerate(definition["pages"], 1)
                  if any(q["id"] == "services_used" for q in p["questions"]))
    page = phone
    page.goto(f"{site.url}/s/{site.parent_token}?lang=en")
    press(page, "Start")
    page.goto(f"{site.url}/survey/{number}")
    library = page.locator("#q-services_used input[value='library']")
    none = page.locator("#q-services_used input[value='none']")

    def tap(box) -> None:
        page.locator(f"#q-services_used label[for='{box.get_attribute('id')}']").tap()

    tap(library)
    assert library.is_checked()
    tap(none)
    assert none.is_checked() and not library.is_checked()
    tap(library)
    assert library.is_checked() and not none.is_checked()
    page.screenshot(path=str(shots / "parent-none-of-these-phone.png"), full_page=True)
    assert serious_violations(page, axe_script) == []


def test_an_arabic_text_box_counts_characters_left_in_arabic(site, phone):
    page = phone
    page.goto(f"{site.url}/s/{site.parent_token}?lang=ar")
    press(page, "ابدأ")
    while not page.locator("textarea[maxlength]").count():
        press(page, "التالي")
    box = page.locator("textarea[maxlength]").first
    limit = int(box.get_attribute("maxlength"))
    counter = page.locator(f"#{box.get_attribute('id')}-count")
    assert counter.inner_text() == f"الأحرف المتبقية: {limit}"
    box.fill("ب" * (limit - 5))
    assert counter.inner_text() == "الأحرف المتبقية: 5"
    assert counter.get_attribute("aria-live") == "polite"
