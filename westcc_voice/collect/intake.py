"""Intake: every submission, from a form or the JSON API, passes the same steps.

    recall_earlier -> validate -> drop_identifiers -> scan_for_safeguarding
        -> redact_free_text -> store -> claim_letter_code -> count_for_session

Each step is a plain function ``step(submission, env) -> submission`` over the
``Submission`` dataclass: no Flask, and the database only through ``env.session``. A
step refuses by raising ``IntakeError`` (field errors, a 400) or ``IntakeRefused`` (the
context says no, such as a letter code already used); it ends the run early by
returning a submission with ``done`` set. ``STEPS`` is the default list: later work
(an offline sync endpoint, shared rate limits) inserts its own steps with
``run(submission, env, steps=[...])`` or by extending the list.

Steps marked ``@writes`` run in one writing transaction, begun just before the first of
them (``db.begin_write``: on SQLite it takes the write lock up front, so several worker
processes never fail with "database is locked"); the steps before them only read, so
checking, scanning and redacting never hold the lock. The response and its safeguarding
flags are stored in that one transaction, together or not at all.

What may be stored is decided in one place, ``ALLOWED_FIELDS``; the safeguarding scan
reads the raw text before redaction, and a flag keeps the class-session context but
never a link to the response.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import uuid
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from sqlalchemy import Executable, bindparam, cast, exists, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from ..db import begin_write, driver_execute
from ..definitions import question_types
from ..definitions.question_types import AnswerError, shown_value
from ..models import ClassSession, LinkCode, Response, SafeguardingFlag, WithdrawnSubmission
from ..privacy.redaction.postcode import is_postcode_district
from ..safeguarding.severity import flag_severity
from . import flow
from .receipts import receipt_for, receipt_hash

#: The only fields of a submission that reach the response store.
ALLOWED_FIELDS = (
    "submission_id", "survey_version_id", "wave_id", "link_id", "school_id", "audience",
    "year_group", "language", "submitted_on", "answers",
)
_LANGUAGE = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?")


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class IntakeError(ValueError):
    """The submission does not fit its survey; nothing was stored."""

    def __init__(self, errors: Sequence[FieldError]):
        self.errors = list(errors)
        super().__init__("; ".join(str(e) for e in self.errors))


class IntakeRefused(Exception):
    """The submission is well formed but may not be stored (``reason`` says why)."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)


@dataclass(frozen=True)
class FlagDraft:
    question_id: str
    original_text: str
    reasons: list[dict[str, Any]]


@dataclass
class Submission:
    """One respondent's answers and the context they answered in."""

    submission_id: str
    answers: dict[str, Any]
    language: str
    survey_version_id: int
    wave_id: int
    audience: str
    submitted_on: dt.date
    school_id: int | None = None
    year_group: int | None = None
    link_id: int | None = None
    #: Context for a safeguarding flag only; never stored on the response.
    class_session_id: int | None = None
    #: The letter code this submission spends; never stored on the response.
    letter_code_id: int | None = None
    #: False when the respondent stopped early and chose to send what they had.
    finished: bool = True
    # Filled in by the steps.
    record: dict[str, Any] | None = None
    flags: list[FlagDraft] = field(default_factory=list)
    receipt: str | None = None
    response_id: int | None = None
    duplicate: bool = False
    done: bool = False


Redactor = Callable[[str], str]
Scanner = Callable[[str], list[Any]]


@dataclass
class IntakeEnv:
    """What the steps may use: the survey definition, the database, a secret."""

    session: Session
    definition: dict[str, Any]
    secret: str
    redactor: Redactor | None = None
    scanner: Scanner | None = None
    #: The school and staff names redaction looks for, read once per submission.
    directory: Any = None

    def redact(self, text: str) -> str:
        if self.redactor is None:
            from ..privacy.redaction import directory_from_session, redact

            if self.directory is None:
                self.directory = directory_from_session(self.session)
            return redact(text, self.directory).text
        return self.redactor(text)

    def scan(self, text: str, language: str | None = None) -> list[Any]:
        if self.scanner is None:
            from ..safeguarding.model import scan_as_intake

            return scan_as_intake(text, language)
        return self.scanner(text)


