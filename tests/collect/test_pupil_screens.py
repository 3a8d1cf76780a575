"""Pupil screens that never lose answers and never leave a child unsure whether they sent."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from westcc_voice.models import utcnow

from ..helpers import gen_answer_link, gen_pupil_session, survey
from .conftest import page_number


@pytest.fixture
def definition(db):
    return survey(db, "pupils-7-11").definition


def test_more_help_keeps_the_page_and_its_answers(pupil, class_session, definition):
    pupil.start_session(class_session.join_code)
    number = page_number(definition, "school")
    response = pupil.page(number, action="help", school_feel="1")
    assert response.status_code == 302 and "/help" in response.location
    html = pupil.client.get(response.location).get_data(as_text=True)
    back = re.search(r'<a class="button primary big" href="([^"]+)">Back to the survey', html)
    assert back and back.group(1) == f"/survey/{number}"
    page = pupil.client.get(back.group(1)).get_data(as_text=True)
    assert re.search(r'id="a-school_feel-1"[^>]*checked', page)


def test_more_help_on_a_survey_page_posts_the_page_rather_than_leaving_it(
        pupil, class_session):
    pupil.start_session(class_session.join_code)
    html = pupil.client.get("/survey/2").get_data(as_text=True)
    assert re.search(r'<button type="submit" form="survey-form" name="action" value="help"', html)


def test_skip_on_the_last_page_says_that_it_sends(pupil, class_session, definition):
    pupil.start_session(class_session.join_code)
    last = len(definition["pages"])
    html = pupil.client.get(f"/survey/{last}").get_data(as_text=True)
    assert "and send my answers</button>" in html
    earlier = pupil.client.get("/survey/2").get_data(as_text=True)
    assert "Skip this page</button>" in earlier and "and send my answers" not in earlier


@pytest.mark.parametrize("key", ["pupils-5-7", "pupils-7-11", "pupils-11-16", "parents",
                                 "community"])
def test_no_last_page_is_headed_as_if_the_survey_were_over(db, key):
    last = survey(db, key).definition["pages"][-1]
    title = last["title"][survey(db, key).definition["source_language"]].lower()
    assert not any(word in title for word in ("thank", "the end", "finished!", "done")), title


def test_a_class_tablet_keeps_the_receipt_behind_a_tap(pupil, class_session, definition):
    pupil.start_session(class_session.join_code)
    pupil.send(len(definition["pages"]))
    html = pupil.client.get("/survey/thanks").get_data(as_text=True)
    assert re.search(r'<details class="receipt-reveal">\s*<summary class="button">Show my answer '
                     r'code</summary>\s*<p class="receipt-line"><span>Your answer code:', html)
    assert "copy-code" not in html  # the next child would find the code on the clipboard


def test_a_parent_sees_the_receipt_at_once(parent, parent_link, db):
    parent.start_link(parent_link.token)
    definition = survey(db, "parents").definition
    parent.send(len(definition["pages"]))
    html = parent.client.get("/survey/thanks").get_data(as_text=True)
    assert "receipt-code" in html and "receipt-reveal" not in html


def test_the_young_childrens_last_page_says_what_to_press(pupil, db):
    session = gen_pupil_session(db, "pupils-5-7", year_group=1)
    pupil.start_session(session.join_code)
    last = len(survey(db, "pupils-5-7").definition["pages"])
    html = pupil.client.get(f"/survey/{last}").get_data(as_text=True)
    assert "<h1>Last question</h1>" in html
    assert "Now press &#34;Send my answers&#34; to finish." in html or \
        'Now press "Send my answers" to finish.' in html


@pytest.mark.parametrize(("lang", "words"), [("ar", 'lang="ar" dir="rtl"'),
                                             ("pl", 'lang="pl" dir="ltr"')])
def test_thanks_and_extra_help_keep_the_pupils_language_on_a_class_tablet(
        pupil, db, lang, words):
    older = gen_pupil_session(db, "pupils-11-16", year_group=9)
    definition = survey(db, "pupils-11-16").definition
    pupil.client.get(f"/join/{older.join_code}?lang={lang}")
    pupil.start_session(older.join_code)
    pupil.page(page_number(definition, "school"), adult_at_school="no")
    pupil.send(len(definition["pages"]))
    html = pupil.client.get("/survey/thanks").get_data(as_text=True)
    assert f"<html {words}>" in html
    assert "things might be hard for you" not in html  # the extra help, translated
    assert 'class="extra-help"' in html
    # the next pupil starts in the default language
    start = pupil.client.get(f"/join/{older.join_code}").get_data(as_text=True)
    assert '<html lang="en" dir="ltr">' in start


def test_the_stopped_page_keeps_the_pupils_language(pupil, class_session):
    pupil.client.get(f"/join/{class_session.join_code}?lang=pl")
    pupil.start_session(class_session.join_code)
    html = pupil.client.post("/survey/stop", data={"action": "discard"}).get_data(as_text=True)
    assert '<html lang="pl" dir="ltr">' in html


def test_the_receipt_speaks_to_an_adult_as_an_adult(parent, db, parent_link):
    """A parent is not told "you or a grown-up can use this code"; a pupil still is."""
    from tests.helpers import survey as stored

    from .conftest import page_number

    parent.start_link(parent_link.token)
    parent.send(page_number(stored(db, "parents").definition, "the_end"))
    thanks = parent.client.get("/survey/thanks").get_data(as_text=True)
    assert "If you change your mind, you can use this code" in thanks
    assert "grown-up" not in thanks


def test_an_older_pupil_is_told_of_an_adult_they_trust_not_a_grown_up(pupil, db):
    older = gen_pupil_session(db, "pupils-11-16", year_group=10, class_label="10C")
    definition = survey(db, "pupils-11-16").definition
    pupil.start_session(older.join_code)
    page = pupil.client.get("/survey/2").get_data(as_text=True)
    pupil.page(page_number(definition, "school"), adult_at_school="no")
    pupil.send(len(definition["pages"]))
    thanks = pupil.client.get("/survey/thanks").get_data(as_text=True)
    for html in (page, thanks):
        assert "grown-up" not in html
    assert "Talk to an adult you trust, like a teacher" in page  # the Help menu
    assert "Talk to an adult you trust: a teacher" in thanks  # the extra help screen
    assert "They help young people up to 19" in thanks
    assert "you or an adult you trust can use this code" in thanks


def test_a_young_pupil_is_still_told_of_a_grown_up(pupil, db):
    young = gen_pupil_session(db, "pupils-5-7", year_group=1, class_label="1R")
    pupil.start_session(young.join_code)
    html = pupil.client.get("/survey/2").get_data(as_text=True)
    assert "Tell a grown-up you trust" in html
    assert "an adult you trust" not in html


def test_a_parent_can_copy_the_receipt_which_never_breaks(parent, parent_link, db):
    parent.start_link(parent_link.token)
    parent.send(len(survey(db, "parents").definition["pages"]))
    html = parent.client.get("/survey/thanks").get_data(as_text=True)
    assert re.search(r'<button type="button" class="button copy-code" hidden>Copy the code'
                     r'</button>', html)  # shown by survey.js where the browser can copy
    assert re.search(r'<span class="copy-status" role="status" aria-live="polite" '
                     r'data-copied="Code copied"', html)


def _help_menu(html: str) -> str:
    """The words of the Help menu in a page's header."""
    found = re.search(r'<div class="menu-panel help-panel">(.*?)</div>', html, re.S)
    assert found, "no Help menu on the page"
    return found.group(1)


