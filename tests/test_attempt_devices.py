"""Wrong codes counted per device as well as per address: a class cannot trip the limit,
a guesser who drops cookies still hits the address ceiling, a school lead lifts blocks."""

from __future__ import annotations

import time

import pytest
from itsdangerous import TimestampSigner
from sqlalchemy import select

from westcc_voice import attempts
from westcc_voice.models import AuditEvent
from westcc_voice.staff.codes import new_join_code

from .helpers import (
    PASSWORD,
    REDIS_URL,
    gen_pupil_session,
    gen_school,
    gen_staff,
    redis_or_skip,
)

SCHOOL = {"REMOTE_ADDR": "198.51.100.7"}
ELSEWHERE = {"REMOTE_ADDR": "203.0.113.40"}
DEVICE_LIMIT, CEILING, NO_COOKIE, NEW_DEVICES = 3, 12, 5, 40
LIMITS = {"FAILED_CODE_LIMIT": f"{CEILING} per hour",
          "FAILED_CODE_DEVICE_LIMIT": f"{DEVICE_LIMIT} per hour",
          "FAILED_CODE_NO_COOKIE_LIMIT": f"{NO_COOKIE} per hour",
          "FAILED_LOGIN_LIMIT": "6 per hour", "FAILED_LOGIN_DEVICE_LIMIT": "2 per hour",
          "NEW_DEVICE_LIMIT": f"{NEW_DEVICES} per hour"}


def recount(app, **changes) -> None:
    """Count afresh with the small limits (and any changes), where the app counts now."""
    settings = {**LIMITS, "REDIS_URL": app.config["REDIS_URL"], **changes}
    app.extensions[attempts.EXTENSION] = attempts.make_counter(settings)


@pytest.fixture(params=["memory", "redis"])
def limits(request, app):
    """Small limits, counted afresh in this process's memory or in Redis: 3 wrong codes a
    device, 12 an address, 5 without a cookie, 40 new cookies an address."""
    import redis

    saved, saved_url = app.extensions[attempts.EXTENSION], app.config["REDIS_URL"]
    store = None
    if request.param == "redis":
        redis_or_skip()
        store = redis.Redis.from_url(REDIS_URL)
        store.flushdb()
        app.config["REDIS_URL"] = REDIS_URL
        app.extensions.pop("westcc_redis", None)
    recount(app)
    attempts._MEMORY_SCHOOLS.clear()
    yield app
    app.extensions[attempts.EXTENSION] = saved
    app.config["REDIS_URL"] = saved_url
    app.extensions.pop("westcc_redis", None)
    attempts._MEMORY_SCHOOLS.clear()
    if store is not None:
        store.flushdb()


def tablet(app, environ=SCHOOL):
    """A tablet that opened the join page, and so holds a device cookie."""
    client = app.test_client()
    assert client.get("/join", environ_base=environ).status_code == 200
    assert client.get_cookie(attempts.DEVICE_COOKIE) is not None
    return client


def join(client, code, environ=SCHOOL) -> int:
    return client.post("/join", data={"code": code}, environ_base=environ).status_code


def test_thirty_tablets_behind_one_address_join_while_one_pupil_mistypes(limits, db):
    session = gen_pupil_session(db)
    tablets = [tablet(limits) for _ in range(30)]
    mistyping = tablets[0]
    tries = [join(mistyping, new_join_code()) for _ in range(40)]
    assert tries[:DEVICE_LIMIT] == [404] * DEVICE_LIMIT
    assert set(tries[DEVICE_LIMIT:]) == {429}  # only their own tablet waits
    assert [join(t, session.join_code) for t in tablets[1:]] == [302] * 29


def test_five_tablets_mistyping_block_neither_the_class_nor_a_fresh_cookieless_tablet(
        limits, db):
    session = gen_pupil_session(db)
    tablets = [tablet(limits) for _ in range(30)]
    mistyping, slip, clean = tablets[:5], tablets[5], tablets[6:]
    counted = 0
    for mistyper in mistyping:
        tries = [join(mistyper, new_join_code()) for _ in range(8)]
        # each tablet's first wrong code is checked; after its own limit it waits
        assert tries[0] == 404 and set(tries[DEVICE_LIMIT:]) == {429}
        counted += tries.count(404)
    # the school's address is past its ceiling of 12 ...
    assert counted > CEILING
    # ... so a tablet that mistypes now has its code checked once, then waits
    assert join(slip, new_join_code()) == 404
    assert join(slip, session.join_code) == 429
    # a tablet with no cookie at all (first visit, cookies cleared or refused) gets in
    fresh = limits.test_client()
    assert fresh.get_cookie(attempts.DEVICE_COOKIE) is None
    assert join(fresh, session.join_code) == 302
    # and so does the rest of the class, while the tablets that failed still wait
    assert [join(t, session.join_code) for t in clean] == [302] * len(clean)
    assert [join(t, session.join_code) for t in mistyping] == [429] * len(mistyping)


