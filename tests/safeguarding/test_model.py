"""The safeguarding model: a second reading for urgency learned from the labelled sets.

Its sentences are the project's own, written for these tests (not from any set).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from westcc_voice.safeguarding import model as md
from westcc_voice.safeguarding.detect import Concern, most_severe, scan

DATA = Path(__file__).parents[1] / "data"


def _scanned(text: str) -> list[Concern]:
    """As the intake scans: the rules, then the model."""
    return md.with_model(text, scan(text))


@pytest.fixture(scope="module")
def trained() -> md.Model:
    model = md.current()
    assert model is not None, "the development sets are in tests/data"
    return model


@pytest.mark.parametrize("text", [
    "he waits for me outside school every day in a silver car and says im his special girl",
    "im sleeping at my mates most nights now cos i cant go back there",
    "there is a lad who gets me to drop off parcels round benwell and pays me in vapes",
])
def test_urgent_answers_no_rule_reads_are_flagged_urgent(trained, text):
    assert scan(text) == []  # the rules alone would store it without a flag
    found = _scanned(text)
    assert most_severe(found) == "urgent"
    assert found[-1].rule_id == md.RULE_ID and found[-1].category == "other_concern"
    assert "statistical reading" in found[-1].reason
    assert found[-1].phrase == ""  # the DSL reads the whole answer, not a "matched" part


def test_a_concern_it_reads_as_urgent_is_raised_in_the_rules_category(trained):
    text = "ive got everything ready in my bag for when i go, nobody will miss me"
    rules = scan(text)
    assert most_severe(rules) == "concern"
    found = _scanned(text)
    assert most_severe(found) == "urgent" and found[-1].category == rules[0].category


@pytest.mark.parametrize("text", [
    "i like football and my teacher is kind",
    "my brother is so annoying i could kill him lol",
    "exams are killing me but i want to be a nurse",
    "swimming lessons",
])
def test_ordinary_answers_are_left_alone(trained, text):
    assert _scanned(text) == scan(text)


def test_short_answers_and_urgent_ones_are_not_read_again():
    always = md.Model(intercept=50.0, parts=())  # reads everything as urgent
    assert md.with_model("a vet", [], always) == []
    urgent = scan("my dad hits me every night")
    assert md.with_model("my dad hits me every night", urgent, always) == urgent
    assert md.with_model("nothing to say about it really", [], always)[0].rule_id == md.RULE_ID


def test_the_plain_python_reading_is_scikit_learns(tmp_path):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline, make_union

    files = [DATA / "blind_dev_set_b.yaml", DATA / "blind_dev_set_e.yaml"]
    texts, urgent = md.training_answers(files)
    reference = make_pipeline(
        make_union(*[TfidfVectorizer(analyzer=kind, ngram_range=(low, high), min_df=2,
                                     sublinear_tf=True) for kind, low, high in md._PARTS]),
        LogisticRegression(C=4, class_weight="balanced", max_iter=2000)).fit(texts, urgent)
    ours = md.Model.of(md.train(files))
    sample = [*texts[::7], "ZZZ qqq", "i want  to\tdie", "Mam   SHOUTS at us"]
    expected = reference.predict_proba(sample)[:, 1]
    assert [ours.probability(t) for t in sample] == pytest.approx(list(expected), abs=1e-9)


def test_the_holdout_is_never_trained_on(tmp_path):
    path = tmp_path / "blind_dev_set_x.yaml"
    answers = [{"id": f"A{i}", "text": f"answer {i}", "split": split,
                "reference": {"safeguarding": "urgent"}}
               for i, split in enumerate(["tune", "holdout", "tune", "holdout"])]
    path.write_text(yaml.safe_dump({"answers": answers}), "utf-8")
    texts, _ = md.training_answers([path])
    assert texts == ["answer 0", "answer 2"]


def test_the_model_is_kept_in_the_instance_and_read_back(tmp_path, monkeypatch):
    monkeypatch.setenv("WESTCC_SAFEGUARDING_MODEL_DIR", str(tmp_path))
    monkeypatch.setattr(md, "training_files", lambda: [DATA / "blind_dev_set_e.yaml"])
    monkeypatch.setattr(md, "_LOADED", {})
    first = md.current()
    kept = list(tmp_path.glob("safeguarding-model-*.json"))
    assert first is not None and len(kept) == 1
    monkeypatch.setattr(md, "_LOADED", {})
    monkeypatch.setattr(md, "train", lambda files: pytest.fail("trained again"))
    again = md.current()
    assert again.probability("he hits me") == first.probability("he hits me")


def test_without_the_development_sets_the_rules_decide_alone(tmp_path, monkeypatch, caplog):
    monkeypatch.setenv("WESTCC_SAFEGUARDING_MODEL_DIR", str(tmp_path))
    monkeypatch.setattr(md, "training_files", lambda: [])
    monkeypatch.setattr(md, "_LOADED", {})
    assert md.current() is None
    assert "rules alone" in caplog.text
    text = "he waits for me outside school every day in a silver car"
    assert md.with_model(text, scan(text)) == scan(text)


def test_the_cross_check_scores_each_set_with_a_model_that_never_saw_it(monkeypatch):
    from westcc_voice.safeguarding import measure

    sets = [DATA / "blind_dev_set_b.yaml", DATA / "blind_dev_set_e.yaml"]
    monkeypatch.setattr(md, "training_files", lambda: sets)
    trained_on = []
    real_train = md.train
    monkeypatch.setattr(md, "train", lambda files: trained_on.append(files) or real_train(files))
    results = list(md.leave_one_set_out([0.2, 0.5, 0.9]))
    assert trained_on == [[sets[1]], [sets[0]]]
    for held, path in zip(results, sets, strict=True):
        figures = measure.tally(measure.run(
            [a for a in measure.read_labelled(path) if a.split == "tune"]))["all"]
        assert held.name == path.name and held.urgent == figures.urgent
        assert held.rules == figures.urgent_flagged_urgent
        # a lower threshold reads at least as many answers as urgent, never fewer
        assert held.rules <= held.as_urgent[0.9] <= held.as_urgent[0.5] <= held.as_urgent[0.2]
        assert held.raised[0.9] <= held.raised[0.5] <= held.raised[0.2]
