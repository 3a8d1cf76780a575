"""Redaction on answers its rules were not written from.

tests/analysis/data/blind_free_text.yaml and tune_free_text.yaml hold 640 answers
written blind by others in the voices of pupils, parents and community members, none
with an identifier. Every change redaction makes to one of them is a respondent's
words lost for good; the target is fewer than 1 in 100 answers changed.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from westcc_voice.privacy.redaction import redact

DATA = Path(__file__).parents[1] / "analysis" / "data"


def test_fewer_than_one_in_a_hundred_answers_without_identifiers_is_changed():
    texts = []
    for name in ("blind_free_text.yaml", "tune_free_text.yaml"):
        texts += [a["text"] for a in yaml.safe_load((DATA / name).read_text("utf-8"))["answers"]]
    assert len(texts) == 640
    changed = [(t, redact(t).text) for t in texts if redact(t).changed]
    assert len(changed) < len(texts) / 100, changed
