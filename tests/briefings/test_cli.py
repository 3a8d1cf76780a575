"""`flask briefing` writes a PDF and says where, or says clearly what is wrong."""

from __future__ import annotations

import datetime as dt

import pytest

from westcc_voice.demo import seed_demo


@pytest.fixture
def seeded(db):
    seed_demo(db, secret="test-secret", responses=200, seed=3, today=dt.date(2026, 11, 23))
    return db


@pytest.mark.slow
def test_briefing_command_writes_a_pdf_and_reports_its_pages(runner, seeded, tmp_path):
    out = tmp_path / "briefings" / "autumn.pdf"
    result = runner.invoke(args=["briefing", "--wave", "2026-autumn", "--school", "tyneview",
                                 "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF")
    assert f"Wrote {out} (" in result.output and " pages, " in result.output


def test_an_unknown_wave_is_named_with_the_known_ones(runner, seeded):
    result = runner.invoke(args=["briefing", "--wave", "2031-spring"])
    assert result.exit_code == 1
    assert "No wave '2031-spring'. Known waves: 2026-autumn, 2025-summer." in result.output


def test_an_unknown_school_is_named_with_the_known_ones(runner, seeded, tmp_path):
    result = runner.invoke(args=["briefing", "--wave", "2026-autumn", "--school", "hogwarts",
                                 "--out", str(tmp_path / "x.pdf")])
    assert result.exit_code == 1
    assert "No school 'hogwarts'. Known schools:" in result.output and "tyneview" in result.output
    assert not (tmp_path / "x.pdf").exists()
