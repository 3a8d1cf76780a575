"""Safeguarding scan: rules as data, children's spellings, recall and false positives."""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path

import pytest
import yaml

from westcc_voice.privacy.redaction import redact
from westcc_voice.safeguarding import Concern, scan
from westcc_voice.safeguarding.detect import load_rules, normalise, parse_rules

DATA = yaml.safe_load(
    (Path(__file__).parent / "data" / "disclosures.yaml").read_text(encoding="utf-8")
)
MUST_FLAG = DATA["must_flag"]
MUST_NOT_FLAG = DATA["must_not_flag"]

#: At most this share of ordinary answers may be flagged (the DSL queue must stay usable).
FALSE_POSITIVE_CEILING = 0.05

RULES = load_rules()
EXAMPLES = [(rule.id, example) for rule in RULES.rules for example in rule.examples]


def categories(text: str) -> set[str]:
    return {c.category for c in scan(text)}


def rule_ids(text: str) -> set[str]:
    return {c.rule_id for c in scan(text)}


# --------------------------------------------------------------------- the rules file


def test_rules_load_once_and_are_complete():
    assert load_rules() is RULES
    assert len(RULES.rules) >= 30
    used = {rule.category for rule in RULES.rules}
    assert used == set(RULES.categories), "every category has a rule and vice versa"
    for rule in RULES.rules:
        assert rule.note, rule.id
        assert rule.examples, f"{rule.id} needs examples"
        assert "." in rule.id, rule.id


@pytest.mark.parametrize(("rule_id", "example"), EXAMPLES, ids=[f"{r}:{e}" for r, e in EXAMPLES])
def test_each_rule_catches_its_own_examples(rule_id, example):
    assert rule_id in rule_ids(example)


def test_bad_rules_files_are_refused():
    base = {"categories": {"general": "x"}, "rules": [
        {"id": "a", "category": "general", "pattern": r"\bhelp\b"}]}
    assert parse_rules(base).rules[0].id == "a"
    with pytest.raises(ValueError, match="unknown fragment"):
        parse_rules({**base, "rules": [{"id": "a", "category": "general", "pattern": "{nope}"}]})
    with pytest.raises(ValueError, match="bad pattern"):
        parse_rules({**base, "rules": [{"id": "a", "category": "general", "pattern": "(x"}]})
    with pytest.raises(ValueError, match="unknown category"):
        parse_rules({**base, "rules": [{"id": "a", "category": "other", "pattern": "x"}]})
    with pytest.raises(ValueError, match="repeated id"):
        parse_rules({**base, "rules": base["rules"] * 2})
    with pytest.raises(ValueError):
        parse_rules(["not", "a", "mapping"])


# --------------------------------------------------------------------- the labelled set


def test_labelled_set_is_big_enough():
    assert len(MUST_FLAG) >= 50
    assert len(MUST_NOT_FLAG) >= 60


def test_recall_is_total_on_the_must_flag_set():
    missed = [item for item in MUST_FLAG if item["category"] not in categories(item["text"])]
    assert not missed, "missed disclosures:\n" + "\n".join(
        f"  {m['category']}: {m['text']!r} -> {sorted(categories(m['text']))}" for m in missed
    )


def test_false_positives_stay_under_the_ceiling():
    flagged = [t for t in MUST_NOT_FLAG if scan(t)]
    rate = len(flagged) / len(MUST_NOT_FLAG)
    assert rate <= FALSE_POSITIVE_CEILING, (
        f"{len(flagged)}/{len(MUST_NOT_FLAG)} ordinary answers flagged: "
        + "; ".join(f"{t!r} {sorted(rule_ids(t))}" for t in flagged)
    )


# --------------------------------------------------------------------- how children write


