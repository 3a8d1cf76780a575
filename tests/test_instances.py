"""Two app instances behind one PostgreSQL and one Redis, as in production.

Two gunicorn servers on loopback (ports the system picks) and the briefing worker
process (`flask worker`) share a fresh PostgreSQL database and the test Redis. One
browser's cookies travel between them, as behind a load-balancing proxy: a pupil
moves between instances mid-survey, a briefing started on one is read on the other,
and wrong codes typed on either, with or without a device cookie, are counted together.
"""

from __future__ import annotations

import datetime as dt
import http.cookiejar
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from sqlalchemy import func, select

from westcc_voice import PROJECT_DIR, migrate
from westcc_voice.db import db_session
from westcc_voice.demo import seed_demo
from westcc_voice.models import Response, SavedDraft

from .conftest import _make_app
from .helpers import PASSWORD, gen_pupil_session, gen_staff, load_surveys, survey, using_redis

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

SECRET = "two-instances-secret"
WAVE = "2026-autumn"
CSRF = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')
LISTENING = re.compile(r"Listening at: http://127\.0\.0\.1:(\d+)")
WORDS = "I like the new library and Mr Patel's reading club"


class Browser:
    """One browser: a cookie jar shared by every server it talks to; no redirects followed."""

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    class _NoDeviceCookie(http.cookiejar.DefaultCookiePolicy):
        def set_ok(self, cookie, request):
            return cookie.name != "westcc_device" and super().set_ok(cookie, request)

    def __init__(self, device_cookie: bool = True) -> None:
        """``device_cookie=False``: a browser that never keeps the device cookie."""
        self.jar = http.cookiejar.CookieJar(
            None if device_cookie else self._NoDeviceCookie())
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), self._NoRedirect())

    def request(self, url: str, form: dict | None = None) -> tuple[int, dict, str]:
        data = urllib.parse.urlencode(form, doseq=True).encode() if form is not None else None
        try:
            with self.opener.open(url, data=data, timeout=30) as reply:
                return reply.status, dict(reply.headers), reply.read().decode()
        except urllib.error.HTTPError as reply:
            return reply.code, dict(reply.headers), reply.read().decode()

    def get(self, url: str) -> tuple[int, dict, str]:
        return self.request(url)

    def post(self, url: str, form: dict) -> tuple[int, dict, str]:
        """Post a form the way a person does: open its page first for the CSRF token."""
        status, _headers, page = self.get(url)
        token = CSRF.search(page)
        assert token, f"no form at {url} ({status})"
        return self.request(url, {**form, "csrf_token": token.group(1)})


