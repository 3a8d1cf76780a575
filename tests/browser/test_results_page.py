"""The results page in Chromium: its charts render, it works with JavaScript off, and
axe-core finds nothing wrong, at a desk and on a tablet.

Screenshots go to WESTCC_SCREENSHOTS (default /tmp/westcc-screenshots) for a person to
look at: results-desktop.png, results-filtered.png, results-tablet.png.
"""

from __future__ import annotations

import time

import pytest
from sqlalchemy import select

from westcc_voice.db import db_session
from westcc_voice.models import School, Wave

from .. import helpers
from .conftest import TABLET, serious_violations, sign_in
from .test_content_policy import WATCH

pytestmark = pytest.mark.browser

#: Each chart is drawn when first asked for, at its own address.
READY_MS = 180_000


@pytest.fixture(scope="module")
def results_site(site):
    """Pupils at three schools (one group too small to show) and a steering member."""
    with site.app.app_context():
        db = db_session()
        home = db.scalar(select(School).where(School.name == "Westgate Hill Primary"))
        wave = db.scalars(select(Wave).order_by(Wave.id)).first()
        pupils = helpers.survey(db, "pupils-7-11")
        others = [helpers.gen_school(db, name="Riverside Juniors"),
                  helpers.gen_school(db, name="Tiny Village School")]
        # enough pupils that the partnership's answer counts clear 10 (every count under 10
        # is hidden, and a second one with it)
        for school, count in ((home, 60), (others[0], 60), (others[1], 5)):
            for i in range(count):
                db.add(helpers.gen_response(
                    db, survey_version_id=pupils.id, wave_id=wave.id, school_id=school.id,
                    year_group=3 + i % 4, answers={
                        "school_feel": 1 + i % 5, "belong": 1 + (i * 7) % 5,
                        "read_for_fun": 1 + i % 4, "ons4_satisfaction": i % 11}))
        steering = helpers.gen_staff(db, "steering")
        db.commit()
        return {"wave": wave.code, "steering": steering.email}


def all_violations(page, axe_script) -> list[str]:
    """Every axe-core finding, whatever its impact (serious_violations keeps the worst)."""
    worst = serious_violations(page, axe_script)
    result = page.evaluate("async () => await axe.run(document)")
    return worst + [f"{v['id']} ({v['impact']}): {v['help']}" for v in result["violations"]
                    if v["impact"] not in ("serious", "critical")]


def open_results(page, site, query: str) -> None:
    """The page with every section open, once every chart image has arrived (they load
    as they come into view: here all at once, as a printout would)."""
    page.goto(f"{site.url}/staff/results/?{query}&open=all")
    page.wait_for_selector("figure.chart img", timeout=READY_MS)
    page.locator("figure.chart img").evaluate_all(
        "imgs => imgs.forEach(i => { i.loading = 'eager'; })")
    wait_until(page, "figure.chart img", "i.complete")


def wait_until(page, selector: str, test: str) -> None:
    """Wait until ``test`` holds for every image ``selector`` finds (a loop here: the
    page's Content-Security-Policy refuses the string a wait_for_function evaluates)."""
    deadline = time.monotonic() + READY_MS / 1000
    script = f"() => [...document.querySelectorAll({selector!r})].every(i => {test})"
    while not page.evaluate(script):
        assert time.monotonic() < deadline, f"{selector} never had {test}"
        time.sleep(0.2)


def charts_drawn(page) -> int:
    """How many chart images the browser decoded into a picture with a size."""
    return page.locator("figure.chart img").evaluate_all(
        "imgs => imgs.filter(i => i.complete && i.naturalWidth > 100).length")


