"""A receipt code, shown once, lets anyone who holds it delete that response."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from westcc_voice.collect import receipts
from westcc_voice.models import Response

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
