"""Property: whatever body reaches the JSON API or a survey page, the service answers
without a 5xx and stores nothing invalid.

Hypothesis generates the bodies: real question ids and option values mixed with
junk (true/false, 3.0, 10^400, NaN, Infinity, superscript and other scripts' digits, NUL,
lone surrogates, noncharacters, nested lists and objects, unknown keys and languages).
The profile (tests/conftest.py) is derandomised and bounded, so CI runs the same
examples every time.
"""

from __future__ import annotations

import json
import unicodedata
from typing import Any
from urllib.parse import urlencode

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from westcc_voice.collect import flow
from westcc_voice.models import Response, SurveyVersion

#: What may come back; anything else (a 5xx above all) fails the property.
EXPECTED_STATUS = {200, 201, 302, 400, 404, 409, 410, 413}
SHARED_FIXTURES = settings(suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                  HealthCheck.too_slow])

any_char = st.characters(exclude_categories=())  # surrogates and controls included
#: What no database should be handed: NUL, a control, lone surrogates, noncharacters,
#: and a combining accent (stored composed with the letter before it).
unstorable = st.sampled_from(["\x00", "\x07", "\udfff", "\ud800", "\ufffe", "\U0010ffff",
                              "\u0301"])
junk_text = st.one_of(
    st.text(any_char, max_size=30),
    st.sampled_from(["³", "٣", "১০", "1e400", "Infinity", "NaN", "-0", " 4 ", "0x10",
                     "\x00", "\udfff", "\ufffe", "my dad hits me\x00", "ᵃ", "1_0"]),
)
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(min_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True), junk_text,
)
json_junk = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(junk_text, inner, max_size=4)),
    max_leaves=12)


def fitting(q: dict[str, Any]) -> st.SearchStrategy:
    """An answer that fits the question, in any of the forms a client may send."""
    if q.get("kind") == "text":
        return st.one_of(junk_text, st.text(st.one_of(unstorable, any_char), max_size=40))
    if q["type"] == "scale_0_10":
        return st.one_of(st.integers(0, 10), st.integers(0, 10).map(str))
    values = [o["value"] for o in q.get("options") or []]
    if q.get("kind") == "grid":
        return st.dictionaries(st.sampled_from([i["id"] for i in q["items"]]),
                               st.sampled_from(values), min_size=1)
    if q.get("kind") == "multi":
        return st.lists(st.sampled_from(values), min_size=1, max_size=3, unique=True)
    return st.one_of(st.sampled_from(values), st.sampled_from(values).map(str))


def answer_sets(definition: dict[str, Any]) -> st.SearchStrategy:
    """Whole answer sets: some that fit every question (so bodies get through validation
    to storage, free text with NUL and surrogates included), some with junk mixed in."""
    questions = [q for q in flow.questions(definition) if flow.is_answerable(q)
                 and not q.get("show_if")]
    fitting_only = st.fixed_dictionaries({}, optional={q["id"]: fitting(q) for q in questions})
    pair = st.one_of(
        st.sampled_from(questions).flatmap(lambda q: st.tuples(st.just(q["id"]), fitting(q))),
        st.tuples(st.one_of(junk_text, st.sampled_from([q["id"] for q in questions])),
                  json_junk),
    )
    return st.one_of(fitting_only, st.lists(pair, max_size=6).map(dict), json_junk)


def bodies(definition: dict[str, Any], join_code: str) -> st.SearchStrategy:
    """Half well-formed submissions (which should be stored, cleaned), half anything."""
    questions = [q for q in flow.questions(definition) if flow.is_answerable(q)
                 and not q.get("show_if")]
    well_formed = st.fixed_dictionaries(
        {"submission_id": st.uuids().map(str), "session": st.just(join_code),
         "answers": st.fixed_dictionaries({}, optional={q["id"]: fitting(q)
                                                        for q in questions})},
        optional={"language": st.just("en")},
    )
    anything = st.fixed_dictionaries(
        {"submission_id": st.one_of(st.uuids().map(str), junk_text),
         "session": st.one_of(st.just(join_code), junk_text),
         "answers": answer_sets(definition)},
        optional={"language": st.one_of(st.sampled_from(["en", "ar", "xx"]), json_junk),
                  "finished": json_junk, "device_id": json_junk},
    )
    return st.one_of(well_formed, anything)


