"""Every offered language is scanned: its own rules, chosen by detecting the answer's language."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from westcc_voice.collect.language_id import OFFERED, detect, languages_in
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
    assert "ur" in scan_languages("ur", "en")
    assert [c.category for c in scan("mujhe marte", language="ur")] == ["physical_abuse"]


@pytest.mark.parametrize(("text", "lang"), [
    ("mujhe marte", "ur"),                # Roman Urdu with one function word
    ("vreau sa ma omor", "ro"),           # Romanian without diacritics, short
    ("ujo na mna siaha", "sk"),
    ("rezu se", "cs"),
])
def test_an_answer_kept_as_english_in_doubt_is_read_by_every_latin_script_language(text, lang):
    # No language chosen: detection keeps these as English, but few of their words are
    # English, so each offered Latin-script language's rules read them too.
    assert detect(text) == "en"
    assert lang in languages_in(text)
    assert any(c.language == lang for c in scan(text)), text


@pytest.mark.parametrize("text", ["a vet or a footballer", "hairdresser or nurse",
                                  "a plumber like my uncle"])
def test_plain_english_of_less_common_words_is_not_in_doubt(text):
    # Job answers are short and their words are off English's commonest list, but they
    # are English words, far commoner in English than in any offered Latin-script
    # language: only the English rules need read them.
    assert languages_in(text) == ["en"]


# Written for these tests by the project (not taken from the development sets): ordinary
# answers as parents and pupils type them on a phone, without diacritics.
@pytest.mark.parametrize(("text", "lang"), [
    ("jestem zadowolona z przedszkola, panie sa mile", "pl"),
    ("lubie matematyke i wf", "pl"),
    ("syn nie ma kolegow w klasie i jest smutny", "pl"),
    ("brakuje nam lekarza ktory mowi po polsku", "pl"),
    ("as vrea sa fie mai multe activitati dupa scoala", "ro"),
    ("chiria este foarte mare si nu ne ajung banii", "ro"),
    ("fata mea este singura in pauza si plange acasa", "ro"),
    ("park saaf hona chahiye aur raat ko roshni honi chahiye", "ur"),
    ("masjid ke paas wala club band ho gaya", "ur"),
    ("bachon ke liye khelne ki jagah honi chahiye", "ur"),
    ("kiraya bohat barh gaya hai aur naukri nahi milti", "ur"),
    ("moje dcera nema kamarady a je casto smutna", "cs"),
    ("ucitele jsou hodni a pomahaji nam", "cs"),
])
def test_ordinary_answers_typed_without_diacritics_are_not_taken_for_english(text, lang):
    assert detect(text) == lang


# Urgent disclosures in other languages with the reflexive word before the verb, plural
# verbs and without diacritics, as a child types them.
@pytest.mark.parametrize(("text", "category"), [
    ("chce sie zabic", "suicidal"),
    ("mysle o tym zeby sie zabic", "suicidal"),
    ("uciekne z domu", "running_away"),
    ("chci se zabit", "suicidal"),
    ("chcem sa zabit", "suicidal"),
    ("spoluziaci ma biju", "physical_abuse"),
    ("mama ma loveste", "physical_abuse"),
])
def test_other_languages_disclosures_typed_plainly_are_flagged(text, category):
    assert category in {c.category for c in scan(text)}, [vars(c) for c in scan(text)]


def test_related_languages_are_scanned_together():
    assert scan_languages(None, "fa") == ["en", "fa", "ar", "ckb", "ur"]
    assert scan_languages("sk", "en") == ["en", "sk", "cs", "pl"]
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
