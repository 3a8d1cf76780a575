"""Equity for mean scores: ONS4's items compared across the equity dimensions' groups.

Secondary pupils are generated with known means (tests/equity_data.py): those who go
hungry are less satisfied with life by a set number of points and no less happy. The
tables must recover both within their intervals, hide small and complementary groups,
and add up to the score's own published figures so nothing can be subtracted.
"""

from __future__ import annotations

import random

import pytest

from tests.equity_data import (
    HAPPINESS,
    SATISFACTION,
    SCHOOLS,
    SKIP,
    group,
    load,
    mean_table,
    secondary,
    summary_of,
    true_mean,
)
from westcc_voice.analysis.equity_types import NO_CLEAR, NOT_COMPARED, WORSE


@pytest.fixture(scope="module")
def catalogue():
    return load()


@pytest.fixture(scope="module")
def big(catalogue):
    # a fixed draw; each 95% interval misses its truth in 1 draw of 20, as it should
    rng = random.Random(15)
    return summary_of(catalogue, [secondary(rng, SCHOOLS[i % 4]) for i in range(1600)])


def test_known_mean_gap_is_recovered_within_its_intervals(big):
    t = mean_table(big, "ons4.satisfaction", "hunger")
    assert t.measure == "mean" and (t.minimum, t.maximum) == (0, 10)
    for key, values in SATISFACTION.items():
        g = group(t, key)
        assert g.ci_low.value <= true_mean(values) <= g.ci_high.value, (key, g)
        assert g.sd.shown
    gap = next(x for x in t.gaps if x.group == "hungry")
    truth = true_mean(SATISFACTION["hungry"]) - true_mean(SATISFACTION["not_hungry"])
    assert gap.ci_low.value <= truth <= gap.ci_high.value
    assert gap.verdict == WORSE
    assert gap.difference.display.endswith(" points") and gap.difference.display[0] == "-"
    assert gap.size == pytest.approx(10 * abs(gap.difference.value), rel=1e-3)
    assert gap.text.startswith("Pupils who go to school or to bed hungry at least sometimes: "
                               "a mean of ")
    assert "‘Overall, how satisfied are you with your life nowadays?’ (0 to 10)" in gap.text
    assert "a clear difference, worse for those who go to school or to bed hungry" in gap.text


def test_no_mean_gap_where_none_was_made(big):
    t = mean_table(big, "ons4.happiness", "hunger")
    for key in ("hungry", "not_hungry"):
        g = group(t, key)
        assert g.ci_low.value <= true_mean(HAPPINESS) <= g.ci_high.value
    gap = t.gaps[0]
    assert gap.ci_low.value <= 0 <= gap.ci_high.value
    assert gap.verdict == NO_CLEAR and "no clear difference" in gap.text


def test_group_sizes_add_up_to_the_score_s_published_n(big):
    """Those who skipped ONS4 are in no group; those who skipped the hunger question
    are "did not say": the groups are exactly the score's n, so nothing is left over."""
    score = next(s for s in big.scores if s.score_id == "ons4.satisfaction")
    for scope in ("partnership", *(f"school:{c}" for c in SCHOOLS)):
        t = mean_table(big, "ons4.satisfaction", "hunger",
                       school=None if scope == "partnership" else scope.split(":")[1])
        n = next(e.n for e in score.estimates if e.group == scope)
        assert sum(g.n.value for g in t.groups) == n.value
        assert n.value < 1600 * (1 - SKIP / 2)  # skippers are not counted


def test_one_of_two_groups_small_hides_both_and_every_mean(catalogue):
    rng = random.Random(3)
    people = [secondary(rng, SCHOOLS[i % 4], carer=False) for i in range(300)]
    people += [secondary(rng, "north", carer=True, skip=0) for _ in range(6)]
    s = summary_of(catalogue, people)
    tables = [t for t in s.equity if t.measure == "mean" and t.dimension == "young_carer"]
    assert tables
    for t in tables:
        for key in ("carer", "not_carer"):
            g = group(t, key)
            assert g.n.suppressed and g.share.suppressed and g.ci_low.suppressed \
                and g.sd.suppressed, (t.ref, key)
        assert all(g.verdict == NOT_COMPARED for g in t.gaps)
    for t in s.to_dict()["equity"]:
        if t["measure"] == "mean" and t["dimension"] == "young_carer":
            assert all("value" not in g[k] for g in t["groups"]
                       for k in ("n", "share", "ci_low", "ci_high", "sd"))


def test_a_school_with_a_small_group_has_no_mean_table_and_cannot_be_subtracted(catalogue):
    rng = random.Random(5)
    people = [secondary(rng, code) for code in ("north", "south", "east") for _ in range(150)]
    people += [secondary(rng, "west", hungry=i < 6, skip=0) for i in range(40)]
    s = summary_of(catalogue, people)
    scopes = {t.scope for t in s.equity if t.measure == "mean"
              and t.dimension == "hunger" and t.question == "ons4.satisfaction"}
    assert "school:west" not in scopes and "partnership" in scopes
    part = mean_table(s, "ons4.satisfaction", "hunger")
    for key in ("hungry", "not_hungry"):
        published = sum(group(mean_table(s, "ons4.satisfaction", "hunger",
                                          school=sc.split(":")[1]), key).n.value
                        for sc in scopes if sc.startswith("school:"))
        rest = group(part, key).n.value - published
        assert rest == 0 or rest >= 10, (key, rest)


def test_mean_tables_survive_the_summary_json_round_trip(big):
    from westcc_voice.analysis.summary import Summary

    again = Summary.from_dict(big.to_dict())
    t = mean_table(again, "ons4.satisfaction", "hunger")
    before = mean_table(big, "ons4.satisfaction", "hunger")
    assert t.measure == "mean" and t.maximum == 10
    assert [g.share.display for g in t.groups] == [g.share.display for g in before.groups]
    assert t.gaps[0].size == before.gaps[0].size
