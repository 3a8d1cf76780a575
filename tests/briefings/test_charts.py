"""Charts show n for every group and never draw a group that is too small to show."""

from __future__ import annotations

import re

from westcc_voice.briefings import charts, palette
from westcc_voice.privacy.suppression import SuppressionPolicy

POLICY = SuppressionPolicy()
SMALL = POLICY.hidden()
SECOND = POLICY.hidden("secondary")


def pct(value):
    return POLICY.percent(POLICY.count(int(value)), POLICY.count(100))


def yes_no_question(rows):
    return charts.Question("Do you feel safe at school?",
                           [("yes", "Yes"), ("no", "No"), ("no_answer", "No answer")], rows,
                           ordered=False)


def rendered(chart):
    chart.render()
    return chart.svg


def test_stacked_bars_label_every_group_with_its_n():
    chart = charts.stacked_bars("c1", "Safe at school", [yes_no_question([
        charts.BarRow("All WEST schools", POLICY.count(761), [pct(70), pct(25), pct(5)]),
        charts.BarRow("Tyneview Primary", POLICY.count(160), [pct(72), pct(20), pct(8)]),
    ])], base_noun="pupils")
    svg = rendered(chart)
    assert "n = 761" in svg and "n = 160" in svg
    assert "n = 761" in chart.alt and "n = 160" in chart.alt
    assert "All WEST schools: n = 761" in chart.n_note


def test_a_group_under_ten_is_written_as_fewer_than_10_and_never_drawn():
    yes = palette.fills_for(["yes", "no", "no_answer"], ordered=False)[0].colour
    drawn = charts.BarRow("All WEST schools", POLICY.count(761), [pct(70), pct(25), pct(5)])
    small = charts.BarRow("Wingrove Nursery and Primary", SMALL, [SMALL, SMALL, SMALL])
    svg = rendered(charts.stacked_bars("c2", "Safe", [yes_no_question([drawn, small])],
                                       base_noun="pupils"))
    assert "Wingrove Nursery and Primary" in svg and "fewer than 10" in svg
    # the "yes" colour paints one bar and one legend swatch: nothing for Wingrove
    assert len(re.findall(f"fill: {yes.lower()}", svg.lower())) == 2
    assert "70%" in svg


def test_hidden_answers_of_a_shown_group_become_one_grey_not_shown_piece():
    row = charts.BarRow("Bentinck Road Primary", POLICY.count(110), [pct(60), SECOND, SMALL])
    q = yes_no_question([row])
    segments, _texts, gaps = charts._segments(q.rows, [0.5], q.fills)
    assert [s[2] for s in segments[0]] == [60.0]
    assert segments[1] == [] and segments[2] == []
    assert gaps == [(0.5, 60.0, 40.0)], "the hidden 40% is one piece, in place"
    chart = charts.stacked_bars("c3", "Safe", [q], base_noun="pupils")
    assert charts.HIDDEN_NOTE in chart.notes
    assert "No not shown" in chart.alt and "No answer fewer than 10" in chart.alt


def test_questions_with_different_answers_each_get_their_own_key():
    faces = charts.Question("How do you feel about school?",
                            [(1, "Sad"), (2, "OK"), (3, "Happy")],
                            [charts.BarRow("All WEST schools", POLICY.count(90),
                                           [pct(10), pct(40), pct(50)])])
    safe = yes_no_question([charts.BarRow("All WEST schools", POLICY.count(90),
                                          [pct(70), pct(25), pct(5)])])
    svg = rendered(charts.stacked_bars("c4", "Two questions", [faces, safe],
                                       base_noun="pupils"))
    for label in ("Sad", "Happy", "Yes", "No answer", "How do you feel about school?"):
        assert f">{label}<" in svg


def test_means_show_n_and_interval_and_skip_hidden_groups():
    rows = [
        charts.EstimateRow("All WEST schools", POLICY.count(761), *[
            POLICY.statistic(v, POLICY.count(761)) for v in (7.2, 7.1, 7.4)]),
        charts.EstimateRow("Wingrove Nursery and Primary", SMALL, SMALL, SMALL, SMALL),
        charts.EstimateRow("Bentinck Road Primary", POLICY.count(25), *[
            POLICY.statistic(v, POLICY.count(25)) for v in (6.1, 5.5, 6.7)], small=True,
                           verdict="below"),
    ]
    chart = charts.estimates_chart("c5", "Happiness", rows, minimum=0, maximum=10,
                                   reference=rows[0].mean, reference_label="All WEST schools")
    svg = rendered(chart)
    assert "n = 761" in svg and "n = 25" in svg and "fewer than 10" in svg
    assert "6.1 (5.5 to 6.7) · n = 25 · below" in svg  # mean and interval printed
    assert "Wingrove Nursery and Primary: fewer than 10, not drawn" in chart.alt
    assert "95% interval 5.5 to 6.7" in chart.alt
    assert charts.SMALL_NOTE in chart.notes, "a group under 30 is flagged"
    assert svg.count("Bentinck Road Primary †") == 1
    assert "stroke-dasharray" in svg, "the partnership mean is a dashed line"


def test_value_bars_write_hidden_options_as_words():
    rows = [charts.ValueRow("Sport", pct(45)), charts.ValueRow("Chess club", SMALL)]
    chart = charts.value_bars("c6", "Clubs", rows, group_label="All WEST schools",
                              n=POLICY.count(100), base_noun="pupils")
    svg = rendered(chart)
    assert "45%" in svg and "fewer than 10" in svg and "n = 100" in chart.alt


def test_text_that_looks_like_maths_or_markup_is_drawn_as_written():
    row = charts.BarRow("Costs $5 & <b>more</b>", POLICY.count(50), [pct(50), pct(40), pct(10)])
    svg = rendered(charts.stacked_bars("c7", "x", [yes_no_question([row])], base_noun="p"))
    assert "Costs $5 &amp; &lt;b&gt;more&lt;/b&gt;" in svg
    assert "<b>" not in svg


def test_the_same_data_gives_the_same_svg():
    def make():
        return rendered(charts.stacked_bars("c8", "x", [yes_no_question([
            charts.BarRow("All", POLICY.count(50), [pct(50), pct(40), pct(10)])])],
            base_noun="p"))

    assert make() == make()


def test_change_dots_print_both_shares_and_hidden_rows_say_so():
    from westcc_voice.privacy.suppression import Cell

    rows = [charts.DotPair("Reads for fun — ‘Often’ (higher)", Cell(56.0, "56%"),
                           Cell(78.0, "78%"), Cell(120, "120"), Cell(120, "120")),
            charts.DotPair("Feels safe — ‘Yes’", Cell(None, "not shown", True, "secondary"),
                           Cell(63.0, "63%"), Cell(90, "90"), Cell(90, "90"))]
    chart = charts.dot_pairs("c1", "Pupils", rows, before_label="Summer 2025",
                             after_label="Autumn 2026", measure="Share")
    svg = rendered(chart)
    assert "56% → 78%" in svg
    assert "→ 63%" not in svg  # a pair with a hidden side prints neither number
    assert "not shown" in svg
