"""Fixtures: one app per database backend for the whole run, each test rolled back.

Backends: SQLite always; PostgreSQL when WESTCC_TEST_POSTGRES_URL is set (CI sets it).
In CI (CI=true) a missing or unreachable PostgreSQL fails the run rather than skipping.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import scoped_session, sessionmaker

from westcc_voice import PROJECT_DIR, create_app, migrate
from westcc_voice.db import make_engine

from . import helpers

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
PG_ENV = "WESTCC_TEST_POSTGRES_URL"

# Property tests (Hypothesis): the same bounded examples on every run, no timing
# flakiness on a busy machine, nothing written to a .hypothesis folder. Set
# HYPOTHESIS_PROFILE=explore for a longer, randomised search on a developer's machine.
settings.register_profile("repeatable", derandomize=True, max_examples=80, deadline=None,
                          database=None, print_blob=True)
settings.register_profile("explore", max_examples=2000, deadline=None, database=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))


def postgres_admin_url() -> str:
    url = os.environ.get(PG_ENV)
    if not url:
        if IN_CI:
            pytest.fail(f"CI must test PostgreSQL too: set {PG_ENV} (see README, Testing).")
        pytest.skip(f"PostgreSQL tests need {PG_ENV}, e.g. "
                    "postgresql+psycopg://postgres@127.0.0.1:5432/test (they run in CI)")
    return url


class Databases:
    """Makes empty databases of either kind and drops them at the end of the run."""

    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.created: list[tuple[str, str]] = []

    def new(self, backend: str) -> str:
        if backend == "sqlite":
            return f"sqlite:///{self.tmp / f'db-{uuid.uuid4().hex[:8]}.sqlite'}"
        admin = postgres_admin_url()
        name = f"westcc_test_{uuid.uuid4().hex[:10]}"
        try:
            engine = create_engine(admin, isolation_level="AUTOCOMMIT")
            with engine.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
            engine.dispose()
        except Exception as exc:  # noqa: BLE001 - any failure to reach the server
            pytest.fail(f"PostgreSQL at {PG_ENV} is unreachable: {exc}")
        self.created.append((admin, name))
        return make_url(admin).set(database=name).render_as_string(hide_password=False)

    def drop_all(self) -> None:
        for admin, name in self.created:
            engine = create_engine(admin, isolation_level="AUTOCOMMIT")
            with engine.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            engine.dispose()


@pytest.fixture(scope="session")
def databases(tmp_path_factory) -> Iterator[Databases]:
    dbs = Databases(tmp_path_factory.mktemp("databases"))
    yield dbs
    dbs.drop_all()


@pytest.fixture(scope="session")
def instance_dir(tmp_path_factory) -> Path:
    """An instance folder with licensed scale text a deployment would supply."""
    path = tmp_path_factory.mktemp("instance")
    licensed = path / "licensed"
    licensed.mkdir()
    shutil.copy(Path(__file__).parent / "data" / "licensed_swemwbs_placeholder.yaml",
                licensed / "swemwbs.yaml")
    return path


def _make_app(url: str, instance: Path, **extra):
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "DATABASE_URL": url,
        "SURVEYS_DIR": str(PROJECT_DIR / "surveys"),
        "LICENSED_DIR": str(instance / "licensed"),
        "WTF_CSRF_ENABLED": False,
        # The suite types many wrong codes from one address; tests/test_attempts.py
        # and tests/test_attempt_devices.py check the limits with small ones of their own.
        "FAILED_CODE_LIMIT": "100000 per minute",
        "FAILED_LOGIN_LIMIT": "100000 per minute",
        "FAILED_CODE_NO_COOKIE_LIMIT": "100000 per minute",
        "FAILED_LOGIN_NO_COOKIE_LIMIT": "100000 per minute",
        "FAILED_CODE_DEVICE_LIMIT": "100000 per minute",
        **extra,
    }
    return create_app(config)


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def app(request, databases, instance_dir):
    """The app, migrated, with the questionnaires loaded; once per backend."""
    url = databases.new(request.param)
    migrate.upgrade(url)
    application = _make_app(url, instance_dir)
    application.config["BACKEND"] = request.param
    with application.app_context():
        helpers.load_surveys(application)
    yield application
    application.extensions["westcc_db"]["engine"].dispose()


@pytest.fixture
def db(app):
    """A session whose work, commits included, is rolled back after the test."""
    engine = app.extensions["westcc_db"]["engine"]
    connection = engine.connect()
    outer = connection.begin()
    original = app.extensions["westcc_db"]["session"]
    scoped = scoped_session(
        sessionmaker(bind=connection, expire_on_commit=False,
                     join_transaction_mode="create_savepoint")
    )
    app.extensions["westcc_db"]["session"] = scoped
    try:
        with app.app_context():
            yield scoped()
    finally:
        scoped.remove()
        app.extensions["westcc_db"]["session"] = original
        outer.rollback()
        connection.close()


@pytest.fixture
def client(app, db):
    return app.test_client()


@pytest.fixture
def runner(app, db):
    return app.test_cli_runner()


@pytest.fixture
def csrf_app(app):
    """The same app with CSRF checks on, as in production."""
    app.config["WTF_CSRF_ENABLED"] = True
    yield app
    app.config["WTF_CSRF_ENABLED"] = False


@pytest.fixture
def fresh_engine_url(databases):
    """A factory of empty database URLs, for migration tests."""
    return databases.new


@pytest.fixture
def actions(client, db):
    return helpers.Actions(client, db)


@pytest.fixture
def fresh_briefing_jobs(app):
    """No briefing jobs (briefings, results pages) carried over from another test: the
    app lives for the whole run."""
    app.extensions.pop("westcc_briefing_jobs", None)
    yield
    store = app.extensions.pop("westcc_briefing_jobs", None)
    if store is not None:
        store.shutdown()


__all__ = ["make_engine"]
