"""One suppression policy for every figure that leaves the system.

A group under the threshold (default 10, never below 5) is shown as "fewer than 10",
and a second cell is hidden wherever the first could be worked out by subtraction from
a total or from other cells. Every output (Summary, dashboards, exports) calls the same
``SuppressionPolicy``, so a figure is hidden the same way wherever it appears.

The policy returns ``Cell`` objects: a published number with its display text, or a
hidden one that carries its status and no value.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

#: Nobody may set the threshold below this (REFERENCE.md: "never below 5").
MIN_THRESHOLD = 5
#: Compared groups smaller than this get a warning (REFERENCE.md: "30+ per group").
DEFAULT_MIN_COMPARE_N = 30
#: Quotes come only from groups at least this large, whatever the threshold.
MIN_QUOTE_GROUP = 10

PRIMARY = "small_group"
SECONDARY = "secondary"
SECONDARY_DISPLAY = "not shown"
NOT_PUBLISHED = "not_published"
#: Each reason a figure is hidden, in words (``Cell.why``).
REASON_WORDS = {
    PRIMARY: "Hidden because it counts too few people: so small a group could be "
             "recognised.",
    SECONDARY: "Hidden so that a smaller hidden figure cannot be worked out from it by "
               "adding up or taking away.",
    NOT_PUBLISHED: "Not published for this table.",
}


@dataclass(frozen=True)
class Cell:
    """One published number, or the fact that it is hidden.

    ``value`` is None whenever ``suppressed`` is true. ``reason`` says why:
    ``"small_group"`` (fewer than the threshold; display "fewer than 10") or
    ``"secondary"`` (hidden so that a small group cannot be worked out by subtraction;
    display "not shown").
    """

    value: float | int | None = None
    display: str = ""
    suppressed: bool = False
    reason: str | None = None

    def to_dict(self) -> dict[str, Any]:
        if self.suppressed:
            return {"suppressed": True, "display": self.display, "reason": self.reason,
                    "why": self.why}
        return {"value": self.value, "display": self.display}

    @property
    def why(self) -> str:
        """Why a figure is hidden, in words a reader understands ("" when shown)."""
        if not self.suppressed:
            return ""
        return REASON_WORDS.get(self.reason or "", REASON_WORDS[PRIMARY])

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Cell:
        if data.get("suppressed"):
            return cls(None, data.get("display", ""), True, data.get("reason"))
        return cls(data.get("value"), data.get("display", ""))

    @property
    def shown(self) -> bool:
        return not self.suppressed


def shown(value: float | int, display: str | None = None) -> Cell:
    """A published number."""
    return Cell(value, display if display is not None else str(value))


def format_number(value: float, decimals: int) -> str:
    return f"{value:.{decimals}f}"


def format_percent(value: float) -> str:
    if 0 < value < 0.5:
        return "<1%"
    if 99.5 <= value < 100:
        return ">99%"
    return f"{value:.0f}%"


@dataclass(frozen=True)
class TableCells:
    """The outcome of suppressing one table: a Cell per inner cell and per total.

    ``combined``: per row, one Cell per combined set of columns asked for (a top-two
    share's count), and ``combined_totals`` the same for the column totals."""

    cells: list[list[Cell]]
    row_totals: list[Cell]
    column_totals: list[Cell]
    grand_total: Cell
    combined: list[list[Cell]] = field(default_factory=list)
    combined_totals: list[Cell] = field(default_factory=list)


@dataclass
class SuppressionPolicy:
    """Small-group suppression, as one object every output uses.

    ``threshold``: a count below it is hidden, zeros included (a published zero says
    "nobody in this group answered X", which is itself a disclosure for a small group).
    ``min_compare_n``: a compared group smaller than this is flagged with a warning.
    """

    threshold: int = 10
    min_compare_n: int = DEFAULT_MIN_COMPARE_N
    messages: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if isinstance(self.threshold, bool) or not isinstance(self.threshold, int):
            raise ValueError(f"threshold must be a whole number, got {self.threshold!r}")
        if self.threshold < MIN_THRESHOLD:
            raise ValueError(
                f"threshold {self.threshold} is below the minimum of {MIN_THRESHOLD}: "
                "groups that small could identify people"
            )
        if self.min_compare_n < self.threshold:
            raise ValueError("min_compare_n must be at least the threshold")

    # --- displays ------------------------------------------------------------------------

    @property
    def primary_display(self) -> str:
        return self.messages.get("primary", f"fewer than {self.threshold}")

    @property
    def secondary_display(self) -> str:
        return self.messages.get("secondary", SECONDARY_DISPLAY)

    @property
    def quote_min_group(self) -> int:
        return max(self.threshold, MIN_QUOTE_GROUP)

    def hidden(self, reason: str = PRIMARY) -> Cell:
        display = self.primary_display if reason == PRIMARY else self.secondary_display
        return Cell(None, display, True, reason)

    def is_small(self, n: int | None) -> bool:
        return n is None or n < self.threshold

    def small_group_warning(self, n: int | None) -> bool:
        """True when a group is too small to compare with confidence (under 30)."""
        return n is None or n < self.min_compare_n

    # --- single figures ------------------------------------------------------------------

    def count(self, n: int) -> Cell:
        """A count on its own, with no total it could be subtracted from."""
        return self.hidden() if self.is_small(n) else shown(int(n))

    def percent(self, count: Cell, base: Cell, decimals: int = 1) -> Cell:
        """A share of a base; hidden whenever the count or the base is hidden."""
        if count.suppressed:
            return self.hidden(count.reason or PRIMARY)
        if base.suppressed:
            return self.hidden(SECONDARY)
        if not base.value:
            return Cell(None, "-", False, None)
        value = 100.0 * float(count.value) / float(base.value)
        return Cell(round(value, decimals), format_percent(value))

    def statistic(self, value: float | None, n: Cell, decimals: int = 1) -> Cell:
        """A mean, SD or interval end from a group of ``n``: shown only if n is shown."""
        if n.suppressed:
            return self.hidden(n.reason or PRIMARY)
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return Cell(None, "-", False, None)
        return Cell(round(float(value), decimals + 2), format_number(float(value), decimals))

    def comparable(self, *groups: Cell) -> bool:
        """Two groups may be compared only when both are published."""
        return all(g.shown for g in groups)

    # --- tables --------------------------------------------------------------------------

    def distribution(self, counts: Sequence[int]) -> TableCells:
        """One row of exclusive categories adding up to a published total.

        The "no response" and "prefer not to say" categories must be among ``counts``:
        they are cells like any other, and the total is their sum.
        """
        return self.table([list(counts)], row_totals=True, column_totals=False,
                          groups_in="none")

    def table(
        self,
        counts: Sequence[Sequence[int]],
        *,
        row_totals: bool = True,
        column_totals: bool = True,
        fixed_row_totals: Sequence[Cell | None] | None = None,
        fixed_grand_total: Cell | None = None,
        groups_in: str = "rows",
        combined: Sequence[Sequence[int]] = (),
        hide_columns: Sequence[int] = (),
    ) -> TableCells:
        """Suppress a table of counts, with margins, so no hidden cell can be recovered.

        ``row_totals``: each row's cells are exclusive and add up to a published row
        total (a distribution). ``column_totals``: the rows are exclusive groups and each
        column adds up to a published column total (schools adding up to the
        partnership). Multiple-response tables (themes, tick-all-that-apply) are not
        additive across columns: pass ``row_totals=False``.

        ``groups_in``: where the groups of people are ("rows": schools are rows, so each
        column equation adds up groups; "columns": the cells of a row are groups;
        "none"). In an equation that adds up groups, the hidden groups taken together
        must also be 0 or at least the threshold, or their combined answers (the
        partnership minus the published schools) would describe a small group.

        ``combined``: sets of column indexes whose sum is published as a figure of its
        own in each row (and in the column totals): the count behind a top-two share.
        A combined figure is decided on its own count, like any cell; it becomes one
        more equation the attacker may use, so publishing it never gives away a part
        that is hidden (a part is hidden instead, and the combined figure kept).

        ``fixed_row_totals`` / ``fixed_grand_total``: totals whose status was decided
        elsewhere (the respondent counts of a survey, published once and reused by every
        table), so the same number is never shown in one place and hidden in another: a
        hidden one stays hidden and a published one is never chosen for hiding.

        ``hide_columns``: columns hidden whole (every cell and the column total) before
        secondary suppression runs, which then hides whatever else would give them away:
        the other group of two where one is small (complementary suppression).

        Primary suppression hides every cell under the threshold. Secondary suppression
        then works like an attacker: it bounds each hidden cell from every published
        row and column equation (a primary cell lies in 0..threshold-1, a secondary one
        at threshold or above) and, while any hidden cell is pinned to one value, hides
        the smallest published cell that shares an equation with it.
        """
        grid = [[int(v) for v in row] for row in counts]
        rows = len(grid)
        cols = len(grid[0]) if rows else 0
        if any(len(r) != cols for r in grid):
            raise ValueError("every row of a table must have the same number of cells")
        if any(v < 0 for r in grid for v in r):
            raise ValueError("counts cannot be negative")
        if groups_in not in ("rows", "columns", "none"):
            raise ValueError("groups_in must be rows, columns or none")
        solver = _Table(grid, self.threshold, row_totals, column_totals, groups_in,
                        [list(c) for c in combined])
        if fixed_row_totals is not None:
            for i, cell in enumerate(fixed_row_totals):
                if cell is not None and cell.suppressed:
                    solver.force(("R", i), cell.reason or SECONDARY)
                elif cell is not None:
                    solver.locked.add(("R", i))
        if fixed_grand_total is not None:
            if fixed_grand_total.suppressed:
                solver.force(("G",), fixed_grand_total.reason or SECONDARY)
            else:
                solver.locked.add(("G",))
        for j in hide_columns:
            for i in range(rows):
                solver.force(("C", i, j), SECONDARY)
            solver.force(("K", j), SECONDARY)
        solver.run()
        return solver.cells(self)

    def group_sizes(self, sizes: Mapping[str, int], total: int) -> dict[str, Cell]:
        """Sizes of exclusive groups adding up to a published total (schools in the
        partnership, scored pupils per school): a 1-D table with secondary suppression.
        The remainder (``total`` minus the groups) is a hidden cell of its own when it
        is not zero, so it protects nothing it should not."""
        keys = list(sizes)
        values = [int(sizes[k]) for k in keys]
        remainder = int(total) - sum(values)
        if remainder < 0:
            raise ValueError("group sizes add up to more than the total")
        if remainder:
            values.append(remainder)
        out = self.table([values], row_totals=True, column_totals=False, groups_in="columns")
        cells = {k: out.cells[0][i] for i, k in enumerate(keys)}
        cells["__total__"] = out.row_totals[0]
        return cells

    # --- quotes --------------------------------------------------------------------------

    def quotes(
        self,
        candidates: Iterable[Mapping[str, Any]],
        approved: set[tuple[Any, str]],
        group_sizes: Mapping[Any, int],
    ) -> list[Mapping[str, Any]]:
        """Quotes a person approved, from attribution groups of 10 or more.

        Each candidate has ``response_id``, ``question_id`` and ``group`` (the
        attribution group, e.g. audience and year-group band); ``approved`` holds the
        (response_id, question_id) pairs with an "approved" decision.
        """
        floor = self.quote_min_group
        return [
            c for c in candidates
            if (c["response_id"], c["question_id"]) in approved
            and group_sizes.get(c["group"], 0) >= floor
        ]


# --- the secondary suppression solver ----------------------------------------------------

_BIG = 10**12


class _Table:
    """Cells are keyed ("C", i, j) inner, ("R", i) row total, ("K", j) column total,
    ("G",) grand total. Equations are lists of (key, sign) summing to zero."""

    def __init__(self, grid: list[list[int]], threshold: int, row_totals: bool,
                 column_totals: bool, groups_in: str = "rows",
                 combined: list[list[int]] | None = None) -> None:
        self.t = threshold
        self.value: dict[tuple, int] = {}
        self.equations: list[list[tuple[tuple, int]]] = []
        #: indexes of equations whose inner cells are groups of people
        self.group_equations: set[int] = set()
        #: published elsewhere: never chosen for secondary suppression
        self.locked: set[tuple] = set()
        rows, cols = len(grid), len(grid[0]) if grid else 0
        for i in range(rows):
            for j in range(cols):
                self.value[("C", i, j)] = grid[i][j]
        if row_totals:
            for i in range(rows):
                self.value[("R", i)] = sum(grid[i])
                if groups_in == "columns":
                    self.group_equations.add(len(self.equations))
                self.equations.append([(("C", i, j), 1) for j in range(cols)] + [(("R", i), -1)])
        if column_totals:
            for j in range(cols):
                self.value[("K", j)] = sum(grid[i][j] for i in range(rows))
                if groups_in == "rows":
                    self.group_equations.add(len(self.equations))
                self.equations.append([(("C", i, j), 1) for i in range(rows)] + [(("K", j), -1)])
        if row_totals and column_totals:
            self.value[("G",)] = sum(map(sum, grid))
            self.equations.append([(("R", i), 1) for i in range(rows)] + [(("G",), -1)])
            self.equations.append([(("K", j), 1) for j in range(cols)] + [(("G",), -1)])
        # a combined figure: ("S", i, k) = the sum of row i's cells in set k, and
        # ("SK", k) the same over the column totals (the partnership's combined count)
        self.n_combined = len(combined or [])
        for k, columns in enumerate(combined or []):
            others = [j for j in range(cols) if j not in columns]
            for i in range(rows):
                self.value[("S", i, k)] = sum(grid[i][j] for j in columns)
                self.equations.append([(("C", i, j), 1) for j in columns]
                                      + [(("S", i, k), -1)])
                if row_totals:
                    # the row with the combined figure in place of its parts: bounds
                    # are worked out one equation at a time, so the attacker's
                    # "total minus the combined figure" is an equation of its own
                    self.equations.append([(("C", i, j), 1) for j in others]
                                          + [(("S", i, k), 1), (("R", i), -1)])
            if column_totals:
                self.value[("SK", k)] = sum(self.value[("S", i, k)] for i in range(rows))
                if groups_in == "rows":
                    self.group_equations.add(len(self.equations))
                self.equations.append([(("S", i, k), 1) for i in range(rows)]
                                      + [(("SK", k), -1)])
                self.equations.append([(("K", j), 1) for j in columns]
                                      + [(("SK", k), -1)])
                if row_totals:
                    self.equations.append([(("K", j), 1) for j in others]
                                          + [(("SK", k), 1), (("G",), -1)])
        if row_totals:
            self._joint_equations(combined or [], rows, cols, column_totals)
        self.status: dict[tuple, str | None] = {k: None for k in self.value}
        self.by_cell: dict[tuple, list[int]] = {k: [] for k in self.value}
        for e, eq in enumerate(self.equations):
            for key, _sign in eq:
                self.by_cell[key].append(e)

    def _joint_equations(self, combined: list[list[int]], rows: int, cols: int,
                         column_totals: bool) -> None:
        """Rows with several disjoint combined figures in place of their parts at once
        (a headline share and its complement): another equation an attacker has."""
        for size in range(2, len(combined) + 1):
            for family in itertools.combinations(range(len(combined)), size):
                sets = [set(combined[k]) for k in family]
                if sum(map(len, sets)) != len(set().union(*sets)):
                    continue  # overlapping sets do not add up like this
                rest = [j for j in range(cols) if not any(j in st for st in sets)]
                for i in range(rows):
                    self.equations.append([(("C", i, j), 1) for j in rest]
                                          + [(("S", i, k), 1) for k in family]
                                          + [(("R", i), -1)])
                if column_totals:
                    self.equations.append([(("K", j), 1) for j in rest]
                                          + [(("SK", k), 1) for k in family]
                                          + [(("G",), -1)])

    def force(self, key: tuple, reason: str) -> None:
        if key in self.status:
            self.status[key] = reason

    def run(self) -> None:
        for key, v in self.value.items():
            if self.status[key] is None and v < self.t:
                self.status[key] = PRIMARY
        # A row or column whose total is hidden as small hides all its cells: a cell of
        # a group under the threshold is itself from a group under the threshold.
        for key in list(self.value):
            if key[0] in ("R", "K", "G") and self.status[key] == PRIMARY:
                for e in self.by_cell[key]:
                    if (key, -1) not in self.equations[e]:
                        continue  # only the cells this total is the total of
                    for other, _sign in self.equations[e]:
                        if self.status[other] is None:
                            self.status[other] = PRIMARY if self.value[other] < self.t \
                                else SECONDARY
        while True:
            pinned = self._pinned()
            if not pinned:
                return
            partner = None
            for key, equation in pinned:
                partner = self._partner(key, equation)
                if partner is not None:
                    break
            if partner is None:
                # every cell around the pinned ones is hidden: the value follows from
                # cells further away, so hide the smallest published cell that shares
                # an equation with any hidden cell
                partner = self._partner_anywhere()
            if partner is None:
                return
            self.status[partner] = SECONDARY

    def _bounds(self) -> dict[tuple, list[int]]:
        b: dict[tuple, list[int]] = {}
        for key, v in self.value.items():
            s = self.status[key]
            if s is None:
                b[key] = [v, v]
            elif s == PRIMARY:
                b[key] = [0, self.t - 1]
            else:
                b[key] = [self.t, _BIG]
        changed = True
        rounds = 0
        while changed and rounds < 200:
            changed = False
            rounds += 1
            for eq in self.equations:
                for key, sign in eq:
                    if self.status[key] is None:
                        continue
                    lo_rest = hi_rest = 0
                    for other, osign in eq:
                        if other == key:
                            continue
                        olo, ohi = b[other]
                        if osign * sign > 0:
                            lo_rest += olo
                            hi_rest += ohi
                        else:
                            lo_rest -= ohi
                            hi_rest -= olo
                    # sign*x + (rest with signs relative to x) = 0  ->  x = -(rest)
                    new_lo, new_hi = -hi_rest, -lo_rest
                    cur = b[key]
                    if new_lo > cur[0]:
                        cur[0] = new_lo
                        changed = True
                    if new_hi < cur[1]:
                        cur[1] = new_hi
                        changed = True
        return b

    def _pinned(self) -> list[tuple[tuple, int | None]]:
        """Hidden cells that can be worked out, and hidden groups whose combined size
        is known and under the threshold (with the equation that shows it)."""
        bounds = self._bounds()
        out: list[tuple[tuple, int | None]] = []
        for key in sorted(self.value, key=_order):
            if self.status[key] is not None:
                lo, hi = bounds[key]
                if lo >= hi:
                    out.append((key, None))
        for e in sorted(self.group_equations):
            eq = self.equations[e]
            total = next(k for k, sign in eq if sign < 0)
            hidden = [k for k, _s in eq if k != total and self.status[k] is not None]
            if not hidden or self.status[total] is not None:
                continue
            known = sum(self.value[k] for k, _s in eq if k != total and self.status[k] is None)
            if 0 < self.value[total] - known < self.t:
                out.append((hidden[0], e))
        return out

    def _partner_anywhere(self) -> tuple | None:
        pool = {k for eq in self.equations if any(self.status[c] for c, _ in eq)
                for k, _ in eq if self.status[k] is None and k not in self.locked}
        if not pool:
            return None
        return min(pool, key=lambda k: (k[0] != "C", self.value[k], _order(k)))

    def _partner(self, key: tuple, equation: int | None = None) -> tuple | None:
        """The published cell to hide next: among cells sharing an equation with
        ``key`` (or in ``equation``), inner cells before totals (a total is published
        in other tables too), then the smallest."""
        eqs = [equation] if equation is not None else self.by_cell[key]
        if equation is None:
            # where the group's own row alone gives it away, hide another answer of
            # that row before any of a neighbour's
            own = [e for e in eqs if e not in self.group_equations
                   and any(k[0] == "R" for k, _s in self.equations[e])
                   and sum(1 for k, _s in self.equations[e] if self.status[k]) == 1
                   and any(k[0] == "C" and self.status[k] is None and k not in self.locked
                           for k, _s in self.equations[e])]
            eqs = own or eqs
        pool = {k for e in eqs for k, _ in self.equations[e]
                if self.status[k] is None and k not in self.locked}
        if not pool:
            return None
        return min(pool, key=lambda k: (k[0] != "C", self.value[k], _order(k)))

    def cells(self, policy: SuppressionPolicy) -> TableCells:
        def cell(key: tuple) -> Cell:
            s = self.status[key]
            return policy.hidden(s) if s else shown(self.value[key])

        rows = 1 + max((k[1] for k in self.value if k[0] == "C"), default=-1)
        cols = 1 + max((k[2] for k in self.value if k[0] == "C"), default=-1)
        none = Cell(None, "", True, NOT_PUBLISHED)
        return TableCells(
            cells=[[cell(("C", i, j)) for j in range(cols)] for i in range(rows)],
            row_totals=[cell(("R", i)) if ("R", i) in self.value else none
                        for i in range(rows)],
            column_totals=[cell(("K", j)) if ("K", j) in self.value else none
                           for j in range(cols)],
            grand_total=cell(("G",)) if ("G",) in self.value else none,
            combined=[[cell(("S", i, k)) for k in range(self.n_combined)]
                      for i in range(rows)],
            combined_totals=[cell(("SK", k)) if ("SK", k) in self.value else none
                             for k in range(self.n_combined)],
        )


def _order(key: tuple) -> tuple:
    return ({"C": 0, "R": 1, "K": 2, "G": 3, "S": 4, "SK": 5}[key[0]], *key[1:])
