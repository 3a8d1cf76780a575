"""The safeguarding queue: what a child wrote that may be a disclosure, for the DSL.

Only a designated safeguarding lead sees it (``review_safeguarding`` in roles.py), and
only for their own school. Each flag shows the child's own words, why it was flagged,
and the class context (class, year group, date) so the school can act at class level;
it carries no link to the anonymised response. Marking a flag reviewed or referred sets
the date it will be deleted (``SAFEGUARDING_RETENTION_DAYS`` later), and
``flask retention run`` deletes it then. Open flags are never deleted.
"""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import case, select
from sqlalchemy.orm import selectinload

from ..audit import record
from ..db import db_session
from ..models import SafeguardingFlag, SurveyVersion, utcnow
from ..safeguarding.detect import load_rules
from .roles import may_see_school, requires, visible_school_ids
from .sessions import local_today

bp = Blueprint("staff_safeguarding", __name__, url_prefix="/staff/safeguarding")

DECISIONS = {
    "reviewed": "Reviewed: no further action",
    "referred": "Referred: acted on under the school's safeguarding procedures",
}


@bp.after_request
def _no_store(response):
    response.headers["Cache-Control"] = "no-store, max-age=0"
    return response


def _visible(query):
    allowed = visible_school_ids(current_user)
    return query if allowed is None else query.where(SafeguardingFlag.school_id.in_(allowed))


@bp.get("/")
@requires("review_safeguarding")
def index():
    session = db_session()
    flags = session.scalars(_visible(
        select(SafeguardingFlag)
        .options(selectinload(SafeguardingFlag.class_session),
                 selectinload(SafeguardingFlag.school))
        .order_by(case((SafeguardingFlag.status == "open", 0), else_=1),
                  SafeguardingFlag.flagged_on.desc(), SafeguardingFlag.id.desc())
    )).all()
    questions = _question_texts(session, {f.survey_version_id for f in flags})
    categories = load_rules().categories
    return render_template(
        "staff/safeguarding/index.html",
        open_flags=[f for f in flags if f.status == "open"],
        done_flags=[f for f in flags if f.status != "open"],
        questions=questions, decisions=DECISIONS,
        reasons={f.id: _reasons(f.reasons, categories) for f in flags},
        retention_days=current_app.config["SAFEGUARDING_RETENTION_DAYS"],
    )


@bp.post("/<int:flag_id>")
@requires("review_safeguarding")
def decide(flag_id: int):
    session = db_session()
    flag = session.get(SafeguardingFlag, flag_id)
    if flag is None or not may_see_school(current_user, flag.school_id):
        abort(404)
    decision = request.form.get("decision", "")
    if decision not in DECISIONS:
        abort(400, description=f"decision: expected one of {', '.join(DECISIONS)}")
    if flag.status != "open":
        flash("That flag was already dealt with.", "info")
        return redirect(url_for(".index"))
    flag.status = decision
    flag.reviewed_by_id = current_user.id
    flag.reviewed_at = utcnow()
    flag.delete_after = local_today() + dt.timedelta(
        days=current_app.config["SAFEGUARDING_RETENTION_DAYS"])
    record(session, current_user, f"safeguarding.{decision}", target=f"flag:{flag.id}")
    session.commit()
    flash(f"Marked {decision}. The child's words will be deleted on "
          f"{flag.delete_after:%d %B %Y}.", "info")
    return redirect(url_for(".index"))


def _question_texts(session, version_ids: set[int]) -> dict[tuple[int, str], str]:
    texts: dict[tuple[int, str], str] = {}
    if not version_ids:
        return texts
    for version in session.scalars(select(SurveyVersion)
                                   .where(SurveyVersion.id.in_(version_ids))):
        for page in version.definition.get("pages", []):
            for q in page.get("questions", []):
                text = q.get("text")
                if isinstance(text, dict):
                    text = text.get(version.definition.get("source_language", "en"))
                texts[(version.id, q["id"])] = str(text or q["id"])
    return texts


def _reasons(reasons: list, categories: dict[str, str]) -> list[tuple[str, list[str]]]:
    """Each category once, with the phrases that matched it, as the DSL reads them."""
    grouped: dict[str, list[str]] = {}
    for reason in reasons or []:
        reason = reason if isinstance(reason, dict) else {"category": str(reason)}
        category = str(reason.get("category") or "general")
        label = categories.get(category, category.replace("_", " ").capitalize()).rstrip(".")
        phrases = grouped.setdefault(label, [])
        phrase = reason.get("phrase")
        if phrase and phrase not in phrases:
            phrases.append(str(phrase))
    return list(grouped.items())