def _pupil_screens(pupil, code: str) -> dict[str, str]:
    """Each pupil screen that knows its class session, before and after the survey."""
    screens = {"start": pupil.client.get(f"/join/{code}").get_data(as_text=True)}
    pupil.start_session(code)
    screens["stop"] = pupil.client.get("/survey/stop?page=1").get_data(as_text=True)
    screens["stopped"] = pupil.client.post(
        "/survey/stop", data={"action": "discard"}).get_data(as_text=True)
    assert "You have stopped" in screens["stopped"]
    screens["more help after stopping"] = pupil.client.get("/help").get_data(as_text=True)
    return screens


@pytest.mark.parametrize("survey_key, year, said, not_said", [
    ("pupils-11-16", 8, ("Talk to an adult you trust, like a teacher",
                         "They help young people up to 19"), "grown-up"),
    ("pupils-5-7", 1, ("Tell a grown-up you trust",
                       "They are there to help children"), "adult you trust"),
], ids=["secondary: an adult you trust", "infant: a grown-up"])
def test_every_screen_of_a_class_speaks_to_its_age(pupil, db, survey_key, year, said, not_said):
    """Start, stop, stopped and Help after stopping know the class, so its pupils' age."""
    session = gen_pupil_session(db, survey_key, year_group=year, class_label=f"{year}K")
    for name, html in _pupil_screens(pupil, session.join_code).items():
        menu = _help_menu(html)
        for words in said:
            assert words in menu, name
        assert not_said not in menu, name


def test_the_join_page_before_a_code_speaks_to_any_age(pupil, db):
    for html in (pupil.client.get("/join").get_data(as_text=True),
                 pupil.client.post("/join", data={"code": "XXXX"}).get_data(as_text=True)):
        menu = _help_menu(html)
        assert "Talk to a teacher or an adult you trust" in menu
        assert "They help children and young people up to 19" in menu
        assert "grown-up" not in menu


