"""Key findings are plain sentences from published numbers, and only from those."""

from __future__ import annotations

import dataclasses

import pytest

from westcc_voice.analysis.summary import (
    Category,
    Comparison,
    Distribution,
    ItemSummary,
    school_key,
)
from westcc_voice.briefings.figures import natural_frequency
from westcc_voice.briefings.findings import (
    item_sentence,
    key_findings,
    participation,
    school_comparison_sentence,
    score_sentence,
)
from westcc_voice.briefings.model import BriefingContext
from westcc_voice.privacy.suppression import shown

from . import builders


def score(summary, score_id="ons4.happiness", audience="pupil"):
    return next(s for s in summary.scores if s.score_id == score_id and s.audience == audience)


@pytest.mark.parametrize("percent,words", [
    (68, "7 in 10"), (65, "7 in 10"), (64.9, "6 in 10"), (24, "2 in 10"), (8, "about 1 in 10"),
    (6, "fewer than 1 in 10"), (3, "fewer than 1 in 20"), (93, "more than 9 in 10"),
    (97, "more than 19 in 20"),
])
def test_percentages_become_natural_frequencies(percent, words):
    assert natural_frequency(percent) == words


def test_a_school_similar_to_the_rest_of_the_partnership_is_said_to_be_similar(summary):
    ctx = BriefingContext(summary, "tyneview")
    sentence = score_sentence(ctx, score(summary)).text
    assert sentence.startswith("Pupils at Tyneview Primary")
    assert "similar to the rest of the partnership" in sentence
    # the partnership's mean includes the school: said, so it is not read as the rest
    assert "(all WEST schools, Tyneview Primary included: 7.2)" in sentence


@pytest.mark.parametrize("school,word", [("bentinck", "below"), ("riverside", "above")])
def test_above_and_below_come_from_the_comparison_rule(summary, school, word):
    sentence = score_sentence(BriefingContext(summary, school), score(summary)).text
    assert f"{word} the rest of the partnership" in sentence


def test_anxiety_says_which_way_is_better(summary):
    sentence = score_sentence(BriefingContext(summary, "tyneview"),
                              score(summary, "ons4.anxiety", "parent")).text
    assert "below the rest of the partnership" in sentence
    assert "higher score here means more anxious" in sentence


def test_partnership_sentence_names_schools_above_and_below_and_skips_the_uncompared(summary):
    sentence = school_comparison_sentence(BriefingContext(summary), score(summary)).text
    assert "Bentinck Road Primary was below" in sentence
    assert "Elswick Riverside Primary was above" in sentence
    assert "four other schools were similar" in sentence
    assert "Wingrove" not in sentence, "a school too small to compare is not in the count"


def test_change_since_last_wave_uses_the_rule_and_the_earlier_mean(summary):
    sentence = score_sentence(BriefingContext(summary), score(summary)).text
    assert "up from 6.9 in Summer 2025" in sentence


def crafted_item(counts, categories=builders.YES_NO, type_="yes_no", kind="nominal"):
    dists = builders.table_distributions(counts, categories)
    return ItemSummary("pupils-7-11", "safe_school", "Do you feel safe at school?", type_,
                       kind, ["cc.wellbeing"], "h", False, dists)


def survey_with(summary, item):
    base = summary.surveys[0]
    return dataclasses.replace(base, items=[item])


def test_item_share_is_a_natural_frequency_of_everyone_who_took_the_survey(summary):
    item = crafted_item({school_key("tyneview"): [70, 20, 10],
                         school_key("cruddas"): [60, 30, 10]})
    ctx = BriefingContext(summary)
    sentence = item_sentence(ctx, survey_with(summary, item), item).text
    assert sentence == ("7 in 10 pupils in Years 3 to 6 answered ‘Yes’ to ‘Do you feel safe "
                        "at school?’")


def test_school_sentence_gives_the_rest_of_the_partnership_alongside_without_a_verdict(
        summary):
    item = crafted_item({school_key("tyneview"): [80, 15, 5],
                         school_key("cruddas"): [40, 50, 10]})
    sentence = item_sentence(BriefingContext(summary, "tyneview"),
                             survey_with(summary, item), item).text
    assert "8 in 10 pupils in Years 3 to 6 at Tyneview Primary answered ‘Yes’" in sentence
    # 80 of 100 here, 40 of 100 at the only other school: the rest is 4 in 10 (the whole,
    # 6 in 10, includes this school and is not what it is compared with)
    assert "(rest of the partnership: 4 in 10)" in sentence
    assert "all WEST schools" not in sentence
    assert "above" not in sentence and "below" not in sentence


