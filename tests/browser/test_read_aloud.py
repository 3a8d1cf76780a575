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
