"""Wrong codes counted per device as well as per address: a class cannot trip the limit,
a guesser who drops cookies still hits the address ceiling, a school lead lifts blocks."""

from __future__ import annotations

import pytest
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
DEVICE_LIMIT, CEILING, NEW_DEVICES = 3, 12, 40


@pytest.fixture
def limits(app):
    """Small limits, counted afresh: 3 wrong codes a device, 12 an address."""
    saved = app.extensions[attempts.EXTENSION]
    app.extensions[attempts.EXTENSION] = attempts.make_counter({
        "FAILED_CODE_LIMIT": f"{CEILING} per hour",
        "FAILED_CODE_DEVICE_LIMIT": f"{DEVICE_LIMIT} per hour",
        "FAILED_LOGIN_LIMIT": "6 per hour", "FAILED_LOGIN_DEVICE_LIMIT": "2 per hour",
        "NEW_DEVICE_LIMIT": f"{NEW_DEVICES} per hour"})
    attempts._MEMORY_SCHOOLS.clear()
    yield app
    app.extensions[attempts.EXTENSION] = saved
    attempts._MEMORY_SCHOOLS.clear()


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


def test_clean_tablets_still_join_when_the_address_is_over_its_ceiling(limits, db):
    session = gen_pupil_session(db)
    tablets = [tablet(limits) for _ in range(30)]
    for mistyping in tablets[:CEILING // DEVICE_LIMIT]:
        for _ in range(DEVICE_LIMIT):
            assert join(mistyping, new_join_code()) == 404
    newcomer = limits.test_client()  # no cookie: counted by the address alone
    assert join(newcomer, session.join_code) == 429
    clean = tablets[CEILING // DEVICE_LIMIT:]
    assert [join(t, session.join_code) for t in clean] == [302] * len(clean)
    # a tablet that failed waits with the rest of the network, even with the right code
    assert join(tablets[0], session.join_code) == 429


def test_a_guesser_who_drops_cookies_hits_the_address_ceiling(limits, db):
    session = gen_pupil_session(db)
    checked = 0
    for _ in range(200):
        guesser = limits.test_client()  # a fresh browser every time
        guesser.get("/join", environ_base=SCHOOL)  # takes a cookie while any are given
        status = join(guesser, new_join_code())
        assert status in (404, 429)
        checked += status == 404
    # past the ceiling each fresh cookie buys one more guess, and cookies run out too
    assert checked <= CEILING + NEW_DEVICES
    assert checked >= CEILING
    late = limits.test_client()
    late.get("/join", environ_base=SCHOOL)
    assert join(late, session.join_code) == 429  # no cookie left to hand out: waits
    assert join(limits.test_client(), session.join_code, ELSEWHERE) == 302


def test_a_forged_device_cookie_counts_as_no_device(limits, db):
    session = gen_pupil_session(db)
    for _ in range(CEILING):
        join(limits.test_client(), new_join_code())
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
                "FAILED_CODE_DEVICE_LIMIT": "2 per hour", "NEW_DEVICE_LIMIT": "50 per hour"}
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
        stored = b" ".join(store.keys("*"))
        assert stored and b"198.51.100.7" not in stored
        assert pupil.get_cookie(attempts.DEVICE_COOKIE).value.encode() not in stored
    finally:
        app.extensions[attempts.EXTENSION] = saved
        app.config["REDIS_URL"] = saved_url
        app.extensions.pop("westcc_redis", None)
        store.flushdb()
