"""Limits on wrong guesses at what opens a door.

Class join codes, letter codes and receipt codes are short enough to type on a tablet,
and staff passwords are chosen by people: someone trying one after another must be
stopped. Only *wrong* attempts count, so a class of thirty joining from one school
address is never slowed; a guesser is stopped after a few dozen tries.

Attempts are counted per network address under a keyed hash, so no address is kept,
not even in Redis. With ``WESTCC_REDIS_URL`` set every process shares the counts;
without it each process keeps its own. If Redis cannot be reached, counting falls back
to the process's memory: nobody is refused a survey because Redis is down.

Views ask ``wait_seconds(kind)`` before checking a code and call ``failed(kind)`` when
it was wrong; ``too_many_response`` is the page they return while blocked.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import math
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app, request
from limits import RateLimitItem, parse_many
from limits.storage import MemoryStorage, Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

log = logging.getLogger(__name__)

#: What is counted, and the setting that limits it.
KINDS = {
    # Wrong class join codes, letter codes and receipt codes: one count for all three,
    # so spreading guesses over the three doors gains nothing.
    "codes": "FAILED_CODE_LIMIT",
    "staff_login": "FAILED_LOGIN_LIMIT",
}
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


def make_counter(config: Mapping[str, Any]) -> Counter:
    """A counter with the limits and storage the settings ask for."""
    limits = {kind: parse_limits(setting, config[setting]) for kind, setting in KINDS.items()}
    storage = storage_from_string(config.get("REDIS_URL") or "memory://")
    return Counter(limits, storage, MemoryStorage())


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION] = make_counter(app.config)


def _address_key() -> str:
    address = (request.remote_addr or "").encode()
    return hmac.new(current_app.secret_key.encode(), address, hashlib.sha256).hexdigest()[:32]


def wait_seconds(kind: str) -> int:
    """Seconds this address must wait before trying again (0: it may try now)."""
    return current_app.extensions[EXTENSION].wait_seconds(kind, _address_key())


def failed(kind: str) -> None:
    """Count one wrong attempt from this address."""
    current_app.extensions[EXTENSION].failed(kind, _address_key())


def minutes(seconds: int) -> int:
    """Whole minutes to tell a person to wait (at least one)."""
    return max(1, math.ceil(seconds / 60))
