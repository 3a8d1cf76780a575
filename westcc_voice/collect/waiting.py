"""POST /api/waiting: a class tablet says how many finished answers it still holds.

The offline queue (static/js/offline.js) reports, for each class session it holds answers
for, how many are waiting, before it sends them and again after, so the teacher's live
view can show answers that are finished but not yet sent (a tablet on flaky Wi-Fi, a
server that was busy). Only a number per tablet: the tablet's random name is kept as a
keyed hash, and no answer, time of answering or device detail is sent or stored.

Body: ``{"session": join code, "tablet": 16-64 letters, digits, - or _, "waiting": 0..}``.
Errors come back as ``{"errors": [{"field": ..., "message": ...}]}`` (400); an unknown
join code is a 404 and counts as a wrong code, like every other door that takes one.
"""

from __future__ import annotations

import hashlib
import hmac
import re

from flask import current_app, jsonify, request
from sqlalchemy import select

from ..db import begin_write, db_session
from ..extensions import csrf
from ..models import ClassSession, TabletQueue, utcnow
from ..staff.codes import normalise_join_code
from .api import BodyError, _error, read_body
from .context import OFFLINE_SEND_LIMIT
from .views import bp

_TABLET = re.compile(r"[A-Za-z0-9_-]{16,64}")
#: More answers than any tablet holds (a class of 30 on one tablet for a fortnight).
MAX_WAITING = 1000


def tablet_key(code: str, tablet: str) -> str:
    """The stored name of a tablet: a keyed hash, different in every session."""
    message = f"{code}:{tablet}".encode()
    return hmac.new(current_app.secret_key.encode(), message, hashlib.sha256).hexdigest()


@bp.post("/api/waiting")
@csrf.exempt
def tablet_waiting():
    try:
        body = read_body(request.get_data(cache=False))
    except BodyError as exc:
        return _error("(body)", str(exc))
    code, tablet, waiting = body.get("session"), body.get("tablet"), body.get("waiting")
    if not isinstance(code, str) or not code:
        return _error("session", "expected the class session's join code")
    if not isinstance(tablet, str) or not _TABLET.fullmatch(tablet):
        return _error("tablet", "expected the tablet's name: 16 to 64 letters, digits, "
                      "'-' or '_'")
    if isinstance(waiting, bool) or not isinstance(waiting, int) or not (
            0 <= waiting <= MAX_WAITING):
        return _error("waiting", f"expected a whole number from 0 to {MAX_WAITING}")
    session = db_session()
    code = normalise_join_code(code)
    found = session.scalar(select(ClassSession).where(ClassSession.join_code == code))
    now = utcnow()
    if found is None or found.starts_at > now:
        return _error("session", "no class session has this code", 404)
    ended = min(t for t in (found.closed_at, found.ends_at) if t is not None)
    if now > ended + OFFLINE_SEND_LIMIT:
        return _error("session", "this class session ended too long ago to take answers",
                      410)
    begin_write(session)
    key = tablet_key(code, tablet)
    row = session.get(TabletQueue, (found.id, key))
    if row is None:
        session.add(TabletQueue(class_session_id=found.id, tablet_key=key, waiting=waiting,
                                reported_at=now))
    else:
        row.waiting, row.reported_at = waiting, now
    session.commit()
    return jsonify(waiting=waiting), 200
