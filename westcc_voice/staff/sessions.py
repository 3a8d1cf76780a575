"""Class sessions: a teacher starts one, projects its join code, and it closes itself.

A session ties a class sitting a pupil questionnaire to a school, year group and class
name, so that responses carry the right school and year group without asking children
anything that identifies them. Pupils join at /join with the code, or at /join/<code>
by scanning the QR code (both served by the collect blueprint).

Times are stored in UTC without a zone (like the rest of the model) and shown in UK time.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from sqlalchemy import case, select
from sqlalchemy.orm import Session, selectinload
from wtforms import SelectChoice

from ..audit import record
from ..db import db_session
from ..definitions.store import latest_versions
from ..models import ClassSession, School, StaffUser, SurveyVersion, Wave, utcnow
from ..security import public_url
from .codes import format_code, new_join_code, qr_svg
from .forms import ClassSessionForm, describe_year_groups
from .roles import can, may_see_school, requires, visible_school_ids

bp = Blueprint("staff_sessions", __name__, url_prefix="/staff/sessions")

LOCAL_TZ = ZoneInfo("Europe/London")
#: Minutes a session may stay open; the default suits one lesson.
DURATIONS = (15, 30, 45, 60, 90, 120)
DEFAULT_DURATION = 60
LIST_LIMIT = 200


# --- display helpers, shared with the links pages --------------------------------------------

def to_local(moment: dt.datetime) -> dt.datetime:
    """A stored (naive UTC) time as UK local time."""
    return moment.replace(tzinfo=dt.UTC).astimezone(LOCAL_TZ)


def local_today(now: dt.datetime | None = None) -> dt.date:
    return to_local(now or utcnow()).date()


def year_group_label(year: int) -> str:
    return "Reception" if year == 0 else f"Year {year}"


def long_date(day: dt.date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def without_scheme(url: str) -> str:
    return url.split("://", 1)[-1]


@bp.app_template_filter("local_time")
def _local_time(moment: dt.datetime | None) -> str:
    return to_local(moment).strftime("%H:%M") if moment else ""


@bp.app_template_filter("local_datetime")
def _local_datetime(moment: dt.datetime | None) -> str:
    if not moment:
        return ""
    local = to_local(moment)
    return f"{local:%a} {local.day} {local:%b %Y}, {local:%H:%M}"


@bp.app_template_filter("local_until")
def _local_until(moment: dt.datetime | None) -> str:
    """A time today ("14:05 today"), otherwise the date as well: a session open for days
    never reads as if it ended this afternoon."""
    if not moment:
        return ""
    if to_local(moment).date() == local_today():
        return f"{_local_time(moment)} today"
    return _local_datetime(moment)


@bp.app_template_filter("long_date")
def _long_date(day: dt.date | None) -> str:
    return long_date(day) if day else ""


@bp.app_template_filter("year_group")
def _year_group(year: int) -> str:
    return year_group_label(year)


@bp.app_context_processor
def _staff_permissions():
    """Lets the staff layout show only the pages the signed-in person may use."""
    return {"staff_can": lambda permission: can(current_user, permission)}


# --- queries -------------------------------------------------------------------------------

def visible_schools(session: Session, user: StaffUser) -> list[School]:
    query = select(School).order_by(School.name)
    allowed = visible_school_ids(user)
    if allowed is not None:
        query = query.where(School.id.in_(allowed))
    return list(session.scalars(query))


def waves_newest_first(session: Session) -> list[Wave]:
    return list(session.scalars(
        select(Wave).order_by(Wave.starts_on.desc().nulls_last(), Wave.id.desc())
    ))


def waves_not_closed(session: Session, today: dt.date) -> list[Wave]:
    """Waves whose last day has not passed, newest first: a closed wave takes no new class
    sessions and no new links."""
    return [w for w in waves_newest_first(session) if w.ends_on is None or w.ends_on >= today]


def current_wave(waves: list[Wave], today: dt.date) -> Wave | None:
    """The wave running today, else the newest one."""
    for wave in waves:
        if (wave.starts_on is None or wave.starts_on <= today) and (
            wave.ends_on is None or today <= wave.ends_on
        ):
            return wave
    return waves[0] if waves else None


def unused_join_code(session: Session, attempts: int = 20) -> str:
    """A join code no session has used; the unique constraint backs this check."""
    for _ in range(attempts):
        code = new_join_code()
        taken = session.scalar(select(ClassSession.id).where(ClassSession.join_code == code))
        if taken is None:
            return code
    raise RuntimeError("no unused join code found; the code space may be nearly full")


def _session_or_404(session_id: int) -> ClassSession:
    class_session = db_session().get(ClassSession, session_id)
    if class_session is None or not may_see_school(current_user, class_session.school_id):
        abort(404)
    return class_session


# --- the form ------------------------------------------------------------------------------

def _build_form(session: Session, now: dt.datetime) -> tuple[ClassSessionForm, dict]:
    surveys = sorted((v for v in latest_versions(session) if v.audience == "pupil"),
                     key=lambda v: (min(v.definition.get("year_groups") or [99]), v.key))
    years_by_survey = {v.id: list(v.definition.get("year_groups") or []) for v in surveys}
    schools = visible_schools(session, current_user)
    today = local_today(now)
    waves = waves_not_closed(session, today)
    form = ClassSessionForm(year_groups_by_survey=years_by_survey)

    form.survey_id.choices = [
        SelectChoice(v.id, f"{v.title} ({describe_year_groups(years_by_survey[v.id])})",
                     render_kw={"data-year-groups": " ".join(
                         str(y) for y in years_by_survey[v.id])})
        for v in surveys
    ]
    form.school_id.choices = [SelectChoice(s.id, s.name) for s in schools]
    form.wave_id.choices = [SelectChoice(w.id, w.name) for w in waves]
    all_years = sorted({y for years in years_by_survey.values() for y in years})
    # No year group is chosen for the teacher: the first entry asks them to choose.
    form.year_group.choices = [SelectChoice("", "Choose the class's year group")] + [
        SelectChoice(y, year_group_label(y)) for y in all_years]
    form.duration.choices = [
        SelectChoice(m, f"{m} minutes (until {_local_time(now + dt.timedelta(minutes=m))})")
        for m in DURATIONS
    ]
    if request.method == "GET":
        form.duration.data = DEFAULT_DURATION
        wave = current_wave(waves, today)
        form.wave_id.data = wave.id if wave else None
        if len(schools) == 1:
            form.school_id.data = schools[0].id
    missing = []
    if not surveys:
        missing.append("No pupil questionnaires are loaded yet: an administrator runs "
                       "'flask surveys load'.")
    if not waves:
        missing.append("No survey rounds (waves) are set up yet: ask the partnership's "
                       "administrator to add one.")
    if not schools:
        missing.append("No schools are set up yet.")
    return form, {"missing": missing, "surveys": surveys}


# --- views ---------------------------------------------------------------------------------

@bp.get("/")
@requires("run_class_session")
def index():
    """Sessions, open ones first: the user's own, or everyone's they may see with ?all=1."""
    session = db_session()
    now = utcnow()
    show_all = request.args.get("all") == "1"
    is_open = (ClassSession.closed_at.is_(None) & (ClassSession.starts_at <= now)
               & (ClassSession.ends_at > now))
    query = (
        select(ClassSession)
        .options(selectinload(ClassSession.school), selectinload(ClassSession.wave),
                 selectinload(ClassSession.survey_version))
        .order_by(case((is_open, 0), else_=1), ClassSession.starts_at.desc(),
                  ClassSession.id.desc())
        .limit(LIST_LIMIT)
    )
    allowed = visible_school_ids(current_user)
    if allowed is not None:
        query = query.where(ClassSession.school_id.in_(allowed))
    if not show_all:
        query = query.where(ClassSession.created_by_id == current_user.id)
    rows = list(session.scalars(query))
    from .live import counts_for, poll_seconds

    return render_template("staff/sessions/index.html", rows=rows, now=now,
                           show_all=show_all, limit=LIST_LIMIT,
                           live=counts_for(session, rows, now), poll_seconds=poll_seconds())


@bp.route("/new", methods=["GET", "POST"])
@requires("run_class_session")
def new():
    session = db_session()
    now = utcnow()
    form, context = _build_form(session, now)
    if not context["missing"] and form.validate_on_submit():
        survey = session.get(SurveyVersion, form.survey_id.data)
        class_session = ClassSession(
            join_code=unused_join_code(session),
            survey_version_id=survey.id,
            wave_id=form.wave_id.data,
            school_id=form.school_id.data,
            year_group=form.year_group.data,
            class_label=form.class_label.data,
            starts_at=now,
            ends_at=now + dt.timedelta(minutes=form.duration.data),
            created_by_id=current_user.id,
        )
        session.add(class_session)
        session.flush()
        record(session, current_user, "class_session.create",
               target=f"class_session:{class_session.id}",
               school_id=class_session.school_id, survey=survey.key,
               survey_version=survey.version, wave_id=class_session.wave_id,
               year_group=class_session.year_group, minutes=form.duration.data,
               join_code=class_session.join_code)
        session.commit()
        return redirect(url_for(".show", session_id=class_session.id))
    status = 400 if request.method == "POST" else 200
    return render_template("staff/sessions/new.html", form=form, **context), status


def _undo_until(class_session: ClassSession, now: dt.datetime) -> dt.datetime | None:
    """Until when a close by hand can be undone, or None if it cannot (any more)."""
    if class_session.closed_at is None:
        return None
    until = class_session.closed_at + dt.timedelta(
        minutes=current_app.config["CLOSE_UNDO_MINUTES"])
    return until if now < until and now < class_session.ends_at else None


def _live(class_session: ClassSession, now: dt.datetime) -> dict:
    from .live import counts_for, poll_seconds

    return {"live": counts_for(db_session(), [class_session], now)[class_session.id],
            "poll_seconds": poll_seconds()}


@bp.get("/<int:session_id>")
@requires("run_class_session")
def detail(session_id: int):
    class_session = _session_or_404(session_id)
    now = utcnow()
    return render_template("staff/sessions/detail.html", cs=class_session, now=now,
                           undo_until=_undo_until(class_session, now),
                           **_live(class_session, now), **_join_details(class_session))


@bp.get("/<int:session_id>/show")
@requires("run_class_session")
def show(session_id: int):
    """The page for the class projector: the code, huge and spaced, and its QR code."""
    class_session = _session_or_404(session_id)
    now = utcnow()
    return render_template("staff/sessions/show.html", cs=class_session, now=now,
                           **_live(class_session, now), **_join_details(class_session))


@bp.route("/<int:session_id>/close", methods=["GET", "POST"])
@requires("run_class_session")
def close(session_id: int):
    """GET asks to confirm; POST closes. The close can be undone for a few minutes."""
    session = db_session()
    class_session = _session_or_404(session_id)
    now = utcnow()
    if not class_session.is_open(now):
        flash("That session had already ended, so there was nothing to close.", "info")
        return redirect(url_for(".detail", session_id=class_session.id))
    minutes = current_app.config["CLOSE_UNDO_MINUTES"]
    if request.method == "GET":
        return render_template("staff/sessions/close.html", cs=class_session, now=now,
                               undo_minutes=minutes, code_display=format_code(
                                   class_session.join_code), **_live(class_session, now))
    class_session.closed_at = now
    record(session, current_user, "class_session.close",
           target=f"class_session:{class_session.id}",
           school_id=class_session.school_id, join_code=class_session.join_code,
           minutes_early=max(0, int((class_session.ends_at - now).total_seconds() // 60)))
    session.commit()
    flash(f"Session {format_code(class_session.join_code)} for {class_session.class_label} "
          f"is closed: its code no longer works. You can undo this for {minutes} "
          "minute(s).", "info")
    return redirect(url_for(".detail", session_id=class_session.id))


@bp.post("/<int:session_id>/reopen")
@requires("run_class_session")
def reopen(session_id: int):
    """Undo a close made by hand a few minutes ago: the same code works again."""
    session = db_session()
    class_session = _session_or_404(session_id)
    now = utcnow()
    if _undo_until(class_session, now) is None:
        flash("This session can no longer be reopened: closing can be undone for "
              f"{current_app.config['CLOSE_UNDO_MINUTES']} minute(s) only, and only before "
              "its end time. Start a new session instead.", "error")
        return redirect(url_for(".detail", session_id=class_session.id))
    closed_at = class_session.closed_at
    class_session.closed_at = None
    record(session, current_user, "class_session.reopen",
           target=f"class_session:{class_session.id}",
           school_id=class_session.school_id, join_code=class_session.join_code,
           seconds_closed=int((now - closed_at).total_seconds()))
    session.commit()
    flash(f"Session {format_code(class_session.join_code)} for {class_session.class_label} "
          "is open again: the same code works.", "info")
    return redirect(url_for(".detail", session_id=class_session.id))


def _join_details(class_session: ClassSession) -> dict:
    join_url = public_url(f"/join/{class_session.join_code}")
    return {
        "join_url": join_url,
        "join_address": without_scheme(public_url("/join")),
        "code_display": format_code(class_session.join_code),
        "qr": qr_svg(join_url, f"QR code that opens {without_scheme(join_url)}"),
    }


from . import live  # noqa: E402,F401  (adds the live-count route to bp)
