"""POST /api/submissions: the same intake for a JSON body (the offline tablet queue).

Exempt from CSRF (there is no form), so the body must carry the context key itself:
``session`` (a class's join code) or ``link`` (a link token, plus ``letter_code`` when
the link has single-use codes). Other keys a client might send (device details,
timestamps) are ignored and never stored. Errors come back as
``{"errors": [{"field": ..., "message": ...}]}``: 400 for a body or answer that does not
fit, 413 for a body over ``MAX_CONTENT_LENGTH``; never a 500 for what a client sent.

The body is read strictly: standard JSON only (no ``NaN`` or ``Infinity``), nested at
most ``MAX_JSON_DEPTH`` deep. A replayed submission UUID gets the first receipt back
(200, ``duplicate: true``), even when the class session has closed since: the intake
finds it when its insert meets the unique UUID, and a refusal first asks whether the
UUID was stored already. The receipt goes back only to the class session or link the
submission was sent from (collect/replays.py): anyone else who learnt the UUID gets a 409
and it counts as a wrong code. A copy of answers their respondent withdrew (a tablet
still holding them) gets a 410 naming ``submission_id`` and stores nothing.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from flask import current_app, jsonify, request
from werkzeug.exceptions import RequestEntityTooLarge

from .. import attempts
from ..db import db_session
from ..extensions import csrf
from . import context, intake, replays
from .context import ContextRefused
from .views import bp

_STATUS = {"unknown": 404, "closed": 410, "not_open": 403, "letter_code_used": 409,
           "withdrawn": 410}
_MESSAGES = {
    "unknown": "no open class session or link has this code",
    "closed": "this class session or link is closed",
    "not_open": "this class session or link is not open yet",
    "letter_code_used": "this letter code has already been used",
    "withdrawn": "these answers were withdrawn with their receipt, so they are not stored "
                 "again",
}
#: The field a refusal from intake is about.
_REFUSED_FIELD = {"withdrawn": "submission_id"}
#: The deepest nesting a submission needs is an answer inside a grid (3); this leaves room.
MAX_JSON_DEPTH = 8


class BodyError(ValueError):
    """The body is not a JSON object this endpoint can read; the message says why."""


def _error(field: str, message: str, status: int = 400):
    return jsonify(errors=[{"field": field, "message": message}]), status


def _no_constants(name: str) -> Any:
    raise BodyError(f"{name} is not a JSON number: send a finite number")


def read_body(data: bytes) -> dict[str, Any]:
    """The submission as a dict, or BodyError: strict JSON, bounded depth."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise BodyError("expected a JSON object in UTF-8") from None
    try:
        body = json.loads(text, parse_constant=_no_constants)
    except RecursionError:
        raise BodyError(f"nested more than {MAX_JSON_DEPTH} deep") from None
    except ValueError as exc:
        if isinstance(exc, BodyError):
            raise
        raise BodyError(f"expected a JSON object: {exc}") from None
    if not isinstance(body, dict):
        raise BodyError("expected a JSON object")
    if _depth(body) > MAX_JSON_DEPTH:
        raise BodyError(f"nested more than {MAX_JSON_DEPTH} deep")
    return body


def _depth(value: Any) -> int:
    """How deeply lists and objects nest (without recursion, so a deep body cannot crash)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        children = item.values() if isinstance(item, dict) else item
        deepest = max(deepest, level)
        if level > MAX_JSON_DEPTH:
            return level
        stack.extend((child, level + 1) for child in children
                     if isinstance(child, dict | list))
    return deepest


def _stored(session, result: intake.Submission, key_field: str, key: object,
            ctx: context.RespondentContext | None = None):
    """201 with the receipt; for a replay, the first receipt again (200), but only to the
    class session or link it was sent from."""
    if not result.duplicate:
        return jsonify(receipt=result.receipt, stored=True, duplicate=False), 201
    if not replays.same_context(session, result.response_id, key_field, key, ctx):
        attempts.failed("codes")
        return _error("submission_id", "this submission was already sent from another class "
                      "session or link, so its receipt is not given here", 409)
    return jsonify(receipt=result.receipt, stored=False, duplicate=True), 200


def _answered_at(value: Any) -> dt.datetime | None:
    """When an offline tablet finished the answer (ISO 8601, UTC), or None; used only to
    accept answers made before the class session closed, never stored."""
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > 40:
        raise ValueError("expected the time the answer was finished, such as "
                         "'2026-12-03T10:15:00Z'")
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError("expected the time the answer was finished, such as "
                         "'2026-12-03T10:15:00Z'") from None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(dt.UTC).replace(tzinfo=None)
    return parsed


@bp.post("/api/submissions")
@csrf.exempt
def api_submit():
    try:
        body = read_body(request.get_data(cache=False))
    except BodyError as exc:
        return _error("(body)", str(exc))
    session = db_session()
    secret = current_app.secret_key
    submission_id = body.get("submission_id")

    def refuse(field: str, message: str, status: int = 400):
        """Unless this UUID was stored already: a tablet's queue retrying after the class
        session closed, or after its letter code was spent, gets its receipt back."""
        first = intake.earlier(session, submission_id, secret)
        return _stored(session, first, key_field, key) if first else _error(field, message,
                                                                            status)

    key_field = "session" if "session" in body else "link"
    key = body.get(key_field)
    try:
        answered_at = _answered_at(body.get("answered_at"))
    except ValueError as exc:
        return _error("answered_at", str(exc))
    if not isinstance(key, str) or not key:
        return refuse("session", "expected the class session's join code in 'session' or "
                      "the link's token in 'link'")
    try:
        ctx = context.resolve(session, key_field, key, grace=True, answered_at=answered_at)
    except ContextRefused as exc:
        return refuse(key_field, _MESSAGES[exc.reason], _STATUS[exc.reason])
    code_id = None
    if ctx.single_use_codes:
        typed = body.get("letter_code")
        code_id, problem = context.find_letter_code(
            session, ctx.link_id, typed if isinstance(typed, str) else "", secret)
        if problem == "used":
            return refuse("letter_code", _MESSAGES["letter_code_used"], 409)
        if code_id is None:
            attempts.failed("codes")
            return refuse("letter_code", "expected a letter code of this link")
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
        return _error(_REFUSED_FIELD.get(exc.reason, "letter_code"),
                      _MESSAGES.get(exc.reason, exc.reason), _STATUS.get(exc.reason, 409))
    session.commit()
    return _stored(session, result, key_field, key, ctx)


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error: RequestEntityTooLarge):
    """A body over MAX_CONTENT_LENGTH: JSON for the API, the usual page elsewhere."""
    if request.endpoint != "collect.api_submit":
        return error
    limit = current_app.config.get("MAX_CONTENT_LENGTH")
    return _error("(body)", f"the body is larger than the {limit:,} bytes a submission may "
                  "be", 413)
