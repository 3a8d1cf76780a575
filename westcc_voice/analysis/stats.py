"""Descriptive statistics and intervals, in numpy only (scipy is for the tests).

Means come with a 95% confidence interval from Student's t-distribution; differences
between two groups use Welch's interval (unequal variances, Welch-Satterthwaite degrees
of freedom). The t quantile is computed here from the regularised incomplete beta
function, so the analysis needs no scipy at run time; the tests check it against scipy.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np

CONFIDENCE = 0.95


@dataclass(frozen=True)
class Stats:
    """n, mean, standard deviation (n - 1) and the t-interval of the mean."""

    n: int
    mean: float
    sd: float
    ci_low: float
    ci_high: float

    @property
    def se(self) -> float:
        return self.sd / math.sqrt(self.n) if self.n > 0 else math.nan


EMPTY = Stats(0, math.nan, math.nan, math.nan, math.nan)


def _betacf(a: float, b: float, x: float) -> float:
    """Continued fraction for the incomplete beta function (modified Lentz)."""
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 400):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 1e-15:
            break
    return h


def betainc(a: float, b: float, x: float) -> float:
    """The regularised incomplete beta function I_x(a, b)."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    front = math.exp(
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)
        + a * math.log(x) + b * math.log1p(-x)
    )
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _betacf(a, b, x) / a
    return 1.0 - front * _betacf(b, a, 1.0 - x) / b


def t_cdf(t: float, df: float) -> float:
    """P(T <= t) for Student's t with ``df`` degrees of freedom."""
    x = df / (df + t * t)
    tail = 0.5 * betainc(df / 2.0, 0.5, x)
    return 1.0 - tail if t > 0 else tail


def t_pdf(t: float, df: float) -> float:
    log = (math.lgamma((df + 1) / 2) - math.lgamma(df / 2) - 0.5 * math.log(df * math.pi)
           - (df + 1) / 2 * math.log1p(t * t / df))
    return math.exp(log)


def t_ppf(p: float, df: float) -> float:
    """The t quantile: the value below which a share ``p`` of the distribution lies.

    Starts from the Cornish-Fisher expansion around the normal quantile and refines
    with Newton's method on the exact CDF."""
    if not 0.0 < p < 1.0 or df <= 0:
        raise ValueError("p must be in (0, 1) and df positive")
    if p == 0.5:
        return 0.0
    if p < 0.5:
        return -t_ppf(1.0 - p, df)
    z = NormalDist().inv_cdf(p)
    x = z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df ** 2)
    if df < 1.5:
        x = math.tan(math.pi * (p - 0.5)) if df == 1 else x
    for _ in range(50):
        step = (t_cdf(x, df) - p) / t_pdf(x, df)
        x -= step
        if abs(step) < 1e-12 * max(1.0, abs(x)):
            break
    return x


def t_critical(df: float, confidence: float = CONFIDENCE) -> float:
    """Student's t for a two-sided interval (cached: a Summary asks for the same few
    degrees of freedom again and again; Welch's are rounded so the cache stays small)."""
    return _t_critical(round(df, 6), confidence)


@functools.lru_cache(maxsize=4096)
def _t_critical(df: float, confidence: float) -> float:
    return t_ppf(0.5 + confidence / 2.0, df)


def from_moments(n: int, mean: float, sd: float, confidence: float = CONFIDENCE) -> Stats:
    if n <= 0:
        return EMPTY
    if n == 1:
        return Stats(1, mean, math.nan, math.nan, math.nan)
    half = t_critical(n - 1, confidence) * sd / math.sqrt(n)
    return Stats(n, mean, sd, mean - half, mean + half)


def describe(values: np.ndarray, confidence: float = CONFIDENCE) -> Stats:
    """Stats of the non-missing values of an array."""
    v = np.asarray(values, dtype=float)
    v = v[~np.isnan(v)]
    n = int(v.size)
    if n == 0:
        return EMPTY
    mean = float(v.mean())
    sd = float(v.std(ddof=1)) if n > 1 else math.nan
    return from_moments(n, mean, sd, confidence)


