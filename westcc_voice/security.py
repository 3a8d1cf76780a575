"""Hardening every response and every staff sign-in: one place, wired by ``init_app``.

- Security headers on every response: a Content-Security-Policy that allows scripts,
  styles, images and connections from this service only (no inline script or style, no
  third-party origin, no framing), ``nosniff`` and ``Referrer-Policy: no-referrer``.
- Cookies: HttpOnly and SameSite=Lax always, Secure in production. The signed session
  cookie is refused after ``SESSION_MAX_HOURS`` (a respondent's draft lasts 12 hours), and
  a staff sign-in ends after ``STAFF_IDLE_MINUTES`` without a request.
- Redirects after sign-in go only to a path of this service (``safe_next``).
- Addresses printed on letters, projectors and emails come from ``PUBLIC_URL``, never from
  the request's Host header (``public_url``); production refuses to start without it.
- A staff form posted after its CSRF token expired is shown again with what was typed and
  a plain message (the respondent pages have their own handler in collect/pages.py).
"""

from __future__ import annotations

import datetime as dt
import re
import time
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, current_app, flash, g, render_template, request, session
from flask.sessions import SecureCookieSessionInterface
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

#: Every fetch the pages make goes to this service; inline script and style are refused.
CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
))
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}

#: ENV values that mean "not production"; anything else (Production, prod, live...) is.
NON_PRODUCTION_ENVS = frozenset({"development", "dev", "test", "testing"})
MIN_SECRET_KEY_BYTES = 32

#: Session keys: when a staff member last made a request (seconds since the epoch).
STAFF_SEEN_KEY = "staff_seen"

#: Endpoints that show a form on GET and check it on POST with ``validate_on_submit``:
#: after an expired token they are run again, which re-renders the form with what was typed
#: (its token check fails, so nothing is saved). Other POSTs get the "send again" page.
FORM_PAGES = frozenset({"staff.login", "staff_sessions.new", "staff_links.new"})

#: A next= target: a path of printable characters, no backslash, no scheme, no host.
_SAFE_PATH = re.compile(r"/[A-Za-z0-9\-._~%!$&'()*+,;=:@/?]*")


def is_production(config: dict[str, Any]) -> bool:
    """Whether ENV names production, compared without regard to case or spaces."""
    return str(config.get("ENV") or "").strip().lower() not in NON_PRODUCTION_ENVS


def check(config: dict[str, Any], default_secret: str) -> list[str]:
    """What makes these settings unsafe for production (empty if nothing, or not production)."""
    if not is_production(config):
        return []
    problems = []
    key = config.get("SECRET_KEY") or ""
    key_bytes = key.encode() if isinstance(key, str) else bytes(key)
    if key == default_secret or len(key_bytes) < MIN_SECRET_KEY_BYTES:
        problems.append(
            f"SECRET_KEY must be a random value of at least {MIN_SECRET_KEY_BYTES} bytes in "
            "production (set WESTCC_SECRET_KEY, for example from "
            "`python -c 'import secrets; print(secrets.token_urlsafe(48))'`)")
    public = str(config.get("PUBLIC_URL") or "")
    parts = urlsplit(public)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        problems.append(
            "PUBLIC_URL must be the address staff and parents open the service at, such as "
            "https://voice.west.example, in production: letters, QR codes and emails print "
            f"it (got {public!r})")
    return problems


def safe_next(target: str | None) -> str | None:
    """``target`` if it is a path this service answers, else None (never another site)."""
    if not target or not _SAFE_PATH.fullmatch(target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or parts.path.startswith("//"):
        return None
    adapter = current_app.url_map.bind("localhost")
    try:
        adapter.match(parts.path, method="GET")
    except RequestRedirect:
        return target
    except HTTPException:
        return None
    return target


def public_url(path: str) -> str:
    """An absolute address on this service, from PUBLIC_URL.

    Without PUBLIC_URL (allowed only outside production) it is the address of the request
    being answered, as in development on 127.0.0.1.
    """
    base = current_app.config.get("PUBLIC_URL") or request.url_root
    return base.rstrip("/") + path


def touch_staff_session() -> bool:
    """Record a staff request; False if the sign-in had been idle too long (then ended)."""
    now = int(time.time())
    seen = session.get(STAFF_SEEN_KEY)
    idle = dt.timedelta(minutes=current_app.config["STAFF_IDLE_MINUTES"]).total_seconds()
    if isinstance(seen, int) and now - seen > idle:
        return False
    session[STAFF_SEEN_KEY] = now
    return True


def _end_idle_staff_session() -> None:
    """Before each request: load the signed-in person afresh; end an idle sign-in.

    Flask-Login keeps the person on ``g``, which lives as long as the application context
    (longer than one request when one is already pushed, as in tests): dropping it makes
    every request check the account and its session version again.
    """
    g.pop("_login_user", None)
    if "_user_id" not in session or touch_staff_session():
        return
    for key in ("_user_id", "_fresh", "_id", STAFF_SEEN_KEY):
        session.pop(key, None)
    hours = current_app.config["STAFF_IDLE_MINUTES"] / 60
    flash(f"You were signed out because the staff pages were not used for "
          f"{hours:g} hours. Please sign in again.", "info")


def _add_headers(response):
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def _csrf_expired(error: CSRFError):
    """A staff form posted after its token expired: show it again, nothing lost."""
    minutes = max(1, current_app.config["WTF_CSRF_TIME_LIMIT"] // 60)
    message = (f"This page was open for more than {minutes} minutes, so for your security "
               "it was not sent. What you typed is below: check it and send it again.")
    if request.endpoint in FORM_PAGES:
        flash(message, "error")
        view = current_app.view_functions[request.endpoint]
        response = current_app.make_response(view(**(request.view_args or {})))
        response.status_code = 400
        return response
    fields = [(name, value) for name, value in request.form.items(multi=True)
              if name != "csrf_token"]
    return render_template("resend.html", message=message, action=request.path,
                           fields=fields), 400


class SessionCookies(SecureCookieSessionInterface):
    """Flask's signed session cookie, its signing serializer made once per secret key
    (and fallback keys) rather than on every request: the same cookie, less work."""

    _made: tuple[tuple[Any, ...], Any] | None = None

    def get_signing_serializer(self, app: Flask):
        keys = (app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))
        made = self._made
        if made is None or made[0] != keys:
            made = self._made = (keys, super().get_signing_serializer(app))
        return made[1]


def init_app(app: Flask) -> None:
    app.session_interface = SessionCookies()
    production = is_production(app.config)
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=production,
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_SECURE=production,
        PERMANENT_SESSION_LIFETIME=dt.timedelta(hours=app.config["SESSION_MAX_HOURS"]),
    )
    app.jinja_env.globals["public_url"] = public_url
    app.before_request(_end_idle_staff_session)
    app.after_request(_add_headers)
    app.register_error_handler(CSRFError, _csrf_expired)
