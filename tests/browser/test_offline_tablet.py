"""A class tablet that loses the network: pupils carry on, answers wait, then all arrive once.

Chromium at the tablet viewport, with the network cut by ``context.set_offline(True)``.
"""

from __future__ import annotations

import re
import shutil
import time
from contextlib import contextmanager

import pytest
from sqlalchemy import func, select

from westcc_voice import PROJECT_DIR
from westcc_voice.db import db_session
from westcc_voice.models import Response

from .conftest import CHROMIUM, CHROMIUM_ARGS, TABLET, press, serious_violations, tap_answer

pytestmark = pytest.mark.browser


def _stored(site) -> int:
    with site.app.app_context():
        return db_session().scalar(select(func.count(Response.id)))


def _join_and_get_ready(page, site, code: str | None = None) -> None:
    """A tablet opens the class's start page and keeps the session for offline use."""
    page.goto(f"{site.url}/join/{code or site.join_code}")
    page.wait_for_selector("html[data-offline-ready='true']", state="attached")
    _until(page, "() => navigator.serviceWorker.controller !== null")


def _until(page, expression: str, arg=None, seconds: float = 30) -> None:
    """Poll ``expression`` in the page until it is true. (Playwright's wait_for_function
    evaluates a string with eval, which the pages' content policy rightly forbids.)"""
    for _ in range(int(seconds * 10)):
        if page.evaluate(expression, arg):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"still false after {seconds} s: {expression}")


@pytest.fixture
def kept_tablet(site, chromium):
    """(context, page) of a tablet that joined the class session and kept it offline."""
    context = chromium.new_context(**TABLET)
    page = context.new_page()
    _join_and_get_ready(page, site)
    yield context, page
    context.close()


def _waiting_text(page) -> str:
    status = page.locator(".queue-status:visible .queue-count")
    status.wait_for()
    return status.inner_text()


def _expect_waiting(page, n: int) -> None:
    words = "1 answer waiting to send" if n == 1 else f"{n} answers waiting to send"
    _until(page, "w => Array.from(document.querySelectorAll('.queue-status .queue-count'))"
                 ".some(p => p.offsetParent !== null && p.textContent === w)", words)


def _wait_until_sent(page, seconds: float = 15) -> None:
    """Until the tablet's queue (read from IndexedDB, not the screen) is empty."""
    for _ in range(int(seconds * 4)):
        if page.evaluate("() => window.westccQueue.showStatus()") == 0:
            return
        page.wait_for_timeout(250)
    raise AssertionError("answers were still waiting to send")


def _nothing_filled_in(page) -> bool:
    return page.evaluate(
        "() => Array.from(document.querySelectorAll('#survey-form input, #survey-form textarea'))"
        ".every(el => (el.type === 'radio' || el.type === 'checkbox') ? !el.checked"
        " : (el.type === 'hidden' || el.value === ''))")


def _go(page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).tap()


def _answer_in_document(page, words: str) -> None:
    """One pupil, from the tablet document's start screen to its thanks screen."""
    _go(page, "I'm happy to start")
    page.locator("#t-page-1").wait_for()
    assert _nothing_filled_in(page), "the next pupil saw an earlier pupil's answers"
    _go(page, "Next")
    tap_answer(page, "school_feel", "Good")
    _go(page, "Next")
    _go(page, "Skip this page")
    tap_answer(page, "safe_school", "No")
    page.locator("#q-unsafe_where label", has_text="In the playground").tap()
    _go(page, "Next")
    while not page.get_by_role("button", name="Send my answers").count():
        _go(page, "Next")
    page.locator("#a-anything_else").fill(words)
    _go(page, "Send my answers")
    page.locator("#t-thanks").wait_for()


def _feel_about_school_online(page, word: str) -> None:
    """On the ordinary pages: start, pass the welcome, answer how school feels."""
    press(page, "I'm happy to start")
    press(page, "Next")
    tap_answer(page, "school_feel", word)


def _queued_bodies(page) -> list[dict]:
    return page.evaluate("""() => new Promise((resolve, reject) => {
        const open = indexedDB.open('westcc-offline', 1);
        open.onsuccess = () => {
          const get = open.result.transaction('waiting').objectStore('waiting').getAll();
          get.onsuccess = () => { resolve(get.result.map(r => r.body)); open.result.close(); };
          get.onerror = () => reject(get.error);
        };
        open.onerror = () => reject(open.error);
      })""")


