"""An attacker with integer programming against everything one wave publishes.

The briefing, its appendix and the staff results pages print only cells of the
Summary (they compute no number of their own), so attacking every published cell of the
Summary attacks every table they show. The attacker knows the questionnaire (its
questions and answers), which schools took part and which of them are small (the
"other schools" label and the "left out" note say so), and reads:

- who took part, per school, the "other schools" row, and the total;
- one question's distribution, and the equity question's, per school, per "other
  schools", for the partnership and for each audience side by side: every answer's
  count, the base, the headline and complement counts, "no answer";
- the equity tables of that question and dimension, the partnership's and each
  school's: each group's size and headline count;
- for a score, its n per school, per "other schools" and for the partnership, and the
  equity mean tables' group sizes.

The unknowns are the true counts of the finest cells all those tables add up: (school,
answer to the question, answer to the equity question), or (school, scored or not,
answer to the equity question) for a score. Each published cell is an equation; a
cell hidden as small bounds its sum to 0..threshold-1. For every hidden cell, scipy's
``milp`` finds the smallest and largest values the published figures allow: equal
means the cell is pinned; a range narrower than the threshold, wholly off zero,
means it is narrowed to within the threshold.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

from westcc_voice.analysis.summary import OTHER_SCHOOLS, PARTNERSHIP, PREFER_NOT_TO_SAY
from westcc_voice.privacy.suppression import PRIMARY, Cell

BLANK = "(blank)"
NO_SCHOOL = None


@dataclass
class Attack:
    """Unknown counts (atoms), published equations, and the hidden cells to attack."""

    truth: dict[tuple, int]
    threshold: int
    rows: list[np.ndarray] = field(default_factory=list)
    lo: list[float] = field(default_factory=list)
    hi: list[float] = field(default_factory=list)
    targets: dict[frozenset, str] = field(default_factory=dict)
    labels: list[str] = field(default_factory=list)
    #: the atoms of every figure published as a number
    published: set[frozenset] = field(default_factory=set)

    def __post_init__(self):
        self.atoms = list(self.truth)
        self.index = {a: i for i, a in enumerate(self.atoms)}

    def _row(self, atoms: Iterable[tuple]) -> np.ndarray:
        row = np.zeros(len(self.atoms))
        for a in atoms:
            row[self.index[a]] = 1
        return row

    def read(self, label: str, atoms: Iterable[tuple], cell: Cell | None) -> None:
        """One published cell: its value is the sum of ``atoms``."""
        atoms = [a for a in atoms if a in self.index]
        if cell is None:
            return
        if cell.shown:
            if cell.value is None:   # "-": nothing to read
                return
            self.rows.append(self._row(atoms))
            self.lo.append(float(cell.value))
            self.hi.append(float(cell.value))
            self.labels.append(label)
            self.published.add(frozenset(atoms))
            return
        if cell.reason != PRIMARY:
            return   # hidden to protect a small cell: it is the small cells we attack
        self.rows.append(self._row(atoms))
        self.lo.append(0)
        self.hi.append(self.threshold - 1)
        self.labels.append(label)
        key = frozenset(atoms)
        if key:
            self.targets.setdefault(key, label)

    def check(self) -> None:
        """The truth must satisfy every equation, or the model misreads a table."""
        x = np.array([self.truth[a] for a in self.atoms], dtype=float)
        for row, lo, hi, label in zip(self.rows, self.lo, self.hi, self.labels,
                                      strict=True):
            v = float(row @ x)
            assert lo - 1e-9 <= v <= hi + 1e-9, f"{label}: truth {v}, read {lo}..{hi}"

    def run(self) -> tuple[dict[str, int], dict[str, tuple[int, int]], int]:
        """({hidden cell: the value it is pinned to}, {hidden cell: (low, high) when
        narrowed to within the threshold}, how many hidden cells were attacked)."""
        self.check()
        cons = LinearConstraint(np.array(self.rows), self.lo, self.hi)
        bounds = Bounds(0, sum(self.truth.values()))
        integrality = np.ones(len(self.atoms))
        pinned, narrowed = {}, {}
        # a figure hidden in one table and printed in another (the equity tables' "did
        # not say" group is the question's own "no answer") is not worked out: it is
        # published, by the rule for "no answer" counts
        for atoms, label in [(a, b) for a, b in self.targets.items()
                             if a not in self.published]:
            c = self._row(atoms)
            low = milp(c, constraints=cons, bounds=bounds, integrality=integrality)
            high = milp(-c, constraints=cons, bounds=bounds, integrality=integrality)
            assert low.status == 0 and high.status == 0, label
            a, b = round(low.fun), round(-high.fun)
            if a == b:
                pinned[label] = a
            elif a > 0 and b - a + 1 < self.threshold:
                narrowed[label] = (a, b)
        return pinned, narrowed, len(self.targets) - len(self.published & set(self.targets))


# --- who is where ---------------------------------------------------------------------


def school_groups(threshold: int, truth_schools: dict) -> dict:
    """Group key -> the schools it adds up, as the attacker reads them: each school shown
    on its own, "other schools" (the small ones together), and the partnership (the
    groups shown; small schools left out when even together they are small)."""
    small = [s for s, n in truth_schools.items() if 0 < n < threshold]
    pooled = small if sum(truth_schools[s] for s in small) >= threshold else []
    shown_schools = [s for s, n in truth_schools.items() if n >= threshold]
    groups = {f"school:{s}": [s] for s in shown_schools if s is not NO_SCHOOL}
    if NO_SCHOOL in shown_schools:
        groups["no_school"] = [NO_SCHOOL]
    if pooled:
        groups[OTHER_SCHOOLS] = pooled
    groups[PARTNERSHIP] = shown_schools + pooled
    groups["__all__"] = list(truth_schools)
    return groups


def _category(value) -> object:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return BLANK
    return value


def answers_of(frame, survey_key: str, qid: str, rows: np.ndarray) -> list:
    info = frame.surveys[survey_key]
    series = frame.data[info.column_names[qid]]
    return [_category(v) for v in series.to_numpy(dtype=object)[rows]]


def options(frame, survey_key: str, qid: str) -> list:
    q = frame.surveys[survey_key].questions[qid]
    return [o["value"] for o in q.get("options") or []] + [PREFER_NOT_TO_SAY, BLANK]


# --- reading the Summary ----------------------------------------------------------------


def read_distributions(attack: Attack, label: str, dists: Sequence, groups: dict,
                       match, cats: list, filtered: bool, group_of=None,
                       did_not_say: bool = False) -> None:
    """A question's distributions: ``match(school, category)`` picks the atoms of a
    school with that answer to the question."""
    for dist in dists:
        members = groups.get(group_of(dist.group) if group_of else dist.group)
        if members is None:
            continue

        def atoms(wanted, members=members):
            return [a for s in members for c in wanted for a in match(s, c)]

        where = f"{label} {dist.group}"
        answered = [c for c in cats if c != BLANK]
        attack.read(f"{where} n", atoms(answered), dist.n)
        for cat in dist.categories:
            attack.read(f"{where} ‘{cat.value}’", atoms([cat.value]), cat.count)
        if dist.headline_values:
            attack.read(f"{where} headline", atoms(dist.headline_values),
                        dist.headline_count)
        if dist.complement_values:
            attack.read(f"{where} complement", atoms(dist.complement_values),
                        dist.complement_count)
        if not filtered:   # on a question that sorts into equity groups, "prefer not
            # to say" is set aside with "no answer"
            attack.read(f"{where} no answer",
                        atoms([BLANK, PREFER_NOT_TO_SAY] if did_not_say else [BLANK]),
                        dist.no_answer)


def read_respondents(attack: Attack, summary, survey_key: str, groups: dict, atoms_of):
    survey = next(s for s in summary.surveys if s.key == survey_key)
    attack.read("respondents total", atoms_of(groups[PARTNERSHIP]), survey.respondents.n)
    for cat in survey.respondents.categories:
        members = groups.get(cat.value)
        if members is None and str(cat.value).startswith("school:"):
            members = [cat.value.split(":", 1)[1]]   # a small school: "fewer than 10"
        if members is not None:
            attack.read(f"respondents {cat.value}", atoms_of(members), cat.count)


def item_of(summary, survey_key: str, qid: str):
    survey = next(s for s in summary.surveys if s.key == survey_key)
    return next(i for i in survey.items if i.question_id == qid)


def shared_distributions(summary, survey_key: str, qid: str) -> list:
    """The question's partnership figures as an audience, side by side with others."""
    out = []
    for ind in summary.shared:
        for w in ind.wordings:
            if w.survey_key == survey_key and w.question_id == qid:
                out += [d for d in ind.distributions if d.group == w.group]
    return out


