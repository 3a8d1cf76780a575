"""Languages: the service's own words through Flask-Babel, right-to-left where needed."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from westcc_voice import PROJECT_DIR
from westcc_voice.collect.catalogues import TRANSLATIONS

from ..helpers import survey
from .conftest import page_number


def _html_tag(html: str) -> str:
    return re.search(r"<html[^>]*>", html).group(0)


def test_arabic_link_pages_are_right_to_left_with_arabic_words_and_questions(
        parent, db, parent_link):
    start = parent.client.get(f"/s/{parent_link.token}?lang=ar").get_data(as_text=True)
    assert _html_tag(start) == '<html lang="ar" dir="rtl">'
    assert "استبيان أولياء الأمور" in start  # the survey's title
    assert "ابدأ" in start  # "Start", from the message catalogue
    parent.start_link(parent_link.token)
    school = page_number(survey(db, "parents").definition, "school")
    page = parent.client.get(f"/survey/{school}").get_data(as_text=True)
    assert _html_tag(page) == '<html lang="ar" dir="rtl">'  # remembered in the session
    assert "التالي" in page  # "Next"
    assert "مدرسة طفلك" in page  # the page title in Arabic


def test_arabic_answers_are_stored_with_their_language(parent, db, parent_link):
    from sqlalchemy import select

    from westcc_voice.models import Response

    parent.client.get(f"/s/{parent_link.token}?lang=ar")
    parent.start_link(parent_link.token)
    parent.send(page_number(survey(db, "parents").definition, "the_end"))
    assert db.scalars(select(Response)).one().language == "ar"


def test_polish_interface_keeps_english_only_questions_marked_as_english(
        pupil, db, class_session):
    pupil.client.get(f"/join/{class_session.join_code}?lang=pl")
    pupil.start_session(class_session.join_code)
    school = page_number(survey(db, "pupils-7-11").definition, "school")
    html = pupil.client.get(f"/survey/{school}").get_data(as_text=True)
    assert _html_tag(html) == '<html lang="pl" dir="ltr">'
    assert "Dalej" in html
    assert re.search(r'<legend[^>]*lang="en" dir="ltr"[^>]*>How do you feel about school\?',
                     html)


@pytest.mark.parametrize(("lang", "start"), [
    ("ur", "شروع کریں"), ("fa", "شروع"), ("ar", "ابدأ"), ("ckb", "دەست پێ بکە"),
])
def test_right_to_left_languages_turn_the_page_around(client, db, lang, start):
    html = client.get(f"/join?lang={lang}").get_data(as_text=True)
    assert f'lang="{lang}" dir="rtl"' in _html_tag(html)
    assert f">{start}</button>" in html


@pytest.mark.parametrize(("lang", "direction", "words"), [
    ("bn", "ltr", ["তোমার ক্লাসের জরিপে যোগ দাও", ">শুরু করুন</button>"]),
    ("ckb", "rtl", ["بەشداری لە ڕاپرسیی پۆلەکەت بکە", ">دەست پێ بکە</button>"]),
])
def test_bengali_and_kurdish_join_pages_use_their_own_words(client, db, lang, direction,
                                                             words):
    html = client.get(f"/join?lang={lang}").get_data(as_text=True)
    assert _html_tag(html) == f'<html lang="{lang}" dir="{direction}">'
    for word in words:
        assert word in html
    assert "Join your class survey" not in html


@pytest.mark.parametrize(("lang", "next_word"), [
    ("pl", "Dalej"), ("cs", "Další"), ("sk", "Ďalej"), ("ro", "Înainte"),
])
def test_left_to_right_translations_are_used(pupil, db, class_session, lang, next_word):
    pupil.client.get(f"/join/{class_session.join_code}?lang={lang}")
    pupil.start_session(class_session.join_code)
    html = pupil.client.get("/survey/1").get_data(as_text=True)
    assert f'<html lang="{lang}" dir="ltr">' in html
    assert next_word in html


def test_an_unknown_language_is_ignored(client, db):
    html = client.get("/join?lang=xx").get_data(as_text=True)
    assert _html_tag(html) == '<html lang="en" dir="ltr">'


def test_the_browser_preference_is_used_until_someone_chooses(client, db):
    html = client.get("/join", headers={"Accept-Language": "pl-PL,pl;q=0.9"}).get_data(
        as_text=True)
    assert 'lang="pl"' in _html_tag(html)


def test_a_class_tablet_forgets_the_last_pupils_language(pupil, db, class_session):
    pupil.client.get(f"/join/{class_session.join_code}?lang=ar")
    pupil.start_session(class_session.join_code)
    pupil.send(page_number(survey(db, "pupils-7-11").definition, "the_end"))
    html = pupil.client.get(f"/join/{class_session.join_code}").get_data(as_text=True)
    assert _html_tag(html) == '<html lang="en" dir="ltr">'


def test_the_language_switcher_on_a_survey_page_keeps_the_answers(pupil, db, class_session):
    pupil.start_session(class_session.join_code)
    school = page_number(survey(db, "pupils-7-11").definition, "school")
    response = pupil.client.post(f"/survey/{school}", data={"lang": "pl", "a-school_feel": "5"})
    assert response.status_code == 302 and response.location.endswith(f"/survey/{school}")
    html = pupil.client.get(f"/survey/{school}").get_data(as_text=True)
    assert 'lang="pl"' in _html_tag(html)
    assert re.search(r'value="5" checked', html)


def _catalogue(lang: str):
    with (TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=lang)


@functools.cache
def _english_source_messages() -> frozenset[str]:
    """Every message the service's code and templates ask to translate, found the way
    ``pybabel extract -F babel.cfg`` finds them (plural messages by their singular)."""
    with (PROJECT_DIR / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    found = extract_from_dir(str(PROJECT_DIR), method_map, options_map)
    return frozenset(m if isinstance(m, str) else m[0] for _, _, m, _, _ in found)


def test_the_english_source_set_is_found():
    messages = _english_source_messages()
    assert "Send my answers" in messages and "Are you still there?" in messages
    assert len(messages) > 150


@pytest.mark.parametrize("lang", sorted(p.parent.parent.name for p in Path(TRANSLATIONS).glob(
    "*/LC_MESSAGES/messages.po")))
def test_every_catalogue_translates_every_message_of_the_english_source(lang):
    catalogue = _catalogue(lang)
    translated = {m.id if isinstance(m.id, str) else m.id[0]
                  for m in catalogue if m.id and m.string}
    assert sorted(_english_source_messages() - translated) == []
    assert [m.id for m in catalogue if m.id and not m.string] == []


def test_every_catalogue_keeps_the_placeholders_of_the_english():
    placeholder = re.compile(r"%\(\w+\)s")
    for po in sorted(Path(TRANSLATIONS).glob("*/LC_MESSAGES/messages.po")):
        for message in _catalogue(po.parent.parent.name):
            if message.id and message.string:
                assert sorted(placeholder.findall(message.string)) == sorted(
                    placeholder.findall(message.id)), (po, message.id)


def _menu_codes(html: str) -> list[str]:
    """The language codes the page's language menu offers, in order."""
    menu = re.search(r'<details class="menu lang-menu">.*?</details>', html, re.S)
    return re.findall(r'(?:name="lang" value="|<a href="\?lang=)([a-z]+)"',
                      menu.group(0)) if menu else []


