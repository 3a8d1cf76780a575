"""Emails that tell designated safeguarding leads a flag needs them.

Three kinds, all carrying a link to the flag and never the answer, its reasons or
anything taken from it:

- **urgent**: a new urgent flag, to the school's DSLs (or, for a flag with no school, the
  partnership safeguarding leads). Sent after the transaction that stored the flag
  commits (``track_urgent_flags`` notes which flags a flush stored; the staff blueprint
  sends once the request's commit is done), so a dead mail server never makes a
  submission fail.
- **handover**: a flag handed to a DSL, to that DSL.
- **digest**: each DSL's count of open flags with links, once a day
  (``flask safeguarding digest``). The digest first queues alerts for any urgent flag
  that has none (say the process stopped between commit and send) and retries every
  alert that failed.

A school with no active DSL account would leave its flags unread: ``route_orphans``
gives them to a partnership safeguarding lead (audited as a hand-over).

Each send, or failure, goes to the audit trail. Who is told is decided in roles.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import event, exists, func, select
from sqlalchemy.orm import Session

from ..audit import record
from ..models import FlagAlert, SafeguardingFlag, StaffUser, utcnow
from ..notify import Mailbox, MailError, MailSettings
from .roles import FLAG_ROLES, flag_filter, may_take_flag

_FLUSHED = "westcc_urgent_flags_flushed"
_COMMITTED = "westcc_urgent_flags_committed"

SUBJECTS = {
    "urgent": "Urgent safeguarding flag to read",
    "handover": "A safeguarding flag was handed to you",
}
INTROS = {
    "urgent": "An answer given in the survey has been flagged as urgent and needs reading "
              "by a designated safeguarding lead today.",
    "handover": "A safeguarding flag has been handed to you to read and act on.",
}
FOOTER = ("This email does not contain what was written. Sign in to read it; opening a "
          "flag is recorded in the audit trail.")


# --- noticing new urgent flags, and sending once they are committed ----------------------

@event.listens_for(Session, "after_flush")
def _note_new_urgent_flags(session: Session, _context) -> None:
    for obj in session.new:
        if isinstance(obj, SafeguardingFlag) and obj.severity == "urgent":
            session.info.setdefault(_FLUSHED, set()).add(obj.id)


@event.listens_for(Session, "after_commit")
def _committed(session: Session) -> None:
    if flushed := session.info.pop(_FLUSHED, None):
        session.info.setdefault(_COMMITTED, set()).update(flushed)


@event.listens_for(Session, "after_rollback")
def _rolled_back(session: Session) -> None:
    session.info.pop(_FLUSHED, None)


def committed_urgent_flags(session: Session) -> set[int]:
    """Ids of urgent flags committed by this session since last asked (then forgotten)."""
    return session.info.pop(_COMMITTED, set())


# --- making alerts -----------------------------------------------------------------------

def recipients_of_new_flag(session: Session, flag: SafeguardingFlag) -> list[StaffUser]:
    """The school's DSLs (or the partnership leads for a flag with no school), and the
    person the flag was given to, if any."""
    candidates = session.scalars(select(StaffUser).where(
        StaffUser.active.is_(True), StaffUser.role.in_(FLAG_ROLES)).order_by(StaffUser.id))
    wanted = "partnership_dsl" if flag.school_id is None else "dsl"
    return [u for u in candidates if may_take_flag(u, flag)
            and (u.role == wanted or u.id == flag.assigned_to_id)]


def route_orphans(session: Session, flag_ids: set[int] | None = None) -> int:
    """Give open flags of a school with no active DSL account to a partnership lead.

    Otherwise nobody could read them. The first active partnership lead gets them (they
    can hand them on); each is audited. Returns how many were given.
    """
    lead = session.scalar(select(StaffUser).where(
        StaffUser.active.is_(True), StaffUser.role == "partnership_dsl").order_by(StaffUser.id))
    if lead is None:
        return 0
    has_dsl = exists().where(StaffUser.role == "dsl", StaffUser.active.is_(True),
                             StaffUser.school_id == SafeguardingFlag.school_id)
    query = select(SafeguardingFlag).where(
        SafeguardingFlag.status == "open", SafeguardingFlag.school_id.is_not(None),
        SafeguardingFlag.assigned_to_id.is_(None), ~has_dsl)
    if flag_ids is not None:
        query = query.where(SafeguardingFlag.id.in_(flag_ids))
    orphans = session.scalars(query).all()
    for flag in orphans:
        flag.assigned_to_id = lead.id
        record(session, None, "safeguarding.handed_over", target=f"flag:{flag.id}",
               to=f"staff:{lead.id}", why="the school has no active safeguarding lead account")
    session.flush()
    return len(orphans)


def queue_urgent(session: Session, flag_ids: set[int]) -> list[FlagAlert]:
    """Alerts for urgent flags that have none yet (so queuing twice sends once)."""
    if not flag_ids:
        return []
    flags = session.scalars(select(SafeguardingFlag).where(
        SafeguardingFlag.id.in_(flag_ids), SafeguardingFlag.severity == "urgent",
        ~exists().where(FlagAlert.flag_id == SafeguardingFlag.id,
                        FlagAlert.kind == "urgent"))).all()
    alerts = []
    for flag in flags:
        people = recipients_of_new_flag(session, flag)
        if not people:
            record(session, None, "safeguarding.alert_no_recipient", target=f"flag:{flag.id}")
        for person in people:
            alerts.append(FlagAlert(flag_id=flag.id, recipient_id=person.id, kind="urgent"))
    session.add_all(alerts)
    session.flush()
    return alerts


def queue_handover(session: Session, flag: SafeguardingFlag, to: StaffUser) -> FlagAlert:
    alert = FlagAlert(flag_id=flag.id, recipient_id=to.id, kind="handover")
    session.add(alert)
    session.flush()
    return alert


def urgent_without_alerts(session: Session) -> set[int]:
    return set(session.scalars(select(SafeguardingFlag.id).where(
        SafeguardingFlag.status == "open", SafeguardingFlag.severity == "urgent",
        ~exists().where(FlagAlert.flag_id == SafeguardingFlag.id,
                        FlagAlert.kind == "urgent"))))


# --- sending -----------------------------------------------------------------------------

def flag_url(base_url: str, flag_id: int) -> str:
    return f"{base_url.rstrip('/')}/staff/safeguarding/{flag_id}"


def alert_text(alert: FlagAlert, base_url: str) -> tuple[str, str]:
    """Subject and body: the kind of alert and a link, nothing from the answer."""
    body = (f"{INTROS[alert.kind]}\n\nOpen the flag: {flag_url(base_url, alert.flag_id)}\n\n"
            f"{FOOTER}\n")
    return SUBJECTS[alert.kind], body


@dataclass
class Delivery:
    sent: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)


def deliver(session: Session, settings: MailSettings, base_url: str,
            alert_ids: set[int] | None = None,
            mailbox: Callable[[MailSettings], Mailbox] = Mailbox) -> Delivery:
    """Send pending (and earlier failed) alerts; each outcome is audited. Caller commits."""
    query = select(FlagAlert).where(FlagAlert.status.in_(("pending", "failed"))) \
        .order_by(FlagAlert.id)
    if alert_ids is not None:
        query = query.where(FlagAlert.id.in_(alert_ids))
    alerts = session.scalars(query).all()
    result = Delivery()
    if not alerts:
        return result
    try:
        with mailbox(settings) as box:
            for alert in alerts:
                subject, body = alert_text(alert, base_url)
                try:
                    box.send(alert.recipient.email, subject, body)
                except MailError as exc:
                    _failed(session, alert, str(exc), result)
                    continue
                alert.status, alert.sent_at = "sent", utcnow()
                alert.attempts += 1
                result.sent += 1
                record(session, None, "safeguarding.alert_sent", target=f"flag:{alert.flag_id}",
                       kind=alert.kind, recipient=f"staff:{alert.recipient_id}")
    except MailError as exc:
        for alert in alerts:
            if alert.status != "sent":
                _failed(session, alert, str(exc), result)
    session.flush()
    return result


def _failed(session: Session, alert: FlagAlert, error: str, result: Delivery) -> None:
    alert.status = "failed"
    alert.attempts += 1
    result.failed += 1
    result.errors.append(error)
    record(session, None, "safeguarding.alert_failed", target=f"flag:{alert.flag_id}",
           kind=alert.kind, recipient=f"staff:{alert.recipient_id}", error=error[:300])


# --- the daily digest --------------------------------------------------------------------

@dataclass
class Digest:
    retried: Delivery
    sent_to: int = 0
    failed_to: int = 0
    errors: list[str] = field(default_factory=list)

    def describe(self) -> str:
        lines = [f"Urgent and handover alerts: {self.retried.sent} sent, "
                 f"{self.retried.failed} failed.",
                 f"Digests: sent to {self.sent_to} safeguarding lead(s), "
                 f"{self.failed_to} failed."]
        lines += [f"  {e}" for e in dict.fromkeys(self.retried.errors + self.errors)]
        return "\n".join(lines)

    @property
    def ok(self) -> bool:
        return not (self.retried.failed or self.failed_to)


def digest_text(flags: list[SafeguardingFlag], base_url: str) -> tuple[str, str]:
    urgent = sum(f.severity == "urgent" for f in flags)
    subject = f"Safeguarding flags open: {len(flags)} ({urgent} urgent)"
    lines = [f"You have {len(flags)} open safeguarding flag{'s' if len(flags) != 1 else ''} "
             f"to read, {urgent} of them urgent.", ""]
    lines += [f"- {'Urgent' if f.severity == 'urgent' else 'Concern'}, flagged "
              f"{f.flagged_on.day} {f.flagged_on:%B %Y}: {flag_url(base_url, f.id)}" for f in flags]
    lines += ["", FOOTER]
    return subject, "\n".join(lines) + "\n"


def open_flags_for(session: Session, user: StaffUser) -> list[SafeguardingFlag]:
    return list(session.scalars(select(SafeguardingFlag).where(
        flag_filter(user), SafeguardingFlag.status == "open").order_by(
        (SafeguardingFlag.severity == "urgent").desc(), SafeguardingFlag.flagged_on,
        SafeguardingFlag.id)))


def open_flag_count(session: Session, user: StaffUser) -> int:
    return session.scalar(select(func.count(SafeguardingFlag.id)).where(
        flag_filter(user), SafeguardingFlag.status == "open")) or 0


def send_digest(session: Session, settings: MailSettings, base_url: str,
                mailbox: Callable[[MailSettings], Mailbox] = Mailbox) -> Digest:
    """Queue and retry alerts, then email each DSL with open flags their count and links."""
    route_orphans(session)
    queue_urgent(session, urgent_without_alerts(session))
    digest = Digest(retried=deliver(session, settings, base_url, mailbox=mailbox))
    people = session.scalars(select(StaffUser).where(
        StaffUser.active.is_(True), StaffUser.role.in_(FLAG_ROLES)).order_by(StaffUser.id))
    todo = [(p, flags) for p in people if (flags := open_flags_for(session, p))]
    if not todo:
        return digest
    try:
        with mailbox(settings) as box:
            for person, flags in todo:
                subject, body = digest_text(flags, base_url)
                try:
                    box.send(person.email, subject, body)
                except MailError as exc:
                    _digest_failed(session, person, str(exc), digest)
                    continue
                digest.sent_to += 1
                record(session, None, "safeguarding.digest_sent", target=f"staff:{person.id}",
                       open_flags=len(flags))
    except MailError as exc:
        for person, _flags in todo:
            _digest_failed(session, person, str(exc), digest)
    session.flush()
    return digest


def _digest_failed(session: Session, person: StaffUser, error: str, digest: Digest) -> None:
    digest.failed_to += 1
    digest.errors.append(error)
    record(session, None, "safeguarding.digest_failed", target=f"staff:{person.id}",
           error=error[:300])
