"""The home page: where pupils, parents and staff each start."""

from __future__ import annotations

from flask import Blueprint, render_template

bp = Blueprint("web", __name__)


@bp.get("/")
def home():
    return render_template("home.html")


@bp.get("/healthz")
def health():
    from sqlalchemy import text

    from .db import db_session

    db_session().execute(text("SELECT 1"))
    return {"status": "ok"}