def test_a_survey_menu_lists_only_the_languages_the_survey_is_written_in(
        parent, db, parent_link):
    start = parent.client.get(f"/s/{parent_link.token}").get_data(as_text=True)
    assert _menu_codes(start) == ["en", "ar", "pl"]  # parents.yaml: languages [en, ar, pl]
    parent.start_link(parent_link.token)
    school = page_number(survey(db, "parents").definition, "school")
    page = parent.client.get(f"/survey/{school}").get_data(as_text=True)
    assert _menu_codes(page) == ["en", "ar", "pl"]


def test_pages_without_a_survey_keep_every_interface_language(pupil):
    codes = _menu_codes(pupil.client.get("/join").get_data(as_text=True))
    assert {"en", "ar", "pl", "ur", "fa", "bn", "ckb"} <= set(codes)


def test_an_english_only_survey_has_no_menu_of_other_languages(pupil, class_session):
    html = pupil.client.get(f"/join/{class_session.join_code}").get_data(as_text=True)
    assert "lang-menu" not in html  # pupils-7-11 is written in English only


def test_an_interface_over_questions_in_another_language_says_so_once_in_its_language(
        pupil, db, class_session):
    pupil.client.get(f"/join/{class_session.join_code}?lang=ar")
    pupil.start_session(class_session.join_code)
    school = page_number(survey(db, "pupils-7-11").definition, "school")
    html = pupil.client.get(f"/survey/{school}").get_data(as_text=True)
    assert html.count('id="language-notice"') == 1
    assert "أسئلة هذا الاستبيان ليست مكتوبة بلغتك" in html
    assert '<span lang="en" dir="ltr">English</span>' in html
    # The menu still shows the chosen Arabic and offers the survey's English.
    assert _menu_codes(html) == ["en", "ar"]
    assert html.index('id="language-notice"') < html.index("<h1")


def test_no_language_notice_when_questions_are_in_the_page_language(
        parent, db, parent_link):
    parent.client.get(f"/s/{parent_link.token}?lang=pl")
    parent.start_link(parent_link.token)
    school = page_number(survey(db, "parents").definition, "school")
    assert "language-notice" not in parent.client.get(f"/survey/{school}").get_data(
        as_text=True)
    pl_only = parent.client.get("/join?lang=pl").get_data(as_text=True)
    assert "language-notice" not in pl_only


def test_help_part_way_through_a_survey_offers_the_survey_languages(
        pupil, parent, parent_link, class_session):
    parent.start_link(parent_link.token)
    assert _menu_codes(parent.client.get("/help").get_data(as_text=True)) == ["en", "ar", "pl"]
    pupil.start_session(class_session.join_code)
    assert "lang-menu" not in pupil.client.get("/help").get_data(as_text=True)


def test_the_thanks_page_offers_the_survey_languages_without_the_questions_notice(
        pupil, db, class_session):
    pupil.client.get(f"/join/{class_session.join_code}?lang=ar")
    pupil.start_session(class_session.join_code)
    pupil.send(page_number(survey(db, "pupils-7-11").definition, "the_end"))
    html = pupil.client.get("/survey/thanks").get_data(as_text=True)
    assert _html_tag(html) == '<html lang="ar" dir="rtl">'
    assert _menu_codes(html) == ["en", "ar"]  # the survey's English and the chosen Arabic
    assert "language-notice" not in html  # no questions on this page