Step = Callable[[Submission, IntakeEnv], Submission]


def writes(step: Step) -> Step:
    """Mark a step that writes: ``run`` begins the writing transaction before it."""
    step.writes = True  # type: ignore[attr-defined]
    return step


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _text_kind(q: dict[str, Any]) -> bool:
    return q.get("kind") == "text"


# --- the steps ---------------------------------------------------------------------------


def recall_earlier(sub: Submission, env: IntakeEnv) -> Submission:
    """A retried upload (same UUID) gets the first receipt back and stores nothing.

    This step checks the UUID; the earlier response, when there is one, is found by
    ``store``, whose insert meets the unique UUID (INSERT .. ON CONFLICT DO NOTHING), so
    a first upload costs no extra query and two copies sent at once are told apart by
    the database. Code that refuses a submission before the pipeline (the JSON API,
    for a context that has closed since) asks ``earlier`` first.
    """
    if not _is_uuid(sub.submission_id):
        raise IntakeError([FieldError("submission_id", "expected a UUID such as "
                                      "'0b7e7c1e-6a55-4c0e-9d43-2f8f1e0c1a2b'")])
    return dataclasses.replace(sub, submission_id=sub.submission_id.lower())


def earlier(session: Session, submission_id: Any, secret: str) -> Submission | None:
    """The stored response of this submission UUID as a finished duplicate, or None."""
    if not _is_uuid(submission_id):
        return None
    normal = submission_id.lower()
    existing = session.scalar(select(Response.id).where(Response.submission_id == normal))
    if existing is None:
        return None
    return Submission(normal, {}, "", 0, 0, "", dt.date.min, response_id=existing,
                      duplicate=True, done=True,
                      receipt=receipt_for(normal, secret))


def validate(sub: Submission, env: IntakeEnv) -> Submission:
    """Check every answer against the survey version, show_if included; convert types."""
    errors: list[FieldError] = []
    if not isinstance(sub.answers, dict):
        raise IntakeError([FieldError("answers", "expected a mapping of question id to answer")])
    offered = env.definition.get("languages") or [env.definition.get("source_language", "en")]
    if not isinstance(sub.language, str) or not _LANGUAGE.fullmatch(sub.language):
        errors.append(FieldError("language", "expected a language code such as 'en' or 'ar'"))
    elif sub.language not in offered:
        errors.append(FieldError("language", f"this survey is offered in {', '.join(offered)}, "
                                 f"not {sub.language!r}"))
    questions = flow.questions(env.definition)
    known = {q["id"] for q in questions}
    for qid in sub.answers:
        if qid not in known:
            errors.append(FieldError(shown_value(qid, quoted=False),
                                     "unknown question: this survey has no question "
                                     "with that id"))
    clean: dict[str, Any] = {}
    for q in questions:
        qid = q["id"]
        raw = sub.answers.get(qid)
        shown = flow.is_shown(q, clean)
        if _is_empty(raw):
            if shown and q.get("required") and sub.finished and flow.is_answerable(q):
                errors.append(FieldError(qid, "needs an answer"))
            continue
        if not shown:
            errors.append(FieldError(qid, f"was hidden by its condition ({q['show_if']}), "
                                     "so it cannot have an answer"))
            continue
        try:
            value = question_types.get(q["type"]).check_answer(q, raw)
        except AnswerError as exc:
            errors.append(FieldError(qid, str(exc)))
            continue
        hidden = flow.unoffered_choice(q, value, clean)
        if hidden is not None:
            errors.append(FieldError(qid, f"{shown_value(hidden)} was hidden by its condition, "
                                     "so it cannot be chosen"))
            continue
        if not _is_empty(value):
            clean[qid] = value
    if errors:
        raise IntakeError(errors)
    return dataclasses.replace(sub, answers=clean, submission_id=sub.submission_id.lower())


