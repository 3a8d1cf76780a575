"""Pupil screens that help: the extra help screen follows each questionnaire's rules,
online and on an offline tablet, at tablet and phone size; axe on every new state.

Screenshots go to WESTCC_SCREENSHOTS (default /tmp/westcc-screenshots) for a person to
look at; they are not committed.
"""

from __future__ import annotations

import re
from contextlib import contextmanager

import pytest

from .conftest import PHONE, TABLET, press, serious_violations, tap_answer
from .test_offline_tablet import _go, _new_session, offline_class_tablet

pytestmark = pytest.mark.browser

SIZES = {"768x1024": TABLET, "390x844": PHONE}


@contextmanager
def device(chromium, size: str):
    """A fresh page on a tablet or phone of ``size``; closed afterwards."""
    context = chromium.new_context(**SIZES[size])
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.mark.parametrize("size", SIZES)
def test_a_young_child_with_no_grown_up_to_talk_to_gets_the_extra_help_screen(
        site, chromium, axe_script, shots, size):
    with device(chromium, size) as page:
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


def _open_more_help(page) -> None:
    page.locator(".help-menu > summary").tap()
    page.locator(".help-menu").get_by_role("button", name="More help").tap()


@pytest.mark.parametrize("size", SIZES)
def test_help_then_more_help_then_back_keeps_the_page_and_its_answers(
        site, chromium, axe_script, shots, size):
    with device(chromium, size) as page:
        page.goto(f"{site.url}/join/{site.join_code}")
        press(page, "I'm happy to start")
        press(page, "Next")
        tap_answer(page, "school_feel", "Not so good")
        here = page.url
        with page.expect_navigation():
            _open_more_help(page)
        assert "/help" in page.url
        page.screenshot(path=str(shots / f"pupil-more-help-en-{size}.png"), full_page=True)
        assert serious_violations(page, axe_script) == []
        with page.expect_navigation():
            page.get_by_role("link", name="Back to the survey").tap()
        assert page.url == here
        assert page.locator("#a-school_feel-2").is_checked()


def test_help_in_the_tablet_document_keeps_the_page_and_its_answers(
        site, chromium, axe_script, shots):
    with offline_class_tablet(site, chromium) as (_context, page, _code):
        _go(page, "I'm happy to start")
        _go(page, "Next")
        tap_answer(page, "school_feel", "Not so good")
        _open_more_help(page)
        page.locator("#t-help").wait_for()
        assert page.locator("#t-help h1").inner_text() == "Help"
        page.screenshot(path=str(shots / "tablet-offline-help-en-768x1024.png"), full_page=True)
        assert serious_violations(page, axe_script) == []
        _go(page, "Back to the survey")
        assert page.locator("#t-page-2").is_visible()
        assert page.locator("#a-school_feel-2").is_checked()


@pytest.mark.parametrize("size", SIZES)
def test_skip_on_the_last_page_says_it_sends(site, chromium, size):
    with device(chromium, size) as page:
        page.goto(f"{site.url}/join/{site.young_code}")
        press(page, "I'm happy to start")
        while not page.get_by_role("button", name="Send my answers").count():
            assert not page.get_by_text("and send my answers").count()
            press(page, "Next")
        assert page.locator("h1").inner_text() == "Last question"
        press(page, "Skip this question and send my answers")
        assert page.url.endswith("/survey/thanks")


@pytest.mark.parametrize("size", SIZES)
def test_a_double_tap_on_send_still_shows_the_thanks_page_with_its_receipt(
        site, chromium, axe_script, shots, size):
    with device(chromium, size) as page:
        for _pupil in range(3):
            page.goto(f"{site.url}/join/{site.join_code}")
            press(page, "I'm happy to start")
            while not page.get_by_role("button", name="Send my answers").count():
                press(page, "Next")
            with page.expect_navigation(url=re.compile(r"/survey/thanks$")):
                page.evaluate("() => { const b = Array.from(document.querySelectorAll("
                              "'button')).find(x => x.textContent.trim() === "
                              "'Send my answers'); b.click(); b.click(); }")
            page.wait_for_load_state()
            assert page.url.endswith("/survey/thanks")
            code = page.locator(".receipt-code")
            assert not code.is_visible(), "the receipt waits behind a tap on a class tablet"
        page.screenshot(path=str(shots / f"pupil-thanks-receipt-hidden-en-{size}.png"),
                        full_page=True)
        assert serious_violations(page, axe_script) == []
        page.get_by_text("Show my answer code").tap()
        assert code.is_visible()
        assert re.fullmatch(r"\w{4}-\w{4}-\w{4}", code.inner_text())
        box = code.bounding_box()
        assert box["height"] < 40, "the code stays on one line"
        page.screenshot(path=str(shots / f"pupil-thanks-receipt-shown-en-{size}.png"),
                        full_page=True)
        assert serious_violations(page, axe_script) == []


