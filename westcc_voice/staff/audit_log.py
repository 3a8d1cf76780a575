"""The audit trail for administrators: who did what, newest first, with filters.

Filters come from the query string (a plain GET form, works without JavaScript): action,
person, first and last day (UK dates), and text in the target (``flag:12``, ``staff:3``).
Pages hold ``PAGE_SIZE`` events; "Older events" continues below the last one shown.
"""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, render_template, request
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..db import db_session
from ..models import AuditEvent, StaffUser
from .roles import requires
from .sessions import LOCAL_TZ

bp = Blueprint("staff_audit", __name__, url_prefix="/staff/audit")

PAGE_SIZE = 100


def _day(name: str, errors: list[str]) -> dt.date | None:
    raw = request.args.get(name, "").strip()
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        errors.append(f"{'From' if name == 'since' else 'To'}: “{raw}” is not a date; "
                      "use the date picker or YYYY-MM-DD.")
        return None


def _utc_start(day: dt.date) -> dt.datetime:
    """Midnight UK time at the start of ``day``, as stored (naive UTC)."""
    local = dt.datetime.combine(day, dt.time(), tzinfo=LOCAL_TZ)
    return local.astimezone(dt.UTC).replace(tzinfo=None)


@bp.get("/")
@requires("read_audit_log")
def index():
    session = db_session()
    errors: list[str] = []
    action = request.args.get("action", "").strip()
    actor = request.args.get("actor", "").strip()
    target = request.args.get("target", "").strip()
    since, until = _day("since", errors), _day("until", errors)
    before = request.args.get("before", "")
    query = (select(AuditEvent).order_by(AuditEvent.id.desc()).limit(PAGE_SIZE + 1))
    if action:
        query = query.where(AuditEvent.action == action)
    if actor.isdigit():
        query = query.where(AuditEvent.actor_id == int(actor))
    if target:
        query = query.where(AuditEvent.target.contains(target, autoescape=True))
    if since:
        query = query.where(AuditEvent.at >= _utc_start(since))
    if until:
        query = query.where(AuditEvent.at < _utc_start(until + dt.timedelta(days=1)))
    if before.isdigit():
        query = query.where(AuditEvent.id < int(before))
    events = list(session.scalars(query))
    more = len(events) > PAGE_SIZE
    events = events[:PAGE_SIZE]
    people = {p.id: p for p in session.scalars(
        select(StaffUser).options(selectinload(StaffUser.school)).order_by(
            StaffUser.display_name))}
    actions = list(session.scalars(select(AuditEvent.action).distinct().order_by(
        AuditEvent.action)))
    filters = {"action": action, "actor": actor, "target": target,
               "since": request.args.get("since", ""), "until": request.args.get("until", "")}
    return render_template("staff/audit/index.html", events=events, people=people,
                           actions=actions, filters=filters, errors=errors,
                           older=events[-1].id if more and events else None), \
        400 if errors else 200
