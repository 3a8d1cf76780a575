"""The partnership response rate in a school's briefing, recomputed from raw rows."""

from __future__ import annotations

from sqlalchemy import select

from westcc_voice.analysis.summary import school_key
from westcc_voice.briefings import build_briefing
from westcc_voice.briefings.source import Request, rolls_for, summary_for
from westcc_voice.models import Response, School, SurveyVersion, Wave
from westcc_voice.privacy.suppression import format_percent

WAVE = "2026-autumn"


def _raw_rate(db, codes: set[str]) -> tuple[int, int]:
    """(pupils who answered, pupils on roll in the year groups the wave's pupil surveys
    cover) over ``codes``, straight from the tables."""
    wave_id = db.scalar(select(Wave.id).where(Wave.code == WAVE))
    versions = db.execute(select(SurveyVersion.id, SurveyVersion.definition)
                          .where(SurveyVersion.audience == "pupil")).all()
    pupil_versions = {vid for vid, _d in versions}
    school_of = {s.id: s for s in db.scalars(select(School))}
    answered = 0
    used_versions = set()
    for r in db.scalars(select(Response).where(Response.wave_id == wave_id)):
        if r.survey_version_id in pupil_versions:
            used_versions.add(r.survey_version_id)
            answered += school_of[r.school_id].code in codes
    years = {int(y) for vid, d in versions if vid in used_versions
             for y in d.get("year_groups") or []}
    roll = sum(int(n) for s in school_of.values() if s.code in codes
               for y, n in (s.roll or {}).items() if int(y) in years)
    return answered, roll


def test_school_briefing_prints_the_partnership_rate_over_every_school_roll(app, db, demo):
    partnership_codes = {
        code for (code,) in db.execute(
            select(School.code).join(Response, Response.school_id == School.id)
            .join(Wave, Wave.id == Response.wave_id).where(Wave.code == WAVE)).all()}
    assert len(partnership_codes) >= 3
    answered, roll = _raw_rate(db, partnership_codes)
    expected = format_percent(100.0 * answered / roll)

    school = sorted(partnership_codes)[0]
    summary = summary_for(db, Request(WAVE, school), app.config)
    briefing = build_briefing(summary, school=school, rolls=rolls_for(db, summary))
    rows = {r["label"]: r for s in briefing.sections if s.key == "participation"
            for r in s.data["rows"]}
    whole = next(r for r in rows.values() if r["is_total"])
    assert whole["roll"] == f"{roll:,}"
    assert whole["rate"] == expected

    mine_answered, mine_roll = _raw_rate(db, {school})
    own = rows[briefing.context.group_label(school_key(school))]
    assert own["roll"] == f"{mine_roll:,}"
    assert own["rate"] == format_percent(100.0 * mine_answered / mine_roll)
    # the school's own roll is a fraction of the partnership's, never the same number
    assert mine_roll < roll
