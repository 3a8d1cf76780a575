"""Where a respondent answers from: a class session (join code) or a link (token).

The context decides school, year group, wave and survey, so a pupil is never asked
them. It is looked up again on every request from the key kept in the respondent's
cookie, so a session the teacher closes, or a link past its closing date, stops
taking answers (with a short grace period for pupils already mid-survey).

Looking a context up is one query (the session or link with its school's name and its
survey version's content hash). Each process reuses a row it read for
``ROW_CACHE_SECONDS``, so a class pressing Send together costs one read, not thirty; a
change to a session, link or school made through this process's sessions empties that
cache at once, and another process sees the change within those seconds. Survey
versions are immutable, so each process keeps their parsed definitions
(``survey_definition``), keyed by id and content hash: a definition is read from the
database once per process, not on every page and submit.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
import weakref
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import Engine, Row, Select, bindparam, event, select
from sqlalchemy.orm import Session

from ..db import single_read
from ..models import ClassSession, Link, LinkCode, School, SurveyVersion, utcnow
from ..staff.codes import letter_code_hash, normalise_join_code, normalise_letter_code
from .intake import Submission

#: A pupil who started before the teacher closed the session may still send for this long.
SUBMIT_GRACE = dt.timedelta(minutes=30)
#: A class tablet that answered while offline (its queue says when each answer was
#: finished) may send those answers this long after the session closed.
OFFLINE_SEND_LIMIT = dt.timedelta(days=14)


@dataclass(frozen=True)
class SurveyDefinition:
    """What the respondent pages and intake need of a survey version; never changes."""

    id: int
    key: str
    version: int
    audience: str
    content_hash: str
    #: The resolved definition (SurveyVersion.definition): shared, so never modify it.
    definition: dict[str, Any]

    def questions(self) -> list[dict[str, Any]]:
        return [q for page in self.definition["pages"] for q in page["questions"]]


#: Parsed definitions per database engine, by (survey version id, content hash). Each
#: survey version is a few hundred kilobytes at most, and a deployment has dozens.
_DEFINITIONS: weakref.WeakKeyDictionary[Engine, dict[tuple[int, str], SurveyDefinition]] = \
    weakref.WeakKeyDictionary()
_DEFINITIONS_LOCK = threading.Lock()
#: More versions than a deployment loads in years; past it the cache starts afresh.
_MAX_CACHED = 500


def survey_definition(session: Session, version_id: int, content_hash: str) -> SurveyDefinition:
    """The survey version's definition, read from the database once per process."""
    engine = session.get_bind().engine
    key = (version_id, content_hash)
    with _DEFINITIONS_LOCK:
        found = _DEFINITIONS.setdefault(engine, {}).get(key)
    if found is not None:
        return found
    row = session.execute(
        select(SurveyVersion.id, SurveyVersion.key, SurveyVersion.version,
               SurveyVersion.audience, SurveyVersion.content_hash, SurveyVersion.definition)
        .where(SurveyVersion.id == version_id)
    ).one()
    found = SurveyDefinition(*row)
    if found.content_hash == content_hash:
        with _DEFINITIONS_LOCK:
            cached = _DEFINITIONS.setdefault(engine, {})
            if len(cached) >= _MAX_CACHED:
                cached.clear()
            cached[key] = found
    return found


@dataclass(frozen=True)
class RespondentContext:
    kind: str  # "session" or "link"
    #: The join code or link token; it lives in the respondent's cookie, never in a row.
    key: str
    survey: SurveyDefinition
    wave_id: int
    school_id: int | None
    school_name: str | None
    audience: str
    year_group: int | None
    link_id: int | None = None
    class_session_id: int | None = None
    single_use_codes: bool = False
    #: The class's label (e.g. "5B"), shown so a teacher can check the tablet's session.
    label: str | None = None

    @property
    def is_class(self) -> bool:
        return self.kind == "session"

    def submission(self, submission_id: str, answers: Any, language: str, *,
                   letter_code_id: int | None, finished: bool,
                   today: dt.date | None = None) -> Submission:
        """A submission for the intake pipeline, with everything the context decides."""
        return Submission(
            submission_id=submission_id,
            answers=answers,
            language=language,
            survey_version_id=self.survey.id,
            wave_id=self.wave_id,
            audience=self.audience,
            submitted_on=today or utcnow().date(),
            school_id=self.school_id,
            year_group=self.year_group,
            link_id=self.link_id,
            class_session_id=self.class_session_id,
            letter_code_id=letter_code_id,
            finished=finished,
        )


