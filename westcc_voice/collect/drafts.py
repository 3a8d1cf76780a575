"""In-progress answers: in the signed session cookie, never in the database until submit.

A draft is small (question ids and short values), so it normally rides in Flask's
signed cookie. When long free text would make the cookie too big for a browser
(about 4 KB), the answers move to a file under ``instance/drafts/`` named by a random
id, and the cookie keeps only that id. Files are deleted on submit or stop, and any
left by an abandoned tablet are swept after ``MAX_AGE``. (Several app servers need a
shared folder here; that is where a Redis store would plug in.)
"""

from __future__ import annotations

import json
import os
import secrets
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from flask import current_app, session

SESSION_KEY = "draft"
#: Characters of JSON answers (ASCII-escaped, as Flask's cookie holds them) kept in the
#: cookie before they move to a file: with the rest of the session it stays under 4 KB.
COOKIE_BUDGET = 2400
MAX_AGE = 12 * 3600


@dataclass
class Draft:
    kind: str  # "session" or "link"
    key: str  # join code or link token
    submission_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    answers: dict[str, Any] = field(default_factory=dict)
    letter_code_id: int | None = None
    spill_id: str | None = None


def _folder() -> Path:
    return Path(current_app.instance_path) / "drafts"


def _spill_path(spill_id: str) -> Path:
    if len(spill_id) != 32 or any(c not in "0123456789abcdef" for c in spill_id):
        raise OSError("not a draft id")
    return _folder() / f"{spill_id}.json"


def load() -> Draft | None:
    raw = session.get(SESSION_KEY)
    if not isinstance(raw, dict):
        return None
    try:
        draft = Draft(**raw)
    except TypeError:
        return None
    if draft.spill_id:
        try:
            draft.answers = json.loads(_spill_path(draft.spill_id).read_text("utf-8"))
        except (OSError, ValueError):
            draft.answers = {}
    return draft


def save(draft: Draft) -> None:
    blob = json.dumps(draft.answers, ensure_ascii=False, separators=(",", ":"))
    data = asdict(draft)
    if len(json.dumps(draft.answers, separators=(",", ":"))) > COOKIE_BUDGET:
        draft.spill_id = draft.spill_id or secrets.token_hex(16)
        folder = _folder()
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        path = _spill_path(draft.spill_id)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(blob)
        data = {**asdict(draft), "answers": {}}
        _sweep(folder)
    elif draft.spill_id:
        _remove(draft.spill_id)
        draft.spill_id = None
        data = asdict(draft)
    session[SESSION_KEY] = data


def clear() -> None:
    raw = session.pop(SESSION_KEY, None)
    if isinstance(raw, dict) and raw.get("spill_id"):
        _remove(raw["spill_id"])


def _remove(spill_id: str) -> None:
    try:
        _spill_path(spill_id).unlink()
    except OSError:
        pass


def _sweep(folder: Path) -> None:
    cutoff = time.time() - MAX_AGE
    for path in folder.glob("*.json"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
        except OSError:
            continue
