"""Every pupil screen in English and Arabic, at tablet and phone size, kept as pictures.

The pictures are test artefacts for a person to look at: they go to WESTCC_ARTEFACTS
(default tests/artefacts/, which git ignores), in pupil-screens/, named
``<language>-<size>-<nn>-<screen>.png``; the folder is printed at the end of the run.
axe-core checks each screen as it is taken. The questionnaire is the secondary pupils'
one (pupils-11-16), which is written in both languages.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from tests import helpers
from westcc_voice import PROJECT_DIR
from westcc_voice.db import db_session

from .conftest import PHONE, TABLET, serious_violations, start_pupil

pytestmark = pytest.mark.browser

ARTEFACTS = Path(os.environ.get("WESTCC_ARTEFACTS", PROJECT_DIR / "tests" / "artefacts"))
SIZES = {"768x1024": TABLET, "390x844": PHONE}
#: What each screen's buttons say, per language (the Arabic catalogue's words).
WORDS = {
    "en": {"start": "I'm happy to start", "send": "Send my answers", "stop": "Stop",
           "discard": "Don't send anything", "show": "Show my answer code", "no": "No",
           "next": "Next"},
    "ar": {"start": "أنا مستعد للبدء", "send": "أرسل إجاباتي", "stop": "توقف",
           "discard": "لا ترسل شيئًا", "show": "أظهر رمز إجاباتي", "no": "لا",
           "next": "التالي"},
}


@pytest.fixture(scope="module")
def folder(site) -> Path:
    out = ARTEFACTS / "pupil-screens"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    yield out
    print(f"\nPupil screens: {len(list(out.glob('*.png')))} pictures in {out}")


@pytest.fixture(scope="module")
def pages(site) -> int:
    with site.app.app_context():
        return len(helpers.survey(db_session(), "pupils-11-16").definition["pages"])


class Camera:
    """Takes each screen's picture and runs axe on it; collects what axe finds."""

    def __init__(self, page, folder: Path, prefix: str, axe_script: Path):
        self.page, self.folder, self.prefix, self.axe = page, folder, prefix, axe_script
        self.count = 0
        self.found: list[str] = []

    def __call__(self, name: str) -> None:
        self.count += 1
        self.page.screenshot(path=str(self.folder / f"{self.prefix}-{self.count:02}-{name}.png"),
                             full_page=True)
        self.found += [f"{name}: {v}" for v in serious_violations(self.page, self.axe)]


def _press(page, name: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=name, exact=True).first.tap()


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", WORDS)
def test_every_pupil_screen_is_pictured_and_passes_axe(site, chromium, axe_script, folder,
                                                        older_code, pages, lang, size):
    code = older_code
    words = WORDS[lang]
    context = chromium.new_context(**SIZES[size])
    page = context.new_page()
    shoot = Camera(page, folder, f"{lang}-{size}", axe_script)
    try:
        page.goto(f"{site.url}/join?lang={lang}")
        assert page.evaluate("document.documentElement.lang") == lang
        shoot("join")
        page.locator("#code").fill("C0DE5S")
        _press(page, page.locator("form.join-form button[type=submit]").inner_text().strip())
        shoot("join-wrong-code")
        page.goto(f"{site.url}/join/{code}?lang={lang}")
        shoot("start")
        _press(page, words["start"])
        for number in range(1, pages + 1):
            page.goto(f"{site.url}/survey/{number}")
            shoot(f"page-{number}")
        page.locator(".help-menu > summary").tap()
        shoot("help-menu")
        page.keyboard.press("Escape")
        page.goto(f"{site.url}/help?back={pages}")
        shoot("help")
        page.goto(f"{site.url}/survey/{pages}")
        _press(page, words["send"])
        shoot("thanks")
        page.get_by_text(words["show"]).tap()
        assert re.search(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}",
                         page.locator(".receipt-code").inner_text())
        shoot("thanks-answer-code")
        # The next pupil: stops part way and sends nothing.
        start_pupil(page, site, code, lang)
        page.goto(f"{site.url}/survey/2")
        _press(page, words["stop"])
        shoot("stop")
        _press(page, words["discard"] if page.get_by_role("button", name=words["discard"]).count()
               else words["stop"])
        shoot("stopped")
        # The next: has no adult at school to talk to, and gets the extra help screen.
        start_pupil(page, site, code, lang)
        number = 1
        while not page.locator("#q-adult_at_school").count():
            number += 1
            page.goto(f"{site.url}/survey/{number}")
        page.locator("#q-adult_at_school label").filter(
            has=page.locator(f".option-word:text-is('{words['no']}')")).tap()
        _press(page, words["next"])
        page.goto(f"{site.url}/survey/{pages}")
        _press(page, words["send"])
        page.locator(".extra-help").wait_for()
        shoot("extra-help")
    finally:
        context.close()
    assert shoot.found == []