class ContextRefused(Exception):
    """The session or link cannot take answers now; ``reason`` and ``on`` say why."""

    def __init__(self, reason: str, on: dt.date | None = None):
        self.reason = reason  # "unknown", "closed" or "not_open"
        self.on = on
        super().__init__(reason)


def for_join_code(session: Session, code: str, now: dt.datetime | None = None,
                  *, grace: bool = False,
                  answered_at: dt.datetime | None = None) -> RespondentContext:
    """The class session of a join code, if it takes answers now.

    ``grace``: a submission (not a page) is taken up to ``SUBMIT_GRACE`` after closing.
    ``answered_at``: when an offline tablet's queue says the answer was finished; an
    answer finished while the session was open (give or take ``SUBMIT_GRACE`` for the
    tablet's clock) is taken for ``OFFLINE_SEND_LIMIT`` after it closed. The time is used
    for this decision only and never stored."""
    now = now or utcnow()
    found, school_name, content_hash = _find(session, ClassSession, ClassSession.join_code,
                                             normalise_join_code(code))
    if now < found.starts_at:
        raise ContextRefused("not_open", found.starts_at.date())
    if not ClassSession.is_open(found, now):
        ended = min(t for t in (found.closed_at, found.ends_at) if t is not None)
        answered_in_time = (
            answered_at is not None
            and found.starts_at - SUBMIT_GRACE <= answered_at <= ended + SUBMIT_GRACE
            and now < ended + OFFLINE_SEND_LIMIT)
        if not (grace and (now < ended + SUBMIT_GRACE or answered_in_time)):
            raise ContextRefused("closed", ended.date())
    survey = survey_definition(session, found.survey_version_id, content_hash)
    audience = survey.audience
    return RespondentContext(
        kind="session",
        key=found.join_code,
        survey=survey,
        wave_id=found.wave_id,
        school_id=found.school_id,
        school_name=school_name,
        audience=audience,
        year_group=found.year_group if audience == "pupil" else None,
        class_session_id=found.id,
        label=found.class_label,
    )


def for_link_token(session: Session, token: str, today: dt.date | None = None) -> RespondentContext:
    today = today or utcnow().date()
    found, school_name, content_hash = _find(session, Link, Link.token, token)
    if found.opens_on and today < found.opens_on:
        raise ContextRefused("not_open", found.opens_on)
    if found.closes_on and today > found.closes_on:
        raise ContextRefused("closed", found.closes_on)
    survey = survey_definition(session, found.survey_version_id, content_hash)
    return RespondentContext(
        kind="link",
        key=found.token,
        survey=survey,
        wave_id=found.wave_id,
        school_id=found.school_id,
        school_name=school_name,
        audience=survey.audience,
        year_group=None,
        link_id=found.id,
        single_use_codes=found.single_use_codes,
    )


#: How long a process reuses a session's or link's row before reading it again.
ROW_CACHE_SECONDS = 2.0
#: Rows found, per database engine, by (model, key): (when read, on the monotonic clock;
#: the row). Keys that match nothing are never kept, so a mistyped code is counted and
#: refused by the database every time.
_ROWS: weakref.WeakKeyDictionary[Engine, dict[tuple[type, str], tuple[float, Row]]] = \
    weakref.WeakKeyDictionary()
_ROWS_LOCK = threading.Lock()
#: The models whose changes empty the row cache (a row carries its school's name).
_CACHED_MODELS = (ClassSession, Link, School)


