"""A school briefing is about that school: its own change since the last wave, its
bars shown even when a few skipped a question, and what has nothing publishable listed
once in the appendix instead of drawn as an empty chart."""

from __future__ import annotations

import json
import re
import sys
from html import unescape
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "analysis"))

import generate  # noqa: E402

from westcc_voice.analysis.build import summarise  # noqa: E402
from westcc_voice.analysis.frames import frame_from_rows  # noqa: E402
from westcc_voice.briefings import build_briefing, render_html, render_pdf  # noqa: E402

from .conftest import pdf_text  # noqa: E402

WAVES = {1: ("2025-autumn", "Autumn 2025"), 2: ("2026-autumn", "Autumn 2026")}
SCHOOLS = {1: ("arthurs-hill", "Arthur's Hill Primary"), 2: ("benwell", "Benwell Dene")}
#: (wave, school) -> (yes, no, skipped) to "Do you feel safe in your area?"
PLAN = {(1, 1): (30, 55, 4), (1, 2): (50, 40, 4), (2, 1): (75, 10, 4), (2, 2): (52, 38, 4)}


def text(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


@pytest.fixture(scope="module")
def summary():
    survey = generate.catalogue()["parents"]
    versions = {1: (1, "parents", 1, survey.title, "parent", survey.definition)}
    rows, rid = [], 0
    for (wave, school), (yes, no, skipped) in PLAN.items():
        for answer in ["yes"] * yes + ["no"] * no + [None] * skipped:
            rid += 1
            answers = {"safe_area": answer} if answer else {}
            rows.append((rid, 1, wave, school, "parent", None, "en", json.dumps(answers)))
    frame = frame_from_rows(rows, versions, WAVES, SCHOOLS)
    return summarise(frame, wave="2026-autumn", previous_wave="2025-autumn")


def test_a_school_briefing_gives_its_own_change_since_the_last_wave(summary):
    page = text(render_html(build_briefing(summary, school="arthurs-hill")))
    # Arthur's Hill: 30 of 85 then, 75 of 85 now; the partnership moved far less
    assert "measured for the whole partnership" not in page
    assert re.search(r"‘Yes’ up from 35% to 88% of parents and carers at Arthur's Hill "
                     r"Primary \(n = 85 then, n = 85 now", page), page
    appendix = text(render_html(build_briefing(summary, school="arthurs-hill",
                                               document="appendix")))
    assert "for Arthur's Hill Primary itself" in appendix
    assert "35%" in appendix and "88%" in appendix


def test_the_other_school_sees_no_change_where_it_had_none(summary):
    page = text(render_html(build_briefing(summary, school="benwell")))
    assert "changed clearly" in page
    assert "up from 35% to 88%" not in page


def test_a_few_skipped_answers_leave_the_bar_drawn_and_are_counted_beside_it(summary):
    briefing = build_briefing(summary, school="arthurs-hill", document="appendix")
    page = text(render_html(briefing))
    assert "Did not answer, and not counted in the shares: 4 (Arthur's Hill Primary)" in page
    chart = next(c for c in briefing.charts if "Yes 88%" in c.alt or "88%" in c.alt)
    assert "not shown" not in chart.alt.split("Arthur's Hill Primary", 1)[1].split(";")[0]


def test_an_appendix_lists_what_has_nothing_publishable_once_and_draws_none_of_it():
    survey = generate.catalogue()["parents"]
    versions = {1: (1, "parents", 1, survey.title, "parent", survey.definition)}
    rows = []
    # 12 parents at each school, 4 of the 24 saying "no": a small group everywhere,
    # which the total would give away, so nothing of the question can be shown
    for rid in range(24):
        answers = {"safe_area": "no" if rid % 6 == 0 else "yes"}
        rows.append((rid, 1, 2, 1 + rid // 12, "parent", None, "en", json.dumps(answers)))
    frame = frame_from_rows(rows, versions, WAVES, SCHOOLS)
    small = summarise(frame, wave="2026-autumn")
    briefing = build_briefing(small, document="appendix")
    page = text(render_html(briefing))
    question = "Do you feel safe in your area?"
    assert page.count(f"‘{question}’ (parents and carers)") == 1
    assert "Not shown, and why" in page
    assert not any(question in c.title or question in c.alt for c in briefing.charts)


def test_a_school_briefing_does_not_name_the_small_school_left_out_of_the_partnership():
    """A third school with 4 parents is left out of the partnership's figures. The
    partnership's briefing names it; a school's briefing says a group was left out but
    never which school it was, as a school's staff see only their school and the whole."""
    survey = generate.catalogue()["parents"]
    versions = {1: (1, "parents", 1, survey.title, "parent", survey.definition)}
    schools = {**SCHOOLS, 3: ("scotswood", "Scotswood Academy")}
    rows = []
    for rid, school in enumerate([1] * 30 + [2] * 30 + [3] * 4):
        answers = {"safe_area": "yes" if rid % 3 else "no"}
        rows.append((rid, 1, 2, school, "parent", None, "en", json.dumps(answers)))
    frame = frame_from_rows(rows, versions, WAVES, schools)
    note = "leave out one group with fewer than 10 responses"
    whole = summarise(frame, wave="2026-autumn")
    page = text(render_html(build_briefing(whole)))
    assert f"{note} (Scotswood Academy)" in page
    mine = summarise(frame, wave="2026-autumn", schools=["arthurs-hill"])
    for document in ("short", "appendix"):
        page = text(render_html(build_briefing(mine, school="arthurs-hill",
                                               document=document)))
        assert f"{note}, so that no total gives them away" in page
        assert "Arthur's Hill Primary" in page
        assert "Scotswood" not in page and "Benwell" not in page
    printed = pdf_text(render_pdf(build_briefing(mine, school="arthurs-hill")).data)
    assert note in printed and "Scotswood" not in printed
