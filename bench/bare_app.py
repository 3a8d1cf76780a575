"""The baseline for bench_submit.py: a bare Flask app that stores a submission's JSON in
SQLite, nothing more (no context, no checks, no redaction, no safeguarding scan).

It does what any correct app must on SQLite with several workers: WAL, a busy timeout,
BEGIN IMMEDIATE for the one write, a unique submission UUID. Served by gunicorn with
``BARE_DATABASE`` naming the SQLite file: ``gunicorn bench.bare_app:app``.
"""

from __future__ import annotations

import json
import os
import sqlite3

from flask import Flask, g, request

app = Flask(__name__)
DATABASE = os.environ.get("BARE_DATABASE", "bare.sqlite")


def connection() -> sqlite3.Connection:
    if "db" not in g:
        g.db = sqlite3.connect(DATABASE, timeout=15, isolation_level=None)
        g.db.execute("PRAGMA journal_mode=WAL")
    return g.db


@app.teardown_appcontext
def close(_exc) -> None:
    db = g.pop("db", None)
    if db is not None:
        db.close()


@app.post("/api/submissions")
def submit():
    body = request.get_json()
    db = connection()
    db.execute("BEGIN IMMEDIATE")
    try:
        db.execute("INSERT INTO submissions (submission_id, body) VALUES (?, ?)",
                   (body["submission_id"], json.dumps(body["answers"])))
        db.execute("COMMIT")
    except sqlite3.IntegrityError:
        db.execute("ROLLBACK")
        return {"stored": False}, 200
    return {"stored": True}, 201


@app.get("/healthz")
def health():
    connection().execute("SELECT 1")
    return {"status": "ok"}


def create_database(path: str) -> None:
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("CREATE TABLE submissions (id INTEGER PRIMARY KEY, "
                   "submission_id TEXT UNIQUE NOT NULL, body TEXT NOT NULL)")