def drop_identifiers(sub: Submission, env: IntakeEnv) -> Submission:
    """Keep only what the anonymity model allows: a date without a time, no context ids."""
    submitted = sub.submitted_on
    if isinstance(submitted, dt.datetime):
        submitted = submitted.date()
    values = {
        "submission_id": sub.submission_id,
        "survey_version_id": sub.survey_version_id,
        "wave_id": sub.wave_id,
        "link_id": sub.link_id,
        "school_id": sub.school_id,
        "audience": sub.audience,
        "year_group": sub.year_group if sub.audience == "pupil" else None,
        "language": sub.language,
        "submitted_on": submitted,
        "answers": dict(sub.answers),
    }
    record = {key: values[key] for key in ALLOWED_FIELDS}
    return dataclasses.replace(sub, record=record)


def scan_for_safeguarding(sub: Submission, env: IntakeEnv) -> Submission:
    """Flag free text that may be a disclosure, reading the text before redaction.

    Every audience and language: pupils', parents' and community members' answers alike,
    with the rules of the answer's language and of English. A flag goes to the school of
    the class session or link; one without a school (a community link) is stored with no
    school, for the partnership's safeguarding lead.
    """
    flags = list(sub.flags)
    for q in flow.questions(env.definition):
        text = sub.record["answers"].get(q["id"])
        if not _text_kind(q) or not isinstance(text, str) or not text:
            continue
        concerns = env.scan(text, sub.language)
        if concerns:
            flags.append(FlagDraft(q["id"], text, [_reason(c) for c in concerns]))
    return dataclasses.replace(sub, flags=flags)


def redact_free_text(sub: Submission, env: IntakeEnv) -> Submission:
    """Names, emails, phones, postcodes, addresses, URLs and handles out of free text.

    A postcode district (NE4) is kept where a question's pattern asked for one and the
    answer is that alone: it is what was asked, and names no home (a full postcode
    would); anything longer is redacted like any text."""
    answers = dict(sub.record["answers"])
    for q in flow.questions(env.definition):
        text = answers.get(q["id"])
        if q.get("pattern") and isinstance(text, str) and is_postcode_district(text):
            continue  # asked for, in the shape asked: a district, which names no home
        if _text_kind(q) and isinstance(text, str) and text:
            answers[q["id"]] = env.redact(text)
    return dataclasses.replace(sub, record={**sub.record, "answers": answers})


@writes
def claim_letter_code(sub: Submission, env: IntakeEnv) -> Submission:
    """Spend a single-use letter code; a code already spent refuses the submission.

    It runs after ``store``, so a replay of a submission that spent its code gets its
    receipt back rather than a refusal; a refusal here rolls the stored response back.
    """
    if sub.letter_code_id is None:
        return sub
    result = env.session.execute(
        update(LinkCode)
        .where(LinkCode.id == sub.letter_code_id, LinkCode.used_on.is_(None))
        .values(used_on=sub.record["submitted_on"])
    )
    if result.rowcount != 1:
        raise IntakeRefused("letter_code_used")
    return sub


@writes
def store(sub: Submission, env: IntakeEnv) -> Submission:
    """Insert the response and its flags once per UUID, in the writing transaction.

    A concurrent retry meets the unique constraint and gets the first receipt back; a
    copy of a submission its respondent has withdrawn is refused ("withdrawn").
    """
    receipt = receipt_for(sub.submission_id, env.secret)
    hashed = receipt_hash(receipt)
    # One INSERT .. SELECT .. WHERE NOT EXISTS (withdrawn) ON CONFLICT DO NOTHING RETURNING
    # id, built once, outside the unit of work: a replay or a withdrawn submission returns
    # no row, and nothing else in the session needs a Response object. No conflict target:
    # the receipt hash, unique too, follows from the UUID, and on PostgreSQL two copies
    # inserted at once may meet on either index first.
    connection = env.session.connection()
    row = driver_execute(connection, _insert_response(connection.dialect.name),
                         {**sub.record, "receipt_hash": hashed})
    response_id = None if row is None else row[0]
    if response_id is None:
        first = earlier(env.session, sub.submission_id, env.secret)
        if first is not None:
            return dataclasses.replace(sub, duplicate=True, done=True,
                                       response_id=first.response_id, receipt=receipt)
        if env.session.get(WithdrawnSubmission, hashed) is not None:
            raise IntakeRefused("withdrawn")
        # another UUID with the same receipt: about one in 2^59
        raise RuntimeError("two submissions share a receipt; send again with a new UUID")
    for flag in sub.flags:
        env.session.add(SafeguardingFlag(
            school_id=sub.school_id,
            class_session_id=sub.class_session_id,
            survey_version_id=sub.survey_version_id,
            question_id=flag.question_id,
            original_text=flag.original_text,
            reasons=flag.reasons,
            severity=flag_severity(flag.reasons),
            flagged_on=sub.record["submitted_on"],
            status="open",
        ))
    if sub.flags:
        env.session.flush()
    return dataclasses.replace(sub, response_id=response_id, receipt=receipt)