def test_school_sentence_says_above_similar_or_below_from_the_share_rule(summary):
    item = crafted_item({school_key("tyneview"): [80, 15, 5],
                         school_key("cruddas"): [40, 50, 10]})
    verdict = Comparison("school_vs_rest", school_key("tyneview"), "rest:tyneview",
                         "share_difference_ci", "above", "not_oriented", shown(40.0),
                         shown(27.3), shown(51.2))
    item = dataclasses.replace(item, headline=["yes"], comparisons=[verdict])
    sentence = item_sentence(BriefingContext(summary, "tyneview"),
                             survey_with(summary, item), item).text
    assert ("8 in 10 pupils in Years 3 to 6 at Tyneview Primary answered ‘Yes’ to ‘Do you "
            "feel safe at school?’, above the rest of the partnership (4 in 10)") in sentence
    hidden = dataclasses.replace(verdict, label="not_compared")
    item = dataclasses.replace(item, comparisons=[hidden])
    sentence = item_sentence(BriefingContext(summary, "tyneview"),
                             survey_with(summary, item), item).text
    assert "above" not in sentence and "similar" not in sentence


def hand_made(group, n, cells, categories=builders.FACES, small=False):
    """A distribution with exactly the cells given: a number, or "small"/"secondary"."""
    def cell(v):
        return builders.hidden(v) if isinstance(v, str) else shown(v)
    def percent(v):
        if isinstance(v, str) or isinstance(n, str):
            return builders.hidden(v if isinstance(v, str) else "secondary")
        return shown(round(100 * v / n, 1), f"{round(100 * v / n)}%")
    cats = [Category(value, label, cell(v), percent(v), substantive)
            for (value, label, substantive), v in zip(categories, cells, strict=True)]
    return Distribution(group, group, shown(n) if isinstance(n, int) else builders.hidden(n),
                        cats, small)


def faces_item(*dists):
    return ItemSummary("pupils-7-11", "school_feel", "How do you feel about school?", "faces",
                       "ordinal", ["cc.wellbeing"], "h", False, list(dists))


def test_no_sentence_is_written_from_a_hidden_figure(summary):
    partnership = hand_made("partnership", 300, [20, 30, 70, 100, 70, 4, 6])
    hidden_top = hand_made("school:tyneview", 100, [5, 10, 25, 50, "secondary", "small", 3])
    item = faces_item(partnership, hidden_top)
    ctx = BriefingContext(summary, "tyneview")
    assert item_sentence(ctx, survey_with(summary, item), item) is None
    assert item_sentence(BriefingContext(summary), survey_with(summary, item), item) \
        is not None, "the partnership's own figures are all published"
    small = BriefingContext(summary, builders.SMALL_SCHOOL)
    assert score_sentence(small, score(summary)) is None
    assert item_sentence(small, summary.surveys[0], summary.surveys[0].items[0]) is None
    assert participation(small) == []


def test_a_hidden_base_means_no_sentence(summary):
    partnership = hand_made("partnership", "secondary", [20, 30, 70, 100, 70, 4, 6])
    item = faces_item(partnership)
    assert item_sentence(BriefingContext(summary), survey_with(summary, item), item) is None


def test_key_findings_never_quote_a_hidden_figure_or_sentiment(summary):
    for ctx in (BriefingContext(summary), BriefingContext(summary, "tyneview"),
                BriefingContext(summary, builders.SMALL_SCHOOL)):
        for finding in key_findings(ctx):
            text = finding.text.lower()
            assert "fewer than 10" not in text and "not shown" not in text
            assert "polarity" not in text and "sentiment" not in text


def test_key_findings_open_with_who_took_part(summary):
    findings = key_findings(BriefingContext(summary))
    assert findings[0].text == ("In Autumn 2026, 761 pupils, 253 parents and carers and 107 "
                                "community members took part across the WEST partnership.")
    assert any("in 10" in f.text for f in findings)
    assert any(f.kind == "aspiration" for f in findings)


def test_small_groups_carry_a_caution(summary):
    partnership = hand_made("partnership", 300, [20, 30, 70, 100, 70, 4, 6])
    school = hand_made("school:tyneview", 25, [0, 0, 5, 10, 10, 0, 0], small=True)
    item = faces_item(partnership, school)
    sentence = item_sentence(BriefingContext(summary, "tyneview"),
                             survey_with(summary, item), item).text
    assert sentence.startswith("8 in 10 pupils")
    assert "fewer than 30 answered, so read with care" in sentence
