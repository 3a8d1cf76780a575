"""Limits on wrong guesses at what opens a door, that one mistyping pupil cannot trip.

Class join codes, letter codes and receipt codes are short enough to type on a tablet,
and staff passwords are chosen by people: someone trying one after another must be
stopped. Only *wrong* attempts count, so a class of thirty joining from one school
address is never slowed.

Wrong attempts are counted twice: per **device** (a signed random cookie,
``westcc_device``, given out at the doors that take a code) with a low limit, and per
**network address** with a higher ceiling. So:

- one pupil mistyping again and again stops only their own tablet;
- a device that has not typed a wrong code within its limits' windows is never
  refused, even while its address is over the ceiling: the other 29 tablets of a
  class still join;
- a guesser who throws the cookie away after every try is stopped by the address
  ceiling; past it, each fresh cookie buys one more try, and new cookies per address
  are limited too (``NEW_DEVICE_LIMIT``). docs/wrong-code-limits.md has the arithmetic.

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
import logging
import math
import secrets
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import Flask, Response, current_app, g, request
from itsdangerous import BadSignature, Signer
from limits import RateLimitItem, parse_many
from limits.storage import MemoryStorage, Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

from . import shared_redis

log = logging.getLogger(__name__)

#: What is counted, and the setting that limits it: per address and per device.
KINDS = {
    # Wrong class join codes, letter codes and receipt codes: one count for all three,
    # so spreading guesses over the three doors gains nothing.
    "codes": ("FAILED_CODE_LIMIT", "FAILED_CODE_DEVICE_LIMIT"),
    "staff_login": ("FAILED_LOGIN_LIMIT", "FAILED_LOGIN_DEVICE_LIMIT"),
}
#: Device cookies given out per address: past it, a guesser cannot buy fresh devices.
NEW_DEVICE = "new_device"
NEW_DEVICE_SETTING = "NEW_DEVICE_LIMIT"
#: Every setting that holds limits, for the start-up check.
LIMIT_SETTINGS = (*(s for pair in KINDS.values() for s in pair), NEW_DEVICE_SETTING)
DEVICE_COOKIE = "westcc_device"
DEVICE_COOKIE_DAYS = 365
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
    for kind, (address_setting, device_setting) in KINDS.items():
        limits[kind] = parse_limits(address_setting, _setting(config, address_setting))
        limits[f"{kind}:device"] = parse_limits(device_setting,
                                                _setting(config, device_setting))
    limits[NEW_DEVICE] = parse_limits(NEW_DEVICE_SETTING,
                                      _setting(config, NEW_DEVICE_SETTING))
    storage = storage_from_string(config.get("REDIS_URL") or "memory://")
    return Counter(limits, storage, MemoryStorage())


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION] = make_counter(app.config)


def _keyed(value: str) -> str:
    return hmac.new(current_app.secret_key.encode(), value.encode(),
                    hashlib.sha256).hexdigest()[:32]


def _address_key() -> str:
    return _keyed(request.remote_addr or "")


def _signer() -> Signer:
    return Signer(current_app.secret_key, salt="westcc-device")


def _device_key() -> str | None:
    """The keyed hash of this device's cookie, or None without a genuine one.

    Checked once per request (the limit before it and the cookie after it both ask)."""
    raw = request.cookies.get(DEVICE_COOKIE, "")
    if not raw or len(raw) > 200:
        return None
    checked = g.get("westcc_device_key")
    if checked is not None and checked[0] == raw:
        return checked[1]
    try:
        key = _keyed(f"device:{_signer().unsign(raw).decode()}")
    except BadSignature:
        key = None
    g.westcc_device_key = (raw, key)
    return key


def _counter() -> Counter:
    return current_app.extensions[EXTENSION]


def wait_seconds(kind: str) -> int:
    """Seconds this device (or address) must wait before trying again (0: try now).

    A device over its own limit waits. An address over its ceiling waits too, unless the
    device asking has a genuine cookie and no wrong attempt counted against it.
    """
    counter, device = _counter(), _device_key()
    if device is not None and (wait := counter.wait_seconds(f"{kind}:device", device)):
        return wait
    wait = counter.wait_seconds(kind, _address_key())
    if wait and device is not None and counter.count(f"{kind}:device", device) == 0:
        return 0
    return wait


def failed(kind: str) -> None:
    """Count one wrong attempt from this device and this address."""
    counter, device, address = _counter(), _device_key(), _address_key()
    counter.failed(kind, address)
    if device is not None:
        counter.failed(f"{kind}:device", device)
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

_MEMORY_SCHOOLS: dict[int, dict[str, float]] = {}
_MEMORY_LOCK = threading.Lock()


def _redis_key(school_id: int) -> str:
    return f"westcc:attempt-school:{school_id}"


def _remember(school_id: int, member: str) -> None:
    client = shared_redis.connection()
    if client is not None:
        try:
            client.zadd(_redis_key(school_id), {member: time.time()})
            client.expire(_redis_key(school_id), SCHOOL_MEMORY_SECONDS)
            return
        except Exception as exc:  # noqa: BLE001 - Redis down: this process remembers
            log.warning("school of a network kept in memory: %s", type(exc).__name__)
    with _MEMORY_LOCK:
        _MEMORY_SCHOOLS.setdefault(school_id, {})[member] = time.time()


def _members(school_id: int) -> dict[str, float]:
    since = time.time() - SCHOOL_MEMORY_SECONDS
    found: dict[str, float] = {}
    client = shared_redis.connection()
    if client is not None:
        try:
            client.zremrangebyscore(_redis_key(school_id), 0, since)
            found = {m.decode(): score for m, score in
                     client.zrange(_redis_key(school_id), 0, -1, withscores=True)}
        except Exception as exc:  # noqa: BLE001 - Redis down: what this process knows
            log.warning("schools of networks read from memory: %s", type(exc).__name__)
    with _MEMORY_LOCK:
        mine = _MEMORY_SCHOOLS.get(school_id, {})
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
            for key in client.scan_iter(match=_redis_key("*"), count=200):
                if client.zscore(key, member) is not None:
                    schools.add(int(key.decode().rsplit(":", 1)[1]))
        except Exception as exc:  # noqa: BLE001
            log.warning("schools of a network read from memory: %s", type(exc).__name__)
    with _MEMORY_LOCK:
        schools.update(s for s, members in _MEMORY_SCHOOLS.items() if member in members)
    return sorted(schools)


def note_school(school_id: int) -> None:
    """This request joined a class session of ``school_id``: tie its address and device
    to the school for a day."""
    _remember(school_id, f"a:{_address_key()}")
    device = _device_key()
    if device is not None:
        _remember(school_id, f"d:{device}")


@dataclass(frozen=True)
class Blocked:
    """A network or device seen at a school, with its wrong codes (no address in it)."""

    kind: str  # "network" or "device"
    member: str
    wrong: int
    wait: int
    here: bool  # the network or device of the person looking


def blocks_for_school(school_id: int) -> list[Blocked]:
    """The networks and devices of the school's class sessions that typed wrong codes, and
    the network of the person asking if it did: blocked ones first."""
    counter = _counter()
    members = set(_members(school_id)) | {f"a:{_address_key()}"}
    here = {f"a:{_address_key()}", f"d:{_device_key()}"}
    found = []
    for member in sorted(members):
        scope, key = member.split(":", 1)
        kind = "codes" if scope == "a" else "codes:device"
        wrong = counter.count(kind, key)
        if wrong:
            found.append(Blocked("network" if scope == "a" else "device", member, wrong,
                                 counter.wait_seconds(kind, key), member in here))
    return sorted(found, key=lambda b: (-b.wait, b.kind != "network", -b.wrong))


def lift(blocks: list[Blocked]) -> None:
    """Forget the wrong codes of these networks and devices: they may try again at once."""
    counter = _counter()
    for block in blocks:
        scope, key = block.member.split(":", 1)
        counter.clear("codes" if scope == "a" else "codes:device", key)


def minutes(seconds: int) -> int:
    """Whole minutes to tell a person to wait (at least one)."""
    return max(1, math.ceil(seconds / 60))
