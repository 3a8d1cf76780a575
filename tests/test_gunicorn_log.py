"""gunicorn with the documented access-log format: no respondent's request, no times."""

from __future__ import annotations

import os
import re
import sys
import urllib.error
import urllib.request

from westcc_voice import PROJECT_DIR, migrate
from westcc_voice.logging_filters import GUNICORN_ACCESS_LOG_FORMAT

from .test_instances import _port, _ready, _start


def _fetch(url: str, data: bytes | None = None) -> int:
    try:
        with urllib.request.urlopen(url, data=data, timeout=10) as reply:
            reply.read()
            return reply.status
    except urllib.error.HTTPError as reply:
        reply.close()
        return reply.code


def test_gunicorn_logs_staff_requests_without_time_and_respondents_not_at_all(
        tmp_path, instance_dir):
    url = f"sqlite:///{tmp_path / 'log.sqlite'}"
    migrate.upgrade(url)
    env = {**os.environ, "PYTHONPATH": str(PROJECT_DIR), "WESTCC_DATABASE_URL": url,
           "WESTCC_SECRET_KEY": "gunicorn-log-test", "WESTCC_INSTANCE_PATH": str(instance_dir)}
    log = tmp_path / "gunicorn.log"
    process = _start([sys.executable, "-m", "gunicorn", "-w", "1", "-b", "127.0.0.1:0",
                      "--access-logfile", "-", "--access-logformat",
                      GUNICORN_ACCESS_LOG_FORMAT, "wsgi:app"], env, log)
    try:
        base = f"http://127.0.0.1:{_port(process, log)}"
        _ready(base)
        _fetch(f"{base}/s/SECRETtoken123?lang=ar")
        _fetch(f"{base}/join", data=b"code=CDF4H7")
        assert _fetch(f"{base}/staff/login?next=/staff/") == 200
    finally:
        process.terminate()
        process.wait(timeout=30)
    text = log.read_text(errors="replace")
    access = [line for line in text.splitlines() if line.startswith('"')]
    assert access and all("/staff/" in line or line.startswith('"GET / ') for line in access)
    assert any(re.fullmatch(r'"GET /staff/login" 200 \d+', line) for line in access)
    for secret in ("SECRETtoken123", "CDF4H7", "/join", "/s/", "lang=", "next=", "127.0.0.1 -"):
        assert secret not in "\n".join(access)
