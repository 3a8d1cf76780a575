"""Staff accounts on pages: each person's own password; admins create, deactivate, reset.

Signing out, changing or resetting a password and deactivating an account all end every
sign-in of that person (``StaffUser.end_sessions``), so a copied cookie stops working.
A new or reset account gets a one-off password shown once to the admin, never stored
or emailed; the person changes it on "Change your password".
"""

from __future__ import annotations

import secrets

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from ..audit import record
from ..db import db_session
from ..models import NO_SCHOOL_ROLES, ROLES, SCHOOL_ROLES, School, StaffUser
from ..security import touch_staff_session
from .forms import PasswordChangeForm, StaffAccountForm
from .roles import requires

bp = Blueprint("staff_accounts", __name__, url_prefix="/staff")

ROLE_NAMES = {
    "admin": "Administrator (the whole partnership)",
    "steering": "Steering group (partnership results)",
    "school_lead": "School lead (their school)",
    "teacher": "Teacher (class sessions at their school)",
    "dsl": "Designated safeguarding lead (their school)",
    "partnership_dsl": "Partnership safeguarding lead (no school)",
}
#: Letters and digits that cannot be mistaken for each other when read off a screen.
_READABLE = "abcdefghjkmnpqrstuvwxyz23456789"


def one_off_password() -> str:
    """A password to read out or copy once: four groups of four, about 78 bits."""
    return "-".join("".join(secrets.choice(_READABLE) for _ in range(4)) for _ in range(4))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = PasswordChangeForm()
    status = 200
    if form.validate_on_submit():
        user = current_user._get_current_object()
        if not check_password_hash(user.password_hash, form.current_password.data):
            form.current_password.errors.append(
                "Current password: that is not your current password.")
            status = 400
        else:
            session = db_session()
            user.password_hash = generate_password_hash(form.new_password.data)
            user.end_sessions()
            record(session, user, "staff.password_changed", target=f"staff:{user.id}")
            session.commit()
            login_user(user)  # this browser stays signed in with the new version
            touch_staff_session()
            flash("Your password is changed. Any other place you were signed in is now "
                  "signed out.", "info")
            return redirect(url_for("staff.dashboard"))
    elif form.is_submitted():
        status = 400
    return render_template("staff/accounts/password.html", form=form), status


# --- administrators ------------------------------------------------------------------------

def _account_or_404(user_id: int) -> StaffUser:
    user = db_session().get(StaffUser, user_id)
    if user is None:
        abort(404)
    return user


@bp.get("/accounts/")
@requires("manage_staff")
def index():
    session = db_session()
    people = list(session.scalars(select(StaffUser).order_by(
        StaffUser.active.desc(), StaffUser.display_name, StaffUser.id)))
    return render_template("staff/accounts/index.html", people=people, role_names=ROLE_NAMES)


@bp.route("/accounts/new", methods=["GET", "POST"])
@requires("manage_staff")
def new():
    session = db_session()
    schools = list(session.scalars(select(School).order_by(School.name)))
    form = StaffAccountForm()
    form.role.choices = [(role, ROLE_NAMES[role]) for role in ROLES]
    form.school_id.choices = [("", "No school")] + [(s.id, s.name) for s in schools]
    if form.validate_on_submit():
        problem = _scope_problem(form.role.data, form.school_id.data)
        if session.scalar(select(StaffUser.id).where(StaffUser.email == form.email.data)):
            form.email.errors.append(f"Email: {form.email.data} already has an account.")
        elif problem:
            form.school_id.errors.append(problem)
        else:
            password = one_off_password()
            user = StaffUser(email=form.email.data, display_name=form.display_name.data,
                             role=form.role.data, school_id=form.school_id.data,
                             password_hash=generate_password_hash(password))
            session.add(user)
            session.flush()
            record(session, current_user, "staff.account_created", target=f"staff:{user.id}",
                   role=user.role, school_id=user.school_id)
            session.commit()
            return render_template("staff/accounts/password_once.html", person=user,
                                   password=password, created=True)
    status = 400 if form.is_submitted() else 200
    return render_template("staff/accounts/new.html", form=form), status


def _scope_problem(role: str, school_id: int | None) -> str | None:
    if role in SCHOOL_ROLES and school_id is None:
        return f"School: a {ROLE_NAMES[role].split(' (')[0].lower()} works at one school; " \
               "choose it."
    if role in NO_SCHOOL_ROLES and school_id is not None:
        return "School: a partnership safeguarding lead belongs to no school; choose No school."
    return None


@bp.get("/accounts/<int:user_id>")
@requires("manage_staff")
def detail(user_id: int):
    return render_template("staff/accounts/detail.html", person=_account_or_404(user_id),
                           role_names=ROLE_NAMES)


@bp.post("/accounts/<int:user_id>/active")
@requires("manage_staff")
def set_active(user_id: int):
    session = db_session()
    person = _account_or_404(user_id)
    make_active = request.form.get("active") == "1"
    if person.id == current_user.id and not make_active:
        flash("You cannot deactivate your own account: ask another administrator.", "error")
        return redirect(url_for(".detail", user_id=person.id))
    if person.active != make_active:
        person.active = make_active
        person.end_sessions()
        record(session, current_user,
               "staff.account_reactivated" if make_active else "staff.account_deactivated",
               target=f"staff:{person.id}")
        session.commit()
    flash(f"{person.display_name} can {'now' if make_active else 'no longer'} sign in.", "info")
    return redirect(url_for(".detail", user_id=person.id))


@bp.post("/accounts/<int:user_id>/reset")
@requires("manage_staff")
def reset_password(user_id: int):
    session = db_session()
    person = _account_or_404(user_id)
    password = one_off_password()
    person.password_hash = generate_password_hash(password)
    person.end_sessions()
    record(session, current_user, "staff.password_reset", target=f"staff:{person.id}")
    session.commit()
    if person.id == current_user.id:
        login_user(person)
        touch_staff_session()
    return render_template("staff/accounts/password_once.html", person=person,
                           password=password, created=False)
