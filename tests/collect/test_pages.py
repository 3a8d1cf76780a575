"""A pupil answers on a class tablet: pages, skip, show_if, send, thanks, next pupil."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

from westcc_voice.definitions import question_types
from westcc_voice.models import Response

from ..helpers import gen_pupil_session, survey
from .conftest import page_number

SURVEY_KEY = "pupils-7-11"


@pytest.fixture
def definition(db):
    return survey(db, SURVEY_KEY).definition


def _responses(db):
    return db.scalars(select(Response)).all()


def test_school_and_year_group_come_from_the_session_never_from_the_pupil(
        pupil, db, class_session, definition):
    pupil.join(class_session.join_code)
    pupil.start_session(class_session.join_code)
    school = page_number(definition, "school")
    assert pupil.page(school, school_feel="4", belong="5").status_code == 302
    pupil.send(page_number(definition, "the_end"))
    [row] = _responses(db)
    assert row.school_id == class_session.school_id
    assert row.year_group == 5
    assert row.audience == "pupil"
    assert row.wave_id == class_session.wave_id
    assert row.link_id is None
    assert row.answers == {"school_feel": 4, "belong": 5}
    assert isinstance(row.submitted_on, dt.date) and not isinstance(row.submitted_on,
                                                                     dt.datetime)
    assert not hasattr(row, "class_session_id")


def test_skip_leaves_the_page_unanswered_and_moves_on(pupil, db, class_session, definition):
    pupil.start_session(class_session.join_code)
    school = page_number(definition, "school")
    pupil.page(school, school_feel="4")
    response = pupil.page(school, action="skip", school_feel="2")
    assert response.status_code == 302
    assert response.location.endswith(f"/survey/{school + 1}")
    pupil.send(page_number(definition, "the_end"), anything_else="")
    [row] = _responses(db)
    assert "school_feel" not in row.answers


def test_show_if_question_appears_on_the_same_page_without_javascript(
        pupil, db, class_session, definition):
    pupil.start_session(class_session.join_code)
    safe = page_number(definition, "safe")
    first = pupil.client.get(f"/survey/{safe}").get_data(as_text=True)
    assert re.search(r'id="q-unsafe_where"[^>]*\bhidden\b', first, re.S)
    response = pupil.page(safe, seen=("safe_school", "safe_area"), safe_school="no")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Another question has appeared" in html
    assert not re.search(r'id="q-unsafe_where"[^>]*\bhidden\b', html, re.S)
    response = pupil.page(safe, seen=("safe_school", "safe_area", "unsafe_where"),
                          safe_school="no", unsafe_where=["playground", "park"])
    assert response.status_code == 302
    pupil.send(page_number(definition, "the_end"))
    [row] = _responses(db)
    assert row.answers["unsafe_where"] == ["playground", "park"]


def test_answer_to_a_question_show_if_hid_is_a_400_naming_it_and_nothing_is_stored(
        pupil, db, class_session, definition):
    pupil.start_session(class_session.join_code)
    safe = page_number(definition, "safe")
    response = pupil.page(safe, seen=("safe_school", "unsafe_where"), safe_school="yes",
                          safe_area="yes", unsafe_where=["park"])
    assert response.status_code == 400
    summary = response.get_data(as_text=True).split('class="error-summary"')[1]
    assert 'data-field="unsafe_where"' in summary
    assert "was not shown" in summary
    assert db.scalar(select(func.count(Response.id))) == 0


def test_unknown_field_on_a_page_is_a_400_naming_it(pupil, db, class_session, definition):
    pupil.start_session(class_session.join_code)
    response = pupil.page(page_number(definition, "school"), favourite_teacher="Mr X")
    assert response.status_code == 400
    assert 'data-field="favourite_teacher"' in response.get_data(as_text=True)


def test_changing_an_earlier_answer_drops_answers_it_now_hides(
        pupil, db, class_session, definition):
    pupil.start_session(class_session.join_code)
    outside = page_number(definition, "missing_out")
    seen = ("miss_out_what", "miss_out_why")
    pupil.page(outside, seen=seen, miss_out="yes", miss_out_what="Swimming",
               miss_out_why=["costs_money"])
    pupil.page(outside, seen=seen, miss_out="no")
    pupil.send(page_number(definition, "the_end"))
    [row] = _responses(db)
    assert row.answers == {"miss_out": "no"}


def test_every_respondent_page_is_sent_with_no_store(pupil, class_session, definition):
    code = class_session.join_code
    pages = [pupil.client.get("/join"), pupil.client.get(f"/join/{code}")]
    pupil.start_session(code)
    pages += [pupil.client.get(f"/survey/{n}") for n in (1, 2)]
    pages.append(pupil.send(page_number(definition, "the_end")))
    pages.append(pupil.client.get("/survey/thanks"))
    for response in pages:
        assert "no-store" in response.headers["Cache-Control"]
        assert response.headers["Referrer-Policy"] == "no-referrer"


def test_after_sending_back_and_refresh_show_nothing_of_the_last_pupil(
        pupil, db, class_session, definition):
    code = class_session.join_code
    pupil.start_session(code)
    school = page_number(definition, "school")
    pupil.page(school, school_feel="1", belong="2")
    pupil.send(page_number(definition, "the_end"), anything_else="I like football")
    thanks = pupil.client.get("/survey/thanks").get_data(as_text=True)
    receipt = re.search(r'class="receipt-code"[^>]*>([^<]+)<', thanks).group(1)
    back = pupil.client.get(f"/survey/{school}")
    assert back.status_code == 302 and back.location.endswith(f"/join/{code}")
    refreshed = pupil.client.get("/survey/thanks")
    assert refreshed.status_code == 302 and refreshed.location.endswith(f"/join/{code}")
    start = pupil.client.get(f"/join/{code}").get_data(as_text=True)
    for trace in (receipt, "I like football", "checked"):
        assert trace not in start
    pupil.start_session(code)
    fresh = pupil.client.get(f"/survey/{school}").get_data(as_text=True)
    assert "checked" not in fresh


def test_thanks_page_returns_to_the_session_start_for_the_next_pupil(
        pupil, class_session, definition):
    code = class_session.join_code
    pupil.start_session(code)
    pupil.send(page_number(definition, "the_end"))
    html = pupil.client.get("/survey/thanks").get_data(as_text=True)
    assert f'<meta http-equiv="refresh" content="15;url=/join/{code}">' in html
    assert f'data-return-url="/join/{code}"' in html
    assert "Next pupil" in html
    assert "Wait, I&#39;m still reading" in html or "Wait, I'm still reading" in html


def test_each_pupil_gets_a_new_submission_and_the_tablet_is_never_blocked(
        pupil, db, class_session, definition):
    code = class_session.join_code
    last = page_number(definition, "the_end")
    for _ in range(3):
        pupil.start_session(code)
        pupil.send(last, anything_else="")
        start = pupil.client.get(f"/join/{code}")
        assert start.status_code == 200
        assert "already answered" not in start.get_data(as_text=True)
    rows = _responses(db)
    assert len(rows) == 3
    assert len({r.submission_id for r in rows}) == 3


def test_stop_and_send_stores_what_was_answered(pupil, db, class_session, definition):
    pupil.start_session(class_session.join_code)
    school = page_number(definition, "school")
    response = pupil.page(school, action="stop", school_feel="3")
    assert response.status_code == 302 and "/survey/stop" in response.location
    stop_page = pupil.client.get(response.location).get_data(as_text=True)
    assert "Send the answers I gave" in stop_page
    response = pupil.client.post(response.location, data={"action": "send"})
    assert response.status_code == 302 and response.location.endswith("/survey/thanks")
    [row] = _responses(db)
    assert row.answers == {"school_feel": 3}


def test_stop_and_send_nothing_stores_nothing(pupil, db, class_session, definition):
    code = class_session.join_code
    pupil.start_session(code)
    pupil.page(page_number(definition, "school"), school_feel="3")
    response = pupil.client.post("/survey/stop", data={"action": "discard"})
    html = response.get_data(as_text=True)
    assert "You have stopped" in html
    assert f'data-return-url="/join/{code}"' in html
    assert db.scalar(select(func.count(Response.id))) == 0
    assert pupil.client.get("/survey/2").status_code == 302


def test_very_low_wellbeing_answers_show_an_extra_help_screen(
        pupil, class_session, definition):
    pupil.start_session(class_session.join_code)
    pupil.page(page_number(definition, "school"), school_feel="1")
    pupil.page(page_number(definition, "future"), future_feel="1")
    pupil.send(page_number(definition, "the_end"))
    html = pupil.client.get("/survey/thanks").get_data(as_text=True)
    assert "things might be hard for you" in html
    assert 'href="tel:08001111"' in html
    assert 'content="60;url=' in html  # more time to read before the next pupil


def test_ordinary_answers_show_the_usual_thanks(pupil, class_session, definition):
    pupil.start_session(class_session.join_code)
    pupil.page(page_number(definition, "school"), school_feel="4")
    pupil.send(page_number(definition, "the_end"))
    html = pupil.client.get("/survey/thanks").get_data(as_text=True)
    assert "things might be hard" not in html
    assert "Thank you!" in html


def test_help_is_one_tap_away_on_every_survey_page(pupil, class_session, definition):
    pupil.start_session(class_session.join_code)
    for number in range(1, len(definition["pages"]) + 1):
        response = pupil.client.get(f"/survey/{number}")
        if response.status_code == 302:
            continue
        html = response.get_data(as_text=True)
        assert '<details class="menu help-menu">' in html
        assert "0800 1111" in html and "childline.org.uk" in html


def test_every_question_type_has_its_template(app):
    templates = Path(app.template_folder) / "collect" / "questions"
    for name in question_types.REGISTRY:
        assert (templates / f"{name}.html").is_file(), f"no template for {name}"


def test_choices_are_fieldsets_with_legends_and_errors_are_tied_to_their_field(
        pupil, db, definition):
    older = gen_pupil_session(db, "pupils-11-16", year_group=9)
    version = survey(db, "pupils-11-16").definition
    pupil.start_session(older.join_code)
    number = next(n for n, p in enumerate(version["pages"], 1)
                  if any(q["id"] == "sleep_hours" for q in p["questions"]))
    response = pupil.page(number, sleep_hours="25")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Please type a number from 0 to 16" in html
    field = re.search(r'<input id="a-sleep_hours"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in field
    assert "q-sleep_hours-error" in field
    assert 'value="25"' in field  # what was typed is kept
    satisfaction = re.search(r'<fieldset[^>]*>\s*<legend[^>]*id="q-ons4_satisfaction-text"',
                             html)
    assert satisfaction, "0-10 questions are a fieldset with a legend"


def test_a_pupil_mid_survey_can_still_send_just_after_the_teacher_closes(
        pupil, db, class_session, definition):
    pupil.start_session(class_session.join_code)
    class_session.closed_at = class_session.starts_at + dt.timedelta(minutes=1)
    db.flush()
    pupil.send(page_number(definition, "the_end"))
    assert db.scalar(select(func.count(Response.id))) == 1
    assert pupil.client.get(f"/join/{class_session.join_code}").status_code == 410
