"""Store resolved questionnaires as immutable SurveyVersions."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import SurveyVersion
from . import compare
from .compare import questions_by_id
from .loader import Catalogue


@dataclass(frozen=True)
class WordingChanges:
    """How a new version's questions differ from the version before it."""

    reworded: list[str] = field(default_factory=list)  # same id, new wording: trend breaks
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.reworded or self.added or self.removed)


@dataclass(frozen=True)
class LoadOutcome:
    key: str
    version: int
    status: str  # "new" or "unchanged"
    path: str
    changes: WordingChanges | None = None  # against the previous version, for a new one


def wording_changes(before: dict, after: dict) -> WordingChanges:
    """The answerable questions a new version rewords, adds or drops (compare.py decides
    what counts as reworded: a changed wording hash)."""
    answerable = {q["id"] for definition in (before, after)
                  for q in questions_by_id(definition).values()
                  if q.get("kind", "none") != "none"}
    changes = [c for c in compare.wording_changes(before, after)
               if c.question_id in answerable]

    def of(kind: str) -> list[str]:
        return [c.question_id for c in changes if c.kind == kind]

    return WordingChanges(reworded=of("reworded"), added=of("added"), removed=of("removed"))


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
            select(SurveyVersion).where(SurveyVersion.key == survey.key)
            .order_by(SurveyVersion.version.desc()).limit(1)
        )
        version = SurveyVersion(
            key=survey.key,
            version=(latest.version if latest else 0) + 1,
            content_hash=survey.content_hash,
            title=survey.title[:300],
            audience=survey.audience,
            source_path=survey.path,
            definition=survey.definition,
        )
        session.add(version)
        changes = wording_changes(latest.definition, survey.definition) if latest else None
        outcomes.append(LoadOutcome(survey.key, version.version, "new", survey.path, changes))
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
