"""Every page of every shipped questionnaire, measured on a 768x1024 tablet in Chromium.

A page fits about two screens (definitions/page_length.py, LONG_PAGE_PX), with every
conditional question shown and the read-aloud buttons a tablet with a voice shows; and
the loader's estimate, which warns authors of long pages, stays within a quarter of what
Chromium draws. Run with -s to see each page's figures:

    pytest tests/browser/test_page_length.py -s
"""

from __future__ import annotations

import pytest

from tests import helpers
from westcc_voice.db import db_session
from westcc_voice.definitions.page_length import LONG_PAGE_PX, page_height

from .conftest import TABLET
from .test_read_aloud import FAKE_SPEECH

pytestmark = pytest.mark.browser

KEYS = ("pupils-5-7", "pupils-7-11", "pupils-11-16", "parents", "community")


def _starts(site, older_code: str) -> dict[str, str]:
    """Where each questionnaire starts: a class session's code or a link."""
    return {"pupils-5-7": f"/join/{site.young_code}", "pupils-7-11": f"/join/{site.join_code}",
            "pupils-11-16": f"/join/{older_code}",
            "parents": f"/s/{site.parent_token}", "community": f"/s/{site.community_token}"}


def test_every_shipped_page_fits_about_two_tablet_screens_and_the_estimate_holds(
        site, chromium, older_code):
    with site.app.app_context():
        definitions = {key: helpers.survey(db_session(), key).definition for key in KEYS}
    context = chromium.new_context(**TABLET)
    context.add_init_script(FAKE_SPEECH % '[{"name": "Fake English", "lang": "en-GB"}]')
    page = context.new_page()
    measured = []
    try:
        for key, start in _starts(site, older_code).items():
            page.goto(site.url + start)
            with page.expect_navigation():
                page.locator("form button.primary").first.click()
            for number, survey_page in enumerate(definitions[key]["pages"], 1):
                page.goto(f"{site.url}/survey/{number}")
                if not page.url.endswith(f"/survey/{number}"):
                    continue  # a page shown only after some answers: not reached this way
                page.locator(".read-aloud").first.wait_for()
                page.evaluate("document.querySelectorAll('.question[hidden]')"
                              ".forEach(q => q.hidden = false)")
                drawn = page.evaluate("document.documentElement.scrollHeight")
                measured.append((key, survey_page["id"], drawn, page_height(survey_page, "en")))
    finally:
        context.close()
    for row in measured:
        print("{:13} {:20} drawn {:5} px, estimated {:5} px".format(*row))
    assert len(measured) > 40
    assert [m for m in measured if m[2] > LONG_PAGE_PX] == []
    assert [m for m in measured if not 0.75 * m[2] <= m[3] <= 1.25 * m[2]] == []
