"""A class tablet left alone mid-survey: ask "Are you still there?", then clear it.

After ``PUPIL_IDLE_SECONDS`` without a touch or a key on a class tablet's survey, stop or
help page (``static/js/survey.js``), the tablet asks whether the pupil is still there.
With no answer for ``PUPIL_IDLE_WARNING_SECONDS`` more it posts ``/survey/idle``: the
draft is deleted unsent, the pupil's language is forgotten, and the tablet goes back to
the class's start page, so the next child sees nothing (Back reaches only pages that
now redirect to the start). The class session counts one more survey left unsent, a
number only, shown on the teacher's session page. The offline tablet document does the
same in the browser, without the count (it may have no network).
"""

from __future__ import annotations

from typing import Any

from flask import current_app, redirect, session, url_for
from sqlalchemy import update

from ..db import begin_write, db_session
from ..models import ClassSession
from . import drafts, language
from .views import KIOSK_KEY, bp, start_url


def settings() -> dict[str, Any] | None:
    """What the idle check needs on a class tablet's page, or None (off, or not a tablet)."""
    seconds = int(current_app.config.get("PUPIL_IDLE_SECONDS") or 0)
    if seconds <= 0 or not session.get(KIOSK_KEY):
        return None
    return {"seconds": seconds,
            "warning": int(current_app.config.get("PUPIL_IDLE_WARNING_SECONDS") or 30),
            "url": url_for("collect.idle")}


@bp.context_processor
def _idle_check() -> dict[str, Any]:
    """The idle check on every class tablet page that holds a pupil's answers."""
    try:
        holds_answers = drafts.load() is not None
    except drafts.DraftsUnavailable:
        holds_answers = False  # the "try again" page keeps the answers in its own form
    return {"idle": settings() if holds_answers else None}


@bp.post("/survey/idle")
def idle():
    draft = drafts.load()
    code = session.get(KIOSK_KEY)
    if draft is not None and code and draft.kind == "session":
        db = db_session()
        begin_write(db)
        db.execute(update(ClassSession).where(ClassSession.join_code == code)
                   .values(left_unsent=ClassSession.left_unsent + 1))
        db.commit()
    drafts.clear()
    if code:
        language.forget()
    return redirect(start_url())
