"""Chart colours stay apart for colour-blind readers and on a greyscale printer."""

from __future__ import annotations

import itertools

import pytest

from westcc_voice.briefings import palette

#: Smallest lightness step (CIE L*) a reader can tell apart on a photocopy.
MIN_STEP = 8.0


@pytest.mark.parametrize("count", [2, 3, 4, 5, 7, 11])
def test_ordered_answers_get_darker_in_even_steps_readable_in_greyscale(count):
    steps = [f.lightness for f in palette.ordered_fills(count)]
    assert steps == sorted(steps, reverse=True), "lowest answer palest, highest darkest"
    gaps = [a - b for a, b in itertools.pairwise(steps)]
    assert min(gaps) >= (MIN_STEP if count <= 7 else 6.0)
    assert max(gaps) - min(gaps) < 3, "even steps"


@pytest.mark.parametrize("values,ordered", [
    ([1, 2, 3, 4, 5, "prefer_not_to_say", "no_answer"], True),
    ([1, 2, 3, 4, 5, 6, 7, "prefer_not_to_say", "no_answer"], True),
    (["yes", "no", "not_sure", "no_answer"], False),
    (["a", "b", "c", "d", "e", "f", "g", "h", "prefer_not_to_say", "no_answer"], False),
])
def test_every_two_segments_of_a_chart_differ_in_lightness_or_hatching(values, ordered):
    fills = palette.fills_for(values, ordered=ordered) + [palette.Fill(*palette.NOT_SHOWN)]
    for a, b in itertools.combinations(fills, 2):
        assert abs(a.lightness - b.lightness) >= MIN_STEP or a.hatch != b.hatch, (a, b)


def test_unordered_answers_use_the_okabe_ito_palette_with_hatching():
    fills = palette.nominal_fills(8)
    assert {f.colour for f in fills} <= set(palette.OKABE_ITO.values())
    hatched = [f.hatch for f in fills if f.hatch]
    assert len(set(hatched)) == len(hatched) >= 5


def test_labels_inside_bars_contrast_with_their_fill():
    for fill in palette.ordered_fills(5) + palette.nominal_fills(8):
        text = palette.lightness(fill.text_colour)
        assert abs(text - fill.lightness) >= 45, fill


def test_luminance_matches_known_values():
    assert palette.luminance("#FFFFFF") == pytest.approx(1.0)
    assert palette.luminance("#000000") == pytest.approx(0.0)
    assert palette.lightness("#777777") == pytest.approx(50.0, abs=1.0)
