"""The letter home's words in each language: complete, or not offered at all."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml

from westcc_voice import PROJECT_DIR
from westcc_voice.definitions.text import LANGUAGE_NAMES
from westcc_voice.staff.letter_words import (
    LETTERS,
    letter_choices,
    load_letter_words,
)


def test_every_language_the_service_offers_has_complete_letter_words():
    words, errors = load_letter_words()
    assert [str(e) for e in errors] == []
    assert sorted(words) == sorted(LANGUAGE_NAMES)


def _with_letters() -> dict[str, dict]:
    """The shipped questionnaires that go out with a letter home: parents', community."""
    found = {}
    for path in sorted((PROJECT_DIR / "surveys").glob("*.yaml")):
        survey = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(survey, dict) and survey.get("audience") in ("parent", "community"):
            found[path.name] = survey
    return found


def test_the_shipped_parent_and_community_surveys_are_found():
    assert {"parents.yaml", "community.yaml"} <= set(_with_letters())


@pytest.mark.parametrize("name", sorted(_with_letters()))
def test_every_shipped_parent_or_community_survey_can_have_its_letter_in_each_language(name):
    survey = _with_letters()[name]
    words, _ = load_letter_words()
    languages = survey.get("languages") or ["en"]
    assert [code for code in languages if code not in words] == []
    assert set(letter_choices(languages, words)) == set(languages) | {
        f"en+{code}" for code in languages if code != "en"}


def test_machine_made_wording_says_so_until_someone_checks_it():
    words, _ = load_letter_words()
    assert not words["en"].machine_translation
    unchecked = [code for code, w in words.items() if w.machine_translation]
    for code in unchecked:
        text = (LETTERS / f"{code}.yaml").read_text(encoding="utf-8")
        assert "Machine translation: have a native speaker check it." in text


@pytest.fixture
def letters(tmp_path) -> Path:
    """A copy of the shipped letter files to break."""
    folder = tmp_path / "letters"
    shutil.copytree(LETTERS, folder)
    return folder


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_language_missing_a_sentence_is_reported_and_not_offered(letters):
    lines = (letters / "pl.yaml").read_text(encoding="utf-8").splitlines(keepends=True)
    (letters / "pl.yaml").write_text(
        "".join(line for line in lines if not line.lstrip().startswith("thanks:")),
        encoding="utf-8")
    words, errors = load_letter_words(letters)
    assert "pl" not in words and "ar" in words
    [error] = errors
    assert error.file.endswith("letters/pl.yaml") and error.field == "words"
    assert "'thanks' is missing" in error.message and "Thank you for taking part" in (
        error.message)
    assert "pl" not in {key.split("+")[-1] for key in letter_choices(["en", "pl"], words)}


def test_a_place_dropped_or_misspelt_is_reported_with_its_line(letters):
    _edit(letters / "ar.yaml", "%(school)s", "%(schol)s")
    _edit(letters / "cs.yaml", "thanks:", "thank:")
    words, errors = load_letter_words(letters)
    assert "ar" not in words and "cs" not in words
    by_file = {e.file.rsplit("/", 1)[-1]: e for e in errors if e.field != "words"}
    ar = by_file["ar.yaml"]
    assert ar.field == "words.help_school" and "['schol']" in ar.message
    assert "['school']" in ar.message
    source = (letters / "ar.yaml").read_text(encoding="utf-8").splitlines()
    assert source[ar.line - 1].strip().startswith("help_school:")
    assert "did you mean 'thanks'?" in by_file["cs.yaml"].message


def test_a_date_pattern_babel_cannot_use_is_refused(letters):
    _edit(letters / "ro.yaml", "date_format: full", "date_format: '{day}'")
    words, errors = load_letter_words(letters)
    assert "ro" not in words
    assert [e.field for e in errors] == ["date_format"]


def test_a_file_for_a_language_the_service_does_not_offer_is_named(letters):
    shutil.copy(letters / "pl.yaml", letters / "de.yaml")
    words, errors = load_letter_words(letters)
    assert "de" not in words
    assert "'de' is not a language the service offers" in errors[0].message


def test_sentences_are_escaped_and_names_kept_in_their_own_direction():
    words, _ = load_letter_words()
    said = words["ar"].say("help_school", school="<b>St Mary's</b>")
    assert "<bdi>&lt;b&gt;St Mary&#39;s&lt;/b&gt;</bdi>" in said
    assert "<b>" not in said


def test_dates_and_lists_follow_the_letters_language():
    words, _ = load_letter_words()
    day = dt.date(2026, 12, 18)
    assert words["en"].date(day) == "Friday 18 December 2026"
    assert words["pl"].date(day) == "18 grudnia 2026"
    assert words["ar"].date(day) == "الجمعة، 18 ديسمبر 2026"
    english = words["en"].languages(["en", "ar"])
    assert english == ('<span lang="en" dir="ltr">English</span> and '
                       '<span lang="ar" dir="rtl">العربية</span> (Arabic)')
    assert words["pl"].languages(["en", "pl"]).endswith(
        ' i <span lang="pl" dir="ltr">Polski</span>')
