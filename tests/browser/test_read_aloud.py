"""Read-aloud uses the browser's voices in the text's language, and hides without one."""

from __future__ import annotations

import pytest

from .conftest import press

pytestmark = pytest.mark.browser

FAKE_SPEECH = """
(() => {
  const voices = %s;
  const listeners = [];
  window.__spoken = [];
  window.SpeechSynthesisUtterance = function (text) { this.text = text; this.lang = ""; };
  const synth = {
    getVoices: () => voices,
    speak: (u) => { window.__spoken.push({text: u.text, lang: u.lang,
                                          voice: u.voice ? u.voice.name : null}); },
    cancel: () => {},
    addEventListener: (type, fn) => listeners.push(fn),
  };
  Object.defineProperty(window, "speechSynthesis", {value: synth, configurable: true});
})();
"""


def _start(page, site):
    page.goto(f"{site.url}/join/{site.young_code}")
    press(page, "I'm happy to start", tap=False)
    press(page, "Next", tap=False)


def test_read_aloud_speaks_the_question_and_its_answers_in_the_page_language(site, chromium):
    context = chromium.new_context(viewport={"width": 768, "height": 1024})
    context.add_init_script(FAKE_SPEECH % '[{"name": "Fake English", "lang": "en-GB"}]')
    page = context.new_page()
    try:
        _start(page, site)
        button = page.locator("#q-school_feel .read-aloud")
        assert button.is_visible()
        button.click()
        spoken = page.evaluate("window.__spoken")
        texts = [s["text"] for s in spoken]
        assert texts[0] == "How do you feel at school?"
        assert texts[1:] == ["Not good", "OK", "Good"]
        assert {s["lang"] for s in spoken} == {"en"}
        assert {s["voice"] for s in spoken} == {"Fake English"}
        assert button.get_attribute("aria-pressed") == "true"
    finally:
        context.close()


def test_read_aloud_buttons_stay_hidden_when_the_browser_has_no_voice(site, chromium):
    context = chromium.new_context(viewport={"width": 768, "height": 1024})
    context.add_init_script(FAKE_SPEECH % "[]")
    page = context.new_page()
    try:
        _start(page, site)
        assert page.locator(".read-aloud").count() > 0
        assert page.locator(".read-aloud:visible").count() == 0
    finally:
        context.close()


def _spoken_after(page, button) -> list[str]:
    page.evaluate("window.__spoken = []")
    button.click()
    return [s["text"] for s in page.evaluate("window.__spoken")]


def test_every_pupil_screen_can_be_read_aloud_by_a_button_named_for_what_it_reads(
        site, chromium):
    context = chromium.new_context(viewport={"width": 768, "height": 1024})
    context.add_init_script(FAKE_SPEECH % '[{"name": "Fake English", "lang": "en-GB"}]')
    page = context.new_page()
    try:
        page.goto(f"{site.url}/join")
        said = _spoken_after(page, page.get_by_role("button", name="Read aloud: Join your class "
                                                          "survey"))
        assert said[:2] == ["Join your class survey", "Type the code your teacher shows you"]

        page.goto(f"{site.url}/join/{site.join_code}")
        press(page, "I'm happy to start", tap=False)
        # a grid: its own button reads the question, each statement's button reads one row
        grid = page.get_by_role("button", name="Read aloud: I enjoy learning at school.")
        while not page.locator("#q-learning").count():
            press(page, "Next", tap=False)
        said = _spoken_after(page, grid)
        assert said[0] == "I enjoy learning at school."
        assert "I can get help with my work when I need it." not in said
        names = page.locator(".read-aloud").evaluate_all(
            "els => els.map(b => b.getAttribute('aria-label'))")
        assert len(names) == len(set(names)), "each Read aloud button has its own name"

        press(page, "Stop", tap=False)
        said = _spoken_after(page, page.get_by_role("button",
                                                     name="Read aloud: Do you want to stop?"))
        assert said[0] == "Do you want to stop?"
        press(page, "Go back to the survey", tap=False)
        while not page.get_by_role("button", name="Send my answers").count():
            press(page, "Next", tap=False)
        hint = page.get_by_role("button", name="Read aloud: Is there anything else you want to "
                                               "tell us?")
        assert "Please do not write anyone's name." in _spoken_after(page, hint)
        press(page, "Send my answers", tap=False)
        said = _spoken_after(page, page.get_by_role("button", name="Read aloud: Thank you!"))
        assert said[:2] == ["Thank you!", "Your answers have been sent."]
        assert not any("-" in s and len(s) == 14 for s in said), "the receipt is never read out"
    finally:
        context.close()


def test_the_extra_help_screen_and_help_can_be_read_aloud(site, chromium):
    context = chromium.new_context(viewport={"width": 768, "height": 1024})
    context.add_init_script(FAKE_SPEECH % '[{"name": "Fake English", "lang": "en-GB"}]')
    page = context.new_page()
    try:
        page.goto(f"{site.url}/join/{site.young_code}")
        press(page, "I'm happy to start", tap=False)
        while not page.locator("#q-trusted_adult").count():
            press(page, "Next", tap=False)
        page.locator("label[for='a-trusted_adult-2']").click()  # "No"
        page.locator(".help-menu > summary").click()
        press(page, "More help", tap=False)
        said = _spoken_after(page, page.get_by_role("button", name="Read aloud: Help"))
        assert said[0] == "Help" and any("Childline" in s for s in said)
        page.get_by_role("link", name="Back to the survey").click()
        while not page.get_by_role("button", name="Send my answers").count():
            press(page, "Next", tap=False)
        press(page, "Send my answers", tap=False)
        said = _spoken_after(page, page.get_by_role(
            "button", name="Read aloud: Thank you for telling us how you feel"))
        assert said[0] == "Thank you for telling us how you feel"
        assert any("0800 1111" in s for s in said)
    finally:
        context.close()
