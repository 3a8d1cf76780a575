"""The database: one engine and one scoped session per app, without Flask in the models.

Analysis and the CLI can use ``make_engine`` and a plain ``Session``; request code uses
``db_session()``, which is removed at the end of each request.

SQLite with several threads or worker processes: a transaction that begins deferred,
reads, then writes cannot wait for another writer and fails at once with "database is
locked", whatever the busy timeout. So code that writes calls ``begin_write(session)``
first: on SQLite its transaction then begins with ``BEGIN IMMEDIATE`` (the write lock is
taken up front, and a second writer waits for it up to ``SQLITE_BUSY_TIMEOUT_MS``);
transactions that only read still begin deferred and never wait (WAL lets them read
while one writer writes). On PostgreSQL ``begin_write`` does nothing.

A request that reads one row and then writes (a submission) reads through
``single_read``, so on SQLite its only transaction is the writing one: one BEGIN IMMEDIATE
and one COMMIT per submission.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask, current_app
from sqlalchemy import Connection, Engine, Executable, create_engine, event
from sqlalchemy.orm import Session, scoped_session, sessionmaker

#: How long a writer waits for another process's write lock before giving up.
SQLITE_BUSY_TIMEOUT_MS = 15_000
#: The connection option that makes a SQLite transaction begin with BEGIN IMMEDIATE.
_WRITE = "westcc_write"
#: Set in a connection's info once its transaction has written (on SQLite: holds the
#: write lock).
_HOLDS_WRITE_LOCK = "westcc_holds_write_lock"
#: The connection option for single statements outside a transaction (SQLite's autocommit).
_NO_BEGIN = "westcc_no_begin"


def make_engine(url: str, **kwargs) -> Engine:
    # hide_parameters: answers must never appear in an error log line.
    kwargs.setdefault("hide_parameters", True)
    engine = create_engine(url, future=True, **kwargs)
    if engine.dialect.name == "sqlite":

        # SQLAlchemy's pysqlite recipe: turn off the driver's own BEGIN and emit ours,
        # which gives real SAVEPOINTs and lets a writer choose BEGIN IMMEDIATE.
        @event.listens_for(engine, "connect")
        def _sqlite_connect(dbapi_connection, _record):  # pragma: no cover - driver hook
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(connection):  # pragma: no cover - driver hook
            options = connection.get_execution_options()
            immediate = bool(options.get(_WRITE))
            if not options.get(_NO_BEGIN):
                # Straight to the driver: a statement through SQLAlchemy's execution
                # machinery costs more than the BEGIN itself, once per submission.
                connection.connection.driver_connection.execute(
                    "BEGIN IMMEDIATE" if immediate else "BEGIN")
            connection.info[_HOLDS_WRITE_LOCK] = immediate

    else:

        @event.listens_for(engine, "begin")
        def _begin(connection):  # pragma: no cover - driver hook
            connection.info[_HOLDS_WRITE_LOCK] = False

    event.listen(engine, "after_cursor_execute", _note_writes)
    return engine


def _note_writes(connection, _cursor, _statement, _params, context, _many) -> None:
    if context is not None and (context.isinsert or context.isupdate or context.isdelete):
        connection.info[_HOLDS_WRITE_LOCK] = True


def begin_write(session: Session | scoped_session) -> bool:
    """Make the session's transaction a writing one before anything is written.

    On SQLite a read-only transaction the session is in is ended (committed: it wrote
    nothing, and loaded objects stay usable) and a new one begins with BEGIN IMMEDIATE,
    so it holds the write lock until commit or rollback. A transaction that has already
    written holds the lock already and goes on (pending changes are flushed first).
    Keep what runs between this call and the commit short: every other writer waits
    for it. On other databases nothing changes: PostgreSQL's row locks need no lock up
    front.

    True when nothing has been written in the transaction yet (rolling it back undoes
    exactly what follows), False when it carries on one that has written.
    """
    if isinstance(session, scoped_session):
        session = session()
    if session.get_bind().dialect.name != "sqlite":
        return not session.in_transaction() or not (
            session.new or session.dirty or session.deleted
            or session.connection().info.get(_HOLDS_WRITE_LOCK))
    if session.in_transaction():
        if session.new or session.dirty or session.deleted:
            session.flush()
        if session.connection().info.get(_HOLDS_WRITE_LOCK):
            return False
        session.commit()
    session.connection(execution_options={_WRITE: True})
    return True


#: Per prebuilt statement and SQLite dialect: its SQL and, per placeholder, the value's
#: name, the statement's own value for it (a literal such as the 1 in "+ 1") and the
#: type's conversion (a date to text, a JSON value to its text); and whether it writes.
_DRIVER_FORMS: dict[tuple[Executable, Any],
                    tuple[str, tuple[tuple[str, Any, Callable | None], ...], bool]] = {}


def driver_execute(connection: Connection, statement: Executable,
                   values: dict[str, Any]) -> tuple[Any, ...] | None:
    """Run a prebuilt statement (one the caller keeps, built once) with one set of values,
    in the connection's transaction; its first row if it returns rows, else None.

    On SQLite the statement is compiled once and then given straight to the driver, with
    each value converted as SQLAlchemy would (its type's bind processor): on the
    submission path SQLAlchemy's per-execution work cost more than the INSERT itself.
    Elsewhere it runs through SQLAlchemy as usual.
    """
    dialect = connection.dialect
    if dialect.name != "sqlite":
        result = connection.execute(statement, values)
        row = result.first() if result.returns_rows else None
        return None if row is None else tuple(row)
    form = _DRIVER_FORMS.get((statement, dialect))
    if form is None:
        compiled = statement.compile(dialect=dialect)
        binds = [(name, compiled.binds[name]) for name in compiled.positiontup or ()]
        form = (compiled.string, tuple(
            (name, bind.effective_value,
             bind.type.dialect_impl(dialect).bind_processor(dialect)) for name, bind in binds),
            bool(compiled.isinsert or compiled.isupdate or compiled.isdelete))
        _DRIVER_FORMS[statement, dialect] = form
    sql, placeholders, writes = form
    if writes:
        connection.info[_HOLDS_WRITE_LOCK] = True  # as _note_writes does for the others
    row = [values.get(name, own) for name, own, _convert in placeholders]
    for i, (_name, _own, convert) in enumerate(placeholders):
        if convert is not None:
            row[i] = convert(row[i])
    cursor = connection.connection.driver_connection.cursor()
    try:
        # Whoever listens for statements (a query count, a log) still hears this one.
        connection.dispatch.before_cursor_execute(connection, cursor, sql, row, None, False)
        cursor.execute(sql, row)
        connection.dispatch.after_cursor_execute(connection, cursor, sql, row, None, False)
        return cursor.fetchone() if cursor.description else None
    finally:
        cursor.close()


@contextmanager
def single_read(session: Session | scoped_session) -> Iterator[Connection]:
    """A connection for one SELECT that needs no transaction of its own.

    On SQLite, when the session has no transaction yet: a pooled connection in autocommit
    mode (one statement is atomic by itself), returned at once, so the session's first
    transaction can be the writing one and there is no read transaction to end before
    it. Otherwise (PostgreSQL, a session already in a transaction, or one bound to a
    connection whose transaction it shares): the session's own connection, whose
    transaction carries on.
    """
    if isinstance(session, scoped_session):
        session = session()
    bind = session.get_bind()
    if (bind.dialect.name != "sqlite" or session.in_transaction()
            or not isinstance(bind, Engine)):
        yield session.connection()
        return
    with bind.connect().execution_options(**{_NO_BEGIN: True}) as connection:
        yield connection


def init_app(app: Flask) -> None:
    engine = make_engine(app.config["SQLALCHEMY_URL"])
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    app.extensions["westcc_db"] = {
        "engine": engine,
        "session": scoped_session(factory),
    }

    @app.teardown_appcontext
    def _remove_session(_exc):
        app.extensions["westcc_db"]["session"].remove()


def db_session() -> Session:
    return current_app.extensions["westcc_db"]["session"]


def engine() -> Engine:
    return current_app.extensions["westcc_db"]["engine"]
