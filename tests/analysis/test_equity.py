"""Equity: constructs compared across the groups of the equity dimensions.

Responses are generated straight into a frame from the shipped questionnaires and
surveys/equity.yaml, with gaps set in advance: pupils who go hungry feel safe at school
less often, young carers no differently. The tables must recover them within their
intervals, hide small and complementary groups, and give an attacker with integer
programming nothing hidden.
"""

from __future__ import annotations

import random

import numpy as np
import pytest
from scipy.optimize import Bounds, LinearConstraint, milp

from tests.equity_data import (
    P_SAFE,
    SCHOOLS,
    SKIP,
    equity_tables,
    group,
    load,
    pupil,
    summary_of,
    table,
)
from westcc_voice.analysis.equity_types import BETTER, NO_CLEAR, NOT_COMPARED, WORSE
from westcc_voice.analysis.summary import Summary
from westcc_voice.privacy.suppression import Cell


@pytest.fixture(scope="module")
def catalogue():
    return load()


@pytest.fixture(scope="module")
def big(catalogue):
    rng = random.Random(14)
    return summary_of(catalogue, [pupil(rng, SCHOOLS[i % 4]) for i in range(2400)])


def test_known_gap_is_recovered_within_its_interval(big):
    # shares are of everyone in the group, "no answer" included (SKIP of them)
    t = table(big, "safe_school", "hunger")
    for key, truth in P_SAFE.items():
        g = group(t, key)
        assert g.share.shown, g
        assert g.ci_low.value <= 100 * truth * (1 - SKIP) <= g.ci_high.value, (key, g)
    gap = next(x for x in t.gaps if x.group == "hungry")
    true_gap = 100 * (P_SAFE["hungry"] - P_SAFE["not_hungry"]) * (1 - SKIP)
    assert gap.ci_low.value <= true_gap <= gap.ci_high.value
    assert gap.verdict == WORSE
    assert "a clear difference, worse for those who go to school or to bed hungry" in gap.text


def test_no_gap_where_none_was_made(big):
    t = table(big, "good_friends", "young_carer")
    gap = next(x for x in t.gaps if x.group == "carer")
    assert gap.ci_low.value <= 0 <= gap.ci_high.value
    assert gap.verdict == NO_CLEAR
    assert "no clear difference" in gap.text


def test_gaps_describe_differences_never_causes(big):
    texts = [g.text for t in big.equity for g in t.gaps]
    assert texts
    for text in texts:
        assert not any(word in text.lower() for word in ("because", "caused", "due to",
                                                         "leads to", "makes them"))


def test_school_tables_appear_where_every_group_clears_the_threshold(big):
    schools = {t.scope for t in big.equity if t.question == "safe_school"
               and t.dimension == "hunger"}
    assert schools == {"partnership", *(f"school:{c}" for c in SCHOOLS)}
    t = table(big, "safe_school", "hunger", school="north")
    assert all(not g.n.suppressed for g in t.groups)


def test_one_of_two_groups_small_hides_both(catalogue):
    rng = random.Random(3)
    people = [pupil(rng, SCHOOLS[i % 4], carer=False) for i in range(300)]
    people += [pupil(rng, "north", carer=True) for _ in range(7)]
    s = summary_of(catalogue, people)
    for t in equity_tables(s):
        if t.dimension != "young_carer":
            continue
        assert group(t, "carer").n.suppressed
        assert group(t, "not_carer").n.suppressed, "the other group would give it away"
        assert not group(t, "not_carer").share.shown
        assert all(g.verdict == NOT_COMPARED for g in t.gaps)
    # and the Summary's JSON, which pages and exports read, holds no figure for them
    for t in s.to_dict()["equity"]:
        if t["dimension"] == "young_carer":
            assert all("value" not in g[k] for g in t["groups"]
                       for k in ("n", "count", "share", "ci_low", "ci_high"))


def test_a_school_whose_group_is_small_gets_no_table_and_no_one_can_subtract_it(catalogue):
    rng = random.Random(5)
    people = [pupil(rng, code) for code in ("north", "south", "east") for _ in range(150)]
    # West has 40 pupils, of whom only 6 go hungry: West's hunger table is not published,
    # and neither is any other school's whose removal would leave West's 6 exposed.
    people += [pupil(rng, "west", hungry=i < 6) for i in range(40)]
    s = summary_of(catalogue, people)
    scopes = {t.scope for t in s.equity if t.dimension == "hunger"
              and t.question == "safe_school"}
    assert "school:west" not in scopes
    published_schools = [sc.split(":")[1] for sc in scopes if sc.startswith("school:")]
    part = table(s, "safe_school", "hunger")
    for key in ("hungry", "not_hungry"):
        whole = group(part, key).n.value
        shown_sum = sum(group(table(s, "safe_school", "hunger", school=c), key).n.value
                        for c in published_schools)
        rest = whole - shown_sum
        assert rest == 0 or rest >= 10, (key, rest)


def test_no_cross_of_two_dimensions_is_published(big):
    dims = {t.dimension for t in big.equity}
    assert len(dims) >= 3
    for t in big.equity:
        assert t.dimension in dims and "+" not in t.dimension
        assert all(g.key.count(":") == 0 for g in t.groups)


# --- an attacker with integer programming --------------------------------------------------