def test_a_guesser_who_drops_cookies_gets_one_try_per_cookie_and_the_cookieless_ones(
        limits, db):
    session = gen_pupil_session(db)
    kept = tablet(limits)  # a class tablet that had its cookie before the guessing
    checked = 0
    for _ in range(120):
        guesser = limits.test_client()  # a fresh browser every time
        guesser.get("/join", environ_base=SCHOOL)  # takes a cookie while any are given
        status = join(guesser, new_join_code())
        assert status in (404, 429)
        checked += status == 404
    # each cookie given out at the address buys one guess, and requests without one
    # share the address's cookieless allowance: no more, however many browsers
    assert checked == (NEW_DEVICES - 1) + NO_COOKIE
    # the class tablet that has typed nothing wrong still joins
    assert join(kept, session.join_code) == 302
    # a cookieless device at that address now waits (a school lead can lift it) ...
    assert join(limits.test_client(), session.join_code) == 429
    # ... and other networks are not affected
    assert join(limits.test_client(), session.join_code, ELSEWHERE) == 302


def test_hoarded_cookies_buy_one_try_a_day_past_the_ceiling(limits, db):
    recount(limits, FAILED_CODE_DEVICE_LIMIT="1 per second")
    hoard = [tablet(limits) for _ in range(CEILING)]
    assert [join(c, new_join_code()) for c in hoard] == [404] * CEILING
    time.sleep(1.1)  # each device's own limit has let go; the address is at its ceiling
    assert [join(c, new_join_code()) for c in hoard] == [429] * CEILING


def test_a_device_cookie_a_week_old_counts_as_none_and_is_renewed(limits, db,
                                                                  monkeypatch):
    session = gen_pupil_session(db)
    with monkeypatch.context() as then:
        then.setattr(TimestampSigner, "get_timestamp",
                     lambda self: int(time.time()) - (attempts.DEVICE_COOKIE_DAYS + 1) * 86400)
        old = tablet(limits)
    stale = old.get_cookie(attempts.DEVICE_COOKIE).value
    for _ in range(NO_COOKIE):  # cookieless guesses use up the address's allowance
        assert join(limits.test_client(), new_join_code()) == 404
    assert join(old, session.join_code) == 429  # the stale cookie buys nothing
    assert old.get_cookie(attempts.DEVICE_COOKIE).value != stale
    assert join(old, session.join_code) == 302  # with its renewed cookie it joins


def test_a_forged_device_cookie_counts_as_no_device(limits, db):
    session = gen_pupil_session(db)
    for _ in range(NO_COOKIE):
        assert join(limits.test_client(), new_join_code()) == 404
    forger = limits.test_client()
    forger.set_cookie(attempts.DEVICE_COOKIE, "made-up.value")
    assert join(forger, session.join_code) == 429


def test_one_device_with_wrong_passwords_does_not_stop_a_colleague_signing_in(limits, db):
    user = gen_staff(db, "teacher", gen_school(db))
    typo, colleague = limits.test_client(), limits.test_client()
    for client in (typo, colleague):
        client.get("/staff/login", environ_base=SCHOOL)
    statuses = [typo.post("/staff/login", data={"email": user.email, "password": "nope"},
                          environ_base=SCHOOL).status_code for _ in range(4)]
    assert statuses == [401, 401, 429, 429]
    signed_in = colleague.post("/staff/login", data={"email": user.email,
                                                     "password": PASSWORD},
                               environ_base=SCHOOL)
    assert signed_in.status_code == 302


