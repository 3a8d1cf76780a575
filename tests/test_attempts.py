"""Wrong codes and passwords: a guesser is made to wait; a class joining is never slowed."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from westcc_voice import attempts, create_app
from westcc_voice.collect import receipts
from westcc_voice.config import ConfigError
from westcc_voice.staff.codes import new_join_code

from .conftest import _make_app
from .helpers import (
    PASSWORD,
    REDIS_URL,
    gen_answer_codes,
    gen_answer_link,
    gen_pupil_session,
    gen_staff,
    redis_or_skip,
)

SCHOOL = {"REMOTE_ADDR": "198.51.100.7"}
ELSEWHERE = {"REMOTE_ADDR": "203.0.113.40"}


@pytest.fixture
def strict(app):
    """The app with small limits (3 wrong codes, 2 wrong passwords), counted afresh."""
    saved = app.extensions[attempts.EXTENSION]
    app.extensions[attempts.EXTENSION] = attempts.make_counter(
        {"FAILED_CODE_LIMIT": "3 per minute", "FAILED_LOGIN_LIMIT": "2 per minute"})
    yield app
    app.extensions[attempts.EXTENSION] = saved


def _wrong_joins(client, count, environ=SCHOOL):
    for _ in range(count):
        response = client.post("/join", data={"code": new_join_code()}, environ_base=environ)
        assert response.status_code == 404


def test_after_too_many_wrong_codes_even_a_right_one_must_wait(strict, client, db):
    session = gen_pupil_session(db)
    _wrong_joins(client, 3)
    blocked = client.post("/join", data={"code": session.join_code}, environ_base=SCHOOL)
    assert blocked.status_code == 429
    page = blocked.get_data(as_text=True)
    assert "Too many codes that did not work have been typed here" in page
    assert "Please wait a few minutes and try again" in page
    assert 1 <= int(blocked.headers["Retry-After"]) <= 60
    # the page says nothing about whether the code was right
    assert session.class_label not in page
    # another network is not affected
    other = client.post("/join", data={"code": session.join_code}, environ_base=ELSEWHERE)
    assert other.status_code == 302


def test_a_whole_class_joining_from_one_address_is_never_slowed(strict, client, db):
    session = gen_pupil_session(db)
    for _ in range(30):
        tablet = client.application.test_client()
        joined = tablet.post("/join", data={"code": session.join_code}, environ_base=SCHOOL)
        assert joined.status_code == 302


def test_a_class_tablet_keeps_its_session_while_the_network_waits(strict, client, db):
    session = gen_pupil_session(db)
    tablet = client.application.test_client()
    assert tablet.get(f"/join/{session.join_code}", environ_base=SCHOOL).status_code == 200
    _wrong_joins(client, 3)
    # the next pupil on the same tablet starts as usual
    again = tablet.get(f"/join/{session.join_code}", environ_base=SCHOOL)
    assert again.status_code == 200
    assert session.class_label in again.get_data(as_text=True)
    # a new device with no cookie yet, typing the code into the address bar, gets in:
    # the network's wrong codes came from a device with a cookie
    newcomer = client.application.test_client()
    assert newcomer.get(f"/join/{session.join_code}", environ_base=SCHOOL).status_code == 200
    # the device that mistyped waits, even with the right code
    assert client.get(f"/join/{session.join_code}", environ_base=SCHOOL).status_code == 429


def test_codes_typed_into_the_address_bar_are_counted_too(strict, client, db):
    for _ in range(3):
        assert client.get(f"/join/{new_join_code()}", environ_base=SCHOOL).status_code == 404
    assert client.post("/join", data={"code": new_join_code()},
                       environ_base=SCHOOL).status_code == 429


def test_wrong_letter_codes_are_counted_with_join_codes(strict, client, app, db):
    link = gen_answer_link(db, single_use_codes=True)
    (code,) = gen_answer_codes(db, link, app.secret_key, count=1)
    _wrong_joins(client, 2)
    wrong = client.post(f"/s/{link.token}", data={"letter_code": "XXXXXXXX"},
                        environ_base=SCHOOL)
    assert wrong.status_code == 400
    blocked = client.post(f"/s/{link.token}", data={"letter_code": code}, environ_base=SCHOOL)
    assert blocked.status_code == 429
    assert "Too many codes" in blocked.get_data(as_text=True)
    # opening the link itself still works: its long token cannot be guessed
    assert client.get(f"/s/{link.token}", environ_base=SCHOOL).status_code == 200


def test_wrong_receipt_codes_are_counted(strict, client, db):
    for n in range(3):
        receipt = receipts.receipt_for(f"never-sent-{n}", "another secret")
        gone = client.post("/withdraw", data={"receipt": receipt}, environ_base=SCHOOL)
        assert gone.status_code == 404
    blocked = client.post("/withdraw", data={"receipt": receipts.receipt_for("x", "y")},
                          environ_base=SCHOOL)
    assert blocked.status_code == 429


def test_the_api_counts_unknown_sessions_and_answers_429_in_json(strict, client, db):
    for _ in range(3):
        response = client.post("/api/submissions", environ_base=SCHOOL, json={
            "submission_id": str(uuid.uuid4()), "session": new_join_code(), "answers": {}})
        assert response.status_code == 404
    blocked = client.post("/api/submissions", environ_base=SCHOOL, json={
        "submission_id": str(uuid.uuid4()), "session": new_join_code(), "answers": {}})
    assert blocked.status_code == 429
    assert "too many wrong codes" in blocked.get_json()["errors"][0]["message"]


def test_staff_sign_in_waits_after_wrong_passwords(strict, client, db):
    user = gen_staff(db, "admin")
    for _ in range(2):
        wrong = client.post("/staff/login", data={"email": user.email, "password": "nope"},
                            environ_base=SCHOOL)
        assert wrong.status_code == 401
    blocked = client.post("/staff/login", data={"email": user.email, "password": PASSWORD},
                          environ_base=SCHOOL)
    assert blocked.status_code == 429
    assert "Too many wrong passwords" in blocked.get_data(as_text=True)
    assert "_user_id" not in _session_keys(client)


def _session_keys(client):
    with client.session_transaction() as sess:
        return set(sess.keys())


def test_a_limit_setting_that_cannot_be_read_is_named():
    with pytest.raises(ConfigError, match=r"WESTCC_FAILED_CODE_LIMIT: expected limits like "
                                          r"'30 per minute; 300 per hour', got 'lots'"):
        create_app({"DATABASE_URL": "sqlite://", "FAILED_CODE_LIMIT": "lots"})


def test_processes_sharing_redis_share_counts_and_keep_no_address(app):
    import redis

    redis_or_skip()
    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()
    settings = {"REDIS_URL": REDIS_URL, "FAILED_CODE_LIMIT": "3 per minute",
                "FAILED_LOGIN_LIMIT": "2 per minute",
                "FAILED_CODE_NO_COOKIE_LIMIT": "3 per minute"}
    one, two = attempts.make_counter(settings), attempts.make_counter(settings)
    with app.test_request_context(environ_base=SCHOOL):
        app.extensions[attempts.EXTENSION], saved = one, app.extensions[attempts.EXTENSION]
        try:
            for _ in range(3):
                attempts.failed("codes")
            app.extensions[attempts.EXTENSION] = two
            assert attempts.wait_seconds("codes") > 0
        finally:
            app.extensions[attempts.EXTENSION] = saved
    stored = b" ".join(client.keys("*"))
    assert stored and b"198.51.100.7" not in stored
    client.flushdb()


def test_when_redis_is_down_counting_goes_on_in_memory(app):
    settings = {"REDIS_URL": "redis://127.0.0.1:1/0", "FAILED_CODE_LIMIT": "3 per minute",
                "FAILED_LOGIN_LIMIT": "2 per minute",
                "FAILED_CODE_NO_COOKIE_LIMIT": "3 per minute"}
    counter = attempts.make_counter(settings)
    with app.test_request_context(environ_base=SCHOOL):
        app.extensions[attempts.EXTENSION], saved = counter, app.extensions[attempts.EXTENSION]
        try:
            assert attempts.wait_seconds("codes") == 0
            for _ in range(3):
                attempts.failed("codes")
            assert attempts.wait_seconds("codes") > 0
        finally:
            app.extensions[attempts.EXTENSION] = saved


def test_behind_a_proxy_each_visitor_is_counted_apart(app):
    proxied = _make_app(app.config["DATABASE_URL"], Path(app.instance_path), PROXY_HOPS=1,
                        FAILED_CODE_LIMIT="3 per minute")
    client = proxied.test_client()
    proxy = {"REMOTE_ADDR": "10.0.0.2"}

    def join(visitor):
        return client.post("/join", data={"code": new_join_code()}, environ_base=proxy,
                           headers={"X-Forwarded-For": visitor}).status_code

    assert [join("198.51.100.7") for _ in range(4)] == [404, 404, 404, 429]
    assert join("203.0.113.40") == 404
    proxied.extensions["westcc_db"]["engine"].dispose()


def test_guessing_codes_through_the_tablet_document_is_counted(strict, client, db):
    session = gen_pupil_session(db)
    for _ in range(3):
        guess = client.get(f"/join/{new_join_code()}/tablet", environ_base=SCHOOL)
        assert guess.status_code == 404
    blocked = client.get(f"/join/{session.join_code}/tablet", environ_base=SCHOOL)
    assert blocked.status_code == 429
    assert session.class_label not in blocked.get_data(as_text=True)


def test_an_ipv6_network_is_counted_as_one_whatever_address_in_it(strict, client, db):
    for host in range(1, 4):  # three addresses of one /64
        wrong = client.application.test_client().post(
            "/join", data={"code": new_join_code()},
            environ_base={"REMOTE_ADDR": f"2001:db8:5:7::{host:x}"})
        assert wrong.status_code == 404
    mistyped = client.application.test_client()
    mistyped.get("/join", environ_base={"REMOTE_ADDR": "2001:db8:5:7::99"})
    mistyped.post("/join", data={"code": new_join_code()},
                  environ_base={"REMOTE_ADDR": "2001:db8:5:7::99"})
    guess = mistyped.post("/join", data={"code": new_join_code()},
                          environ_base={"REMOTE_ADDR": "2001:db8:5:7:ffff::1"})
    assert guess.status_code == 429  # past the network's ceiling of 3
    other = mistyped.post("/join", data={"code": new_join_code()},
                          environ_base={"REMOTE_ADDR": "2001:db8:5:8::1"})
    assert other.status_code == 404  # the next /64 is another network
