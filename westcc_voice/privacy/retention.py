"""Retention: keep responses and safeguarding text no longer than the DPO has set.

- Responses are deleted once their date is more than ``RESPONSE_RETENTION_DAYS`` old.
- A safeguarding flag keeps a child's own words, so it goes once it has been reviewed
  (or referred) and its period has passed: on its ``delete_after`` date where the
  reviewer set one, otherwise ``SAFEGUARDING_RETENTION_DAYS`` after review. A flag
  nobody has reviewed is never deleted: someone must read it first.
- A draft (an unfinished response, sealed, in the database when Redis is not used) goes
  once it is past its ``expires_at``: an abandoned tablet leaves nothing behind.
- The record that a response was withdrawn (its receipt's hash, so a replay cannot bring
  it back) goes with the responses of its age.

``flask retention run`` applies this (daily, from cron or a systemd timer) and records
what it deleted in the audit trail; ``--dry-run`` only counts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, delete, func, or_, select
from sqlalchemy.orm import Session

from ..audit import record
from ..models import Response, SafeguardingFlag, SavedDraft, WithdrawnSubmission, utcnow


@dataclass(frozen=True)
class RetentionResult:
    responses: int
    flags: int
    responses_before: dt.date
    flags_reviewed_before: dt.date
    dry_run: bool
    drafts: int = 0

    def describe(self) -> str:
        verb = "Would delete" if self.dry_run else "Deleted"
        return (f"{verb} {self.responses} response(s) dated before "
                f"{self.responses_before.isoformat()} and {self.flags} reviewed safeguarding "
                f"flag(s) past their retention (reviewed before "
                f"{self.flags_reviewed_before.isoformat()}, or past their delete-after date), "
                f"and {self.drafts} unfinished draft(s) past their expiry.")


def apply_retention(session: Session, *, today: dt.date, response_days: int, flag_days: int,
                    dry_run: bool = False, now: dt.datetime | None = None) -> RetentionResult:
    """Delete (or with ``dry_run`` only count) what is past its retention period.

    Drafts expire by the clock (``now``, default the current UTC time), not by ``today``.
    """
    if response_days < 1 or flag_days < 0:
        raise ValueError("retention periods must be positive numbers of days")
    responses_before = today - dt.timedelta(days=response_days)
    flags_before = today - dt.timedelta(days=flag_days)
    old_responses = Response.submitted_on < responses_before
    old_flags = and_(
        SafeguardingFlag.status != "open",
        or_(SafeguardingFlag.delete_after <= today,
            and_(SafeguardingFlag.delete_after.is_(None),
                 SafeguardingFlag.reviewed_at < dt.datetime.combine(flags_before, dt.time()))),
    )
    stale_drafts = SavedDraft.expires_at <= (now or utcnow())
    if dry_run:
        drafts = session.scalar(select(func.count()).select_from(SavedDraft)
                                .where(stale_drafts)) or 0
        responses = session.scalar(select(func.count()).select_from(Response)
                                   .where(old_responses)) or 0
        flags = session.scalar(select(func.count()).select_from(SafeguardingFlag)
                               .where(old_flags)) or 0
    else:
        responses = session.execute(delete(Response).where(old_responses)).rowcount or 0
        flags = session.execute(delete(SafeguardingFlag).where(old_flags)).rowcount or 0
        drafts = session.execute(delete(SavedDraft).where(stale_drafts)).rowcount or 0
        session.execute(delete(WithdrawnSubmission)
                        .where(WithdrawnSubmission.withdrawn_on < responses_before))
        record(session, None, "retention.applied", responses=responses, flags=flags,
               drafts=drafts, responses_before=responses_before.isoformat(),
               flags_reviewed_before=flags_before.isoformat())
    return RetentionResult(responses, flags, responses_before, flags_before, dry_run, drafts)
