"""The database: one engine and one scoped session per app, without Flask in the models.

Analysis and the CLI can use ``make_engine`` and a plain ``Session``; request code uses
``db_session()``, which is removed at the end of each request.
"""

from __future__ import annotations

from flask import Flask, current_app
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, scoped_session, sessionmaker


def make_engine(url: str, **kwargs) -> Engine:
    # hide_parameters: answers must never appear in an error log line.
    kwargs.setdefault("hide_parameters", True)
    engine = create_engine(url, future=True, **kwargs)
    if engine.dialect.name == "sqlite":

        # SQLAlchemy's recipe for real SAVEPOINTs on pysqlite: let SQLAlchemy emit BEGIN.
        @event.listens_for(engine, "connect")
        def _sqlite_connect(dbapi_connection, _record):  # pragma: no cover - driver hook
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(connection):  # pragma: no cover - driver hook
            connection.exec_driver_sql("BEGIN")

    return engine


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
