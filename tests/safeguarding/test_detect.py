"""Safeguarding scan: rules as data, children's spellings, recall and false positives."""

from __future__ import annotations

import dataclasses
import re
import time
from pathlib import Path

import pytest
import yaml

from westcc_voice.privacy.redaction import redact
from westcc_voice.safeguarding import Concern, scan
from westcc_voice.safeguarding.detect import (
    RulesError,
    languages_with_rules,
    load_categories,
    load_rules,
    most_severe,
    normalise,
    parse_rules,
)

DATA = yaml.safe_load(
    (Path(__file__).parent / "data" / "disclosures.yaml").read_text(encoding="utf-8")
)["answers"]
MUST_FLAG = [a for a in DATA if a["reference"]["safeguarding"] != "none"]
MUST_NOT_FLAG = [a["text"] for a in DATA if a["reference"]["safeguarding"] == "none"]

#: At most this share of ordinary answers may be flagged (the DSL queue must stay usable).
FALSE_POSITIVE_CEILING = 0.05

RULES = load_rules()
EXAMPLES = [(lang, rule.id, example) for lang in languages_with_rules()
            for rule in load_rules(lang).rules for example in rule.examples]
NOT_EXAMPLES = [(lang, rule.id, example) for lang in languages_with_rules()
                for rule in load_rules(lang).rules for example in rule.not_examples]


def categories(text: str) -> set[str]:
    return {c.category for c in scan(text)}


def rule_ids(text: str) -> set[str]:
    return {c.rule_id for c in scan(text)}


# --------------------------------------------------------------------- the rules file


def test_rules_load_once_and_are_complete():
    assert load_rules() is RULES
    assert len(RULES.rules) >= 30
    used = {rule.category for rule in RULES.rules}
    assert used == set(load_categories()), "every category has an English rule and vice versa"
    for lang in languages_with_rules():
        for rule in load_rules(lang).rules:
            assert rule.reason and rule.severity in ("urgent", "concern"), rule.id
            assert rule.examples, f"{lang} {rule.id} needs examples"
            assert "." in rule.id, rule.id


@pytest.mark.parametrize(("lang", "rule_id", "example"), EXAMPLES,
                         ids=[f"{lang}:{r}:{e}" for lang, r, e in EXAMPLES])
def test_each_rule_catches_its_own_examples(lang, rule_id, example):
    assert rule_id in {c.rule_id for c in scan(example, languages=[lang])}


@pytest.mark.parametrize(("lang", "rule_id", "example"), NOT_EXAMPLES,
                         ids=[f"{lang}:{r}:{e}" for lang, r, e in NOT_EXAMPLES])
def test_no_rule_catches_what_it_says_it_must_not(lang, rule_id, example):
    assert rule_id not in {c.rule_id for c in scan(example, languages=[lang])}


def test_bad_rules_files_are_refused_naming_the_rule_and_field():
    cats = {"other_concern": "x"}
    rule = {"id": "a.b", "category": "other_concern", "severity": "concern",
            "reason": "Asks for help.", "pattern": r"\bhelp\b"}
    base = {"language": "en", "rules": [rule]}
    assert parse_rules(base, cats).rules[0].id == "a.b"
    bad = [
        ({"pattern": "{nope}"}, "rule a.b uses unknown fragment"),
        ({"pattern": "(x"}, "rule a.b: bad pattern"),
        ({"category": "other"}, "rule a.b: unknown category 'other'"),
        ({"severity": "high"}, "rule a.b: field 'severity' must be 'urgent' or 'concern'"),
        ({"reason": ""}, "rule a.b: field 'reason' is missing"),
        ({"negation": "sometimes"}, "rule a.b: field 'negation'"),
    ]
    for change, message in bad:
        with pytest.raises(RulesError, match=re.escape(message)):
            parse_rules({**base, "rules": [{**rule, **change}]}, cats, "xx.yaml")
    with pytest.raises(RulesError, match="repeated id"):
        parse_rules({**base, "rules": [rule, rule]}, cats)
    with pytest.raises(RulesError, match="'language' is missing"):
        parse_rules({"rules": [rule]}, cats)
    with pytest.raises(RulesError):
        parse_rules(["not", "a", "mapping"], cats)
    with pytest.raises(RulesError, match="'endings' must map an ending"):
        parse_rules({**base, "endings": ["in", "ing"]}, cats)



ESCALATIONS = [(lang, sign.id, example, must) for lang in languages_with_rules()
               for sign in load_rules(lang).escalations
               for must, examples in ((True, sign.examples), (False, sign.not_examples))
               for example in examples]