def stored_problems(db) -> list[str]:
    """Every stored response must fit its survey again, in text any database holds."""
    problems = []
    for row, definition in db.execute(
            select(Response, SurveyVersion.definition).join(SurveyVersion)).all():
        questions = {q["id"]: q for q in flow.questions(definition)}
        if row.language not in definition["languages"]:
            problems.append(f"{row.submission_id}: language {row.language!r}")
        for qid, value in row.answers.items():
            q = questions.get(qid)
            if q is None or not flow.is_answerable(q):
                problems.append(f"{row.submission_id}: {qid!r} is not a question")
            elif not _fits(q, value):
                problems.append(f"{row.submission_id}: {qid} = {value!r}")
    return problems


def _unstorable(char: str) -> bool:
    """A control (but tab and line breaks), a surrogate or a noncharacter."""
    category = unicodedata.category(char)
    return (category == "Cc" and char not in "\t\n\r" or category == "Cs"
            or 0xFDD0 <= ord(char) <= 0xFDEF or ord(char) & 0xFFFE == 0xFFFE)


def _fits(q: dict[str, Any], value: Any) -> bool:
    if q.get("kind") == "text":
        return isinstance(value, str) and not any(map(_unstorable, value))
    allowed = [o["value"] for o in q.get("options") or []]
    if q["type"] == "scale_0_10":
        allowed = list(range(11))

    def one(v: Any) -> bool:
        return type(v) is type(allowed[0]) and v in allowed

    if q.get("kind") == "grid":
        return isinstance(value, dict) and all(one(v) for v in value.values())
    if q.get("kind") == "multi":
        return isinstance(value, list) and all(one(v) for v in value)
    return one(value)


def test_the_api_never_fails_and_never_stores_an_invalid_answer(client, db, class_session):
    definition = class_session.survey_version.definition
    seen: set[int] = set()

    @SHARED_FIXTURES
    @given(body=bodies(definition, class_session.join_code), raw=st.booleans())
    def post_anything(body: dict, raw: bool):
        data = json.dumps(body, allow_nan=True)  # NaN and Infinity as Python writes them
        if raw:  # a replay of the same UUID, as an offline queue would send it
            client.post("/api/submissions", data=data, content_type="application/json")
        response = client.post("/api/submissions", data=data,
                               content_type="application/json")
        assert response.status_code in EXPECTED_STATUS, response.get_data(as_text=True)
        assert response.is_json
        seen.add(response.status_code)

    post_anything()
    assert stored_problems(db) == []
    assert {201, 400} <= seen  # the bodies reached storage as well as being refused


def test_survey_pages_never_fail_and_never_store_an_invalid_answer(client, db,
                                                                    class_session, pupil):
    definition = class_session.survey_version.definition
    names = [f"a-{q['id']}" for q in flow.questions(definition)]
    words = st.sampled_from(["1", "4", "yes", "no", "sport", "submit", "next", "skip",
                             "back", "stop", "ar", "my dad hits me\x00\udfff"])
    forms = st.dictionaries(
        st.one_of(st.sampled_from(names), st.sampled_from(names),
                  st.sampled_from(["action", "seen", "lang"]), junk_text),
        st.lists(st.one_of(words, words, junk_text), min_size=1, max_size=3),
        max_size=6)

    @SHARED_FIXTURES
    @given(form=forms, number=st.integers(1, len(definition["pages"])),
           stop=st.booleans())
    def post_anything(form: dict, number: int, stop: bool):
        client.post(f"/join/{class_session.join_code}", data={"action": "start"})
        # Encoded as a browser would send the bytes; a lone surrogate becomes bytes that
        # are not UTF-8 at all.
        body = urlencode([(k, v) for k, vs in form.items() for v in vs],
                         encoding="utf-8", errors="surrogatepass")
        response = client.post(f"/survey/{number}", data=body,
                               content_type="application/x-www-form-urlencoded")
        assert response.status_code in EXPECTED_STATUS, response.get_data(as_text=True)
        if stop:
            response = client.post("/survey/stop", data={"action": "send"})
            assert response.status_code in EXPECTED_STATUS, response.get_data(as_text=True)

    post_anything()
    assert stored_problems(db) == []