def test_a_school_lead_lifts_the_blocks_of_their_schools_tablets(limits, db, client,
                                                                 actions):
    school, other = gen_school(db), gen_school(db)
    session = gen_pupil_session(db, school=school)
    lead = gen_staff(db, "school_lead", school)
    other_lead = gen_staff(db, "school_lead", other)
    joined = tablet(limits)
    assert join(joined, session.join_code) == 302
    # the tablet arrives at its session's start page: its network is now the school's
    assert joined.get(f"/join/{session.join_code}", environ_base=SCHOOL).status_code == 200
    mistyping = tablet(limits)
    for _ in range(CEILING):
        join(mistyping, new_join_code())
    assert join(mistyping, session.join_code) == 429

    actions.login(other_lead)
    assert "Nothing is blocked" in client.get("/staff/blocks/").get_data(as_text=True)
    actions.logout()

    actions.login(lead)
    page = client.get("/staff/blocks/").get_data(as_text=True)
    assert "A school network" in page and "A tablet or computer" in page
    assert "198.51.100.7" not in page
    lifted = client.post("/staff/blocks/lift", follow_redirects=True)
    assert "Lifted: 1 network(s) and 1 device(s)" in lifted.get_data(as_text=True)
    assert join(mistyping, session.join_code) == 302
    [event] = db.scalars(select(AuditEvent).where(
        AuditEvent.action == "attempts.blocks_lifted"))
    assert event.actor_id == lead.id and event.target == f"school:{school.id}"
    assert event.detail["networks"] == 1 and event.detail["devices"] == 1

    # wrong codes typed without a cookie use up the school network's cookieless
    # allowance: a new tablet without a cookie waits until the lead lifts that too
    for _ in range(NO_COOKIE):
        assert join(limits.test_client(), new_join_code()) == 404
    assert join(limits.test_client(), session.join_code) == 429
    page = client.get("/staff/blocks/").get_data(as_text=True)
    assert "<strong>Blocked</strong>" in page and "A school network" in page
    client.post("/staff/blocks/lift")
    assert join(limits.test_client(), session.join_code) == 302


def test_only_leads_and_admins_may_lift_and_an_admin_picks_the_school(limits, db, client,
                                                                      actions):
    school = gen_school(db, name="Canny Primary")
    gen_school(db, name="Other Academy")
    actions.login(gen_staff(db, "teacher", school))
    assert client.get("/staff/blocks/").status_code == 403
    assert client.post("/staff/blocks/lift").status_code == 403
    actions.logout()
    actions.login(gen_staff(db, "admin"))
    page = client.get("/staff/blocks/").get_data(as_text=True)
    assert '<label for="school">School</label>' in page and "Other Academy" in page
    assert client.get(f"/staff/blocks/?school={school.id}").status_code == 200
    assert client.get("/staff/blocks/?school=99999").status_code == 404


def test_with_redis_every_process_shares_device_counts_and_schools(app, db, client,
                                                                   actions):
    """Two processes (two counters) behind one Redis: a device blocked in one is blocked
    in the other, and a lead lifts through either; Redis holds no address or cookie."""
    import redis

    redis_or_skip()
    store = redis.Redis.from_url(REDIS_URL)
    store.flushdb()
    settings = {"REDIS_URL": REDIS_URL, "FAILED_CODE_LIMIT": "50 per hour",
                "FAILED_CODE_DEVICE_LIMIT": "2 per hour", "NEW_DEVICE_LIMIT": "50 per hour",
                "FAILED_CODE_NO_COOKIE_LIMIT": "2 per hour"}
    one, two = attempts.make_counter(settings), attempts.make_counter(settings)
    saved, saved_url = app.extensions[attempts.EXTENSION], app.config["REDIS_URL"]
    app.config["REDIS_URL"] = REDIS_URL
    app.extensions.pop("westcc_redis", None)
    attempts._MEMORY_SCHOOLS.clear()
    try:
        school = gen_school(db)
        session = gen_pupil_session(db, school=school)
        app.extensions[attempts.EXTENSION] = one
        pupil = tablet(app)
        assert pupil.get(f"/join/{session.join_code}", environ_base=SCHOOL).status_code == 200
        for _ in range(2):
            join(pupil, new_join_code())
        app.extensions[attempts.EXTENSION] = two
        assert join(pupil, session.join_code) == 429
        actions.login(gen_staff(db, "school_lead", school))
        client.post("/staff/blocks/lift")
        app.extensions[attempts.EXTENSION] = one
        assert join(pupil, session.join_code) == 302
        # cookieless wrong codes counted in one process hold back the other's too
        for _ in range(2):
            assert join(app.test_client(), new_join_code()) == 404
        app.extensions[attempts.EXTENSION] = two
        assert join(app.test_client(), session.join_code) == 429
        stored = b" ".join(store.keys("*"))
        assert stored and b"198.51.100.7" not in stored
        assert pupil.get_cookie(attempts.DEVICE_COOKIE).value.encode() not in stored
    finally:
        app.extensions[attempts.EXTENSION] = saved
        app.config["REDIS_URL"] = saved_url
        app.extensions.pop("westcc_redis", None)
        store.flushdb()
