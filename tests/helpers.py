"""One-line makers of realistic test data, and a few actions a person takes."""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import os

import pytest
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from westcc_voice.db import db_session
from westcc_voice.definitions import load_catalogue
from westcc_voice.definitions.store import store_catalogue
from westcc_voice.models import School, StaffUser, SurveyVersion, Wave

_counter = itertools.count(1)
#: A Redis database the tests may empty (see README, Testing).
REDIS_URL = os.environ.get("WESTCC_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
PASSWORD = "correct horse battery"


def load_surveys(app) -> None:
    catalogue = load_catalogue(app.config["SURVEYS_DIR"], app.config["LICENSED_DIR"])
    assert catalogue.ok, "\n".join(str(e) for e in catalogue.errors)
    session = db_session()
    store_catalogue(session, catalogue)
    session.commit()


def survey(db, key: str) -> SurveyVersion:
    return db.scalars(
        select(SurveyVersion).where(SurveyVersion.key == key)
        .order_by(SurveyVersion.version.desc())
    ).first()


def gen_school(db, code: str | None = None, name: str | None = None) -> School:
    n = next(_counter)
    school = School(code=code or f"school{n}", name=name or f"Test Primary {n}", roll={})
    db.add(school)
    db.flush()
    return school


def gen_wave(db, code: str | None = None, starts_on: dt.date | None = None) -> Wave:
    n = next(_counter)
    wave = Wave(code=code or f"wave{n}", name=f"Wave {n}",
                starts_on=starts_on or dt.date(2026, 9, 1))
    db.add(wave)
    db.flush()
    return wave


def gen_staff(db, role: str = "admin", school: School | None = None,
              email: str | None = None) -> StaffUser:
    n = next(_counter)
    user = StaffUser(email=email or f"staff{n}@example.org", display_name=f"Staff {n}",
                     role=role, school_id=school.id if school else None,
                     password_hash=generate_password_hash(PASSWORD))
    db.add(user)
    db.flush()
    return user


class Actions:
    """What a person does, in one line each."""

    def __init__(self, client, db):
        self.client = client
        self.db = db

    def login(self, user: StaffUser, password: str = PASSWORD):
        return self.client.post("/staff/login", data={"email": user.email,
                                                      "password": password})

    def logout(self):
        return self.client.post("/staff/logout")


# --- class sessions and links (tests/staff) ------------------------------------------------

def gen_survey_version(db, audience: str = "pupil", year_groups: list[int] | None = None,
                       key: str | None = None, title: str | None = None,
                       languages: list[str] | None = None,
                       estimated_minutes: int | None = 10) -> SurveyVersion:
    """A small stored questionnaire, so staff tests don't depend on the files in surveys/."""
    n = next(_counter)
    key = key or f"test-{audience}-{n}"
    languages = languages or ["en"]
    years = (year_groups if year_groups is not None
             else ([3, 4, 5, 6] if audience == "pupil" else []))
    title = title or f"Test {audience} questionnaire {n}"
    definition = {
        "key": key, "audience": audience, "languages": languages,
        "source_language": languages[0], "year_groups": years,
        "age": {"min": 7, "max": 11} if audience == "pupil" else {"min": 18, "max": None},
        "title": {languages[0]: title}, "description": None,
        "estimated_minutes": estimated_minutes, "pages": [], "scales": {},
    }
    version = SurveyVersion(key=key, version=1, content_hash=f"{n:064d}", title=title,
                            audience=audience, source_path=f"tests/{key}.yaml",
                            definition=definition)
    db.add(version)
    db.flush()
    return version


def gen_class_session(db, teacher: StaffUser, survey_version: SurveyVersion, wave: Wave,
                      *, school: School | None = None, minutes: int = 60, year_group: int = 4,
                      class_label: str = "4B", join_code: str | None = None):
    from westcc_voice.models import ClassSession, utcnow
    from westcc_voice.staff.codes import new_join_code

    now = utcnow()
    cs = ClassSession(join_code=join_code or new_join_code(),
                      survey_version_id=survey_version.id, wave_id=wave.id,
                      school_id=school.id if school else teacher.school_id,
                      year_group=year_group,
                      class_label=class_label, starts_at=now,
                      ends_at=now + dt.timedelta(minutes=minutes), created_by_id=teacher.id)
    db.add(cs)
    db.flush()
    return cs


# --- respondent side: class sessions, links and letter codes (tests/collect, tests/browser) ---


def gen_pupil_session(db, survey_key: str = "pupils-7-11", *, school: School | None = None,
                      wave: Wave | None = None, year_group: int = 5,
                      class_label: str = "5B", code: str | None = None,
                      closed: bool = False, hours: int = 2):
    """An open class session (or a closed one) with a fresh join code."""
    from westcc_voice.models import ClassSession, utcnow
    from westcc_voice.staff.codes import new_join_code

    now = utcnow()
    session = ClassSession(
        join_code=code or new_join_code(),
        survey_version_id=survey(db, survey_key).id,
        wave_id=(wave or gen_wave(db)).id,
        school_id=(school or gen_school(db)).id,
        year_group=year_group,
        class_label=class_label,
        starts_at=now - dt.timedelta(minutes=5),
        ends_at=now + dt.timedelta(hours=hours),
        closed_at=now - dt.timedelta(hours=1) if closed else None,
    )
    db.add(session)
    db.flush()
    return session


def gen_answer_link(db, survey_key: str = "parents", *, school: School | None = None,
             wave: Wave | None = None, audience: str | None = None,
             opens_on: dt.date | None = None, closes_on: dt.date | None = None,
             single_use_codes: bool = False, token: str | None = None):
    """A parent or community link, open today unless dates say otherwise."""
    from westcc_voice.models import Link
    from westcc_voice.staff.codes import new_link_token

    version = survey(db, survey_key)
    link = Link(
        token=token or new_link_token(),
        survey_version_id=version.id,
        wave_id=(wave or gen_wave(db)).id,
        school_id=school.id if school else (gen_school(db).id if version.audience == "parent"
                                            else None),
        audience=audience or version.audience,
        opens_on=opens_on,
        closes_on=closes_on,
        single_use_codes=single_use_codes,
    )
    db.add(link)
    db.flush()
    return link


def gen_answer_codes(db, link, secret: str, count: int = 2) -> list[str]:
    """Single-use letter codes for a link; returns the codes as printed on the letters."""
    from westcc_voice.models import LinkCode
    from westcc_voice.staff.codes import letter_code_hash, new_letter_code

    codes = [new_letter_code() for _ in range(count)]
    for code in codes:
        db.add(LinkCode(link_id=link.id, code_hash=letter_code_hash(code, secret)))
    db.flush()
    return codes


def gen_response(db, **overrides):
    """An unsaved pupil response (school, wave and survey made as needed)."""
    import uuid

    from westcc_voice.models import Response

    fields = dict(submission_id=str(uuid.uuid4()), survey_version_id=survey(db, "pupils-7-11").id,
                  wave_id=gen_wave(db).id, school_id=gen_school(db).id, audience="pupil",
                  year_group=5, language="en", submitted_on=dt.date(2026, 11, 2), answers={})
    fields.update(overrides)
    return Response(**fields)


def redis_or_skip() -> str:
    """The test Redis URL once it answers; outside CI a test skips saying why."""
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("CI"):
            pytest.fail(f"Redis is not answering at {REDIS_URL} (CI needs it)")
        pytest.skip(f"Redis is not answering at {REDIS_URL}; these tests run in CI")
    return REDIS_URL


@contextlib.contextmanager
def using_redis(app):
    """The app with ``REDIS_URL`` set to the test Redis, emptied before and after; yields a
    client of it."""
    import redis

    client = redis.Redis.from_url(redis_or_skip())
    client.flushdb()
    saved = app.config["REDIS_URL"]
    app.config["REDIS_URL"] = REDIS_URL
    try:
        yield client
    finally:
        app.config["REDIS_URL"] = saved
        client.flushdb()


def gen_version_from_file(db, surveys, key: str, version_key: str | None = None
                          ) -> SurveyVersion:
    """Questionnaire ``key`` as loaded from the surveys folder ``surveys`` (a test's own
    copy), stored as a version of its own."""
    from westcc_voice import PROJECT_DIR

    catalogue = load_catalogue(surveys, PROJECT_DIR / "instance" / "licensed")
    assert catalogue.errors == []
    resolved = next(s for s in catalogue.surveys if s.key == key)
    version = SurveyVersion(key=version_key or key, version=1,
                            content_hash=resolved.content_hash, title=resolved.title,
                            audience=resolved.audience, source_path=f"tests/{key}.yaml",
                            definition=resolved.definition)
    db.add(version)
    db.flush()
    return version


def gen_link_to_file(db, surveys, key: str, version_key: str | None = None):
    """A link to questionnaire ``key`` as loaded from the surveys folder ``surveys`` (a
    test's own copy), stored as a version of its own; returns the link and definition."""
    version = gen_version_from_file(db, surveys, key, version_key)
    link = gen_answer_link(db, "parents" if version.audience == "parent" else "community")
    link.survey_version_id = version.id
    db.flush()
    return link, version.definition
