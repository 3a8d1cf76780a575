"""The live count of a class session: answers sent, and answers tablets say are waiting.

The session, projector and list pages show the counts when they load (so they work
without JavaScript) and ``static/js/staff-live.js`` asks ``/staff/sessions/live`` for
them again every few seconds, so a teacher sees answers arrive without reloading.
"""

from __future__ import annotations

import datetime as dt

from flask import current_app, jsonify, request
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..collect.context import OFFLINE_SEND_LIMIT
from ..db import db_session
from ..models import ClassSession, TabletQueue, utcnow
from .roles import requires, visible_school_ids
from .sessions import LIST_LIMIT, bp

#: Seconds between two looks at the counts; a class's answers arrive over minutes.
DEFAULT_POLL_SECONDS = 5


def counts_for(session: Session, sessions: list[ClassSession],
               now: dt.datetime | None = None) -> dict[int, dict[str, object]]:
    """Session id -> answers received, answers waiting on tablets, whether it is open."""
    now = now or utcnow()
    ids = [cs.id for cs in sessions]
    waiting = dict(session.execute(
        select(TabletQueue.class_session_id, func.sum(TabletQueue.waiting))
        .where(TabletQueue.class_session_id.in_(ids),
               TabletQueue.reported_at > now - OFFLINE_SEND_LIMIT)
        .group_by(TabletQueue.class_session_id)
    ).all()) if ids else {}
    # The count is read from the table, not from the objects: intake adds to it with a
    # plain UPDATE, which an object already loaded in this session would not show.
    received = dict(session.execute(
        select(ClassSession.id, ClassSession.answers_received)
        .where(ClassSession.id.in_(ids))
    ).all()) if ids else {}
    return {cs.id: {"received": int(received.get(cs.id, cs.answers_received) or 0),
                    "waiting": int(waiting.get(cs.id) or 0),
                    "open": cs.is_open(now)} for cs in sessions}


def poll_seconds() -> int:
    return max(1, int(current_app.config.get("LIVE_POLL_SECONDS", DEFAULT_POLL_SECONDS)))


@bp.get("/live")
@requires("run_class_session")
def live():
    """``?ids=1,2,3`` -> ``{"sessions": {"1": {"received": 4, "waiting": 0, "open": true}}}``.

    Sessions the person may not see are left out, exactly as if they did not exist.
    """
    raw = request.args.get("ids", "")
    parts = [p for p in raw.split(",") if p.strip()]
    if not parts or len(parts) > LIST_LIMIT or not all(p.strip().isdigit() for p in parts):
        return jsonify(errors=[{"field": "ids", "message": f"expected 1 to {LIST_LIMIT} "
                                "class session numbers separated by commas, such as "
                                "'12,15'"}]), 400
    session = db_session()
    query = select(ClassSession).where(ClassSession.id.in_({int(p) for p in parts}))
    allowed = visible_school_ids(current_user)
    if allowed is not None:
        query = query.where(ClassSession.school_id.in_(allowed))
    counts = counts_for(session, list(session.scalars(query)))
    response = jsonify(sessions={str(k): v for k, v in counts.items()},
                       every_seconds=poll_seconds())
    response.headers["Cache-Control"] = "no-store"
    return response
