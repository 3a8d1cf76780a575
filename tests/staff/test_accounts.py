"""Accounts on pages: sign-out and password changes end every sign-in; admins manage staff;
the audit log viewer with its filters."""

from __future__ import annotations

import re

from sqlalchemy import select

from westcc_voice.models import AuditEvent, StaffUser

from .. import helpers


def _copy_of(app, client):
    """A second browser holding the same session cookie (as a stolen cookie would be)."""
    other = app.test_client()
    other.set_cookie("session", client.get_cookie("session").value)
    return other


def _login(client, user, password=helpers.PASSWORD):
    return client.post("/staff/login", data={"email": user.email, "password": password})


def test_signing_out_ends_a_copied_cookie_too(app, client, actions, world):
    actions.login(world.dsl)
    copy = _copy_of(app, client)
    assert copy.get("/staff/safeguarding/").status_code == 200
    actions.logout()
    response = copy.get("/staff/safeguarding/")
    assert response.status_code == 302 and "/staff/login" in response.headers["Location"]


def test_changing_a_password_ends_other_sign_ins_and_keeps_this_one(app, client, actions, db,
                                                                     world):
    actions.login(world.teacher)
    elsewhere = _copy_of(app, client)
    wrong = client.post("/staff/account/password", data={
        "current_password": "not-my-password", "new_password": "a new long password",
        "confirm_password": "a new long password"})
    assert wrong.status_code == 400 and "that is not your current password" in wrong.text
    mismatch = client.post("/staff/account/password", data={
        "current_password": helpers.PASSWORD, "new_password": "a new long password",
        "confirm_password": "a new long pasword"})
    assert mismatch.status_code == 400 and "are not the same" in mismatch.text
    short = client.post("/staff/account/password", data={
        "current_password": helpers.PASSWORD, "new_password": "short",
        "confirm_password": "short"})
    assert "use at least 10 characters" in short.text
    done = client.post("/staff/account/password", data={
        "current_password": helpers.PASSWORD, "new_password": "a new long password",
        "confirm_password": "a new long password"})
    assert done.status_code == 302
    assert client.get("/staff/sessions/").status_code == 200
    assert elsewhere.get("/staff/sessions/").status_code == 302
    fresh = app.test_client()
    assert _login(fresh, world.teacher).status_code == 401
    assert _login(fresh, world.teacher, "a new long password").status_code == 302
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "staff.password_changed",
                                              AuditEvent.actor_id == world.teacher.id))


def test_an_admin_adds_an_account_and_the_one_off_password_signs_in(app, client, actions, db,
                                                                      world):
    actions.login(world.admin)
    form = {"email": " New.Teacher@Canny.example ", "display_name": "Nia Teacher",
            "role": "teacher", "school_id": ""}
    missing_school = client.post("/staff/accounts/new", data=form)
    assert missing_school.status_code == 400
    assert "works at one school; choose it" in missing_school.text
    added = client.post("/staff/accounts/new", data={**form, "school_id": world.school.id})
    assert added.status_code == 200
    password = re.search(r"<code>([a-z2-9-]{19})</code>", added.text).group(1)
    person = db.scalar(select(StaffUser).where(StaffUser.email == "new.teacher@canny.example"))
    assert person.role == "teacher" and person.school_id == world.school.id
    again = client.post("/staff/accounts/new", data={**form, "school_id": world.school.id})
    assert "already has an account" in again.text
    assert _login(app.test_client(), person, password).status_code == 302
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "staff.account_created"))
    assert event.actor_id == world.admin.id and event.target == f"staff:{person.id}"


def test_deactivating_ends_the_persons_sign_in_and_reactivating_restores_it(app, client, actions,
                                                                            world):
    teacher = app.test_client()
    _login(teacher, world.teacher)
    assert teacher.get("/staff/sessions/").status_code == 200
    actions.login(world.admin)
    client.post(f"/staff/accounts/{world.teacher.id}/active", data={"active": "0"})
    assert teacher.get("/staff/sessions/").status_code == 302
    assert _login(teacher, world.teacher).status_code == 401
    own = client.post(f"/staff/accounts/{world.admin.id}/active", data={"active": "0"},
                      follow_redirects=True)
    assert "cannot deactivate your own account" in own.text
    client.post(f"/staff/accounts/{world.teacher.id}/active", data={"active": "1"})
    assert _login(teacher, world.teacher).status_code == 302


def test_a_reset_ends_old_sign_ins_and_gives_a_new_password(app, client, actions, world):
    lead = app.test_client()
    _login(lead, world.lead)
    actions.login(world.admin)
    page = client.post(f"/staff/accounts/{world.lead.id}/reset")
    password = re.search(r"<code>([a-z2-9-]{19})</code>", page.text).group(1)
    assert lead.get("/staff/links/").status_code == 302
    assert _login(lead, world.lead).status_code == 401
    assert _login(lead, world.lead, password).status_code == 302


def test_the_audit_log_filters_by_action_person_record_and_day(client, actions, db, world):
    actions.login(world.admin)
    client.post(f"/staff/accounts/{world.teacher.id}/reset")
    client.post(f"/staff/accounts/{world.lead.id}/reset")
    by_record = client.get("/staff/audit/", query_string={"target": f"staff:{world.lead.id}"})
    assert by_record.status_code == 200
    assert f"staff:{world.lead.id}" in by_record.text
    assert f"<td>staff:{world.teacher.id}</td>" not in by_record.text
    by_action = client.get("/staff/audit/", query_string={"action": "staff.login"})
    assert "staff.password_reset</td>" not in by_action.text
    assert "staff.login</td>" in by_action.text
    by_person = client.get("/staff/audit/", query_string={"actor": world.teacher.id})
    assert "No events match these filters." in by_person.text
    future = client.get("/staff/audit/", query_string={"since": "2099-01-01"})
    assert "No events match these filters." in future.text
    bad = client.get("/staff/audit/", query_string={"since": "yesterday"})
    assert bad.status_code == 400 and "“yesterday” is not a date" in bad.text
