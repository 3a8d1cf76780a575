"""Questionnaires and their versions, for every member of staff.

Every load of a changed questionnaire file makes a new, immutable version
(definitions/store.py). These pages list the questionnaires, the versions of each, the
questions of one version with their wording, and which questions were added, removed or
reworded since another version: answers to a reworded question are not compared across
those versions.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select

from ..audit import record
from ..db import db_session
from ..definitions.compare import summary, wording_changes
from ..definitions.serving import move_to_newest, sessions_on_older_versions
from ..definitions.text import LANGUAGE_NAMES, pick
from ..models import Response, SurveyVersion
from .forms import describe_year_groups
from .roles import can, requires

bp = Blueprint("staff_questionnaires", __name__, url_prefix="/staff/questionnaires")


def _versions(key: str) -> list[SurveyVersion]:
    versions = list(db_session().scalars(
        select(SurveyVersion).where(SurveyVersion.key == key)
        .order_by(SurveyVersion.version.desc())))
    if not versions:
        abort(404)
    return versions


@bp.app_template_filter("year_groups")
def _year_groups(years) -> str:
    return describe_year_groups(list(years or [])) if years else "adults"


@bp.get("/")
@requires("view_dashboard")
def index():
    session = db_session()
    counts = dict(session.execute(
        select(SurveyVersion.key, func.count(SurveyVersion.id)).group_by(SurveyVersion.key)
    ).all())
    newest = (select(SurveyVersion.key, func.max(SurveyVersion.version).label("v"))
              .group_by(SurveyVersion.key).subquery())
    latest = list(session.scalars(
        select(SurveyVersion).join(newest, (SurveyVersion.key == newest.c.key)
                                   & (SurveyVersion.version == newest.c.v))
        .order_by(SurveyVersion.audience, SurveyVersion.key)))
    return render_template("staff/questionnaires/index.html", latest=latest, counts=counts)


@bp.get("/<key>")
@requires("view_dashboard")
def versions(key: str):
    found = _versions(key)
    session = db_session()
    answered = dict(session.execute(
        select(Response.survey_version_id, func.count(Response.id))
        .where(Response.survey_version_id.in_([v.id for v in found]))
        .group_by(Response.survey_version_id)).all())
    changes = {}
    for newer, older in zip(found, found[1:], strict=False):
        changes[newer.id] = summary(wording_changes(older.definition, newer.definition))
    older = sessions_on_older_versions(session, key)
    return render_template("staff/questionnaires/versions.html", key=key, versions=found,
                           latest=found[0], changes=changes, answered=answered, older=older,
                           may_move=can(current_user, "manage_waves"))


@bp.post("/<key>/serve-newest")
@requires("manage_waves")
def serve_newest(key: str):
    """Move the open class sessions and links still on an earlier version to the newest.
    Answers already given keep the version they were given on."""
    latest = _versions(key)[0]
    session = db_session()
    moved = move_to_newest(session, key)
    record(session, current_user, "questionnaire.serve_newest", target=f"survey:{key}",
           version=latest.version, moved=moved)
    session.commit()
    flash(f"{moved} open class session(s) and link(s) now serve version {latest.version}.",
          "info")
    return redirect(url_for(".versions", key=key))


@bp.get("/<key>/<int:version>")
@requires("view_dashboard")
def version(key: str, version: int):
    """One version's questions; with ``?since=N``, what changed since version N."""
    found = _versions(key)
    by_number = {v.version: v for v in found}
    shown = by_number.get(version) or abort(404)
    earlier = [v for v in found if v.version < version]
    raw = request.args.get("since", "")
    errors = []
    since = earlier[0] if earlier else None
    if raw:
        if raw.isdigit() and int(raw) in by_number and int(raw) < version:
            since = by_number[int(raw)]
        else:
            errors.append(f"Compare with: version {raw!r} is not an earlier version of this "
                          f"questionnaire; choose one of "
                          f"{', '.join(str(v.version) for v in earlier) or 'none'}.")
    lang = shown.definition.get("source_language") or "en"
    changes = wording_changes(since.definition, shown.definition, lang) if since else []
    return render_template(
        "staff/questionnaires/version.html", key=key, shown=shown, since=since,
        earlier=earlier, changes=[c for c in changes if c.kind != "unchanged"],
        counts=summary(changes) if since else None, errors=errors, lang=lang,
        pages=shown.definition.get("pages") or [], pick=pick,
        language_name=LANGUAGE_NAMES.get(lang, lang),
    ), 400 if errors else 200