def test_five_pupils_answer_offline_then_exactly_five_responses_arrive(
        site, kept_tablet, shots, axe_script):
    context, page = kept_tablet
    before = _stored(site)

    # Pupil 1 starts online on the ordinary pages, then the Wi-Fi drops.
    _feel_about_school_online(page, "Really good")
    press(page, "Next")
    context.set_offline(True)
    tap_answer(page, "good_friends", "Yes")
    _go(page, "Next")
    page.wait_for_url(re.compile(r"/tablet$"))
    notice = page.locator("#t-offline-notice")
    notice.wait_for()
    assert "carry on" in notice.inner_text()
    assert page.locator("#a-good_friends-1").is_checked()
    page.screenshot(path=str(shots / "offline-carried-on-768x1024.png"))
    assert serious_violations(page, axe_script) == []
    # Back keeps what was given on the ordinary pages before the drop.
    _go(page, "Back")
    assert page.locator("h1:visible").inner_text() == "School"
    assert page.locator("#a-school_feel-5").is_checked()
    _go(page, "Next")
    _go(page, "Next")
    while not page.get_by_role("button", name="Send my answers").count():
        _go(page, "Next")
    page.locator("#a-anything_else").fill("pupil one likes the library")
    _go(page, "Send my answers")
    page.locator("#t-thanks").wait_for()
    assert page.locator(".t-kept").is_visible()
    _expect_waiting(page, 1)
    page.screenshot(path=str(shots / "offline-thanks-waiting-768x1024.png"))
    assert serious_violations(page, axe_script) == []

    # Pupils 2 to 5, one after another, with no network at all.
    for n in range(2, 6):
        page.get_by_role("link", name="Next pupil").tap()
        page.locator("#t-start").wait_for()
        _expect_waiting(page, n - 1)
        assert "pupil one likes the library" not in page.content()
        _answer_in_document(page, f"pupil {n} was here")
        _expect_waiting(page, n)
    assert _stored(site) == before

    # A reload, still offline: the start screen, the same five waiting.
    page.reload()
    page.locator("#t-start").wait_for()
    _expect_waiting(page, 5)
    page.screenshot(path=str(shots / "offline-start-five-waiting-768x1024.png"))
    assert serious_violations(page, axe_script) == []
    bodies = _queued_bodies(page)
    assert len({b["submission_id"] for b in bodies}) == 5
    assert _stored(site) == before

    # The network returns: all five go, once.
    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    _wait_until_sent(page)
    assert _stored(site) == before + 5

    # Replays store nothing: straight to the API, and through the queue again.
    for body in bodies:
        again = page.request.post(f"{site.url}/api/submissions", data=body)
        assert again.status == 200 and again.json()["duplicate"] is True
    page.evaluate("bodies => Promise.all(bodies.map(b => window.westccQueue.add(b)))", bodies)
    _expect_waiting(page, 5)
    _go(page, "Send now")
    _wait_until_sent(page)
    assert _stored(site) == before + 5


def test_the_queue_survives_closing_the_browser(site, chromium, tmp_path):
    profile = tmp_path / "tablet-profile"
    launch = dict(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True, **TABLET)
    context = chromium.browser_type.launch_persistent_context(str(profile), **launch)
    try:
        page = context.pages[0] if context.pages else context.new_page()
        _join_and_get_ready(page, site)
        context.set_offline(True)
        page.goto(f"{site.url}/join/{site.join_code}")
        page.locator("#t-start").wait_for()
        _answer_in_document(page, "kept through a restart")
        _expect_waiting(page, 1)
    finally:
        context.close()
    before = _stored(site)
    context = chromium.browser_type.launch_persistent_context(str(profile), **launch)
    try:
        page = context.pages[0] if context.pages else context.new_page()
        page.goto(f"{site.url}/join/{site.join_code}")
        _wait_until_sent(page)
        assert _stored(site) == before + 1
    finally:
        context.close()


