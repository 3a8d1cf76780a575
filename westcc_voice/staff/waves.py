"""Waves (survey rounds): administrators add them and close them.

A wave is the round of the survey answers belong to (Autumn 2026, Spring 2027), with a
first and, once known, a last day. Closing a wave sets its last day to today (UK), so
it is no longer offered for new class sessions; answers already given keep their wave.
Both are written to the audit log.
"""

from __future__ import annotations

import datetime as dt

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
from sqlalchemy import func, select

from ..audit import record
from ..db import db_session
from ..models import AuditEvent, ClassSession, Link, Response, Wave, utcnow
from .forms import WaveForm
from .roles import requires
from .sessions import local_today, waves_newest_first

bp = Blueprint("staff_waves", __name__, url_prefix="/staff/waves")


def wave_status(wave: Wave, today) -> str:
    if wave.starts_on and today < wave.starts_on:
        return "upcoming"
    if wave.ends_on and wave.ends_on < today:
        return "closed"
    if wave.ends_on and wave.ends_on == today:
        return "last day"
    return "running"


def _counts(model, column) -> dict[int, int]:
    return dict(db_session().execute(select(column, func.count(model.id)).group_by(column)).all())


@bp.route("/", methods=["GET", "POST"])
@requires("manage_waves")
def index():
    session = db_session()
    form = WaveForm()
    if form.validate_on_submit():
        if session.scalar(select(Wave.id).where(Wave.code == form.code.data)):
            form.code.errors.append(f"Short code: a wave with the code {form.code.data!r} "
                                    "already exists; choose another.")
        else:
            wave = Wave(code=form.code.data, name=form.name.data,
                        starts_on=form.starts_on.data, ends_on=form.ends_on.data)
            session.add(wave)
            session.flush()
            record(session, current_user, "wave.create", target=f"wave:{wave.id}",
                   code=wave.code, name=wave.name, starts_on=str(wave.starts_on),
                   ends_on=str(wave.ends_on) if wave.ends_on else None)
            session.commit()
            flash(f"Added the wave {wave.name}.", "info")
            return redirect(url_for(".index"))
    today = local_today()
    waves = waves_newest_first(session)
    status = 400 if request.method == "POST" else 200
    return render_template(
        "staff/waves/index.html", form=form, waves=waves, today=today, status_of=wave_status,
        responses=_counts(Response, Response.wave_id),
        sessions=_counts(ClassSession, ClassSession.wave_id),
        links=_counts(Link, Link.wave_id),
        undoable={w.id for w in waves if _undo_window(w, utcnow()) is not None}), status


def _undo_window(wave: Wave, now: dt.datetime) -> AuditEvent | None:
    """The close that can still be undone (made by hand in the last few minutes), or None."""
    event = db_session().scalar(
        select(AuditEvent).where(AuditEvent.action == "wave.close",
                                 AuditEvent.target == f"wave:{wave.id}")
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(1))
    minutes = current_app.config["CLOSE_UNDO_MINUTES"]
    if event is None or now - event.at > dt.timedelta(minutes=minutes):
        return None
    return event if wave.ends_on is not None and str(wave.ends_on) == event.detail.get(
        "ends_on") else None


def _open_counts(wave: Wave, now: dt.datetime) -> dict[str, int]:
    session = db_session()
    return {
        "sessions": session.scalar(select(func.count(ClassSession.id)).where(
            ClassSession.wave_id == wave.id, ClassSession.closed_at.is_(None),
            ClassSession.ends_at > now)) or 0,
        "links": session.scalar(select(func.count(Link.id)).where(
            Link.wave_id == wave.id,
            (Link.closes_on.is_(None)) | (Link.closes_on >= local_today()))) or 0,
    }


@bp.route("/<int:wave_id>/close", methods=["GET", "POST"])
@requires("manage_waves")
def close(wave_id: int):
    """GET asks to confirm; POST closes. The close can be undone for a few minutes."""
    session = db_session()
    wave = session.get(Wave, wave_id) or abort(404)
    today = local_today()
    if wave_status(wave, today) == "closed":
        flash(f"{wave.name} had already closed on {wave.ends_on:%-d %B %Y}.", "info")
    elif wave.starts_on and today < wave.starts_on:
        flash(f"{wave.name} has not started yet (its first day is "
              f"{wave.starts_on:%-d %B %Y}), so it cannot be closed.", "error")
    elif request.method == "GET":
        return render_template("staff/waves/close.html", wave=wave, today=today,
                               undo_minutes=current_app.config["CLOSE_UNDO_MINUTES"],
                               open_now=_open_counts(wave, utcnow()))
    else:
        previous = wave.ends_on
        wave.ends_on = today
        record(session, current_user, "wave.close", target=f"wave:{wave.id}",
               code=wave.code, ends_on=str(today),
               planned_end=str(previous) if previous else None)
        session.commit()
        flash(f"{wave.name} is closed: today is its last day, and it is no longer offered "
              "for new class sessions or links. You can undo this for "
              f"{current_app.config['CLOSE_UNDO_MINUTES']} minute(s).", "info")
    return redirect(url_for(".index"))


@bp.post("/<int:wave_id>/reopen")
@requires("manage_waves")
def reopen(wave_id: int):
    """Undo a close made a few minutes ago: the wave gets back the last day it had."""
    session = db_session()
    wave = session.get(Wave, wave_id) or abort(404)
    event = _undo_window(wave, utcnow())
    if event is None:
        flash(f"{wave.name} can no longer be reopened here: closing can be undone for "
              f"{current_app.config['CLOSE_UNDO_MINUTES']} minute(s) only.", "error")
        return redirect(url_for(".index"))
    planned = event.detail.get("planned_end")
    wave.ends_on = dt.date.fromisoformat(planned) if planned else None
    record(session, current_user, "wave.reopen", target=f"wave:{wave.id}", code=wave.code,
           ends_on=planned)
    session.commit()
    flash(f"{wave.name} is open again, with the last day it had before.", "info")
    return redirect(url_for(".index"))
