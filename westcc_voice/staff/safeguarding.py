"""The safeguarding queue: answers that may be disclosures, for designated safeguarding leads.

Who reads which flag is decided in roles.py (``flag_filter``, ``may_see_flag``): a
school's DSLs read that school's flags, the partnership safeguarding lead reads flags from
links without a school, and anyone a flag was handed to reads it. The queue lists urgent
flags first, each with its severity and the reasons in plain words; a flag's own page
holds the child's words, the class context (class, year group, date; never a link to the
anonymised response), the triage notes, the outcome form and the hand-over form.

Recording an outcome closes the flag and sets the date it is deleted
(``SAFEGUARDING_RETENTION_DAYS`` later; ``flask retention run`` deletes it, notes and
alerts included). Open flags are never deleted. Every view and change is audited.
Emails (urgent flags, hand-overs, the daily digest) are in alerts.py.
"""

from __future__ import annotations

import datetime as dt

import click
from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from sqlalchemy import case, select
from sqlalchemy.orm import selectinload

from ..audit import record
from ..db import db_session
from ..models import (
    OUTCOMES,
    REFERRAL_OUTCOMES,
    SafeguardingFlag,
    SafeguardingNote,
    StaffUser,
    SurveyVersion,
    utcnow,
)
from ..notify import MailSettings
from ..safeguarding.severity import reason_severity
from ..security import public_url
from . import alerts
from .roles import FLAG_ROLES, flag_filter, may_see_flag, may_take_flag, requires
from .sessions import local_today

bp = Blueprint("staff_safeguarding", __name__, url_prefix="/staff/safeguarding",
               cli_group="safeguarding")

OUTCOME_LABELS = {
    "no_further_action": "No further action",
    "monitoring": "Monitoring in school",
    "early_help": "Early help",
    "social_care": "Referral to children's social care",
    "police": "Referral to the police",
}
SEVERITY_LABELS = {"urgent": "Urgent", "concern": "Concern"}
NOTE_MAX = 4000


@bp.after_request
def _no_store(response):
    response.headers["Cache-Control"] = "no-store, max-age=0"
    return response


@bp.after_app_request
def _send_alerts_for_committed_flags(response):
    """Email DSLs about urgent flags this request committed; never fail the request."""
    registry = current_app.extensions["westcc_db"]["session"]
    if not registry.registry.has():
        return response
    session = registry()
    flag_ids = alerts.committed_urgent_flags(session)
    if not flag_ids:
        return response
    try:
        alerts.route_orphans(session, flag_ids)
        queued = alerts.queue_urgent(session, flag_ids)
        session.commit()
        _deliver_now(session, {a.id for a in queued})
    except Exception:  # noqa: BLE001 - the answer is stored; the digest retries alerts
        session.rollback()
        current_app.logger.exception("safeguarding alerts for %d flag(s) were not sent; "
                                     "the digest will retry", len(flag_ids))
    return response


def _deliver_now(session, alert_ids: set[int]) -> None:
    settings = MailSettings.from_config(current_app.config)
    if not alert_ids or not settings.configured:
        return
    base = public_url("/")
    alerts.deliver(session, settings, base, alert_ids)
    session.commit()


def _visible():
    return select(SafeguardingFlag).where(flag_filter(current_user))


def _flag_or_404(flag_id: int) -> SafeguardingFlag:
    flag = db_session().get(SafeguardingFlag, flag_id)
    if flag is None or not may_see_flag(current_user, flag):
        abort(404)
    return flag


@bp.get("/")
@requires("review_safeguarding")
def index():
    session = db_session()
    flags = session.scalars(
        _visible()
        .options(selectinload(SafeguardingFlag.class_session),
                 selectinload(SafeguardingFlag.school),
                 selectinload(SafeguardingFlag.assigned_to))
        .order_by(case((SafeguardingFlag.status == "open", 0), else_=1),
                  case((SafeguardingFlag.severity == "urgent", 0), else_=1),
                  SafeguardingFlag.flagged_on, SafeguardingFlag.id)
    ).all()
    open_flags = [f for f in flags if f.status == "open"]
    done_flags = sorted((f for f in flags if f.status != "open"),
                        key=lambda f: (f.reviewed_at or dt.datetime.min), reverse=True)
    record(session, current_user, "safeguarding.queue_viewed",
           flags=[f.id for f in open_flags])
    session.commit()
    return render_template(
        "staff/safeguarding/index.html",
        open_flags=open_flags, done_flags=done_flags,
        urgent_count=sum(f.severity == "urgent" for f in open_flags),
        questions=_question_texts(session, {f.survey_version_id for f in flags}),
        reasons={f.id: _reasons(f.reasons) for f in open_flags},
        severities=SEVERITY_LABELS, outcomes=OUTCOME_LABELS,
        retention_days=current_app.config["SAFEGUARDING_RETENTION_DAYS"],
        email_off=not MailSettings.from_config(current_app.config).configured,
    )


