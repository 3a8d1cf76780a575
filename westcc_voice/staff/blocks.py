"""Wrong-code blocks: a school lead lifts them for their school.

A network address or a device that typed too many wrong codes is asked to wait
(attempts.py). The networks and tablets that joined a school's class sessions in the
last day are tied to that school, so its lead (or an administrator, for any school) can
see which of them typed wrong codes, and lift every block at once, for example after a
pupil kept mistyping or a class was given a wrong code. No address is shown or kept:
a network is "a school network" or "the network you are using now".
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from .. import attempts
from ..audit import record
from ..db import db_session
from ..models import School
from .roles import requires, visible_school_ids
from .sessions import visible_schools

bp = Blueprint("staff_blocks", __name__, url_prefix="/staff/blocks")


def _school(raw: str | None) -> School | None:
    """The school asked for: a school-scoped person's own, or one an admin chose."""
    allowed = visible_school_ids(current_user)
    if allowed is not None:
        return db_session().get(School, next(iter(allowed)))
    if not raw:
        only = visible_schools(db_session(), current_user)
        return only[0] if len(only) == 1 else None
    if not raw.isdigit():
        abort(404)
    school = db_session().get(School, int(raw))
    if school is None:
        abort(404)
    return school


@bp.get("/")
@requires("lift_blocks")
def index():
    school = _school(request.args.get("school"))
    blocks = attempts.blocks_for_school(school.id) if school else []
    return render_template("staff/blocks/index.html", school=school, blocks=blocks,
                           schools=visible_schools(db_session(), current_user),
                           minutes=attempts.minutes)


@bp.post("/lift")
@requires("lift_blocks")
def lift():
    school = _school(request.form.get("school"))
    if school is None:
        abort(404)
    blocks = attempts.blocks_for_school(school.id)
    attempts.lift(blocks)
    session = db_session()
    networks = sum(1 for b in blocks if b.kind == "network")
    record(session, current_user, "attempts.blocks_lifted", target=f"school:{school.id}",
           school_id=school.id, networks=networks, devices=len(blocks) - networks,
           wrong_codes=sum(b.wrong for b in blocks))
    session.commit()
    if blocks:
        flash(f"Lifted: {networks} network(s) and {len(blocks) - networks} device(s) at "
              f"{school.name} can type codes again at once.", "info")
    else:
        flash(f"Nothing at {school.name} was blocked, so there was nothing to lift.", "info")
    return redirect(url_for(".index", school=school.id))
