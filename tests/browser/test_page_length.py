"""Every page of every shipped questionnaire, measured in Chromium on a 768x1024 tablet
and on a 390x844 phone.

A page fits about two tablet screens and about four phone screens (definitions/
page_length.py, TABLET and PHONE), with every conditional question shown and the
read-aloud buttons a device with a voice shows; and the loader's estimate, which warns
authors of long pages, stays within a quarter of what Chromium draws at each size. On a
phone a page of one question may be longer (a grid of statements): a page break cannot
split it, and the loader says so. Run with -s to see each page's figures:

    pytest tests/browser/test_page_length.py -s
"""

from __future__ import annotations

import pytest

from tests import helpers
from westcc_voice.db import db_session
from westcc_voice.definitions import page_length
from westcc_voice.definitions.page_length import page_height

from .conftest import PHONE, TABLET
from .test_read_aloud import FAKE_SPEECH

pytestmark = pytest.mark.browser

KEYS = ("pupils-5-7", "pupils-7-11", "pupils-11-16", "parents", "community")


def _starts(site, older_code: str) -> dict[str, str]:
    """Where each questionnaire starts: a class session's code or a link."""
    return {"pupils-5-7": f"/join/{site.young_code}", "pupils-7-11": f"/join/{site.join_code}",
            "pupils-11-16": f"/join/{older_code}",
            "parents": f"/s/{site.parent_token}", "community": f"/s/{site.community_token}"}


@pytest.mark.parametrize("device, screen", [(TABLET, page_length.TABLET),
                                            (PHONE, page_length.PHONE)],
                         ids=["768x1024 tablet", "390x844 phone"])
def test_every_shipped_page_fits_its_screens_and_the_estimate_holds(
        site, chromium, older_code, device, screen):
    with site.app.app_context():
        definitions = {key: helpers.survey(db_session(), key).definition for key in KEYS}
    context = chromium.new_context(**device)
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
                measured.append((key, survey_page["id"], drawn,
                                 page_height(survey_page, "en", screen),
                                 len(survey_page["questions"])))
    finally:
        context.close()
    for key, page_id, drawn, estimated, _count in measured:
        print(f"{screen.name}: {key:13} {page_id:20} drawn {drawn:5} px, "
              f"estimated {estimated:5} px, {estimated / drawn:.2f}")
    assert len(measured) > 40
    too_long = [m for m in measured if m[2] > screen.long_page_px]
    assert [m for m in too_long if screen is page_length.TABLET or m[4] > 1] == []
    assert [m for m in measured if not 0.75 * m[2] <= m[3] <= 1.25 * m[2]] == []