@bp.get("/<int:flag_id>")
@requires("review_safeguarding")
def show(flag_id: int):
    flag = _flag_or_404(flag_id)
    session = db_session()
    record(session, current_user, "safeguarding.flag_viewed", target=f"flag:{flag.id}")
    session.commit()
    return _flag_page(flag)


def _flag_page(flag: SafeguardingFlag, errors: dict[str, str] | None = None,
               values: dict[str, str] | None = None, status: int = 200):
    session = db_session()
    notes = session.scalars(select(SafeguardingNote).where(SafeguardingNote.flag_id == flag.id)
                            .options(selectinload(SafeguardingNote.author))
                            .order_by(SafeguardingNote.written_at, SafeguardingNote.id)).all()
    questions = _question_texts(session, {flag.survey_version_id})
    return render_template(
        "staff/safeguarding/flag.html",
        flag=flag, notes=notes, reasons=_reasons(flag.reasons),
        question=questions.get((flag.survey_version_id, flag.question_id), flag.question_id),
        severities=SEVERITY_LABELS, outcomes=OUTCOME_LABELS,
        candidates=_handover_candidates(session, flag),
        reviewer=session.get(StaffUser, flag.reviewed_by_id) if flag.reviewed_by_id else None,
        retention_days=current_app.config["SAFEGUARDING_RETENTION_DAYS"],
        errors=errors or {}, values=values or {}, note_max=NOTE_MAX,
    ), status


@bp.post("/<int:flag_id>/notes")
@requires("review_safeguarding")
def add_note(flag_id: int):
    flag = _flag_or_404(flag_id)
    text, error = _note_text("note", required=True)
    if error:
        return _flag_page(flag, errors={"note": error}, values={"note": text}, status=400)
    session = db_session()
    note = SafeguardingNote(flag_id=flag.id, author_id=current_user.id, text=text)
    session.add(note)
    session.flush()
    record(session, current_user, "safeguarding.note_added", target=f"flag:{flag.id}",
           note=note.id)
    session.commit()
    flash("Your note is saved.", "info")
    return redirect(url_for(".show", flag_id=flag.id))


@bp.post("/<int:flag_id>/outcome")
@requires("review_safeguarding")
def decide(flag_id: int):
    flag = _flag_or_404(flag_id)
    outcome = request.form.get("outcome", "")
    text, error = _note_text("outcome_note", required=False)
    errors = {}
    if outcome not in OUTCOMES:
        errors["outcome"] = ("Choose what was decided: "
                             + ", ".join(OUTCOME_LABELS.values()) + ".")
    if error:
        errors["outcome_note"] = error
    if errors:
        return _flag_page(flag, errors=errors, values={"outcome_note": text}, status=400)
    if flag.status != "open":
        flash("An outcome was already recorded for this flag; nothing was changed.", "info")
        return redirect(url_for(".show", flag_id=flag.id))
    session = db_session()
    flag.status = "referred" if outcome in REFERRAL_OUTCOMES else "reviewed"
    flag.outcome = outcome
    flag.reviewed_by_id = current_user.id
    flag.reviewed_at = utcnow()
    flag.delete_after = local_today() + dt.timedelta(
        days=current_app.config["SAFEGUARDING_RETENTION_DAYS"])
    if text:
        session.add(SafeguardingNote(flag_id=flag.id, author_id=current_user.id, text=text))
    record(session, current_user, "safeguarding.outcome_recorded", target=f"flag:{flag.id}",
           outcome=outcome)
    session.commit()
    flash(f"Outcome recorded: {OUTCOME_LABELS[outcome]}. The child's words and the notes "
          f"will be deleted on {flag.delete_after:%d %B %Y}.", "info")
    return redirect(url_for(".index"))