@contextmanager
def quick_idle(site, seconds: int = 2, warning: int = 2):
    """The site's idle check shortened for a test, restored after it."""
    config = site.app.config
    kept = config["PUPIL_IDLE_SECONDS"], config["PUPIL_IDLE_WARNING_SECONDS"]
    config["PUPIL_IDLE_SECONDS"], config["PUPIL_IDLE_WARNING_SECONDS"] = seconds, warning
    try:
        yield
    finally:
        config["PUPIL_IDLE_SECONDS"], config["PUPIL_IDLE_WARNING_SECONDS"] = kept


@pytest.mark.parametrize("size", SIZES)
def test_an_idle_tablet_asks_then_clears_to_the_start_and_back_shows_nothing(
        site, chromium, axe_script, shots, size):
    with quick_idle(site, seconds=3, warning=3), device(chromium, size) as page:
        page.goto(f"{site.url}/join/{site.join_code}")
        press(page, "I'm happy to start")
        press(page, "Next")
        tap_answer(page, "school_feel", "Really bad")
        dialog = page.locator("#idle-check")
        dialog.wait_for(state="visible", timeout=8000)
        assert "Are you still there?" in dialog.inner_text()
        page.screenshot(path=str(shots / f"pupil-still-there-en-{size}.png"))
        assert serious_violations(page, axe_script) == []
        dialog.get_by_role("button", name="Yes, I'm still here").tap()
        assert dialog.is_hidden() and page.locator("#a-school_feel-1").is_checked()
        # left alone again: cleared to the start, and Back shows nothing of it
        page.wait_for_url(re.compile(rf"/join/{site.join_code}$"), timeout=15000)
        assert "I'm happy to start" in page.content()
        page.go_back()
        page.wait_for_load_state()
        assert page.locator("#a-school_feel-1").count() == 0 or \
            not page.locator("#a-school_feel-1").is_checked()
        assert f"/join/{site.join_code}" in page.url


def test_an_idle_offline_tablet_document_clears_to_its_start(site, chromium):
    with quick_idle(site, seconds=3, warning=2), \
            offline_class_tablet(site, chromium) as (_context, page, _code):
        _go(page, "I'm happy to start")
        _go(page, "Next")
        tap_answer(page, "school_feel", "Really bad")
        page.locator("#idle-check").wait_for(state="visible", timeout=8000)
        page.locator("#t-start").wait_for(state="visible", timeout=10000)
        _go(page, "I'm happy to start")
        _go(page, "Next")
        assert not page.locator("#a-school_feel-1").is_checked()


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_each_pupil_screen_in_the_pupils_language_is_axe_clean_and_kept_as_a_screenshot(
        site, chromium, axe_script, shots, size, lang):
    """Start, a page, help, stop, "Are you still there?", the extra help thanks: every
    screen stays in the pupil's language, right to left in Arabic."""
    code, _definition = _new_session(site, "pupils-11-16", year_group=9)

    def keep(name: str) -> None:
        assert page.locator("html").get_attribute("lang") == lang, name
        assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
        page.screenshot(path=str(shots / f"pupil11-{name}-{lang}-{size}.png"), full_page=True)
        assert serious_violations(page, axe_script) == [], name

    with quick_idle(site, seconds=4, warning=30), device(chromium, size) as page:
        page.goto(f"{site.url}/join/{code}?lang={lang}")
        keep("start")
        with page.expect_navigation():
            page.locator(".start-form button.primary").tap()
        while not page.locator("#q-adult_at_school").count():
            with page.expect_navigation():
                page.locator(".survey-nav button.primary").tap()
        page.locator("label[for='a-adult_at_school-2']").tap()  # "No"
        keep("page")
        page.locator("#idle-check").wait_for(state="visible", timeout=10000)
        keep("still-there")
        page.locator("#idle-check button").tap()
        with page.expect_navigation():
            page.locator(".help-menu > summary").tap()
            page.locator(".help-menu .help-more button").tap()
        keep("help")
        with page.expect_navigation():
            page.locator("main a.button.primary").tap()
        with page.expect_navigation():
            page.locator(".stop-row button").tap()
        keep("stop")
        with page.expect_navigation():
            page.locator(".stop-form button.primary").tap()  # send the answers given
        page.locator(".extra-help").wait_for()
        keep("extra-help-thanks")


