"""A realistic, hand-made Summary for briefing tests (no database, no analysis code).

Seven schools like the demo's, one of them (Wingrove) too small to show; two waves;
pupils, parents and community; faces, yes/no, tick-all, pick-one and number questions;
ONS4 items and SWEMWBS with bands, school comparisons and trends; coded free text with
approved quotes (one in Arabic, one trying to smuggle in HTML and CSS). Every number goes
through the real SuppressionPolicy, so hidden cells look exactly as the analysis makes
them. Builders are small functions so a test can craft the one case it needs.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence

from westcc_voice.analysis.build import DOMAIN_NAMES
from westcc_voice.analysis.summary import (
    NO_ANSWER,
    NO_SCHOOL,
    PARTNERSHIP,
    PREFER_NOT_TO_SAY,
    Category,
    Comparison,
    Distribution,
    DomainIndex,
    Estimate,
    Group,
    ItemSummary,
    Method,
    Quote,
    Scope,
    ScoreSummary,
    SharedIndicator,
    Summary,
    SurveySummary,
    TextGroup,
    TextSummary,
    ThemeCount,
    Trend,
    audience_key,
    rest_key,
    school_key,
    wave_key,
)
from westcc_voice.privacy.suppression import SECONDARY, Cell, SuppressionPolicy, shown

POLICY = SuppressionPolicy()
PARTNERSHIP_LABEL = "All WEST schools"

#: code, name, pupils, parents, wellbeing shift
SCHOOLS = [
    ("tyneview", "Tyneview Primary", 160, 60, 0.3),
    ("cruddas", "Cruddas Park Primary", 140, 48, -0.2),
    ("hadrian", "Hadrian Fields Primary", 120, 41, 0.1),
    ("bentinck", "Bentinck Road Primary", 110, 35, -0.6),
    ("scotswood", "Scotswood Village Primary", 95, 22, 0.0),
    ("riverside", "Elswick Riverside Primary", 130, 44, 0.2),
    ("wingrove", "Wingrove Nursery and Primary", 6, 3, 0.0),
]
SMALL_SCHOOL = "wingrove"
ARABIC_QUOTE = "أطفالي سعداء في المدرسة"
MALICIOUS_QUOTE = ('<img src="http://evil.example/x.png"> <a href="file:///etc/passwd">x</a> '
                   '<style>body{background:url(http://evil.example/bg.png)}</style>')
QUOTES = [
    Quote("The teachers help me when I'm stuck and the park near school is canny.",
          "pupil", "Years 3 to 6", ["Teachers and school support"]),
    Quote("More clubs after school please, there is nowhere to play.", "pupil",
          "Years 3 to 6", ["Clubs, activities and things to do"]),
    Quote(ARABIC_QUOTE, "parent", None, ["Happiness"]),
    Quote(MALICIOUS_QUOTE, "parent", None, []),
]


# --- cells -------------------------------------------------------------------------------


def hidden(reason: str = "small_group") -> Cell:
    return POLICY.hidden(reason)


def group_names() -> dict[str, str]:
    return {school_key(code): name for code, name, *_ in SCHOOLS}


def table_distributions(counts: dict[str, Sequence[int]], categories: Sequence[tuple],
                        *, partnership: bool = True) -> list[Distribution]:
    """Distributions for the groups in ``counts`` (exclusive answers) plus the
    partnership, suppressed as one table the way the analysis does: a "no answer"
    category is set aside from the base and counted apart."""
    keys = list(counts)
    skip = [j for j, c in enumerate(categories) if c[0] == NO_ANSWER]
    kept = [c for j, c in enumerate(categories) if j not in skip]
    table = POLICY.table([[v for j, v in enumerate(counts[k]) if j not in skip]
                          for k in keys], row_totals=True, column_totals=True)
    names = {**group_names(), NO_SCHOOL: "Partnership-wide links (no school)"}
    missing = {k: sum(counts[k][j] for j in skip) for k in keys}
    out = []
    if partnership:
        out.append(_dist(PARTNERSHIP, PARTNERSHIP_LABEL, table.grand_total,
                         table.column_totals, kept))
        if skip:
            out[-1].no_answer = _skipped(sum(missing.values()), table.grand_total)
    for i, key in enumerate(keys):
        out.append(_dist(key, names.get(key, key), table.row_totals[i], table.cells[i],
                         kept))
        if skip:
            out[-1].no_answer = _skipped(missing[key], table.row_totals[i])
    return out


def _skipped(count: int, base: Cell) -> Cell:
    return POLICY.hidden("secondary") if base.suppressed else Cell(count, str(count))


def _dist(key: str, label: str, n: Cell, cells: Sequence[Cell],
          categories: Sequence[tuple]) -> Distribution:
    cats = [Category(value, lbl, cell, POLICY.percent(cell, n), substantive)
            for (value, lbl, substantive), cell in zip(categories, cells, strict=True)]
    return Distribution(key, label, n, cats, POLICY.small_group_warning(n.value))


def distribution(key: str, label: str, counts: Sequence[int],
                 categories: Sequence[tuple]) -> Distribution:
    """One group's distribution on its own (shared indicators, trends)."""
    skip = [j for j, c in enumerate(categories) if c[0] == NO_ANSWER]
    table = POLICY.distribution([v for j, v in enumerate(counts) if j not in skip])
    dist = _dist(key, label, table.row_totals[0], table.cells[0],
                 [c for j, c in enumerate(categories) if j not in skip])
    if skip:
        dist.no_answer = _skipped(sum(counts[j] for j in skip), dist.n)
    return dist


