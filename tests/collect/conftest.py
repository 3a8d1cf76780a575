"""Fixtures for the respondent side: a class session, a parent link, a pupil who joins."""

from __future__ import annotations

import re

import pytest

from westcc_voice.collect.catalogues import compile_catalogues

from ..helpers import gen_answer_link, gen_pupil_session


@pytest.fixture(scope="session", autouse=True)
def compiled_translations():
    """The .mo files the Makefile's install step builds, built here too if stale."""
    compile_catalogues()


@pytest.fixture
def class_session(db):
    return gen_pupil_session(db, "pupils-7-11", year_group=5, class_label="5B")


@pytest.fixture
def parent_link(db):
    return gen_answer_link(db, "parents")


CSRF_INPUT = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_token_in(html: str) -> str:
    match = CSRF_INPUT.search(html)
    assert match, "the page has no CSRF token"
    return match.group(1)


class Respondent:
    """A person at a tablet or phone: join, answer pages, send, in one line each."""

    def __init__(self, client):
        self.client = client

    def join(self, code: str):
        response = self.client.post("/join", data={"code": code})
        assert response.status_code == 302, response.get_data(as_text=True)
        return self.client.get(response.location)

    def start_session(self, code: str):
        response = self.client.post(f"/join/{code}", data={"action": "start"})
        assert response.status_code == 302, response.get_data(as_text=True)
        return response

    def start_link(self, token: str, **form):
        response = self.client.post(f"/s/{token}", data=form)
        assert response.status_code == 302, response.get_data(as_text=True)
        return response

    def page(self, number: int, action: str = "next", seen: tuple[str, ...] = (), **answers):
        """Post page ``number``; answers are given by question id (lists for checkboxes)."""
        data: dict = {"action": action, "seen": list(seen)}
        for qid, value in answers.items():
            data[qid if qid.startswith("a-") else f"a-{qid}"] = value
        return self.client.post(f"/survey/{number}", data=data)

    def send(self, number: int, **answers):
        response = self.page(number, action="submit", **answers)
        assert response.status_code == 302, response.get_data(as_text=True)
        assert response.location.endswith("/survey/thanks")
        return response


@pytest.fixture
def pupil(client):
    return Respondent(client)


@pytest.fixture
def parent(client):
    return Respondent(client)


def page_number(definition: dict, page_id: str) -> int:
    """The 1-based number of a page of a survey definition, by its id."""
    for number, page in enumerate(definition["pages"], start=1):
        if page["id"] == page_id:
            return number
    raise KeyError(page_id)