@cache
def _insert_response(dialect: str) -> Executable:
    """The response insert for ``dialect``, with every value a bound parameter.

    PostgreSQL cannot infer a parameter's type in a SELECT list, so there each value is
    cast to its column's type; SQLite takes them as they are (a CAST there would change
    a date into a number)."""
    table, withdrawn = Response.__table__, WithdrawnSubmission.__table__
    columns = [*ALLOWED_FIELDS, "receipt_hash"]
    params = {name: bindparam(name, type_=table.c[name].type) for name in columns}
    values = [cast(p, p.type) if dialect == "postgresql" else p for p in params.values()]
    not_withdrawn = ~exists().where(withdrawn.c.receipt_hash == params["receipt_hash"])
    insert = (sqlite_insert if dialect == "sqlite" else postgresql_insert)(table)
    return (insert.from_select(columns, select(*values).where(not_withdrawn))
            .on_conflict_do_nothing().returning(table.c.id))


@writes
def count_for_session(sub: Submission, env: IntakeEnv) -> Submission:
    """Add one to the class session's count of answers received (the teacher's live view).

    Only a count: the response itself still carries no class session. A replay ends
    the run in ``store``, so it is never counted twice.
    """
    if sub.class_session_id is not None:
        driver_execute(env.session.connection(), _count_answer(),
                       {"class_session": sub.class_session_id})
    return sub


@cache
def _count_answer() -> Executable:
    """The count's UPDATE, built once and sent as it is: no ORM object holds a class
    session during intake (the context is read as a row), so there is none to bring up
    to date, and the ORM's bulk-update machinery cost more than the statement."""
    table = ClassSession.__table__
    return (update(table).where(table.c.id == bindparam("class_session"))
            .values(answers_received=table.c.answers_received + 1))


STEPS: list[Step] = [
    recall_earlier,
    validate,
    drop_identifiers,
    scan_for_safeguarding,
    redact_free_text,
    store,
    claim_letter_code,
    count_for_session,
]


def run(sub: Submission, env: IntakeEnv, steps: Sequence[Step] | None = None) -> Submission:
    """Pass the submission through the steps; the caller commits.

    The first step marked ``@writes`` begins the writing transaction, so a step that
    refuses leaves the database as it was and a caller need not roll back its whole
    session: a new transaction (the usual case: the submission's only one) is rolled
    back, and one the session had begun already gets a savepoint around the writing
    steps.
    """
    writing = fresh = False
    try:
        with ExitStack() as stack:
            for step in STEPS if steps is None else steps:
                if getattr(step, "writes", False) and not writing:
                    fresh = begin_write(env.session)
                    if not fresh:
                        stack.enter_context(env.session.begin_nested())
                    writing = True
                sub = step(sub, env)
                if sub.done:
                    break
    except BaseException:
        if fresh:
            env.session.rollback()
        raise
    return sub


# --- helpers -----------------------------------------------------------------------------


def _is_uuid(value: Any) -> bool:
    if not isinstance(value, str) or len(value) != 36:
        return False
    try:
        return str(uuid.UUID(value)) == value.lower()
    except ValueError:
        return False


def _reason(concern: Any) -> dict[str, Any]:
    if dataclasses.is_dataclass(concern):
        return {k: v for k, v in dataclasses.asdict(concern).items() if _jsonable(v)}
    return {"category": str(getattr(concern, "category", concern)),
            "rule": str(getattr(concern, "rule", ""))}


def _jsonable(value: Any) -> bool:
    return isinstance(value, str | int | float | bool | type(None) | list | dict)