def estimate(key: str, label: str, n: int | Cell, mean: float, sd: float,
             decimals: int = 1) -> Estimate:
    n_cell = n if isinstance(n, Cell) else POLICY.count(n)
    half = 1.96 * sd / math.sqrt(max(n_cell.value or 1, 1))
    return Estimate(key, label, n_cell,
                    POLICY.statistic(mean, n_cell, decimals),
                    POLICY.statistic(sd, n_cell, decimals),
                    POLICY.statistic(mean - half, n_cell, decimals),
                    POLICY.statistic(mean + half, n_cell, decimals),
                    POLICY.small_group_warning(n_cell.value))


def comparison(subject: str, reference: str, label: str, higher_is_better: bool = True,
               difference: float = 0.0, kind: str = "school_vs_rest",
               warnings: list[str] | None = None) -> Comparison:
    if label == "not_compared":
        h = hidden(SECONDARY)
        return Comparison(kind, subject, reference, "welch_difference_ci", label, label, h, h,
                          h, [], "Not compared: a group has fewer than 10 responses.")
    direction = {"similar": "no_clear_difference",
                 "above": "better" if higher_is_better else "worse",
                 "below": "worse" if higher_is_better else "better"}[label]
    return Comparison(kind, subject, reference, "welch_difference_ci", label, direction,
                      shown(round(difference, 3), f"{difference:+.1f}"),
                      shown(round(difference - 0.4, 3), f"{difference - 0.4:+.1f}"),
                      shown(round(difference + 0.4, 3), f"{difference + 0.4:+.1f}"),
                      warnings or [])


# --- parts -------------------------------------------------------------------------------

FACES = [(1, "Really sad", True), (2, "Sad", True), (3, "OK", True), (4, "Happy", True),
         (5, "Really happy", True), (PREFER_NOT_TO_SAY, "Prefer not to say", False),
         (NO_ANSWER, "No answer", False)]
YES_NO = [("yes", "Yes", True), ("no", "No", True), (NO_ANSWER, "No answer", False)]
AGREE = [(1, "Strongly disagree", True), (2, "Disagree", True),
         (3, "Neither agree nor disagree", True), (4, "Agree", True),
         (5, "Strongly agree", True), (NO_ANSWER, "No answer", False)]
CAREERS = [("health", "Health and care", True), ("science", "Science and technology", True),
           ("creative", "Creative arts and media", True), ("trades", "Building and trades", True),
           ("not_sure", "Not sure yet", True), (NO_ANSWER, "No answer", False)]
ACTIVITIES = [("sport", "Sport", True), ("music", "Music or drama", True),
              ("youth_club", "Youth club", True), ("library", "Library", True),
              (NO_ANSWER, "No answer", False)]


def _split(rng: random.Random, n: int, weights: Sequence[float]) -> list[int]:
    """``n`` people over categories in proportion to ``weights`` (deterministic)."""
    total = sum(weights)
    raw = [n * w / total for w in weights]
    counts = [int(x) for x in raw]
    order = sorted(range(len(raw)), key=lambda i: raw[i] - counts[i], reverse=True)
    for i in order[: n - sum(counts)]:
        counts[i] += 1
    return counts