@dataclass(frozen=True)
class GroupMoments:
    """Per-group n, sum and sum of squared deviations from a common centre, so that
    groups can be combined or subtracted exactly (the rest of the partnership is the
    partnership minus one school)."""

    n: np.ndarray
    total: np.ndarray
    squares: np.ndarray
    centre: float

    def stats(self, g: int, confidence: float = CONFIDENCE) -> Stats:
        return _stats(int(self.n[g]), float(self.total[g]), float(self.squares[g]),
                      self.centre, confidence)

    def overall(self, confidence: float = CONFIDENCE) -> Stats:
        return _stats(int(self.n.sum()), float(self.total.sum()), float(self.squares.sum()),
                      self.centre, confidence)

    def without(self, g: int, confidence: float = CONFIDENCE) -> Stats:
        return _stats(int(self.n.sum() - self.n[g]), float(self.total.sum() - self.total[g]),
                      float(self.squares.sum() - self.squares[g]), self.centre, confidence)


def _stats(n: int, total: float, squares: float, centre: float, confidence: float) -> Stats:
    if n <= 0:
        return EMPTY
    shifted_mean = total / n
    mean = centre + shifted_mean
    if n == 1:
        return Stats(1, mean, math.nan, math.nan, math.nan)
    var = max(squares - n * shifted_mean * shifted_mean, 0.0) / (n - 1)
    return from_moments(n, mean, math.sqrt(var), confidence)


def group_moments(values: np.ndarray, groups: np.ndarray, n_groups: int) -> GroupMoments:
    """Moments of ``values`` (NaN = missing) by integer group codes 0..n_groups-1."""
    v = np.asarray(values, dtype=float)
    ok = ~np.isnan(v) & (groups >= 0)
    v, g = v[ok], groups[ok]
    centre = float(v.mean()) if v.size else 0.0
    d = v - centre
    return GroupMoments(
        n=np.bincount(g, minlength=n_groups).astype(np.int64),
        total=np.bincount(g, weights=d, minlength=n_groups),
        squares=np.bincount(g, weights=d * d, minlength=n_groups),
        centre=centre,
    )


@dataclass(frozen=True)
class Difference:
    """A difference of means (a - b) with Welch's interval."""

    estimate: float
    ci_low: float
    ci_high: float
    df: float


def welch_difference(a: Stats, b: Stats, confidence: float = CONFIDENCE) -> Difference:
    diff = a.mean - b.mean
    va, vb = a.sd ** 2 / a.n, b.sd ** 2 / b.n
    se = math.sqrt(va + vb)
    if se == 0 or math.isnan(se):
        return Difference(diff, diff, diff, math.inf)
    df = (va + vb) ** 2 / (va ** 2 / (a.n - 1) + vb ** 2 / (b.n - 1))
    half = t_critical(df, confidence) * se
    return Difference(diff, diff - half, diff + half, df)


def wilson_interval(x: int, n: int, confidence: float = CONFIDENCE) -> tuple[float, float]:
    """Wilson's score interval for a share x/n."""
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    p = x / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


def share_difference(x1: int, n1: int, x2: int, n2: int,
                     confidence: float = CONFIDENCE) -> Difference:
    """A difference of shares (x1/n1 - x2/n2) with Newcombe's hybrid score interval
    (his method 10, 1998), built from the two Wilson intervals; it behaves well near
    0% and 100% and with small groups, where the simple Wald interval does not."""
    p1, p2 = x1 / n1, x2 / n2
    l1, u1 = wilson_interval(x1, n1, confidence)
    l2, u2 = wilson_interval(x2, n2, confidence)
    d = p1 - p2
    return Difference(d, d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2),
                      d + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2), math.inf)
