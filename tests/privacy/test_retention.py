"""Retention: what is past its period goes; a flag nobody has read never does."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import func, select

from westcc_voice.models import AuditEvent, Response, SafeguardingFlag
from westcc_voice.privacy.retention import apply_retention

from ..helpers import gen_response, gen_school, survey

TODAY = dt.date(2026, 12, 2)


def _responses(db, *days_ago):
    rows = [gen_response(db, submitted_on=TODAY - dt.timedelta(days=d)) for d in days_ago]
    db.add_all(rows)
    db.flush()
    return rows


def _flag(db, status="reviewed", reviewed_days_ago=None, delete_after=None):
    reviewed_at = (dt.datetime.combine(TODAY, dt.time(15)) - dt.timedelta(days=reviewed_days_ago)
                   if reviewed_days_ago is not None else None)
    flag = SafeguardingFlag(school_id=gen_school(db).id,
                            survey_version_id=survey(db, "pupils-7-11").id,
                            question_id="worries", original_text="someone hurts me",
                            reasons=["harm"], flagged_on=TODAY - dt.timedelta(days=60),
                            status=status, reviewed_at=reviewed_at, delete_after=delete_after)
    db.add(flag)
    db.flush()
    return flag


def _left(db, model):
    return db.scalar(select(func.count()).select_from(model))


def test_responses_older_than_the_period_are_deleted_and_the_rest_kept(db):
    kept, edge, old = _responses(db, 10, 365, 366)
    result = apply_retention(db, today=TODAY, response_days=365, flag_days=30)
    assert result.responses == 1
    assert set(db.scalars(select(Response.id))) == {kept.id, edge.id}
    event = db.scalars(select(AuditEvent).where(AuditEvent.action == "retention.applied")).one()
    assert event.detail["responses"] == 1 and event.detail["responses_before"] == "2025-12-02"


def test_flags_go_after_review_plus_the_period_and_open_ones_never(db):
    unread = _flag(db, status="open")
    recent = _flag(db, reviewed_days_ago=29)
    past = _flag(db, reviewed_days_ago=31)
    referred = _flag(db, status="referred", reviewed_days_ago=45)
    due = _flag(db, reviewed_days_ago=1, delete_after=TODAY)
    later = _flag(db, reviewed_days_ago=100, delete_after=TODAY + dt.timedelta(days=5))
    result = apply_retention(db, today=TODAY, response_days=365, flag_days=30)
    left = set(db.scalars(select(SafeguardingFlag.id)))
    assert left == {unread.id, recent.id, later.id}
    assert result.flags == 3 and {past.id, referred.id, due.id}.isdisjoint(left)


def test_a_dry_run_counts_and_deletes_nothing(db):
    _responses(db, 400, 500)
    _flag(db, reviewed_days_ago=90)
    before = (_left(db, Response), _left(db, SafeguardingFlag))
    result = apply_retention(db, today=TODAY, response_days=365, flag_days=30, dry_run=True)
    assert (result.responses, result.flags) == (2, 1)
    assert (_left(db, Response), _left(db, SafeguardingFlag)) == before
    assert result.describe().startswith("Would delete 2 response(s) dated before 2025-12-02")


def test_the_command_uses_the_configured_periods(runner, app, db):
    _responses(db, 20, 40)
    app.config["RESPONSE_RETENTION_DAYS"], saved = 30, app.config["RESPONSE_RETENTION_DAYS"]
    try:
        out = runner.invoke(args=["retention", "run", "--today", TODAY.isoformat()])
    finally:
        app.config["RESPONSE_RETENTION_DAYS"] = saved
    assert out.exit_code == 0, out.output
    assert "Deleted 1 response(s) dated before 2026-11-02" in out.output
    assert _left(db, Response) == 1


def test_draft_files_an_earlier_version_left_in_the_instance_folder_are_deleted(runner, app):
    folder = Path(app.instance_path) / "drafts"
    folder.mkdir(exist_ok=True)
    (folder / "a1b2.json").write_text('{"story": "my name is Jayden"}', encoding="utf-8")
    dry = runner.invoke(args=["retention", "run", "--dry-run", "--today", TODAY.isoformat()])
    assert "Would delete 1 draft file(s) left" in dry.output
    assert (folder / "a1b2.json").exists()
    out = runner.invoke(args=["retention", "run", "--today", TODAY.isoformat()])
    assert out.exit_code == 0, out.output
    assert "Deleted 1 draft file(s) left" in out.output
    assert not folder.exists()
