"""The data model, in SQLAlchemy 2.x typed style and free of Flask.

Privacy rules that the database can enforce are CHECK constraints, so that no code path
(CLI, import, a future API) can store what the anonymity model forbids:

- a response has a date, never a time, and no column for names, IPs or devices;
- a pupil response has a year group (0 = Reception .. 13), an adult one has none;
- a safeguarding flag belongs to a school, whose DSLs see it, or, for a parent's or
  community member's answer from a link without a school, to no school: the partnership
  safeguarding lead sees those (and any flag handed to them).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

AUDIENCES = ("pupil", "parent", "community")
ROLES = ("admin", "school_lead", "teacher", "dsl", "steering", "partnership_dsl")
#: Roles whose every view is limited to one school.
SCHOOL_ROLES = ("school_lead", "teacher", "dsl")
#: Roles that belong to no school (the partnership safeguarding lead sees no school's results).
NO_SCHOOL_ROLES = ("partnership_dsl",)
#: How urgent a safeguarding flag is: "urgent" if any of its reasons is.
SEVERITIES = ("urgent", "concern")
#: What a DSL decided about a flag, as they record it.
OUTCOMES = ("no_further_action", "monitoring", "early_help", "social_care", "police")
#: Outcomes that mean the flag went to another agency (status "referred").
REFERRAL_OUTCOMES = ("social_care", "police")

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class School(Base):
    __tablename__ = "schools"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    #: Pupils on roll per year group, e.g. {"5": 58, "6": 60}, for response rates.
    roll: Mapped[dict[str, Any]] = mapped_column(default=dict)

    def __repr__(self) -> str:
        return f"<School {self.code}>"


class Wave(Base):
    __tablename__ = "waves"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    starts_on: Mapped[dt.date | None] = mapped_column(Date)
    ends_on: Mapped[dt.date | None] = mapped_column(Date)

    __table_args__ = (
        CheckConstraint("ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on", "dates"),
    )


class SurveyVersion(Base):
    """One immutable, content-hashed version of a questionnaire file."""

    __tablename__ = "survey_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), index=True)
    version: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(300))
    audience: Mapped[str] = mapped_column(String(20))
    source_path: Mapped[str] = mapped_column(String(500))
    #: The resolved definition (scales expanded, text per language, wording hashes).
    definition: Mapped[dict[str, Any]] = mapped_column()
    loaded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (
        UniqueConstraint("key", "content_hash", name="key_hash"),
        UniqueConstraint("key", "version", name="key_version"),
        CheckConstraint(_in("audience", AUDIENCES), "audience"),
    )

    def questions(self) -> list[dict[str, Any]]:
        return [q for page in self.definition["pages"] for q in page["questions"]]


@event.listens_for(SurveyVersion, "before_update")
def _survey_versions_are_immutable(_mapper, _connection, target: SurveyVersion) -> None:
    raise ValueError(
        f"survey version {target.key} v{target.version} is immutable: load a changed file "
        "to make a new version"
    )


class Link(Base):
    """A shareable parent or community link with an unguessable token."""

    __tablename__ = "links"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    survey_version_id: Mapped[int] = mapped_column(ForeignKey("survey_versions.id"))
    wave_id: Mapped[int] = mapped_column(ForeignKey("waves.id"))
    #: None for a partnership-wide community link.
    school_id: Mapped[int | None] = mapped_column(ForeignKey("schools.id"))
    audience: Mapped[str] = mapped_column(String(20))
    label: Mapped[str] = mapped_column(String(200), default="")
    opens_on: Mapped[dt.date | None] = mapped_column(Date)
    closes_on: Mapped[dt.date | None] = mapped_column(Date)
    single_use_codes: Mapped[bool] = mapped_column(default=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    survey_version: Mapped[SurveyVersion] = relationship()
    wave: Mapped[Wave] = relationship()
    school: Mapped[School | None] = relationship()

    @property
    def name(self) -> str:
        """What staff call the link: its label, or a stand-in for one made without."""
        return self.label or f"{self.audience.capitalize()} link {self.id}"

    __table_args__ = (
        CheckConstraint(_in("audience", ("parent", "community")), "audience"),
        CheckConstraint("closes_on IS NULL OR opens_on IS NULL OR closes_on >= opens_on", "dates"),
    )


class LinkCode(Base):
    """A single-use code printed on one letter of a letter run (stored hashed)."""

    __tablename__ = "link_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    link_id: Mapped[int] = mapped_column(ForeignKey("links.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    used_on: Mapped[dt.date | None] = mapped_column(Date)


class ClassSession(Base):
    """A class sitting a survey on shared tablets, joined with a short code."""

    __tablename__ = "class_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    join_code: Mapped[str] = mapped_column(String(12), unique=True)
    survey_version_id: Mapped[int] = mapped_column(ForeignKey("survey_versions.id"))
    wave_id: Mapped[int] = mapped_column(ForeignKey("waves.id"))
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    year_group: Mapped[int] = mapped_column(Integer)
    class_label: Mapped[str] = mapped_column(String(60))
    starts_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    ends_at: Mapped[dt.datetime] = mapped_column(DateTime)
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    # Surveys a tablet cleared unsent after it was left alone (collect/idle.py): a count only.
    left_unsent: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    #: How many responses arrived through this session: a count, never which ones.
    answers_received: Mapped[int] = mapped_column(default=0, server_default="0")

    survey_version: Mapped[SurveyVersion] = relationship()
    wave: Mapped[Wave] = relationship()
    school: Mapped[School] = relationship()

    __table_args__ = (
        CheckConstraint("year_group BETWEEN 0 AND 13", "year_group"),
        CheckConstraint("answers_received >= 0", "answers_received"),
        CheckConstraint("ends_at > starts_at", "times"),
    )

    def is_open(self, now: dt.datetime | None = None) -> bool:
        now = now or utcnow()
        return self.closed_at is None and self.starts_at <= now < self.ends_at


class Response(Base):
    """One anonymised response: only the fields the anonymity model allows.

    No class session, no time of day, no network or device details. ``submission_id``
    is the UUID the respondent's device chose, so a retried upload stores once.
    """

    __tablename__ = "responses"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[str] = mapped_column(String(36), unique=True)
    survey_version_id: Mapped[int] = mapped_column(ForeignKey("survey_versions.id"), index=True)
    wave_id: Mapped[int] = mapped_column(ForeignKey("waves.id"), index=True)
    link_id: Mapped[int | None] = mapped_column(ForeignKey("links.id"))
    school_id: Mapped[int | None] = mapped_column(ForeignKey("schools.id"), index=True)
    audience: Mapped[str] = mapped_column(String(20))
    year_group: Mapped[int | None] = mapped_column(Integer)
    language: Mapped[str] = mapped_column(String(10))
    submitted_on: Mapped[dt.date] = mapped_column(Date)
    #: {question_id: answer}; free text already redacted.
    answers: Mapped[dict[str, Any]] = mapped_column()
    #: Hash of the receipt code the respondent can use to withdraw this response.
    receipt_hash: Mapped[str | None] = mapped_column(String(64), unique=True)

    survey_version: Mapped[SurveyVersion] = relationship()

    __table_args__ = (
        CheckConstraint(_in("audience", AUDIENCES), "audience"),
        CheckConstraint(
            "(audience = 'pupil' AND year_group IS NOT NULL AND year_group BETWEEN 0 AND 13) "
            "OR (audience <> 'pupil' AND year_group IS NULL)",
            "year_group",
        ),
        CheckConstraint("audience <> 'pupil' OR school_id IS NOT NULL", "pupil_school"),
        CheckConstraint("length(submission_id) = 36", "submission_id"),
    )


def _severity_from_reasons(context) -> str:
    from .safeguarding.severity import flag_severity

    return flag_severity(context.get_current_parameters().get("reasons"))


class SafeguardingFlag(Base):
    """A free-text answer that may be a disclosure, for the school's DSLs only.

    Holds the original text and the class-session context, not a link to the
    anonymised response. ``school_id`` is None for a parent's or community member's
    answer from a link without a school (the partnership safeguarding lead's). Deleted
    ``retention`` days after an outcome is recorded; its notes and alerts go with it.
    """

    __tablename__ = "safeguarding_flags"

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int | None] = mapped_column(ForeignKey("schools.id"), index=True)
    class_session_id: Mapped[int | None] = mapped_column(ForeignKey("class_sessions.id"))
    survey_version_id: Mapped[int] = mapped_column(ForeignKey("survey_versions.id"))
    question_id: Mapped[str] = mapped_column(String(80))
    original_text: Mapped[str] = mapped_column(Text)
    reasons: Mapped[list[Any]] = mapped_column(default=list)
    #: "urgent" if any reason is urgent, else "concern" (see safeguarding.severity);
    #: worked out from ``reasons`` when a flag is stored without one.
    severity: Mapped[str] = mapped_column(String(10), default=_severity_from_reasons)
    flagged_on: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="open")
    #: What the DSL decided (OUTCOMES); set together with status reviewed/referred.
    outcome: Mapped[str | None] = mapped_column(String(30))
    #: The DSL the flag was handed to, if any; they see it whatever their school.
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    delete_after: Mapped[dt.date | None] = mapped_column(Date)

    class_session: Mapped[ClassSession | None] = relationship()
    school: Mapped[School | None] = relationship()
    assigned_to: Mapped[StaffUser | None] = relationship(foreign_keys=[assigned_to_id])

    __table_args__ = (
        CheckConstraint(_in("status", ("open", "reviewed", "referred")), "status"),
        CheckConstraint("status = 'open' OR reviewed_at IS NOT NULL", "reviewed"),
        CheckConstraint(_in("severity", SEVERITIES), "severity"),
        CheckConstraint(f"outcome IS NULL OR {_in('outcome', OUTCOMES)}", "outcome"),
        CheckConstraint("outcome IS NULL OR status <> 'open'", "outcome_closes"),
    )


class StaffUser(Base):
    __tablename__ = "staff_users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(200), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(20))
    school_id: Mapped[int | None] = mapped_column(ForeignKey("schools.id"))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    #: Goes up on sign-out, a password change or reset, and deactivation: every sign-in
    #: made with an older version is refused (see get_id and the user loader).
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")

    school: Mapped[School | None] = relationship()

    __table_args__ = (
        CheckConstraint(_in("role", ROLES), "role"),
        CheckConstraint(
            f"{_in('role', SCHOOL_ROLES)} AND school_id IS NOT NULL "
            f"OR NOT {_in('role', SCHOOL_ROLES)}",
            "school_scope",
        ),
        CheckConstraint(f"NOT {_in('role', NO_SCHOOL_ROLES)} OR school_id IS NULL",
                        "no_school"),
    )

    # Flask-Login protocol, kept here so the model needs no Flask import.
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        """What the sign-in cookie holds: the id and the session version it was made with."""
        return f"{self.id}:{self.session_version}"

    def end_sessions(self) -> None:
        """End every sign-in of this person (signed cookies with the old version)."""
        self.session_version = (self.session_version or 0) + 1


class AuditEvent(Base):
    """Who did what to which record: staff actions only, never respondents."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    action: Mapped[str] = mapped_column(String(80))
    target: Mapped[str] = mapped_column(String(200), default="")
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)


