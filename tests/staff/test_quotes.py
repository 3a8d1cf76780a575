"""Approving quotes: a school lead reads their own school's redacted answers and decides,
an admin every school's; each decision is audited; nobody decides across schools."""

from __future__ import annotations

from sqlalchemy import select

from tests import helpers
from westcc_voice.models import AuditEvent, QuoteApproval


def answer(db, world, school, text: str):
    response = helpers.gen_response(db, wave_id=world.wave.id, school_id=school.id,
                                    answers={"anything_else": text, "future_job": ""})
    db.add(response)
    db.flush()
    return response


def decide(client, response, decision: str):
    return client.post("/staff/quotes/decide", data={
        "response_id": str(response.id), "question_id": "anything_else",
        "decision": decision})


def test_a_lead_reads_and_approves_only_their_own_schools_answers(client, actions, db, world):
    mine = answer(db, world, world.school, "I like the new library [name] runs")
    theirs = answer(db, world, world.other_school, "words from the other academy")
    actions.login(world.lead)
    page = client.get(f"/staff/quotes/?wave={world.wave.code}").get_data(as_text=True)
    assert "I like the new library [name] runs" in page
    assert "words from the other academy" not in page

    assert decide(client, mine, "approved").status_code == 302
    assert decide(client, theirs, "approved").status_code == 404
    decisions = db.scalars(select(QuoteApproval)).all()
    assert [(d.response_id, d.decision, d.decided_by_id) for d in decisions] == [
        (mine.id, "approved", world.lead.id)]
    audit = db.scalars(select(AuditEvent).where(AuditEvent.action.like("quote.%"))).all()
    assert [(a.action, a.target) for a in audit] == [
        ("quote.approve", f"response:{mine.id}/anything_else")]
    # Decided answers leave the queue and are listed under "already decided".
    assert "I like the new library" not in client.get(
        f"/staff/quotes/?wave={world.wave.code}").get_data(as_text=True)
    decided = client.get(f"/staff/quotes/?wave={world.wave.code}&show=decided")
    assert "I like the new library" in decided.get_data(as_text=True)


def test_a_decision_can_be_changed_and_both_are_audited(client, actions, db, world):
    mine = answer(db, world, world.school, "the park is canny")
    actions.login(world.admin)
    decide(client, mine, "approved")
    decide(client, mine, "rejected")
    assert db.scalar(select(QuoteApproval.decision)) == "rejected"
    actions_seen = db.scalars(select(AuditEvent.action).where(
        AuditEvent.action.like("quote.%")).order_by(AuditEvent.id)).all()
    assert actions_seen == ["quote.approve", "quote.reject"]


def test_bad_decisions_are_refused(client, actions, db, world):
    mine = answer(db, world, world.school, "words")
    actions.login(world.lead)
    assert decide(client, mine, "maybe").status_code == 400
    empty = client.post("/staff/quotes/decide", data={
        "response_id": str(mine.id), "question_id": "future_job", "decision": "approved"})
    assert empty.status_code == 404  # nothing written there to quote
    assert db.scalar(select(QuoteApproval)) is None


def test_steering_and_dsl_cannot_decide(client, actions, db, world):
    mine = answer(db, world, world.school, "words")
    for who in (world.steering, world.dsl, world.teacher):
        actions.login(who)
        assert decide(client, mine, "approved").status_code == 403
        actions.logout()
    assert db.scalar(select(QuoteApproval)) is None


def test_deciding_needs_the_forms_csrf_token(csrf_app, client, actions, db, world):
    mine = answer(db, world, world.school, "words")
    csrf_app.config["WTF_CSRF_ENABLED"] = False
    actions.login(world.lead)
    csrf_app.config["WTF_CSRF_ENABLED"] = True
    assert decide(client, mine, "approved").status_code == 400
    assert db.scalar(select(QuoteApproval)) is None