@pytest.mark.parametrize(("text", "category"), [
    ("he is hurtin me", "physical_harm"),
    ("my brother hitts me", "physical_harm"),
    ("i want to kil myself", "self_harm"),
    ("i wanna die", "self_harm"),
    ("hes hitting me", "physical_harm"),
    ("me dad batters me", "physical_harm"),
    ("me mam's boyfriend hits her", "domestic_abuse"),
    ("he hits our kid", "physical_harm"),
    ("i dont want to live", "self_harm"),
    ("I DONT WANT TO LIVE", "self_harm"),
    ("i don’t want to live", "self_harm"),
    ("I WANT TO DIEEEE", "self_harm"),
    ("nobdy feeds me", "neglect"),
    ("im scard to go home", "general"),
    ("sum1 is hurting me", "general"),
    ("i want 2 die", "self_harm"),
])
def test_spellings_dialect_caps_and_apostrophes(text, category):
    assert category in categories(text), normalise(text)


@pytest.mark.parametrize("text", [
    "I don't want to live",
    "nobody hits me any more",
    "he doesnt hit me now",
    "i never said i want to die",
])
def test_negation_never_suppresses_a_flag(text):
    assert scan(text)


@pytest.mark.parametrize("text", [
    "I want to be a doctor and help people who get hurt",
    "my dog died",
    "I hit the ball",
    "I hate maths",
    "my brother beat me at fifa",
    "I hurt myself playing football",
    "i kicked my brother by accident",
])
def test_ordinary_answers_do_not_flag(text):
    assert scan(text) == []


def test_an_innocent_phrase_elsewhere_does_not_hide_a_disclosure():
    # The "unless" of a rule looks only at a few words around the match.
    text = ("i hurt myself playing football last year and i like football but at home "
            "when im sad i hurt myself on purpose and i cut myself")
    assert "self_harm.cut_myself" in rule_ids(text)
    assert "self_harm.hurt_myself" in rule_ids(text)


def test_flags_do_not_cross_sentences():
    assert "physical.adult_hits" not in rule_ids("my dad. hits")
    assert "physical.adult_hits" in rule_ids("my dad hits")


# --------------------------------------------------------------------- the Concern


def test_concern_carries_category_phrase_as_written_and_rule():
    concerns = scan("Me DAD hitts me!! and I WANNA die")
    assert all(isinstance(c, Concern) for c in concerns)
    by_rule = {c.rule_id: c for c in concerns}
    assert by_rule["physical.hits_me"].phrase == "hitts me"
    assert by_rule["physical.hits_me"].category == "physical_harm"
    assert by_rule["self_harm.want_to_die"].phrase == "WANNA die"
    # in the order they appear in the text
    assert [c.rule_id for c in concerns].index("self_harm.want_to_die") == len(concerns) - 1
    with pytest.raises(dataclasses.FrozenInstanceError):
        concerns[0].category = "x"


def test_one_concern_per_rule():
    concerns = scan("he hits me. he hits me again. he hits me every day")
    assert [c.rule_id for c in concerns].count("physical.hits_me") == 1


def test_scan_takes_raw_text_before_redaction():
    raw = "jayden smith hits me and my number is 07700 900123"
    assert "physical_harm" in categories(raw)
    redacted = redact(raw).text
    assert "jayden" not in redacted.lower()
    # The scan is meant for the original; it still works on the redacted text too.
    assert "physical_harm" in categories(redacted)


@pytest.mark.parametrize("text", [
    "",
    "   ",
    "أبي يضربني",  # Arabic
    "Tata mnie bije i boję się wracać do domu",  # Polish with diacritics
    "😀😀😀",
    "!!!???...",
    "a" * 10_000,
])
def test_any_text_is_scanned_without_error(text):
    assert isinstance(scan(text), list)


def test_scan_refuses_non_text():
    with pytest.raises(TypeError):
        scan(None)  # type: ignore[arg-type]


def test_scan_is_fast_enough_for_every_answer():
    answers = [item["text"] for item in MUST_FLAG] + list(MUST_NOT_FLAG)
    batch = (answers * (1000 // len(answers) + 1))[:1000]
    start = time.perf_counter()
    for text in batch:
        scan(text)
    elapsed = time.perf_counter() - start
    assert elapsed < 5.0, f"{elapsed:.2f}s per 1,000 answers"
