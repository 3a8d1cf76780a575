"""Reducing inequality in the briefings: page 1's headline from the largest clear gap,
and the appendix's section with a chart per construct, from generated pupils whose gaps
were set in advance (tests/equity_data.py)."""

from __future__ import annotations

import random

import pytest

from tests.equity_data import SCHOOLS, load, pupil, summary_of
from westcc_voice.briefings import build_briefing, render_html
from westcc_voice.briefings.model import BriefingContext
from westcc_voice.briefings.sections.headlines import plan

CAUSAL = ("because", "caused", "due to", "leads to", "results in")


@pytest.fixture(scope="module")
def summary():
    rng = random.Random(14)
    return summary_of(load(), [pupil(rng, SCHOOLS[i % 4]) for i in range(1200)])


def test_reducing_inequality_headline_is_the_largest_clear_gap(summary):
    ctx = BriefingContext(summary)
    headline = next(h for h in plan(ctx).headlines if h.tag == "west.inequality")
    assert headline.text.startswith("Pupils who go to school or to bed hungry")
    assert "a clear difference, worse for those who" in headline.text
    assert "gaps compared" in headline.evidence
    assert not any(word in headline.text.lower() for word in CAUSAL)


def test_appendix_has_an_equity_section_with_a_chart_per_construct(summary):
    briefing = build_briefing(summary, document="appendix")
    section = next(s for s in briefing.sections if s.key == "equity")
    blocks = section.data["blocks"]
    assert {b.construct for b in blocks} >= {"Feeling safe at school", "Having good friends"}
    assert all(b.chart is not None for b in blocks)
    assert len({b.chart.id for b in blocks}) == len(blocks)
    safe = next(b for b in blocks if b.construct == "Feeling safe at school")
    assert "n = " in safe.chart.alt and "Never hungry" in safe.chart.alt
    html = render_html(briefing)
    assert "Reducing inequality: how groups compare" in html
    assert "not causes" in html
    assert "clear gap: worse" in html
    # the base differs from the rest of the document (skipped answers stay in it, so no
    # table can be subtracted from another): the reader is told so where the shares are
    assert "including anyone who skipped the question" in html


def test_a_school_briefing_shows_the_school_s_own_groups_where_they_clear(summary):
    briefing = build_briefing(summary, school="north", document="appendix")
    section = next(s for s in briefing.sections if s.key == "equity")
    assert section.data["own"]
    assert all(b.scope_label == "North Primary" for b in section.data["blocks"])


@pytest.fixture(scope="module")
def with_scores():
    """Primary pupils (hungry ones feel safe less often: about 28 points) and secondary
    pupils (hungry ones 4.5 points less satisfied with life on 0 to 10: 45% of it)."""
    from tests.equity_data import secondary

    rng = random.Random(15)
    return summary_of(load(), [pupil(rng, SCHOOLS[i % 4]) for i in range(800)]
                      + [secondary(rng, SCHOOLS[i % 4]) for i in range(800)])


def test_a_mean_gap_larger_for_its_range_heads_the_reducing_inequality_finding(with_scores):
    ctx = BriefingContext(with_scores)
    headline = next(h for h in plan(ctx).headlines if h.tag == "west.inequality")
    assert "a mean of" in headline.text and "(0 to 10)" in headline.text
    assert "satisfied are you with your life" in headline.text
    assert "a clear difference, worse for those who go to school or to bed hungry" \
        in headline.text
    assert not any(word in headline.text.lower() for word in CAUSAL)


def test_the_appendix_shows_means_by_group_with_their_own_scale(with_scores):
    briefing = build_briefing(with_scores, document="appendix")
    section = next(s for s in briefing.sections if s.key == "equity")
    means = [b for b in section.data["blocks"] if b.measure == "mean"]
    assert {b.range for b in means} == {"0 to 10"}
    satisfied = next(b for b in means if "satisfied" in b.question)
    assert "mean score of pupils" in satisfied.chart.title
    assert "scale from 0 to 10." in satisfied.chart.alt and "Never hungry" in satisfied.chart.alt
    html = render_html(briefing)
    assert "Mean (95% interval)" in html and "Share (95% interval)" in html
    assert "the mean score (0 to 10) of pupils" in html
    assert "Welch" in html
