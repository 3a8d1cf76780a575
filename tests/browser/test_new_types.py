"""A date and a ranking in Chromium, on a phone (390x844) and a tablet (768x1024): the
native date input with its bounds, the ranking's place choices and up/down buttons,
each move announced, no serious axe finding, and what is sent is what is stored."""

from __future__ import annotations

import shutil

import pytest
from sqlalchemy import select

from tests import helpers
from westcc_voice import PROJECT_DIR
from westcc_voice.db import db_session
from westcc_voice.models import Response

from .conftest import PHONE, TABLET, press, serious_violations

pytestmark = pytest.mark.browser

FILE = PROJECT_DIR / "tests" / "data" / "questionnaires" / "parents-new-types.yaml"


@pytest.fixture(scope="module")
def new_types_token(site, tmp_path_factory):
    surveys = tmp_path_factory.mktemp("new-types") / "surveys"
    shutil.copytree(PROJECT_DIR / "surveys", surveys)
    shutil.copy(FILE, surveys)
    with site.app.app_context():
        db = db_session()
        link, _definition = helpers.gen_link_to_file(db, surveys, "parents-new-types")
        db.commit()
        return link.token


def _last_stored(site) -> dict:
    """The answers of the response stored last."""
    with site.app.app_context():
        return db_session().scalars(select(Response).order_by(Response.id.desc())).first().answers


def _places(page) -> list[tuple[str, str]]:
    return page.eval_on_selector_all(
        "#q-priorities .rank-item",
        "items => items.map(i => [i.dataset.value, i.querySelector('select').value])")


@pytest.mark.parametrize("device", [PHONE, TABLET], ids=["phone", "tablet"])
def test_a_date_and_a_ranking_on_a_phone_and_a_tablet(site, chromium, new_types_token,
                                                      axe_script, shots, device):
    context = chromium.new_context(**device)
    page = context.new_page()
    name = "phone" if device is PHONE else "tablet"
    try:
        page.goto(f"{site.url}/s/{new_types_token}?lang=en")
        press(page, "Start")
        press(page, "Next")
        date = page.get_by_label("When did your family move to the West End?", exact=True)
        assert date.get_attribute("type") == "date" and date.get_attribute("min") == "2015-01-01"
        assert page.locator("#q-moved_here-hint").inner_text().startswith(
            "A date from 1 January 2015 to")
        # the ranking: buttons appear with the script; each option has its place
        ups = page.locator("#q-priorities .rank-up")
        assert ups.count() == 4 and ups.first.is_visible()
        page.get_by_role("button", name="Move up: Cheaper buses").tap()
        page.get_by_role("button", name="Move up: Cheaper buses").tap()
        assert _places(page) == [["buses", "1"], ["parks", "2"], ["youth_clubs", "3"],
                                 ["libraries", "4"]]
        # polled from Python: the content policy refuses wait_for_function's eval
        for _ in range(100):
            if "Cheaper buses is now number 1." in page.locator("#live-region").inner_text():
                break
            page.wait_for_timeout(100)
        assert "Cheaper buses is now number 1." in page.locator("#live-region").inner_text()
        assert page.evaluate("document.activeElement.textContent").strip().startswith("▲")
        # choosing a place another option holds swaps the two
        page.get_by_label("Longer library hours", exact=True).select_option("1")
        assert _places(page) == [["libraries", "1"], ["parks", "2"], ["youth_clubs", "3"],
                                 ["buses", "4"]]
        for box in ("#q-priorities", "#q-moved_here"):
            width = page.locator(box).bounding_box()["width"]
            assert width <= device["viewport"]["width"]
        page.screenshot(path=str(shots / f"new-types-{name}.png"), full_page=True)
        assert serious_violations(page, axe_script) == []
        # a date outside its bounds is refused, naming the question
        date.fill("2014-12-31")
        page.get_by_label("What is the first part of your postcode?", exact=True).fill("NE4")
        press(page, "Send my answers")
        summary = page.locator("#error-summary").inner_text()
        assert "“When did your family move to the West End?” Please give a date from " \
               "1 January 2015" in summary
        assert _places(page)[0] == ["libraries", "1"]  # the order is kept
        page.screenshot(path=str(shots / f"new-types-{name}-error.png"), full_page=True)
        assert serious_violations(page, axe_script) == []
        date.fill("2019-09-02")
        press(page, "Send my answers")
        assert "/survey/thanks" in page.url
    finally:
        context.close()
    stored = _last_stored(site)
    assert stored["priorities"] == ["libraries", "parks", "youth_clubs", "buses"]
    assert stored["moved_here"] == "2019-09-02"
    assert stored["district"] == "NE4"


