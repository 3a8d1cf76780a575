"""What a third reading of the demo briefings found, as a headteacher, a programme lead
and a statistician would see it on the page: a headline's evidence quotes the n of the
school it is about, the small-group caution is said once with the figures it applies to
marked, the note on "–" stands only under a table that prints one, pooled small schools
are named as what they are and a row that only repeats another is drawn once, a change
resting on small groups is cautioned once, every band of a band chart is named, and the
methods page says why a change can differ by a point from its rounded ends."""

from __future__ import annotations

import json
import re
import sys
from html import unescape
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "analysis"))

import generate  # noqa: E402

from westcc_voice.analysis.build import summarise  # noqa: E402
from westcc_voice.analysis.frames import frame_from_rows  # noqa: E402
from westcc_voice.briefings import build_briefing, render_html  # noqa: E402

WAVES = {1: ("2025-autumn", "Autumn 2025"), 2: ("2026-autumn", "Autumn 2026")}
SCHOOLS = {1: ("arthurs-hill", "Arthur's Hill Primary"), 2: ("benwell", "Benwell Dene"),
           3: ("cruddas", "Cruddas Park")}
SURVEYS = ("parents", "pupils-ks2", "pupils-ks3", "community")
AUDIENCE = {"parents": "parent", "pupils-ks2": "pupil", "pupils-ks3": "pupil",
            "community": "community"}