def _wave_rows(frame, survey_key: str, wave: str) -> np.ndarray:
    data = frame.data
    return np.flatnonzero((data["wave"].to_numpy(dtype=object) == wave)
                          & (data["survey_key"].to_numpy(dtype=object) == survey_key))


def _start(summary, frame, survey_key: str, rows: np.ndarray, firsts: list,
           first_cats: list, dq: str, threshold: int):
    """The true counts of (school, ``firsts``' category, answer to ``dq``), the attack
    on them, the schools each group adds up, and who took part read in."""
    schools = frame.data["school"].to_numpy(dtype=object)[rows]
    d_ans = answers_of(frame, survey_key, dq, rows)
    school_list = list(dict.fromkeys(schools))
    truth = {(s, a, b): 0 for s in school_list for a in first_cats
             for b in options(frame, survey_key, dq)}
    for s, a, b in zip(schools, firsts, d_ans, strict=True):
        truth[(s, a, b)] += 1
    attack = Attack(truth, threshold)
    groups = school_groups(threshold, {s: int((schools == s).sum()) for s in school_list})

    def atoms_of(members):
        return [a for a in truth if a[0] in members]

    read_respondents(attack, summary, survey_key, groups, atoms_of)
    return attack, truth, groups, atoms_of


def share_attack(summary, frame, *, survey_key: str, question: str, dimension: dict,
                 threshold: int, wave: str, equity_partnership: str = PARTNERSHIP
                 ) -> Attack:
    """Every published table that adds up (school, answer to ``question``, answer to the
    dimension's one question) for one questionnaire and wave."""
    (dq,) = dimension["questions"]
    rows = _wave_rows(frame, survey_key, wave)
    q_cats, d_cats = options(frame, survey_key, question), options(frame, survey_key, dq)
    attack, truth, groups, atoms_of = _start(
        summary, frame, survey_key, rows, answers_of(frame, survey_key, question, rows),
        q_cats, dq, threshold)
    questions = frame.surveys[survey_key].questions
    for qid, pos, cats in ((question, 1, q_cats), (dq, 2, d_cats)):
        item = item_of(summary, survey_key, qid)
        filtered = bool(questions[qid].get("show_if"))

        def match(s, c, pos=pos):
            return [a for a in truth if a[0] == s and a[pos] == c]

        read_distributions(attack, qid, item.distributions, groups, match, cats, filtered,
                           did_not_say=item.did_not_say)
        read_distributions(attack, f"{qid} side by side",
                           shared_distributions(summary, survey_key, qid), groups, match,
                           cats, filtered, group_of=lambda _g: PARTNERSHIP,
                           did_not_say=item.did_not_say)

    item = item_of(summary, survey_key, question)
    top = set(item.headline)
    spec = dimension["groups"]

    def in_group(g: int, b) -> bool:
        if g >= len(spec):   # did not say
            return b in (BLANK, PREFER_NOT_TO_SAY)
        rule = spec[g]
        if b in (BLANK, PREFER_NOT_TO_SAY):
            return False
        if rule.get("rule") == "answers":
            return b in rule["value"].get(dq, [])
        return rule.get("rule") == "otherwise" and not any(
            in_group(h, b) for h in range(len(spec)) if h != g and
            spec[h].get("rule") != "otherwise")

    for t in summary.equity:
        if t.measure != "share" or t.survey != survey_key or t.question != question \
                or t.dimension != dimension["id"]:
            continue
        members = groups[equity_partnership] if t.scope == PARTNERSHIP \
            else [t.scope.split(":", 1)[1]]
        for g, grp in enumerate(t.groups):
            in_g = [a for a in truth if a[0] in members and in_group(g, a[2])]
            attack.read(f"equity {t.scope} {grp.key} n", in_g, grp.n)
            attack.read(f"equity {t.scope} {grp.key} headline",
                        [a for a in in_g if a[1] in top], grp.count)
        if not any(not g.named for g in t.groups):   # no "did not say" row: nobody
            attack.read(f"equity {t.scope} nobody did not say",
                        [a for a in truth if a[0] in members and in_group(len(spec), a[2])],
                        Cell(0, "0"))
    return attack


