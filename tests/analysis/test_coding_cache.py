"""Answers coded once per process, and never reused by a codebook that changed."""

from __future__ import annotations

import copy

from westcc_voice.analysis.build import coded_answers
from westcc_voice.analysis.text.codebook import load_codebooks
from westcc_voice.analysis.text.themes import code_answers


def test_the_same_codebook_reuses_its_coded_answers_and_a_changed_one_does_not():
    book = load_codebooks()["themes"]
    again = load_codebooks()["themes"]  # read afresh, as each Summary does
    cache = coded_answers(book)
    assert coded_answers(again) is cache

    first = code_answers(["the park near my house is canny"], book, cache)
    assert "the park near my house is canny" in cache

    changed = copy.deepcopy(book)
    theme = next(iter(changed.themes.values()))
    theme.label = theme.label + " (renamed)"
    other = coded_answers(changed)
    # a codebook whose content differs in any way starts with nothing coded
    assert other is not cache and "the park near my house is canny" not in other
    recoded = code_answers(["the park near my house is canny"], changed, other)
    assert recoded.themes[0] == first.themes[0] and "parks_play" in first.themes[0]
