"""Limits on wrong guesses at what opens a door, that one mistyping pupil cannot trip.

Class join codes, letter codes and receipt codes are short enough to type on a tablet,
and staff passwords are chosen by people: someone trying one after another must be
stopped. Only *wrong* attempts count, so a class of thirty joining from one school
address is never slowed.

Wrong attempts are counted per **device** (a signed random cookie, ``westcc_device``,
given out at the doors that take a code, good for a week) with a low limit, and per
**network address** with a higher ceiling. Requests that carry no genuine cookie (a
first visit that skipped the form, cookies cleared, a cookie refused or past its week,
an address that has been given its share of new cookies) are one more "device" per
address, the **cookieless** one, with a limit of its own. So:

- one pupil mistyping again and again stops only their own tablet;
- a device that has typed no wrong code today is never refused, even while its address
  is over the ceiling: the other 29 tablets of a class still join;
- a cookieless request is checked against the cookieless count of its address only, so
  wrong codes typed on tablets with cookies never refuse a cookieless tablet's right
  code; only wrong codes typed without a cookie at that address can;
- a guesser who throws the cookie away is held to the cookieless limit; one who keeps
  fresh cookies gets one try per cookie per day past the ceiling, and new cookies per
  address are limited (``NEW_DEVICE_LIMIT``) and last a week, so they cannot be hoarded.
  docs/wrong-code-limits.md has the arithmetic.

Counts are kept under keyed hashes, so no address or cookie is stored, not even in
Redis; the cookie is never stored with an answer. With ``WESTCC_REDIS_URL`` set every
process shares the counts; without it each process keeps its own. If Redis cannot be
reached, counting falls back to the process's memory: nobody is refused a survey because
Redis is down.

A school lead can lift the blocks of the networks and devices seen at their school's
class sessions (staff/blocks.py): joins record which school an address and a device
belong to for a day (``note_school``).

Views ask ``wait_seconds(kind)`` before checking a code and call ``failed(kind)`` when
it was wrong; ``give_device_cookie(response)`` hands out the cookie.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import logging
import math
import secrets
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import Flask, Response, current_app, g, request
from itsdangerous import BadSignature, TimestampSigner
from limits import RateLimitItem, parse_many
from limits.storage import MemoryStorage, Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

from . import shared_redis

log = logging.getLogger(__name__)

#: What is counted, and the settings that limit it: per address, per device, and per
#: address for requests without a genuine device cookie.
KINDS = {
    # Wrong class join codes, letter codes and receipt codes: one count for all three,
    # so spreading guesses over the three doors gains nothing.
    "codes": ("FAILED_CODE_LIMIT", "FAILED_CODE_DEVICE_LIMIT",
              "FAILED_CODE_NO_COOKIE_LIMIT"),
    "staff_login": ("FAILED_LOGIN_LIMIT", "FAILED_LOGIN_DEVICE_LIMIT",
                    "FAILED_LOGIN_NO_COOKIE_LIMIT"),
}
#: How long a device's wrong attempt takes away its pass past the address ceiling: a
#: cookie buys at most one try a day past it, however its own windows run.
FAILED_TODAY = "1 per day"
#: Device cookies given out per address: past it, a guesser cannot buy fresh devices.
NEW_DEVICE = "new_device"
NEW_DEVICE_SETTING = "NEW_DEVICE_LIMIT"
#: Every setting that holds limits, for the start-up check.
LIMIT_SETTINGS = (*(s for names in KINDS.values() for s in names), NEW_DEVICE_SETTING)
DEVICE_COOKIE = "westcc_device"
#: A device cookie is good for a week, then the device is given a new one (counted as a
#: new device), so nobody can hoard cookies to spend all at once.
DEVICE_COOKIE_DAYS = 7
#: How long a join ties an address or a device to a school, for lifting its blocks.
SCHOOL_MEMORY_SECONDS = 24 * 3600
EXTENSION = "westcc_attempts"


class LimitSettingError(ValueError):
    """A limit setting cannot be read; the message names it and the expected form."""


def parse_limits(setting: str, value: str) -> list[RateLimitItem]:
    """``"30 per minute; 300 per hour"`` -> limit items, or a clear error."""
    try:
        items = parse_many(value) if str(value).strip() else []
    except ValueError:
        items = []
    if not items:
        raise LimitSettingError(
            f"WESTCC_{setting}: expected limits like '30 per minute; 300 per hour', "
            f"got {value!r}")
    return items


@dataclass
class Counter:
    limits: dict[str, list[RateLimitItem]]
    storage: Storage
    fallback: MemoryStorage
    using_fallback: bool = False

    def _limiter(self) -> MovingWindowRateLimiter:
        return MovingWindowRateLimiter(self.fallback if self.using_fallback else self.storage)

    def _call(self, action):
        if not self.using_fallback:
            try:
                return action(self._limiter())
            except Exception as exc:  # noqa: BLE001 - any storage failure
                log.warning("attempt counting moved to this process's memory: %s: %s",
                            type(exc).__name__, exc)
                self.using_fallback = True
        return action(self._limiter())

    def wait_seconds(self, kind: str, key: str) -> int:
        def check(limiter: MovingWindowRateLimiter) -> int:
            waits = []
            for item in self.limits[kind]:
                if not limiter.test(item, kind, key):
                    reset = limiter.get_window_stats(item, kind, key).reset_time
                    waits.append(max(1, math.ceil(reset - time.time())))
            return max(waits, default=0)

        return self._call(check)

    def failed(self, kind: str, key: str) -> None:
        def hit(limiter: MovingWindowRateLimiter) -> None:
            for item in self.limits[kind]:
                limiter.hit(item, kind, key)

        self._call(hit)

    def count(self, kind: str, key: str) -> int:
        """Wrong attempts counted in the longest window of ``kind``'s limits."""
        def read(limiter: MovingWindowRateLimiter) -> int:
            longest = max(self.limits[kind], key=lambda item: item.get_expiry())
            return longest.amount - limiter.get_window_stats(longest, kind, key).remaining

        return self._call(read)

    def clear(self, kind: str, key: str) -> None:
        def forget(limiter: MovingWindowRateLimiter) -> None:
            for item in self.limits[kind]:
                limiter.clear(item, kind, key)

        self._call(forget)