def test_without_javascript_an_answer_revealed_on_the_page_is_shown_not_lost(
        site, chromium, new_types_token, shots):
    """No script: "A tutor at home" is offered only once "I can help with homework" is 2
    or less, on the same page. Next brings the page back with the answers kept, the new
    answer shown and a note, and goes on only after that; so does a question that follows
    another grid item on the page."""
    context = chromium.new_context(java_script_enabled=False, **TABLET)
    page = context.new_page()
    tutor = page.locator("#q-homework_help .option:has(.option-word:text-is('A tutor at home'))")
    try:
        page.goto(f"{site.url}/s/{new_types_token}?lang=en")
        press(page, "Start")
        assert not page.locator("#q-enjoy_less").is_visible()
        assert tutor.count() == 1 and not tutor.is_visible()
        page.locator("#q-learning-homework label:has(.option-word:text-is('Strongly disagree'))"
                     ).tap()
        page.locator("#q-homework_help label:has(.option-word:text-is('A homework club'))").tap()
        press(page, "Next")
        assert page.url.endswith("/survey/1")
        assert page.locator("#notice").inner_text() == (
            "Another answer has appeared on this page. Please look at it, then press Next "
            "again.")
        assert tutor.is_visible()
        assert page.get_by_label("A homework club", exact=True).is_checked()
        assert page.locator("#q-learning-homework input[value='1']").is_checked()
        page.screenshot(path=str(shots / "new-types-no-script-revealed.png"), full_page=True)
        tutor.locator("label").tap()
        # a question that follows one grid item comes the same way, with its own note
        page.locator("#q-learning-enjoy label:has(.option-word:text-is('Disagree'))").tap()
        press(page, "Next")
        assert page.url.endswith("/survey/1")
        assert page.locator("#notice").inner_text().startswith(
            "Another question has appeared on this page.")
        assert page.get_by_label("A tutor at home", exact=True).is_checked()
        page.get_by_label("What would help your child enjoy school more?",
                          exact=True).fill("A quiet place to read")
        press(page, "Next")
        assert page.url.endswith("/survey/2")  # seen now: the page goes on
        page.get_by_label("What is the first part of your postcode?", exact=True).fill("NE15")
        page.get_by_label("When did your family move to the West End?",
                          exact=True).fill("2020-03-14")
        assert not page.locator("#q-priorities .rank-move").first.is_visible()  # no buttons
        page.get_by_label("Youth clubs", exact=True).select_option("1")
        page.get_by_label("Safer parks", exact=True).select_option("2")
        press(page, "Send my answers")
        assert "/survey/thanks" in page.url
    finally:
        context.close()
    assert _last_stored(site) == {"learning": {"homework": 1, "enjoy": 2},
                                  "enjoy_less": "A quiet place to read",
                                  "homework_help": "tutor",
                                  "district": "NE15", "moved_here": "2020-03-14",
                                  "priorities": ["youth_clubs", "parks"]}


def test_with_javascript_an_answer_revealed_on_the_page_goes_straight_on(
        site, chromium, new_types_token, tablet):
    """The script shows "A tutor at home" as soon as it is offered and tells the server it
    was seen, so Next goes on at once."""
    tutor = tablet.locator("#q-homework_help .option:has(.option-word:text-is('A tutor at home'))")
    tablet.goto(f"{site.url}/s/{new_types_token}?lang=en")
    press(tablet, "Start")
    assert not tutor.is_visible()
    tablet.locator("#q-learning-homework label:has(.option-word:text-is('Disagree'))").tap()
    assert tutor.is_visible()
    # a screen reader hears that an answer appeared, as it hears a new question
    live = tablet.locator("#live-region")
    for _ in range(50):  # polled from Python: the content policy refuses eval
        if live.inner_text().strip():
            break
        tablet.wait_for_timeout(100)
    assert live.inner_text().strip() == "Another answer has appeared on this page."
    tablet.locator("#q-homework_help label:has(.option-word:text-is('A homework club'))").tap()
    press(tablet, "Next")
    assert tablet.url.endswith("/survey/2")
