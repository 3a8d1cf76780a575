"""A class pressing Send together: several gunicorn worker processes, one database.

Each test starts the real app under gunicorn on loopback (tests/servers.py) and posts
full answers from many client threads at once, a bounded number in bounded time. On
SQLite, a transaction that read and then wrote used to fail at once with "database is
locked" (about a third of submissions answered 500 with two workers); writing
transactions now take the write lock up front. Runs on SQLite, and on PostgreSQL when
WESTCC_TEST_POSTGRES_URL is set.
"""

from __future__ import annotations

import http.client
import json
import threading
import time
import uuid
from collections import Counter
from urllib.parse import urlsplit

import pytest
from sqlalchemy import create_engine, func, select

from westcc_voice.models import Response

from .. import servers

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def served_database(request, databases):
    """A migrated database with the questionnaires and one open class session."""
    url = databases.new(request.param)
    return url, servers.prepare(url)


def post(base_url: str, body: bytes, timeout: float = 30) -> tuple[int, dict]:
    parts = urlsplit(base_url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        conn.request("POST", "/api/submissions", body=body,
                     headers={"Content-Type": "application/json"})
        reply = conn.getresponse()
        data = reply.read()
        return reply.status, json.loads(data) if data.startswith(b"{") else {}
    finally:
        conn.close()


def stored(url: str, ids: set[str]) -> Counter:
    """How many rows each of these submission UUIDs has in the database."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(select(Response.submission_id, func.count())
                                .group_by(Response.submission_id)).all()
    finally:
        engine.dispose()
    return Counter({sid: n for sid, n in rows if sid in ids})


def send_together(base_url: str, code: str, ids: list[str], clients: int,
                  seconds: float = 120,
                  on_reply=lambda results: None) -> list[tuple[str, int, dict]]:
    """Post each UUID in ``ids`` (repeats are replays) from ``clients`` threads; a
    client whose connection fails stops there, as a tablet that lost the server does."""
    queue = list(reversed(ids))
    lock = threading.Lock()
    results: list[tuple[str, int, dict]] = []
    deadline = time.monotonic() + seconds

    def client() -> None:
        while time.monotonic() < deadline:
            with lock:
                if not queue:
                    return
                sid = queue.pop()
            try:
                status, reply = post(base_url, servers.submission_body(code, sid))
            except OSError as exc:
                with lock:
                    results.append((sid, 0, {"error": str(exc)}))
                return
            with lock:
                results.append((sid, status, reply))
                on_reply(results)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.mark.parametrize(("workers", "clients", "count"), [(2, 30, 240), (4, 30, 240),
                                                          (2, 200, 400)])
def test_a_class_sending_at_once_to_several_workers_is_all_stored_once(
        served_database, workers, clients, count):
    url, code = served_database
    fresh = [str(uuid.uuid4()) for _ in range(count)]
    # Every sixth answer is sent twice at once, as a tablet retrying on flaky Wi-Fi does.
    ids = [sid for i, sid in enumerate(fresh) for _ in range(2 if i % 6 == 0 else 1)]
    with servers.gunicorn(url, workers) as server:
        results = send_together(server.base_url, code, ids, clients)
    statuses = Counter(status for _, status, _ in results)
    assert len(results) == len(ids)
    assert set(statuses) <= {200, 201}, statuses  # no 500 "database is locked", no drops
    assert statuses[201] == count
    receipts: dict[str, set[str]] = {}
    for sid, _, reply in results:
        receipts.setdefault(sid, set()).add(reply["receipt"])
    assert all(len(r) == 1 for r in receipts.values())  # a replay gets the same receipt
    assert stored(url, set(fresh)) == Counter({sid: 1 for sid in fresh})


def test_killing_the_server_under_load_loses_no_acknowledged_answer(served_database):
    """SIGKILL to every gunicorn process mid-load; then the tablets send again."""
    url, code = served_database
    ids = [str(uuid.uuid4()) for _ in range(3000)]
    killed = threading.Event()

    def kill_after_fifty_answers(results: list) -> None:
        if not killed.is_set() and sum(status == 201 for _, status, _ in results) >= 50:
            killed.set()
            threading.Thread(target=server.kill).start()

    with servers.gunicorn(url, 2) as server:
        results = send_together(server.base_url, code, ids, clients=30, seconds=60,
                                on_reply=kill_after_fifty_answers)
    assert killed.is_set()
    acknowledged = {sid for sid, status, _ in results if status == 201}
    sent = {sid for sid, _, _ in results}
    assert acknowledged, "the load did not start before the kill"
    assert len(sent) < len(ids), "the kill did not interrupt the load"
    after_kill = stored(url, sent)
    assert acknowledged <= set(after_kill)  # every acknowledged answer survived
    assert set(after_kill.values()) == {1}  # and none is stored twice
    # The tablets retry everything they sent; acknowledged ones get their receipt again.
    first_receipts = {sid: reply["receipt"] for sid, status, reply in results
                      if status == 201}
    with servers.gunicorn(url, 2) as server:
        retried = send_together(server.base_url, code, sorted(sent), clients=30)
    assert {status for _, status, _ in retried} <= {200, 201}
    for sid, status, reply in retried:
        if sid in first_receipts:
            assert (status, reply["receipt"]) == (200, first_receipts[sid])
    assert stored(url, sent) == Counter({sid: 1 for sid in sent})