def text(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def summary_of(plan: list[tuple], previous: bool = False):
    """``plan``: (survey key, school id or None, year group or None, answers[, wave])."""
    cat = generate.catalogue()
    versions = {i: (i, key, 1, cat[key].title, cat[key].audience, cat[key].definition)
                for i, key in enumerate(SURVEYS, start=1)}
    vid = {key: i for i, key in enumerate(SURVEYS, start=1)}
    rows = [(rid, vid[p[0]], p[4] if len(p) > 4 else 2, p[1], AUDIENCE[p[0]], p[2], "en",
             json.dumps(p[3])) for rid, p in enumerate(plan, start=1)]
    frame = frame_from_rows(rows, versions, WAVES, SCHOOLS)
    return summarise(frame, wave="2026-autumn",
                     previous_wave="2025-autumn" if previous else None)


def page(summary, school=None, document="short") -> str:
    return text(render_html(build_briefing(summary, school=school, document=document)))


def headlines_of(whole: str) -> str:
    """Page 1's headlines, up to what changed."""
    return whole.split("What changed since")[0]


def section(whole: str, title: str, end: str) -> str:
    """From the last ``title`` (past the contents list) to the next ``end``."""
    return whole.rsplit(title, 1)[1].split(end, 1)[0]


def ons4(value: int) -> dict:
    return {f"ons4_{k}": value for k in ("satisfaction", "worthwhile", "happiness")}


@pytest.fixture(scope="module")
def small_school():
    """Arthur's Hill: 28 parents, 18 of them feeling safe in their area, against 20 of 100
    at Benwell Dene (a clear difference, from a group under 30), all answering ONS4."""
    plan = []
    for school, yes, no in ((1, 18, 10), (2, 20, 80)):
        plan += [("parents", school, None, {"safe_area": answer, **ons4(3 + i % 6)})
                 for i, answer in enumerate(["yes"] * yes + ["no"] * no)]
    return summary_of(plan)


def test_a_headline_about_one_school_quotes_that_schools_n(small_school):
    first = headlines_of(page(small_school))
    found = re.search(r"At Arthur's Hill Primary, 64% of parents and carers answered ‘Yes’ "
                      r"to ‘Do you feel safe in your area\?’, above the rest of the "
                      r"partnership \(20%; [^;]*; n = (\d+);[^)]*\)\. Based on ([^.]*)\.",
                      first)
    assert found, first
    assert found.group(1) == "28"
    # the evidence is the school's 28 parents, not the partnership's 128
    assert found.group(2).startswith("parents and carers at Arthur's Hill Primary who "
                                     "answered it in"), found.group(2)
    assert found.group(2).endswith("n = 28 †"), found.group(2)
    assert "n = 128" not in found.group(2)


def test_the_small_group_caution_is_said_once_with_the_figures_marked(small_school):
    first = headlines_of(page(small_school, "arthurs-hill"))
    # three or more headlines rest on the 28 parents at Arthur's Hill
    marked = re.findall(r"n = 28 †[.;]", first)
    assert len(marked) >= 3, first
    assert first.count("with care") == 1, first
    assert "treat this comparison with caution" not in first
    assert re.search(r"† Fewer than 30 people behind this figure[^.]*: read it with care",
                     first), first


def test_the_dash_note_stands_only_under_a_table_with_a_dash(small_school):
    mine = section(page(small_school, "arthurs-hill"), "Who took part", "Not shown, and why")
    # Arthur's Hill took both questionnaires: no "–" in its table, so no note on one
    assert " – " not in mine, mine
    assert "means nobody from that group took that questionnaire" not in mine
    with_links = summary_of([("parents", 1 + i % 2, None, {"safe_area": "yes"})
                             for i in range(30)]
                            + [("community", None, None, {"ons4_satisfaction": 6})] * 12)
    whole = section(page(with_links), "Who took part", "Not shown, and why")
    # the partnership-wide links took no parents' survey: a "–", explained
    assert re.search(r"Partnership-wide links \(no school\) – 12", whole), whole
    assert "“–” means nobody from that group took that questionnaire" in whole


def test_pooled_schools_are_named_and_a_row_repeating_another_is_drawn_once():
    plan = []
    # parents: 6 at each of three schools, so none is shown alone
    for school in (1, 2, 3):
        plan += [("parents", school, None, ons4(4 + i % 5)) for i in range(6)]
    # secondary pupils at Arthur's Hill only: the partnership's figures are its own
    plan += [("pupils-ks3", 1, 9, ons4(3 + i % 6)) for i in range(40)]
    scales = section(page(summary_of(plan), document="appendix"), "Wellbeing scales",
                     "How the figures were made")
    assert "Other schools" not in scales, scales
    assert ("No school had 10 or more who answered, so none is drawn on its own: all WEST "
            "schools' figures are theirs together.") in scales
    assert "Base: All WEST schools: n = 18." in scales or "Base: All WEST schools: n = 18 " \
        in scales, scales
    # the pupils' ONS4: one row, the school's, not the same figures twice
    assert "Base: Arthur's Hill Primary: n = 40" in scales, scales
    assert "All WEST schools: n = 40; Arthur's Hill Primary: n = 40" not in scales
    assert ("All WEST schools' figures here are Arthur's Hill Primary's alone, so they are "
            "drawn once.") in scales


def test_small_schools_taken_together_beside_a_large_one_say_how_many():
    plan = [("parents", 1, None, ons4(4 + i % 5)) for i in range(30)]
    plan += [("parents", school, None, ons4(5 + i % 4)) for school in (2, 3) for i in range(6)]
    scales = section(page(summary_of(plan), document="appendix"), "Wellbeing scales",
                     "How the figures were made")
    assert "Other schools (2 with fewer than 10 each): n = 12" in scales, scales
    assert "Other schools: n = 12" not in scales


def test_a_change_resting_on_small_groups_is_cautioned_once_a_row():
    plan = []
    for wave, centre in ((1, 4), (2, 6)):
        for school in (1, 2):
            plan += [("parents", school, None, {"ons4_satisfaction": centre + i % 3}, wave)
                     for i in range(10)]
    change = section(page(summary_of(plan, previous=True), document="appendix"),
                     "Average scores: Autumn 2025 and Autumn 2026", "In their own words")
    rows = re.findall(r"ONS personal well-being: satisfaction Parents and carers", change)
    assert len(rows) == 1, change
    assert change.count("fewer than 30") + change.count("Fewer than 30") == 1, change
    assert "Fewer than 30 responses in both waves: treat this change with caution." in change


def test_every_band_drawn_is_named_in_its_bar():
    # 60 parents: 10 in each of the low (0 to 4), medium and high bands, 30 very high
    answers = [2] * 10 + [5] * 10 + [8] * 10 + [9] * 30
    plan = [("parents", 1, None, {"ons4_satisfaction": v}) for v in answers]
    briefing = build_briefing(summary_of(plan), document="appendix")
    chart = next(c for c in briefing.charts if c.title == "Bands: parents and carers")
    words = [unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", chart.svg)]
    # each piece names its band beside its share, not its share alone: the blues of
    # neighbouring bands are hard to tell apart in print
    for band in ("Low 17%", "Medium 17%", "High 17%", "Very high 50%"):
        assert band in words, words
    # and the reader is told which scores each band holds, once, under the chart
    html = text(render_html(briefing))
    assert html.count("Bands, by score from 0 to 10: Low: 0 to 4; Medium: 5 to 6; High: 7 to "
                      "8; Very high: 9 to 10.") == 1, html


def test_the_methods_page_explains_why_a_change_differs_from_its_rounded_ends(small_school):
    methods = page(small_school).split("How the figures were made")[1]
    said = re.search(r"every change and difference is worked out from the exact figures and "
                     r"rounded only at the end[^:]*: shares of ([\d.]+)% and ([\d.]+)% print "
                     r"as (\d+)% and (\d+)%, and the change between them, ([\d.]+) points, "
                     r"prints as \+(\d+) points, not \+(\d+)\.", methods)
    assert said, methods
    a, b, ra, rb, d, printed, naive = said.groups()
    # the example is itself right: rounded ends one point further apart than the change
    assert (round(float(a)), round(float(b))) == (int(ra), int(rb))
    assert round(float(b) - float(a), 1) == float(d) and round(float(d)) == int(printed)
    assert int(rb) - int(ra) == int(naive) != int(printed)


def test_a_row_repeating_another_is_explained_once_a_section_not_under_every_chart():
    """Only Arthur's Hill's pupils answered the secondary questionnaire, so in its appendix
    each wellbeing chart would repeat the partnership's row: the reason is said under the
    first chart of the section, saying it holds for those below, and not again."""
    plan = [("pupils-ks3", 1, 9, ons4(3 + i % 6)) for i in range(40)]
    plan += [("parents", 2, None, ons4(4 + i % 5)) for i in range(30)]
    scales = section(page(summary_of(plan), school="arthurs-hill", document="appendix"),
                     "Wellbeing scales", "How the figures were made")
    note = ("All WEST schools' figures here are Arthur's Hill Primary's alone, so they are "
            "drawn once.")
    assert scales.count(note) == 1, scales
    assert note + " The same holds for the charts below in this section." in scales
    assert scales.count("Arthur's Hill Primary: n = 40") >= 2  # more than one chart drawn