def item(survey_key: str, qid: str, text: str, type_: str, kind: str, tags: list[str],
         categories: Sequence[tuple], weights: Sequence[float], sizes: dict[str, int],
         rng: random.Random, *, shift_weights: bool = True, trend: Trend | None = None,
         multiple: bool = False) -> ItemSummary:
    counts = {}
    for key, n in sizes.items():
        w = list(weights)
        if shift_weights and key.startswith("school:"):
            w = [max(0.05, x * (1 + rng.uniform(-0.25, 0.25))) for x in w]
        counts[key] = _split(rng, n, w)
    if multiple:
        dists = _multi(counts, categories, sizes)
    else:
        dists = table_distributions(counts, categories)
    return ItemSummary(survey_key, qid, text, type_, kind, tags, f"h-{qid}", multiple,
                       dists, [], trend)


def _multi(counts: dict[str, Sequence[int]], categories: Sequence[tuple],
           sizes: dict[str, int]) -> list[Distribution]:
    keys = list(counts)
    table = POLICY.table([list(counts[k]) for k in keys], row_totals=False,
                         column_totals=True)
    bases = POLICY.group_sizes(sizes, sum(sizes.values()))
    total = bases.pop("__total__")
    names = group_names()
    out = [_dist(PARTNERSHIP, PARTNERSHIP_LABEL, total, table.column_totals, categories)]
    for i, key in enumerate(keys):
        out.append(_dist(key, names.get(key, key), bases[key], table.cells[i], categories))
    return out


def respondents(sizes: dict[str, int]) -> Distribution:
    cells = POLICY.group_sizes(sizes, sum(sizes.values()))
    total = cells.pop("__total__")
    names = {**group_names(), NO_SCHOOL: "Partnership-wide links (no school)"}
    return Distribution(PARTNERSHIP, PARTNERSHIP_LABEL, total, [
        Category(k, names.get(k, k), cells[k], POLICY.percent(cells[k], total))
        for k in sizes], POLICY.small_group_warning(total.value))


def themes_group(key: str, label: str, n: int, themes: Sequence[tuple[str, str, list[str],
                                                                  float]],
                 quotes: Sequence[Quote] = ()) -> TextGroup:
    n_cell = POLICY.count(n)
    answers = Distribution(key, label, n_cell, [
        Category("to_code", "Answers coded for themes", n_cell, POLICY.percent(n_cell, n_cell)),
    ], POLICY.small_group_warning(n))
    counts = []
    for theme, theme_label, tags, share in themes:
        c = POLICY.count(round(n * share))
        counts.append(ThemeCount(theme, theme_label, tags, c, POLICY.percent(c, n_cell),
                                 POLICY.statistic(0.1, c, 2)))
    return TextGroup(key, label, answers, counts, list(quotes))


# --- the whole ---------------------------------------------------------------------------


