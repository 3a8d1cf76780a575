"""Store resolved questionnaires as immutable SurveyVersions."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import SurveyVersion
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


def question_hashes(definition: dict) -> dict[str, str]:
    """Each answerable question's id and wording hash, in questionnaire order."""
    return {
        q["id"]: q.get("wording_hash", "")
        for page in definition["pages"] for q in page["questions"]
        if q.get("kind", "none") != "none"
    }


def wording_changes(before: dict, after: dict) -> WordingChanges:
    old, new = question_hashes(before), question_hashes(after)
    return WordingChanges(
        reworded=[q for q in new if q in old and old[q] != new[q]],
        added=[q for q in new if q not in old],
        removed=[q for q in old if q not in new],
    )


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
