"""The real app under gunicorn on loopback, against a database made for the run.

Used by the tests that start several worker processes (tests/collect/test_concurrency.py)
and by the submission benchmark (bench/bench_submit.py), so both measure the same thing:
``prepare`` migrates a fresh database, loads the questionnaires and opens one class
session; ``gunicorn`` starts the server in its own process group and stops it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: Wrong codes are counted per network address; load from one address is not an attack.
_NO_LIMITS = {"WESTCC_FAILED_CODE_LIMIT": "10000000 per minute",
              "WESTCC_FAILED_LOGIN_LIMIT": "10000000 per minute"}


def free_port() -> int:
    """A loopback port nothing listens on now (the OS picks it)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare(url: str, survey_key: str = "pupils-7-11") -> str:
    """Migrate the empty database at ``url``, load the questionnaires and open a class
    session of ``survey_key`` for the next day; return its join code."""
    from westcc_voice import create_app, migrate
    from westcc_voice.db import db_session
    from westcc_voice.models import ClassSession, School, Wave, utcnow

    from . import helpers

    migrate.upgrade(url)
    with tempfile.TemporaryDirectory(prefix="westcc-licensed-") as licensed:
        # The licensed SWEMWBS text a deployment supplies; the tests' stand-in here.
        shutil.copy(ROOT / "tests" / "data" / "licensed_swemwbs_placeholder.yaml",
                    Path(licensed) / "swemwbs.yaml")
        app = create_app({"DATABASE_URL": url, "SECRET_KEY": "load-test",
                          "LICENSED_DIR": licensed, "TESTING": True})
        with app.app_context():
            helpers.load_surveys(app)
            session = db_session()
            school = School(code="loadtest", name="Load Test Primary", roll={})
            wave = Wave(code="load", name="Load test", starts_on=dt.date(2026, 9, 1))
            session.add_all([school, wave])
            session.flush()
            now = utcnow()
            class_session = ClassSession(
                join_code="CDF4H7", survey_version_id=helpers.survey(session, survey_key).id,
                wave_id=wave.id, school_id=school.id, year_group=5, class_label="5L",
                starts_at=now - dt.timedelta(minutes=5), ends_at=now + dt.timedelta(days=1))
            session.add(class_session)
            session.commit()
            code = class_session.join_code
        app.extensions["westcc_db"]["engine"].dispose()
    return code


@dataclass
class Server:
    base_url: str
    process: subprocess.Popen

    def kill(self) -> None:
        """SIGKILL the master and every worker at once, as a power cut or OOM kill would."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)


def gunicorn_command(port: int, workers: int, app: str = "wsgi:app") -> list[str]:
    return [sys.executable, "-m", "gunicorn", "--workers", str(workers),
            "--bind", f"127.0.0.1:{port}", "--access-logfile", "-",
            "--access-logformat", "%(s)s", "--graceful-timeout", "5", app]


@contextlib.contextmanager
def gunicorn(url: str, workers: int, *, app: str = "wsgi:app", cwd: Path = ROOT,
             extra_env: dict[str, str] | None = None, log: Path | None = None,
             boot_seconds: float = 180) -> Iterator[Server]:
    """gunicorn serving ``app`` with ``workers`` sync workers on a free loopback port."""
    port = free_port()
    env = {**os.environ, **_NO_LIMITS, "WESTCC_DATABASE_URL": url,
           "WESTCC_SECRET_KEY": "load-test", "PYTHONPATH": str(ROOT),
           **(extra_env or {})}
    out = open(log or os.devnull, "ab")  # noqa: SIM115 - closed below
    process = subprocess.Popen(gunicorn_command(port, workers, app), cwd=cwd, env=env,
                               stdout=out, stderr=out, start_new_session=True)
    server = Server(f"http://127.0.0.1:{port}", process)
    try:
        _wait_until_up(server, boot_seconds)
        yield server
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
        out.close()


def _wait_until_up(server: Server, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.process.returncode}")
        try:
            with urllib.request.urlopen(server.base_url + "/healthz", timeout=2) as reply:
                if reply.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer within {seconds} s")


def submission_body(join_code: str, submission_id: str) -> bytes:
    """A full Years 3 to 6 answer, free text included, as the offline queue posts it."""
    return json.dumps({
        "submission_id": submission_id, "session": join_code, "language": "en",
        "answers": FULL_ANSWERS,
    }).encode()


FULL_ANSWERS = {
    "school_feel": 4, "belong": 4,
    "learning": {"enjoy": 4, "get_help": 5, "teachers_believe": 4, "keep_trying": 3},
    "read_for_fun": 3, "good_friends": "yes", "lonely": 2, "kind_to_each_other": 4,
    "adult_at_school": "yes", "adult_at_home": "yes", "safe_school": "yes",
    "safe_area": "not_sure", "unsafe_where": ["park", "streets"],
    "activities": ["sport", "library"], "miss_out": "yes",
    "miss_out_what": "swimming lessons", "miss_out_why": ["costs_money"],
    "future_job": "a vet or a footballer", "future_feel": 5, "people_like_me": 4,
    "secondary_feel": 3,
    "anything_else": "I like my school because my teacher Mrs Khan helps me with reading "
                     "and we go to the park on Fridays",
}