def test_without_a_service_worker_a_failed_post_keeps_the_page_and_what_was_typed(
        site, chromium, shots, axe_script):
    context = chromium.new_context(service_workers="block", **TABLET)
    page = context.new_page()
    try:
        page.goto(f"{site.url}/join/{site.join_code}")
        _feel_about_school_online(page, "Good")
        press(page, "Next")
        tap_answer(page, "good_friends", "Yes")
        address = page.url
        context.set_offline(True)
        _go(page, "Next")
        notice = page.locator("#offline-notice")
        notice.wait_for()
        assert "internet is not working" in notice.inner_text()
        assert page.url == address
        assert page.locator("#a-good_friends-1").is_checked()
        page.screenshot(path=str(shots / "offline-post-kept-768x1024.png"))
        assert serious_violations(page, axe_script) == []

        context.set_offline(False)
        press(page, "Back")
        assert page.locator("#a-school_feel-4").is_checked()
        press(page, "Next")
        assert page.locator("#a-good_friends-1").is_checked(), "Back lost this page's answer"
    finally:
        context.close()


def test_the_browser_evaluates_show_if_as_the_server_does(site, tablet):
    """The tablet document relies on survey.js's evaluator: same trees, same answers."""
    from itertools import product

    from westcc_voice.collect.flow import questions
    from westcc_voice.definitions.expressions import evaluate, parse

    cases = []
    with site.app.app_context():
        from westcc_voice.models import SurveyVersion

        for version in db_session().scalars(select(SurveyVersion)):
            for q in questions(version.definition):
                if q.get("show_if_tree"):
                    cases.append(q["show_if_tree"])
    extra = ["a == 'x' or not b", "n >= 3 and n < 7", "'x' in m", "a not in ['x', 'y']",
             "n != 2", "not (a == 'x' and n <= 4)", "a", "true"]
    cases += [parse(text) for text in extra]
    values = [None, "yes", "no", "not_sure", "x", "prefer_not_to_say", 2, 3, 7, ["x", "y"], []]
    refs = ["safe_school", "safe_area", "miss_out", "a", "b", "n", "m"]
    page = tablet
    page.goto(f"{site.url}/join")
    checked = 0
    for tree in cases:
        for combo in product(values, repeat=2):
            answers = {ref: combo[i % 2] for i, ref in enumerate(refs) if combo[i % 2] is not None}
            browser = page.evaluate("([t, a]) => window.westccSurvey.evaluate(t, a)",
                                    [tree, answers])
            assert browser is evaluate(tree, answers), (tree, answers)
            checked += 1
    assert checked > 100


def _new_session(site, survey_key: str = "pupils-7-11", year_group: int = 5) -> tuple[str, dict]:
    """(join code, definition) of a class session of its own, in the site's school and wave,
    so closing it touches no other test."""
    from westcc_voice.models import ClassSession

    from ..helpers import gen_pupil_session

    with site.app.app_context():
        db = db_session()
        first = db.scalar(select(ClassSession).where(ClassSession.join_code == site.join_code))
        cs = gen_pupil_session(db, survey_key, year_group=year_group, class_label="X",
                               hours=12)
        cs.school_id, cs.wave_id = first.school_id, first.wave_id
        db.commit()
        return cs.join_code, cs.survey_version.definition


@contextmanager
def offline_class_tablet(site, chromium, device: dict = TABLET, survey_key: str = "pupils-7-11"):
    """(context, page, join code): a tablet of a class session of its own that kept the
    session, lost the network and shows the tablet document's start screen."""
    code, _definition = _new_session(site, survey_key)
    context = chromium.new_context(**device)
    page = context.new_page()
    try:
        _join_and_get_ready(page, site, code)
        context.set_offline(True)
        page.goto(f"{site.url}/join/{code}")
        page.locator("#t-start").wait_for()
        yield context, page, code
    finally:
        context.close()


def _close(site, code: str, minutes_ago: int) -> None:
    import datetime as dt

    from westcc_voice.models import ClassSession, utcnow

    with site.app.app_context():
        db = db_session()
        cs = db.scalar(select(ClassSession).where(ClassSession.join_code == code))
        cs.closed_at = utcnow() - dt.timedelta(minutes=minutes_ago)
        db.commit()


