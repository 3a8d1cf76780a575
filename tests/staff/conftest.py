"""A small partnership for the staff tests: two schools, a wave, questionnaires, people."""

from __future__ import annotations

import datetime as dt
import re
import socket
import uuid
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import Message
from types import SimpleNamespace

import pytest
from werkzeug.security import generate_password_hash

from .. import helpers

_password_hashes: dict[str, str] = {}


def _hash_once(password: str) -> str:
    """Password hashing is deliberately slow; six people per test need only one hash."""
    if password not in _password_hashes:
        _password_hashes[password] = generate_password_hash(password)
    return _password_hashes[password]


@pytest.fixture
def world(db, monkeypatch):
    monkeypatch.setattr(helpers, "generate_password_hash", _hash_once)
    school = helpers.gen_school(db, name="Canny Primary")
    other = helpers.gen_school(db, name="Other Academy")
    wave = helpers.gen_wave(db, starts_on=dt.date(2020, 9, 1))
    wave.ends_on = dt.date(2099, 7, 20)
    pupils = helpers.gen_survey_version(db, "pupil", [3, 4, 5, 6], title="Pupils 7 to 11")
    parents = helpers.gen_survey_version(db, "parent", languages=["en", "ar", "pl"],
                                         title="Parents and carers", estimated_minutes=12)
    community = helpers.gen_survey_version(db, "community", title="Community voice")
    db.flush()
    return SimpleNamespace(
        school=school, other_school=other, wave=wave,
        pupils=pupils, parents=parents, community=community,
        teacher=helpers.gen_staff(db, "teacher", school),
        other_teacher=helpers.gen_staff(db, "teacher", other),
        lead=helpers.gen_staff(db, "school_lead", school),
        dsl=helpers.gen_staff(db, "dsl", school),
        other_dsl=helpers.gen_staff(db, "dsl", other),
        partnership=helpers.gen_staff(db, "partnership_dsl"),
        steering=helpers.gen_staff(db, "steering"),
        admin=helpers.gen_staff(db, "admin"),
    )


def svg_in(html: str) -> str:
    """The first inline QR SVG in a page."""
    match = re.search(r'<svg [^>]*class="qr".*?</svg>', html, re.S)
    assert match, "no QR code SVG on the page"
    return match.group(0)


def qr_modules(svg: str) -> list[list[bool]]:
    """Read segno's SVG path back into a grid of dark modules (quiet zone included).

    The path draws each run of dark modules as ``h<n>`` along the row whose centre is
    ``y + 0.5``, moving with absolute ``M`` and relative ``m``.
    """
    size = int(re.search(r'viewBox="0 0 (\d+) \d+"', svg).group(1))
    d = re.search(r'class="qr-modules"[^>]* d="([^"]+)"|d="([^"]+)"[^>]*class="qr-modules"',
                  svg)
    path = d.group(1) or d.group(2)
    grid = [[False] * size for _ in range(size)]
    x = y = 0.0
    for op, args in re.findall(r"([MmHhVv])([-\d. ]+)", path):
        nums = [float(v) for v in args.split()]
        if op == "M":
            x, y = nums
        elif op == "m":
            x, y = x + nums[0], y + nums[1]
        elif op == "h":
            for i in range(int(nums[0])):
                grid[int(y)][int(x) + i] = True
            x += nums[0]
        else:
            raise AssertionError(f"unexpected path command {op}")
    return grid


def expected_modules(url: str) -> list[list[bool]]:
    import segno

    qr = segno.make(url, error="m", micro=False, boost_error=False)
    return [[bool(v) for v in row] for row in qr.matrix_iter(scale=1, border=4)]


# --- a local SMTP server for the safeguarding emails ------------------------------------

SMTP_PORTS = range(8400, 8500)


def free_port() -> int:
    """A port nobody listens on, from the range these tests may use."""
    for port in SMTP_PORTS:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 8400-8499 for a test SMTP server")


class Inbox:
    """What a local SMTP server received; ``refuse`` makes it answer 550 to every message."""

    def __init__(self):
        self.messages: list[Message] = []
        self.refuse = False

    async def handle_DATA(self, _server, _session, envelope):  # noqa: N802 - aiosmtpd's name
        if self.refuse:
            return "550 mailbox unavailable"
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"

    def to(self, address: str) -> list[Message]:
        return [m for m in self.messages if m["To"] == address]


@pytest.fixture
def smtp(app, monkeypatch):
    """A real SMTP server on 127.0.0.1 for one test, with the app pointed at it."""
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    for key, value in {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": controller.port,
                       "SMTP_SECURITY": "none", "SMTP_TIMEOUT": 5,
                       "SMTP_FROM": "WEST voice <safeguarding@west.example>"}.items():
        monkeypatch.setitem(app.config, key, value)
    try:
        yield inbox
    finally:
        controller.stop()


@pytest.fixture
def dead_smtp(app, monkeypatch):
    """The app pointed at a port where no SMTP server listens."""
    for key, value in {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": free_port(),
                       "SMTP_SECURITY": "none", "SMTP_TIMEOUT": 2}.items():
        monkeypatch.setitem(app.config, key, value)


# --- flags, as the scanner and intake make them ------------------------------------------

@dataclass(frozen=True)
class Found:
    """A concern as the scanner reports it: a severity and a reason in plain words."""

    category: str
    phrase: str
    rule_id: str
    severity: str
    reason: str


SCANNER_RULES = {
    "want to die": ("suicidal", "urgent", "Thoughts of suicide or of not wanting to live"),
    "hits me": ("physical_abuse", "urgent", "Being hurt by someone"),
    "call me names": ("bullying", "concern", "Bullying, including name-calling"),
}


@pytest.fixture
def scanner(monkeypatch):
    """Intake's scan, giving severity and reason as the scanner does (rules above)."""
    from westcc_voice.safeguarding import detect

    def scan(text: str, language: str | None = None) -> list[Found]:
        lowered = text.lower()
        return [Found(category, phrase, f"test-{category}", severity, reason)
                for phrase, (category, severity, reason) in SCANNER_RULES.items()
                if phrase in lowered]

    monkeypatch.setattr(detect, "scan", scan)
    return SCANNER_RULES


def pupil_writes(client, db, school, text, class_label="5R"):
    """A pupil at ``school`` sends ``text`` through the API; the flags it made."""
    from sqlalchemy import select

    from westcc_voice.models import SafeguardingFlag

    session = helpers.gen_pupil_session(db, "pupils-7-11", school=school,
                                        class_label=class_label)
    sent = client.post("/api/submissions", json={
        "submission_id": str(uuid.uuid4()), "session": session.join_code,
        "answers": {"anything_else": text}})
    assert sent.status_code == 201, sent.get_json()
    return db.scalars(select(SafeguardingFlag).where(
        SafeguardingFlag.class_session_id == session.id)).one()


def gen_flag(db, school, text, *, severity="urgent", reason="Being hurt by someone",
             flagged_on=None, status="open"):
    """A stored flag (for a school, or for none when ``school`` is None)."""
    from westcc_voice.models import SafeguardingFlag, utcnow

    flag = SafeguardingFlag(
        school_id=school.id if school else None,
        survey_version_id=helpers.survey(db, "pupils-7-11").id, question_id="anything_else",
        original_text=text, severity=severity,
        reasons=[{"category": "test", "phrase": text.split()[0], "severity": severity,
                  "reason": reason}],
        flagged_on=flagged_on or dt.date(2026, 11, 20), status=status,
        reviewed_at=None if status == "open" else utcnow(),
        outcome=None if status == "open" else "monitoring")
    db.add(flag)
    db.flush()
    return flag
