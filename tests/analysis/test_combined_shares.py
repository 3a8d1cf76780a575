"""Top-two shares decided on their own counts, attacked with integer programming.

The attacker knows every published figure, what each hidden display means ("fewer than
10": 0 to 9; "not shown": 10 or more), that counts are whole numbers, and every
equation of the table: cells add up to row and column totals, and each combined figure
is the sum of its parts. For every hidden figure, scipy's ``milp`` finds the smallest
and largest whole value it can take; a figure is pinned when the two are equal.
"""

from __future__ import annotations

import itertools
import random

import numpy as np
import pytest
from scipy.optimize import Bounds, LinearConstraint, milp
from test_suppression import display_bounds  # noqa: E402  (tests/analysis is on the path)

from westcc_voice.privacy.suppression import SuppressionPolicy


def published(grid, result, combined):
    rows, cols = len(grid), len(grid[0])
    cells = {("C", i, j): result.cells[i][j] for i, j in itertools.product(range(rows),
                                                                          range(cols))}
    cells.update({("R", i): result.row_totals[i] for i in range(rows)})
    cells.update({("K", j): result.column_totals[j] for j in range(cols)})
    cells[("G",)] = result.grand_total
    for k, _set in enumerate(combined):
        cells.update({("S", i, k): result.combined[i][k] for i in range(rows)})
        cells[("SK", k)] = result.combined_totals[k]
    equations = [[(("C", i, j), 1) for j in range(cols)] + [(("R", i), -1)]
                 for i in range(rows)]
    equations += [[(("C", i, j), 1) for i in range(rows)] + [(("K", j), -1)]
                  for j in range(cols)]
    equations.append([(("R", i), 1) for i in range(rows)] + [(("G",), -1)])
    for k, columns in enumerate(combined):
        equations += [[(("C", i, j), 1) for j in columns] + [(("S", i, k), -1)]
                      for i in range(rows)]
        equations.append([(("K", j), 1) for j in columns] + [(("SK", k), -1)])
        equations += [[(("S", i, k), 1) for i in range(rows)] + [(("SK", k), -1)]]
    return cells, equations


def attack(grid, result, combined, threshold=10):
    """Hidden figures an attacker pins to one whole value: {key: value}."""
    cells, equations = published(grid, result, combined)
    keys = list(cells)
    index = {k: n for n, k in enumerate(keys)}
    a = np.zeros((len(equations), len(keys)))
    for e, eq in enumerate(equations):
        for k, sign in eq:
            a[e, index[k]] = sign
    known = display_bounds([cells[k] for k in keys], threshold, sum(map(sum, grid)) + 1)
    lo_b, hi_b = [lo for lo, _hi in known], [hi for _lo, hi in known]
    constraints = LinearConstraint(a, 0, 0)
    bounds = Bounds(lo_b, hi_b)
    integrality = np.ones(len(keys))
    pinned = {}
    for k in keys:
        if cells[k].shown:
            continue
        c = np.zeros(len(keys))
        c[index[k]] = 1
        low = milp(c, constraints=constraints, bounds=bounds, integrality=integrality)
        high = milp(-c, constraints=constraints, bounds=bounds, integrality=integrality)
        assert low.status == 0, "the published table must be consistent with the truth"
        if round(low.fun) == round(-high.fun):
            pinned[k] = round(low.fun)
    return pinned


def test_a_top_two_share_is_published_when_one_of_its_parts_is_small():
    # one school's five-point answers: Strongly agree is small, Agree is not
    grid = [[5, 8, 12, 30, 4], [6, 7, 15, 40, 20], [10, 12, 11, 35, 22]]
    top = [3, 4]
    policy = SuppressionPolicy()
    result = policy.table(grid, combined=[top])
    assert result.cells[0][4].suppressed           # 4 strongly agree: hidden
    assert result.combined[0][0].value == 34       # but 34 agree or strongly agree: shown
    assert result.combined_totals[0].value == sum(grid[i][j] for i in range(3) for j in top)
    assert attack(grid, result, [top]) == {}


def test_random_tables_with_combined_shares_pin_no_hidden_figure():
    rng = random.Random(11)
    policy = SuppressionPolicy()
    published_combined = 0
    for _ in range(40):
        rows, cols = rng.randint(2, 5), rng.randint(3, 6)
        grid = [[rng.choice([0, 1, 2, 3, 5, 8, 9, 10, 12, 15, 20, 30, 45])
                 for _c in range(cols)] for _r in range(rows)]
        top = [cols - 2, cols - 1]
        result = policy.table(grid, combined=[top])
        assert attack(grid, result, [top]) == {}, grid
        # no figure under the threshold is ever shown
        for row in [*result.cells, *result.combined]:
            assert all(c.suppressed or c.value >= 10 for c in row)
        published_combined += sum(1 for i in range(rows) if result.combined[i][0].shown
                                  and any(result.cells[i][j].suppressed for j in top))
    # the point of deciding combined shares on their own counts
    assert published_combined >= 5


@pytest.mark.parametrize("threshold", [5, 10, 20])
def test_every_hidden_figure_says_why_in_words(threshold):
    policy = SuppressionPolicy(threshold=threshold)
    result = policy.table([[3, 30, 25], [12, 40, 2]], combined=[[1, 2]])
    hidden = [c for row in result.cells for c in row if c.suppressed]
    assert hidden
    for cell in hidden:
        assert cell.why and cell.to_dict()["why"] == cell.why


def test_a_headline_share_and_its_complement_together_pin_nothing():
    """"Yes" is one cell; "No" and "Not sure" together are the worse side a threshold
    reads, published on their own count with its parts hidden where they must be."""
    rng = random.Random(5)
    policy = SuppressionPolicy()
    shown_worse = 0
    for _ in range(30):
        rows = rng.randint(2, 5)
        # yes, no, not sure, prefer not to say, no answer
        grid = [[rng.choice([10, 20, 30, 45]), rng.choice([0, 2, 5, 9, 12, 20]),
                 rng.choice([0, 3, 8, 11, 15]), rng.choice([0, 1, 4]),
                 rng.choice([0, 2, 6, 13])] for _r in range(rows)]
        sets = [[3, 4], [1, 2]]
        result = policy.table(grid, combined=sets)
        assert attack(grid, result, sets) == {}, grid
        shown_worse += sum(1 for i in range(rows) if result.combined[i][1].shown
                           and (result.cells[i][1].suppressed
                                or result.cells[i][2].suppressed))
    assert shown_worse >= 3
