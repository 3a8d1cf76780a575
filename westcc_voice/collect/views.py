"""Respondent pages: join a class session or open a link, then the start (assent) page.

Every page here is sent with ``Cache-Control: no-store`` and ``Referrer-Policy:
no-referrer``, so Back, refresh and history never show a previous child's answers and a
link's token never leaks to another site. The survey pages themselves are in
``pages.py``, the JSON endpoint in ``api.py``, withdrawal in ``withdraw.py``.
"""

from __future__ import annotations

import datetime as dt

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeSerializer

from .. import attempts, logging_filters
from ..db import db_session
from ..definitions.text import LANGUAGE_NAMES, direction
from ..staff.codes import has_never_used_characters, normalise_join_code
from . import context, drafts, language, widgets
from .context import ContextRefused, RespondentContext

bp = Blueprint("collect", __name__)

#: Where a class tablet goes back to after each pupil (the join code; not the child's).
KIOSK_KEY = "kiosk"
#: Whose words Help uses once the survey is gone (stopped, sent, or cleared when idle):
#: the audience or age band of the survey last started in this browser, and nothing else.
#: The next child on a shared tablet learns only what its start page says anyway.
READER_KEY = "reader"
READERS = ("young", "middle", "older", "parent", "community")
#: A signed, long-lived cookie listing link ids this browser has answered: no identity.
ANSWERED_COOKIE = "westcc_answered"
ANSWERED_MAX_AGE = 180 * 24 * 3600


@bp.record_once
def _on_register(state) -> None:
    logging_filters.install()


@bp.before_request
def _before() -> None:
    # The JSON API names its language in the body and shows no page.
    if request.endpoint != "collect.api_submit":
        language.remember_choice()


#: Where a code is typed or carried: wrong ones are counted, and too many get a wait.
_CODE_DOORS = {"collect.join", "collect.session_start", "collect.link_start",
               "collect.withdraw", "collect.api_submit", "collect.tablet",
               "collect.tablet_waiting"}
#: Doors whose address carries a class's join code, so a plain GET is a guess too.
_SESSION_DOORS = {"collect.session_start", "collect.tablet"}


def _is_code_attempt() -> bool:
    endpoint = request.endpoint
    if endpoint not in _CODE_DOORS:
        return False
    if request.method == "GET" and endpoint not in _SESSION_DOORS:
        return False  # an empty form, or a link whose long token cannot be guessed
    # A class tablet that joined this session keeps working for the next pupil, even
    # while others on the school's network are asked to wait.
    code = (request.view_args or {}).get("code")
    return not (endpoint in _SESSION_DOORS
                and session.get(KIOSK_KEY) == normalise_join_code(code or ""))


@bp.before_request
def _limit_wrong_codes() -> Response | None:
    if _is_code_attempt() and (wait := attempts.wait_seconds("codes")):
        return too_many(wait)
    return None


@bp.after_request
def _count_wrong_codes(response: Response) -> Response:
    # 404: no such class code, link or receipt. Wrong letter codes are counted where
    # they are checked (their page answers 400, like other mistakes).
    if response.status_code == 404 and request.endpoint in _CODE_DOORS:
        attempts.failed("codes")
    if request.endpoint in _CODE_DOORS:
        attempts.give_device_cookie(response)
    return response


@bp.after_request
def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store, max-age=0"
    response.headers["Pragma"] = "no-cache"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.vary.add("Cookie")
    return response


@bp.context_processor
def _template_helpers() -> dict:
    lang = language.current()
    return {
        "page_lang": lang,
        "page_dir": direction(lang),
        "survey_languages": _survey_languages,
        "questions_language": _questions_language,
        "language_names": LANGUAGE_NAMES,
        "text_dir": direction,
        "shown": language.shown,
        "question_template": widgets.template_for,
        "field_name": widgets.field_name,
        "seen_name": widgets.seen_name,
        "date_limit": widgets.date_limit,
        "said_date": widgets.said_date,
        "ranked_options": widgets.ranked_options,
        "help_audience": _help_audience(),
        "reader": _reader,
        "remembered_reader": remembered_reader(),
    }


def _reader(ctx: RespondentContext | None) -> str | None:
    """Whose words a page uses (young, middle, older, parent, community; None before a
    survey is known): an older pupil is not told to talk to "a grown-up"."""
    return assent_level(ctx) if ctx else None


def remember_reader(ctx: RespondentContext) -> None:
    """Note whose words this survey's pages use, for the pages after it is gone."""
    session[READER_KEY] = assent_level(ctx)


