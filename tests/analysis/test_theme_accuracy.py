"""Theme coding measured against labelled answers: precision, recall and F1.

Micro-averaged over (answer, theme) pairs. Two sets: labelled_free_text.yaml (written
and labelled by the codebooks' author: an upper bound) and blind_free_text.yaml (written
and coded by two other coders from a guide, without seeing the codebooks; its holdout
half was never used to change them). The figures are written in docs/analysis.md; these
tests keep them from slipping below a floor. Run with ``-s`` to print them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from westcc_voice.analysis.text.codebook import load_codebooks
from westcc_voice.analysis.text.themes import code_answers

ROOT = Path(__file__).resolve().parents[2]
LABELLED = Path(__file__).resolve().parent / "data" / "labelled_free_text.yaml"
BLIND = Path(__file__).resolve().parent / "data" / "blind_free_text.yaml"
TUNE = Path(__file__).resolve().parent / "data" / "tune_free_text.yaml"
FLOOR = {"precision": 0.9, "recall": 0.85, "f1": 0.88}
#: the blind holdout, against the codes both coders gave (measured 2026-12-02:
#: precision 0.86, recall 0.76, F1 0.81)
BLIND_FLOOR = {"precision": 0.82, "recall": 0.72, "f1": 0.77}
#: the sets the codebooks were grown from (measured 2026-12-02: F1 0.94 and 0.86)
TUNE_F1_FLOOR = 0.82


def measure(split: str | None = None, codebook: str | None = None) -> dict[str, float]:
    books = load_codebooks(ROOT / "surveys" / "codebooks")
    answers = yaml.safe_load(LABELLED.read_text(encoding="utf-8"))["answers"]
    tp = fp = fn = n = 0
    for entry in answers:
        if split and entry["split"] != split or codebook and entry["codebook"] != codebook:
            continue
        got = set(code_answers([entry["text"]], books[entry["codebook"]]).themes[0])
        expected = set(entry["codes"])
        tp += len(got & expected)
        fp += len(got - expected)
        fn += len(expected - got)
        n += 1
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    return {"answers": n, "precision": precision, "recall": recall,
            "f1": 2 * precision * recall / (precision + recall)}


def test_labelled_set_has_at_least_150_answers():
    answers = yaml.safe_load(LABELLED.read_text(encoding="utf-8"))["answers"]
    assert len(answers) >= 150
    assert {e["split"] for e in answers} == {"dev", "holdout"}


@pytest.mark.parametrize("split", ["holdout", "dev", None])
def test_theme_coding_accuracy_stays_above_the_floor(split):
    result = measure(split)
    print(f"\n{split or 'all'}: {result}")
    for key, floor in FLOOR.items():
        assert result[key] >= floor, (key, result)


@pytest.mark.parametrize("codebook", ["themes", "aspirations"])
def test_each_codebook_is_accurate_on_its_holdout(codebook):
    result = measure("holdout", codebook)
    print(f"\nholdout {codebook}: {result}")
    assert result["f1"] >= FLOOR["f1"]


# --- the blind set --------------------------------------------------------------------


def blind_answers(split: str | None = None) -> list[dict]:
    answers = yaml.safe_load(BLIND.read_text(encoding="utf-8"))["answers"]
    return [e for e in answers if split is None or e["split"] == split]


def blind_pairs(answers: list[dict]) -> dict[str, set[tuple[str, str]]]:
    """(answer id, theme) pairs each coder and the codebook gave, and every pair that
    could have been given (each answer with each theme of its codebook)."""
    books = load_codebooks(ROOT / "surveys" / "codebooks")
    out: dict[str, set[tuple[str, str]]] = {"a": set(), "b": set(), "codebook": set(),
                                            "all": set()}
    for e in answers:
        book = books[e["codebook"]]
        out["a"] |= {(e["id"], t) for t in e["coder_a"]}
        out["b"] |= {(e["id"], t) for t in e["coder_b"]}
        out["codebook"] |= {(e["id"], t) for t in code_answers([e["text"]], book).themes[0]}
        out["all"] |= {(e["id"], t) for t in book.themes}
    return out


def scores(got: set, expected: set) -> dict[str, float]:
    tp, fp, fn = len(got & expected), len(got - expected), len(expected - got)
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    return {"precision": precision, "recall": recall,
            "f1": 2 * precision * recall / (precision + recall)}


def against_agreed(pairs: dict[str, set]) -> dict[str, float]:
    """The codebook against the codes both coders gave; pairs the coders disagree on
    count neither for nor against it."""
    disputed = pairs["a"] ^ pairs["b"]
    return scores(pairs["codebook"] - disputed, pairs["a"] & pairs["b"])


def kappa(universe: set, first: set, second: set) -> float:
    """Cohen's kappa over every (answer, theme) decision."""
    n = len(universe)
    agree = sum((u in first) == (u in second) for u in universe) / n
    p1, p2 = len(first & universe) / n, len(second & universe) / n
    chance = p1 * p2 + (1 - p1) * (1 - p2)
    return (agree - chance) / (1 - chance)


