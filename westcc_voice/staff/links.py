"""Parent and community links: an unguessable address, a letter to print, optional codes.

A link opens one parent or community questionnaire for one school (or, for community
questionnaires, the whole partnership) between two dates, both inclusive, in UK time.
Parents and community members open it at /s/<token> (served by the collect blueprint).

Single-use codes for a letter run are made once, when the link is made. Only an HMAC of
each code is stored, so the codes exist in plain text only in the page that answers the
form. That page posts them back to download a CSV or print one letter per code; the
server checks every posted code against the stored hashes and keeps none of them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, selectinload
from wtforms import SelectChoice

from ..audit import record
from ..db import db_session
from ..definitions.store import latest_versions
from ..definitions.text import ENGLISH_NAMES
from ..models import AuditEvent, Link, LinkCode, StaffUser, SurveyVersion, utcnow
from ..security import public_url
from .codes import (
    format_code,
    letter_code_hash,
    new_letter_code,
    new_link_token,
    normalise_letter_code,
    qr_svg,
)
from .forms import MAX_LETTER_CODES, LinkForm
from .letter_words import choice_label, letter_choices, letter_words
from .roles import may_see_school, requires, visible_school_ids
from .sessions import (
    current_wave,
    local_today,
    visible_schools,
    waves_not_closed,
    without_scheme,
)

bp = Blueprint("staff_links", __name__, url_prefix="/staff/links")

#: Who a link is for, as staff pages say it.
AUDIENCE_NAMES = {"parent": "Parents and carers", "community": "Community members"}

PARTNERSHIP = 0  # the school choice meaning "all WEST schools"
DEFAULT_OPEN_DAYS = 28
LIST_LIMIT = 200


def link_status(link: Link, today: dt.date) -> str:
    """'open', 'not yet open' or 'closed': the dates are the whole rule, both inclusive."""
    if link.opens_on and today < link.opens_on:
        return "not yet open"
    if link.closes_on and today > link.closes_on:
        return "closed"
    return "open"


def _link_or_404(link_id: int) -> Link:
    link = db_session().get(Link, link_id)
    if link is None or not may_see_school(current_user, link.school_id):
        abort(404)
    return link


def _link_url(link: Link) -> str:
    return public_url(f"/s/{link.token}")


# --- the form ------------------------------------------------------------------------------

def _build_form(session: Session, today: dt.date) -> tuple[LinkForm, dict]:
    surveys = [v for v in latest_versions(session) if v.audience in ("parent", "community")]
    schools = visible_schools(session, current_user)
    waves = waves_not_closed(session, today)
    form = LinkForm(audiences_by_survey={v.id: v.audience for v in surveys}, today=today)
    form.survey_id.choices = [
        SelectChoice(v.id, f"{v.title} ({v.audience} questionnaire)") for v in surveys
    ]
    school_choices = [SelectChoice(s.id, s.name) for s in schools]
    if visible_school_ids(current_user) is None:
        school_choices.insert(0, SelectChoice(
            PARTNERSHIP, "All WEST schools (community questionnaires only)"))
    form.school_id.choices = school_choices
    form.wave_id.choices = [SelectChoice(w.id, w.name) for w in waves]
    if request.method == "GET":
        wave = current_wave(waves, today)
        form.wave_id.data = wave.id if wave else None
        form.opens_on.data = today
        default_close = today + dt.timedelta(days=DEFAULT_OPEN_DAYS)
        if wave and wave.ends_on and wave.ends_on >= today:
            default_close = wave.ends_on
        form.closes_on.data = default_close
        form.code_count.data = 0
        form.form_nonce.data = new_link_token()
        if len(schools) == 1 and len(school_choices) == 1:
            form.school_id.data = schools[0].id
    missing = []
    if not surveys:
        missing.append("No parent or community questionnaires are loaded yet: an "
                       "administrator runs 'flask surveys load'.")
    if not waves:
        missing.append("No survey rounds (waves) are set up yet: ask the partnership's "
                       "administrator to add one.")
    return form, {"missing": missing}


def _link_made_with(session: Session, user: StaffUser, nonce: str | None) -> int | None:
    """The link a form with this nonce already made (a reload re-sends the form)."""
    if not nonce:
        return None
    since = utcnow() - dt.timedelta(days=1)
    events = session.scalars(
        select(AuditEvent).where(AuditEvent.action == "link.create",
                                 AuditEvent.actor_id == user.id, AuditEvent.at >= since)
    )
    for event in events:
        if (event.detail or {}).get("form_nonce") == nonce:
            return int(event.target.split(":", 1)[1])
    return None


def make_letter_codes(session: Session, link: Link, count: int, secret_key: str) -> list[str]:
    """Make ``count`` codes for ``link``, store only their hashes, return the codes."""
    codes: dict[str, str] = {}
    while len(codes) < count:
        batch = {}
        while len(codes) + len(batch) < count:
            code = new_letter_code()
            digest = letter_code_hash(code, secret_key)
            if digest not in codes:
                batch[digest] = code
        taken = set(session.scalars(
            select(LinkCode.code_hash).where(LinkCode.code_hash.in_(list(batch)))
        ))
        codes.update({h: c for h, c in batch.items() if h not in taken})
    session.add_all(LinkCode(link_id=link.id, code_hash=h) for h in codes)
    return list(codes.values())


# --- views ---------------------------------------------------------------------------------

@bp.get("/")
@requires("manage_links")
def index():
    session = db_session()
    today = local_today()
    is_open = ((Link.opens_on.is_(None) | (Link.opens_on <= today))
               & (Link.closes_on.is_(None) | (Link.closes_on >= today)))
    query = (
        select(Link)
        .options(selectinload(Link.school), selectinload(Link.wave),
                 selectinload(Link.survey_version))
        .order_by(case((is_open, 0), else_=1), Link.created_at.desc(), Link.id.desc())
        .limit(LIST_LIMIT)
    )
    allowed = visible_school_ids(current_user)
    if allowed is not None:
        query = query.where(Link.school_id.in_(allowed))
    links = list(session.scalars(query))
    return render_template("staff/links/index.html", links=links, today=today,
                           audience_names=AUDIENCE_NAMES,
                           counts=_code_counts(session, [link.id for link in links]),
                           status=link_status, limit=LIST_LIMIT)


def _code_counts(session: Session, link_ids: list[int]) -> dict[int, tuple[int, int]]:
    """{link id: (codes made, codes used)}"""
    if not link_ids:
        return {}
    rows = session.execute(
        select(LinkCode.link_id, func.count(LinkCode.id), func.count(LinkCode.used_on))
        .where(LinkCode.link_id.in_(link_ids)).group_by(LinkCode.link_id)
    )
    return {link_id: (made, used) for link_id, made, used in rows}


@bp.route("/new", methods=["GET", "POST"])
@requires("manage_links")
def new():
    session = db_session()
    today = local_today()
    form, context = _build_form(session, today)
    if request.method == "POST":
        earlier = _link_made_with(session, current_user, form.form_nonce.data)
        if earlier is not None:
            flash("This link was already made when the form was first sent. Any single-use "
                  "codes were shown then and can't be shown again.", "info")
            return redirect(url_for(".detail", link_id=earlier))
    if not context["missing"] and form.validate_on_submit():
        survey = session.get(SurveyVersion, form.survey_id.data)
        link = Link(
            token=new_link_token(),
            survey_version_id=survey.id,
            wave_id=form.wave_id.data,
            school_id=form.school_id.data or None,
            audience=survey.audience,
            label=form.label.data,
            opens_on=form.opens_on.data,
            closes_on=form.closes_on.data,
            single_use_codes=form.code_count.data > 0,
            created_by_id=current_user.id,
        )
        session.add(link)
        session.flush()
        codes = make_letter_codes(session, link, form.code_count.data,
                                  current_app.config["SECRET_KEY"])
        record(session, current_user, "link.create", target=f"link:{link.id}",
               school_id=link.school_id, audience=link.audience, survey=survey.key,
               survey_version=survey.version, wave_id=link.wave_id,
               opens_on=link.opens_on.isoformat(), closes_on=link.closes_on.isoformat(),
               code_count=len(codes), form_nonce=form.form_nonce.data)
        session.commit()
        if not codes:
            flash("The link is ready. Print the letter sheet or copy the address below.",
                  "info")
            return redirect(url_for(".detail", link_id=link.id))
        _, choices, default = _letter_languages(link)
        response = make_response(render_template(
            "staff/links/codes.html", link=link, codes=[format_code(c) for c in codes],
            link_url=_link_url(link), letter_default=default,
            letter_choices={key: choice_label(texts) for key, texts in choices.items()}))
        response.headers["Cache-Control"] = "no-store"
        return response
    status = 400 if request.method == "POST" else 200
    return render_template("staff/links/new.html", form=form, **context), status


@bp.get("/<int:link_id>")
@requires("manage_links")
def detail(link_id: int):
    session = db_session()
    link = _link_or_404(link_id)
    url = _link_url(link)
    made, used = _code_counts(session, [link.id]).get(link.id, (0, 0))
    return render_template(
        "staff/links/detail.html", link=link, link_url=url, audience_names=AUDIENCE_NAMES,
        status=link_status(link, local_today()), codes_made=made, codes_used=used,
        qr=qr_svg(url, f"QR code that opens {without_scheme(url)}"),
    )


@bp.get("/<int:link_id>/sheet")
@requires("manage_links")
def sheet(link_id: int):
    """The A4 letter to print and send home, without single-use codes."""
    link = _link_or_404(link_id)
    return render_template("staff/links/sheets.html", **_letter(link, [None]))


@bp.get("/<int:link_id>/sheets")
@requires("manage_links")
def sheets_reopened(link_id: int):
    """The letters reopened (reload, history, a saved tab): the one-off codes were shown
    once and are not kept, so this is the letter without a code, saying why."""
    link = _link_or_404(link_id)
    return render_template("staff/links/sheets.html", reopened=True, **_letter(link, [None]))


@bp.post("/<int:link_id>/sheets")
@requires("manage_links")
def sheets_with_codes(link_id: int):
    """One A4 letter per single-use code; the codes come from the page that showed them."""
    link, codes = _released_codes(link_id, "link.codes_print")
    response = make_response(render_template(
        "staff/links/sheets.html", **_letter(link, [format_code(c) for c in codes])))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/<int:link_id>/codes.csv")
@requires("manage_links")
def codes_csv(link_id: int):
    link, codes = _released_codes(link_id, "link.codes_download")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["code", "address"])
    url = _link_url(link)
    writer.writerows([format_code(c), url] for c in codes)
    response = make_response(out.getvalue())
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = (
        f'attachment; filename="west-voice-link-{link.id}-codes.csv"')
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/<int:link_id>/close")
@requires("manage_links")
def close(link_id: int):
    """Close early: the link's last day becomes yesterday, so it stops working now."""
    session = db_session()
    link = _link_or_404(link_id)
    today = local_today()
    if link_status(link, today) == "closed":
        flash("That link had already closed, so there was nothing to close.", "info")
        return redirect(url_for(".detail", link_id=link.id))
    before = {"opens_on": _iso(link.opens_on), "closes_on": _iso(link.closes_on)}
    # Whichever calendar reads the date (UK here, UTC elsewhere), yesterday is in the past.
    yesterday = min(today, utcnow().date()) - dt.timedelta(days=1)
    link.closes_on = yesterday
    if link.opens_on is None or link.opens_on > yesterday:
        link.opens_on = yesterday
    record(session, current_user, "link.close", target=f"link:{link.id}",
           school_id=link.school_id, before=before,
           after={"opens_on": _iso(link.opens_on), "closes_on": _iso(link.closes_on)})
    session.commit()
    flash(f"“{link.name}” is closed: its address and codes no longer open the "
          "questionnaire.", "info")
    return redirect(url_for(".detail", link_id=link.id))


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _released_codes(link_id: int, event: str) -> tuple[Link, list[str]]:
    """The link and the codes posted back for it, with the release recorded in the audit
    trail (printing or downloading codes hands them out)."""
    session = db_session()
    link = _link_or_404(link_id)
    codes = _posted_codes(session, link)
    record(session, current_user, event, target=f"link:{link.id}", code_count=len(codes))
    session.commit()
    return link, codes