@pytest.mark.parametrize(("closed_minutes_ago", "accepted"), [(10, True), (45, False)])
def test_answers_made_before_the_session_closed(site, chromium, shots, axe_script,
                                                closed_minutes_ago, accepted):
    """An answer finished within the API's grace period (30 minutes after closing) is
    stored; one finished later than that is refused, and staff are told how many, never
    what they said. (Answers finished before the close are taken for 14 days: the queue
    sends when each was finished; tests/collect/test_api.py.)"""
    with offline_class_tablet(site, chromium) as (context, page, code):
        _answer_in_document(page, "made before the bell")
        _expect_waiting(page, 1)
        _close(site, code, closed_minutes_ago)
        before = _stored(site)
        context.set_offline(False)
        page.evaluate("window.dispatchEvent(new Event('online'))")
        if accepted:
            _wait_until_sent(page)
            assert _stored(site) == before + 1
        else:
            refused = page.locator("#t-thanks .queue-refused")
            refused.wait_for()
            assert refused.inner_text().startswith("1 answer could not be accepted")
            assert "made before the bell" not in page.locator("body").inner_text()
            assert _stored(site) == before
            page.screenshot(path=str(shots / "offline-refused-768x1024.png"))
            assert serious_violations(page, axe_script) == []


def test_the_tablet_document_online_sends_at_once_and_shows_the_receipt(
        site, kept_tablet, shots, axe_script):
    context, page = kept_tablet
    before = _stored(site)
    context.set_offline(True)
    _go(page, "I'm happy to start")
    page.wait_for_url(re.compile(r"/tablet$"))
    page.locator("#t-page-1").wait_for()
    context.set_offline(False)
    _go(page, "Next")
    tap_answer(page, "school_feel", "Really bad")
    _go(page, "Stop")
    page.locator("#t-stop").wait_for()
    page.screenshot(path=str(shots / "tablet-stop-768x1024.png"))
    assert serious_violations(page, axe_script) == []
    _go(page, "Go back to the survey")
    assert page.locator("#a-school_feel-1").is_checked()
    _go(page, "Stop")
    _go(page, "Send the answers I gave")
    page.locator("#t-thanks .t-receipt").wait_for()
    page.get_by_text("Show my answer code").tap()  # behind a tap on a class tablet
    assert re.fullmatch(r"\w{4}-\w{4}-\w{4}", page.locator(".receipt-code").inner_text())
    assert page.locator(".t-low").is_visible(), "very low answers get the extra help"
    assert page.locator(".t-sent").is_visible()
    page.screenshot(path=str(shots / "tablet-sent-extra-help-768x1024.png"), full_page=True)
    assert serious_violations(page, axe_script) == []
    assert _stored(site) == before + 1


def test_stopping_when_the_network_is_gone_keeps_the_choice_to_send(site, kept_tablet):
    context, page = kept_tablet
    before = _stored(site)
    _feel_about_school_online(page, "OK")
    press(page, "Stop")
    assert "/survey/stop" in page.url
    context.set_offline(True)
    _go(page, "Send the answers I gave")
    page.wait_for_url(re.compile(r"/tablet$"))
    page.locator("#t-stop").wait_for()
    assert page.title().startswith("Do you want to stop?")
    _go(page, "Go back to the survey")
    assert page.locator("#a-school_feel-3").is_checked(), "the answer given online was lost"
    _go(page, "Stop")
    _go(page, "Send the answers I gave")
    page.locator("#t-thanks").wait_for()
    _expect_waiting(page, 1)
    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    _wait_until_sent(page)
    assert _stored(site) == before + 1


def test_declining_when_the_network_is_gone_starts_nothing(site, kept_tablet):
    context, page = kept_tablet
    context.set_offline(True)
    _go(page, "I don't want to do it")
    page.wait_for_url(re.compile(r"/tablet$"))
    page.locator("#t-start").wait_for()
    _go(page, "I don't want to do it")
    page.locator("#t-declined").wait_for()
    assert "Nothing has been saved" in page.locator("#t-declined").inner_text()


