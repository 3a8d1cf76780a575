"""Theme coding measured against labelled answers: precision, recall, F1 and kappa.

Micro-averaged over (answer, theme) pairs, by westcc_voice.analysis.text.accuracy (whose
arithmetic is checked here on hand-worked sets). Three sets in tests/analysis/data:

- blind_free_text.yaml: written and coded by two coders from a guide, blind to each
  other and to the codebooks; its holdout half was never used to change them. The
  figures to quote.
- tune_free_text.yaml: 400 more answers from the same guide, used to grow the codebooks.
- labelled_free_text.yaml: written and labelled by the codebooks' author (an upper bound).

The figures are written in docs/analysis.md; these tests keep them from slipping below
a floor. Run with ``-s`` to print them, or ``flask codebooks measure FILE``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from westcc_voice.analysis.text import accuracy
from westcc_voice.analysis.text.codebook import CodebookError, load_codebooks, parse_codebook
from westcc_voice.analysis.text.language import is_english

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parent / "data"
LABELLED = DATA / "labelled_free_text.yaml"
BLIND = DATA / "blind_free_text.yaml"
TUNE = DATA / "tune_free_text.yaml"
#: the author's set (measured 2026-12-02: holdout 0.95, 0.99, 0.97)
FLOOR = {"precision": 0.9, "recall": 0.85, "f1": 0.88}
#: the blind holdout, against the codes both coders gave (measured 2026-12-02:
#: precision 0.86, recall 0.76, F1 0.81)
BLIND_FLOOR = {"precision": 0.82, "recall": 0.72, "f1": 0.77}
#: F1 on the blind holdout per codebook (measured 2026-12-02: themes 0.76, aspirations
#: 0.91): themes is the harder job, with twice the themes and indirect wording
BLIND_F1_FLOOR = {"themes": 0.72, "aspirations": 0.86}
#: the sets the codebooks were grown from (measured 2026-12-02: F1 0.94 and 0.86)
TUNE_F1_FLOOR = 0.82


@pytest.fixture(scope="module")
def books():
    return load_codebooks(ROOT / "surveys" / "codebooks")


def measured(path: Path, books, split: str | None = None,
             codebook: str | None = None) -> accuracy.Accuracy:
    answers = [a for a in accuracy.load_labelled(path, books)
               if (split is None or a.split == split)
               and (codebook is None or a.codebook == codebook)]
    result = accuracy.measure(answers, books)
    print(f"\n{path.name} {split or 'all'} {codebook or ''}: {result}")
    return result


def figures(result: accuracy.Accuracy) -> dict[str, float | None]:
    return {"precision": result.precision, "recall": result.recall, "f1": result.f1}


# --- the arithmetic, by hand --------------------------------------------------------------

TOY = {"id": "toy", "name": "Toy", "themes": [
    {"id": "parks", "tags": ["cc.community"], "phrases": ["park"]},
    {"id": "friends", "tags": ["cc.social"], "phrases": ["friends"]},
    {"id": "litter", "tags": ["cc.community"], "phrases": ["litter"]},
]}


def test_kappa_matches_a_hand_worked_table():
    # 10 decisions: both yes 3, both no 4, first only 2, second only 1.
    universe = set(range(10))
    first, second = {0, 1, 2, 3, 4}, {0, 1, 2, 5}
    # observed 0.7; chance 0.5 * 0.4 + 0.5 * 0.6 = 0.5; kappa (0.7 - 0.5) / 0.5 = 0.4
    assert accuracy.kappa(universe, first, second) == pytest.approx(0.4)


def test_measure_counts_pairs_and_leaves_out_what_the_coders_dispute(tmp_path):
    books = {"toy": parse_codebook(TOY, "toy.yaml")}
    path = tmp_path / "labelled.yaml"
    path.write_text("""answers:
