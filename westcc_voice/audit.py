"""The audit trail: staff actions, never respondents' details."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from .models import AuditEvent, StaffUser


def record(session: Session, actor: StaffUser | None, action: str, *, target: str = "",
           **detail: Any) -> AuditEvent:
    event = AuditEvent(actor_id=actor.id if actor else None, action=action, target=target,
                       detail=detail)
    session.add(event)
    return event
