"""In-progress answers: sealed, server-side, and gone once sent, stopped or stale.

The respondent's cookie holds one random token and nothing else about the draft. The
draft itself (context key, submission UUID, answers so far, letter code) is encrypted
with Fernet under a key derived from the app's secret *and that token*, and stored
under the token's SHA-256: in Redis when ``WESTCC_REDIS_URL`` is set (expiring by
itself), otherwise in the database's ``drafts`` table (swept by ``retention run``).
Neither the store nor the secret key alone can read a draft, nothing unencrypted is
written to disk, and every app instance behind the same store can carry a pupil on.

A draft is deleted when the answers are sent or the respondent stops, and is unreadable
after ``MAX_AGE`` whatever the store (Fernet's own timestamp is checked). If Redis
cannot be reached, drafts go to the database instead, so no pupil loses a page. A draft
saved in Redis before it went away cannot be read until it is back: ``load`` then raises
``DraftsUnavailable`` and the page answers 503 with what was just typed kept in the
page, to send again (collect/pages.py), rather than starting the respondent afresh.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import logging
import secrets
import uuid
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app, request, session
from redis.exceptions import RedisError
from sqlalchemy import delete

from .. import shared_redis
from ..db import db_session
from ..models import SavedDraft, utcnow

log = logging.getLogger(__name__)

SESSION_KEY = "draft"
#: Seconds a draft lives after its last change: a school day, then it is gone.
MAX_AGE = 12 * 3600
REDIS_PREFIX = "westcc:draft:"
#: Where one request keeps the draft it read (``g`` can outlive a request, e.g. in tests).
_CACHE = "westcc.draft"


@dataclass
class Draft:
    kind: str  # "session" or "link"
    key: str  # join code or link token
    submission_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    answers: dict[str, Any] = field(default_factory=dict)
    letter_code_id: int | None = None


class DraftsUnavailable(Exception):
    """The store that holds this respondent's draft cannot be reached just now."""


class Store(Protocol):
    def get(self, ident: str) -> str | None: ...
    def put(self, ident: str, sealed: str) -> None: ...
    def delete(self, ident: str) -> None: ...


class DatabaseDrafts:
    """Drafts in the ``drafts`` table; each change is committed at once."""

    def get(self, ident: str) -> str | None:
        row = db_session().get(SavedDraft, ident)
        return row.sealed if row is not None and row.expires_at > utcnow() else None

    def put(self, ident: str, sealed: str) -> None:
        db = db_session()
        db.merge(SavedDraft(id=ident, sealed=sealed,
                            expires_at=utcnow() + dt.timedelta(seconds=MAX_AGE)))
        db.commit()

    def delete(self, ident: str) -> None:
        db = db_session()
        db.execute(delete(SavedDraft).where(SavedDraft.id == ident))
        db.commit()


class RedisDrafts:
    """Drafts in Redis with a time to live; the database stands in while Redis is away."""

    def __init__(self, redis) -> None:
        self.redis = redis
        self.fallback = DatabaseDrafts()

    def _try(self, action, what: str):
        try:
            return action()
        except RedisError as exc:
            log.warning("drafts: Redis unavailable (%s: %s); using the database for this %s",
                        type(exc).__name__, exc, what)
            return _FAILED

    def get(self, ident: str) -> str | None:
        found = self._try(lambda: self.redis.get(REDIS_PREFIX + ident), "read")
        if found is None:
            # Saved to the database while Redis was away, or none.
            return self.fallback.get(ident)
        if found is _FAILED:
            # Saved to the database while Redis was away, or in Redis, out of reach.
            kept = self.fallback.get(ident)
            if kept is None:
                raise DraftsUnavailable("drafts: Redis cannot be reached")
            return kept
        return found.decode("ascii")

    def put(self, ident: str, sealed: str) -> None:
        done = self._try(lambda: self.redis.set(REDIS_PREFIX + ident, sealed, ex=MAX_AGE),
                         "save")
        if done is _FAILED:
            self.fallback.put(ident, sealed)

    def delete(self, ident: str) -> None:
        self._try(lambda: self.redis.delete(REDIS_PREFIX + ident), "delete")
        self.fallback.delete(ident)


_FAILED = object()


def store() -> Store:
    """Where this app keeps drafts: Redis when configured, else the database."""
    redis = shared_redis.connection()
    return RedisDrafts(redis) if redis is not None else DatabaseDrafts()


def _ident(token: str) -> str:
    return hashlib.sha256(f"draft:{token}".encode()).hexdigest()


def _fernet(token: str) -> Fernet:
    secret = current_app.secret_key
    secret = secret.encode("utf-8") if isinstance(secret, str) else secret
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"westcc-draft",
               info=token.encode("ascii")).derive(secret)
    return Fernet(base64.urlsafe_b64encode(key))


def _token() -> str | None:
    token = session.get(SESSION_KEY)
    return token if isinstance(token, str) and 20 <= len(token) <= 64 else None


def load() -> Draft | None:
    """This browser's draft, or None (none started, sent, stopped, expired or tampered)."""
    token = _token()
    if token is None:
        return None
    cached = request.environ.get(_CACHE)
    if cached is not None and cached[0] == token:
        return cached[1]
    draft = None
    sealed = store().get(_ident(token))
    if sealed is not None:
        try:
            data = json.loads(_fernet(token).decrypt(sealed.encode("ascii"), ttl=MAX_AGE))
            draft = Draft(**data)
        except (InvalidToken, ValueError, TypeError):
            draft = None
    request.environ[_CACHE] = (token, draft)
    return draft


def save(draft: Draft) -> None:
    """Seal and store the draft; the cookie gets (or keeps) only its random token."""
    token = _token() or secrets.token_urlsafe(32)
    plain = json.dumps(asdict(draft), ensure_ascii=False, separators=(",", ":"))
    store().put(_ident(token), _fernet(token).encrypt(plain.encode("utf-8")).decode("ascii"))
    session[SESSION_KEY] = token
    request.environ[_CACHE] = (token, draft)


def clear() -> None:
    """Forget the draft: the cookie's token and the stored draft both go."""
    token = session.pop(SESSION_KEY, None)
    request.environ.pop(_CACHE, None)
    if isinstance(token, str) and token:
        store().delete(_ident(token))
