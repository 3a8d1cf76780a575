"""Parents and community members answer through a link: dates, letter codes, repeats."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from westcc_voice.models import LinkCode, Response, utcnow

from ..helpers import gen_answer_codes, gen_answer_link, survey
from .conftest import page_number


def _count(db) -> int:
    return db.scalar(select(func.count(Response.id)))


def _last(db, key: str) -> int:
    return page_number(survey(db, key).definition, "the_end")


def test_a_parent_link_opens_with_a_privacy_notice_and_its_languages(client, db, parent_link):
    html = client.get(f"/s/{parent_link.token}").get_data(as_text=True)
    assert "Parents' and carers' survey" in html or "Parents&#39; and carers&#39; survey" in html
    assert "we do not record your IP address" in html
    assert 'hreflang="ar"' in html and 'hreflang="pl"' in html
    assert "NSPCC" in html  # adults' help in the help menu


def test_a_parent_answers_and_the_response_carries_the_link_and_school(parent, db,
                                                                       parent_link):
    parent.start_link(parent_link.token)
    parent.send(_last(db, "parents"), anything_else="A good job")
    [row] = db.scalars(select(Response)).all()
    assert (row.link_id, row.school_id, row.audience, row.year_group) == (
        parent_link.id, parent_link.school_id, "parent", None)


def test_a_community_link_has_no_school(parent, db):
    link = gen_answer_link(db, "community")
    assert link.school_id is None
    html = parent.client.get(f"/s/{link.token}").get_data(as_text=True)
    assert "people who live or work" in html
    parent.start_link(link.token)
    parent.send(_last(db, "community"))
    [row] = db.scalars(select(Response)).all()
    assert (row.audience, row.school_id) == ("community", None)


def test_a_link_not_yet_open_says_when_it_opens(client, db):
    today = utcnow().date()
    link = gen_answer_link(db, opens_on=today + dt.timedelta(days=3))
    response = client.get(f"/s/{link.token}")
    assert response.status_code == 403
    assert "This survey opens on" in response.get_data(as_text=True)


def test_a_closed_link_says_it_closed(client, db):
    today = utcnow().date()
    link = gen_answer_link(db, opens_on=today - dt.timedelta(days=30),
                    closes_on=today - dt.timedelta(days=1))
    response = client.get(f"/s/{link.token}")
    assert response.status_code == 410
    assert "This survey closed on" in response.get_data(as_text=True)


def test_an_unknown_token_is_a_friendly_404(client, db):
    response = client.get("/s/not-a-real-token")
    assert response.status_code == 404
    assert "This link does not work" in response.get_data(as_text=True)


def test_a_link_closing_today_still_takes_answers(parent, db):
    link = gen_answer_link(db, closes_on=utcnow().date())
    parent.start_link(link.token)
    parent.send(_last(db, "parents"))
    assert _count(db) == 1


def test_a_letter_code_works_once_and_is_not_linked_to_the_answers(parent, app, db):
    link = gen_answer_link(db, "parents", single_use_codes=True)
    code, other = gen_answer_codes(db, link, app.secret_key)
    start = parent.client.get(f"/s/{link.token}").get_data(as_text=True)
    assert 'name="letter_code"' in start
    wrong = parent.client.post(f"/s/{link.token}", data={"letter_code": "XXXXXXXX"})
    assert wrong.status_code == 400
    assert "could not find that code" in wrong.get_data(as_text=True)
    parent.start_link(link.token, letter_code=code.lower()[:4] + "-" + code.lower()[4:])
    parent.send(_last(db, "parents"))
    used = db.scalars(select(LinkCode).where(LinkCode.used_on.is_not(None))).all()
    assert len(used) == 1
    again = parent.client.post(f"/s/{link.token}", data={"letter_code": code})
    assert again.status_code == 409
    assert "already been used" in again.get_data(as_text=True)
    row = db.scalars(select(Response)).one()
    assert code not in repr(row.answers) and row.receipt_hash != used[0].code_hash


def test_a_code_spent_by_someone_else_mid_survey_refuses_the_send(parent, app, db):
    link = gen_answer_link(db, "parents", single_use_codes=True)
    [code] = gen_answer_codes(db, link, app.secret_key, count=1)
    parent.start_link(link.token, letter_code=code)
    db.execute(LinkCode.__table__.update().values(used_on=utcnow().date()))
    response = parent.page(_last(db, "parents"), action="submit")
    assert response.status_code == 409
    assert _count(db) == 0


def test_a_second_answer_from_the_same_browser_is_gently_questioned_not_blocked(parent, db,
                                                                               parent_link):
    parent.start_link(parent_link.token)
    parent.send(_last(db, "parents"))
    cookie = parent.client.get_cookie("westcc_answered")
    assert cookie is not None and cookie.http_only
    # signed, not a bare id: the value carries a signature, and the same ids without it
    # are ignored (a random signature may of course contain the id's digits)
    payload, _, signature = cookie.value.rpartition(".")
    assert payload and len(signature) >= 20
    assert cookie.value not in (str(parent_link.id), f"[{parent_link.id}]")
    html = parent.client.get(f"/s/{parent_link.token}").get_data(as_text=True)
    assert "already answered this survey" in html
    assert "someone else in your household" in html
    parent.start_link(parent_link.token)
    parent.send(_last(db, "parents"))
    assert _count(db) == 2


def test_a_tampered_answered_cookie_is_ignored(client, db, parent_link):
    client.set_cookie("westcc_answered", "[1,2,3]")
    html = client.get(f"/s/{parent_link.token}").get_data(as_text=True)
    assert "already answered" not in html


def test_class_tablets_never_get_the_already_answered_cookie(pupil, db, class_session):
    pupil.start_session(class_session.join_code)
    pupil.send(_last(db, "pupils-7-11"))
    assert pupil.client.get_cookie("westcc_answered") is None