def test_a_parent_stopping_is_still_spoken_to_as_an_adult(parent, parent_link):
    parent.start_link(parent_link.token)
    html = parent.client.post("/survey/stop", data={"action": "discard"}).get_data(as_text=True)
    menu = _help_menu(html)
    assert "If you are worried about a child" in menu
    assert "grown-up" not in menu and "adult you trust" not in menu


#: Each kind of respondent: (how they answer, questionnaire, year group), and what Help
#: says to them and never says.
READERS = {
    "parent": ("link", "parents", None, "If you are worried about a child", "If you feel sad"),
    "community": ("link", "community", None, "If you are worried about a child",
                  "If you feel sad"),
    "young pupil": ("session", "pupils-5-7", 1, "Tell a grown-up you trust", "adult you trust"),
    "middle pupil": ("session", "pupils-7-11", 5, "Tell a grown-up you trust",
                     "adult you trust"),
    "older pupil": ("session", "pupils-11-16", 8, "Talk to an adult you trust, like a teacher",
                    "grown-up"),
}
#: The Help page's promise to a child who writes that someone hurts them.
CHILD_PROMISE = "we will tell a safe adult at school"


def _start(respondent, db, reader: str):
    """Start the survey of ``reader``; returns the class session, or None for a link."""
    kind, key, year, _said, _not_said = READERS[reader]
    if kind == "link":
        respondent.start_link(gen_answer_link(db, key).token)
        return None
    class_session = gen_pupil_session(db, key, year_group=year, class_label=f"{year}K")
    respondent.start_session(class_session.join_code)
    return class_session


@pytest.mark.parametrize("reader", READERS)
def test_help_after_stopping_speaks_to_whoever_stopped(parent, db, reader):
    """Once the answers are gone the survey is not known, but Help still speaks to a
    parent as an adult and to a pupil for their age, even after the class session closed
    (so the class cannot say it)."""
    _kind, _key, _year, said, not_said = READERS[reader]
    class_session = _start(parent, db, reader)
    stopped = parent.client.post("/survey/stop", data={"action": "discard"})
    assert "You have stopped" in stopped.get_data(as_text=True)
    if class_session is not None:
        class_session.closed_at = utcnow() - dt.timedelta(hours=2)
        db.flush()
    html = parent.client.get("/help").get_data(as_text=True)
    assert "Back to the survey" not in html  # nothing of the survey is left to go back to
    for where in (_help_menu(html), _help_box(html)):
        assert said in where and not_said not in where, reader
    assert (CHILD_PROMISE in html) == (class_session is not None)


def _help_box(html: str) -> str:
    """The words of the Help page's own box, under its heading."""
    found = re.search(r'<div class="help-box big">(.*?)</div>', html, re.S)
    assert found, "no help box on the page"
    return found.group(1)


@pytest.mark.parametrize("reader", ["parent", "community"])
def test_an_adult_who_sent_is_given_adult_help_after_the_thanks_page(parent, db, reader):
    """More help from the thanks page, the thanks page again, and the page to take the
    answers back: all after the draft is gone."""
    _kind, key, _year, said, not_said = READERS[reader]
    _start(parent, db, reader)
    parent.send(len(survey(db, key).definition["pages"]))
    assert "Your answers have been sent" in parent.client.get("/survey/thanks").get_data(
        as_text=True)
    for address in ("/help", "/survey/thanks", "/withdraw"):
        html = parent.client.get(address).get_data(as_text=True)
        menu = _help_menu(html)
        assert said in menu and not_said not in menu, address
        assert CHILD_PROMISE not in html, address


def test_after_a_secondary_pupil_the_join_page_still_speaks_to_any_age(pupil, db):
    """The tablet may pass to a younger class: the join page does not take the words of
    the last survey."""
    _start(pupil, db, "older pupil")
    pupil.client.post("/survey/stop", data={"action": "discard"})
    menu = _help_menu(pupil.client.get("/join").get_data(as_text=True))
    assert "Talk to a teacher or an adult you trust" in menu


def test_what_is_kept_after_stopping_is_the_age_band_and_nothing_of_the_answers(pupil, db):
    class_session = _start(pupil, db, "middle pupil")
    assert pupil.page(2, action="next", school_feel="1").status_code == 302
    pupil.client.post("/survey/stop", data={"action": "discard"})
    with pupil.client.session_transaction() as kept:
        assert kept["reader"] == "middle"
        # the class's code, its age band, and the login library's and CSRF's own keys
        assert set(kept) <= {"kiosk", "reader", "csrf_token", "_fresh"}, dict(kept)
    back = pupil.client.get("/survey/2")
    assert back.status_code == 302
    assert back.location.endswith(f"/join/{class_session.join_code}")
