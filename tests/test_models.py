"""The database itself refuses what the anonymity model forbids."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import inspect
from sqlalchemy.exc import IntegrityError

from westcc_voice.models import StaffUser

from .helpers import gen_response as make_response


def test_a_response_has_no_column_for_identity_or_time(db):
    columns = {c["name"] for c in inspect(db.get_bind()).get_columns("responses")}
    forbidden = {"name", "email", "ip", "ip_address", "user_agent", "device_id", "created_at",
                 "submitted_at", "class_session_id"}
    assert columns & forbidden == set()


@pytest.mark.parametrize(
    ("overrides", "why"),
    [
        ({"year_group": None}, "a pupil response without a year group"),
        ({"year_group": 14}, "a year group beyond 13"),
        ({"audience": "parent"}, "a parent response with a year group"),
        ({"audience": "teacher", "year_group": None}, "an unknown audience"),
        ({"submission_id": "short"}, "a submission id that is not a UUID"),
        ({"school_id": None}, "a pupil response with no school"),
    ],
)
def test_database_refuses(db, overrides, why):
    db.add(make_response(db, **overrides))
    with pytest.raises(IntegrityError):
        db.flush()
    db.rollback()


def test_same_submission_id_is_stored_once(db):
    sid = str(uuid.uuid4())
    db.add(make_response(db, submission_id=sid))
    db.flush()
    db.add(make_response(db, submission_id=sid))
    with pytest.raises(IntegrityError):
        db.flush()
    db.rollback()


def test_school_roles_must_name_their_school(db):
    db.add(StaffUser(email="t@example.org", display_name="T", role="teacher",
                     password_hash="x", school_id=None))
    with pytest.raises(IntegrityError):
        db.flush()
    db.rollback()
