"""The survey itself: one page of the definition at a time, then send, thanks, stop.

Without JavaScript every step is a plain form post followed by a redirect
(POST-redirect-GET). Answers live in the draft (see drafts.py) until the respondent
sends them; sending runs the intake pipeline, clears the draft and shows the thanks
page once. ``show_if`` is applied in the browser by survey.js and enforced here: a
question, or an option, revealed by an answer on the same page is shown (the page comes
back, answers kept, with a note) before moving on when the browser could not show it (no
JavaScript), and an answer to a hidden question is refused with a 400 naming it.
"""

from __future__ import annotations

from typing import Any

from flask import (
    Response,
    abort,
    current_app,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError

from ..db import db_session
from ..definitions import question_types
from ..definitions.question_types import AnswerError
from . import context, drafts, flow, intake, language, widgets
from .context import ContextRefused, RespondentContext
from .views import (
    KIOSK_KEY,
    answered_links,
    assent_level,
    bp,
    ensure_draft,
    refused,
    remember_answered,
    start_url,
    survey_of,
)
from .wellbeing import needs_extra_help

DONE_KEY = "done"
#: Seconds before a class tablet goes back to the start for the next pupil.
KIOSK_RETURN_SECONDS = 15
#: ... and from the extra help screen, which needs time to read.
KIOSK_HELP_RETURN_SECONDS = 60


def _friendly_error(q: dict[str, Any], exc: AnswerError) -> str:
    """What a respondent is told; the technical detail goes to the JSON API instead."""
    kind = q.get("kind")
    if kind == "numeric":
        low, high = q.get("min"), q.get("max")
        if low is not None and high is not None:
            return _("Please type a number from %(low)s to %(high)s.", low=low, high=high)
        return _("Please type a number.")
    if kind == "date":
        return _named(q, _("Please give a date from %(low)s to %(high)s.",
                           low=widgets.said_date(q.get("min")),
                           high=widgets.said_date(q.get("max"))))
    if kind == "text" and q.get("pattern") and (
            exc.reason == "pattern" or str(exc).startswith("does not fit the pattern")):
        return _named(q, q["pattern_message"])
    if kind == "text":
        return _("This answer is too long: please keep it under %(n)s letters.",
                 n=q.get("max_length", 200))
    if exc.reason == "exclusive":
        return _("“%(answer)s” cannot be chosen with other answers.",
                 answer=language.shown(exc.detail["label"], language.current()).text)
    if exc.reason == "rank_same":
        return _("Please give each one a different place.")
    if exc.reason == "rank_min":
        return _("Please choose at least %(n)s.", n=exc.detail["n"])
    if exc.reason == "rank_max":
        return _("Please choose no more than %(n)s.", n=exc.detail["n"])
    if exc.reason == "max_choices":
        return _("Please choose no more than %(n)s.", n=exc.detail["n"])
    if exc.reason == "min_choices":
        return _("Please choose at least %(n)s.", n=exc.detail["n"])
    return _("Please choose one of the answers shown.")


def _named(q: dict[str, Any], words: dict[str, str] | str) -> str:
    """A message that names its question, in the words the respondent reads it in (the
    list at the top of the page and the send page show it apart from the question)."""
    lang = language.current()
    text = language.shown(q["text"], lang).text
    said = language.shown(words, lang).text if isinstance(words, dict) else words
    return f"“{text}” {said}"


def missing_required(questions: list[dict], answers: dict[str, Any],
                     errors: dict[str, str]) -> dict[str, str]:
    """Required questions on this page, shown and left unanswered: said on the page itself,
    before going on (only adults' questions can be required)."""
    return {q["id"]: _("Please answer this question to go on.")
            for q in questions
            if q.get("required") and q["id"] not in answers and q["id"] not in errors
            and flow.is_shown(q, answers)}


def _hidden_error() -> str:
    return _("This question was not shown, so it cannot be answered.")


def _context(draft: drafts.Draft) -> RespondentContext:
    try:
        return context.resolve(db_session(), draft.kind, draft.key, grace=True)
    except ContextRefused as exc:
        drafts.clear()
        abort(refused(exc.reason, exc.on, kind=draft.kind))


def _page_questions(definition: dict, number: int) -> list[dict]:
    return list(definition["pages"][number - 1]["questions"])


def merge_page(definition: dict, answers: dict[str, Any], questions: list[dict],
               raw: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Answers with this page's replaced by the posted ones; errors by question id."""
    ids = {q["id"] for q in questions}
    merged = {k: v for k, v in answers.items() if k not in ids}
    errors: dict[str, str] = {}
    for q in questions:
        value = raw.get(q["id"])
        if value is None or value == "" or value == [] or value == {}:
            continue
        if not flow.is_shown(q, merged):
            errors[q["id"]] = _hidden_error()
            continue
        try:
            clean = question_types.get(q["type"]).check_answer(q, value)
        except AnswerError as exc:
            errors[q["id"]] = _friendly_error(q, exc)
            continue
        if flow.unoffered_choice(q, clean, merged) is not None:
            errors[q["id"]] = _("Please choose one of the answers shown.")
            continue
        if clean not in (None, "", [], {}):
            merged[q["id"]] = clean
    return merged, errors


def render_page(ctx: RespondentContext, draft: drafts.Draft, number: int, *,
                posted: dict[str, Any] | None = None, errors: dict[str, str] | None = None,
                message: str | None = None, focus: str | None = None,
                status: int = 200) -> Response:
    definition = ctx.survey.definition
    page = definition["pages"][number - 1]
    page_qs = _page_questions(definition, number)
    answerable = [q for q in page_qs if flow.is_answerable(q)]
    conditions = draft.answers
    values = widgets.encode(answerable, draft.answers)
    if posted is not None:
        conditions, _errors = merge_page(definition, draft.answers, answerable, posted)
        values = widgets.encode(answerable, posted)
    numbers = flow.page_numbers(definition, conditions) or [number]
    position = numbers.index(number) + 1 if number in numbers else 1
    page_ids = {q["id"] for q in page_qs}
    referenced = {ref for q in page_qs if q.get("show_if_tree")
                  for ref in _references(q["show_if_tree"]) if ref not in page_ids}
    items = [
        {"q": q, "visible": flow.is_shown(q, conditions), "error": (errors or {}).get(q["id"]),
         "hidden_options": flow.hidden_options(q, conditions)}
        for q in page_qs
    ]
    page_lang = language.current()
    body = render_template(
        "collect/page.html",
        ctx=ctx,
        definition=definition,
        page=page,
        number=number,
        items=items,
        values=values,
        errors=errors or {},
        message=message,
        focus=focus,
        position=position,
        total=len(numbers),
        is_first=flow.neighbour(definition, conditions, number, -1) is None,
        is_last=flow.neighbour(definition, conditions, number, +1) is None,
        qlang=language.question_language(definition, page_lang),
        earlier_answers={ref: conditions[ref] for ref in referenced if ref in conditions},
        audience=ctx.audience,
    )
    return make_response(body, status)


def _references(tree: list) -> list[str]:
    from ..definitions.expressions import references

    return references(tree)


@bp.route("/survey/<int:number>", methods=["GET", "POST"])
def page(number: int):
    draft = ensure_draft()
    ctx = _context(draft)
    definition = ctx.survey.definition
    if not 1 <= number <= len(definition["pages"]):
        return redirect(url_for("collect.page", number=1))
    if request.method == "POST":
        return _post_page(ctx, draft, number)
    numbers = flow.page_numbers(definition, draft.answers)
    if number not in numbers:
        later = [n for n in numbers if n > number]
        target = later[0] if later else (numbers[-1] if numbers else 1)
        return redirect(url_for("collect.page", number=target))
    return render_page(ctx, draft, number)


def _post_page(ctx: RespondentContext, draft: drafts.Draft, number: int) -> Response:
    definition = ctx.survey.definition
    form = request.form
    action = form.get("action", "next")
    page_qs = [q for q in _page_questions(definition, number) if flow.is_answerable(q)]
    unknown = widgets.posted_unknown(form, page_qs)
    if unknown:
        errors = {name: _("There is no question “%(name)s” on this page.", name=name)
                  for name in unknown}
        return render_page(ctx, draft, number, errors=errors, status=400)
    page_ids = {q["id"] for q in page_qs}
    if action == "skip":
        kept = {k: v for k, v in draft.answers.items() if k not in page_ids}
        draft.answers = flow.prune_hidden(definition, kept)
        drafts.save(draft)
        return _go(ctx, draft, number, +1)
    raw = widgets.decode(page_qs, form)
    merged, errors = merge_page(definition, draft.answers, page_qs, raw)
    keeps_going = action not in ("back", "stop", "help") and "lang" not in form
    if keeps_going:
        errors.update(missing_required(page_qs, merged, errors))
    if errors and keeps_going:
        return render_page(ctx, draft, number, posted=raw, errors=errors, status=400)
    draft.answers = flow.prune_hidden(definition, merged)
    drafts.save(draft)
    if "lang" in form:
        return redirect(url_for("collect.page", number=number))
    if action == "back":
        return _go(ctx, draft, number, -1)
    if action == "stop":
        return redirect(url_for("collect.stop", page=number))
    if action == "help":
        return redirect(url_for("collect.help_page", back=number))
    appeared = _appeared(definition, number, draft.answers, set(form.getlist("seen")))
    if appeared:
        # Without the script, what an answer on this page reveals is drawn only now: the
        # page comes back with every answer kept, and moves on once it has been seen.
        qid, whole_question = appeared
        return render_page(ctx, draft, number, focus=qid,
                           message=_appeared_message(whole_question, last=flow.neighbour(
                               definition, draft.answers, number, +1) is None))
    return _go(ctx, draft, number, +1)


def _appeared_message(whole_question: bool, *, last: bool) -> str:
    """What to do once something has appeared, naming the button the page shows."""
    if last:
        return _("Another question has appeared on this page. Please look at it, then press "
                 "Send my answers again.") if whole_question else _(
            "Another answer has appeared on this page. Please look at it, then press "
            "Send my answers again.")
    return _("Another question has appeared on this page. Please look at it, then press "
             "Next again.") if whole_question else _(
        "Another answer has appeared on this page. Please look at it, then press "
        "Next again.")


def _appeared(definition: dict[str, Any], number: int, answers: dict[str, Any],
              seen: set[str]) -> tuple[str, bool] | None:
    """The first conditional question on the page shown now but not when the page was
    drawn, as (id, True); else the first question with such an option, as (id, False).
    An option chosen was seen, whatever the form says."""
    shown = [q for q in _page_questions(definition, number) if flow.is_shown(q, answers)]
    for q in shown:
        if q.get("show_if_tree") and widgets.seen_name(q["id"]) not in seen:
            return q["id"], True
    for q in shown:
        chosen = answers.get(q["id"])
        chosen = chosen if isinstance(chosen, list) else [chosen]
        if any(widgets.seen_name(q["id"], value) not in seen and value not in chosen
               for value in flow.offered_conditional_options(q, answers)):
            return q["id"], False
    return None


def _go(ctx: RespondentContext, draft: drafts.Draft, number: int, step: int) -> Response:
    target = flow.neighbour(ctx.survey.definition, draft.answers, number, step)
    if target is None:
        return submit(ctx, draft) if step > 0 else redirect(url_for("collect.page",
                                                                   number=number))
    return redirect(url_for("collect.page", number=target))


def submit(ctx: RespondentContext, draft: drafts.Draft, *, finished: bool = True) -> Response:
    """Run intake on the draft; on success clear it and show the thanks page (PRG)."""
    definition = ctx.survey.definition
    db = db_session()
    sub = ctx.submission(
        draft.submission_id, dict(draft.answers),
        language.question_language(definition, language.current()),
        letter_code_id=draft.letter_code_id, finished=finished,
    )
    env = intake.IntakeEnv(db, definition, current_app.secret_key)
    try:
        result = intake.run(sub, env)
    except intake.IntakeError as exc:
        return make_response(_problem_page(ctx, definition, draft.answers, exc.errors), 400)
    except intake.IntakeRefused as exc:
        drafts.clear()
        return refused(exc.reason, kind=ctx.kind)
    db.commit()
    drafts.clear()
    answers = result.record["answers"] if result.record else {}
    session[DONE_KEY] = {
        "receipt": result.receipt,
        "low": needs_extra_help(definition, answers),
        "audience": ctx.audience,
        "link": ctx.kind == "link" and ctx.key or None,
        "lang": language.current(),
    }
    if ctx.is_class:
        language.forget()
    response = redirect(url_for("collect.thanks"))
    if ctx.link_id is not None:
        remember_answered(response, ctx.link_id)
    return response


def _problem_page(ctx: RespondentContext, definition: dict, answers: dict[str, Any],
                  errors: list) -> str:
    """What could not be sent, in the respondent's words and language, each linked to
    the page that asks it (the technical detail is for the JSON API)."""
    where = {q["id"]: (number, q) for number, page in enumerate(definition["pages"], 1)
             for q in page["questions"]}
    items = []
    for error in errors:
        number, q = where.get(error.field, (None, None))
        if q is None:
            message = _("Please check your answers.")
        elif error.message == "needs an answer":
            message = _("Please answer this question.")
        else:
            message = _friendly_error(q, AnswerError(error.message))
        items.append({"q": q, "message": message,
                      "url": url_for("collect.page", number=number) if number else None})
    first = next((i["url"] for i in items if i["url"]), url_for("collect.page", number=1))
    return render_template("collect/problem.html", ctx=ctx, items=items, back_url=first)


@bp.get("/survey/thanks")
def thanks():
    done = session.pop(DONE_KEY, None)
    kiosk = session.get(KIOSK_KEY)
    language.keep_for_this_page((done or {}).get("lang"))
    if done is None and kiosk:
        return redirect(url_for("collect.session_start", code=kiosk))
    low = bool(done and done.get("low"))
    return_url = url_for("collect.session_start", code=kiosk) if kiosk else None
    seconds = KIOSK_HELP_RETURN_SECONDS if low else KIOSK_RETURN_SECONDS
    audience = (done or {}).get("audience", "pupil" if kiosk else "parent")
    link = (done or {}).get("link")
    ctx = survey_of("link", link) if link else survey_of("session", kiosk)
    return render_template("collect/thanks.html", receipt=(done or {}).get("receipt"), low=low,
                           return_url=return_url, seconds=seconds, audience=audience, ctx=ctx)


@bp.route("/survey/stop", methods=["GET", "POST"])
def stop():
    draft = ensure_draft()
    ctx = _context(draft)
    number = request.args.get("page", type=int) or 1
    back_url = url_for("collect.page", number=number)
    if request.method == "POST":
        action = request.form.get("action")
        if action == "send" and draft.answers:
            return submit(ctx, draft, finished=False)
        if action in ("send", "discard"):
            drafts.clear()
            if ctx.is_class:
                language.forget()
            return render_template("collect/stopped.html", return_url=start_url(), ctx=ctx,
                                   kiosk=ctx.is_class, seconds=KIOSK_RETURN_SECONDS)
        return redirect(back_url)
    return render_template("collect/stop.html", ctx=ctx, back_url=back_url,
                           has_answers=bool(draft.answers))


@bp.errorhandler(drafts.DraftsUnavailable)
def drafts_unavailable(error: drafts.DraftsUnavailable):
    """The draft's store is out of reach: keep what was just posted in the page, to send
    again in a moment, and start nobody afresh."""
    fields = [(name, value) for name, value in request.form.items(multi=True)
              if name != "csrf_token"] if request.method == "POST" else []
    body = render_template("collect/unavailable.html", action=request.full_path.rstrip("?"),
                           fields=fields)
    response = make_response(body, 503)
    response.headers["Retry-After"] = "30"
    return response


@bp.errorhandler(CSRFError)
def csrf_expired(error: CSRFError):
    """An expired or missing CSRF token: show the same page again with nothing lost."""
    message = _("This page was open a long time, so we refreshed it. Your answers are still "
                "here — please press Next again.")
    endpoint = request.endpoint or ""
    if endpoint == "collect.page":
        draft = drafts.load()
        if draft is None:
            return redirect(start_url())
        ctx = _context(draft)
        number = (request.view_args or {}).get("number", 1)
        if not 1 <= number <= len(ctx.survey.definition["pages"]):
            number = 1
        page_qs = [q for q in _page_questions(ctx.survey.definition, number)
                   if flow.is_answerable(q)]
        posted = widgets.decode(page_qs, request.form)
        return render_page(ctx, draft, number, posted=posted, message=message, status=400)
    return _rerender_other(endpoint)


def _rerender_other(endpoint: str) -> Response:
    """The join, start, stop and withdraw forms again, with what was typed kept."""
    message = _("This page was open a long time, so we refreshed it. Please press the "
                "button again.")
    args = request.view_args or {}
    if endpoint == "collect.join":
        body = render_template("collect/join.html", typed=request.form.get("code", ""),
                               error=None, message=message)
    elif endpoint == "collect.session_start":
        try:
            ctx = context.for_join_code(db_session(), args.get("code", ""))
        except ContextRefused as exc:
            return refused(exc.reason, exc.on)
        body = render_template("collect/start_session.html", ctx=ctx, level=assent_level(ctx),
                               message=message)
    elif endpoint == "collect.link_start":
        try:
            ctx = context.for_link_token(db_session(), args.get("token", ""))
        except ContextRefused as exc:
            return refused(exc.reason, exc.on, kind="link")
        body = render_template("collect/start_link.html", ctx=ctx, level=assent_level(ctx),
                               already=ctx.link_id in answered_links(),
                               typed=request.form.get("letter_code", ""), error=None,
                               message=message)
    elif endpoint == "collect.stop":
        draft = ensure_draft()
        ctx = _context(draft)
        number = request.args.get("page", type=int) or 1
        body = render_template("collect/stop.html", ctx=ctx, message=message,
                               back_url=url_for("collect.page", number=number),
                               has_answers=bool(draft.answers))
    elif endpoint == "collect.withdraw":
        body = render_template("collect/withdraw.html", typed=request.form.get("receipt", ""),
                               outcome=None, message=message)
    else:
        body = render_template("collect/refused.html", reason="expired", on=None,
                               kind="session", message=message)
    return make_response(body, 400)
