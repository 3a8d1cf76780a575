"""Offline class tablets: a service worker, the whole survey in one document, a probe.

A class tablet answers through the ordinary pages while the network is there. When it
joins a session, ``static/js/offline.js`` registers a service worker
(``/offline-sw.js``, scope ``/join/``) that keeps the site's scripts and styles and the
session's *tablet document* (``/join/<code>/tablet``): every page of the survey, the
start, stop and thanks screens, rendered by the server with the same question templates.
When a page cannot be sent (``/api/online`` does not answer), the tablet moves to that
document with the answers given so far, and the pupil carries on there. Finished
answers wait in IndexedDB under their submission UUID and go to ``POST
/api/submissions``, the same intake as every other answer, when the network returns.

The server compiles everything the document needs to stay within what intake accepts:
``show_if`` trees (the parsed form ``definitions/expressions.py`` makes), each answer's
limits (:func:`answer_check`), and the questionnaire's rules for the extra help screen
(``help_if`` and ``low_if`` trees, from ``wellbeing.help_rules``).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from flask import Response, make_response, render_template, request, session, url_for
from flask_babel import gettext as _

from ..db import db_session
from ..definitions.question_types import AnswerError
from . import context, drafts, flow, idle, language, widgets
from .context import SUBMIT_GRACE, ContextRefused
from .pages import KIOSK_HELP_RETURN_SECONDS, KIOSK_RETURN_SECONDS, _friendly_error
from .views import KIOSK_KEY, assent_level, bp, refused
from .wellbeing import help_rules

#: Kept by the service worker so the tablet document works with no network at all.
ASSETS = ("css/site.css", "css/survey.css", "js/survey.js", "js/readaloud.js",
          "js/offline.js", "js/tablet.js")
SCOPE = "/join/"
_STATIC = Path(__file__).resolve().parent.parent / "static"


def answer_check(q: dict[str, Any]) -> dict[str, Any]:
    """The limits of one answer, as plain data the tablet document checks before queueing.

    Choice answers need none (only the options are on the page). The tablet is stricter
    than intake where they differ (it reads only plain digits as numbers), never looser.
    """
    check: dict[str, Any] = {}
    if q.get("required"):
        check["required"] = True
    if q.get("kind") == "numeric":
        check.update(number=True, integer=bool(q.get("integer", True)))
        check.update({end: q[end] for end in ("min", "max") if end in q})
    if q.get("kind") == "text":
        check["max_length"] = q.get("max_length", 200)
    if q.get("pattern"):
        check["pattern"] = q["pattern"]
    if q.get("kind") == "date":
        check.update(date_min=widgets.date_limit(q.get("min")),
                     date_max=widgets.date_limit(q.get("max")))
    for field in ("max_choices", "min_choices"):
        if q.get(field):
            check[field] = q[field]
    if q.get("type") == "ranking":  # a ranking's list is checked like a list of choices
        check.update(min_choices=q.get("min_ranked"), max_choices=q.get("max_ranked"))
    alone = [o["value"] for o in q.get("options") or [] if o.get("exclusive")]
    if alone:
        check["exclusive"] = alone
    return check


def _error_words(q: dict[str, Any]) -> str:
    return _friendly_error(q, AnswerError("", "pattern" if q.get("pattern") else ""))


def service_worker_source() -> str:
    """The service worker, told which files to keep and a version that changes with them."""
    files = [_STATIC / name for name in ASSETS] + [_STATIC / "js" / "offline-sw.js"]
    version = hashlib.sha256(b"".join(p.read_bytes() for p in files)).hexdigest()[:16]
    assets = [url_for("static", filename=name) for name in ASSETS]
    head = (f"var VERSION = {version!r};\nvar ASSETS = {assets!r};\n"
            f"var SCOPE = {SCOPE!r};\n")
    return head + (_STATIC / "js" / "offline-sw.js").read_text("utf-8")


@bp.get("/offline-sw.js")
def service_worker() -> Response:
    response = make_response(service_worker_source())
    response.mimetype = "text/javascript"
    response.headers["Service-Worker-Allowed"] = SCOPE
    return response


@bp.get("/api/online")
def online() -> Response:
    """Answers at once: pages ask it before they post, to know whether the post can go."""
    return make_response("", 204)


@bp.get("/join/<code>/tablet")
def tablet(code: str) -> Response:
    """The whole survey of a class session in one document, for a tablet without network."""
    try:
        ctx = context.for_join_code(db_session(), code)
    except ContextRefused as exc:
        return refused(exc.reason, exc.on)
    definition = ctx.survey.definition
    pages = []
    for number, page in enumerate(definition["pages"], start=1):
        items = [{"q": q, "visible": flow.is_shown(q, {}), "error": None,
                  "hidden_options": flow.hidden_options(q, {}),
                  "check": answer_check(q), "error_words": _error_words(q)}
                 for q in page["questions"]]
        answerable = sum(1 for item in items if flow.is_answerable(item["q"]))
        pages.append({"number": number, "page": page, "items": items,
                      "answerable": answerable})
    body = render_template(
        "collect/tablet.html", ctx=ctx, definition=definition, pages=pages,
        level=assent_level(ctx), qlang=language.question_language(definition,
                                                                  language.current()),
        values={}, audience=ctx.audience, help_rules=help_rules(definition),
        seconds=KIOSK_RETURN_SECONDS,
        help_seconds=KIOSK_HELP_RETURN_SECONDS,
        idle=_idle_in_document(ctx.key),
        return_url=url_for("collect.session_start", code=ctx.key),
    )
    return make_response(body)


def _idle_in_document(code: str) -> dict[str, Any] | None:
    """The idle check of the tablet document: it clears in the browser, back to the start."""
    settings = idle.settings()
    if settings is None:
        return None
    return settings | {"url": None, "return_url": url_for("collect.session_start", code=code)}


@bp.context_processor
def _offline_helpers() -> dict[str, Any]:
    """What offline.js needs on every respondent page (as JSON), and on a class tablet's
    survey pages the answers so far (``carry``)."""
    config: dict[str, Any] = {
        "api_url": url_for("collect.api_submit"),
        "probe_url": url_for("collect.online"),
        "waiting_url": url_for("collect.tablet_waiting"),
    }
    code = session.get(KIOSK_KEY)
    config["words"] = {"no_network": _(
        "The internet is not working on this tablet just now, so this page has not gone yet. "
        "Your answers are still here: press the button again in a moment.") if code else _(
        "You are not connected to the internet just now, so this page was not sent. Your "
        "answers are still here: press the button again when you are back online.")}
    if code:
        config.update(
            code=code, scope=SCOPE, sw_url=url_for("collect.service_worker"),
            doc_url=url_for("collect.tablet", code=code),
            keep_document=request.endpoint == "collect.session_start",
        )
    return {"offline_config": config, "carry": _carry, "tablet_code": code,
            "grace_minutes": int(SUBMIT_GRACE.total_seconds() // 60)}


def _carry(definition: dict[str, Any]) -> dict[str, Any] | None:
    """The answers given so far, as form fields, so a page can move them to the tablet
    document when it cannot be sent. Only this pupil's own page ever holds them."""
    if request.endpoint not in ("collect.page", "collect.stop"):
        return None
    draft = drafts.load()
    if draft is None or draft.kind != "session":
        return None
    answerable = [q for q in flow.questions(definition) if flow.is_answerable(q)]
    fields = {name: sorted(value) if isinstance(value, set) else [value]
              for name, value in widgets.encode(answerable, draft.answers).items()}
    return {"submission_id": draft.submission_id, "fields": fields}