def attack(summary, question: str, dimension: str) -> tuple[dict, int]:
    """Pin hidden cells from every published figure: each school's and the
    partnership's equity tables, and the question's own published counts. Variables are
    the true counts x[school][row][group] (row 0 the headline answers, row 1 the rest).
    Returns {(scope, row, group): value} for every hidden cell pinned to one value, and
    how many hidden cells were attacked."""
    schools = SCHOOLS
    part = table(summary, question, dimension)
    width = len(part.groups)
    index = {(s, r, g): n for n, (s, r, g) in enumerate(
        (s, r, g) for s in schools for r in range(2) for g in range(width))}
    eqs, los, his = [], [], []

    def add(terms, lo, hi):
        row = np.zeros(len(index))
        for k in terms:
            row[index[k]] = 1
        eqs.append(row)
        los.append(lo)
        his.append(hi)

    def constrain(terms, cell):
        if cell.shown:
            add(terms, cell.value, cell.value)
        elif cell.reason == "small_group":
            add(terms, 0, 9)

    scopes = {"partnership": schools}
    scopes.update({f"school:{c}": [c] for c in schools})
    hidden = []
    for scope, members in scopes.items():
        try:
            t = table(summary, question, dimension, school=None if scope == "partnership"
                      else scope.split(":")[1])
        except StopIteration:
            continue
        if t.scope != scope:
            continue
        for g, grp in enumerate(t.groups):
            constrain([(s, 0, g) for s in members], grp.count)
            constrain([(s, r, g) for s in members for r in range(2)], grp.n)
            if not grp.count.shown:
                hidden.append((scope, members, 0, g))
            if not grp.n.shown:
                hidden.append((scope, members, None, g))
    survey = next(s for s in summary.surveys if s.key == "pupils-7-11")
    item = next(i for i in survey.items if i.question_id == question)
    for dist in item.distributions:
        members = schools if dist.group == "partnership" else [dist.group.split(":")[1]]
        # the question's n counts those who answered it ("no answer" is set aside), while
        # the equity groups count everyone: so it is at most the groups' total
        if dist.n.shown:
            add([(s, r, g) for s in members for r in range(2) for g in range(width)],
                dist.n.value, 10_000)
        top = [c for c in dist.categories if c.value in item.headline]
        head = dist.headline_count if dist.headline_count is not None else top[0].count
        constrain([(s, 0, g) for s in members for g in range(width)], head)
    a = np.array(eqs)
    cons = LinearConstraint(a, los, his)
    bounds = Bounds(0, 10_000)
    integrality = np.ones(len(index))
    pinned = {}
    for scope, members, row, g in hidden:
        rows = [0, 1] if row is None else [row]
        c = np.zeros(len(index))
        for s in members:
            for r in rows:
                c[index[(s, r, g)]] = 1
        low = milp(c, constraints=cons, bounds=bounds, integrality=integrality)
        high = milp(-c, constraints=cons, bounds=bounds, integrality=integrality)
        assert low.status == 0, "the published figures must be consistent with the truth"
        if round(low.fun) == round(-high.fun):
            pinned[(scope, row, g)] = round(low.fun)
    return pinned, len(hidden)


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_integer_programming_pins_no_hidden_equity_cell(catalogue, seed):
    rng = random.Random(seed)
    people = []
    for code, size, p_hungry in (("north", 120, 0.4), ("south", 90, 0.3),
                                 ("east", 45, 0.15), ("west", 25, 0.5)):
        for _ in range(size):
            # few young carers, and a few who skip the hunger question ("did not
            # say"): small groups of their own, so there is something hidden to attack
            p = pupil(rng, code, hungry=rng.random() < p_hungry,
                      carer=rng.random() < 0.04)
            if rng.random() < 0.02:
                del p["answers"]["hungry"]
            people.append(p)
    s = summary_of(catalogue, people)
    hidden = 0
    for question, dimension in (("safe_school", "hunger"), ("good_friends", "hunger"),
                                ("safe_school", "young_carer"),
                                ("good_friends", "young_carer")):
        pinned, tried = attack(s, question, dimension)
        assert pinned == {}, (question, dimension)
        hidden += tried
    assert hidden, "the data must hide something for the attack to mean anything"


def test_equity_survives_the_summary_json_round_trip(big):
    again = Summary.from_dict(big.to_dict())
    assert [t.ref for t in again.equity] == [t.ref for t in big.equity]
    t = table(again, "safe_school", "hunger")
    assert group(t, "hungry").share.display == group(table(big, "safe_school", "hunger"),
                                                     "hungry").share.display
    assert {g.verdict for t in again.equity for g in t.gaps} <= {WORSE, BETTER, NO_CLEAR,
                                                                  NOT_COMPARED}


def test_the_attack_pins_cells_when_only_small_cells_are_hidden(catalogue, monkeypatch):
    """The attack is not toothless: with primary suppression alone (small cells hidden,
    nothing else), it recovers hidden figures from the same kind of data."""
    from westcc_voice.analysis import equity
    from westcc_voice.privacy.suppression import PRIMARY, TableCells

    def primary_only(policy, grid, fixed, named):
        def cell(v):
            return policy.hidden(PRIMARY) if policy.is_small(v) else Cell(v, str(v))
        cols = range(len(grid[0]))
        return TableCells([[cell(v) for v in row] for row in grid],
                          [cell(sum(row)) for row in grid],
                          [cell(sum(row[j] for row in grid)) for j in cols],
                          cell(sum(map(sum, grid))))

    monkeypatch.setattr(equity, "_suppress", primary_only)
    rng = random.Random(1)
    people = [pupil(rng, SCHOOLS[i % 4], carer=rng.random() < 0.04) for i in range(280)]
    s = summary_of(catalogue, people)
    pinned, tried = attack(s, "safe_school", "young_carer")
    assert tried and pinned
