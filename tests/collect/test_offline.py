"""Offline class tablets, over HTTP: the service worker, the tablet document, the probe."""

from __future__ import annotations

import html as html_lib
import json
import re

from westcc_voice.collect.offline import answer_check
from westcc_voice.collect.wellbeing import help_rules

from ..helpers import survey
from .conftest import page_number


def test_the_service_worker_may_look_after_the_join_pages_and_keeps_every_asset(client):
    response = client.get("/offline-sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Service-Worker-Allowed"] == "/join/"
    body = response.get_data(as_text=True)
    assets = json.loads(re.search(r"var ASSETS = (\[.*?\]);", body).group(1).replace("'", '"'))
    for url in assets:
        asset = client.get(url)
        assert asset.status_code == 200, url
        asset.close()
    assert "/static/js/tablet.js" in assets and "/static/css/survey.css" in assets


def test_the_probe_answers_at_once_and_is_never_cached(client):
    response = client.get("/api/online")
    assert response.status_code == 204
    assert "no-store" in response.headers["Cache-Control"]


def test_the_tablet_document_holds_every_page_of_the_session_survey(
        client, pupil, db, class_session):
    pupil.join(class_session.join_code)
    response = client.get(f"/join/{class_session.join_code}/tablet")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    definition = class_session.survey_version.definition
    assert html.count('class="t-screen t-page"') == len(definition["pages"])
    for page in definition["pages"]:
        for q in page["questions"]:
            assert f'id="q-{q["id"]}"' in html
    assert "I&#39;m happy to start" in html or "I'm happy to start" in html
    assert 'name="csrf_token"' not in html  # nothing on it posts a form


def test_a_closed_session_has_no_tablet_document(client, db, class_session):
    from westcc_voice.models import utcnow

    class_session.closed_at = utcnow()
    db.commit()
    response = client.get(f"/join/{class_session.join_code}/tablet")
    assert response.status_code == 410


def test_a_class_tablet_page_carries_the_answers_so_far_and_the_submission_uuid(
        pupil, client, db, class_session):
    definition = class_session.survey_version.definition
    pupil.join(class_session.join_code)
    pupil.start_session(class_session.join_code)
    school = page_number(definition, "school")
    assert pupil.page(school, school_feel="4").status_code == 302
    html = client.get(f"/survey/{school + 1}").get_data(as_text=True)
    carried = json.loads(re.search(r'data-carry="([^"]*)"', html).group(1)
                         .replace("&#34;", '"').replace("&quot;", '"'))
    assert carried["fields"] == {"a-school_feel": ["4"]}
    assert re.fullmatch(r"[0-9a-f-]{36}", carried["submission_id"])


def test_a_parent_page_carries_nothing(client, parent_link):
    client.post(f"/s/{parent_link.token}", data={})
    html = client.get("/survey/1").get_data(as_text=True)
    assert "data-carry" not in html
    assert '"doc_url"' not in html


def test_limits_written_for_the_tablet_match_the_questionnaire(db):
    definition = survey(db, "pupils-11-16").definition
    checks = {q["id"]: answer_check(q) for p in definition["pages"] for q in p["questions"]}
    numbers = [c for c in checks.values() if c.get("number")]
    assert numbers and all("min" in c and "max" in c for c in numbers)
    texts = [c for c in checks.values() if "max_length" in c]
    assert texts and {c["max_length"] for c in texts} >= {200, 2000}


def test_the_tablet_document_carries_the_questionnaires_extra_help_rules(
        client, pupil, db, class_session):
    pupil.join(class_session.join_code)
    html = client.get(f"/join/{class_session.join_code}/tablet").get_data(as_text=True)
    carried = json.loads(html_lib.unescape(re.search(r'data-help-rules="([^"]*)"', html).group(1)))
    definition = survey(db, "pupils-7-11").definition
    assert carried == help_rules(definition)
    assert carried["help"] and carried["low"] and carried["min_low"] == 2
