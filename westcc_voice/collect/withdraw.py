"""Withdrawal: anyone holding a receipt code can delete that one response, at once."""

from __future__ import annotations

from flask import make_response, render_template, request
from sqlalchemy import delete

from ..db import db_session
from ..models import Response
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
            result = session.execute(
                delete(Response).where(Response.receipt_hash == receipts.receipt_hash(normal))
            )
            session.commit()
            outcome, status = ("deleted", 200) if result.rowcount else ("not_found", 404)
            if outcome == "deleted":
                typed = ""
    body = render_template("collect/withdraw.html", typed=typed, outcome=outcome, message=None)
    return make_response(body, status)
