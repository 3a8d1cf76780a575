"""The short briefing as its readers meet it: a few pages, page 1 the findings, a school's
about that school, a wave with nobody's answers a one-page note, a tagged PDF."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader

from westcc_voice.briefings import build_briefing, render_html, render_pdf
from westcc_voice.briefings.sections.back import SPEAKERS
from westcc_voice.briefings.sections.headlines import audience_of, plan
from westcc_voice.briefings.source import Request, rolls_for, summary_for
from westcc_voice.demo import seed_demo

from .conftest import pdf_text

WAVE = "2026-autumn"
FRAMEWORK_TAGS = 10  # five outcome domains, four priority themes, emotional wellbeing


def pages_text(data: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(data))
    return [re.sub(r"\s+", " ", p.extract_text() or "") for p in reader.pages]


@pytest.fixture
def summarise(app, db):
    def make(wave: str = WAVE, scope: str = "partnership"):
        return summary_for(db, Request(wave, scope), app.config)
    return make


@pytest.fixture
def demo600(db, summarise):
    seed_demo(db, secret="test-secret", responses=600, seed=2026, today=dt.date(2026, 11, 23))
    return summarise()


@pytest.mark.slow
def test_the_partnership_briefing_is_short_and_page_1_is_a_finding_per_domain(db, demo600):
    briefing = build_briefing(demo600, rolls=rolls_for(db, demo600))
    result = render_pdf(briefing)
    pages = pages_text(result.data)
    assert result.pages <= 6
    headlines = plan(briefing.context).headlines
    assert len(headlines) == FRAMEWORK_TAGS
    written = [h for h in headlines if h.text]
    assert len(written) >= 8
    page1 = pages[0]
    for h in written:
        assert h.label in page1 and h.text[:60] in page1, h.label
        assert "n = " in h.evidence
    # each headline's evidence says who it is about, not "all WEST schools": the primary
    # pupils are at 6 of the 7 schools (the secondary pupils' headline, which said "at one
    # school", gave way to the equity gap when "reducing inequality" began to draw on it)
    assert any("pupils in Years 3 to 6 at 6 schools" in h.evidence for h in written)
    assert not any("All WEST schools" in h.evidence for h in written)
    # a domain or theme without a headline is named, once, on the page of what is left out
    text = " ".join(pages)
    for h in headlines:
        if not h.text:
            assert text.count(h.label) == 1
    assert "What changed since Summer 2025" in " ".join(pages[:2])
    assert "westcc-briefing-2026-autumn-partnership-appendix.pdf" in page1.replace("- ", "-")
    assert briefing.charts == []  # nothing is drawn in the short briefing
    # no page before the last is left nearly blank by a section starting a new page (the
    # change list once ended at the top of page 2 and "Who took part" began on page 3)
    for number, page in enumerate(pages[:-1], start=1):
        assert len(page) > 1500, (number, page[:200])


@pytest.mark.slow
def test_a_school_briefing_is_four_pages_at_most_and_names_only_its_questionnaires(
        db, demo600, summarise):
    titles = {s.key: s.title for s in demo600.surveys}
    for school, absent in (("tyneview", "pupils-11-16"),
                           ("westend", "pupils-7-11")):
        summary = summarise(WAVE, school)
        result = render_pdf(build_briefing(summary, school=school,
                                           rolls=rolls_for(db, summary)))
        text = pdf_text(result.data)
        assert result.pages <= 4, school
        assert titles[absent] not in text, (school, absent)
        # the change section never reads "0 measures were compared ... About 0 would show
        # a change by chance": a school with nothing comparable is told why in words
        flat = re.sub(r"\s+", " ", text)
        assert not re.search(r"\b0 measures were compared|About 0 would", flat), school
        assert re.search(r"measures? (were|was) compared with|No measure could be compared", flat)
        name = summary.scope.school_names[school]
        assert f"{name}: what" in text
        # no index entry or reference without a page number
        assert "· page" not in text or not re.search(r"· page\s*(?!\d)", text)


def test_hopes_are_counts_of_those_who_wrote_an_answer(short):
    html = render_html(short)
    assert "125 of 520 who wrote an answer" in html
    assert "Health and care" in html


def test_an_approved_quote_sits_beside_a_finding_by_the_same_audience(short):
    headlines = plan(short.context).headlines
    with_quotes = [h for h in headlines if h.quote]
    assert with_quotes
    for h in with_quotes:
        assert h.quote["by"].startswith(SPEAKERS[audience_of(short.context, h.source)])
        survey = h.source.partition("/")[0]
        if short.context.survey(survey) is not None:  # a question: the same questionnaire
            assert h.quote["question"].partition("/")[0] == survey
    html = render_html(short)
    assert "The teachers help me when I&#39;m stuck" in html or \
        "The teachers help me when I'm stuck" in html


def test_a_wave_or_school_with_no_responses_is_a_one_page_note(db, demo, summarise):
    from westcc_voice.models import Wave

    db.add(Wave(code="2027-summer", name="Summer 2027", starts_on=dt.date(2027, 4, 1)))
    db.flush()
    for scope, where in (("partnership", ""), ("tyneview", " at Tyneview Primary")):
        summary = summarise("2027-summer", scope)
        result = render_pdf(build_briefing(
            summary, school=None if scope == "partnership" else scope,
            school_name="Tyneview Primary"))
        assert result.pages == 1, scope
        assert f"No responses have been recorded for Summer 2027{where} yet." in \
            pdf_text(result.data)


def test_the_pdf_is_tagged_for_screen_readers_with_its_language(short):
    reader = PdfReader(io.BytesIO(render_pdf(short).data))
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "en"
    assert "/StructTreeRoot" in root
    assert reader.metadata.title.startswith("What pupils, parents and the community told us")


def test_every_cross_reference_in_a_school_appendix_has_its_page_number(school_briefing):
    text = pdf_text(render_pdf(school_briefing).data)
    pages = re.findall(r"· page\s*(\S*)", text)
    assert pages, "the appendix points to related questions"
    assert all(p[:1].isdigit() for p in pages), [p for p in pages if not p[:1].isdigit()]