def remembered_reader() -> str | None:
    """Whose words the survey last started here used; None on the join page, which
    speaks to any age (the tablet may be passing to another class)."""
    if request.endpoint == "collect.join":
        return None
    found = session.get(READER_KEY)
    return found if found in READERS else None


def _definition(ctx: RespondentContext | None) -> dict | None:
    return ctx.survey.definition if ctx else None


def _survey_languages(ctx: RespondentContext | None) -> list[tuple[str, str]]:
    """The language menu of a page: its survey's languages once there is a survey."""
    codes = language.offered_for(_definition(ctx), language.current())
    return [(code, LANGUAGE_NAMES[code]) for code in codes]


def _questions_language(ctx: RespondentContext | None) -> str:
    """The language the page's survey questions are in (the page language with no survey)."""
    page_lang = language.current()
    definition = _definition(ctx)
    return page_lang if definition is None else language.question_language(definition, page_lang)


def _help_audience() -> str:
    """Children's help on class tablets and the join page; adults' help on links."""
    if session.get(KIOSK_KEY) or request.endpoint in ("collect.join", "collect.session_start"):
        return "pupil"
    if request.endpoint == "collect.link_start":
        return "adult"
    draft = drafts.load()
    return "adult" if draft is not None and draft.kind == "link" else "pupil"


# --- helpers shared by the respondent pages ----------------------------------------------


def refused(reason: str, on: dt.date | None = None, kind: str = "session") -> Response:
    """A friendly page for an unknown, closed or not-yet-open session or link (or
    answers withdrawn already)."""
    status = {"unknown": 404, "closed": 410, "not_open": 403, "letter_code_used": 409,
              "withdrawn": 410}
    body = render_template("collect/refused.html", reason=reason, on=on, kind=kind)
    return make_response(body, status.get(reason, 400))


def too_many(wait: int) -> Response:
    """Asked to wait after too many wrong codes from this network address."""
    if request.endpoint in ("collect.api_submit", "collect.tablet_waiting"):
        response = jsonify(errors=[{
            "field": "(request)",
            "message": f"too many wrong codes from this network; try again in {wait} s"}])
        response.status_code = 429
    else:
        kind = "link" if request.endpoint == "collect.link_start" else "session"
        body = render_template("collect/refused.html", reason="too_many", kind=kind)
        response = make_response(body, 429)
    response.headers["Retry-After"] = str(wait)
    return response


def start_url() -> str:
    """Where 'start again' goes: the class session's start on a class tablet, else home."""
    code = session.get(KIOSK_KEY)
    if code:
        return url_for("collect.session_start", code=code)
    draft = drafts.load()
    if draft and draft.kind == "link":
        return url_for("collect.link_start", token=draft.key)
    return url_for("web.home")


def assent_level(ctx: RespondentContext) -> str:
    """Which words to use: young (5-7), middle (8-11), older (12+), parent or community."""
    if ctx.audience != "pupil":
        return ctx.audience
    year = ctx.year_group if ctx.year_group is not None else 7
    if year <= 2:
        return "young"
    return "middle" if year <= 6 else "older"


def answered_links() -> set[int]:
    raw = request.cookies.get(ANSWERED_COOKIE)
    if not raw:
        return set()
    try:
        ids = _answered_serializer().loads(raw)
    except BadSignature:
        return set()
    return {i for i in ids if isinstance(i, int)} if isinstance(ids, list) else set()


def remember_answered(response: Response, link_id: int) -> None:
    ids = sorted(answered_links() | {link_id})[-50:]
    response.set_cookie(ANSWERED_COOKIE, _answered_serializer().dumps(ids),
                        max_age=ANSWERED_MAX_AGE, httponly=True, samesite="Lax",
                        secure=request.is_secure)


def _answered_serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt="westcc-answered-links")


def first_page_url(ctx: RespondentContext, draft: drafts.Draft) -> str:
    from .flow import page_numbers

    numbers = page_numbers(ctx.survey.definition, draft.answers) or [1]
    return url_for("collect.page", number=numbers[0])


# --- class sessions ------------------------------------------------------------------------


