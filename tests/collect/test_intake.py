"""The intake pipeline on its own: plain Submission in, one anonymised Response out."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid

import pytest
from sqlalchemy import func, inspect, select

from westcc_voice.collect import intake
from westcc_voice.collect.intake import FieldError, IntakeEnv, IntakeError, Submission
from westcc_voice.collect.receipts import receipt_hash
from westcc_voice.models import Response, SafeguardingFlag

from ..helpers import gen_pupil_session, survey

TODAY = dt.date(2026, 10, 5)


@pytest.fixture
def session_ctx(db):
    return gen_pupil_session(db, "pupils-7-11", year_group=4)


def submission(cs, answers, **changes) -> Submission:
    base = Submission(
        submission_id=str(uuid.uuid4()), answers=answers, language="en",
        survey_version_id=cs.survey_version_id, wave_id=cs.wave_id, audience="pupil",
        submitted_on=TODAY, school_id=cs.school_id, year_group=cs.year_group,
        class_session_id=cs.id,
    )
    return dataclasses.replace(base, **changes)


def env(db, cs, **kw) -> IntakeEnv:
    return IntakeEnv(db, cs.survey_version.definition, "test-secret",
                     redactor=kw.get("redactor", lambda text: text.replace("Sarah", "[name]")),
                     scanner=kw.get("scanner", lambda text: []))


def count(db, model=Response) -> int:
    return db.scalar(select(func.count(model.id)))


def fields(exc: IntakeError) -> list[str]:
    return [e.field for e in exc.errors]


def test_a_valid_submission_is_stored_once_with_a_receipt(db, session_ctx):
    result = intake.run(submission(session_ctx, {"school_feel": "4"}), env(db, session_ctx))
    row = db.get(Response, result.response_id)
    assert row.answers == {"school_feel": 4}
    assert row.receipt_hash == receipt_hash(result.receipt)
    assert row.submitted_on == TODAY


@pytest.mark.parametrize(("answers", "field", "words"), [
    ({"favourite_colour": "blue"}, "favourite_colour", "unknown question"),
    ({"school_feel": "very"}, "school_feel", "expected one of"),
    ({"school_feel": 9}, "school_feel", "expected one of"),
    ({"activities": "flying"}, "activities", "is not a choice"),
    ({"welcome": "hello"}, "welcome", "takes no answer"),
    ({"learning": {"enjoy": 7}}, "learning", "expected one of"),
    ({"learning": {"homework": 3}}, "learning", "unknown item"),
    ({"anything_else": "x" * 1001}, "anything_else", "longer than"),
    ({"safe_school": "yes", "unsafe_where": ["park"]}, "unsafe_where", "hidden"),
])
def test_an_answer_that_does_not_fit_is_refused_naming_the_field(db, session_ctx, answers,
                                                                  field, words):
    with pytest.raises(IntakeError) as caught:
        intake.run(submission(session_ctx, answers), env(db, session_ctx))
    assert field in fields(caught.value)
    assert words in str(caught.value)
    assert count(db) == 0


def test_every_problem_is_reported_at_once(db, session_ctx):
    with pytest.raises(IntakeError) as caught:
        intake.run(submission(session_ctx, {"nope": 1, "school_feel": 0, "belong": "x"}),
                   env(db, session_ctx))
    assert sorted(fields(caught.value)) == ["belong", "nope", "school_feel"]


def test_a_shown_conditional_answer_is_accepted(db, session_ctx):
    answers = {"safe_area": "not_sure", "unsafe_where": ["streets"]}
    result = intake.run(submission(session_ctx, answers), env(db, session_ctx))
    assert db.get(Response, result.response_id).answers == answers


def test_submission_id_must_be_a_uuid(db, session_ctx):
    with pytest.raises(IntakeError) as caught:
        intake.run(submission(session_ctx, {}, submission_id="not-a-uuid"),
                   env(db, session_ctx))
    assert fields(caught.value) == ["submission_id"]


def test_a_retry_with_the_same_uuid_returns_the_first_receipt_and_stores_nothing(
        db, session_ctx):
    sub = submission(session_ctx, {"school_feel": "4"})
    first = intake.run(sub, env(db, session_ctx))
    again = intake.run(dataclasses.replace(sub, answers={"school_feel": "1"}),
                       env(db, session_ctx))
    assert again.duplicate and again.receipt == first.receipt
    assert again.response_id == first.response_id
    assert count(db) == 1
    assert db.get(Response, first.response_id).answers == {"school_feel": 4}


def test_a_concurrent_retry_meets_the_unique_constraint_and_gets_the_receipt(
        db, session_ctx):
    """Two uploads pass the 'already stored?' check together; the database keeps one."""
    sub = submission(session_ctx, {"school_feel": "4"})
    steps_without_recall = [s for s in intake.STEPS if s is not intake.recall_earlier]
    first = intake.run(sub, env(db, session_ctx), steps=steps_without_recall)
    second = intake.run(sub, env(db, session_ctx), steps=steps_without_recall)
    assert second.duplicate and second.receipt == first.receipt
    assert count(db) == 1


def test_only_the_fields_the_anonymity_model_allows_are_stored(db, session_ctx):
    result = intake.run(
        submission(session_ctx, {}, submitted_on=dt.datetime(2026, 10, 5, 13, 47, 12)),
        env(db, session_ctx),
    )
    assert set(result.record) == set(intake.ALLOWED_FIELDS)
    row = db.get(Response, result.response_id)
    assert row.submitted_on == TODAY
    columns = {c.key for c in inspect(Response).mapper.column_attrs}
    assert columns == {"id", "receipt_hash", *intake.ALLOWED_FIELDS}


def test_free_text_is_redacted_and_the_original_is_kept_only_in_a_safeguarding_flag(
        db, session_ctx):
    text = "Sarah at home hits me"
    concern = {"category": "harm", "rule": "hits me"}
    result = intake.run(
        submission(session_ctx, {"anything_else": text}),
        env(db, session_ctx, scanner=lambda t: [concern] if "hits me" in t else []),
    )
    row = db.get(Response, result.response_id)
    assert row.answers["anything_else"] == "[name] at home hits me"
    [flag] = db.scalars(select(SafeguardingFlag)).all()
    assert flag.original_text == text
    assert flag.school_id == session_ctx.school_id
    assert flag.class_session_id == session_ctx.id
    assert flag.question_id == "anything_else"
    assert flag.flagged_on == TODAY and flag.status == "open"
    assert not hasattr(flag, "response_id")


def test_an_answer_only_the_model_reads_as_urgent_reaches_the_dsl_as_urgent(db, session_ctx):
    """No rule matches it; the intake's own scan (rules, then the learned reading) stores
    an urgent flag whose reason says it is a statistical reading."""
    from westcc_voice.safeguarding.detect import scan
    from westcc_voice.safeguarding.severity import flag_severity

    text = "he waits for me outside school every day in a silver car and says im his special girl"
    assert scan(text) == []
    intake.run(submission(session_ctx, {"anything_else": text}),
               env(db, session_ctx, scanner=None))
    [flag] = db.scalars(select(SafeguardingFlag)).all()
    assert flag.original_text == text and flag_severity(flag.reasons) == "urgent"
    assert "statistical reading" in flag.reasons[-1]["reason"]


def test_a_parents_answer_is_scanned_and_its_flag_goes_to_the_links_school(db):
    from ..helpers import gen_answer_link

    link = gen_answer_link(db, "parents")
    text = "Sarah says her dad hits her"
    sub = Submission(str(uuid.uuid4()), {"hopes": text}, "ar",
                     link.survey_version_id, link.wave_id, "parent", TODAY,
                     school_id=link.school_id, link_id=link.id)
    result = intake.run(sub, IntakeEnv(db, link.survey_version.definition, "s",
                                       redactor=lambda t: t.replace("Sarah", "[name]")))
    row = db.get(Response, result.response_id)
    assert row.answers == {"hopes": "[name] says her dad hits her"}
    assert (row.audience, row.year_group, row.language, row.link_id) == (
        "parent", None, "ar", link.id)
    [flag] = db.scalars(select(SafeguardingFlag)).all()
    assert flag.school_id == link.school_id and flag.original_text == text
    assert {"severity", "reason"} <= set(flag.reasons[0])


def test_a_community_answer_without_a_school_is_flagged_for_the_partnership(db):
    from ..helpers import gen_answer_link

    link = gen_answer_link(db, "community")
    assert link.school_id is None
    sub = Submission(str(uuid.uuid4()), {"area_improve": "أريد أن أموت"}, "en",
                     link.survey_version_id, link.wave_id, "community", TODAY, link_id=link.id)
    env_ = IntakeEnv(db, link.survey_version.definition, "s", redactor=str)
    scanned = intake.scan_for_safeguarding(
        intake.drop_identifiers(intake.validate(sub, env_), env_), env_)
    [flag] = scanned.flags
    assert flag.question_id == "area_improve"
    assert [r["severity"] for r in flag.reasons] == ["urgent"]
    assert flag.reasons[0]["category"] == "suicidal" and flag.reasons[0]["language"] == "ar"


def test_a_retry_makes_no_second_safeguarding_flag(db, session_ctx):
    sub = submission(session_ctx, {"anything_else": "someone hurts me"})
    scanner = {"scanner": lambda t: [{"category": "harm", "rule": "hurts me"}]}
    intake.run(sub, env(db, session_ctx, **scanner))
    intake.run(sub, env(db, session_ctx, **scanner))
    assert count(db, SafeguardingFlag) == 1


def test_later_work_can_add_a_step(db, session_ctx):
    seen = []

    def rate_limit(sub, env):
        seen.append(sub.submission_id)
        return sub

    steps = [intake.recall_earlier, rate_limit, *intake.STEPS[1:]]
    result = intake.run(submission(session_ctx, {}), env(db, session_ctx), steps=steps)
    assert seen == [result.submission_id]


def test_field_errors_read_plainly():
    assert str(FieldError("age", "expected at most 16, got 19")) == \
        "age: expected at most 16, got 19"


def test_required_questions_are_enforced_unless_the_respondent_stopped(db):
    definition = survey(db, "pupils-7-11").definition
    required = {**definition, "pages": [{**definition["pages"][1], "questions": [
        {**definition["pages"][1]["questions"][0], "required": True}]}]}
    cs = gen_pupil_session(db, "pupils-7-11")
    e = IntakeEnv(db, required, "s", redactor=str, scanner=lambda t: [])
    with pytest.raises(IntakeError) as caught:
        intake.run(submission(cs, {}), e)
    assert fields(caught.value) == ["school_feel"]
    intake.run(submission(cs, {}, finished=False), e)
    assert count(db) == 1