def test_a_number_intake_would_refuse_cannot_leave_a_page_of_the_tablet_document(
        site, tablet, shots, axe_script):
    """Typed numbers the tablet lets through are ones intake accepts; the rest get an error."""
    from westcc_voice.definitions import question_types
    from westcc_voice.definitions.question_types import AnswerError
    code, definition = _new_session(site, "pupils-11-16", year_group=9)
    questions = {q["id"]: q for p in definition["pages"] for q in p["questions"]}

    def intake_takes(q, typed):
        try:
            question_types.get(q["type"]).check_answer(q, float(typed))
        except (AnswerError, ValueError):
            return False
        return True

    page = tablet
    page.goto(f"{site.url}/join/{code}/tablet")
    _go(page, "I'm happy to start")
    _go(page, "Next")
    typed_values = ["3", "0", "16", "20", "21", "-1", "2.5", "7.0", "abc", "1e1", "٣", "0x10"]
    shot = False
    for qid in ("sleep_hours", "clubs_per_week"):
        while not page.locator(f"#a-{qid}:visible").count():
            _go(page, "Next")
        here = page.locator("h1:visible").inner_text()
        for typed in typed_values:
            page.locator(f"#a-{qid}").fill(typed)
            _go(page, "Next")
            left = page.locator("h1:visible").inner_text() != here
            if left:
                assert intake_takes(questions[qid], typed), (qid, typed)
                _go(page, "Back")
            else:
                error = page.locator(f"#q-{qid}-error")
                assert error.is_visible(), (qid, typed)
                assert "Please type a number from" in error.inner_text()
                if not shot:
                    page.screenshot(path=str(shots / "tablet-number-error-768x1024.png"))
                    assert serious_violations(page, axe_script) == []
                    shot = True
            assert page.locator("h1:visible").inner_text() == here
        for typed in ("3", "0", "16"):
            page.locator(f"#a-{qid}").fill(typed)
            _go(page, "Next")
            assert page.locator("h1:visible").inner_text() != here, (qid, typed)
            _go(page, "Back")
        page.locator(f"#a-{qid}").fill("")
    assert shot


def test_a_busy_server_is_tried_again_later_by_itself(site, kept_tablet):
    """No reconnect event, no button: the timer retries, waiting longer after each failure."""
    context, page = kept_tablet
    tries = []

    def busy_twice(route):
        tries.append(time.monotonic())
        if len(tries) <= 2:
            route.fulfill(status=503, body="busy")
        else:
            route.continue_()

    context.route("**/api/submissions", busy_twice)
    before = _stored(site)
    context.set_offline(True)
    page.goto(f"{site.url}/join/{site.join_code}")
    page.locator("#t-start").wait_for()
    context.set_offline(False)
    _answer_in_document(page, "sent on the third try")
    _expect_waiting(page, 1)
    page.locator("#t-thanks").get_by_role("button", name="Wait, I'm still reading").tap()
    _wait_until_sent(page, seconds=30)
    assert _stored(site) == before + 1
    assert len(tries) == 3
    gaps = [tries[1] - tries[0], tries[2] - tries[1]]
    assert gaps[0] >= 4.5 and gaps[1] >= gaps[0] * 1.5, gaps


def test_a_tablet_tells_the_teacher_how_many_answers_wait_until_they_arrive(site, chromium):
    """Uploads failing (a busy server, flaky Wi-Fi): the teacher's count shows them
    waiting on tablets; once they go, they count as sent and nothing waits."""
    from westcc_voice.models import ClassSession, TabletQueue

    def waiting_at_server() -> int:
        with site.app.app_context():
            db = db_session()
            cs_id = db.scalar(select(ClassSession.id).where(
                ClassSession.join_code == site.join_code))
            return int(db.scalar(select(func.coalesce(func.sum(TabletQueue.waiting), 0))
                                 .where(TabletQueue.class_session_id == cs_id)))

    context = chromium.new_context(**TABLET)
    page = context.new_page()
    try:
        page.goto(f"{site.url}/join")
        bodies = [{"submission_id": f"00000000-0000-4000-8000-00000000000{n}",
                   "session": site.join_code, "answers": {"school_feel": 3}}
                  for n in (1, 2)]
        context.route("**/api/submissions", lambda route: route.fulfill(status=503))
        page.evaluate("bodies => Promise.all(bodies.map(b => window.westccQueue.add(b)))",
                      bodies)
        page.evaluate("() => window.westccQueue.sendAll()")
        deadline = time.monotonic() + 15
        while waiting_at_server() != 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert waiting_at_server() == 2
        before = _stored(site)
        context.unroute("**/api/submissions")
        page.evaluate("() => window.westccQueue.sendAll()")
        _wait_until_sent(page)
        deadline = time.monotonic() + 15
        while waiting_at_server() != 0 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert waiting_at_server() == 0
        assert _stored(site) == before + 2
    finally:
        context.close()


