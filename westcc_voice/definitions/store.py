"""Store resolved questionnaires as immutable SurveyVersions."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import SurveyVersion
from .loader import Catalogue


@dataclass(frozen=True)
class LoadOutcome:
    key: str
    version: int
    status: str  # "new" or "unchanged"
    path: str


def store_catalogue(session: Session, catalogue: Catalogue) -> list[LoadOutcome]:
    """Add a new version for every survey whose content changed; refuse any error at all.

    All or nothing: if the catalogue has errors, nothing is written and ValueError says so.
    """
    if catalogue.errors:
        raise ValueError(f"{len(catalogue.errors)} error(s) in the questionnaire files; "
                         "nothing was loaded")
    outcomes = []
    for survey in catalogue.surveys:
        existing = session.scalar(
            select(SurveyVersion).where(
                SurveyVersion.key == survey.key,
                SurveyVersion.content_hash == survey.content_hash,
            )
        )
        if existing is not None:
            outcomes.append(LoadOutcome(survey.key, existing.version, "unchanged", survey.path))
            continue
        latest = session.scalar(
            select(func.max(SurveyVersion.version)).where(SurveyVersion.key == survey.key)
        )
        version = SurveyVersion(
            key=survey.key,
            version=(latest or 0) + 1,
            content_hash=survey.content_hash,
            title=survey.title[:300],
            audience=survey.audience,
            source_path=survey.path,
            definition=survey.definition,
        )
        session.add(version)
        outcomes.append(LoadOutcome(survey.key, version.version, "new", survey.path))
    session.flush()
    return outcomes


def latest_versions(session: Session) -> list[SurveyVersion]:
    """The newest version of each survey key."""
    newest = (
        select(SurveyVersion.key, func.max(SurveyVersion.version).label("v"))
        .group_by(SurveyVersion.key)
        .subquery()
    )
    return list(
        session.scalars(
            select(SurveyVersion)
            .join(newest, (SurveyVersion.key == newest.c.key)
                  & (SurveyVersion.version == newest.c.v))
            .order_by(SurveyVersion.key)
        )
    )
