"""POST /api/submissions: the same intake for a JSON body (the offline tablet queue).

Exempt from CSRF (there is no form), so the body must carry the context key itself:
``session`` (a class's join code) or ``link`` (a link token, plus ``letter_code`` when
the link has single-use codes). Other keys a client might send (device details,
timestamps) are ignored and never stored. Errors come back as
``{"errors": [{"field": ..., "message": ...}]}``.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, jsonify, request

from .. import attempts
from ..db import db_session
from ..extensions import csrf
from ..models import utcnow
from . import context, intake, replays
from .context import ContextRefused
from .views import bp

_STATUS = {"unknown": 404, "closed": 410, "not_open": 403, "letter_code_used": 409}
_MESSAGES = {
    "unknown": "no open class session or link has this code",
    "closed": "this class session or link is closed",
    "not_open": "this class session or link is not open yet",
    "letter_code_used": "this letter code has already been used",
}


def _error(field: str, message: str, status: int = 400):
    return jsonify(errors=[{"field": field, "message": message}]), status


@bp.post("/api/submissions")
@csrf.exempt
def api_submit():
    body: Any = request.get_json(silent=True)
    if not isinstance(body, dict):
        return _error("(body)", "expected a JSON object")
    session = db_session()
    secret = current_app.secret_key
    submission_id = body.get("submission_id")
    try:
        earlier = intake.recall_earlier(
            intake.Submission(submission_id, {}, "en", 0, 0, "pupil", utcnow().date()),
            intake.IntakeEnv(session, {}, secret),
        )
    except intake.IntakeError as exc:
        return jsonify(errors=[vars(e) for e in exc.errors]), 400
    key_field = "session" if "session" in body else "link"
    key = body.get(key_field)
    if earlier.duplicate:
        return _replayed(session, earlier, key_field, key)
    if not isinstance(key, str) or not key:
        return _error("session", "expected the class session's join code in 'session' or "
                      "the link's token in 'link'")
    try:
        ctx = context.resolve(session, key_field, key, grace=True)
    except ContextRefused as exc:
        return _error(key_field, _MESSAGES[exc.reason], _STATUS[exc.reason])
    code_id = None
    if ctx.single_use_codes:
        code_id, problem = context.find_letter_code(session, ctx.link_id,
                                                    str(body.get("letter_code") or ""), secret)
        if problem == "used":
            return _error("letter_code", _MESSAGES["letter_code_used"], 409)
        if code_id is None:
            attempts.failed("codes")
            return _error("letter_code", "expected a letter code of this link")
    sub = ctx.submission(
        submission_id, body.get("answers"),
        body.get("language") or ctx.survey.definition.get("source_language", "en"),
        letter_code_id=code_id, finished=body.get("finished", True) is not False,
    )
    try:
        result = intake.run(sub, intake.IntakeEnv(session, ctx.survey.definition, secret))
    except intake.IntakeError as exc:
        return jsonify(errors=[vars(e) for e in exc.errors]), 400
    except intake.IntakeRefused as exc:
        return _error("letter_code", _MESSAGES.get(exc.reason, exc.reason),
                      _STATUS.get(exc.reason, 409))
    session.commit()
    if result.duplicate:
        return _replayed(session, result, key_field, key)
    return jsonify(receipt=result.receipt, stored=True, duplicate=False), 201


def _replayed(session, sub: intake.Submission, key_field: str, key: object):
    """The first receipt again, but only to the class session or link it was sent from."""
    if not replays.same_context(session, sub.response_id, key_field, key):
        attempts.failed("codes")
        return _error("submission_id", "this submission was already sent from another class "
                      "session or link, so its receipt is not given here", 409)
    return jsonify(receipt=sub.receipt, stored=False, duplicate=True), 200
