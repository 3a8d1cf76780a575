"""Theme coding measured against the labelled set: precision, recall and F1.

Micro-averaged over (answer, theme) pairs. The figures are written in docs/analysis.md;
this test keeps them from slipping below a floor. Run with ``-s`` to print them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from westcc_voice.analysis.text.codebook import load_codebooks
from westcc_voice.analysis.text.themes import code_answers

ROOT = Path(__file__).resolve().parents[2]
LABELLED = Path(__file__).resolve().parent / "data" / "labelled_free_text.yaml"
FLOOR = {"precision": 0.9, "recall": 0.85, "f1": 0.88}


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