class QuoteApproval(Base):
    """A person's decision on whether a redacted free-text answer may be quoted."""

    __tablename__ = "quote_approvals"

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("responses.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(String(80))
    decision: Mapped[str] = mapped_column(String(20))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    decided_on: Mapped[dt.date] = mapped_column(Date)

    __table_args__ = (
        UniqueConstraint("response_id", "question_id", name="one_decision"),
        CheckConstraint(_in("decision", ("approved", "rejected")), "decision"),
    )


class SafeguardingNote(Base):
    """A DSL's triage note on a flag; deleted with the flag."""

    __tablename__ = "safeguarding_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    flag_id: Mapped[int] = mapped_column(
        ForeignKey("safeguarding_flags.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    written_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    text: Mapped[str] = mapped_column(Text)

    author: Mapped[StaffUser | None] = relationship()

    __table_args__ = (CheckConstraint("length(text) > 0", "text"),)


class FlagAlert(Base):
    """One email telling a DSL about an urgent flag: a link, never the child's words.

    Made in the same transaction as the flag (status "pending"), sent after it commits;
    a failed send stays "failed" and ``flask safeguarding digest`` tries it again.
    """

    __tablename__ = "flag_alerts"

    id: Mapped[int] = mapped_column(primary_key=True)
    flag_id: Mapped[int] = mapped_column(
        ForeignKey("safeguarding_flags.id", ondelete="CASCADE"), index=True)
    recipient_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id"))
    #: "urgent" (a new urgent flag) or "handover" (a flag handed to the recipient).
    kind: Mapped[str] = mapped_column(String(20), default="urgent")
    status: Mapped[str] = mapped_column(String(10), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    recipient: Mapped[StaffUser] = relationship()

    __table_args__ = (
        CheckConstraint(_in("status", ("pending", "sent", "failed")), "status"),
        CheckConstraint(_in("kind", ("urgent", "handover")), "kind"),
        CheckConstraint("status <> 'sent' OR sent_at IS NOT NULL", "sent"),
    )


class SavedDraft(Base):
    """An unfinished response, sealed: server-side so that any instance can carry it on.

    ``id`` is the SHA-256 of the random token in the respondent's cookie, and ``sealed``
    is the draft encrypted with a key derived from the app's secret and that token (see
    collect/drafts.py): neither this table nor the secret alone can read a draft. Deleted
    on send or stop; ``retention run`` sweeps those past ``expires_at``.
    """

    __tablename__ = "drafts"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    sealed: Mapped[str] = mapped_column(Text)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)


class WithdrawnSubmission(Base):
    """A response its respondent withdrew: only its receipt's hash and the date.

    Kept so that a copy of the same submission sent again later (an offline tablet still
    holding it under its submission UUID) is refused rather than stored again. The hash
    is the one the response carried (``Response.receipt_hash``), so nothing is added
    about the respondent; ``retention run`` deletes these with the responses of that age.
    """

    __tablename__ = "withdrawn_submissions"

    receipt_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    withdrawn_on: Mapped[dt.date] = mapped_column(Date, index=True)


class TabletQueue(Base):
    """How many finished answers one class tablet says are still waiting to be sent.

    ``tablet_key`` is a keyed hash of a random name the tablet chose for itself: it
    tells tablets apart within a session and nothing else. Rows go with their session.
    """

    __tablename__ = "tablet_queues"

    class_session_id: Mapped[int] = mapped_column(
        ForeignKey("class_sessions.id", ondelete="CASCADE"), primary_key=True)
    tablet_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    waiting: Mapped[int] = mapped_column(Integer, default=0)
    reported_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (CheckConstraint("waiting >= 0", "waiting"),)
