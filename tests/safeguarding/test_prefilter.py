"""The scan's first pass never skips a rule that would have matched.

``prefilter.py`` lets the scan search only the rules whose required words are in an
answer. A rule skipped wrongly would be a missed disclosure, so these tests compare the
fast scan with the reference (every rule searched, ``prefilter=False``) on every answer
of both development sets, the disclosure set and every rule's examples, and check the
promise itself on generated texts built from the rules' own words.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from westcc_voice.safeguarding.detect import (
    _normalise,
    _scan_one,
    languages_with_rules,
    load_rules,
    scan,
)
from westcc_voice.safeguarding.prefilter import Prefilter, required_clauses, required_literals

ROOT = Path(__file__).resolve().parents[2]
SETS = [ROOT / "tests" / "data" / "blind_dev_set.yaml",
        ROOT / "tests" / "data" / "blind_dev_set_b.yaml",
        ROOT / "tests" / "data" / "blind_dev_set_c.yaml",
        ROOT / "tests" / "data" / "blind_dev_set_d.yaml",
        ROOT / "tests" / "data" / "blind_dev_set_e.yaml",
        ROOT / "tests" / "data" / "blind_dev_set_f.yaml",
        ROOT / "tests" / "data" / "blind_dev_set_g.yaml",
        ROOT / "tests" / "data" / "blind_dev_set_h.yaml",
        ROOT / "tests" / "data" / "blind_dev_set_i.yaml",
        ROOT / "tests" / "safeguarding" / "data" / "disclosures.yaml"]
ANSWERS = [(a["text"], a.get("language")) for path in SETS
           for a in yaml.safe_load(path.read_text(encoding="utf-8"))["answers"]]
EXAMPLES = [example for code in languages_with_rules() for rule in load_rules(code).rules
            for example in (*rule.examples, *rule.not_examples)]


def _matching(text: str, code: str) -> tuple[set[int], set[int]]:
    """(rules whose pattern matches the normalised text, rules the first pass keeps)."""
    ruleset = load_rules(code)
    norm = _normalise(text, ruleset).text
    matching = {i for i, rule in enumerate(ruleset.rules)
                if any(m.end() > m.start() for m in rule.pattern.finditer(norm))}
    return matching, set(ruleset.prefilter.candidates(norm))


def test_every_answer_of_the_development_sets_is_scanned_as_by_every_rule():
    assert len(ANSWERS) > 800
    differ = [text for text, language in ANSWERS
              if scan(text, language) != scan(text, language, prefilter=False)]
    assert differ == []


@pytest.mark.parametrize("code", languages_with_rules())
def test_no_rule_that_matches_is_skipped_in_any_language(code):
    """Each rule set on every answer and example, whatever the answer's language."""
    skipped = []
    for text in [*(t for t, _ in ANSWERS), *EXAMPLES]:
        matching, kept = _matching(text, code)
        skipped += [(text, i) for i in matching - kept]
    assert skipped == []


SCRIPT_ONLY = [code for code in languages_with_rules() if load_rules(code).script is not None]


def test_rule_sets_in_one_script_are_known_as_such():
    """Arabic, Farsi, Sorani and Bengali rules are written in their own scripts only, so a
    text in Latin letters skips them; English and Urdu (whose rules read Roman Urdu too)
    are always read."""
    assert set(SCRIPT_ONLY) == {"ar", "fa", "ckb", "bn"}
    assert load_rules("ar").script.search("انا خايف") and not load_rules("ar").script.search(
        "im scared to go home")


@pytest.mark.parametrize("code", SCRIPT_ONLY)
def test_skipping_a_rule_set_by_script_loses_nothing(code):
    """Every answer and example, in every language, read by a one-script rule set with the
    skip and without it (every rule searched): the same concerns."""
    ruleset = load_rules(code)
    texts = [*(t for t, _ in ANSWERS), *EXAMPLES, "انا خايف اروح البيت", "আমাকে মারে"]
    differ = [text for text in texts
              if _scan_one(text, ruleset) != _scan_one(text, ruleset, prefilter=False)]
    assert differ == []
    assert any(_scan_one(text, ruleset, prefilter=False) for text in texts)


def test_the_first_pass_skips_most_rules_of_an_ordinary_answer():
    """Otherwise it would cost without saving: an answer with no concern keeps few."""
    ruleset = load_rules("en")
    norm = _normalise("I like my school because the teachers help me with maths", ruleset)
    assert len(ruleset.prefilter.candidates(norm.text)) < len(ruleset.rules) / 20
    assert all(lits for lits in ruleset.prefilter.literals), "every English rule is filtered"


@pytest.mark.parametrize(("pattern", "clauses"), [
    (r"\bhit+s?\s+me\b", (({"hit"}, {"me"}),)),
    (r"\b(?:kick|kicks)\s+(?:me|us)\b", (({"kick", "kicks"}, {"me", "us"}),)),
    (r"\b(?:my|me)\s+dad\s+hits?\b|\bscared\s+of\s+home\b",
     (({"dad"}, {"hit", "hits"}, {"my", "me"}), ({"scared"}, {"home"}, {"of"}))),
])
def test_every_part_of_a_match_is_required(pattern, clauses):
    assert required_clauses(re.compile(pattern)) == tuple(
        tuple(frozenset(c) for c in alt) for alt in clauses)


def test_a_rule_is_searched_only_when_every_part_of_one_alternative_is_there():
    prefilter = Prefilter.build([re.compile(r"\b(?:my|me)\s+dad\s+hits?\b|\bscared\s+of\s+home\b")])
    assert prefilter.candidates("my dad hits the ball for six") == [0]
    assert prefilter.candidates("dad hits the ball for six") == []  # no "my" or "me"
    assert prefilter.candidates("scared of the dark") == []  # no "home"
    assert prefilter.candidates("scared of going home") == [0]


# Words of every rule set's literals (of every part), and ordinary words between them.
_WORDS = sorted({word for code in languages_with_rules()
                 for alts in load_rules(code).prefilter.clauses for alt in alts or ()
                 for clause in alt for lit in clause
                 for word in lit.split()} | {"and", "the", "my", "me", "not", "at", "home"})


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_WORDS), st.text(min_size=1, max_size=6)),
                min_size=1, max_size=14),
       st.sampled_from(languages_with_rules()))
def test_generated_answers_never_lose_a_rule(words, code):
    matching, kept = _matching(" ".join(words), code)
    assert matching <= kept


@pytest.mark.parametrize(("pattern", "literals"), [
    (r"\bhit+s?\s+me\b", {"hit"}),
    (r"\b(?:kick|kicks)\s+(?:me|us)\b", {"kick", "kicks"}),
    (r"\bbruis\w*|\bblack\s+eyes?\b", {"bruis", "black"}),
    (r"(?<!\bi\s)\bme[ae]n\b", {"mean", "meen"}),
    (r"\bscared\s+(?:of\s+)?home\b", {"scared"}),
])
def test_literals_are_what_every_match_contains(pattern, literals):
    assert required_literals(re.compile(pattern)) == literals


@pytest.mark.parametrize("pattern", [
    r"(?:hit)?\s*\w+",  # every part optional or unknown
    r"(?i)hit me",  # case ignored: a literal would not say it
    r"\bhit\b|\w+\b",  # one alternative promises nothing
])
def test_a_pattern_that_promises_nothing_is_always_searched(pattern):
    assert required_literals(re.compile(pattern)) is None
    prefilter = Prefilter.build([re.compile(pattern), re.compile(r"\bkick\b")])
    assert prefilter.candidates("nothing here") == [0]
