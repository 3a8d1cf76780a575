"""Migration 0002 gives flags stored before it a severity and keeps every flag."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import create_engine, text

from westcc_voice import migrate

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]

OLD_FLAGS = [
    # (reasons as the old scanner stored them, status, expected severity, expected outcome)
    ([{"category": "self_harm", "phrase": "wanna die", "rule_id": "die"}], "open",
     "urgent", None),
    ([{"category": "neglect", "phrase": "no food"}], "open", "concern", None),
    ([{"category": "bullying_threat", "phrase": "stab me"},
      {"category": "general", "phrase": "scared to go home"}], "reviewed", "urgent",
     "no_further_action"),
    ([{"category": "domestic_abuse", "severity": "urgent"}], "referred", "urgent", None),
    ([{"category": "physical_harm", "severity": "concern"}], "open", "concern", None),
    (["running_away"], "open", "urgent", None),
]


@pytest.mark.parametrize("backend", BACKENDS)
def test_old_flags_get_a_severity_and_reviewed_ones_an_outcome(backend, fresh_engine_url):
    url = fresh_engine_url(backend)
    migrate.upgrade(url, "0001")
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO schools (id, code, name, roll) "
                          "VALUES (1, 'tyneview', 'Tyneview', '{}')"))
        conn.execute(text(
            "INSERT INTO staff_users (id, email, display_name, password_hash, role, "
            "school_id, active, created_at) VALUES (1, 'dsl@t.example', 'Dana', 'x', 'dsl', "
            "1, true, '2026-11-01 09:00:00')"))
        conn.execute(text(
            "INSERT INTO survey_versions (id, key, version, content_hash, title, audience, "
            "source_path, definition, loaded_at) VALUES (1, 'pupils', 1, 'h', 'Pupils', "
            "'pupil', 'surveys/p.yaml', '{}', '2026-11-01 09:00:00')"))
        for n, (reasons, status, _sev, _out) in enumerate(OLD_FLAGS, start=1):
            reviewed = None if status == "open" else "2026-11-20 10:00:00"
            conn.execute(text(
                "INSERT INTO safeguarding_flags (id, school_id, survey_version_id, "
                "question_id, original_text, reasons, flagged_on, status, reviewed_by_id, "
                "reviewed_at) VALUES (:id, 1, 1, 'anything_else', :text, :reasons, "
                "'2026-11-19', :status, :by, :at)"),
                {"id": n, "text": f"answer {n}", "reasons": json.dumps(reasons),
                 "status": status, "by": None if reviewed is None else 1, "at": reviewed})
    migrate.upgrade(url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT id, severity, outcome, original_text, school_id "
                                 "FROM safeguarding_flags ORDER BY id")).all()
    assert [(r.severity, r.outcome) for r in rows] == [(s, o) for _r, _st, s, o in OLD_FLAGS]
    assert [r.original_text for r in rows] == [f"answer {n}" for n in range(1, 7)]

    # a partnership lead, and a flag with no school, can now be stored
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO staff_users (id, email, display_name, password_hash, role, active, "
            "created_at) VALUES (2, 'lead@west.example', 'Pat', 'x', 'partnership_dsl', true, "
            "'2026-12-01 09:00:00')"))
        conn.execute(text(
            "INSERT INTO safeguarding_flags (id, survey_version_id, question_id, original_text, "
            "reasons, severity, flagged_on, status) VALUES (7, 1, 'anything_else', 'community', "
            "'[]', 'concern', '2026-12-01', 'open')"))
    with pytest.raises(Exception, match="no_school|ck_staff_users"):
        with engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO staff_users (id, email, display_name, password_hash, role, "
                "school_id, active, created_at) VALUES (3, 'x@west.example', 'X', 'x', "
                "'partnership_dsl', 1, true, '2026-12-01 09:00:00')"))

    with engine.begin() as conn:  # handed to the partnership lead, who goes on downgrade
        conn.execute(text("UPDATE safeguarding_flags SET assigned_to_id = 2 WHERE id = 1"))
    migrate.downgrade(url, "0001")
    with engine.connect() as conn:
        kept = conn.execute(text("SELECT count(*) FROM safeguarding_flags")).scalar()
    assert kept == len(OLD_FLAGS)  # only the flag with no school could not go back
    engine.dispose()
