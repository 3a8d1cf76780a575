"""From demo data to paper: seed, summarise, render, and read the PDF back."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import func, select

from westcc_voice.analysis import build_summary
from westcc_voice.briefings import build_briefing, render_pdf
from westcc_voice.briefings.findings import key_findings
from westcc_voice.demo import seed_demo
from westcc_voice.models import Response, School, SurveyVersion, Wave

from .conftest import pdf_text

WAVE = "2026-autumn"


@pytest.mark.slow
def test_demo_briefing_pdf_has_findings_n_and_suppression_and_no_small_group(db):
    seed_demo(db, secret="test-secret", responses=600, seed=2026, today=dt.date(2026, 11, 23))
    summary = build_summary(db, wave=WAVE)
    briefing = build_briefing(summary, document="appendix")
    result = render_pdf(briefing)
    text = pdf_text(result.data)

    assert result.data.startswith(b"%PDF") and result.pages >= 10
    assert result.refused == []
    findings = key_findings(briefing.context)
    assert len(findings) >= 3
    for finding in findings:
        assert finding.text in text
    assert ("Groups of fewer than 10 are not shown, and some other figures are hidden so "
            "that they cannot be worked out by subtraction.") in text

    # every n printed is 10 or more
    printed = [int(n) for n in re.findall(r"\bn = (\d+)\b", text)]
    assert printed and min(printed) >= summary.method.threshold

    # groups under the threshold in the database are never printed with their size
    small = db.execute(
        select(School.name, SurveyVersion.key, func.count(Response.id))
        .join(Response, Response.school_id == School.id)
        .join(SurveyVersion, SurveyVersion.id == Response.survey_version_id)
        .join(Wave, Wave.id == Response.wave_id).where(Wave.code == WAVE)
        .group_by(School.name, SurveyVersion.key)
        .having(func.count(Response.id) < summary.method.threshold)).all()
    for name, _key, count in small:
        assert not re.search(rf"{re.escape(name)}\s*n = {count}\b", text)
    if small:
        assert "fewer than 10" in text

    # what the partnership's respondents table publishes is what the PDF says
    for survey in summary.surveys:
        if survey.respondents.n.shown:
            assert f"{survey.title}" in text