def _help_words(page) -> str:
    """Open the Help menu in the header and give its words."""
    page.locator(".help-menu > summary").tap()
    panel = page.locator(".help-menu .help-panel")
    panel.wait_for(state="visible")
    return panel.inner_text()


@pytest.mark.parametrize("size", SIZES)
def test_a_secondary_pupil_is_told_of_an_adult_they_trust_from_join_to_stopped(
        site, chromium, axe_script, shots, size):
    """The join page before a code fits any age; once the class is known (start, stop,
    stopped) a Year 9 pupil's Help says "an adult you trust", never "a grown-up"."""
    code, _definition = _new_session(site, "pupils-11-16", year_group=9)

    def check(name: str, said: str) -> None:
        words = _help_words(page)
        assert said in words, name
        assert "grown-up" not in words, name
        page.screenshot(path=str(shots / f"pupil11-help-menu-{name}-{size}.png"), full_page=True)
        assert serious_violations(page, axe_script) == [], name

    with device(chromium, size) as page:
        page.goto(f"{site.url}/join")
        check("join", "Talk to a teacher or an adult you trust")
        page.locator(".help-menu > summary").tap()  # close it again to type the code
        page.locator("#code").fill(code)
        press(page, "Start")
        check("start", "Talk to an adult you trust")
        press(page, "I'm happy to start")
        with page.expect_navigation():
            page.locator(".stop-row button").tap()
        check("stop", "Talk to an adult you trust")
        page.locator(".help-menu > summary").tap()
        press(page, "Stop")
        assert "You have stopped" in page.locator("main").inner_text()
        check("stopped", "Talk to an adult you trust")
        with page.expect_navigation():
            page.locator(".help-menu").get_by_role("link", name="More help").tap()
        assert "Talk to an adult you trust" in page.locator(".help-box").inner_text()
        check("help-after-stopping", "Talk to an adult you trust")


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("who", ["parent", "community"])
def test_an_adult_who_stops_gets_adult_help_after_stopping(
        site, chromium, axe_script, shots, size, who):
    """Once the answers are gone the survey is not known, yet the Help page after
    stopping still speaks to a parent or a community member as an adult."""
    token = site.parent_token if who == "parent" else site.community_token
    with device(chromium, size) as page:
        page.goto(f"{site.url}/s/{token}")
        press(page, "Start")
        with page.expect_navigation():
            page.locator(".stop-row button").tap()
        press(page, "Stop")
        assert "You have stopped" in page.locator("main").inner_text()
        with page.expect_navigation():
            page.locator(".help-menu > summary").tap()
            page.locator(".help-menu").get_by_role("link", name="More help").tap()
        assert page.url.endswith("/help")
        assert "safe adult at school" not in page.locator("main").inner_text()
        page.screenshot(path=str(shots / f"{who}-help-after-stopping-en-{size}.png"),
                        full_page=True)
        assert serious_violations(page, axe_script) == []
        for words in (page.locator(".help-box").inner_text(), _help_words(page)):
            assert "If you are worried about a child" in words
            assert "If you feel sad" not in words and "grown-up" not in words
        assert serious_violations(page, axe_script) == []  # with the Help menu open
