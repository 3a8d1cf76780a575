"""A receipt code, shown once, lets anyone who holds it delete that response."""

from __future__ import annotations

import datetime as dt
import re
import uuid

from sqlalchemy import func, select

from westcc_voice.collect import receipts
from westcc_voice.models import Response, WithdrawnSubmission

from ..helpers import survey
from .conftest import page_number


def _send_and_read_receipt(pupil, db, class_session) -> str:
    pupil.start_session(class_session.join_code)
    pupil.send(page_number(survey(db, "pupils-7-11").definition, "the_end"))
    html = pupil.client.get("/survey/thanks").get_data(as_text=True)
    return re.search(r'class="receipt-code"[^>]*>([^<]+)<', html).group(1)


def test_receipt_is_three_groups_of_four_unambiguous_characters(pupil, db, class_session):
    receipt = _send_and_read_receipt(pupil, db, class_session)
    assert re.fullmatch(r"[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}", receipt)
    row = db.scalars(select(Response)).one()
    assert row.receipt_hash == receipts.receipt_hash(receipt)
    assert receipt.replace("-", "") not in repr(row.answers) + row.receipt_hash


def test_withdrawing_with_the_receipt_deletes_the_response_and_says_so(pupil, db,
                                                                     class_session):
    receipt = _send_and_read_receipt(pupil, db, class_session)
    typed = receipt.lower().replace("-", " ")
    response = pupil.client.post("/withdraw", data={"receipt": typed})
    assert response.status_code == 200
    assert "your answers have been deleted" in response.get_data(as_text=True)
    assert db.scalar(select(func.count(Response.id))) == 0
    again = pupil.client.post("/withdraw", data={"receipt": receipt})
    assert again.status_code == 404
    assert "could not find answers with that code" in again.get_data(as_text=True)


def test_something_that_is_not_a_receipt_is_explained(client, db):
    response = client.post("/withdraw", data={"receipt": "hello"})
    assert response.status_code == 400
    assert "does not look like an answer code" in response.get_data(as_text=True)


def test_the_withdraw_page_asks_for_nothing_but_the_code(client, db):
    html = client.get("/withdraw").get_data(as_text=True)
    assert re.findall(r'<input[^>]*name="([^"]+)"', html) == ["csrf_token", "receipt"]


def test_receipts_are_derived_not_stored():
    sid = "0b7e7c1e-6a55-4c0e-9d43-2f8f1e0c1a2b"
    assert receipts.receipt_for(sid, "k") == receipts.receipt_for(sid, "k")
    assert receipts.receipt_for(sid, "k") != receipts.receipt_for(sid, "other key")
    assert receipts.normalise("7kqm 3h9t xwcp") == "7KQM3H9TXWCP"
    assert receipts.normalise("ABCD-EFGH-IJKL") is None  # I and L are never used


def test_answers_withdrawn_then_sent_again_by_an_offline_tablet_do_not_reappear(
        client, db, class_session):
    body = {"submission_id": str(uuid.uuid4()), "session": class_session.join_code,
            "answers": {"school_feel": 5, "anything_else": "my brother is mean"}}
    first = client.post("/api/submissions", json=body)
    assert first.status_code == 201
    withdrawn = client.post("/withdraw", data={"receipt": first.json["receipt"]})
    assert withdrawn.status_code == 200
    for _ in range(2):  # the tablet's queue retries, then retries again
        again = client.post("/api/submissions", json=body)
        assert again.status_code == 410
        assert again.json["errors"] == [{
            "field": "submission_id",
            "message": "these answers were withdrawn with their receipt, so they are not "
                       "stored again"}]
        assert db.scalar(select(func.count(Response.id))) == 0
    # What is kept of the withdrawal is the receipt's hash and the date, nothing more.
    [kept] = db.scalars(select(WithdrawnSubmission)).all()
    assert kept.receipt_hash == receipts.receipt_hash(first.json["receipt"])
    assert body["submission_id"] not in kept.receipt_hash


def test_withdrawal_records_go_with_responses_of_their_age(db):
    from westcc_voice.privacy.retention import apply_retention

    today = dt.date(2026, 12, 3)
    db.add_all([WithdrawnSubmission(receipt_hash="a" * 64, withdrawn_on=dt.date(2024, 1, 5)),
                WithdrawnSubmission(receipt_hash="b" * 64, withdrawn_on=today)])
    db.flush()
    apply_retention(db, today=today, response_days=365, flag_days=30)
    assert db.scalars(select(WithdrawnSubmission.receipt_hash)).all() == ["b" * 64]
