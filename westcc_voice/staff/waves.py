"""Waves (survey rounds): administrators add them and close them.

A wave is the round of the survey answers belong to (Autumn 2026, Spring 2027), with a
first and, once known, a last day. Closing a wave sets its last day to today (UK), so
it is no longer offered for new class sessions; answers already given keep their wave.
Both are written to the audit log.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select

from ..audit import record
from ..db import db_session
from ..models import ClassSession, Link, Response, Wave
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
        links=_counts(Link, Link.wave_id)), status


@bp.post("/<int:wave_id>/close")
@requires("manage_waves")
def close(wave_id: int):
    session = db_session()
    wave = session.get(Wave, wave_id) or abort(404)
    today = local_today()
    if wave_status(wave, today) == "closed":
        flash(f"{wave.name} had already closed on {wave.ends_on:%-d %B %Y}.", "info")
    elif wave.starts_on and today < wave.starts_on:
        flash(f"{wave.name} has not started yet (its first day is "
              f"{wave.starts_on:%-d %B %Y}), so it cannot be closed.", "error")
    else:
        previous = wave.ends_on
        wave.ends_on = today
        record(session, current_user, "wave.close", target=f"wave:{wave.id}",
               code=wave.code, ends_on=str(today),
               planned_end=str(previous) if previous else None)
        session.commit()
        flash(f"{wave.name} is closed: today is its last day, and it is no longer offered "
              "for new class sessions.", "info")
    return redirect(url_for(".index"))
