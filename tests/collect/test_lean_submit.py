"""A submission costs the fewest database round trips its data allows, in one transaction.

On the app's own engine (not the tests' shared connection), as under gunicorn: every SQL
statement a JSON submission sends is listed, so a query that creeps in fails here.
"""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import event

from westcc_voice import create_app
from westcc_voice.collect import context

from .. import servers


@pytest.fixture(params=["sqlite", "postgresql"])
def served(request, databases):
    """A fresh, migrated database with one open class session, and the app on it."""
    url = databases.new(request.param)
    code = servers.prepare(url)
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "lean-test", "TESTING": True,
                      "FAILED_CODE_LIMIT": "100000 per minute"})
    yield app, code, request.param
    app.extensions["westcc_db"]["engine"].dispose()


def _record(engine) -> list[str]:
    """Every statement and transaction end the engine sends, as its first words.

    On SQLite what the driver itself is given (its trace callback, on connections made
    from here on): the app sends BEGIN straight to the driver, past SQLAlchemy's events."""
    seen: list[str] = []

    def note(statement: str) -> None:
        seen.append(" ".join(statement.split()[:3]))

    if engine.dialect.name == "sqlite":
        engine.dispose()
        event.listen(engine, "connect",
                     lambda dbapi_connection, _record: dbapi_connection.set_trace_callback(note))
        return seen
    event.listen(engine, "before_cursor_execute",
                 lambda _c, _cur, statement, *_rest: note(statement))
    event.listen(engine, "commit", lambda _c: seen.append("COMMIT"))
    event.listen(engine, "rollback", lambda _c: seen.append("ROLLBACK"))
    return seen


def _submit(client, code: str, sid: str):
    return client.post("/api/submissions", data=servers.submission_body(code, sid),
                       content_type="application/json")


@pytest.mark.parametrize("row_cached", [False, True], ids=["context read", "context cached"])
def test_a_submission_reads_its_context_once_and_writes_in_one_transaction(
        served, row_cached, monkeypatch):
    """Each process reuses a class session's row for ``ROW_CACHE_SECONDS``: a class
    pressing Send together reads it once; past that it is read again, once."""
    app, code, backend = served
    client = app.test_client()
    assert _submit(client, code, str(uuid.uuid4())).status_code == 201  # caches filled
    if not row_cached:
        monkeypatch.setattr(context, "ROW_CACHE_SECONDS", 0.0)
    seen = _record(app.extensions["westcc_db"]["engine"])
    reply = _submit(client, code, str(uuid.uuid4()))
    assert reply.status_code == 201, reply.json
    context_read = [] if row_cached else ["SELECT class_sessions.id, class_sessions.join_code,"]
    # The insert, then the class session's live count for the teacher, in one commit.
    writes = ["INSERT INTO responses", "UPDATE class_sessions SET", "COMMIT"]
    if backend == "sqlite":
        # The read needs no transaction of its own; the write takes the lock up front.
        expected = [*context_read, "BEGIN IMMEDIATE", *writes]
    else:
        expected = [*context_read, *writes]
    assert [s for s in seen if s != "ROLLBACK"] == expected
    # Whatever is rolled back when a connection goes back to the pool held nothing.
    assert seen.count("COMMIT") == 1


def test_a_replay_adds_only_the_lookup_of_the_first_answer(served):
    app, code, _backend = served
    client = app.test_client()
    sid = str(uuid.uuid4())
    first = _submit(client, code, sid)
    seen = _record(app.extensions["westcc_db"]["engine"])
    again = _submit(client, code, sid)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json["receipt"] == first.json["receipt"]
    statements = [s for s in seen
                  if s not in ("COMMIT", "ROLLBACK", "BEGIN", "BEGIN IMMEDIATE")]
    # The insert that meets the UUID, the first answer's id, then whether the replay
    # comes from where the first came from (the response; the class session is not read
    # again: its row was read by the first submission moments ago).
    assert len(statements) == 3, statements
