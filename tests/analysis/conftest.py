"""Fixtures for the analysis tests: a SQLite database of generated responses.

The database is built once per test session (generating responses is the slow part);
tests only read it. ``generate`` is imported from this folder.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, event, select
from sqlalchemy.orm import Session

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate  # noqa: E402

from westcc_voice.analysis import build_summary  # noqa: E402
from westcc_voice.models import Base, QuoteApproval, Response  # noqa: E402

N_RESPONSES = 4000
WAVE = "2026-autumn"
PREVIOUS = "2025-autumn"


@pytest.fixture(scope="session")
def engine(tmp_path_factory):
    path = tmp_path_factory.mktemp("analysis") / "responses.sqlite"
    eng = create_engine(f"sqlite:///{path}")
    Base.metadata.create_all(eng)
    with Session(eng) as session:
        generate.seed(session, N_RESPONSES)
        approve_quotes(session)
    yield eng
    eng.dispose()


def approve_quotes(session: Session) -> None:
    """Approve three Key Stage 2 answers about parks, reject one, and approve one from
    the tiny school, so quote rules have something to act on."""
    rows = session.execute(
        select(Response.id, Response.answers, Response.school_id)
        .where(Response.audience == "parent")
    ).all()
    candidates = [r for r in rows if isinstance(r[1].get("help_other"), str)
                  and "park" in r[1]["help_other"]]
    for rid, _answers, _school in candidates[:3]:
        session.add(QuoteApproval(response_id=rid, question_id="help_other",
                                  decision="approved", decided_on=dt.date(2026, 11, 1)))
    for rid, _answers, _school in candidates[3:4]:
        session.add(QuoteApproval(response_id=rid, question_id="help_other",
                                  decision="rejected", decided_on=dt.date(2026, 11, 1)))
    session.commit()


@pytest.fixture()
def session(engine):
    with Session(engine) as s:
        yield s


@pytest.fixture(scope="session")
def summary(engine):
    with Session(engine) as s:
        return build_summary(s, wave=WAVE, today=dt.date(2026, 11, 23))


@pytest.fixture()
def count_queries(engine):
    """Count SQL statements run while the test runs."""
    statements: list[str] = []

    def before(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", before)
    yield statements
    event.remove(engine, "before_cursor_execute", before)