def _posted_codes(session: Session, link: Link) -> list[str]:
    """The codes posted back by the one-off codes page, each checked against its hash."""
    codes = list(dict.fromkeys(
        normalise_letter_code(c) for c in request.form.getlist("code") if c.strip()))
    if not codes or len(codes) > MAX_LETTER_CODES:
        abort(400)
    key = current_app.config["SECRET_KEY"]
    hashes = [letter_code_hash(c, key) for c in codes]
    known = set(session.scalars(
        select(LinkCode.code_hash).where(LinkCode.link_id == link.id,
                                         LinkCode.code_hash.in_(hashes))
    ))
    if len(known) != len(hashes):
        abort(400, "Some of these codes do not belong to this link.")
    return codes


def _letter_languages(link: Link) -> tuple[list[str], dict, str | None]:
    """The questionnaire's languages, the ways its letter can be printed (see
    letter_choices) and the one shown first: its source language, or the first with words."""
    definition = link.survey_version.definition
    source = definition.get("source_language") or "en"
    languages = list(definition.get("languages") or [source])
    choices = letter_choices(languages, letter_words())
    return languages, choices, source if source in choices else next(iter(choices), None)


def _letter(link: Link, codes: list[str | None]) -> dict:
    """Everything the printed letter says, worked out from the link and its questionnaire,
    in the language chosen on the letter page (``lang``: 'ar', or 'en+ar' for English and
    Arabic on one sheet)."""
    definition = link.survey_version.definition
    description = definition.get("description") or {}
    if not isinstance(description, dict):
        description = {definition.get("source_language") or "en": description}
    languages, choices, default = _letter_languages(link)
    # 'en+ar' typed into an address arrives as 'en ar' ('+' is a space in a query)
    chosen = (request.values.get("lang") or "").strip().replace(" ", "+") or default
    if chosen is not None and chosen not in choices:
        abort(404)
    url = _link_url(link)
    return {
        "link": link,
        "link_url": url,
        "link_address": without_scheme(url),
        "qr": qr_svg(url, f"QR code that opens {without_scheme(url)}"),
        "codes": codes,
        "minutes": definition.get("estimated_minutes"),
        "descriptions": description,
        "languages": languages,
        "texts": choices.get(chosen, ()),
        "chosen": chosen,
        "choices": {key: choice_label(texts) for key, texts in choices.items()},
        "without_words": [ENGLISH_NAMES.get(c, c) for c in languages
                          if c not in letter_words()],
        "open_until": link.closes_on or link.wave.ends_on,
        "school_name": link.school.name if link.school else None,
    }
