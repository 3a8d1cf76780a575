"""Every offered language is scanned: its own rules, chosen by detecting the answer's language."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from westcc_voice.collect.language_id import OFFERED, detect
from westcc_voice.definitions.text import LANGUAGE_NAMES
from westcc_voice.safeguarding import scan
from westcc_voice.safeguarding.detect import languages_with_rules, load_rules, scan_languages

ANALYSIS = Path(__file__).parents[1] / "analysis" / "data"
URGENT = {"suicidal", "physical_abuse", "sexual_abuse", "grooming", "running_away",
          "afraid_to_go_home"}


def english_answers() -> list[str]:
    texts = []
    for name in ("tune_free_text.yaml", "blind_free_text.yaml"):
        data = yaml.safe_load((ANALYSIS / name).read_text(encoding="utf-8"))
        texts.extend(a["text"] for a in data["answers"])
    return texts


def test_every_offered_language_has_rules_for_every_urgent_category():
    # A language offered without rules would need its assent and help screens to say so.
    assert set(LANGUAGE_NAMES) == set(OFFERED) == set(languages_with_rules())
    for lang in languages_with_rules():
        assert URGENT <= {rule.category for rule in load_rules(lang).rules}, lang


@pytest.mark.parametrize(("text", "lang"), [
    ("nie chce juz zyc", "pl"),
    ("Tata mnie bije i boję się wracać do domu", "pl"),
    ("tata ma bate in fiecare zi", "ro"),
    ("nu mai vreau sa traiesc", "ro"),
    ("nechci jit domu", "cs"),
    ("chcem zomriet", "sk"),
    ("abbu mujhe marte hain aur ghar jane se dar lagta hai", "ur"),
    ("میرے ابو مجھے مارتے ہیں", "ur"),
    ("أبي يضربني كل يوم", "ar"),
    ("باوکم لێم دەدات", "ckb"),
    ("আমার বাবা আমাকে মারে", "bn"),
])
def test_the_language_of_an_answer_is_recognised_with_or_without_diacritics(text, lang):
    assert detect(text) == lang


def test_no_english_answer_is_set_aside_as_another_language():
    answers = english_answers()
    assert len(answers) >= 600
    others = [(t, detect(t)) for t in answers if detect(t) != "en"]
    assert others == []


@pytest.mark.parametrize("text", ["a vet", "mam", "my mam and my nana", "I love it here",
                                  "kms", "i lik my frends", "Café on the corner is nice", ""])
def test_short_english_answers_stay_english(text):
    assert detect(text) == "en"


@pytest.mark.parametrize(("text", "category"), [
    ("chcę umrzeć", "suicidal"),
    ("ojczym mnie bije pasem", "physical_abuse"),
    ("vreau sa mor", "suicidal"),
    ("mi-e frică să merg acasă", "afraid_to_go_home"),
    ("táta mě bije", "physical_abuse"),
    ("bojím sa ísť domov", "afraid_to_go_home"),
    ("mujhe marna hai main marna chahti hun", "suicidal"),
    ("kisi ko mat batana yeh hamara raaz hai", "grooming"),
    ("بدي اهرب من البيت", "running_away"),
    ("می‌خواهم بمیرم", "suicidal"),
    ("دەمەوێت بمرم", "suicidal"),
    ("বাড়ি যেতে ভয় লাগে", "afraid_to_go_home"),
])
def test_disclosures_in_every_language_are_flagged_urgent(text, category):
    concerns = [c for c in scan(text) if c.category == category]
    assert concerns and concerns[0].severity == "urgent", [vars(c) for c in scan(text)]


def test_a_child_mixing_languages_is_read_with_both_sets_of_rules():
    concerns = scan("tata mnie bije and i want to run away")
    assert {c.language for c in concerns} == {"pl", "en"}
    assert {c.category for c in concerns} == {"physical_abuse", "running_away"}


def test_the_chosen_language_is_scanned_even_when_detection_says_english():
    # Roman Urdu with one function word looks English to a detector.
    assert detect("mujhe roz marte") == "en"
    assert scan("mujhe roz marte") == []
    assert [c.category for c in scan("mujhe roz marte", language="ur")] == ["physical_abuse"]


def test_related_languages_are_scanned_together():
    assert scan_languages(None, "fa") == ["en", "fa", "ar", "ckb", "ur"]
    assert scan_languages("sk", "en") == ["en", "sk", "cs"]
    assert scan_languages("xx", None) == ["en"]


def test_other_languages_rules_do_not_fire_on_english_answers():
    others = [lang for lang in languages_with_rules() if lang != "en"]
    flagged = [t for t in english_answers() if scan(t, languages=others)]
    assert flagged == []


def test_accents_and_letter_variants_are_folded_both_ways():
    assert scan("boje sie wracac do domu", languages=["pl"])
    assert scan("boję się wracać do domu", languages=["pl"])
    assert scan("اريد ان اموت", languages=["ar"]) and scan("أُرِيدُ أَنْ أَمُوتَ", languages=["ar"])
    assert scan("میخواهم بمیرم", languages=["fa"]) and scan("می خواهم بمیرم", languages=["fa"])


@pytest.mark.parametrize("text", [
    "nie chce isc do szkoly bo dzieci sie smieja",
    "copiii mei sunt foarte fericiti la scoala",
    "mera beta school mein khush hai aur teacher bhi achi hai",
    "deti potrebuju viac ihrisk",
])
def test_theme_coding_sets_aside_other_languages_typed_without_diacritics(text):
    from westcc_voice.analysis.text.language import is_english

    assert not is_english(text)
