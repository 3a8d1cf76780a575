"""The one Redis connection a process uses for drafts and briefing jobs.

``WESTCC_REDIS_URL`` names it; empty means there is none, and drafts stay in the database
and briefing jobs in the process that started them. (Counting wrong attempts uses the
same setting through the ``limits`` package, see attempts.py.)
"""

from __future__ import annotations

from flask import Flask, current_app
from redis import Redis

EXTENSION = "westcc_redis"
#: Seconds to wait for Redis before a page falls back or says so; never a hung page.
TIMEOUT = 2.0


def connection(app: Flask | None = None) -> Redis | None:
    """This app's Redis client, made on first use; None when no Redis is configured."""
    app = app or current_app
    url = app.config.get("REDIS_URL") or ""
    if not url:
        return None
    made = app.extensions.get(EXTENSION)
    if made is None or made[0] != url:
        client = Redis.from_url(url, socket_timeout=TIMEOUT, socket_connect_timeout=TIMEOUT)
        made = app.extensions[EXTENSION] = (url, client)
    return made[1]
