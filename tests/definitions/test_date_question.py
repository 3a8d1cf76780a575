"""A date question: bounds in the definition, ISO answers, reported by month or year, and
never a date of birth."""

from __future__ import annotations

import datetime as dt

import pytest

from westcc_voice.config import DEFAULTS
from westcc_voice.definitions import load_catalogue
from westcc_voice.definitions.birth_words import birth_words, names_a_birth
from westcc_voice.definitions.question_types import AnswerError, date_band, date_bands, get

QUESTION = """\
      - id: moved_here
        type: date
        text: When did your family move to the West End?
        min: 2024-09-01
        max: today
        tags: [west.aspirations]
"""


def _load(folder, question: str = QUESTION):
    folder.replace("pupils-test.yaml", "      - id: job\n", question + "      - id: job\n")
    cat = load_catalogue(folder.root)
    return cat, [str(e) for e in cat.errors]


def _question(cat) -> dict:
    return next(q for p in cat.surveys[0].definition["pages"] for q in p["questions"]
                if q["type"] == "date")


def test_a_date_question_keeps_its_bounds_as_iso_text(folder):
    cat, errors = _load(folder)
    assert errors == []
    q = _question(cat)
    assert (q["min"], q["max"], q["kind"]) == ("2024-09-01", "today", "date")
    assert q["report_by"] == ("month" if dt.date.today() < dt.date(2026, 9, 1) else "year")


def test_answers_are_iso_dates_inside_the_bounds(folder):
    q = _question(_load(folder)[0])
    date = get("date")
    assert date.check_answer(q, "2025-01-31") == "2025-01-31"
    for wrong in ("2024-08-31", (dt.date.today() + dt.timedelta(days=1)).isoformat(),
                  "31/01/2025", "2025-02-30", "２０２５-01-01", 20250131):
        with pytest.raises(AnswerError) as caught:
            date.check_answer(q, wrong)
        assert caught.value.reason == "date"


@pytest.mark.parametrize("change, words", [
    (("max: today", "max: tomorrow"), "max: expected a date written 2020-09-01, or 'today'"),
    (("        max: today\n", ""), "max: is missing: a date question needs its maximum date"),
    (("min: 2024-09-01", "min: 2030-01-01"), "max: is before min (2030-01-01)"),
    (("max: today", "max: today\n        report_by: day"), "report_by: expected month or "
                                                          "year, got 'day'"),
    (("min: 2024-09-01", "min: 2000-01-01\n        report_by: month"),
     "(at most 36): use report_by: year"),
])
def test_bad_bounds_name_their_line(folder, change, words):
    _cat, errors = _load(folder, QUESTION.replace(*change))
    assert any(words in e and "pupils-test.yaml:" in e for e in errors), errors


@pytest.mark.parametrize("change", [
    ("id: moved_here", "id: child_dob"),
    ("When did your family move to the West End?", "What is your child's date of birth?"),
    ("When did your family move to the West End?", "When was your child born?"),
])
def test_a_date_of_birth_is_refused_because_it_identifies(folder, change):
    _cat, errors = _load(folder, QUESTION.replace(*change))
    assert any("a date of birth identifies a person" in e and ".type:" in e for e in errors)


