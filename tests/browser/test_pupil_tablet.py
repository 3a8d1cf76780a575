"""A class of pupils on one shared tablet (768x1024, touch): join, answer, send, next."""

from __future__ import annotations

import re

import pytest

from .conftest import press, tap_answer

pytestmark = pytest.mark.browser


def test_a_pupil_joins_answers_by_tapping_and_the_tablet_is_ready_for_the_next(
        site, tablet, shots):
    page = tablet
    page.goto(f"{site.url}/join")
    page.locator("#code").fill(site.join_code.lower())
    press(page, "Start")
    assert page.url.endswith(f"/join/{site.join_code}")
    assert "Nobody will be cross" in page.content()
    press(page, "I'm happy to start")

    # Page 1 of pupils-7-11 is the welcome; page 2 is school.
    press(page, "Next")
    tap_answer(page, "school_feel", "Good")
    assert page.locator("#a-school_feel-4").is_checked()
    tap_answer(page, "belong", "Agree")
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(shots / "pupil-tablet-768x1024.png"), full_page=False)
    press(page, "Next")

    # Friends and feelings: skipped as a whole.
    assert page.locator("h1").inner_text() == "Friends and feelings"
    press(page, "Skip this page")

    # Feeling safe: the follow-up question appears only after "No", without a reload.
    assert page.locator("h1").inner_text() == "Feeling safe"
    follow_up = page.locator("#q-unsafe_where")
    assert follow_up.is_hidden()
    tap_answer(page, "safe_school", "No")
    follow_up.wait_for(state="visible")
    page.locator("#q-unsafe_where label", has_text="In the playground").tap()
    page.screenshot(path=str(shots / "pupil-show-if-768x1024.png"), full_page=True)
    tap_answer(page, "safe_school", "Yes")
    follow_up.wait_for(state="hidden")
    tap_answer(page, "safe_school", "Not sure")
    follow_up.wait_for(state="visible")
    press(page, "Next")

    # Learning: a grid, one statement a row.
    assert page.locator("h1").inner_text() == "Learning"
    page.locator("label[for='a-learning-enjoy-4']").tap()
    assert page.locator("#a-learning-enjoy-4").is_checked()
    press(page, "Next")

    while not page.get_by_role("button", name="Send my answers").count():
        press(page, "Next")
    page.locator("#a-anything_else").fill("I like the library")
    press(page, "Send my answers")
    assert page.url.endswith("/survey/thanks")
    page.get_by_text("Show my answer code").tap()  # behind a tap on a class tablet
    receipt = page.locator(".receipt-code").inner_text()
    assert re.fullmatch(r"\w{4}-\w{4}-\w{4}", receipt)
    assert page.locator(".countdown").is_visible()
    page.screenshot(path=str(shots / "pupil-thanks-768x1024.png"))

    # Back and history show nothing of this pupil.
    page.go_back()
    page.wait_for_load_state()
    html = page.content()
    assert receipt not in html and "I like the library" not in html
    assert f"/join/{site.join_code}" in page.url

    page.goto(f"{site.url}/survey/thanks")
    assert f"/join/{site.join_code}" in page.url
    assert receipt not in page.content()

    # The next pupil starts clean.
    press(page, "I'm happy to start")
    press(page, "Next")
    assert page.locator("input:checked").count() == 0


def test_the_thanks_page_returns_to_the_start_by_itself(site, tablet):
    page = tablet
    page.goto(f"{site.url}/join/{site.young_code}")
    press(page, "I'm happy to start")
    while not page.get_by_role("button", name="Send my answers").count():
        press(page, "Next")
    press(page, "Send my answers")
    assert page.url.endswith("/survey/thanks")
    page.wait_for_url(f"**/join/{site.young_code}", timeout=25_000)
    assert "Hello!" in page.content()


