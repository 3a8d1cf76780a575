"""Staff sign-in and the dashboard every role starts from."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_user, logout_user
from sqlalchemy import func, select
from werkzeug.security import check_password_hash

from .. import attempts
from ..audit import record
from ..db import db_session
from ..definitions.store import latest_versions
from ..models import Response, School, StaffUser
from ..privacy.suppression import SuppressionPolicy
from ..security import safe_next, touch_staff_session
from .alerts import open_flag_count
from .forms import LoginForm
from .roles import PERMISSIONS, requires, visible_school_ids

bp = Blueprint("staff", __name__, url_prefix="/staff")


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    status = 200
    if request.method == "POST" and (wait := attempts.wait_seconds("staff_login")):
        flash(f"Too many wrong passwords have been tried from this network. Please wait "
              f"{attempts.minutes(wait)} minute(s) and try again.", "error")
        response = make_response(render_template("staff/login.html", form=form), 429)
        response.headers["Retry-After"] = str(wait)
        return response
    if form.validate_on_submit():
        session = db_session()
        user = session.scalar(
            select(StaffUser).where(StaffUser.email == form.email.data.strip().lower())
        )
        if user and user.active and check_password_hash(user.password_hash, form.password.data):
            login_user(user)
            touch_staff_session()
            record(session, user, "staff.login", target=f"staff:{user.id}")
            session.commit()
            return redirect(safe_next(request.args.get("next")) or url_for("staff.dashboard"))
        attempts.failed("staff_login")
        flash("That email and password do not match an active staff account.", "error")
        status = 401
    elif request.method == "POST":
        status = 400
    return attempts.give_device_cookie(
        make_response(render_template("staff/login.html", form=form), status))


@bp.post("/logout")
def logout():
    """Sign out here and everywhere else: every cookie this person holds stops working."""
    if current_user.is_authenticated:
        session = db_session()
        user = current_user._get_current_object()
        user.end_sessions()
        record(session, user, "staff.logout", target=f"staff:{user.id}")
        session.commit()
    logout_user()
    flash("You are signed out.", "info")
    return redirect(url_for("staff.login"))


@bp.get("/")
@requires("view_dashboard")
def dashboard():
    session = db_session()
    allowed = visible_school_ids(current_user)
    query = select(School.name, func.count(Response.id)).join(
        Response, Response.school_id == School.id, isouter=True
    ).group_by(School.id, School.name).order_by(School.name)
    if allowed is not None:
        query = query.where(School.id.in_(allowed))
    counts = dict(session.execute(query).all())
    policy = SuppressionPolicy(threshold=current_app.config["SUPPRESSION_THRESHOLD"])
    # A role that sees no school's results (the partnership safeguarding lead) gets no table.
    cells = policy.group_sizes(counts, total=sum(counts.values())) if counts else {}
    open_flags = open_flag_count(session, current_user)
    return render_template(
        "staff/dashboard.html",
        open_flags=open_flags,
        schools=[(name, cells[name]) for name in counts],
        total=cells.get("__total__"),
        surveys=latest_versions(session),
        permissions=PERMISSIONS[current_user.role],
    )
