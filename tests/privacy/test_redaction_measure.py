"""`flask redaction measure`: figures worked by hand on a small file (see its header)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import gen_school
from westcc_voice.privacy.redaction import redact
from westcc_voice.privacy.redaction.measure import (
    MeasureError,
    identifier_kind,
    is_removed,
    load_labelled,
    measure,
)

SMALL = Path(__file__).parent / "data" / "redaction_small.yaml"


def test_the_small_file_measures_as_worked_by_hand():
    results = measure(load_labelled(SMALL), lambda text: redact(text).text)
    assert list(results) == ["tune", "holdout"]
    tune, holdout = results["tune"], results["holdout"]
    assert (tune.answers, tune.clean) == (7, 3)
    assert [i for i, _ in tune.changed] == ["T3"]
    assert tune.by_kind == {"name": [2, 3], "staff": [1, 1], "phone": [1, 1],
                            "school": [1, 1]}
    assert [(i, ident) for i, ident, _ in tune.missed] == [("T7", "grace")]
    assert (holdout.answers, holdout.clean, holdout.changed) == (2, 1, [])
    assert holdout.by_kind == {"postcode": [1, 1]}


@pytest.mark.parametrize(("identifier", "original", "redacted", "removed"), [
    ("Mrs Patel", "ask Mrs Patel", "ask Mrs [name]", True),
    ("Jayden Smith", "Jayden Smith hit me", "[name] Smith hit me", False),
    ("jayden", "jayden said jayden's mam", "[name] said jayden's mam", False),
    ("Hill", "Hill lives up the hill", "[name] lives up the hill", True),
    ("07700 900123", "ring 07700 900123", "ring [phone]", True),
    # inside an answer typed without spaces: removed when it is no longer there
    ("mrsmith", "mrsmithisthebest", "mr[name]isthebest", True),
    ("mrsmith", "mrsmithisthebest", "mrsmithisthebest", False),
])
def test_an_identifier_is_removed_only_when_none_of_its_words_is_left(
        identifier, original, redacted, removed):
    assert is_removed(identifier, original, redacted) is removed


@pytest.mark.parametrize(("identifier", "kind"), [
    ("Mrs Patel", "staff"), ("mr robson", "staff"), ("Kacper", "name"),
    ("Westgate Hill Primary", "school"), ("07700 900123", "phone"),
    ("jay2013@gmail.com", "email"), ("NE4 6SB", "postcode"), ("ne15", "postcode"),
    ("12 Elswick Road", "address"), ("Stanhope Street", "address"),
    ("@ellie_mae", "handle"), ("www.example.org", "link"),
])
def test_identifiers_are_counted_by_kind(identifier, kind):
    assert identifier_kind(identifier) == kind


def test_a_partnership_school_is_counted_as_a_school_without_saying_so():
    assert identifier_kind("Hadrian Fields") == "name"
    assert identifier_kind("Hadrian Fields", ["Hadrian Fields Primary"]) == "school"


@pytest.mark.parametrize(("body", "message"), [
    ("answers: 3\n", "answers: expected a list of answers"),
    ("answers:\n- {id: A, split: tune, text: hi, reference: {identifiers: [bob]}}\n",
     "'bob' does not occur in the text"),
    ("answers:\n- {id: A, split: tune, text: hi}\n",
     "reference: expected a mapping with identifiers"),
    ("answers:\n- {id: A, split: tune, text: hi, reference: {identifiers: []}}\n"
     "- {id: A, split: tune, text: ho, reference: {identifiers: []}}\n",
     "expected a unique id"),
    ("answers:\n- {id: A, text: hi, reference: {identifiers: []}}\n",
     "split: expected a split"),
])
def test_a_bad_file_is_refused_naming_file_line_and_field(tmp_path, body, message):
    path = tmp_path / "bad.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(MeasureError) as err:
        load_labelled(path)
    assert str(err.value).startswith(f"{path}:") and message in str(err.value)


def test_the_command_reports_both_splits_and_the_tune_ids(runner):
    result = runner.invoke(args=["redaction", "measure", str(SMALL)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    table = next(i for i, line in enumerate(lines) if line.split() == ["tune", "holdout"])
    changed = lines[table + 2]
    assert changed.startswith("without identifiers, changed")
    assert "1/3 (33.3 %)" in changed and changed.endswith("0/1 (0.0 %)")
    assert any(line.split()[:2] == ["name", "2/3"] for line in lines)
    assert "Answers without identifiers changed (tune): T3" in lines
    assert "Identifiers missed (tune): T7" in lines
    assert "H1" not in result.output and "H2" not in result.output


def test_the_command_uses_the_partnerships_schools_from_the_database(runner, db, tmp_path):
    gen_school(db, name="Moorside Community Primary School")
    db.commit()
    path = tmp_path / "schools.yaml"
    path.write_text(
        "answers:\n- {id: S1, split: tune, text: i go to moorside, "
        "reference: {identifiers: [moorside]}}\n", encoding="utf-8")
    result = runner.invoke(args=["redaction", "measure", str(path)])
    assert result.exit_code == 0, result.output
    assert "1 schools" in result.output
    assert any(line.split()[:2] == ["school", "1/1"] for line in result.output.splitlines())
    assert "Identifiers missed (tune): none" in result.output


def test_the_command_refuses_a_split_with_no_answers(runner):
    result = runner.invoke(args=["redaction", "measure", str(SMALL), "--split", "dev"])
    assert result.exit_code == 1
    assert "no answers with split 'dev'" in result.output
