"""The edge where briefings meet the database: used by the CLI and the staff views.

Briefings themselves read only a Summary. This module is where a caller gets one: it
checks the wave and school exist, builds the Summary through analysis.build_summary
with the deployment's suppression threshold, codebooks and framework names, and reads
the plain extras a briefing may show (pupils on roll, for response rates).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..analysis import build_summary
from ..analysis.summary import Summary
from ..definitions import load_catalogue
from ..definitions.store import latest_versions
from ..models import School, Wave
from ..privacy.suppression import SuppressionPolicy
from . import PARTNERSHIP_SCOPE
from .model import BriefingError


@dataclass(frozen=True)
class Request:
    """What a caller asked for: a wave code and a scope ("partnership" or a school code)."""

    wave: str
    scope: str = PARTNERSHIP_SCOPE

    @property
    def school(self) -> str | None:
        return None if self.scope == PARTNERSHIP_SCOPE else self.scope


def waves(session: Session) -> list[Wave]:
    """Every wave, newest first."""
    rows = session.scalars(select(Wave)).all()
    return sorted(rows, key=lambda w: (w.starts_on is not None, w.starts_on, w.code),
                  reverse=True)


def schools(session: Session, ids: set[int] | None = None) -> list[School]:
    query = select(School).order_by(School.name)
    if ids is not None:
        query = query.where(School.id.in_(ids))
    return list(session.scalars(query))


def check(session: Session, request: Request) -> None:
    """Raise BriefingError with a helpful message for an unknown wave or school."""
    if session.scalar(select(Wave.id).where(Wave.code == request.wave)) is None:
        known = ", ".join(w.code for w in waves(session)) or "none yet"
        raise BriefingError(f"No wave {request.wave!r}. Known waves: {known}.")
    if request.school is not None and session.scalar(
            select(School.id).where(School.code == request.school)) is None:
        known = ", ".join(s.code for s in schools(session)) or "none yet"
        raise BriefingError(f"No school {request.school!r}. Known schools: {known}.")


def framework_names(surveys_dir: str | Path, catalogue=None) -> dict[str, str]:
    """"cc.wellbeing" -> "Material, physical and mental wellbeing", from the frameworks."""
    frameworks = (catalogue or load_catalogue(surveys_dir)).frameworks
    return {f"{fid}.{iid}": item["name"] for fid, fw in frameworks.items()
            for iid, item in fw["items"].items()}


def summary_for(session: Session, request: Request, config: dict[str, Any]) -> Summary:
    """The Summary a briefing is made from. A school briefing's Summary still decides
    suppression on the whole partnership's tables (build_summary does)."""
    check(session, request)
    surveys_dir = Path(config["SURVEYS_DIR"])
    catalogue = load_catalogue(surveys_dir)
    return build_summary(
        session, wave=request.wave,
        schools=[request.school] if request.school else None,
        policy=SuppressionPolicy(threshold=int(config.get("SUPPRESSION_THRESHOLD", 10))),
        codebooks=surveys_dir / "codebooks" if (surveys_dir / "codebooks").is_dir() else None,
        domain_names=framework_names(surveys_dir, catalogue),
        finding_rules=catalogue.finding_rules,
        equity=catalogue.equity,
    )


def rolls_for(session: Session, summary: Summary) -> dict[str, int]:
    """Pupils on roll per school code, in the year groups the wave's pupil surveys cover;
    schools without a configured roll are left out (no response rate for them).

    Every school of the partnership's figures is included, not only the schools a
    Summary shows: a school's briefing sets its pupils against the whole partnership's,
    and the partnership's rate needs the whole partnership's roll."""
    covered: set[int] = set()
    for version in latest_versions(session):
        if version.audience == "pupil" and version.key in summary.scope.survey_keys:
            covered.update(int(y) for y in version.definition.get("year_groups") or [])
    wanted = set(summary.scope.partnership_schools) | set(summary.scope.school_names)
    out = {}
    for school in schools(session):
        if school.code not in wanted or not school.roll:
            continue
        total = sum(int(n) for year, n in school.roll.items()
                    if str(year).isdigit() and (not covered or int(year) in covered))
        if total > 0:
            out[school.code] = total
    return out