- {id: 1, codebook: toy, text: park friends, coder_a: [parks, friends], coder_b: [parks, friends]}
- {id: 2, codebook: toy, text: "litter in the park", coder_a: [litter], coder_b: [litter, parks]}
- {id: 3, codebook: toy, text: "nowhere to go", coder_a: [friends], coder_b: [friends]}
- {id: 4, codebook: toy, text: "my friends", coder_a: [], coder_b: []}
""", encoding="utf-8")
    result = accuracy.measure(accuracy.load_labelled(path, books), books)
    # codebook: 1 parks, friends; 2 parks, litter; 3 none; 4 friends.
    # agreed: 1 parks, friends; 2 litter; 3 friends. Disputed: 2 parks (left out).
    # tp 3 (1 parks, 1 friends, 2 litter); fp 1 (4 friends); fn 1 (3 friends)
    assert (result.true_positives, result.false_positives, result.false_negatives) == (3, 1, 1)
    assert result.precision == pytest.approx(0.75) and result.recall == pytest.approx(0.75)
    assert result.f1 == pytest.approx(0.75)
    # coders over 12 decisions: they differ on one (2, parks); A yes 4, B yes 5.
    # observed 11/12; chance (4/12)(5/12) + (8/12)(7/12) = 76/144; kappa = 0.8235...
    assert result.kappa_coders == pytest.approx((11 / 12 - 76 / 144) / (1 - 76 / 144))


def test_a_labelled_file_with_an_unknown_theme_is_refused_by_line(tmp_path):
    books = {"toy": parse_codebook(TOY, "toy.yaml")}
    path = tmp_path / "labelled.yaml"
    path.write_text("answers:\n- {codebook: toy, text: park, codes: [parks]}\n"
                    "- {codebook: toy, text: swings, codes: [playgrounds]}\n",
                    encoding="utf-8")
    with pytest.raises(CodebookError, match=r"labelled.yaml:3: answers\[1\]\.codes: "
                                            "'playgrounds' is not a theme of codebook toy"):
        accuracy.load_labelled(path, books)


# --- the author's set (an upper bound) ----------------------------------------------------


def test_labelled_set_has_at_least_150_answers(books):
    answers = accuracy.load_labelled(LABELLED, books)
    assert len(answers) >= 150
    assert {a.split for a in answers} == {"dev", "holdout"}


@pytest.mark.parametrize("split", ["holdout", "dev", None])
def test_theme_coding_accuracy_stays_above_the_floor(books, split):
    result = figures(measured(LABELLED, books, split))
    for key, floor in FLOOR.items():
        assert result[key] >= floor, (key, result)


@pytest.mark.parametrize("codebook", ["themes", "aspirations"])
def test_each_codebook_is_accurate_on_its_holdout(books, codebook):
    assert measured(LABELLED, books, "holdout", codebook).f1 >= FLOOR["f1"]


# --- the blind set (the figures to quote) -------------------------------------------------


def test_blind_set_is_coded_twice_and_split_in_halves(books):
    answers = accuracy.load_labelled(BLIND, books)  # refuses unknown themes
    assert len(answers) == 240 and len({a.text.lower() for a in answers}) == 240
    assert sum(a.split == "holdout" for a in answers) == 120
    assert all(len(a.coders) == 2 for a in answers)


def test_the_two_coders_agree_well_enough_to_measure_against(books):
    assert measured(BLIND, books, "holdout").kappa_coders >= 0.8


@pytest.mark.parametrize("split", ["holdout", "tune", None])
def test_blind_theme_coding_stays_above_its_floor(books, split):
    result = figures(measured(BLIND, books, split))
    for key, floor in BLIND_FLOOR.items():
        assert result[key] >= floor, (key, result)


@pytest.mark.parametrize("codebook", ["themes", "aspirations"])
def test_blind_holdout_per_codebook(books, codebook):
    assert measured(BLIND, books, "holdout", codebook).f1 >= BLIND_F1_FLOOR[codebook]


@pytest.mark.parametrize("coder_set", ["c1", "c2"])
def test_the_sets_the_codebooks_were_grown_from_stay_coded(books, coder_set):
    result = measured(TUNE, books, coder_set)
    assert result.answers == 200
    assert result.f1 >= TUNE_F1_FLOOR


def test_no_english_answer_in_any_set_is_set_aside_as_not_english(books):
    # These include answers from parents writing in a second language, with grammar
    # slips ("My daughter have no friend here since we move from London"): they must be
    # coded, not set aside for a person as if they were in another language.
    texts = [a.text for path in (BLIND, TUNE, LABELLED)
             for a in accuracy.load_labelled(path, books)]
    assert len(texts) > 800
    assert [t for t in texts if not is_english(t)] == []
