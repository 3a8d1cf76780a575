"""What a second reading of the demo briefings found, as a headteacher, the programme lead
and a statistician would notice it: a school's headline quotes the figure it was
compared with, a school that alone took a questionnaire still gets its headlines, a
school's title names only the people who answered there, no partnership table of year
groups in a school's briefing, questions asked in the same words are told apart, and the
rules behind shares and believable answers are said."""

from __future__ import annotations

import dataclasses
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

WAVES = {2: ("2026-autumn", "Autumn 2026")}
SCHOOLS = {1: ("arthurs-hill", "Arthur's Hill Primary"), 2: ("benwell", "Benwell Dene")}
SURVEYS = ("parents", "pupils-ks2", "pupils-ks3", "community")


def text(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def versions() -> dict:
    cat = generate.catalogue()
    return {i: (i, key, 1, cat[key].title, cat[key].audience, cat[key].definition)
            for i, key in enumerate(SURVEYS, start=1)}


def rows_of(plan: list[tuple[str, int | None, int | None, dict]]) -> list[tuple]:
    """(survey key, school id, year group, answers) -> rows for frame_from_rows."""
    vid = {key: i for i, key in enumerate(SURVEYS, start=1)}
    audience = {"parents": "parent", "pupils-ks2": "pupil", "pupils-ks3": "pupil",
                "community": "community"}
    return [(rid, vid[key], 2, school, audience[key], year, "en", json.dumps(answers))
            for rid, (key, school, year, answers) in enumerate(plan, start=1)]


def summary_of(plan) -> object:
    return summarise(frame_from_rows(rows_of(plan), versions(), WAVES, SCHOOLS),
                     wave="2026-autumn")


def page(summary, school=None, document="short") -> str:
    return text(render_html(build_briefing(summary, school=school, document=document)))


@pytest.fixture(scope="module")
def shared():
    """Parents at two schools ("Yes, I feel safe in my area": 30 of 40 at Arthur's Hill,
    36 of 60 at Benwell, 66 of 100 in all), secondary pupils at Arthur's Hill only, in
    two year bands, and community members through a link with no school."""
    plan = []
    for school, yes, no in ((1, 30, 10), (2, 36, 24)):
        plan += [("parents", school, None, {"safe_area": "yes"})] * yes
        plan += [("parents", school, None, {"safe_area": "no"})] * no
    for i in range(40):
        plan.append(("pupils-ks3", 1, 9 if i < 20 else 10, {
            "ons4_satisfaction": 4 + i % 6, "ons4_worthwhile": 5 + i % 5,
            "ons4_happiness": 3 + i % 7, "safe_area": "yes" if i % 3 else "no"}))
    plan += [("community", None, None, {"ons4_satisfaction": 6})] * 12
    return summary_of(plan)


def test_a_school_headline_quotes_the_rest_of_the_partnership_it_was_compared_with(shared):
    mine = page(shared, "arthurs-hill")
    # 30 of 40 here against 36 of 60 at the other school: the rest is 6 in 10, while
    # the whole partnership, this school included, is 7 in 10
    assert re.search(r"at Arthur's Hill Primary answered ‘Yes’ to ‘Do you feel safe in your "
                     r"area\?’, similar to the rest of the partnership \(6 in 10", mine), mine
    assert "all WEST schools: 7 in 10" not in mine


def test_a_school_that_alone_took_a_questionnaire_gets_its_wellbeing_headline(shared):
    mine = page(shared, "arthurs-hill")
    # the pupils' ONS4 scores have no rest of the partnership to be compared with: the
    # headline says so instead of leaving wellbeing without one, for a false reason
    assert re.search(r"Material, physical and mental wellbeing\. Pupils at Arthur's Hill "
                     r"Primary averaged [0-9.]+ out of 10 on ‘ONS personal well-being[^’]*’, "
                     r"no other WEST school's pupils answered this to compare with", mine), mine
    # and the pupils' own question is not set against a "whole partnership" that is
    # this school alone
    sentence = re.search(r"pupils at Arthur's Hill Primary answered ‘Yes’ to ‘Do you feel "
                         r"safe in your area\?’[^.]*", mine)
    assert sentence and "no other WEST school's pupils answered this" in sentence.group(0)
    assert "all WEST schools:" not in sentence.group(0)


def test_a_school_briefing_names_only_the_people_who_answered_there(shared):
    for document in ("short", "appendix"):
        mine = page(shared, "arthurs-hill", document)
        assert "community members" not in mine.split("Who took part")[0], document
    assert "Arthur's Hill Primary: what pupils and parents and carers told us" in \
        page(shared, "arthurs-hill")
    whole = page(shared)
    assert "All WEST schools: what pupils, parents and carers and community members" in whole


def test_year_groups_are_a_table_only_where_they_say_something(shared):
    whole = page(shared)
    # the secondary questionnaire was taken in two bands: its table is drawn
    assert re.search(r"Pupils by year group: Your say \(test\), n = 40 .*Years 7 to 9 20 50%",
                     whole), whole
    mine = page(shared, "arthurs-hill")
    # a school's briefing never prints the partnership's year groups as if its own
    assert "Pupils by year group" not in mine
    assert "across the partnership" not in mine


def test_one_band_is_named_with_the_questionnaire_instead_of_a_table_of_100():
    plan = [("pupils-ks2", 1 + i % 2, 4 + i % 3, {"safe_area": "yes" if i % 3 else "no"})
            for i in range(60)]
    whole = page(summary_of(plan))
    assert "Pupils, Years 3 to 6" in whole
    assert "Pupils by year group" not in whole and "100%" not in whole


def test_written_questions_asked_in_the_same_words_are_told_apart():
    plan = []
    for i in range(24):
        plan.append(("pupils-ks2", 1, 5, {"anything_else": f"note {i}"}))
        plan.append(("pupils-ks3", 1, 10, {"anything_else": f"thought {i}"}))
    left_out = page(summary_of(plan)).split("Not shown, and why")[1]
    question = "‘Is there anything else you want to tell us?’"
    assert f"{question} (pupils, ‘My school, my area (test)’)" in left_out, left_out
    assert f"{question} (pupils, ‘Your say (test)’)" in left_out
    assert f"{question} (pupils)" not in left_out


def test_the_short_briefing_says_how_shares_are_compared(shared):
    methods = page(shared).split("How the figures were made")[1]
    # most findings and changes are shares; their rule is given, not only the means'
    assert "Welch" in methods
    assert "difference between the two shares (Newcombe's method" in methods


def test_answers_outside_the_believable_range_are_counted_beside_the_average():
    plan = [("pupils-ks2", 1 + i % 2, 5, {"sleep_hours": 9 if i % 10 else 3})
            for i in range(120)]
    appendix = page(summary_of(plan), document="appendix")
    # 12 pupils said 3 hours: left out of the mean, and the reader is told how many
    assert ("Answers below 7 or above 12 are not believable and are left out of the "
            "averages: 12 across the partnership.") in appendix, appendix


def test_hopes_say_which_areas_are_left_off_the_list():
    # 5 of 60 want to be footballers: too few to list, and the reader is told why the
    # areas listed do not add up to everyone who wrote an answer
    plan = [("pupils-ks2", 1 + i % 2, 5,
             {"future_job": "a footballer" if i < 5 else "a doctor" if i % 2 else "a vet"})
            for i in range(60)]
    hopes = page(summary_of(plan)).split("Hopes and career areas")[1].split("Not shown")[0]
    assert "of 60 who wrote an answer" in hopes
    assert "Only areas named by 10 or more are listed, at most 6 for each question" in hopes


def test_a_count_bounded_at_zero_is_not_said_to_exclude_answers_below_zero():
    from westcc_voice.briefings.sections.blocks import plausible_note

    item = next(i for s in summary_of([("pupils-ks2", 1, 5, {"sleep_hours": 9})] * 12
                                      ).surveys for i in s.items if i.ref.endswith("sleep_hours"))
    clubs = dataclasses.replace(item, plausible={"min": 0, "max": 14})
    assert plausible_note(clubs) == ("Answers above 14 are not believable and are left out "
                                     "of the averages: fewer than 10 across the partnership.")


def _wilson(k: int, n: int, z: float = 1.959963984540054) -> tuple[float, float]:
    p, d = k / n, 1 + z * z / n
    centre, half = (p + z * z / (2 * n)) / d, z * (p * (1 - p) / n + z * z / (4 * n * n)) ** .5 / d
    return centre - half, centre + half


def _newcombe(k1: int, n1: int, k0: int, n0: int) -> tuple[float, float, float]:
    (l1, u1), (l0, u0) = _wilson(k1, n1), _wilson(k0, n0)
    p1, p0 = k1 / n1, k0 / n0
    d = p1 - p0
    below = ((p1 - l1) ** 2 + (u0 - p0) ** 2) ** .5
    above = ((u1 - p1) ** 2 + (p0 - l0) ** 2) ** .5
    return d, d - below, d + above


def test_printed_change_and_rest_of_partnership_match_an_independent_count():
    """Random answers in two waves; the briefing's printed change since the last wave
    and a school's rest-of-partnership share are recomputed here from the raw answers
    (Wilson and Newcombe written out, not the analysis code's)."""
    import random

    rng = random.Random(11)
    waves = {1: ("2025-autumn", "Autumn 2025"), 2: ("2026-autumn", "Autumn 2026")}
    raw = []  # (wave, school, answer or None)
    for wave, p_yes in ((1, .4), (2, .8)):
        for school in (1, 2):
            for _ in range(rng.randint(70, 90)):
                answer = None if rng.random() < .05 else (
                    "yes" if rng.random() < p_yes + (.05 if school == 1 else 0) else "no")
                raw.append((wave, school, answer))
    survey = generate.catalogue()["parents"]
    versions = {1: (1, "parents", 1, survey.title, "parent", survey.definition)}
    rows = [(rid, 1, wave, school, "parent", None, "en",
             json.dumps({"safe_area": a} if a else {}))
            for rid, (wave, school, a) in enumerate(raw)]
    frame = frame_from_rows(rows, versions, waves, SCHOOLS)
    whole = text(render_html(build_briefing(
        summarise(frame, wave="2026-autumn", previous_wave="2025-autumn"))))

    def count(wave, school=None):
        answers = [a for w, s, a in raw if w == wave and a and school in (None, s)]
        return sum(a == "yes" for a in answers), len(answers)

    (k1, n1), (k0, n0) = count(2), count(1)
    d, lo, hi = _newcombe(k1, n1, k0, n0)
    assert (f"‘Yes’ up from {100 * k0 / n0:.0f}% to {100 * k1 / n1:.0f}% of parents and "
            f"carers (n = {n0} then, n = {n1} now; change {100 * d:+.0f} points, 95% "
            f"interval {100 * lo:+.0f} points to {100 * hi:+.0f} points)") in whole, whole

    mine = text(render_html(build_briefing(summarise(frame, wave="2026-autumn"),
                                           school="arthurs-hill")))
    (ka, na), (kb, nb) = count(2, 1), count(2, 2)
    rest = round(10 * kb / nb)
    assert re.search(rf"parents and carers at Arthur's Hill Primary answered ‘Yes’ to ‘Do you "
                     rf"feel safe in your area\?’, (similar to|above|below) the rest of the "
                     rf"partnership \({rest} in 10", mine), (ka, na, kb, nb, mine)