def make_summary(*, seed: int = 2026, previous_wave: bool = True,
                 quotes: Sequence[Quote] = tuple(QUOTES)) -> Summary:
    """The demo-like partnership Summary used across the briefing tests."""
    rng = random.Random(seed)
    names = group_names()
    pupil_sizes = {school_key(c): p for c, _n, p, _par, _s in SCHOOLS}
    parent_sizes = {school_key(c): par for c, _n, _p, par, _s in SCHOOLS}
    community_sizes = {school_key("tyneview"): 25, school_key("cruddas"): 18,
                       NO_SCHOOL: 64}
    prev = "2025-summer" if previous_wave else None
    prev_name = "Summer 2025" if previous_wave else None

    def trend_for(categories, weights, n) -> Trend | None:
        if not previous_wave:
            return None
        return Trend(prev, prev_name, True, "", previous_distributions=[
            distribution(PARTNERSHIP, PARTNERSHIP_LABEL, _split(rng, n, weights), categories)])

    school_feel = item("pupils-7-11", "school_feel", "How do you feel about school?", "faces",
                       "ordinal", ["cc.wellbeing", "west.emotional_wellbeing"], FACES,
                       [3, 6, 20, 40, 28, 1, 2], pupil_sizes, rng,
                       trend=trend_for(FACES, [4, 8, 24, 38, 22, 1, 3], 640))
    safe_area = item("pupils-7-11", "safe_area", "Do you feel safe in the area where you live?",
                     "yes_no", "nominal", ["cc.community", "west.tolerant_community"], YES_NO,
                     [74, 22, 4], pupil_sizes, rng, trend=trend_for(YES_NO, [70, 26, 4], 640))
    belong = item("pupils-7-11", "belong", "I feel I belong at my school.", "agreement",
                  "ordinal", ["cc.social", "west.tolerant_community"], AGREE,
                  [4, 6, 18, 42, 27, 3], pupil_sizes, rng,
                  trend=Trend(prev, prev_name, False,
                              f"Not compared with {prev_name}: the wording changed.")
                  if previous_wave else None)
    activities = item("pupils-7-11", "activities", "What do you do outside school? Choose all "
                      "that you do.", "multiple_choice", "multi", ["cc.social", "cc.community"],
                      ACTIVITIES, [45, 20, 15, 25, 8], pupil_sizes, rng, multiple=True)
    sleep = ItemSummary("pupils-7-11", "sleep_hours", "On a school night, about how many hours "
                        "of sleep do you usually get?", "number", "numeric", ["cc.wellbeing"],
                        "h-sleep", False, [], [
                            estimate(PARTNERSHIP, PARTNERSHIP_LABEL, sum(pupil_sizes.values()),
                                     9.4, 1.2),
                            *[estimate(k, names[k], n, 9.4 + rng.uniform(-0.4, 0.4), 1.2)
                              for k, n in pupil_sizes.items()]])
    careers = item("pupils-7-11", "career_area", "Which kind of work are you most interested "
                   "in for the future?", "single_choice", "nominal",
                   ["west.aspirations", "cc.employment"], CAREERS, [22, 25, 18, 14, 17, 4],
                   pupil_sizes, rng)
    pupil_texts = [
        TextSummary("pupils-7-11", "future_job", "What would you like to do when you are "
                    "older?", ["west.aspirations", "cc.employment"], "aspirations", [
                        themes_group(PARTNERSHIP, PARTNERSHIP_LABEL, 520, [
                            ("health_care", "Health and care", ["cc.employment"], 0.24),
                            ("science_tech", "Science and technology", ["cc.employment"], 0.2),
                            ("sport", "Sport and fitness", ["cc.employment"], 0.17),
                            ("creative", "Creative arts and media", ["cc.employment"], 0.12),
                            ("rare", "Space and astronomy", ["cc.employment"], 0.01)]),
                        themes_group(school_key("tyneview"), names[school_key("tyneview")], 110,
                                     [("health_care", "Health and care", ["cc.employment"], 0.3),
                                      ("science_tech", "Science and technology",
                                       ["cc.employment"], 0.18)]),
                    ], sentiment_note="Polarity is a triage signal, not a finding."),
        TextSummary("pupils-7-11", "anything_else", "Is there anything else you want to tell "
                    "us?", ["cc.wellbeing", "west.emotional_wellbeing"], "themes", [
                        themes_group(PARTNERSHIP, PARTNERSHIP_LABEL, 300, [
                            ("activities_clubs", "Clubs, activities and things to do",
                             ["cc.community", "cc.social"], 0.21),
                            ("teachers", "Teachers and school support", ["cc.learning"], 0.16),
                            ("bullying", "Bullying", ["cc.social"], 0.05)],
                            quotes=[q for q in quotes if q.audience == "pupil"]),
                        themes_group(school_key("tyneview"), names[school_key("tyneview")], 64, [
                            ("activities_clubs", "Clubs, activities and things to do",
                             ["cc.community", "cc.social"], 0.25)],
                            quotes=[q for q in quotes if q.audience == "pupil"][:1]),
                    ]),
    ]
    pupils = SurveySummary(
        "pupils-7-11", "Your school, your area (Years 3 to 6)", "pupil", [1],
        respondents(pupil_sizes),
        distribution(PARTNERSHIP, PARTNERSHIP_LABEL, [sum(pupil_sizes.values())],
                     [("Years 3 to 6", "Years 3 to 6", True)]),
        [school_feel, safe_area, belong, activities, sleep, careers], pupil_texts)
    parent_safe = item("parents", "safe_area", "Do you feel safe in the area where you live?",
                       "yes_no", "nominal", ["cc.community", "west.tolerant_community"], YES_NO,
                       [64, 31, 5], parent_sizes, rng)
    child_happy = item("parents", "child_happy", "My child is happy at school.", "agreement",
                       "ordinal", ["cc.wellbeing", "west.emotional_wellbeing"], AGREE,
                       [3, 5, 12, 45, 33, 2], parent_sizes, rng)
    parents = SurveySummary(
        "parents", "Parents and carers", "parent", [1], respondents(parent_sizes), None,
        [parent_safe, child_happy],
        [TextSummary("parents", "help_other", "What else would help your family?",
                     ["west.inequality", "cc.community"], "themes", [
                         themes_group(PARTNERSHIP, PARTNERSHIP_LABEL, 180, [
                             ("money", "Money and the cost of living", ["west.inequality"],
                              0.3)], quotes=[q for q in quotes if q.audience == "parent"])])])
    community = SurveySummary(
        "community", "Community", "community", [1], respondents(community_sizes), None,
        [item("community", "get_on", "This area is a place where people from different "
              "backgrounds get on well together.", "agreement", "ordinal",
              ["west.tolerant_community", "cc.community"], AGREE, [6, 12, 25, 38, 15, 4],
              community_sizes, rng)], [])

    scores = [
        _score("ons4.happiness", "ons4", "happiness", "ONS personal well-being: happiness",
               "pupil", ["cc.wellbeing", "west.emotional_wellbeing"], pupil_sizes, 7.2, 0, 10,
               rng, previous_wave=previous_wave, prev=(prev, prev_name), labels=names,
               verdicts={"tyneview": "similar", "bentinck": "below", "riverside": "above"}),
        _score("swemwbs", "swemwbs", None, "Short Warwick-Edinburgh Mental Wellbeing Scale",
               "pupil", ["cc.wellbeing", "west.emotional_wellbeing"], pupil_sizes, 23.4, 7, 35,
               rng, previous_wave=previous_wave, prev=(prev, prev_name), labels=names,
               verdicts={"tyneview": "above", "bentinck": "below"}, bands=False, decimals=2),
        _score("ons4.happiness", "ons4", "happiness", "ONS personal well-being: happiness",
               "parent", ["cc.wellbeing", "west.emotional_wellbeing"], parent_sizes, 6.8, 0, 10,
               rng, previous_wave=previous_wave, prev=(prev, prev_name), labels=names,
               verdicts={"tyneview": "similar"}),
        _score("ons4.anxiety", "ons4", "anxiety", "ONS personal well-being: anxiety", "parent",
               ["cc.wellbeing", "west.emotional_wellbeing"], parent_sizes, 3.6, 0, 10, rng,
               previous_wave=previous_wave, prev=(prev, prev_name), labels=names,
               verdicts={"tyneview": "below"}, higher_is_better=False,
               band_labels=["Very low", "Low", "Medium", "High"]),
    ]
    shared = [
        SharedIndicator("ons4.happiness", "ONS personal well-being: happiness", "score",
                        ["cc.wellbeing"], estimates=[
                            _relabel(scores[0].estimates[0], "pupil", "Pupils"),
                            _relabel(scores[2].estimates[0], "parent", "Parents and carers")]),
        SharedIndicator("safe_area", "Do you feel safe in the area where you live?", "item",
                        ["cc.community"], distributions=[
                            _relabel(parent_safe.distributions[0], "parent",
                                     "Parents and carers"),
                            _relabel(safe_area.distributions[0], "pupil", "Pupils")]),
    ]
    summary = Summary(
        scope=Scope("2026-autumn", "Autumn 2026", prev, prev_name,
                    [c for c, *_ in SCHOOLS], {c: n for c, n, *_ in SCHOOLS},
                    ["pupil", "parent", "community"], ["pupils-7-11", "parents", "community"],
                    "2026-11-23"),
        method=Method(10, 30, 10, 0.95, "welch_difference_ci",
                      "A group is 'above' or 'below' the group it is compared with when the 95% "
                      "confidence interval of the difference between their means lies wholly "
                      "above or wholly below zero; otherwise the two are 'similar'.",
                      ["Any figure from fewer than 10 people is shown as 'fewer than 10'.",
                       "Means come with 95% confidence intervals from the t-distribution."]),
        groups=[Group(PARTNERSHIP, "partnership", PARTNERSHIP_LABEL),
                *[Group(k, "school", v) for k, v in names.items()],
                Group(NO_SCHOOL, "no_school", "Partnership-wide links (no school)"),
                *[Group(rest_key(c), "rest_of_partnership", f"Rest of the partnership "
                        f"(without {n})") for c, n, *_ in SCHOOLS],
                Group(audience_key("pupil"), "audience", "Pupils"),
                Group(audience_key("parent"), "audience", "Parents and carers")],
        surveys=[pupils, parents, community], scores=scores, shared=shared,
    )
    if previous_wave:
        summary.groups += [Group(wave_key("2025-summer"), "wave", "Summer 2025"),
                           Group(wave_key("2026-autumn"), "wave", "Autumn 2026")]
    summary.domains = domains(summary)
    return summary