def _setting(config: Mapping[str, Any], name: str) -> Any:
    from .config import DEFAULTS

    return config[name] if name in config else DEFAULTS[name]


def make_counter(config: Mapping[str, Any]) -> Counter:
    """A counter with the limits and storage the settings ask for (defaults for any
    limit the settings leave out)."""
    limits = {}
    for kind, (address_setting, device_setting, cookieless_setting) in KINDS.items():
        limits[kind] = parse_limits(address_setting, _setting(config, address_setting))
        limits[f"{kind}:device"] = parse_limits(device_setting,
                                                _setting(config, device_setting))
        limits[f"{kind}:cookieless"] = parse_limits(cookieless_setting,
                                                    _setting(config, cookieless_setting))
        limits[f"{kind}:today"] = parse_many(FAILED_TODAY)
    limits[NEW_DEVICE] = parse_limits(NEW_DEVICE_SETTING,
                                      _setting(config, NEW_DEVICE_SETTING))
    storage = storage_from_string(config.get("REDIS_URL") or "memory://")
    return Counter(limits, storage, MemoryStorage())


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION] = make_counter(app.config)


def _keyed(value: str) -> str:
    return hmac.new(current_app.secret_key.encode(), value.encode(),
                    hashlib.sha256).hexdigest()[:32]


