"""Pupils join a class session by its code, then see an assent screen for their age."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from westcc_voice.models import Response

from ..helpers import gen_pupil_session


def test_join_page_asks_only_for_the_class_code(client, db):
    html = client.get("/join").get_data(as_text=True)
    assert 'name="code"' in html
    for never_asked in ("school", "year_group", "name=\"name\"", "date of birth"):
        assert never_asked not in html.lower()


def test_code_typed_in_lower_case_with_spaces_opens_the_session(pupil, class_session):
    code = class_session.join_code
    typed = f" {code[:3].lower()} {code[3:].lower()} "
    response = pupil.client.post("/join", data={"code": typed})
    assert response.status_code == 302
    assert response.location.endswith(f"/join/{code}")


def test_unknown_code_is_refused_kindly_with_the_look_alikes_for_the_teacher(client, db):
    response = client.post("/join", data={"code": "C0DE5S"})
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    # What a six-year-old reads (or hears): short, kind, no list of letters.
    error = re.search(r'<p class="error" id="code-error">(.*?)</p>', html, re.S).group(1)
    assert "That code did not work. Ask your teacher to help." in error
    assert "letters" not in error and "0, 1, 2" not in error
    # What the teacher opens: the precise hint.
    hint = re.search(r'<details class="teacher-hint"><summary>For the teacher</summary>'
                     r'<p>(.*?)</p></details>', html, re.S).group(1)
    assert "could not find a class with that code" in hint
    assert "never use the letters O" in hint


def test_closed_session_gets_a_friendly_page(client, db):
    closed = gen_pupil_session(db, closed=True)
    response = client.get(f"/join/{closed.join_code}")
    assert response.status_code == 410
    assert "This class survey has finished" in response.get_data(as_text=True)
    assert client.post("/join", data={"code": closed.join_code}).status_code == 410


def test_qr_target_shows_assent_in_words_for_their_age(client, db):
    young = gen_pupil_session(db, "pupils-5-7", year_group=1, class_label="1R")
    middle = gen_pupil_session(db, "pupils-7-11", year_group=5)
    older = gen_pupil_session(db, "pupils-11-16", year_group=9, class_label="9X")
    html_young = client.get(f"/join/{young.join_code}").get_data(as_text=True)
    html_middle = client.get(f"/join/{middle.join_code}").get_data(as_text=True)
    html_older = client.get(f"/join/{older.join_code}").get_data(as_text=True)
    assert "safe grown-up at school" in html_young
    assert "Nobody will be cross" in html_middle
    assert "member of staff who keeps pupils safe" in html_older
    for html in (html_young, html_middle, html_older):
        assert "stop at any time" in html
        assert "0800 1111" in html  # help is one tap away
    assert "Year 1 · 1R" in html_young


def test_pupil_who_declines_sends_nothing_and_the_tablet_is_ready_again(client, db,
                                                                        class_session):
    response = client.post(f"/join/{class_session.join_code}", data={"action": "decline"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "You do not have to do the survey" in html
    assert f'href="/join/{class_session.join_code}"' in html
    assert db.scalar(select(func.count(Response.id))) == 0