def mean_attack(summary, frame, values: np.ndarray, *, audience: str, survey_key: str,
                score_id: str, dimension: dict, threshold: int, wave: str,
                equity_partnership: str = PARTNERSHIP) -> Attack:
    """Every published table that adds up (school, scored or not, answer to the
    dimension's question) for a score carried by one questionnaire."""
    (dq,) = dimension["questions"]
    rows = _wave_rows(frame, survey_key, wave)
    scored = ~np.isnan(values[rows])
    d_cats = options(frame, survey_key, dq)
    attack, truth, groups, _atoms_of = _start(
        summary, frame, survey_key, rows, [bool(k) for k in scored], [True, False], dq,
        threshold)
    schools = frame.data["school"].to_numpy(dtype=object)[rows]
    school_list = list(dict.fromkeys(schools))
    item = item_of(summary, survey_key, dq)
    filtered = bool(frame.surveys[survey_key].questions[dq].get("show_if"))
    read_distributions(attack, dq, item.distributions, groups,
                       lambda s, c: [a for a in truth if a[0] == s and a[2] == c], d_cats,
                       filtered, did_not_say=item.did_not_say)
    # the score's n: its own groups (scored pupils; small schools pooled or left out
    # by their scored counts)
    score = next(s for s in summary.scores if s.audience == audience and s.score_id == score_id)
    scored_per_school = {s: int(((schools == s) & scored).sum()) for s in school_list}
    score_groups = _score_groups(score, threshold, scored_per_school)
    for est in score.estimates:
        members = score_groups.get(est.group)
        if members is not None:
            attack.read(f"{score_id} n {est.group}",
                        [a for a in truth if a[0] in members and a[1]], est.n)
    spec = dimension["groups"]

    def in_group(g: int, b) -> bool:
        if g >= len(spec):
            return b in (BLANK, PREFER_NOT_TO_SAY)
        return b not in (BLANK, PREFER_NOT_TO_SAY) and b in spec[g]["value"].get(dq, [])

    for t in summary.equity:
        if t.measure != "mean" or t.question != score_id or t.dimension != dimension["id"]:
            continue
        members = score_groups[equity_partnership] if t.scope == PARTNERSHIP \
            else [t.scope.split(":", 1)[1]]
        for g, grp in enumerate(t.groups):
            attack.read(f"{score_id} equity {t.scope} {grp.key} n",
                        [a for a in truth if a[0] in members and a[1] and in_group(g, a[2])],
                        grp.n)
        if not any(not g.named for g in t.groups):
            attack.read(f"{score_id} equity {t.scope} nobody did not say",
                        [a for a in truth if a[0] in members and a[1]
                         and in_group(len(spec), a[2])], Cell(0, "0"))
    return attack


def _score_groups(score, threshold: int, scored: dict) -> dict:
    small = [s for s, n in scored.items() if 0 < n < threshold]
    pooled = small if sum(scored[s] for s in small) >= threshold else []
    shown_schools = [s for s, n in scored.items() if n >= threshold]
    groups = {f"school:{s}": [s] for s in shown_schools}
    if pooled:
        groups[OTHER_SCHOOLS] = pooled
    groups[PARTNERSHIP] = shown_schools + pooled
    groups["__all__"] = list(scored)
    return groups