def _start(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    with log.open("wb") as out:
        return subprocess.Popen(args, cwd=PROJECT_DIR, env=env, stdout=out,
                                stderr=subprocess.STDOUT)


def _port(process: subprocess.Popen, log: Path, timeout: float = 60) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = LISTENING.search(log.read_text(errors="replace"))
        if found:
            return int(found.group(1))
        assert process.poll() is None, f"gunicorn stopped:\n{log.read_text()}"
        time.sleep(0.2)
    raise AssertionError(f"gunicorn did not start:\n{log.read_text()}")


def _ready(base: str, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/", timeout=5):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{base} never answered")


@pytest.fixture(scope="module")
def shared(databases, instance_dir, tmp_path_factory):
    """A fresh PostgreSQL database with the demo and an open class session, the test
    Redis, two gunicorn instances and the briefing worker; yields what the tests need."""
    url = databases.new("postgresql")
    migrate.upgrade(url)
    setup = _make_app(url, instance_dir, SECRET_KEY=SECRET)
    with setup.app_context():
        load_surveys(setup)
        db = db_session()
        seed_demo(db, secret=SECRET, responses=200, seed=4, today=dt.date(2026, 11, 23))
        session = gen_pupil_session(db, "pupils-7-11", year_group=5, class_label="5B")
        steering = gen_staff(db, "steering")
        facts = {"code": session.join_code, "email": steering.email,
                 "definition": survey(db, "pupils-7-11").definition}
        db.commit()
        db.remove()
    logs = tmp_path_factory.mktemp("instances")
    with using_redis(setup) as redis_client:
        env = {**os.environ, "PYTHONPATH": str(PROJECT_DIR),
               "WESTCC_DATABASE_URL": url, "WESTCC_REDIS_URL": setup.config["REDIS_URL"],
               "WESTCC_SECRET_KEY": SECRET, "WESTCC_INSTANCE_PATH": str(instance_dir),
               "WESTCC_LICENSED_DIR": str(instance_dir / "licensed"),
               "WESTCC_FAILED_CODE_LIMIT": "4 per minute",
               "WESTCC_FAILED_CODE_NO_COOKIE_LIMIT": "2 per minute"}
        processes = []
        try:
            bases = []
            for name in ("one", "two"):
                log = logs / f"gunicorn-{name}.log"
                process = _start([sys.executable, "-m", "gunicorn", "-w", "1",
                                  "-b", "127.0.0.1:0", "wsgi:app"], env, log)
                processes.append(process)
                bases.append(f"http://127.0.0.1:{_port(process, log)}")
            processes.append(_start([sys.executable, "-m", "flask", "--app", "westcc_voice",
                                     "worker"], env, logs / "worker.log"))
            for base in bases:
                _ready(base)
            yield {**facts, "bases": bases, "redis": redis_client, "setup": setup}
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                process.wait(timeout=30)
            setup.extensions["westcc_db"]["engine"].dispose()


def _page(definition: dict, page_id: str) -> int:
    return next(n for n, p in enumerate(definition["pages"], 1) if p["id"] == page_id)


def _count(setup, model) -> int:
    with setup.app_context():
        try:
            return db_session().scalar(select(func.count()).select_from(model))
        finally:
            db_session().remove()


def test_a_pupil_moves_between_instances_mid_survey(shared):
    one, two = shared["bases"]
    code, last = shared["code"], _page(shared["definition"], "the_end")
    tablet = Browser()
    before = _count(shared["setup"], Response)
    status, headers, _ = tablet.post(f"{one}/join/{code}", {"action": "start"})
    assert status == 302 and "/survey/" in headers["Location"]
    # typed on instance one, then Back ...
    status, _, _ = tablet.post(f"{one}/survey/{last}", {"action": "back",
                                                         "a-anything_else": WORDS})
    assert status == 302
    # ... and instance two shows the page with the words still there
    status, _, page = tablet.get(f"{two}/survey/{last}")
    assert status == 200 and "Mr Patel" in page
    assert _count(shared["setup"], SavedDraft) == 0, "with Redis, drafts are not in the database"
    assert len(shared["redis"].keys("westcc:draft:*")) == 1
    # sent on instance two, thanked with a receipt on instance one
    status, headers, _ = tablet.post(f"{two}/survey/{last}", {"action": "submit",
                                                               "a-anything_else": WORDS})
    assert status == 302 and headers["Location"].endswith("/survey/thanks")
    status, _, thanks = tablet.get(f"{one}/survey/thanks")
    assert status == 200 and re.search(r"[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}", thanks)
    assert _count(shared["setup"], Response) == before + 1
    assert shared["redis"].keys("westcc:draft:*") == []


def test_a_briefing_started_on_one_instance_is_fetched_from_the_other(shared):
    one, two = shared["bases"]
    staff = Browser()
    status, _, _ = staff.post(f"{one}/staff/login", {"email": shared["email"],
                                                     "password": PASSWORD})
    assert status == 302
    status, headers, _ = staff.get(f"{one}/staff/briefings/{WAVE}/partnership/")
    assert status == 302 and "/staff/briefings/jobs/" in headers["Location"]
    job_path = urllib.parse.urlsplit(headers["Location"]).path + "?then=view"
    deadline = time.monotonic() + 240
    while True:
        status, headers, page = staff.get(f"{two}{job_path}")
        if status == 302:
            break
        assert status == 200 and "Preparing the briefing" in page, page
        assert time.monotonic() < deadline, "the worker never finished the briefing"
        time.sleep(1)
    status, _, page = staff.get(f"{two}{urllib.parse.urlsplit(headers['Location']).path}")
    assert status == 200
    assert "All WEST schools" in page and "Download the PDF" in page


def test_wrong_codes_typed_on_either_instance_are_counted_together(shared):
    one, two = shared["bases"]
    visitor = Browser()
    for base in (one, two, one, two):  # the limit is 4 a minute
        status, _, _ = visitor.post(f"{base}/join", {"code": "HHHHHH"})
        assert status == 404
    for base in (one, two):
        status, headers, page = visitor.post(f"{base}/join", {"code": shared["code"]})
        assert status == 429 and int(headers["Retry-After"]) >= 1
        assert "Too many codes that did not work" in page
    # a tablet without a device cookie typed nothing wrong here: it gets in on either
    for base in (one, two):
        status, _, _ = Browser(device_cookie=False).post(f"{base}/join",
                                                         {"code": shared["code"]})
        assert status == 302
    # wrong codes typed without a cookie are counted together too (2 a minute)
    for base in (one, two):
        status, _, _ = Browser(device_cookie=False).post(f"{base}/join", {"code": "HHHHHH"})
        assert status == 404
    for base in (one, two):
        status, _, _ = Browser(device_cookie=False).post(f"{base}/join",
                                                         {"code": shared["code"]})
        assert status == 429
