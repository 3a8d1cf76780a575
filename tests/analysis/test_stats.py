"""Statistics against independent calculations (scipy and hand-worked values)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats as sps

from westcc_voice.analysis.comparisons import ComparisonRule, get_rule
from westcc_voice.analysis.stats import (
    describe,
    group_moments,
    share_difference,
    t_ppf,
    welch_difference,
    wilson_interval,
)


@pytest.mark.parametrize("df", [1, 2, 4, 9, 29.5, 120, 5000])
def test_t_quantile_matches_scipy(df):
    assert t_ppf(0.975, df) == pytest.approx(sps.t.ppf(0.975, df), abs=1e-9)


def test_mean_sd_and_interval_match_scipy():
    rng = np.random.default_rng(3)
    values = rng.normal(7, 2, 57)
    s = describe(values)
    lo, hi = sps.t.interval(0.95, len(values) - 1, loc=values.mean(),
                            scale=sps.sem(values))
    assert s.n == 57
    assert s.mean == pytest.approx(values.mean())
    assert s.sd == pytest.approx(values.std(ddof=1))
    assert (s.ci_low, s.ci_high) == (pytest.approx(lo), pytest.approx(hi))


def test_hand_worked_interval():
    # 2, 4, 6, 8: mean 5, sd sqrt(20/3) = 2.582; t(0.975, 3) = 3.182;
    # half-width 3.182 * 2.582 / 2 = 4.108
    s = describe(np.array([2, 4, 6, 8, np.nan]))
    assert s.n == 4
    assert s.mean == 5
    assert s.sd == pytest.approx(2.5820, abs=1e-4)
    assert s.ci_low == pytest.approx(0.892, abs=1e-3)
    assert s.ci_high == pytest.approx(9.108, abs=1e-3)


def test_rest_of_partnership_equals_the_others_computed_directly():
    rng = np.random.default_rng(5)
    values = rng.normal(20, 4, 400)
    values[rng.random(400) < 0.1] = np.nan
    groups = rng.integers(0, 5, 400)
    m = group_moments(values, groups, 5)
    for g in range(5):
        direct = describe(values[groups == g])
        rest = describe(values[groups != g])
        assert m.stats(g).mean == pytest.approx(direct.mean)
        assert m.stats(g).sd == pytest.approx(direct.sd)
        assert m.without(g).mean == pytest.approx(rest.mean)
        assert m.without(g).ci_high == pytest.approx(rest.ci_high)
    assert m.overall().n == int((~np.isnan(values)).sum())


def test_welch_interval_matches_scipy():
    rng = np.random.default_rng(8)
    a, b = rng.normal(22, 4, 40), rng.normal(20, 6, 90)
    d = welch_difference(describe(a), describe(b))
    result = sps.ttest_ind(a, b, equal_var=False)
    ci = result.confidence_interval(0.95)
    assert d.estimate == pytest.approx(a.mean() - b.mean())
    assert (d.ci_low, d.ci_high) == (pytest.approx(ci.low), pytest.approx(ci.high))
    assert d.df == pytest.approx(result.df)


def test_default_rule_says_above_exactly_when_welch_test_is_significant_and_higher():
    rng = np.random.default_rng(12)
    rule = get_rule("welch_difference_ci")
    for shift in (0.0, 0.5, 1.5, -1.5):
        a, b = rng.normal(7 + shift, 2, 60), rng.normal(7, 2, 300)
        label = rule.compare(describe(a), describe(b)).label
        p = sps.ttest_ind(a, b, equal_var=False).pvalue
        expected = "similar" if p >= 0.05 else ("above" if a.mean() > b.mean() else "below")
        assert label == expected


def test_no_overlap_rule_is_stricter():
    a = describe(np.array([6.0, 7, 8, 7, 6, 8, 7, 7, 6, 8] * 4))
    b = describe(np.array([6.5, 7.5, 6.0, 7.0, 6.5, 7.0, 6.0, 7.5, 6.5, 6.0] * 4))
    assert get_rule("welch_difference_ci").compare(a, b).label == "above"
    assert get_rule("ci_no_overlap").compare(a, b).label == "similar"


def test_unknown_rule_is_refused():
    with pytest.raises(ValueError, match="unknown comparison rule"):
        get_rule("eyeball")


def test_single_value_has_no_interval():
    s = describe(np.array([3.0]))
    assert s.n == 1 and math.isnan(s.ci_low)


@pytest.mark.parametrize(("x", "n"), [(0, 10), (1, 10), (56, 70), (29, 30), (30, 30),
                                      (417, 1000)])
def test_wilson_interval_matches_scipy(x, n):
    ci = sps.binomtest(x, n).proportion_ci(confidence_level=0.95, method="wilson")
    low, high = wilson_interval(x, n)
    assert (low, high) == (pytest.approx(ci.low, abs=1e-9), pytest.approx(ci.high, abs=1e-9))


@pytest.mark.parametrize(("counts", "expected"), [
    # Newcombe (1998), Statistics in Medicine 17:873-890, table II, method 10; the same
    # figures come from statsmodels' confint_proportions_2indep(method="newcomb").
    ((56, 70, 48, 80), (0.0524, 0.3339)),
    ((9, 10, 3, 10), (0.1705, 0.8090)),
    ((6, 7, 2, 7), (0.0582, 0.8062)),
    ((5, 56, 0, 29), (-0.0381, 0.1926)),
    ((0, 10, 0, 20), (-0.1611, 0.2775)),
    ((10, 10, 0, 20), (0.6791, 1.0000)),
])
def test_share_difference_gives_newcombes_published_intervals(counts, expected):
    d = share_difference(*counts)
    x1, n1, x2, n2 = counts
    assert d.estimate == pytest.approx(x1 / n1 - x2 / n2)
    assert (round(d.ci_low, 4), round(d.ci_high, 4)) == expected


def test_a_rule_without_a_label_cannot_be_made():
    class Unfinished(ComparisonRule):
        name, text = "unfinished", "no rule"

    with pytest.raises(TypeError, match="abstract"):
        Unfinished()