def test_every_escalation_has_examples():
    for lang in languages_with_rules():
        for sign in load_rules(lang).escalations:
            assert sign.reason and sign.examples and "." in sign.id, sign.id


@pytest.mark.parametrize(("lang", "sign_id", "example", "must"), ESCALATIONS,
                         ids=[f"{lang}:{s}:{e}" for lang, s, e, _ in ESCALATIONS])
def test_each_escalation_raises_its_examples_and_not_its_not_examples(lang, sign_id, example,
                                                                      must):
    concerns = scan(example)
    raised = [c for c in concerns if c.rule_id == sign_id]
    assert bool(raised) == must
    if must:
        # a concern it raises was found too; the urgent finding takes the sign's own
        # category, or that concern's
        sign = next(s for s in load_rules(lang).escalations if s.id == sign_id)
        below = [c for c in concerns if c.severity == "concern"
                 and (not sign.after or c.category in sign.after)]
        assert raised[0].severity == "urgent" and below
        assert raised[0].category == (sign.category or below[0].category)


def test_a_sign_of_danger_alone_flags_nothing_and_an_urgent_answer_gets_no_second():
    assert scan("tonight feels worse than ever") == []
    assert scan("i love my nan, she says if i eat all my tea im dead strong") == []
    urgent = scan("my dad hits me and i have nowhere to sleep tonight")
    assert not any(c.rule_id.startswith("escalate.") for c in urgent)
    negated = scan("i get called names but nobody has a knife to my face")
    assert not any(c.rule_id.startswith("escalate.") for c in negated)


def test_bad_escalations_are_refused_naming_the_entry():
    cats = {"other_concern": "x"}
    rule = {"id": "a.b", "category": "other_concern", "severity": "concern",
            "reason": "Asks for help.", "pattern": r"\bhelp\b"}
    sign = {"id": "escalate.x", "reason": "Danger now.", "pattern": r"\btonight\b"}
    base = {"language": "en", "rules": [rule]}
    assert parse_rules({**base, "escalate": [sign]}, cats).escalations[0].id == "escalate.x"
    for change in ({"reason": ""}, {"pattern": ""}, {"id": "a.b"}):
        with pytest.raises(RulesError, match="escalate"):
            parse_rules({**base, "escalate": [{**sign, **change}]}, cats)
    with pytest.raises(RulesError, match="escalate escalate.x: bad pattern"):
        parse_rules({**base, "escalate": [{**sign, "pattern": "(x"}]}, cats)
    with pytest.raises(RulesError, match="escalate escalate.x: field 'after' names unknown"):
        parse_rules({**base, "escalate": [{**sign, "after": ["bullying"]}]}, cats)
    with pytest.raises(RulesError, match="escalate escalate.x: unknown category 'suicidal'"):
        parse_rules({**base, "escalate": [{**sign, "category": "suicidal"}]}, cats)
    with pytest.raises(RulesError, match="rule a.b: field 'after' is only for escalate"):
        parse_rules({"language": "en", "rules": [{**rule, "after": ["other_concern"]}]}, cats)


def test_a_sign_with_after_raises_only_those_kinds_and_names_its_own_category():
    """A plan said beside a wish not to be here makes the answer urgent and suicidal; the
    same words beside bullying raise nothing (the sign is only for those kinds)."""
    wish = scan("nobody would notice if i wasnt here. i stood on the edge of the roof")
    raised = [c for c in wish if c.rule_id == "escalate.plan_or_means"]
    assert raised and raised[0].category == "suicidal" and raised[0].severity == "urgent"
    bullied = scan("they call me names at school and i made up my mind to tell miss")
    assert bullied and not any(c.rule_id == "escalate.plan_or_means" for c in bullied)


# --------------------------------------------------------------------- the labelled set


def test_labelled_set_is_big_enough():
    assert len(MUST_FLAG) >= 50
    assert len(MUST_NOT_FLAG) >= 60


def test_recall_is_total_on_the_must_flag_set():
    missed = [item for item in MUST_FLAG if not scan(item["text"])]
    assert not missed, "missed disclosures:\n" + "\n".join(
        f"  {m['reference']}: {m['text']!r}" for m in missed
    )


def test_urgent_answers_are_flagged_urgent():
    urgent = [item for item in MUST_FLAG if item["reference"]["safeguarding"] == "urgent"]
    lowered = [item["text"] for item in urgent
               if "urgent" not in {c.severity for c in scan(item["text"])}]
    assert len(lowered) <= 0.05 * len(urgent), lowered