@bp.post("/<int:flag_id>/handover")
@requires("review_safeguarding")
def hand_over(flag_id: int):
    flag = _flag_or_404(flag_id)
    session = db_session()
    raw = request.form.get("to", "")
    to = session.get(StaffUser, int(raw)) if raw.isdigit() else None
    if to is None or to.id == current_user.id or not may_take_flag(to, flag):
        return _flag_page(flag, errors={"to": "Choose one of the safeguarding leads listed."},
                          status=400)
    if flag.status != "open":
        flash("This flag is closed, so it cannot be handed over.", "info")
        return redirect(url_for(".show", flag_id=flag.id))
    flag.assigned_to_id = to.id
    alert = alerts.queue_handover(session, flag, to)
    record(session, current_user, "safeguarding.handed_over", target=f"flag:{flag.id}",
           to=f"staff:{to.id}")
    session.commit()
    _deliver_now(session, {alert.id})
    sent = alert.status == "sent"
    flash(f"Handed to {to.display_name}." + (" They have been emailed a link." if sent else
          " The email to them could not be sent yet; the daily digest will try again."),
          "info")
    if may_see_flag(current_user, flag):
        return redirect(url_for(".show", flag_id=flag.id))
    return redirect(url_for(".index"))


@bp.cli.command("digest")
@click.option("--base-url", default=None,
              help="Address staff open the service at, for links (default: PUBLIC_URL).")
def digest_command(base_url: str | None) -> None:
    """Email each DSL their open flags (count and links), and retry failed alerts.

    Run daily from cron or a systemd timer. Exits 1 if any email could not be sent.
    """
    settings = MailSettings.from_config(current_app.config)
    if not settings.configured:
        raise click.ClickException("No SMTP server is set: set WESTCC_SMTP_HOST "
                                   "(see README, Configuration).")
    base = base_url or current_app.config["PUBLIC_URL"]
    if not base:
        raise click.ClickException("Links need the service's address: pass --base-url or "
                                   "set WESTCC_PUBLIC_URL.")
    session = db_session()
    result = alerts.send_digest(session, settings, base)
    session.commit()
    click.echo(result.describe())
    if not result.ok:
        raise SystemExit(1)


def _note_text(field: str, *, required: bool) -> tuple[str, str | None]:
    text = request.form.get(field, "").strip()
    if required and not text:
        return text, "Write the note before saving it."
    if len(text) > NOTE_MAX:
        return text, f"A note can be at most {NOTE_MAX} characters; this one has {len(text)}."
    if any(ch == "\x00" or "\ud800" <= ch <= "\udfff" for ch in text):
        return "", "The note has characters that cannot be stored (a NUL byte or a broken " \
                   "character): type it again."
    return text, None


def _handover_candidates(session, flag: SafeguardingFlag) -> list[StaffUser]:
    people = session.scalars(select(StaffUser).where(
        StaffUser.active.is_(True), StaffUser.role.in_(FLAG_ROLES))
        .order_by(StaffUser.role, StaffUser.display_name)).all()
    return [p for p in people if p.id != current_user.id and may_take_flag(p, flag)]


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


def _category_labels() -> dict[str, str]:
    from ..safeguarding.detect import load_rules

    return dict(getattr(load_rules(), "categories", {}) or {})


def _reasons(reasons: list) -> list[tuple[str, str, list[str]]]:
    """(severity, reason in plain words, phrases matched), urgent first, each reason once."""
    categories = _category_labels()
    grouped: dict[str, tuple[str, list[str]]] = {}
    for reason in reasons or []:
        reason = reason if isinstance(reason, dict) else {"category": str(reason)}
        category = str(reason.get("category") or "general")
        label = str(reason.get("reason") or categories.get(
            category, category.replace("_", " ").capitalize())).rstrip(".")
        severity = reason_severity(reason)
        known_severity, phrases = grouped.setdefault(label, (severity, []))
        if severity == "urgent" and known_severity != "urgent":
            grouped[label] = (severity, phrases)
        phrase = reason.get("phrase")
        if phrase and phrase not in phrases:
            phrases.append(str(phrase))
    rows = [(sev, label, phrases) for label, (sev, phrases) in grouped.items()]
    return sorted(rows, key=lambda r: r[0] != "urgent")
