"""'Something else, please say': an option with other_text gets its own box, shown under
its question when chosen, and what is written there is redacted like any free text."""

from __future__ import annotations

import shutil

import pytest
from sqlalchemy import select

from tests.helpers import gen_link_to_file
from westcc_voice import PROJECT_DIR
from westcc_voice.models import Response

from .conftest import page_number


@pytest.fixture
def other_link(db, tmp_path):
    surveys = tmp_path / "surveys"
    shutil.copytree(PROJECT_DIR / "surveys", surveys)
    community = surveys / "community.yaml"
    text = community.read_text(encoding="utf-8")
    old = "          - value: something_else\n            label: Something else\n"
    assert old in text
    community.write_text(text.replace(old, old + "            other_text: true\n", 1),
                         encoding="utf-8")
    return gen_link_to_file(db, surveys, "community", "community-other")


def test_the_box_follows_its_question_and_shows_only_when_chosen(parent, db, other_link):
    link, definition = other_link
    number = page_number(definition, "job_barriers")
    ids = [q["id"] for q in definition["pages"][number - 1]["questions"]]
    holds = next(i for i in ids if f"{i}_something_else_text" in ids)
    assert ids[ids.index(holds) + 1] == f"{holds}_something_else_text"
    parent.start_link(link.token)
    html = parent.client.get(f"/survey/{number}").get_data(as_text=True)
    assert f'id="q-{holds}_something_else_text"' in html
    assert "question-other" in html and "Please say what:" in html
    response = parent.page(number, seen=(holds,),
                           **{f"{holds}_something_else_text": "a bus pass"})
    assert response.status_code == 400  # hidden: the option was not chosen


def test_what_is_written_there_is_stored_redacted(parent, db, other_link):
    link, definition = other_link
    number = page_number(definition, "job_barriers")
    holds = next(q["id"] for q in definition["pages"][number - 1]["questions"]
                 if q.get("other_of"))
    parent_id = holds.removesuffix("_something_else_text")
    parent.start_link(link.token)
    response = parent.page(number, seen=(parent_id, holds),
                           **{parent_id: ["something_else"],
                              holds: "Ask Mrs Bernadette Okafor on 07700 900123"})
    assert response.status_code == 302, response.get_data(as_text=True)
    parent.send(len(definition["pages"]))
    [row] = db.scalars(select(Response)).all()
    stored = row.answers[holds]
    assert "07700 900123" not in stored and "Okafor" not in stored
    assert row.answers[parent_id] == ["something_else"]
