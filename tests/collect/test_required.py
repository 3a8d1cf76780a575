"""Required questions (adults only) are asked for on their own page, in the respondent's
language; anything still missing at Send is named in their words, linked to its page."""

from __future__ import annotations

import copy

import pytest
from sqlalchemy import select

from tests.helpers import gen_answer_link, survey
from westcc_voice.models import Link, Response, SurveyVersion

from .conftest import page_number


@pytest.fixture
def required_link(db):
    """The parents' survey with its first answerable question on the 'school' page required."""
    parents = survey(db, "parents")
    definition = copy.deepcopy(parents.definition)
    page = definition["pages"][page_number(definition, "school") - 1]
    question = next(q for q in page["questions"] if q.get("kind", "none") != "none")
    question["required"] = True
    version = SurveyVersion(key="parents-required", version=1, content_hash="r" * 64,
                            title=parents.title, audience="parent",
                            source_path="tests/parents-required.yaml", definition=definition)
    db.add(version)
    db.flush()
    link = gen_answer_link(db, "parents")
    link.survey_version_id = version.id
    db.flush()
    return link, question, page_number(definition, "school")


def test_a_required_question_is_asked_for_on_its_page_in_arabic(parent, db, required_link):
    link, question, number = required_link
    parent.client.get(f"/s/{link.token}?lang=ar")
    parent.start_link(link.token)
    response = parent.page(number)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "يُرجى الإجابة عن هذا السؤال للمتابعة." in html
    assert question["text"]["ar"].split()[0] in html  # the question itself, still on screen
    # going back is never blocked
    assert parent.page(number, action="back").status_code == 302


def test_answering_it_moves_on(parent, db, required_link):
    link, question, number = required_link
    parent.start_link(link.token)
    value = question["options"][0]["value"] if question.get("options") else "x"
    response = parent.page(number, **{question["id"]: str(value)})
    assert response.status_code == 302 and not response.location.endswith(f"/survey/{number}")


def test_missing_at_send_is_named_in_polish_and_linked_to_its_page(parent, db, required_link):
    link, question, number = required_link
    parent.client.get(f"/s/{link.token}?lang=pl")
    parent.start_link(link.token)
    last = len(db.get(Link, link.id).survey_version.definition["pages"])
    response = parent.page(last, action="submit")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Odpowiedz na to pytanie." in html
    assert f'href="/survey/{number}#q-{question["id"]}"' in html
    assert question["text"]["pl"] in html
    assert question["id"] not in html.replace(f"#q-{question['id']}", "")  # no raw id shown
    assert "needs an answer" not in html  # no English words in a Polish page
    assert db.scalars(select(Response)).all() == []
