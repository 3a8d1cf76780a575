"""Class sessions: a teacher starts one, shows its code and QR code, and it closes."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import func, select

from westcc_voice.models import AuditEvent, ClassSession
from westcc_voice.staff.codes import JOIN_CODE_ALPHABET

from .. import helpers
from .conftest import expected_modules, qr_modules, svg_in


def form_data(world, **changes):
    data = {"school_id": world.school.id, "year_group": 4, "class_label": "4B",
            "survey_id": world.pupils.id, "wave_id": world.wave.id, "duration": 60}
    data.update(changes)
    return data


def session_count(db) -> int:
    return db.scalar(select(func.count(ClassSession.id)))


def audit(db, action: str) -> list[AuditEvent]:
    return list(db.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_teacher_starts_a_session_and_sees_the_code_and_qr(client, actions, db, world):
    actions.login(world.teacher)
    response = client.post("/staff/sessions/new", data=form_data(world))
    assert response.status_code == 302
    cs = db.scalar(select(ClassSession))
    assert response.headers["Location"].endswith(f"/staff/sessions/{cs.id}/show")
    assert (cs.school_id, cs.year_group, cs.class_label) == (world.school.id, 4, "4B")
    assert cs.ends_at - cs.starts_at == dt.timedelta(minutes=60)
    assert len(cs.join_code) == 6 and set(cs.join_code) <= set(JOIN_CODE_ALPHABET)

    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"{cs.join_code[:3]}" in page and "localhost/join" in page
    assert " ".join(cs.join_code) in page  # spelt out for screen readers
    svg = svg_in(page)
    assert qr_modules(svg) == expected_modules(f"http://localhost/join/{cs.join_code}")
    assert f"localhost/join/{cs.join_code}" in svg  # its accessible name says where it goes

    [event] = audit(db, "class_session.create")
    assert event.actor_id == world.teacher.id and event.target == f"class_session:{cs.id}"


def test_form_offers_own_school_pupil_questionnaires_and_an_hour(client, actions, world):
    actions.login(world.teacher)
    page = client.get("/staff/sessions/new").get_data(as_text=True)
    assert "Canny Primary" in page and "Other Academy" not in page
    assert "Pupils 7 to 11 (Years 3 to 6)" in page
    assert "Parents and carers" not in page and "Community voice" not in page
    selected = re.search(r'<option selected value="60">([^<]+)</option>', page)
    assert selected and re.search(r"60 minutes \(until \d\d:\d\d\)", selected.group(1))
    assert "<fieldset>" in page and "<legend>" in page


def test_teacher_cannot_pick_another_school(client, actions, db, world):
    actions.login(world.teacher)
    response = client.post("/staff/sessions/new",
                           data=form_data(world, school_id=world.other_school.id))
    assert response.status_code == 400
    assert "School: choose a school you work with from the list." in response.get_data(as_text=True)
    assert session_count(db) == 0


def test_teacher_cannot_pick_a_parent_questionnaire(client, actions, db, world):
    actions.login(world.teacher)
    response = client.post("/staff/sessions/new",
                           data=form_data(world, survey_id=world.parents.id))
    assert response.status_code == 400
    assert "Questionnaire: choose one of the pupil questionnaires" in response.get_data(
        as_text=True)
    assert session_count(db) == 0


def test_year_group_must_be_one_the_questionnaire_is_written_for(client, actions, db, world):
    helpers.gen_survey_version(db, "pupil", [0, 1, 2], title="Pupils 5 to 7")
    actions.login(world.teacher)
    response = client.post("/staff/sessions/new", data=form_data(world, year_group=1))
    assert response.status_code == 400
    assert ("Year group: this questionnaire is written for Years 3 to 6"
            in response.get_data(as_text=True))
    assert session_count(db) == 0


def test_bad_input_is_refused_with_a_message_tied_to_each_field(client, actions, db, world):
    actions.login(world.teacher)
    response = client.post("/staff/sessions/new", data=form_data(
        world, class_label="   ", duration="forever", wave_id="", year_group="x"))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "There is a problem" in page
    for field, message in [
        ("class_label", "Class name: enter the class name"),
        ("duration", "Open for: choose how long the session stays open."),
        ("wave_id", "Wave: choose the survey round from the list."),
        ("year_group", "Year group: choose a year group from the list."),
    ]:
        assert f'href="#{field}">{message}' in page
        assert page.count(f'href="#{field}">') == 1, field
        assert re.search(rf'aria-describedby="[^"]*{field}-error"', page), field
        assert f'id="{field}-error"' in page
    assert session_count(db) == 0

    too_long = client.post("/staff/sessions/new", data=form_data(world, class_label="x" * 61))
    assert "Class name: use 60 characters or fewer." in too_long.get_data(as_text=True)
    assert session_count(db) == 0


def test_closing_a_session_stops_its_code_and_is_audited(client, actions, db, world):
    cs = helpers.gen_class_session(db, world.teacher, world.pupils, world.wave)
    actions.login(world.teacher)
    response = client.post(f"/staff/sessions/{cs.id}/close", follow_redirects=True)
    assert response.status_code == 200
    assert "is closed: its code no longer works" in response.get_data(as_text=True)
    db.refresh(cs)
    assert cs.closed_at is not None and not cs.is_open()
    [event] = audit(db, "class_session.close")
    assert event.actor_id == world.teacher.id and event.target == f"class_session:{cs.id}"

    shown = client.get(f"/staff/sessions/{cs.id}/show").get_data(as_text=True)
    assert "This session has ended" in shown and "<svg" not in shown

    again = client.post(f"/staff/sessions/{cs.id}/close", follow_redirects=True)
    assert "already ended" in again.get_data(as_text=True)
    assert len(audit(db, "class_session.close")) == 1


def test_a_session_ends_at_its_end_time(client, actions, db, world, monkeypatch):
    cs = helpers.gen_class_session(db, world.teacher, world.pupils, world.wave, minutes=30)
    assert cs.is_open(cs.ends_at - dt.timedelta(seconds=1))
    assert not cs.is_open(cs.ends_at)

    monkeypatch.setattr("westcc_voice.staff.sessions.utcnow",
                        lambda: cs.ends_at + dt.timedelta(seconds=1))
    actions.login(world.teacher)
    shown = client.get(f"/staff/sessions/{cs.id}/show").get_data(as_text=True)
    assert "This session has ended" in shown
    listed = client.get("/staff/sessions/").get_data(as_text=True)
    assert "Ended" in listed and "Open</strong>" not in listed


def test_list_puts_open_sessions_first_and_keeps_to_the_school(client, actions, db, world):
    ended = helpers.gen_class_session(db, world.teacher, world.pupils, world.wave,
                                      class_label="Ash")
    ended.closed_at = ended.starts_at + dt.timedelta(minutes=5)
    helpers.gen_class_session(db, world.teacher, world.pupils, world.wave, class_label="Oak")
    colleague = helpers.gen_class_session(db, world.lead, world.pupils, world.wave,
                                          class_label="Elm")
    elsewhere = helpers.gen_class_session(db, world.other_teacher, world.pupils, world.wave,
                                          class_label="Yew")
    actions.login(world.teacher)

    mine = client.get("/staff/sessions/").get_data(as_text=True)
    assert mine.index("Oak") < mine.index("Ash")
    assert "Elm" not in mine and "Yew" not in mine

    everyone = client.get("/staff/sessions/?all=1").get_data(as_text=True)
    assert "Elm" in everyone and "Yew" not in everyone
    assert elsewhere.join_code[:3] + " " + elsewhere.join_code[3:] not in everyone
    assert colleague.id


def test_another_schools_session_is_not_found(client, actions, db, world):
    cs = helpers.gen_class_session(db, world.other_teacher, world.pupils, world.wave)
    actions.login(world.teacher)
    assert client.get(f"/staff/sessions/{cs.id}/show").status_code == 404
    assert client.post(f"/staff/sessions/{cs.id}/close").status_code == 404
    db.refresh(cs)
    assert cs.closed_at is None


def test_admin_may_start_a_session_at_any_school(client, actions, db, world):
    actions.login(world.admin)
    response = client.post("/staff/sessions/new",
                           data=form_data(world, school_id=world.other_school.id))
    assert response.status_code == 302
    assert db.scalar(select(ClassSession.school_id)) == world.other_school.id


@pytest.mark.parametrize("role", ["dsl", "steering"])
def test_staff_without_run_class_session_cannot_start_one(client, actions, db, world, role):
    actions.login(getattr(world, role))
    assert client.get("/staff/sessions/new").status_code == 403
    assert client.post("/staff/sessions/new", data=form_data(world)).status_code == 403
    assert client.get("/staff/sessions/").status_code == 403
    assert session_count(db) == 0


def test_signed_out_visitors_are_sent_to_sign_in(client, world):
    response = client.get("/staff/sessions/new")
    assert response.status_code == 302 and "/staff/login" in response.headers["Location"]


def test_closing_needs_the_forms_csrf_token(csrf_app, client, actions, db, world):
    cs = helpers.gen_class_session(db, world.teacher, world.pupils, world.wave)
    csrf_app.config["WTF_CSRF_ENABLED"] = False
    actions.login(world.teacher)
    csrf_app.config["WTF_CSRF_ENABLED"] = True
    assert client.post(f"/staff/sessions/{cs.id}/close").status_code == 400
    db.refresh(cs)
    assert cs.is_open()
    page = client.get(f"/staff/sessions/{cs.id}").get_data(as_text=True)
    assert 'name="csrf_token"' in page


def test_nav_and_dashboard_link_to_sessions_for_teachers_only(client, actions, world):
    actions.login(world.teacher)
    page = client.get("/staff/").get_data(as_text=True)
    assert 'href="/staff/sessions/"' in page and 'href="/staff/sessions/new"' in page
    assert 'href="/staff/links/"' not in page


def test_the_real_form_works_with_csrf_checks_on(csrf_app, client, actions, db, world):
    csrf_app.config["WTF_CSRF_ENABLED"] = False
    actions.login(world.teacher)
    csrf_app.config["WTF_CSRF_ENABLED"] = True
    page = client.get("/staff/sessions/new").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    assert client.post("/staff/sessions/new", data=form_data(world)).status_code == 400
    assert session_count(db) == 0
    response = client.post("/staff/sessions/new", data=form_data(world, csrf_token=token))
    assert response.status_code == 302 and session_count(db) == 1


def test_dashboard_hides_a_school_with_few_responses_and_what_would_reveal_it(db, client, actions):
    import datetime as dt
    import uuid

    from westcc_voice.models import Response

    from ..helpers import gen_school, gen_staff, gen_wave, survey

    version, wave = survey(db, "parents"), gen_wave(db)
    big, small = gen_school(db, name="Big Test Primary"), gen_school(db, name="Small Test Primary")
    for school, n in ((big, 40), (small, 3)):
        for _ in range(n):
            db.add(Response(submission_id=str(uuid.uuid4()), survey_version_id=version.id,
                            wave_id=wave.id, school_id=school.id, audience="parent",
                            language="en", submitted_on=dt.date(2026, 11, 2), answers={}))
    db.flush()
    actions.login(gen_staff(db, role="steering"))
    page = client.get("/staff/").get_data(as_text=True)
    row = {name: page.split(name)[1].split("</tr>")[0]
           for name in ("Small Test Primary", "Big Test Primary", "All</th>")}
    assert "fewer than 10" in row["Small Test Primary"]
    # 43 - 40 would give the small school away, so one of them must be hidden too.
    assert not (">40<" in row["Big Test Primary"] and ">43<" in row["All</th>"])
    assert "not shown" in row["Big Test Primary"] + row["All</th>"]
