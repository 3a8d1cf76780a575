"""Staff pages for briefings: the list, the page view, the PDF download, job progress.

Who may see what is decided by staff.roles (``download_briefing`` and
``visible_school_ids``): steering and admin users see the partnership and every
school; a school lead sees only their own school's briefing; other roles get 403.
Drawing a briefing takes seconds, so both the page and the PDF are made by a background
job (jobs.py); meanwhile the browser is sent to a status page that refreshes itself
(a meta refresh: no JavaScript needed) and goes on to the briefing when it is ready.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    url_for,
)
from flask import request as http_request
from flask_login import current_user
from sqlalchemy import select

from ..audit import record
from ..db import db_session
from ..models import School, Wave
from ..staff.roles import requires, visible_school_ids
from . import PARTNERSHIP_SCOPE
from .sections import APPENDIX, SHORT

# Rendering (matplotlib, WeasyPrint) and analysis (pandas) are imported inside the
# functions that need them, so the app and every `flask` command start without them.

bp = Blueprint("briefings", __name__, url_prefix="/staff/briefings")
REFRESH_SECONDS = 2


def jobs():
    """The briefing jobs (jobs.py): on RQ in Redis when WESTCC_REDIS_URL is set, so every
    instance sees them; otherwise this process's own. Made on first use."""
    from .. import shared_redis
    from .jobs import make_store

    store = current_app.extensions.get("westcc_briefing_jobs")
    if store is None:
        store = make_store(shared_redis.connection())
        current_app.extensions["westcc_briefing_jobs"] = store
    return store


def _scopes() -> list[tuple[str, str]]:
    """(scope, label) pairs the signed-in user may open."""
    allowed = visible_school_ids(current_user)
    out = [(PARTNERSHIP_SCOPE, "All WEST schools (the partnership)")] if allowed is None else []
    query = select(School).order_by(School.name)
    if allowed is not None:
        query = query.where(School.id.in_(allowed))
    out += [(s.code, s.name) for s in db_session().scalars(query)]
    return out


def _authorise(scope: str) -> None:
    """403 unless the user may see this scope (the partnership needs every school)."""
    if scope not in {code for code, _label in _scopes()}:
        abort(403)


def _request(wave: str, scope: str):
    """The briefing asked for, once the user may see it and it exists (else 403/404)."""
    from .model import BriefingError
    from .source import Request, check

    _authorise(scope)
    request = Request(wave, scope)
    try:
        check(db_session(), request)
    except BriefingError:
        abort(404)
    return request


def _start(request, *, want_pdf: bool, document: str = SHORT):
    """The job for this briefing: an existing one, or a new one from a fresh Summary."""
    from .source import rolls_for, summary_for

    store = jobs()
    key = (request.wave, request.scope, document)
    if store.find(key) is not None:
        try:
            return store.start(key, None, school=request.school, want_pdf=want_pdf,
                               document=document)
        except ValueError:  # it expired in between: make it again
            pass
    session = db_session()
    summary = summary_for(session, request, current_app.config)
    return store.start(key, summary, school=request.school,
                       rolls=rolls_for(session, summary), want_pdf=want_pdf,
                       document=document, school_name=school_name(session, request.school))


def school_name(session, code: str | None) -> str | None:
    """A school's name, so a school with no responses yet gets a note that names it."""
    if code is None:
        return None
    return session.scalar(select(School.name).where(School.code == code))


@bp.get("/")
@requires("download_briefing")
def index():
    rows = db_session().scalars(select(Wave)).all()
    newest_first = sorted(rows, key=lambda w: (w.starts_on is not None, w.starts_on, w.code),
                          reverse=True)
    return render_template("briefings/index.html", waves=newest_first, scopes=_scopes())


@bp.get("/<wave>/<scope>/", defaults={"document": SHORT})
@bp.get("/<wave>/<scope>/appendix/", defaults={"document": APPENDIX})
@requires("download_briefing")
def view(wave: str, scope: str, document: str):
    from .html import render_html

    request = _request(wave, scope)
    job = _start(request, want_pdf=False, document=document)
    if job.status != "done" or job.briefing is None:
        return redirect(url_for("briefings.status", job_id=job.id, then="view"))
    other = APPENDIX if document == SHORT else SHORT
    links = {"pdf": url_for("briefings.download", wave=wave, scope=scope, document=document),
             "back": url_for("briefings.index")}
    if not job.briefing.is_empty:  # a one-page note has no appendix to point to
        links["other"] = url_for("briefings.view", wave=wave, scope=scope, document=other)
        links["other_label"] = ("The appendix: every chart and table" if other == APPENDIX
                                else "The short briefing")
    html = render_html(job.briefing, mode="web",
                       static_url=lambda path: url_for("static", filename=path), links=links)
    return Response(html, mimetype="text/html")


@bp.get("/<wave>/<scope>/briefing.pdf", defaults={"document": SHORT})
@bp.get("/<wave>/<scope>/appendix.pdf", defaults={"document": APPENDIX})
@requires("download_briefing")
def download(wave: str, scope: str, document: str):
    request = _request(wave, scope)
    job = _start(request, want_pdf=True, document=document)
    if not job.ready:
        return redirect(url_for("briefings.status", job_id=job.id, then="pdf"))
    session = db_session()
    record(session, current_user, "briefing.download", target=f"briefing:{wave}:{scope}",
           pages=job.pages, document=document)
    session.commit()
    return Response(job.pdf, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{job.briefing.filename}"',
        "Cache-Control": "no-store",
    })


@bp.get("/jobs/<job_id>")
@requires("download_briefing")
def status(job_id: str):
    job = jobs().get(job_id)
    if job is None:
        return render_template("briefings/job.html", job=None, refresh=None), 404
    wave, scope, *rest = job.key
    _authorise(scope)
    then = http_request.args.get("then", "view")
    target = url_for("briefings.download" if then == "pdf" else "briefings.view",
                     wave=wave, scope=scope, document=rest[0] if rest else SHORT)
    if job.status == "done" and (job.ready or then != "pdf"):
        return redirect(target)
    refresh = None if job.status == "failed" else REFRESH_SECONDS
    return render_template("briefings/job.html", job=job, refresh=refresh, target=target,
                           then=then), 200 if job.status != "failed" else 500