@bp.route("/join", methods=["GET", "POST"])
def join():
    typed = request.form.get("code", "") if request.method == "POST" else ""
    error = teacher_hint = None
    status = 200
    if request.method == "POST":
        code = normalise_join_code(typed)
        try:
            ctx = context.for_join_code(db_session(), code)
        except ContextRefused as exc:
            if exc.reason == "unknown":
                # The child reads (or hears) a short, kind sentence; the teacher who types
                # the code for a young class opens the precise hint.
                error = _("That code did not work. Ask your teacher to help.")
                teacher_hint = _("We could not find a class with that code. Check it with "
                                 "your teacher and try again.")
                if has_never_used_characters(typed):
                    teacher_hint += " " + _("Codes never use the letters O, I, L, S, Z, B, A, "
                                            "E, U, G or Q, or the numbers 0, 1, 2, 5 or 8.")
                status = 404 if code else 400
            else:
                return refused(exc.reason, exc.on)
        else:
            return redirect(url_for("collect.session_start", code=ctx.key))
    return make_response(render_template("collect/join.html", typed=typed, error=error,
                                         teacher_hint=teacher_hint), status)


@bp.route("/join/<code>", methods=["GET", "POST"])
def session_start(code: str):
    try:
        ctx = context.for_join_code(db_session(), code)
    except ContextRefused as exc:
        if session.get(KIOSK_KEY) == normalise_join_code(code):
            session.pop(KIOSK_KEY)
        return refused(exc.reason, exc.on)
    if ctx.key != code:
        return redirect(url_for("collect.session_start", code=ctx.key))
    if session.get(KIOSK_KEY) != ctx.key:  # a tablet arriving: its school can lift its blocks
        attempts.note_school(ctx.school_id)
    session[KIOSK_KEY] = ctx.key
    if request.method == "POST":
        drafts.clear()
        if request.form.get("action") == "decline":
            return render_template("collect/declined.html", ctx=ctx,
                                   return_url=url_for("collect.session_start", code=ctx.key))
        draft = drafts.Draft(kind="session", key=ctx.key)
        drafts.save(draft)
        remember_reader(ctx)
        return redirect(first_page_url(ctx, draft))
    return render_template("collect/start_session.html", ctx=ctx, level=assent_level(ctx))


# --- parent and community links ------------------------------------------------------------


@bp.route("/s/<token>", methods=["GET", "POST"])
def link_start(token: str):
    try:
        ctx = context.for_link_token(db_session(), token)
    except ContextRefused as exc:
        return refused(exc.reason, exc.on, kind="link")
    session.pop(KIOSK_KEY, None)
    already = ctx.link_id in answered_links()
    typed = request.form.get("letter_code", "")
    error = None
    if request.method == "POST":
        code_id = None
        if ctx.single_use_codes:
            code_id, problem = context.find_letter_code(
                db_session(), ctx.link_id, typed, current_app.secret_key
            )
            if problem == "used":
                return refused("letter_code_used", kind="link")
            if code_id is None:
                attempts.failed("codes")
                error = _("We could not find that code. Please check it against your letter "
                          "and type it again.")
        if error is None:
            drafts.clear()
            draft = drafts.Draft(kind="link", key=ctx.key, letter_code_id=code_id)
            drafts.save(draft)
            remember_reader(ctx)
            return redirect(first_page_url(ctx, draft))
    body = render_template("collect/start_link.html", ctx=ctx, level=assent_level(ctx),
                           already=already, typed=typed, error=error)
    return make_response(body, 400 if error else 200)


# --- help --------------------------------------------------------------------------------


@bp.get("/help")
def help_page():
    draft = drafts.load()
    back = None
    if draft is not None:
        # "More help" on a survey page saved that page and names it: back goes there.
        back = url_for("collect.page", number=request.args.get("back", 1, type=int) or 1)
    # With no survey under way, a class tablet still knows its class, so its words; after
    # a link's survey, the words of the survey last started here (a parent stays an adult).
    ctx = (survey_of(draft.kind, draft.key) if draft
           else survey_of("session", session.get(KIOSK_KEY)))
    level = assent_level(ctx) if ctx else remembered_reader()
    adult = level in ("parent", "community") or (draft is not None and draft.kind == "link")
    return render_template("collect/help.html", back=back, audience="adult" if adult else "pupil",
                           ctx=ctx)


def survey_of(kind: str | None, key: str | None) -> RespondentContext | None:
    """The survey a respondent is in or has just sent, so its pages offer its languages."""
    if not kind or not key:
        return None
    try:
        return context.resolve(db_session(), kind, key, grace=True)
    except ContextRefused:
        return None


def ensure_draft() -> drafts.Draft:
    draft = drafts.load()
    if draft is None:
        abort(redirect(start_url()))
    return draft


from . import api, idle, offline, pages, waiting, withdraw  # noqa: E402,F401  (they add their routes to bp)
