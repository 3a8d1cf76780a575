"""Settings: defaults here < instance/config.py < WESTCC_* environment variables.

Every key below is documented in README.md (a test keeps the two in step).
Environment values are parsed to the type of the default, so
``WESTCC_SUPPRESSION_THRESHOLD=12`` becomes the integer 12.
"""

from __future__ import annotations

import json
import os
from typing import Any

DEFAULT_SECRET_KEY = "dev-only-not-secret"

DEFAULTS: dict[str, Any] = {
    # "development" (or dev, test, testing); any other value, in any case, is production,
    # which needs a secret key of 32+ bytes and PUBLIC_URL.
    "ENV": "development",
    "SECRET_KEY": DEFAULT_SECRET_KEY,
    # SQLAlchemy URL; empty means instance/westcc.sqlite.
    "DATABASE_URL": "",
    # Folder of questionnaire, scale, framework and codebook files.
    "SURVEYS_DIR": "",
    # Folder for licensed scale item text (for example licensed/swemwbs.yaml).
    "LICENSED_DIR": "",
    # Smallest group whose figures may be shown; never below 5.
    "SUPPRESSION_THRESHOLD": 10,
    # Days a reviewed safeguarding flag's original text is kept.
    "SAFEGUARDING_RETENTION_DAYS": 30,
    # Days responses are kept before the retention job deletes them.
    "RESPONSE_RETENTION_DAYS": 365 * 3,
    # Languages the service's own words are offered in.
    "LANGUAGES": ["en", "ar", "pl", "ur", "bn", "fa", "ckb", "ro", "cs", "sk"],
    # Redis URL so every process shares the counts of wrong attempts; empty means each
    # process counts its own.
    "REDIS_URL": "",
    # Reverse proxies in front of the service (0: none). Each trusted proxy's
    # X-Forwarded-For is used to tell network addresses apart when counting wrong attempts.
    "PROXY_HOPS": 0,
    # Wrong join, letter and receipt codes one network address may type (a ceiling well
    # above one device's limit, so one pupil mistyping never blocks a class).
    "FAILED_CODE_LIMIT": "100 per minute; 600 per hour; 2000 per day",
    # Wrong staff passwords one network address may try.
    "FAILED_LOGIN_LIMIT": "20 per minute; 100 per hour",
    # Wrong codes one device (its westcc_device cookie) may type.
    "FAILED_CODE_DEVICE_LIMIT": "10 per minute; 30 per hour",
    # Wrong staff passwords one device may try.
    "FAILED_LOGIN_DEVICE_LIMIT": "5 per minute; 20 per hour",
    # Device cookies one network address is given: past it, new devices there are
    # counted by the address alone (a guesser cannot buy fresh devices).
    "NEW_DEVICE_LIMIT": "60 per hour; 100 per day",
    # Wrong codes typed without a device cookie at one network address (every such
    # request there counts as one device): not held back by the address ceiling.
    "FAILED_CODE_NO_COOKIE_LIMIT": "10 per minute; 60 per hour; 300 per day",
    # Wrong staff passwords tried without a device cookie at one network address.
    "FAILED_LOGIN_NO_COOKIE_LIMIT": "5 per minute; 20 per hour",
    # Minutes after closing a class session by hand in which the close can be undone.
    "CLOSE_UNDO_MINUTES": 5,
    # Seconds between two looks at a class session's live count of answers.
    "LIVE_POLL_SECONDS": 5,
    # Largest request body in bytes, a page's form or a JSON submission (about 70 answers
    # of the longest text, each character escaped); larger ones get 413.
    "MAX_CONTENT_LENGTH": 256 * 1024,
    # Seconds a CSRF token stays valid (a form with an expired token is shown again, answers kept).
    "WTF_CSRF_TIME_LIMIT": 3600,
    # The address staff open the service at, for links in emails (e.g. https://voice.example);
    # empty means the address of the request being answered (the digest command needs it).
    "PUBLIC_URL": "",
    # Seconds a class tablet may be left alone mid-survey before it asks "Are you still
    # there?"; with no answer for PUPIL_IDLE_WARNING_SECONDS more it clears the answers,
    # unsent, and goes back to the class's start page. 0 turns this off.
    "PUPIL_IDLE_SECONDS": 120,
    "PUPIL_IDLE_WARNING_SECONDS": 30,
    # Minutes without a request after which a staff sign-in ends.
    "STAFF_IDLE_MINUTES": 180,
    # Hours a signed session cookie is accepted at most (a respondent's draft lasts 12).
    "SESSION_MAX_HOURS": 12,
    # SMTP server for safeguarding emails to DSLs; empty host means no email is sent.
    "SMTP_HOST": "",
    "SMTP_PORT": 587,
    "SMTP_USERNAME": "",
    "SMTP_PASSWORD": "",
    # "starttls", "ssl" (SMTPS, usually port 465) or "none" (a relay on the same network).
    "SMTP_SECURITY": "starttls",
    "SMTP_FROM": "WEST voice <no-reply@localhost>",
    # Seconds to wait for the SMTP server before a send counts as failed (and is retried).
    "SMTP_TIMEOUT": 10,
}

ENV_PREFIX = "WESTCC_"
MIN_SUPPRESSION_THRESHOLD = 5


class ConfigError(RuntimeError):
    """A setting is missing or unsafe; the message says which and why."""


def _parse(raw: str, default: Any) -> Any:
    if isinstance(default, bool):
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(default, int):
        return int(raw)
    if isinstance(default, list):
        raw = raw.strip()
        return json.loads(raw) if raw.startswith("[") else [p.strip() for p in raw.split(",") if p]
    return raw


def from_environment(environ: dict[str, str] | None = None) -> dict[str, Any]:
    """Settings given as WESTCC_* environment variables, parsed to the defaults' types."""
    environ = os.environ if environ is None else environ
    found: dict[str, Any] = {}
    for key, default in DEFAULTS.items():
        raw = environ.get(ENV_PREFIX + key)
        if raw is None:
            continue
        try:
            found[key] = _parse(raw, default)
        except ValueError as exc:
            raise ConfigError(
                f"{ENV_PREFIX}{key}={raw!r}: expected {type(default).__name__} ({exc})"
            ) from exc
    return found


def check(config: dict[str, Any]) -> None:
    """Refuse settings that would be unsafe to run with."""
    from .security import check as security_problems

    if problems := security_problems(config, DEFAULT_SECRET_KEY):
        raise ConfigError("Refusing to start in production: " + "; ".join(problems) + ".")
    from .attempts import LIMIT_SETTINGS, LimitSettingError, parse_limits

    for setting in LIMIT_SETTINGS:
        try:
            parse_limits(setting, config.get(setting, DEFAULTS[setting]))
        except LimitSettingError as exc:
            raise ConfigError(str(exc)) from exc
    from .notify import SECURITY_CHOICES

    security = config.get("SMTP_SECURITY", DEFAULTS["SMTP_SECURITY"])
    if security not in SECURITY_CHOICES:
        raise ConfigError(f"SMTP_SECURITY={security!r}: expected one of "
                          f"{', '.join(SECURITY_CHOICES)}")
    threshold = config.get("SUPPRESSION_THRESHOLD", 10)
    if not isinstance(threshold, int) or threshold < MIN_SUPPRESSION_THRESHOLD:
        raise ConfigError(
            f"SUPPRESSION_THRESHOLD={threshold!r}: expected a whole number of at least "
            f"{MIN_SUPPRESSION_THRESHOLD}"
        )
