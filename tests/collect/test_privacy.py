"""What a response row may hold: no IP, no user agent, no time, no identifying text."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, text

from westcc_voice.models import Response, SafeguardingFlag

from ..helpers import survey
from .conftest import page_number

IP = "203.0.113.77"
AGENT = "SchoolTablet/9.9 (Kiosk; SN-4471)"


def _everything_stored(db) -> str:
    """Every value in every table, as one string to search."""
    out = []
    for table in ("responses", "safeguarding_flags", "link_codes", "class_sessions"):
        for row in db.execute(text(f"SELECT * FROM {table}")):
            out.append(repr(tuple(row)))
    return "\n".join(out)


def test_no_ip_address_user_agent_or_time_of_day_is_stored(pupil, db, class_session):
    environ = {"REMOTE_ADDR": IP}
    headers = {"User-Agent": AGENT, "X-Forwarded-For": IP}
    pupil.client.post(f"/join/{class_session.join_code}", data={"action": "start"},
                      environ_base=environ, headers=headers)
    last = page_number(survey(db, "pupils-7-11").definition, "the_end")
    pupil.client.post(f"/survey/{last}", data={"action": "submit"},
                      environ_base=environ, headers=headers)
    row = db.scalars(select(Response)).one()
    assert type(row.submitted_on) is dt.date
    stored = _everything_stored(db)
    assert IP not in stored and "SchoolTablet" not in stored and "SN-4471" not in stored


def test_free_text_is_redacted_and_the_original_is_only_in_the_safeguarding_flag(
        pupil, db, class_session):
    original = ("My name is Chloe Robson, email me at chloe.r@example.com or 07700 900123. "
                "My uncle hits me at home.")
    pupil.start_session(class_session.join_code)
    last = page_number(survey(db, "pupils-7-11").definition, "the_end")
    pupil.send(last, anything_else=original)
    stored_answer = db.scalars(select(Response)).one().answers["anything_else"]
    for detail in ("Chloe", "Robson", "chloe.r@example.com", "07700 900123"):
        assert detail not in stored_answer
    assert "hits me" in stored_answer
    [flag] = db.scalars(select(SafeguardingFlag)).all()
    assert flag.original_text == original
    assert flag.class_session_id == class_session.id
    assert flag.school_id == class_session.school_id
    responses_only = repr([tuple(r) for r in db.execute(text("SELECT * FROM responses"))])
    assert "Chloe" not in responses_only
