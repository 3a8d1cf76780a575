"""Withdrawal: anyone holding a receipt code can delete that one response, at once.

The receipt's hash is kept (``WithdrawnSubmission``, nothing else) in the same
transaction, so the same answers sent again later under their submission UUID, by an
offline tablet that never heard they had arrived, are refused and do not reappear.
"""

from __future__ import annotations

from flask import make_response, render_template, request
from sqlalchemy import delete

from ..db import begin_write, db_session
from ..models import Response, WithdrawnSubmission, utcnow
from . import receipts
from .views import bp


@bp.route("/withdraw", methods=["GET", "POST"])
def withdraw():
    typed = request.form.get("receipt", "") if request.method == "POST" else ""
    outcome = None
    status = 200
    if request.method == "POST":
        normal = receipts.normalise(typed)
        if normal is None:
            outcome, status = "malformed", 400
        else:
            session = db_session()
            hashed = receipts.receipt_hash(normal)
            begin_write(session)
            result = session.execute(delete(Response).where(Response.receipt_hash == hashed))
            if result.rowcount:
                session.add(WithdrawnSubmission(receipt_hash=hashed,
                                                withdrawn_on=utcnow().date()))
            session.commit()
            outcome, status = ("deleted", 200) if result.rowcount else ("not_found", 404)
            if outcome == "deleted":
                typed = ""
    body = render_template("collect/withdraw.html", typed=typed, outcome=outcome, message=None)
    return make_response(body, status)
