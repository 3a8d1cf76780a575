"""Approving quotes: staff read redacted written answers and decide which may be quoted.

Only approved answers reach a briefing (analysis reads ``QuoteApproval``), and only from
groups big enough to quote (the Summary's rule). Who may decide is ``approve_quotes`` in
roles.py: a school lead for their own school's answers, an admin for every answer. The
text shown is what intake stored: already redacted, never the original. Each decision
is recorded in the audit trail; a decision can be changed, and the change is recorded too.
"""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from ..audit import record
from ..db import db_session
from ..models import QuoteApproval, Response, School, SurveyVersion, Wave
from .roles import may_see_school, requires, visible_school_ids

bp = Blueprint("staff_quotes", __name__, url_prefix="/staff/quotes")

#: Question types whose answers are the respondent's own words.
TEXT_TYPES = ("short_text", "long_text")
PER_PAGE = 40
#: decision -> its audit action
DECISIONS = {"approved": "quote.approve", "rejected": "quote.reject"}


def text_questions(version: SurveyVersion) -> dict[str, str]:
    """{question id: its English wording} for the free-text questions of a version."""
    out = {}
    for q in version.questions():
        if q.get("type") in TEXT_TYPES:
            text = q.get("text") or {}
            out[q["id"]] = text.get("en") or next(iter(text.values()), q["id"]) \
                if isinstance(text, dict) else str(text)
    return out


def _waves(session) -> list[Wave]:
    rows = session.scalars(select(Wave)).all()
    return sorted(rows, key=lambda w: (w.starts_on is not None, w.starts_on, w.code),
                  reverse=True)


@bp.get("/")
@requires("approve_quotes")
def index():
    session = db_session()
    waves = _waves(session)
    code = request.args.get("wave") or (waves[0].code if waves else "")
    wave = next((w for w in waves if w.code == code), None)
    show = request.args.get("show", "undecided")
    if waves and wave is None:
        abort(404)
    candidates = []
    if wave is not None:
        query = select(Response).where(Response.wave_id == wave.id).order_by(Response.id)
        allowed = visible_school_ids(current_user)
        if allowed is not None:
            query = query.where(Response.school_id.in_(allowed))
        decided = {(a.response_id, a.question_id): a for a in session.scalars(
            select(QuoteApproval).join(Response, Response.id == QuoteApproval.response_id)
            .where(Response.wave_id == wave.id))}
        schools = {s.id: s.name for s in session.scalars(select(School))}
        versions: dict[int, dict[str, str]] = {}
        for response in session.scalars(query):
            vid = response.survey_version_id
            if vid not in versions:
                versions[vid] = text_questions(session.get(SurveyVersion, vid))
            for qid, wording in versions[vid].items():
                answer = (response.answers or {}).get(qid)
                if not isinstance(answer, str) or not answer.strip():
                    continue
                decision = decided.get((response.id, qid))
                if (show == "undecided") != (decision is None):
                    continue
                candidates.append({
                    "response_id": response.id, "question_id": qid, "question": wording,
                    "text": answer, "audience": response.audience,
                    "year_group": response.year_group,
                    "school": schools.get(response.school_id, "No school (a public link)"),
                    "decision": decision.decision if decision else None,
                })
    raw_page = request.args.get("page", "1")
    page = max(int(raw_page), 1) if raw_page.isdigit() else 1
    shown = candidates[(page - 1) * PER_PAGE:page * PER_PAGE]
    return render_template("staff/quotes/index.html", waves=waves, wave=wave, show=show,
                           candidates=shown, total=len(candidates), page=page,
                           pages=max(1, -(-len(candidates) // PER_PAGE)))


@bp.post("/decide")
@requires("approve_quotes")
def decide():
    session = db_session()
    decision = request.form.get("decision", "")
    question_id = request.form.get("question_id", "")
    try:
        response_id = int(request.form.get("response_id", ""))
    except ValueError:
        abort(400)
    if decision not in DECISIONS:
        abort(400)
    response = session.get(Response, response_id)
    if response is None or not may_see_school(current_user, response.school_id):
        abort(404)
    version = session.get(SurveyVersion, response.survey_version_id)
    answer = (response.answers or {}).get(question_id)
    if question_id not in text_questions(version) or not isinstance(answer, str) \
            or not answer.strip():
        abort(404)
    existing = session.scalar(select(QuoteApproval).where(
        QuoteApproval.response_id == response_id, QuoteApproval.question_id == question_id))
    before = existing.decision if existing else None
    if existing is None:
        existing = QuoteApproval(response_id=response_id, question_id=question_id)
        session.add(existing)
    existing.decision = decision
    existing.decided_by_id = current_user.id
    existing.decided_on = dt.date.today()
    record(session, current_user, DECISIONS[decision],
           target=f"response:{response_id}/{question_id}", before=before)
    session.commit()
    flash("Approved for quoting." if decision == "approved" else "Not to be quoted.", "info")
    wave = session.get(Wave, response.wave_id)
    return redirect(url_for("staff_quotes.index", wave=wave.code if wave else None,
                            show=request.form.get("show", "undecided")))
