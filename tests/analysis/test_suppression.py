"""The suppression policy on crafted tables, including the subtraction attack.

The attack is run with scipy's linear programming: for every hidden cell, find the
smallest and largest value it could take given every published cell and total and what
the displays say ("fewer than 10": 0..9; "not shown": 10 or more). A cell is recovered
when the two are equal.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from scipy.optimize import linprog

from westcc_voice.privacy.suppression import Cell, SuppressionPolicy


def display_bounds(cells, threshold, big=None):
    """What an attacker knows of each figure from its display: a published value, 0 to
    threshold - 1 for "fewer than ...", threshold or more for "not shown"."""
    out = []
    for cell in cells:
        if cell.shown:
            out.append((cell.value, cell.value))
        elif cell.reason == "small_group":
            out.append((0, threshold - 1))
        else:
            out.append((threshold, big))
    return out


def attack(counts, result, threshold=10, *, row_totals=True, column_totals=True):
    """Cells an attacker can pin to one value, as {(i, j): value}."""
    rows, cols = len(counts), len(counts[0])
    cells = {}
    for i, j in itertools.product(range(rows), range(cols)):
        cells[("C", i, j)] = result.cells[i][j]
    if row_totals:
        for i in range(rows):
            cells[("R", i)] = result.row_totals[i]
    if column_totals:
        for j in range(cols):
            cells[("K", j)] = result.column_totals[j]
    if row_totals and column_totals:
        cells[("G",)] = result.grand_total
    keys = list(cells)
    index = {k: n for n, k in enumerate(keys)}
    equations = []
    if row_totals:
        for i in range(rows):
            equations.append([(("C", i, j), 1) for j in range(cols)] + [(("R", i), -1)])
    if column_totals:
        for j in range(cols):
            equations.append([(("C", i, j), 1) for i in range(rows)] + [(("K", j), -1)])
    if row_totals and column_totals:
        equations.append([(("R", i), 1) for i in range(rows)] + [(("G",), -1)])
    a_eq = np.zeros((len(equations), len(keys)))
    for e, eq in enumerate(equations):
        for k, sign in eq:
            a_eq[e, index[k]] = sign
    bounds = display_bounds([cells[k] for k in keys], threshold)
    pinned = {}
    for k in keys:
        if cells[k].shown:
            continue
        c = np.zeros(len(keys))
        c[index[k]] = 1
        lo = linprog(c, A_eq=a_eq, b_eq=np.zeros(len(equations)), bounds=bounds)
        hi = linprog(-c, A_eq=a_eq, b_eq=np.zeros(len(equations)), bounds=bounds)
        assert lo.status == 0, "the published table must be consistent"
        if hi.status == 0 and abs(-hi.fun - lo.fun) < 0.5:
            pinned[k] = round(lo.fun)
    return pinned


def test_threshold_below_five_is_refused():
    with pytest.raises(ValueError, match="below the minimum of 5"):
        SuppressionPolicy(threshold=4)
    assert SuppressionPolicy(threshold=5).threshold == 5


def test_group_under_ten_is_suppressed():
    policy = SuppressionPolicy()
    hidden = policy.count(9)
    assert hidden == Cell(None, "fewer than 10", True, "small_group")
    assert hidden.to_dict() == {"suppressed": True, "display": "fewer than 10",
                                "reason": "small_group", "why": hidden.why}
    # every hidden figure says why in words
    assert "too few people" in hidden.why
    assert "worked out" in policy.hidden("secondary").why
    assert Cell.from_dict(hidden.to_dict()) == hidden
    assert policy.count(10).to_dict() == {"value": 10, "display": "10"}


def test_zero_is_suppressed_too():
    assert SuppressionPolicy().count(0).suppressed


def test_threshold_is_configurable():
    policy = SuppressionPolicy(threshold=20)
    assert policy.count(15).display == "fewer than 20"
    assert policy.quote_min_group == 20
    assert SuppressionPolicy(threshold=5).quote_min_group == 10


def test_one_small_answer_hides_a_second_so_it_cannot_be_subtracted():
    counts = [40, 3, 25, 30]
    out = SuppressionPolicy().distribution(counts)
    shown = [c.display for c in out.cells[0]]
    assert shown == ["40", "fewer than 10", "not shown", "30"]
    assert out.row_totals[0].display == "98"
    assert attack([counts], out, row_totals=True, column_totals=False) == {}


def test_no_response_cell_is_protected_like_any_other():
    # options 45, 38, 22 and "no answer" 4: the no-answer cell is small
    counts = [45, 38, 22, 4]
    out = SuppressionPolicy().distribution(counts)
    assert out.cells[0][3].display == "fewer than 10"
    assert sum(c.suppressed for c in out.cells[0]) == 2
    assert attack([counts], out, row_totals=True, column_totals=False) == {}


def test_two_zero_cells_are_not_left_to_pin_each_other():
    counts = [0, 0, 120]
    out = SuppressionPolicy().distribution(counts)
    assert all(c.suppressed for c in out.cells[0])
    assert attack([counts], out, row_totals=True, column_totals=False) == {}


def test_whole_distribution_of_a_small_group_is_hidden():
    out = SuppressionPolicy().distribution([3, 4, 1])
    assert out.row_totals[0].display == "fewer than 10"
    assert all(c.display == "fewer than 10" for c in out.cells[0])


CRAFTED = [
    # schools (rows) by answers (columns); the partnership is the column totals
    [[50, 3, 20], [40, 12, 30], [5, 15, 20]],
    [[80, 20, 4], [60, 25, 15], [70, 30, 12]],
    [[9, 9, 9], [30, 40, 50], [35, 45, 55]],
    [[100, 0, 0], [0, 100, 0], [0, 0, 100]],
    [[12, 14, 16, 2], [13, 11, 17, 1], [40, 42, 44, 3], [7, 8, 9, 10]],
]


@pytest.mark.parametrize("counts", CRAFTED)
def test_subtraction_attack_recovers_no_hidden_cell_in_crafted_tables(counts):
    out = SuppressionPolicy().table(counts)
    assert attack(counts, out) == {}
    for i, row in enumerate(counts):
        for j, v in enumerate(row):
            if v < 10:
                assert out.cells[i][j].suppressed


def test_subtraction_attack_recovers_no_hidden_cell_in_random_tables():
    rng = np.random.default_rng(11)
    policy = SuppressionPolicy()
    for _ in range(60):
        rows, cols = rng.integers(2, 6), rng.integers(2, 6)
        counts = rng.poisson(rng.choice([4, 12, 30]), size=(rows, cols)).tolist()
        out = policy.table(counts)
        assert attack(counts, out) == {}, counts


def test_subtraction_attack_fails_without_secondary_suppression():
    """The attack is real: hiding only the small cell lets it be worked out."""
    counts = [[50, 3, 20], [40, 12, 30]]
    naive = SuppressionPolicy().table(counts)
    policy = SuppressionPolicy()
    primary_only = type(naive)(
        cells=[[policy.hidden() if v < 10 else Cell(v, str(v)) for v in row]
               for row in counts],
        row_totals=[Cell(sum(r), str(sum(r))) for r in counts],
        column_totals=[Cell(sum(c), str(sum(c))) for c in zip(*counts, strict=True)],
        grand_total=Cell(sum(map(sum, counts)), ""),
    )
    assert attack(counts, primary_only) == {("C", 0, 1): 3}


def test_small_school_mean_cannot_be_worked_out_from_the_partnership():
    # With every other school's n published, the tiny school's n (and so its share
    # of the partnership sum) would follow: another school is hidden with it.
    sizes = SuppressionPolicy().group_sizes({"a": 120, "b": 85, "tiny": 4}, 209)
    assert sizes["tiny"].display == "fewer than 10"
    assert sizes["b"].display == "not shown"
    assert sizes["a"].display == "120"
    assert sizes["__total__"].display == "209"


def test_hidden_groups_together_are_not_a_small_group():
    # b and c are both small and together only 7: their combined answers would be
    # the partnership minus a, so a is hidden as well.
    sizes = SuppressionPolicy().group_sizes({"a": 100, "b": 3, "c": 4}, 107)
    assert [sizes[k].suppressed for k in ("a", "b", "c")] == [True, True, True]


def test_partnership_wide_remainder_counts_as_a_group():
    sizes = SuppressionPolicy().group_sizes({"a": 100, "b": 60}, 166)
    assert sizes["a"].suppressed or sizes["b"].suppressed


def test_percent_and_mean_of_a_hidden_group_are_hidden():
    policy = SuppressionPolicy()
    n = policy.count(8)
    assert policy.percent(n, policy.count(200)).suppressed
    assert policy.statistic(4.2, n).to_dict()["display"] == "fewer than 10"
    shown_n = policy.count(40)
    assert policy.statistic(4.25, shown_n).display == "4.2"
    assert policy.percent(policy.count(10), policy.count(40)).display == "25%"


def test_small_group_warning_under_thirty():
    policy = SuppressionPolicy()
    assert policy.small_group_warning(29)
    assert not policy.small_group_warning(30)


def test_quotes_only_approved_and_from_groups_of_ten_or_more():
    policy = SuppressionPolicy(threshold=5)
    candidates = [
        {"response_id": 1, "question_id": "q", "group": "big"},
        {"response_id": 2, "question_id": "q", "group": "big"},
        {"response_id": 3, "question_id": "q", "group": "small"},
    ]
    approved = {(1, "q"), (3, "q")}
    kept = policy.quotes(candidates, approved, {"big": 25, "small": 9})
    assert [c["response_id"] for c in kept] == [1]