def _network(address: str) -> str:
    """What one network is counted as: its address, or an IPv6 address's /64, since one
    home or school is given a whole /64 and a guesser could use every address in it."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 4:
        return str(ip)
    if ip.ipv4_mapped is not None:
        return str(ip.ipv4_mapped)
    return str(ipaddress.ip_network(f"{ip}/64", strict=False))


def _address_key() -> str:
    """The keyed hash of this request's network, worked out once per request (the limit
    before the view and the cookie after it both ask)."""
    address = request.remote_addr or ""
    checked = g.get("westcc_address_key")
    if checked is not None and checked[0] == address:
        return checked[1]
    key = _keyed(_network(address))
    g.westcc_address_key = (address, key)
    return key


def _signer() -> TimestampSigner:
    return TimestampSigner(current_app.secret_key, salt="westcc-device")


def _device_key() -> str | None:
    """The keyed hash of this device's cookie, or None without a genuine one given out
    in the last ``DEVICE_COOKIE_DAYS``.

    Checked once per request (the limit before it and the cookie after it both ask)."""
    raw = request.cookies.get(DEVICE_COOKIE, "")
    if not raw or len(raw) > 200:
        return None
    checked = g.get("westcc_device_key")
    if checked is not None and checked[0] == raw:
        return checked[1]
    try:
        token = _signer().unsign(raw, max_age=DEVICE_COOKIE_DAYS * 24 * 3600).decode()
        key = _keyed(f"device:{token}")
    except BadSignature:  # also an expired one (SignatureExpired)
        key = None
    g.westcc_device_key = (raw, key)
    return key


def _counter() -> Counter:
    return current_app.extensions[EXTENSION]


def wait_seconds(kind: str) -> int:
    """Seconds this device (or address) must wait before trying again (0: try now).

    Without a genuine cookie, the address's cookieless count alone decides. A device over
    its own limit waits. An address over its ceiling makes a device wait too, unless the
    device has typed no wrong attempt today.
    """
    counter, device, address = _counter(), _device_key(), _address_key()
    if device is None:
        return counter.wait_seconds(f"{kind}:cookieless", address)
    if wait := counter.wait_seconds(f"{kind}:device", device):
        return wait
    wait = counter.wait_seconds(kind, address)
    if wait and counter.count(f"{kind}:today", device) == 0:
        return 0
    return wait


def failed(kind: str) -> None:
    """Count one wrong attempt from this device (or the address's cookieless requests)
    and this address."""
    counter, device, address = _counter(), _device_key(), _address_key()
    counter.failed(kind, address)
    if device is None:
        counter.failed(f"{kind}:cookieless", address)
    else:
        counter.failed(f"{kind}:device", device)
        counter.failed(f"{kind}:today", device)
        _remember(f"net:{address}", f"d:{device}")
        for school_id in schools_of(f"a:{address}"):
            _remember(school_id, f"d:{device}")


def give_device_cookie(response: Response) -> Response:
    """Give a device without a genuine cookie one, unless this address has had too many
    new ones lately (then it is counted by its address only)."""
    if _device_key() is not None:
        return response
    counter, address = _counter(), _address_key()
    if counter.wait_seconds(NEW_DEVICE, address):
        return response
    counter.failed(NEW_DEVICE, address)
    value = _signer().sign(secrets.token_urlsafe(18)).decode()
    response.set_cookie(DEVICE_COOKIE, value, max_age=DEVICE_COOKIE_DAYS * 24 * 3600,
                        secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")),
                        httponly=True, samesite="Lax")
    return response


# --- which school a network or device belongs to, so its lead can lift its blocks ------

#: Members remembered for a day per group: a school (its id) or a network ("net:" and
#: the address's keyed hash, holding the devices that typed wrong codes there).
_MEMORY_SCHOOLS: dict[int | str, dict[str, float]] = {}
_MEMORY_LOCK = threading.Lock()


def _redis_key(group: int | str) -> str:
    return f"westcc:attempt-school:{group}"


def _remember(group: int | str, member: str) -> None:
    client = shared_redis.connection()
    if client is not None:
        try:
            client.zadd(_redis_key(group), {member: time.time()})
            client.expire(_redis_key(group), SCHOOL_MEMORY_SECONDS)
            return
        except Exception as exc:  # noqa: BLE001 - Redis down: this process remembers
            log.warning("school of a network kept in memory: %s", type(exc).__name__)
    with _MEMORY_LOCK:
        _MEMORY_SCHOOLS.setdefault(group, {})[member] = time.time()


def _members(group: int | str) -> dict[str, float]:
    since = time.time() - SCHOOL_MEMORY_SECONDS
    found: dict[str, float] = {}
    client = shared_redis.connection()
    if client is not None:
        try:
            client.zremrangebyscore(_redis_key(group), 0, since)
            found = {m.decode(): score for m, score in
                     client.zrange(_redis_key(group), 0, -1, withscores=True)}
        except Exception as exc:  # noqa: BLE001 - Redis down: what this process knows
            log.warning("schools of networks read from memory: %s", type(exc).__name__)
    with _MEMORY_LOCK:
        mine = _MEMORY_SCHOOLS.get(group, {})
        for member, seen in list(mine.items()):
            if seen < since:
                del mine[member]
            else:
                found[member] = max(seen, found.get(member, 0))
    return found


def schools_of(member: str) -> list[int]:
    """Schools a network (``a:``) or device (``d:``) was seen joining for in the last day."""
    client = shared_redis.connection()
    schools = set()
    if client is not None:
        try:
            for key in client.scan_iter(match=_redis_key("[0-9]*"), count=200):
                if client.zscore(key, member) is not None:
                    schools.add(int(key.decode().rsplit(":", 1)[1]))
        except Exception as exc:  # noqa: BLE001
            log.warning("schools of a network read from memory: %s", type(exc).__name__)
    with _MEMORY_LOCK:
        schools.update(s for s, members in _MEMORY_SCHOOLS.items()
                       if isinstance(s, int) and member in members)
    return sorted(schools)


def note_school(school_id: int) -> None:
    """This request joined a class session of ``school_id``: tie its address and device
    to the school for a day, and the devices that typed wrong codes on that network
    before it was known to be the school's."""
    address = _address_key()
    _remember(school_id, f"a:{address}")
    device = _device_key()
    if device is not None:
        _remember(school_id, f"d:{device}")
    for member in _members(f"net:{address}"):
        _remember(school_id, member)


@dataclass(frozen=True)
class Blocked:
    """A network or device seen at a school, with its wrong codes (no address in it)."""

    kind: str  # "network" or "device"
    member: str
    wrong: int
    wait: int
    here: bool  # the network or device of the person looking


#: What a network (``a:``) or device (``d:``) member is counted under: shown, then cleared.
_MEMBER_COUNTS = {"a": ("codes", "codes:cookieless"), "d": ("codes:device", "codes:today")}


def blocks_for_school(school_id: int) -> list[Blocked]:
    """The networks and devices of the school's class sessions that typed wrong codes, and
    the network of the person asking if it did: blocked ones first."""
    counter = _counter()
    members = set(_members(school_id)) | {f"a:{_address_key()}"}
    here = {f"a:{_address_key()}", f"d:{_device_key()}"}
    found = []
    for member in sorted(members):
        scope, key = member.split(":", 1)
        shown, other = _MEMBER_COUNTS[scope]
        wrong = counter.count(shown, key)
        if wrong:
            # a network also blocks its cookieless requests past their own limit
            wait = max(counter.wait_seconds(shown, key),
                       counter.wait_seconds(other, key) if scope == "a" else 0)
            found.append(Blocked("network" if scope == "a" else "device", member, wrong,
                                 wait, member in here))
    return sorted(found, key=lambda b: (-b.wait, b.kind != "network", -b.wrong))


def lift(blocks: list[Blocked]) -> None:
    """Forget the wrong codes of these networks and devices: they may try again at once."""
    counter = _counter()
    for block in blocks:
        scope, key = block.member.split(":", 1)
        for kind in _MEMBER_COUNTS[scope]:
            counter.clear(kind, key)


def minutes(seconds: int) -> int:
    """Whole minutes to tell a person to wait (at least one)."""
    return max(1, math.ceil(seconds / 60))
