"""The letter home in each of the questionnaire's languages, or English and one other."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from westcc_voice.definitions.text import LANGUAGE_NAMES
from westcc_voice.models import Link
from westcc_voice.staff import links as links_module
from westcc_voice.staff.letter_words import letter_words

from .. import helpers
from .test_links import audit, codes_on, make_link, page_text

ALL = list(LANGUAGE_NAMES)
RIGHT_TO_LEFT = {"ar", "ur", "fa", "ckb"}


def letters_of(html: str) -> list[str]:
    """Each printed letter (<article>) of a page, as the words a reader sees."""
    return [page_text(a) for a in re.findall(r'<article class="sheet.*?</article>', html, re.S)]


def english_phrases() -> list[str]:
    """A stretch of every English sentence of the letter, up to its first place."""
    phrases = []
    for text in letter_words()["en"].words.values():
        start = re.split(r"%\(\w+\)s", " ".join(text.split()))
        phrases += [part.strip()[:30] for part in start if len(part.strip()) >= 12]
    return phrases


@pytest.fixture
def every_language(db, world):
    """A parents' questionnaire written in all ten of the service's languages."""
    return helpers.gen_survey_version(db, "parent", languages=ALL, title="Every language",
                                      estimated_minutes=12)


def test_the_letter_page_offers_each_language_and_english_beside_each_other(
        client, actions, db, world):
    actions.login(world.lead)
    make_link(client, world)
    link = db.scalar(select(Link))
    html = client.get(f"/staff/links/{link.id}/sheet").get_data(as_text=True)
    offered = re.findall(r'<option value="([^"]+)"( selected)?>([^<]+)</option>', html)
    assert [(value, label) for value, _, label in offered] == [
        ("en", "English"), ("ar", "Arabic (العربية)"), ("pl", "Polish (Polski)"),
        ("en+ar", "English and Arabic (العربية), on one sheet"),
        ("en+pl", "English and Polish (Polski), on one sheet")]
    assert [value for value, selected, _ in offered if selected] == ["en"]
    assert "machine translation" not in html  # the English wording is the checked original


@pytest.mark.parametrize("lang", [code for code in ALL if code != "en"])
def test_each_language_s_letter_is_wholly_in_that_language(
        client, actions, db, world, every_language, lang):
    actions.login(world.lead)
    make_link(client, world, survey_id=every_language.id)
    link = db.scalar(select(Link))
    response = client.get(f"/staff/links/{link.id}/sheet?lang={lang}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    words = letter_words()[lang]
    [letter] = letters_of(html)
    assert page_text(words.say("title_parent")) in letter
    assert page_text(words.say("help_school", school="Canny Primary")) in letter
    assert page_text(words.say("open_until", date=words.date(link.closes_on))) in letter
    assert page_text(words.say("minutes_lead", minutes="12")) in letter
    assert [p for p in english_phrases() if p in letter] == []
    direction = "rtl" if lang in RIGHT_TO_LEFT else "ltr"
    assert f'<div class="sheet-text" lang="{lang}" dir="{direction}">' in html
    assert f'<section class="sheet-how" lang="{lang}" dir="{direction}">' in html
    assert f"localhost/s/{link.token}" in letter
    assert f"The {words.english_name} wording is a machine translation" in page_text(html)


def test_english_and_arabic_share_one_sheet_per_code(client, actions, db, world):
    actions.login(world.lead)
    _, page = make_link(client, world, code_count=2)
    codes = codes_on(page)
    assert '<select id="letter-lang" name="lang">' in page  # chosen before printing
    link = db.scalar(select(Link))
    response = client.post(f"/staff/links/{link.id}/sheets",
                           data={"code": codes, "lang": "en+ar"})
    html = response.get_data(as_text=True)
    letters = letters_of(html)
    assert len(letters) == 2 and html.count('class="sheet sheet-pair"') == 2
    for code, letter in zip(codes, letters, strict=True):
        assert letter.count(code) == 1
        assert "Tell us what you think" in letter
        assert page_text(letter_words()["ar"].say("title_parent")) in letter
        assert "When it asks, type your code:" in letter
        assert page_text(letter_words()["ar"].say("code_ask")) in letter
    # switching language on the letters page posts the same codes back, recorded again
    again = client.post(f"/staff/links/{link.id}/sheets", data={"code": codes, "lang": "pl"})
    assert all(code in again.get_data(as_text=True) for code in codes)
    assert '<option value="pl" selected>' in again.get_data(as_text=True)
    assert len(audit(db, "link.codes_print")) == 2


def test_a_language_without_letter_words_is_not_offered_and_the_page_says_so(
        client, actions, db, world, monkeypatch):
    without_polish = {k: v for k, v in letter_words().items() if k != "pl"}
    monkeypatch.setattr(links_module, "letter_words", lambda: without_polish)
    actions.login(world.lead)
    make_link(client, world)
    link = db.scalar(select(Link))
    html = client.get(f"/staff/links/{link.id}/sheet").get_data(as_text=True)
    assert 'value="pl"' not in html and 'value="en+pl"' not in html
    assert "There is no letter wording in Polish yet" in page_text(html)
    # the letter still lists Polish as a language the survey can be answered in
    assert "Polski (Polish)" in letters_of(html)[0]
    assert client.get(f"/staff/links/{link.id}/sheet?lang=pl").status_code == 404


def test_a_language_the_questionnaire_is_not_written_in_is_refused(client, actions, db, world):
    actions.login(world.lead)
    make_link(client, world)
    link = db.scalar(select(Link))
    for lang in ("ur", "en%2Bur", "de", "ar%2Bpl"):
        assert client.get(f"/staff/links/{link.id}/sheet?lang={lang}").status_code == 404
    # a '+' typed into the address reads as a space, and still means the pair
    typed = client.get(f"/staff/links/{link.id}/sheet?lang=en+ar").get_data(as_text=True)
    assert '<option value="en+ar" selected>' in typed and "sheet-pair" in typed


def test_the_community_letter_for_the_whole_partnership_in_arabic(client, actions, db, world):
    community = helpers.gen_survey_version(db, "community", languages=["en", "ar"])
    actions.login(world.admin)
    make_link(client, world, survey_id=community.id, school_id=0)
    link = db.scalar(select(Link))
    [letter] = letters_of(client.get(f"/staff/links/{link.id}/sheet?lang=ar")
                          .get_data(as_text=True))
    words = letter_words()["ar"]
    for key in ("partnership", "title_community", "greeting_community", "help_any_school"):
        assert page_text(words.say(key)) in letter
    assert page_text(words.say("intro_community", who=words.say("seven_schools"))) in letter