def _find(session: Session, model: type[ClassSession] | type[Link], column: Any,
          key: str) -> tuple[Any, str | None, str]:
    """The session or link with its school's name and its survey's content hash, in one
    query (read with ``single_read``: a submission's only transaction is then its writing
    one), or from this process's cache of rows read in the last ``ROW_CACHE_SECONDS``.
    Only a short, printable ASCII key can match; anything else (a NUL, which PostgreSQL
    refuses even in a query, or a lone surrogate) is unknown at once."""
    row = None
    if (isinstance(key, str) and 0 < len(key) <= column.type.length and key.isascii()
            and key.isprintable()):
        engine = session.get_bind().engine
        now = time.monotonic()
        with _ROWS_LOCK:
            cached = _ROWS.get(engine, {}).get((model, key))
        if cached is not None and now - cached[0] < ROW_CACHE_SECONDS:
            row = cached[1]
        else:
            with single_read(session) as connection:
                row = connection.execute(_find_statement(model), {"key": key}).first()
            if row is not None:
                with _ROWS_LOCK:
                    rows = _ROWS.setdefault(engine, {})
                    if len(rows) >= _MAX_CACHED:
                        rows.clear()
                    rows[(model, key)] = (now, row)
    if row is None:
        raise ContextRefused("unknown")
    return row, row.westcc_school_name, row.westcc_content_hash


def forget_rows() -> None:
    """Empty the row cache: a session, link or school changed."""
    with _ROWS_LOCK:
        _ROWS.clear()


#: Set in a session's info when it changed a cached model, until it commits.
_CHANGED = "westcc_changed_context_rows"


@event.listens_for(Session, "after_flush")
def _forget_changed(session: Session, _context: Any) -> None:
    """A session, link or school changed through an ORM session of this process: its
    cached row must not be used again (a closed session refuses at once). Emptied at
    the flush and again at the commit, in case another request read the old row between."""
    changed = (*session.new, *session.dirty, *session.deleted)
    if any(isinstance(obj, _CACHED_MODELS) for obj in changed):
        session.info[_CHANGED] = True
        forget_rows()


@event.listens_for(Session, "do_orm_execute")
def _forget_bulk(state: Any) -> None:
    """The same for UPDATE and DELETE statements run through a session."""
    if (state.is_update or state.is_delete) and state.bind_mapper is not None \
            and issubclass(state.bind_mapper.class_, _CACHED_MODELS):
        state.session.info[_CHANGED] = True
        forget_rows()


@event.listens_for(Session, "after_commit")
def _forget_committed(session: Session) -> None:
    if session.info.pop(_CHANGED, False):
        forget_rows()


@cache
def _find_statement(model: type[ClassSession] | type[Link]) -> Select:
    """The row's own columns (no ORM object: it is read, never changed, on every request),
    built once: only the key changes."""
    table, schools, surveys = model.__table__, School.__table__, SurveyVersion.__table__
    key_column = table.c.join_code if model is ClassSession else table.c.token
    return (
        select(*table.c, schools.c.name.label("westcc_school_name"),
               surveys.c.content_hash.label("westcc_content_hash"))
        .outerjoin(schools, schools.c.id == table.c.school_id)
        .join(surveys, surveys.c.id == table.c.survey_version_id)
        .where(key_column == bindparam("key"))
    )


def resolve(session: Session, kind: str, key: str, *, grace: bool = False,
            answered_at: dt.datetime | None = None) -> RespondentContext:
    if kind == "session":
        return for_join_code(session, key, grace=grace, answered_at=answered_at)
    if kind == "link":
        return for_link_token(session, key)
    raise ContextRefused("unknown")


def find_letter_code(session: Session, link_id: int, typed: str,
                     secret: str) -> tuple[int | None, str]:
    """(code id, "") for an unused code of this link; else (None, "unknown"/"used")."""
    normal = normalise_letter_code(typed)
    if not normal:
        return None, "unknown"
    code = session.scalar(
        select(LinkCode).where(LinkCode.link_id == link_id,
                               LinkCode.code_hash == letter_code_hash(normal, secret))
    )
    if code is None:
        return None, "unknown"
    if code.used_on is not None:
        return None, "used"
    return code.id, ""

