"""Findings chosen by what a reader must know, by rules kept as data, from a Summary whose
every figure is recomputed here from the raw rows."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "analysis"))

import generate  # noqa: E402

from westcc_voice.analysis.build import summarise  # noqa: E402
from westcc_voice.analysis.frames import frame_from_rows  # noqa: E402
from westcc_voice.analysis.stats import share_difference  # noqa: E402
from westcc_voice.briefings import findings as F  # noqa: E402
from westcc_voice.briefings.model import BriefingContext  # noqa: E402
from westcc_voice.definitions import load_catalogue  # noqa: E402

WAVES = {1: ("2025-autumn", "Autumn 2025"), 2: ("2026-autumn", "Autumn 2026")}
SCHOOLS = {1: ("arthurs-hill", "Arthur's Hill Primary"), 2: ("benwell", "Benwell Dene")}
RULES = {"order": ["change", "difference", "level"], "chance": 0.05,
         "per_domain": ["cc.community", "west.tolerant_community", "cc.wellbeing",
                        "cc.employment"],
         "levels": [{"construct": "safe_in_area", "side": "worse", "bound": "more_than",
                     "percent": 20.0, "words": "do not feel safe in their area"}]}

#: (wave, school) -> answers to "Do you feel safe in your area?" (15 skip in each)
PLAN = {(1, 1): (30, 55), (1, 2): (30, 55), (2, 1): (75, 10), (2, 2): (30, 55)}


def raw_rows() -> list[tuple]:
    rows, rid = [], 0
    for (wave, school), (yes, no) in PLAN.items():
        for answer in ["yes"] * yes + ["no"] * no + [None] * 15:
            rid += 1
            answers = {"safe_area": answer} if answer else {}
            rows.append((rid, 1, wave, school, "parent", None, "en", json.dumps(answers)))
    return rows


@pytest.fixture(scope="module")
def rows():
    return raw_rows()


@pytest.fixture(scope="module")
def summary(rows):
    survey = generate.catalogue()["parents"]
    versions = {1: (1, "parents", 1, survey.title, "parent", survey.definition)}
    frame = frame_from_rows(rows, versions, WAVES, SCHOOLS)
    summary = summarise(frame, wave="2026-autumn", previous_wave="2025-autumn")
    summary.method.finding_rules = RULES
    return summary


def count(rows, wave=None, school=None, answer=None):
    """How many gave ``answer``; without one, how many answered (the base of every
    share: those who skipped are set aside)."""
    return sum(1 for r in rows if (wave is None or r[2] == wave)
               and (school is None or r[3] == school)
               and (json.loads(r[7]).get("safe_area") == answer if answer is not None
                    else json.loads(r[7]).get("safe_area") is not None))


def test_changes_come_first_then_differences_then_levels(summary):
    chosen = F.chosen_findings(BriefingContext(summary))
    assert [f.kind for f in chosen] == ["change", "difference", "difference", "level"]


def test_a_change_gives_figure_n_comparison_and_certainty_from_the_raw_rows(summary, rows):
    change = F.change_findings(BriefingContext(summary))[0]
    yes_now, n_now = count(rows, 2, answer="yes"), count(rows, 2)
    yes_then, n_then = count(rows, 1, answer="yes"), count(rows, 1)
    d = share_difference(yes_now, n_now, yes_then, n_then)
    assert change.figure == f"{100 * yes_now / n_now:.0f}%"
    assert change.comparison == f"{100 * yes_then / n_then:.0f}% in Autumn 2025"
    assert change.n == f"n = {n_now} and {n_then}"
    assert change.certainty.startswith(
        f"likely between {100 * d.ci_low:.0f} and {100 * d.ci_high:.0f} points up")
    assert "bigger than chance alone would explain" in change.certainty
    # the construct says more feeling safe is better
    assert f"+{100 * d.estimate:.0f} points (better)" in change.text
    assert change.tags == ("cc.community", "west.tolerant_community")


def test_differences_name_the_school_and_the_rest_of_the_partnership(summary, rows):
    diffs = {f.text.split(",")[0]: f for f in F.difference_findings(BriefingContext(summary))}
    above, below = diffs["At Arthur's Hill Primary"], diffs["At Benwell Dene"]
    rest_yes = count(rows, 2, 2, "yes") / count(rows, 2, 2)
    assert above.figure == f"{100 * count(rows, 2, 1, 'yes') / count(rows, 2, 1):.0f}%"
    assert above.comparison == f"{100 * rest_yes:.0f}% in the rest of the partnership"
    assert "above the rest of the partnership" in above.text and "(better)" in above.text
    assert "below the rest of the partnership" in below.text and "(worse)" in below.text
    assert above.n == f"n = {count(rows, 2, 1)}"


def test_a_level_beyond_the_partnerships_threshold_is_stated_with_its_interval(summary, rows):
    [level] = F.level_findings(BriefingContext(summary))
    no, n = count(rows, 2, answer="no"), count(rows, 2)
    assert level.figure.endswith(f"({100 * no / n:.0f}%)")
    assert "do not feel safe in their area" in level.text
    assert "beyond the partnership's threshold of 20%" in level.text
    assert level.n == f"n = {n}"


def test_a_level_inside_the_threshold_is_not_a_finding(summary):
    import copy
    quiet = copy.deepcopy(summary)
    quiet.method.finding_rules = {**RULES, "levels": [{**RULES["levels"][0],
                                                       "percent": 50.0}]}
    assert F.level_findings(BriefingContext(quiet)) == []
    lower = copy.deepcopy(summary)
    lower.method.finding_rules = {**RULES, "levels": [{**RULES["levels"][0],
                                                       "bound": "less_than",
                                                       "side": "better", "percent": 50.0}]}
    # 52.5% feel safe: not below half
    assert F.level_findings(BriefingContext(lower)) == []


def test_the_number_of_comparisons_and_those_expected_by_chance_are_stated(summary):
    counted = F.comparison_count(BriefingContext(summary))
    # safe_area: two schools against the rest, and the partnership against last wave
    assert (counted.made, counted.clear) == (3, 3)
    assert counted.by_chance == pytest.approx(0.15)
    assert counted.text.startswith("3 comparisons were made")
    assert "fewer than 1 of 3 would look clear by chance alone (1 in 20)" in counted.text
    school = F.comparison_count(BriefingContext(summary, school="benwell"))
    # Benwell against the rest (clear), and Benwell's own change (30 of 85 both times)
    assert (school.made, school.clear) == (2, 1)


def test_every_domain_in_the_rules_gets_one_headline_or_an_honest_none(summary):
    heads = F.domain_headlines(BriefingContext(summary))
    assert [h.tag for h in heads] == RULES["per_domain"]
    by_tag = {h.tag: h for h in heads}
    assert by_tag["cc.community"].finding.kind == "change"
    assert by_tag["west.tolerant_community"].finding is not None
    # no data for the wellbeing scale and no question on jobs: said plainly
    assert by_tag["cc.wellbeing"].finding is None
    assert "nothing in this wave's surveys measures this" in by_tag["cc.employment"].text

    # measured, but nothing clear and nothing beyond a threshold: an honest "no clear
    # finding", never the question most people answered
    import copy
    quiet = copy.deepcopy(summary)
    quiet.method.finding_rules = {**RULES, "levels": []}
    for survey in quiet.surveys:
        for item in survey.items:
            for comp in [*item.comparisons, *(item.trend.comparisons if item.trend else [])]:
                comp.label = "similar"
    calm = {h.tag: h for h in F.domain_headlines(BriefingContext(quiet))}
    assert calm["cc.community"].finding is None
    assert calm["cc.community"].text == ("Community capacity: no clear finding. No clear "
                                         "change or difference, and no level beyond the "
                                         "partnership's thresholds.")


def test_a_school_briefing_has_its_own_difference_and_no_partnership_change(summary):
    chosen = F.chosen_findings(BriefingContext(summary, school="benwell"))
    assert [f.kind for f in chosen] == ["difference", "level"]
    assert chosen[0].text.startswith("At Benwell Dene,")
    assert "at Benwell Dene do not feel safe in their area" in chosen[1].text


SHIPPED = Path(__file__).resolve().parents[2] / "surveys"


def test_the_shipped_rules_load_and_cover_the_ten_domains_and_themes():
    cat = load_catalogue(SHIPPED)
    assert cat.errors == []
    rules = cat.finding_rules
    assert rules["order"] == ["change", "difference", "level"]
    assert len(rules["per_domain"]) == 10
    assert {lv["construct"] for lv in rules["levels"]} <= set(cat.constructs)
    safe = next(lv for lv in rules["levels"] if lv["construct"] == "safe_at_school")
    assert (safe["bound"], safe["percent"]) == ("more_than", 20.0)
