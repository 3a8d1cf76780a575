"""Dates and rankings in the Summary, the briefing and the exports: a date only by year
(or month), never its day, with small groups hidden; a ranking as the share putting
each option first (with Wilson intervals) and each option's mean place."""

from __future__ import annotations

import datetime as dt
import json
import random
import shutil
import uuid

import numpy as np
import pytest
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from westcc_voice import PROJECT_DIR
from westcc_voice.analysis import build_summary
from westcc_voice.analysis.stats import wilson_interval
from westcc_voice.briefings.build import build_briefing
from westcc_voice.briefings.html import render_html
from westcc_voice.definitions import load_catalogue
from westcc_voice.definitions.question_types import rank_places
from westcc_voice.models import Base, Response, School, SurveyVersion, Wave
from westcc_voice.staff import exports

WAVE = "2026-autumn"
OPTIONS = ["parks", "youth_clubs", "buses", "libraries"]
#: Responses per school: two large schools and one too small to show.
SIZES = {"tyneview": 60, "cruddas-park": 45, "tiny": 4}


@pytest.fixture(scope="module")
def reported(tmp_path_factory):
    root = tmp_path_factory.mktemp("new-types")
    surveys = root / "surveys"
    shutil.copytree(PROJECT_DIR / "surveys", surveys)
    shutil.copy(PROJECT_DIR / "tests" / "data" / "questionnaires" / "parents-new-types.yaml",
                surveys)
    catalogue = load_catalogue(surveys, PROJECT_DIR / "instance" / "licensed")
    resolved = next(s for s in catalogue.surveys if s.key == "parents-new-types")
    engine = create_engine(f"sqlite:///{root / 'db.sqlite'}")
    Base.metadata.create_all(engine)
    rng = random.Random(15)
    answers = []
    with Session(engine) as session:
        wave = Wave(code=WAVE, name="Autumn 2026", starts_on=dt.date(2026, 9, 1))
        version = SurveyVersion(key=resolved.key, version=1, content_hash=resolved.content_hash,
                                title=resolved.title, audience="parent",
                                source_path="x.yaml", definition=resolved.definition)
        session.add_all([wave, version])
        for code, size in SIZES.items():
            school = School(code=code, name=code.title(), roll={})
            session.add(school)
            session.flush()
            for _ in range(size):
                order = rng.sample(OPTIONS, rng.choice([2, 3, 4]))
                if rng.random() < 0.5 and "buses" in order:  # buses first more often
                    order.remove("buses")
                    order.insert(0, "buses")
                one = {"priorities": order, "moved_here": dt.date(
                    rng.choice([2016, 2019, 2024]), rng.randint(1, 12), rng.randint(1, 28)
                ).isoformat(), "learning": {"enjoy": rng.randint(1, 5)}}
                answers.append((code, one))
                session.add(Response(submission_id=str(uuid.uuid4()), survey_version_id=version.id,
                                     wave_id=wave.id, school_id=school.id, audience="parent",
                                     language="en", submitted_on=dt.date(2026, 10, 1),
                                     answers=one))
        session.commit()
        summary = build_summary(session, wave=WAVE, previous_wave=None)
        rows = exports.response_rows(session.query(Response).all(), {version.id: version},
                                     wave=WAVE, schools={})
    engine.dispose()
    # the partnership's figures leave out a school too small to show, so no total
    # gives it away: the figures below are of the two large schools
    counted = [(school, one) for school, one in answers if school != "tiny"]
    return summary, counted, rows, resolved.definition


def _item(summary, qid):
    [survey] = summary.surveys
    return next(i for i in survey.items if i.question_id == qid)


def _partnership(parts):
    return next(p for p in parts if p.group == "partnership")


def test_the_share_putting_each_option_first_has_wilson_intervals(reported):
    summary, answers, _rows, _definition = reported
    first = _partnership(_item(summary, "priorities").distributions)
    n = len(answers)
    assert first.n.value == n
    buses = next(c for c in first.categories if c.value == "buses")
    expected = sum(1 for _s, a in answers if a["priorities"][0] == "buses")
    assert buses.count.value == expected
    low, high = wilson_interval(expected, n)
    assert (buses.ci_low.value, buses.ci_high.value) == (round(100 * low, 1),
                                                         round(100 * high, 1))
    assert buses.ci_low.value < buses.percent.value < buses.ci_high.value


def test_each_options_mean_place_counts_unplaced_options_as_sharing_the_rest(reported):
    summary, answers, _rows, definition = reported
    q = next(q for p in definition["pages"] for q in p["questions"] if q["id"] == "priorities")
    item = _item(summary, "priorities.libraries")
    assert item.text.endswith(": Longer library hours (mean place, 1 = first)")
    places = [rank_places(q, a["priorities"])["libraries"] for _s, a in answers]
    estimate = _partnership(item.estimates)
    assert estimate.mean.value == pytest.approx(np.mean(places), abs=0.01)
    assert estimate.ci_low.value < estimate.mean.value < estimate.ci_high.value
    assert rank_places(q, ["buses", "parks"]) == {"buses": 1.0, "parks": 2.0,
                                                  "youth_clubs": 3.5, "libraries": 3.5}


def test_a_date_is_reported_by_year_and_small_groups_are_hidden(reported):
    summary, answers, _rows, _definition = reported
    item = _item(summary, "moved_here")
    whole = _partnership(item.distributions)
    true = {year: sum(1 for _s, a in answers if a["moved_here"].startswith(year))
            for year in ("2016", "2019", "2024")}
    shown = {c.value: c.count.value for c in whole.categories if c.count.shown}
    assert len(shown) >= 2 and all(true[year] == count for year, count in shown.items())
    # every year from min to max is a category; those with fewer than 10 are hidden
    assert [c.value for c in whole.categories] == [str(y) for y in range(2015,
                                                                        dt.date.today().year + 1)]
    assert all(c.count.suppressed for c in whole.categories if c.value not in true)
    assert all(len(str(c.value)) == 4 for c in whole.categories)
    assert all(not d.group.endswith("tiny") for d in item.distributions)


def test_no_exact_date_leaves_in_the_summary_or_the_row_export(reported):
    summary, answers, rows, _definition = reported
    text = json.dumps(summary.to_dict()) + json.dumps(rows.rows)
    for _school, one in answers:
        assert one["moved_here"] not in text
        assert one["moved_here"][:7] not in text  # not even the month: this one is by year
    column = rows.columns.index("moved_here")
    assert {row[column] for row in rows.rows} == {"2016", "2019", "2024"}
    ranked = rows.rows[0][rows.columns.index("priorities")]
    assert all(part in OPTIONS for part in ranked.split("; "))


def test_the_briefing_and_the_tables_take_them(reported):
    summary, _answers, _rows, _definition = reported
    html = render_html(build_briefing(summary, document="appendix"))
    assert "Put these in order" in html and "When did your family move" in html
    from westcc_voice.briefings.model import BriefingContext

    answers = exports.answer_table(BriefingContext(summary))
    low = answers.columns.index("95% low")
    assert any(row[low] != "" for row in answers.rows if row[2] == "priorities")
    means = exports.mean_table(BriefingContext(summary))
    assert any(row[1].startswith("parents-new-types") or "priorities" in str(row[1])
               for row in means.rows)
