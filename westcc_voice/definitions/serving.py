"""Which versions are in service: open waves, and the sessions and links still serving an
earlier version of a questionnaire after a new one was loaded."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..models import ClassSession, Link, SurveyVersion, Wave, utcnow


def open_waves(session: Session, today: dt.date | None = None) -> list[Wave]:
    """Waves whose dates include today (a missing date is open-ended)."""
    today = today or dt.date.today()
    return list(session.scalars(
        select(Wave).where(or_(Wave.starts_on.is_(None), Wave.starts_on <= today),
                           or_(Wave.ends_on.is_(None), Wave.ends_on >= today))
        .order_by(Wave.id)
    ))


def _newest(session: Session, key: str) -> SurveyVersion | None:
    return session.scalar(select(SurveyVersion).where(SurveyVersion.key == key)
                          .order_by(SurveyVersion.version.desc()).limit(1))


def sessions_on_older_versions(session: Session, key: str) -> list[ClassSession | Link]:
    """Open class sessions and links of ``key`` that serve a version older than the newest."""
    newest = _newest(session, key)
    if newest is None:
        return []
    now, today = utcnow(), dt.date.today()
    older = select(SurveyVersion.id).where(SurveyVersion.key == key,
                                           SurveyVersion.id != newest.id)
    sessions = session.scalars(select(ClassSession).where(
        ClassSession.survey_version_id.in_(older), ClassSession.closed_at.is_(None),
        ClassSession.ends_at > now))
    links = session.scalars(select(Link).where(
        Link.survey_version_id.in_(older),
        or_(Link.closes_on.is_(None), Link.closes_on >= today)))
    return [*sessions, *links]


def move_to_newest(session: Session, key: str) -> int | None:
    """Point every open session and link of ``key`` at its newest version; None if the
    questionnaire is not loaded. Answers already given keep the version they answered."""
    newest = _newest(session, key)
    if newest is None:
        return None
    older = sessions_on_older_versions(session, key)
    for item in older:
        item.survey_version_id = newest.id
    return len(older)
