"""Briefing fixtures: a hand-made Summary, its briefings, and their rendered output.

Rendering a PDF takes seconds, so the partnership and school briefings of the fixture
Summary are made once per test module and shared (tests only read them). ``briefing``
and ``school_briefing`` are the appendix (every chart and table); ``short`` and
``short_school`` are the few pages read first.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from westcc_voice.briefings import build_briefing, render_html, render_pdf
from westcc_voice.demo import seed_demo
from westcc_voice.models import School

from .builders import make_summary

ROLLS = {"tyneview": 400, "cruddas": 380}


def pdf_text(data: bytes) -> str:
    """The PDF's text, with runs of whitespace made single spaces."""
    import io

    reader = PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() or "" for page in reader.pages))


@pytest.fixture(scope="module")
def summary():
    return make_summary()


@pytest.fixture(scope="module")
def briefing(summary):
    return build_briefing(summary, rolls=ROLLS, document="appendix")


@pytest.fixture(scope="module")
def school_briefing(summary):
    return build_briefing(summary, school="tyneview", document="appendix")


@pytest.fixture(scope="module")
def short(summary):
    return build_briefing(summary, rolls=ROLLS)


@pytest.fixture(scope="module")
def short_school(summary):
    return build_briefing(summary, school="tyneview", rolls=ROLLS)


@pytest.fixture(scope="module")
def html(briefing):
    return render_html(briefing)


@pytest.fixture(scope="module")
def school_html(school_briefing):
    return render_html(school_briefing)


@pytest.fixture(scope="module")
def pdf(briefing):
    return render_pdf(briefing)


@pytest.fixture(scope="module")
def text(pdf):
    return pdf_text(pdf.data)


@pytest.fixture
def demo(db):
    """The demo partnership with 200 responses; returns its schools by code."""
    seed_demo(db, secret="test-secret", responses=200, seed=4, today=dt.date(2026, 11, 23))
    return {s.code: s for s in db.scalars(select(School))}