def _relabel(part, audience: str, label: str):
    import dataclasses

    return dataclasses.replace(part, group=audience_key(audience), label=label)


def _score(score_id, scale_id, item_id, name, audience, tags, sizes, mean, lo, hi, rng, *,
           previous_wave, prev, labels, verdicts, bands=True, decimals=1,
           higher_is_better=True, band_labels=("Low", "Medium", "High", "Very high")):
    sd = (hi - lo) / 5
    cells = POLICY.group_sizes(sizes, sum(sizes.values()))
    total = cells.pop("__total__")
    ests = [estimate(PARTNERSHIP, PARTNERSHIP_LABEL, total, mean, sd, decimals)]
    ests += [estimate(k, labels[k], cells[k], mean + rng.uniform(-0.6, 0.6) * sd / 2, sd,
                      decimals) for k in sizes]
    band_dists = []
    if bands:
        cats = [(b, b, True) for b in band_labels]
        band_dists = table_distributions(
            {k: _split(rng, n, [8, 25, 38, 29]) for k, n in sizes.items()}, cats)
    comparisons = []
    for code, _name, *_rest in SCHOOLS:
        label = verdicts.get(code, "similar")
        if code == SMALL_SCHOOL:
            label = "not_compared"
        comparisons.append(comparison(school_key(code), rest_key(code), label,
                                      higher_is_better, {"above": 0.8, "below": -0.9}.get(
                                          label, 0.1)))
    trend = None
    if previous_wave:
        before = estimate(PARTNERSHIP, PARTNERSHIP_LABEL, 600, mean - 0.3, sd, decimals)
        trend = Trend(prev[0], prev[1], True, "", previous_estimates=[before], comparisons=[
            comparison(wave_key("2026-autumn"), wave_key(prev[0]), "above" if score_id ==
                       "ons4.happiness" and audience == "pupil" else "similar",
                       higher_is_better, 0.3, kind="wave_vs_wave")])
    return ScoreSummary(score_id, scale_id, item_id, name, audience, [], tags,
                        "separate" if item_id else "sum", lo, hi, higher_is_better,
                        "Higher is better." if higher_is_better else
                        "Higher means worse (the published orientation of this item is kept).",
                        decimals == 2, ests, band_dists, comparisons, trend)