#: For every language the service offers: wordings that ask for a birth date (refused) and
#: date questions that must still be allowed, including the near misses each list avoids.
BIRTH_WORDING = {
    "en": (["What is your child's date of birth?", "When was your child born?",
            "Your child's birthday", "DOB"],
           ["When did your family move to the West End?", "When did your child start school?"]),
    "ar": (["ما تاريخ ميلاد طفلك؟", "متى وُلد طفلك؟", "متى عيد ميلادك؟"],
           ["متى انتقلت عائلتك إلى الويست إند؟", "متى بدأ أولاده المدرسة؟"]),
    "pl": (["Jaka jest data urodzenia dziecka?", "Kiedy urodziło się dziecko?",
            "Kiedy są urodziny dziecka?"],
           ["Kiedy Państwa rodzina przeprowadziła się do West Endu?",
            "Kiedy w tym roku był urodzaj?", "Od kiedy jest dobrze?"]),
    "ur": (["آپ کے بچے کی تاریخ پیدائش کیا ہے؟", "بچے کی سالگرہ کب ہے؟",
            "bache ki tareekh paidaish"],
           ["آپ کا خاندان ویسٹ اینڈ میں کب آیا؟", "یہ مسئلہ کب پیدا ہوا؟"]),
    "bn": (["আপনার সন্তানের জন্মতারিখ কী?", "আপনার সন্তান কবে জন্মেছিল?",
            "আপনার সন্তানের জন্মদিন কবে?"],
           ["আপনার পরিবার কবে ওয়েস্ট এন্ডে এসেছে?", "এটি কার জন্য?"]),
    "fa": (["تاریخ تولد فرزند شما چیست؟", "فرزند شما کی به دنیا آمد؟", "زادروز فرزندتان"],
           ["خانواده شما کی به وست اند نقل مکان کرد؟", "تولید این کالا کی آغاز شد؟"]),
    "ckb": (["بەرواری لەدایکبوونی منداڵەکەت چییە؟", "منداڵەکەت کەی لەدایک بوو؟",
             "منداڵەکەت کەی له‌دایك بوو؟"],
            ["خێزانەکەت کەی هاتنە وێست ئێند؟"]),
    "ro": (["Care este data nașterii copilului?", "Când s-a născut copilul?",
            "Data naşterii (cu sedilă)", "Cand s-a nascut copilul?"],
           ["Când s-a mutat familia dumneavoastră în West End?", "Ce nasture lipsește?"]),
    "cs": (["Jaké je datum narození dítěte?", "Kdy se dítě narodilo?",
            "Kdy má dítě narozeniny?", "Rodné číslo dítěte"],
           ["Kdy se vaše rodina nastěhovala do West Endu?", "V jaké době jste přišli?",
            "Kdy byl národní svátek?"]),
    "sk": (["Aký je dátum narodenia dieťaťa?", "Kedy sa dieťa narodilo?",
            "Kedy má dieťa narodeniny?"],
           ["Kedy sa vaša rodina presťahovala do West Endu?", "Kedy bol národný sviatok?",
            "V ktorej dobe ste prišli?"]),
}


def test_every_language_offered_has_birth_words():
    offered = set(DEFAULTS["LANGUAGES"])
    assert len(offered) == 10 and offered == set(birth_words()) == set(BIRTH_WORDING)


@pytest.mark.parametrize("lang", sorted(BIRTH_WORDING))
def test_a_birth_date_is_recognised_in_each_language_and_other_dates_are_not(lang):
    refused, allowed = BIRTH_WORDING[lang]
    for text in refused:
        assert names_a_birth("when", {"text": {lang: text}}), (lang, text)
    for text in allowed:
        assert not names_a_birth("when", {"text": {lang: text}, "help": None}), (lang, text)


def test_words_of_one_language_do_not_refuse_another():
    # Romanian "naster" is not read in Czech "nastěhovala" (moved in), only in Romanian.
    assert not names_a_birth("moved", {"text": {"cs": "Kdy jste se nasterovali?"}})
    assert names_a_birth("moved", {"text": {"ro": "Kdy jste se nasterovali?"}})
    # An English word in any language's text, and any language's word in an id, is read.
    assert names_a_birth("moved", {"text": {"pl": "Data (DOB)"}})
    assert names_a_birth("data_urodzenia", {"text": {"en": "When?"}})
    assert not names_a_birth("doba_pobytu", {"text": {"cs": "Jak dlouho tu žijete?"}})


@pytest.mark.parametrize("lang", ["ar", "pl", "ur", "bn", "fa", "ckb", "ro", "cs", "sk"])
def test_the_validator_refuses_a_birth_date_asked_in_another_language(folder, lang):
    refused, allowed = BIRTH_WORDING[lang]
    folder.replace("pupils-test.yaml", "languages: [en]", f"languages: [en, {lang}]")
    for wording, refuse in ((refused[0], True), (allowed[0], False)):
        question = QUESTION.replace(
            "text: When did your family move to the West End?",
            f"text:\n          en: When did your family move here?\n          {lang}: {wording}")
        _cat, errors = _load(folder, question)
        hit = [e for e in errors if "a date of birth identifies a person" in e]
        assert bool(hit) is refuse, (lang, wording, errors)
        folder.replace("pupils-test.yaml", question, "")


def test_answers_are_reported_in_bands_never_days():
    q = {"min": "2025-11-20", "max": "2026-02-03", "report_by": "month"}
    assert date_bands(q) == ["2025-11", "2025-12", "2026-01", "2026-02"]
    assert date_band(q, "2026-01-31") == "2026-01"
    assert date_bands({"min": "2019-05-01", "max": "2021-01-01", "report_by": "year"}) == [
        "2019", "2020", "2021"]
    assert date_band({"report_by": "year"}, "2020-02-29") == "2020"
