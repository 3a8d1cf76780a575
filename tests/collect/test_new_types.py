"""The newer question features as a parent meets them, in English and Arabic, on the
pages and through the JSON API: a condition on a grid item and on one option, a text
pattern, a date and a ranking. What the page refuses, intake refuses too."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import uuid

import pytest
from sqlalchemy import select

from tests.helpers import gen_link_to_file
from westcc_voice import PROJECT_DIR
from westcc_voice.models import Response

FILE = PROJECT_DIR / "tests" / "data" / "questionnaires" / "parents-new-types.yaml"


@pytest.fixture
def new_types(db, tmp_path):
    surveys = tmp_path / "surveys"
    shutil.copytree(PROJECT_DIR / "surveys", surveys)
    shutil.copy(FILE, surveys)
    link, _definition = gen_link_to_file(db, surveys, "parents-new-types")
    return link


def _html(response) -> str:
    return response.get_data(as_text=True)


# --- a condition on a grid item -----------------------------------------------------------

def test_a_question_follows_one_grid_item(parent, db, new_types):
    parent.start_link(new_types.token)
    page = _html(parent.client.get("/survey/1"))
    assert 'id="q-enjoy_less"' in page and "learning.enjoy" in page  # its condition, for the script
    hidden = parent.page(1, **{"a-learning-enjoy": "4", "a-enjoy_less": "More clubs"})
    assert hidden.status_code == 400
    assert "This question was not shown, so it cannot be answered." in _html(hidden)
    # without the script: the question appears after Next, then the page goes on
    appeared = parent.page(1, **{"a-learning-enjoy": "1"})
    assert appeared.status_code == 200 and "Another question has appeared" in _html(appeared)
    shown = parent.page(1, seen=("enjoy_less",), **{"a-learning-enjoy": "1",
                                                    "a-enjoy_less": "More clubs"})
    assert shown.status_code == 302


# --- a condition on one option ----------------------------------------------------------

def test_an_option_is_offered_only_when_its_condition_holds(parent, db, new_types):
    parent.start_link(new_types.token)
    page = _html(parent.client.get("/survey/1"))
    tutor = page[page.index('value="tutor"') - 400:page.index('value="tutor"')]
    assert "data-show-if" in tutor and " hidden>" in tutor
    refused = parent.page(1, **{"a-learning-homework": "5", "a-homework_help": "tutor"})
    assert refused.status_code == 400
    assert "Please choose one of the answers shown." in _html(refused)
    assert parent.page(1, **{"a-learning-homework": "1",
                             "a-homework_help": "tutor"}).status_code == 302


def test_without_the_script_an_option_revealed_on_the_page_is_shown_before_going_on(
        parent, db, new_types):
    parent.start_link(new_types.token)
    # "A tutor at home" is offered once "I can help with homework" is 2 or less: without
    # the script it could only be drawn after Next, so the page comes back with it
    again = parent.page(1, seen=("homework_help",), **{"a-learning-homework": "1",
                                                       "a-homework_help": "club"})
    page = _html(again)
    assert again.status_code == 200 and "/survey/1" not in (again.location or "")
    assert "Another answer has appeared on this page. Please look at it, then press Next " \
           "again." in page
    tutor = page[page.index('value="tutor"') - 400:page.index('value="tutor"')]
    assert "data-show-if" in tutor and " hidden>" not in tutor  # now offered
    assert 'data-focus="q-homework_help"' in page
    # nothing was lost: both answers are on the page again, as chosen
    assert re.search(r'name="a-homework_help"[^>]*value="club"[^>]*checked', page)
    assert re.search(r'name="a-learning-homework"[^>]*value="1"[^>]*checked', page)
    # the page now says it showed the option, so Next goes on, keeping the answer
    assert 'name="seen" value="homework_help:tutor"' in page
    on = parent.page(1, seen=("homework_help", "homework_help:tutor"),
                     **{"a-learning-homework": "1", "a-homework_help": "club"})
    assert on.status_code == 302 and on.location.endswith("/survey/2")
    # an answer that reveals nothing goes straight on
    parent.page(1, action="back")
    assert parent.page(1, **{"a-learning-homework": "4",
                             "a-homework_help": "club"}).status_code == 302


@pytest.fixture
def new_types_one_page(db, tmp_path):
    """The same questionnaire cut to its first page, so that page is the last."""
    import yaml

    surveys = tmp_path / "surveys"
    shutil.copytree(PROJECT_DIR / "surveys", surveys)
    data = yaml.safe_load(FILE.read_text(encoding="utf-8"))
    data["pages"] = data["pages"][:1]
    (surveys / FILE.name).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    link, _definition = gen_link_to_file(db, surveys, "parents-new-types")
    return link


def test_on_the_last_page_the_note_names_the_send_button(parent, db, new_types_one_page):
    parent.start_link(new_types_one_page.token)
    again = parent.page(1, action="submit", seen=("homework_help",),
                        **{"a-learning-homework": "1", "a-homework_help": "club"})
    page = _html(again)
    assert again.status_code == 200
    assert "Another answer has appeared on this page. Please look at it, then press Send my " \
           "answers again." in page
    assert "press Next again" not in page and "Send my answers" in page
    assert not db.scalars(select(Response)).all()  # nothing sent before it was seen


def test_the_api_refuses_a_hidden_option_naming_it(client, db, new_types):
    response = client.post("/api/submissions", json={
        "submission_id": str(uuid.uuid4()), "link": new_types.token, "language": "en",
        "answers": {"learning": {"homework": 4}, "homework_help": "tutor"}})
    assert response.status_code == 400
    [error] = response.json["errors"]
    assert error["field"] == "homework_help"
    assert "'tutor' was hidden by its condition" in error["message"]


# --- a text pattern ------------------------------------------------------------------

def test_a_postcode_that_does_not_fit_is_named_in_arabic(parent, db, new_types):
    parent.client.get(f"/s/{new_types.token}?lang=ar")
    parent.start_link(new_types.token)
    page = _html(parent.client.get("/survey/2"))
    assert 'pattern="(NE|ne|Ne)[0-9]{1,2}"' in page
    wrong = parent.page(2, district="SW1A")
    assert wrong.status_code == 400
    assert ("“ما الجزء الأول من رمزك البريدي؟” يُرجى كتابة الجزء الأول من رمز بريدي في "
            "نيوكاسل، مثل NE4.") in _html(wrong)
    assert 'value="SW1A"' in _html(wrong)  # kept to correct
    assert parent.page(2, district="ne4").status_code == 302


# --- a date --------------------------------------------------------------------------

def test_a_date_has_its_bounds_and_says_them_when_outside(parent, db, new_types):
    parent.start_link(new_types.token)
    page = _html(parent.client.get("/survey/2"))
    today = dt.date.today().isoformat()
    assert f'type="date" min="2015-01-01" max="{today}"' in page
    early = parent.page(2, moved_here="2014-12-31")
    assert early.status_code == 400
    assert "“When did your family move to the West End?” Please give a date from " \
           "1 January 2015 to" in _html(early)
    assert parent.page(2, moved_here="2016-02-29").status_code == 302


# --- a ranking -----------------------------------------------------------------------

def test_a_ranking_is_placed_with_choices_and_checked(parent, db, new_types):
    parent.start_link(new_types.token)
    page = _html(parent.client.get("/survey/2"))
    assert page.count('class="rank-place"') == 4 and page.count('class="rank-up"') == 4
    assert "Give a place to at least 2 of them: 1 is first." in page
    same = parent.page(2, **{"a-priorities-parks": "1", "a-priorities-buses": "1"})
    assert same.status_code == 400
    assert "Please give each one a different place." in _html(same)
    one = parent.page(2, **{"a-priorities-parks": "1"})
    assert one.status_code == 400 and "Please choose at least 2." in _html(one)
    kept = _html(one)
    assert kept.index('data-value="parks"') < kept.index('data-value="youth_clubs"')


def test_everything_is_stored_as_the_docs_say(parent, db, new_types):
    parent.start_link(new_types.token)
    assert parent.page(1, seen=("enjoy_less",), **{
        "a-learning-enjoy": "2", "a-learning-homework": "1", "a-enjoy_less": "A quiet room",
        "a-homework_help": "tutor"}).status_code == 302
    parent.send(2, district="NE4", moved_here="2019-09-02",
                **{"a-priorities-buses": "1", "a-priorities-parks": "3",
                   "a-priorities-libraries": "2"})
    [row] = db.scalars(select(Response)).all()
    assert row.answers["learning"] == {"enjoy": 2, "homework": 1}
    assert row.answers["homework_help"] == "tutor"
    assert row.answers["district"] == "NE4"
    assert row.answers["moved_here"] == "2019-09-02"
    assert row.answers["priorities"] == ["buses", "libraries", "parks"]


def test_the_api_takes_a_ranking_as_a_list_and_a_date_as_iso_text(client, db, new_types):
    def send(**answers):
        return client.post("/api/submissions", json={
            "submission_id": str(uuid.uuid4()), "link": new_types.token, "language": "ar",
            "answers": answers})

    bad = send(priorities=["parks", "parks"], moved_here="02/09/2019", district="NE 4")
    assert bad.status_code == 400
    assert {e["field"] for e in bad.json["errors"]} == {"priorities", "moved_here", "district"}
    assert send(priorities=["parks", "buses"], moved_here="2019-09-02",
                district="NE15").status_code == 201


def test_the_date_and_ranking_words_are_arabic_on_an_arabic_page(parent, db, new_types):
    parent.client.get(f"/s/{new_types.token}?lang=ar")
    parent.start_link(new_types.token)
    page = _html(parent.client.get("/survey/2"))
    assert "أعطِ مرتبة لـ 2 منها على الأقل: 1 هو الأول." in page and "انقل إلى الأعلى" in page
    early = _html(parent.page(2, moved_here="2014-12-31"))
    assert "“متى انتقلت عائلتك إلى الويست إند؟” يُرجى إدخال تاريخ من" in early
    assert "2015" in early or "٢٠١٥" in early


def test_the_tablet_document_checks_the_same_limits(db, new_types):
    """A class tablet checks a page before queueing its answers: the same pattern, date
    bounds and number of places as intake."""
    from westcc_voice.collect.offline import answer_check
    from westcc_voice.models import SurveyVersion

    definition = db.get(SurveyVersion, new_types.survey_version_id).definition
    checks = {q["id"]: answer_check(q) for p in definition["pages"] for q in p["questions"]}
    assert checks["district"]["pattern"] == "(NE|ne|Ne)[0-9]{1,2}"
    assert (checks["moved_here"]["date_min"], checks["moved_here"]["date_max"]) == (
        "2015-01-01", dt.date.today().isoformat())
    assert (checks["priorities"]["min_choices"], checks["priorities"]["max_choices"]) == (2, 4)