def test_faces_are_big_with_words_and_every_target_is_at_least_44px(site, tablet):
    page = tablet
    page.goto(f"{site.url}/join/{site.young_code}")
    press(page, "I'm happy to start")
    press(page, "Next")
    emoji = page.locator("#q-school_feel .emoji").first
    assert float(emoji.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 64
    words = page.locator("#q-school_feel .option-word").all_inner_texts()
    assert words == ["Not good", "OK", "Good"]
    small = page.evaluate("""() => [...document.querySelectorAll(
        'main button:not([hidden]), main a.button, main label, header summary')]
        .filter(e => e.offsetParent !== null)
        .map(e => [e.textContent.trim().slice(0, 30), e.getBoundingClientRect()])
        .filter(([, r]) => r.width < 44 || r.height < 44)
        .map(([t, r]) => `${t}: ${Math.round(r.width)}x${Math.round(r.height)}`)""")
    assert small == []


def test_the_survey_works_with_javascript_off(chromium, site):
    context = chromium.new_context(java_script_enabled=False, viewport={"width": 768,
                                                                        "height": 1024})
    page = context.new_page()
    try:
        page.goto(f"{site.url}/join/{site.join_code}")
        press(page, "I'm happy to start", tap=False)
        for _ in range(3):
            press(page, "Next", tap=False)
        assert page.locator("h1").inner_text() == "Feeling safe"
        page.locator("#q-safe_school label:has(.option-word:text-is('No'))").click()
        press(page, "Next", tap=False)
        assert "Another question has appeared" in page.content()
        assert page.locator("#q-unsafe_where").is_visible()
        press(page, "Next", tap=False)
        assert page.locator("h1").inner_text() == "Learning"
    finally:
        context.close()


def test_menus_close_with_escape(site, tablet):
    page = tablet
    page.goto(f"{site.url}/join")
    for menu in ("details.help-menu", "details.lang-menu"):
        page.locator(f"{menu} > summary").tap()
        assert page.locator(menu).evaluate("d => d.open")
        page.locator(f"{menu} .menu-panel a, {menu} .menu-panel button").first.focus()
        page.keyboard.press("Escape")
        assert not page.locator(menu).evaluate("d => d.open")
        assert page.locator(f"{menu} > summary").evaluate("s => s === document.activeElement")


def test_a_text_box_counts_the_characters_left_and_speaks_up_near_the_limit(
        site, tablet, axe_script, shots):
    from .conftest import serious_violations

    page = tablet
    page.goto(f"{site.url}/join/{site.join_code}")
    press(page, "I'm happy to start")
    while not page.get_by_role("button", name="Send my answers").count():
        press(page, "Next")
    box = page.locator("#a-anything_else")
    limit = int(box.get_attribute("maxlength"))
    counter = page.locator("#a-anything_else-count")
    assert counter.inner_text() == f"{limit} characters left"
    assert counter.get_attribute("aria-live") is None  # far from the limit: quiet
    box.fill("a" * (limit - 30))
    assert counter.inner_text() == "30 characters left"
    assert counter.get_attribute("aria-live") is None
    box.fill("a" * (limit - 12))
    assert counter.inner_text() == "12 characters left"
    assert counter.get_attribute("aria-live") == "polite"
    box.fill("a" * (limit - 1))
    assert counter.inner_text() == "1 character left"
    box.press("End")
    page.keyboard.type("bcd")  # the browser's maxlength stops typing at the limit
    assert counter.inner_text() == "0 characters left"
    assert len(box.input_value()) == limit
    counter.scroll_into_view_if_needed()
    page.screenshot(path=str(shots / "pupil-characters-left-768x1024.png"))
    assert serious_violations(page, axe_script) == []


def test_an_arabic_interface_over_english_questions_says_so_first(
        site, tablet, axe_script, shots):
    from .conftest import serious_violations

    page = tablet
    page.goto(f"{site.url}/join/{site.join_code}?lang=ar")
    notice = page.locator("#language-notice")
    assert notice.count() == 1
    assert "أسئلة هذا الاستبيان ليست مكتوبة بلغتك" in notice.inner_text()
    assert notice.locator("span[lang='en']").inner_text() == "English"
    # The menu offers the survey's English besides the chosen Arabic, nothing else.
    page.locator(".lang-menu summary").tap()
    assert page.locator(".lang-menu .lang-choice").evaluate_all(
        "links => links.map(a => a.lang)") == ["en", "ar"]
    page.keyboard.press("Escape")
    page.screenshot(path=str(shots / "pupil-arabic-over-english-768x1024.png"))
    assert serious_violations(page, axe_script) == []
