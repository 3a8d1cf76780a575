"""Parents and community members are told, before they start, that harm they write of is seen."""

from __future__ import annotations

import html

import pytest

from ..helpers import gen_answer_link

ENGLISH = "a safeguarding lead will see what you wrote"


@pytest.mark.parametrize("survey_key", ["parents", "community"])
def test_adults_are_told_a_safeguarding_lead_reads_an_answer_that_tells_of_harm(
        client, db, survey_key):
    link = gen_answer_link(db, survey_key)
    page = html.unescape(client.get(f"/s/{link.token}?lang=en").get_data(as_text=True))
    assert ENGLISH in page


@pytest.mark.parametrize(("lang", "words"), [
    ("pl", "osoba odpowiedzialna za ochronę dzieci zobaczy"),
    ("ar", "فسيرى مسؤول حماية الأطفال"),
    ("ur", "بچوں کے تحفظ کا ذمہ دار شخص"),
])
def test_the_notice_is_in_the_parents_language(client, db, lang, words):
    link = gen_answer_link(db, "parents")
    page = html.unescape(client.get(f"/s/{link.token}?lang={lang}").get_data(as_text=True))
    assert words in page and ENGLISH not in page