def domains(summary: Summary) -> list[DomainIndex]:
    index: dict[str, DomainIndex] = {}

    def add(tags, attr, ref):
        for tag in tags:
            entry = index.setdefault(tag, DomainIndex(tag, DOMAIN_NAMES.get(tag, tag)))
            if ref not in getattr(entry, attr):
                getattr(entry, attr).append(ref)

    for survey in summary.surveys:
        for it in survey.items:
            add(it.tags, "items", it.ref)
        for text in survey.texts:
            add(text.tags, "texts", text.ref)
            for theme in text.groups[0].themes if text.groups else []:
                add(theme.tags, "themes", f"{text.codebook}/{theme.theme}")
    for score in summary.scores:
        add(score.tags, "scores", score.ref)
    order = list(DOMAIN_NAMES)
    return sorted(index.values(), key=lambda d: order.index(d.tag) if d.tag in order else 99)


def small_school_values(summary: Summary, school: str = SMALL_SCHOOL) -> list[str]:
    """Every published figure attached to a school's groups: a briefing must show none."""
    from westcc_voice.analysis.summary import to_plain

    key = school_key(school)
    found: list[str] = []

    def walk(obj):
        if isinstance(obj, dict):
            if obj.get("group") == key or obj.get("value") == key:
                found.extend(_displays(obj))
            for v in obj.values():
                walk(v)
        elif isinstance(obj, list):
            for v in obj:
                walk(v)

    walk(to_plain(summary))
    return found


def _displays(obj) -> list[str]:
    out = []
    if isinstance(obj, dict):
        if "display" in obj and "value" in obj and not obj.get("suppressed"):
            out.append(obj["display"])
        for v in obj.values():
            out.extend(_displays(v))
    elif isinstance(obj, list):
        for v in obj:
            out.extend(_displays(v))
    return out