@pytest.fixture(scope="module")
def date_ranking_version(site, tmp_path_factory) -> int:
    """The id of a stored pupil questionnaire with a date and a ranking on one page."""
    from ..helpers import gen_version_from_file

    surveys = tmp_path_factory.mktemp("date-ranking") / "surveys"
    shutil.copytree(PROJECT_DIR / "surveys", surveys)
    shutil.copy(PROJECT_DIR / "tests" / "data" / "questionnaires" / "pupils-date-ranking.yaml",
                surveys)
    with site.app.app_context():
        db = db_session()
        version = gen_version_from_file(db, surveys, "pupils-date-ranking")
        db.commit()
        return version.id


def _places(page) -> dict[str, str]:
    return dict(page.eval_on_selector_all(
        "#q-playtime_best .rank-item",
        "items => items.map(i => [i.dataset.value, i.querySelector('select').value])"))


def test_a_date_and_a_ranking_answered_offline_arrive_exactly_as_given(
        site, chromium, date_ranking_version, shots, axe_script):
    """Two pupils answer a date and a ranking in the tablet document with the network cut
    (one placing three of four with the place boxes, one moving an option up with the
    buttons, which places all four); the tablet refuses a date outside the bounds; after a
    reload and the network's return, the database holds exactly what each gave."""
    with site.app.app_context():
        before = set(db_session().scalars(select(Response.id).where(
            Response.survey_version_id == date_ranking_version)))
    with offline_class_tablet(site, chromium, survey_key="pupils-date-ranking") as (
            context, page, _code):
        # pupil 1: a date too early is refused on the tablet, then a partial ranking
        _go(page, "I'm happy to start")
        page.locator("#t-page-1").wait_for()
        _go(page, "Next")
        date = page.get_by_label("When did you start at this school?", exact=True)
        date.fill("2017-09-04")
        page.get_by_label("Shade from the sun", exact=True).select_option("1")
        page.get_by_label("A football pitch", exact=True).select_option("2")
        page.get_by_label("A quiet corner", exact=True).select_option("3")
        _go(page, "Next")
        error = page.locator("#q-started_here .t-error")
        error.wait_for()
        assert "1 September 2018" in error.inner_text()
        assert _places(page) == {"shade": "1", "football": "2", "quiet": "3", "games": ""}
        page.screenshot(path=str(shots / "tablet-date-ranking-error-768x1024.png"),
                        full_page=True)
        assert serious_violations(page, axe_script) == []
        date.fill("2021-09-06")
        _go(page, "Next")
        page.locator("#a-anything_else:visible").fill("more benches please")
        _go(page, "Send my answers")
        page.locator("#t-thanks").wait_for()
        _expect_waiting(page, 1)
        # pupil 2: the up button puts "A quiet corner" first and places every option
        page.get_by_role("link", name="Next pupil").tap()
        page.locator("#t-start").wait_for()
        _go(page, "I'm happy to start")
        _go(page, "Next")
        assert _places(page) == {"football": "", "quiet": "", "games": "", "shade": ""}
        assert page.get_by_label("When did you start at this school?",
                                 exact=True).input_value() == ""
        page.get_by_role("button", name="Move up: A quiet corner").tap()
        assert _places(page) == {"quiet": "1", "football": "2", "games": "3", "shade": "4"}
        page.get_by_label("When did you start at this school?", exact=True).fill("2019-01-07")
        _go(page, "Next")
        _go(page, "Send my answers")
        page.locator("#t-thanks").wait_for()
        _expect_waiting(page, 2)
        # a reload, still offline: both wait; then the network returns
        page.reload()
        page.locator("#t-start").wait_for()
        _expect_waiting(page, 2)
        context.set_offline(False)
        page.evaluate("window.dispatchEvent(new Event('online'))")
        _wait_until_sent(page)
    with site.app.app_context():
        stored = db_session().scalars(select(Response).where(
            Response.survey_version_id == date_ranking_version,
            Response.id.not_in(before)).order_by(Response.id)).all()
        # the queue sends in no fixed order: each pupil's answers, whichever came first
        assert sorted((r.answers for r in stored), key=lambda a: a["started_here"],
                      reverse=True) == [
            {"started_here": "2021-09-06", "playtime_best": ["shade", "football", "quiet"],
             "anything_else": "more benches please"},
            {"started_here": "2019-01-07",
             "playtime_best": ["quiet", "football", "games", "shade"]},
        ]
        assert {(r.audience, r.year_group) for r in stored} == {("pupil", 5)}