def test_a_school_lead_sees_a_short_page_of_closed_sections(site, chromium, axe_script, shots,
                                                          results_site):
    """At 1280x800 the page opens with the contents, the first section open and the
    others closed, each saying what it holds; choosing one opens it with its charts."""
    context = chromium.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        sign_in(page, site, results_site["steering"])
        page.goto(f"{site.url}/staff/results/?wave={results_site['wave']}")
        height = page.evaluate("document.documentElement.scrollHeight")
        closed = page.locator("details.results-details:not([open])")
        assert closed.count() >= 3
        assert height < 6000, f"the page is {height}px long with its sections closed"
        page.screenshot(path=str(shots / "results-closed.png"), full_page=True)
        assert all_violations(page, axe_script) == []
        first = page.locator("details.results-details").nth(1)  # the first closed one
        assert first.get_attribute("open") is None
        first.locator("summary").click()
        assert first.get_attribute("open") is not None
        wait_until(page, "details[open] figure.chart img",
                   "i.complete && i.naturalWidth > 100")
        assert first.locator("figure.chart img").count() >= 1
    finally:
        context.close()


def test_results_on_a_phone_pass_axe(site, chromium, axe_script, results_site):
    context = chromium.new_context(viewport={"width": 390, "height": 844}, has_touch=True)
    page = context.new_page()
    try:
        sign_in(page, site, results_site["steering"])
        page.goto(f"{site.url}/staff/results/?wave={results_site['wave']}")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"the page is {overflow}px wider than the phone"
        assert all_violations(page, axe_script) == []
    finally:
        context.close()


def test_results_work_without_javascript(site, chromium, shots, results_site):
    """The charts are images at their own addresses, sections are <details>, and the
    filters are a plain GET form: no script is needed anywhere."""
    context = chromium.new_context(viewport={"width": 1280, "height": 800},
                                   java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in(page, site, results_site["steering"])
        open_results(page, site, f"wave={results_site['wave']}")
        assert charts_drawn(page) >= 3
        assert charts_drawn(page) == page.locator("figure.chart img").count()
        text = page.inner_text("main")
        # Tiny Village's 5 pupils are left out of the partnership's figures, which says so
        assert "n = 120" in text and "Tiny Village School" in text
        assert page.get_by_role("link", name="The briefing for All WEST schools").count() == 1
        page.screenshot(path=str(shots / "results-desktop.png"), full_page=True)

        page.get_by_label("What is measured").select_option(label="Happy at school")
        with page.expect_navigation():
            page.get_by_role("button", name="Show results").click()
        open_results(page, site, page.url.split("?", 1)[1])
        assert "construct=happy_at_school" in page.url
        assert "How do you feel about school?" in page.inner_text("main")
        assert "I feel I belong at my school." not in page.inner_text("main")
        page.screenshot(path=str(shots / "results-filtered.png"), full_page=True)
    finally:
        context.close()


def test_results_pass_axe_and_the_content_policy(site, chromium, axe_script, results_site):
    context = chromium.new_context(viewport={"width": 1280, "height": 800})
    context.add_init_script(WATCH)
    page = context.new_page()
    try:
        sign_in(page, site, results_site["steering"])
        open_results(page, site, f"wave={results_site['wave']}")
        assert charts_drawn(page) >= 3
        assert page.evaluate("window.__violations") == []
        assert all_violations(page, axe_script) == []
        open_results(page, site, f"wave={results_site['wave']}&audience=pupil"
                                 "&construct=happy_at_school")
        assert page.evaluate("window.__violations") == []
        assert all_violations(page, axe_script) == []
    finally:
        context.close()


def test_results_on_a_tablet_fit_the_screen(site, chromium, axe_script, shots, results_site):
    context = chromium.new_context(**TABLET)
    page = context.new_page()
    try:
        sign_in(page, site, results_site["steering"])
        open_results(page, site, f"wave={results_site['wave']}&school=partnership")
        assert charts_drawn(page) >= 3
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"the page is {overflow}px wider than the tablet"
        page.screenshot(path=str(shots / "results-tablet.png"), full_page=True)
        assert all_violations(page, axe_script) == []
    finally:
        context.close()