def test_blind_set_is_coded_twice_and_split_in_halves():
    answers = blind_answers()
    books = load_codebooks(ROOT / "surveys" / "codebooks")
    assert len(answers) == 240 and len({e["text"].lower() for e in answers}) == 240
    assert sum(e["split"] == "holdout" for e in answers) == 120
    for e in answers:
        themes = books[e["codebook"]].themes
        assert set(e["coder_a"]) <= set(themes) and set(e["coder_b"]) <= set(themes), e


def test_kappa_matches_a_hand_worked_table():
    # 10 decisions: both yes 3, both no 4, first only 2, second only 1.
    universe = set(range(10))
    first, second = {0, 1, 2, 3, 4}, {0, 1, 2, 5}
    # observed 0.7; chance 0.5 * 0.4 + 0.5 * 0.6 = 0.5; kappa (0.7 - 0.5) / 0.5 = 0.4
    assert kappa(universe, first, second) == pytest.approx(0.4)


def test_the_two_coders_agree_well_enough_to_measure_against():
    pairs = blind_pairs(blind_answers("holdout"))
    agreement = kappa(pairs["all"], pairs["a"], pairs["b"])
    print(f"\nblind holdout, coder A against coder B: kappa {agreement:.3f}")
    assert agreement >= 0.8


@pytest.mark.parametrize("split", ["holdout", "tune", None])
def test_blind_theme_coding_stays_above_its_floor(split):
    pairs = blind_pairs(blind_answers(split))
    result = against_agreed(pairs)
    result["kappa_a"] = kappa(pairs["all"], pairs["codebook"], pairs["a"])
    result["kappa_b"] = kappa(pairs["all"], pairs["codebook"], pairs["b"])
    print(f"\nblind {split or 'all'}: " + ", ".join(f"{k} {v:.3f}" for k, v in result.items()))
    for key, floor in BLIND_FLOOR.items():
        assert result[key] >= floor, (key, result)


#: F1 on the blind holdout per codebook (measured 2026-12-02: themes 0.76, aspirations
#: 0.91): themes is the harder job, with twice the themes and indirect wording
BLIND_F1_FLOOR = {"themes": 0.72, "aspirations": 0.86}


@pytest.mark.parametrize("codebook", ["themes", "aspirations"])
def test_blind_holdout_per_codebook(codebook):
    answers = [e for e in blind_answers("holdout") if e["codebook"] == codebook]
    result = against_agreed(blind_pairs(answers))
    print(f"\nblind holdout {codebook} ({len(answers)} answers): "
          + ", ".join(f"{k} {v:.3f}" for k, v in result.items()))
    assert result["f1"] >= BLIND_F1_FLOOR[codebook], result


@pytest.mark.parametrize("coder_set", ["c1", "c2"])
def test_the_sets_the_codebooks_were_grown_from_stay_coded(coder_set):
    books = load_codebooks(ROOT / "surveys" / "codebooks")
    answers = [e for e in yaml.safe_load(TUNE.read_text(encoding="utf-8"))["answers"]
               if e["set"] == coder_set]
    assert len(answers) == 200
    got = {(e["id"], t) for e in answers
           for t in code_answers([e["text"]], books[e["codebook"]]).themes[0]}
    result = scores(got, {(e["id"], t) for e in answers for t in e["codes"]})
    print(f"\ntune set {coder_set}: " + ", ".join(f"{k} {v:.3f}" for k, v in result.items()))
    assert result["f1"] >= TUNE_F1_FLOOR, result