def test_false_positives_stay_under_the_ceiling():
    flagged = [t for t in MUST_NOT_FLAG if scan(t)]
    rate = len(flagged) / len(MUST_NOT_FLAG)
    assert rate <= FALSE_POSITIVE_CEILING, (
        f"{len(flagged)}/{len(MUST_NOT_FLAG)} ordinary answers flagged: "
        + "; ".join(f"{t!r} {sorted(rule_ids(t))}" for t in flagged)
    )


# --------------------------------------------------------------------- how children write


@pytest.mark.parametrize(("text", "category"), [
    ("he is hurtin me", "physical_abuse"),
    ("my brother hitts me", "physical_abuse"),
    ("i want to kil myself", "suicidal"),
    ("i wanna die", "suicidal"),
    ("hes hitting me", "physical_abuse"),
    ("me dad batters me", "physical_abuse"),
    ("me mam's boyfriend hits her", "parent_substance_or_violence"),
    ("he hits our kid", "physical_abuse"),
    ("i dont want to live", "suicidal"),
    ("I DONT WANT TO LIVE", "suicidal"),
    ("i don’t want to live", "suicidal"),
    ("I WANT TO DIEEEE", "suicidal"),
    ("nobdy feeds me", "going_without_food"),
    ("im scard to go home", "afraid_to_go_home"),
    ("sum1 is hurting me", "physical_abuse"),
    ("i want 2 die", "suicidal"),
    ("he keeps touchin me", "sexual_abuse"),
    ("my dad batterd me last nite", "physical_abuse"),
    ("pple on tiktok r sayin horrible stuff bout me", "bullying"),
    ("i h8 my life", "wish_not_to_exist"),
    ("this man keeps folowin me home from skool", "sexual_harassment"),
])
def test_spellings_dialect_caps_and_apostrophes(text, category):
    assert category in categories(text), normalise(text)


def test_dropped_endings_are_restored_only_where_the_word_is_rare():
    assert normalise("he keeps touchin me and sayin things") == (
        "he keeps touching me and saying things")
    assert normalise("my dad batterd me") == "my dad battered me"
    # common words that happen to end so are left alone
    assert normalise("a robin in the bin is thin") == "a robin in the bin is thin"


@pytest.mark.parametrize("text", [
    "I don't want to live",
    "nobody hits me any more",
    "he doesnt hit me now",
    "i never said i want to die",
])
def test_negation_never_suppresses_a_flag(text):
    assert scan(text)


@pytest.mark.parametrize("text", [
    "my mam doesnt know he touches me",
    "nobody noticed the bruises",
    "no one knows i want to kill myself",
])
def test_nobody_knowing_or_noticing_is_not_a_denial(text):
    """A 'not' before 'know', 'told' or 'noticed' says nobody knew, not that nothing
    happened: the disclosure stays urgent. A real denial is still read as a concern."""
    assert most_severe(scan(text)) == "urgent"
    assert most_severe(scan("nobody hits me at home")) == "concern"
    assert [c.category for c in scan("nobody knows i get bullied")] == ["bullying"]


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
    assert by_rule["physical.hits_me"].category == "physical_abuse"
    assert by_rule["physical.hits_me"].severity == "urgent"
    assert "hits" in by_rule["physical.hits_me"].reason
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
    assert "physical_abuse" in categories(raw)
    redacted = redact(raw).text
    assert "jayden" not in redacted.lower()
    # The scan is meant for the original; it still works on the redacted text too.
    assert "physical_abuse" in categories(redacted)


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
    answers = [item["text"] for item in MUST_FLAG] + MUST_NOT_FLAG
    batch = (answers * (1000 // len(answers) + 1))[:1000]
    start = time.perf_counter()
    for text in batch:
        scan(text)
    elapsed = time.perf_counter() - start
    assert elapsed < 5.0, f"{elapsed:.2f}s per 1,000 answers"


def test_a_key_given_twice_in_a_rules_file_is_refused(monkeypatch, tmp_path):
    from westcc_voice.safeguarding import detect

    (tmp_path / "xx.yaml").write_text("language: xx\nrules: []\nlanguage: yy\n")
    monkeypatch.setattr(detect, "_rules_dir", lambda: tmp_path)
    with pytest.raises(RulesError, match=r"rules/xx.yaml: line 3: 'language' is given twice"):
        detect._read_yaml("xx.yaml")
