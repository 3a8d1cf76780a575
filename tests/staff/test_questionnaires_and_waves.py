"""Staff see questionnaires, their versions and which wording changed; admins add and
close waves."""

from __future__ import annotations

import copy
import datetime as dt

from sqlalchemy import select

from westcc_voice.definitions.compare import wording_changes
from westcc_voice.models import AuditEvent, SurveyVersion, Wave
from westcc_voice.staff.sessions import local_today

from .. import helpers


def question(qid: str, text: str, options=None, wording_hash=None) -> dict:
    q = {"id": qid, "type": "single_choice" if options else "text", "text": {"en": text}}
    if options:
        q["options"] = [{"value": v, "label": {"en": label}} for v, label in options]
    q["wording_hash"] = wording_hash or f"{text}|{options}"
    return q


def definition(*questions) -> dict:
    return {"source_language": "en", "languages": ["en"],
            "pages": [{"questions": list(questions)}]}


FEEL = [("1", "Not at all"), ("2", "A bit"), ("3", "A lot")]
FEEL_NEW = [("1", "Never"), ("2", "A bit"), ("3", "A lot")]


def test_wording_changes_name_each_added_removed_and_reworded_question():
    older = definition(question("safe", "Do you feel safe at school?", FEEL),
                       question("lunch", "What do you think of lunch?"),
                       question("same", "Anything else?"))
    newer = definition(question("safe", "Do you feel safe at school?", FEEL_NEW),
                       question("same", "Anything else?"),
                       question("club", "Which clubs do you go to?"))
    changes = {c.question_id: c for c in wording_changes(older, newer)}
    assert {k: c.kind for k, c in changes.items()} == {
        "safe": "reworded", "same": "unchanged", "club": "added", "lunch": "removed"}
    assert changes["safe"].answers == (("1", "Not at all", "Never"),)
    assert changes["lunch"].old_text == "What do you think of lunch?"
    assert changes["club"].new_text == "Which clubs do you go to?"


def two_versions(db):
    """Version 1, and version 2 with one question reworded."""
    first = definition(question("safe", "Do you feel safe at school?", FEEL),
                       question("lunch", "What do you think of lunch?"))
    second = copy.deepcopy(first)
    second["pages"][0]["questions"][0] = question("safe", "How safe do you feel at school?",
                                                  FEEL)
    stored = []
    for number, content in enumerate((first, second), start=1):
        stored.append(SurveyVersion(
            key="pupils-demo", version=number, content_hash=str(number) * 64,
            title="Pupils demo", audience="pupil", source_path="surveys/pupils-demo.yaml",
            definition={**content, "year_groups": [3, 4]}))
    db.add_all(stored)
    db.flush()
    return stored


def test_staff_see_the_versions_and_what_changed_between_them(client, actions, db, world):
    two_versions(db)
    actions.login(world.teacher)
    listing = client.get("/staff/questionnaires/").get_data(as_text=True)
    assert "Pupils demo" in listing and "Version 2" in listing
    versions = client.get("/staff/questionnaires/pupils-demo").get_data(as_text=True)
    assert "1 reworded, 0 added, 0 removed" in versions and "First version" in versions
    page = client.get("/staff/questionnaires/pupils-demo/2").get_data(as_text=True)
    assert "What changed since version 1" in page
    assert "Do you feel safe at school?" in page and "How safe do you feel at school?" in page
    assert "Reworded" in page and "lunch" in page  # lunch listed among the questions
    assert "Answers to a reworded question are not compared" in page


def test_comparing_with_a_version_that_is_not_earlier_is_refused_clearly(client, actions,
                                                                         db, world):
    two_versions(db)
    actions.login(world.teacher)
    response = client.get("/staff/questionnaires/pupils-demo/2?since=7")
    assert response.status_code == 400
    assert ("Compare with: version &#39;7&#39; is not an earlier version of this "
            "questionnaire; choose one of 1.") in response.get_data(as_text=True)
    assert client.get("/staff/questionnaires/pupils-demo/9").status_code == 404
    assert client.get("/staff/questionnaires/no-such-thing").status_code == 404


def test_an_admin_adds_a_wave_and_it_is_audited(client, actions, db, world):
    actions.login(world.admin)
    added = client.post("/staff/waves/", data={
        "name": "Spring 2027", "code": "2027-Spring", "starts_on": "2027-03-01",
        "ends_on": "2027-04-30"}, follow_redirects=True)
    assert "Added the wave Spring 2027." in added.get_data(as_text=True)
    wave = db.scalar(select(Wave).where(Wave.code == "2027-spring"))
    assert (wave.starts_on, wave.ends_on) == (dt.date(2027, 3, 1), dt.date(2027, 4, 30))
    [event] = db.scalars(select(AuditEvent).where(AuditEvent.action == "wave.create"))
    assert event.actor_id == world.admin.id and event.target == f"wave:{wave.id}"


def test_a_wave_that_does_not_fit_is_refused_naming_each_field(client, actions, db, world):
    actions.login(world.admin)
    response = client.post("/staff/waves/", data={
        "name": "", "code": "no spaces!", "starts_on": "2027-02-30", "ends_on": ""})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    for message in ("Name: type the name", "Short code: use 2 to 40 lower-case letters",
                    "First day: enter a real date"):
        assert message in page
    again = client.post("/staff/waves/", data={
        "name": "Again", "code": world.wave.code, "starts_on": "2027-03-01",
        "ends_on": "2027-01-01"})
    text = again.get_data(as_text=True)
    assert "Last day: the last day must be on or after the first day." in text
    before = db.scalar(select(Wave).where(Wave.name == "Again"))
    assert before is None


def test_closing_a_wave_ends_it_today_and_takes_it_off_the_session_form(client, actions, db,
                                                                       world):
    actions.login(world.admin)
    assert world.wave.name in client.get("/staff/sessions/new").get_data(as_text=True)
    closed = client.post(f"/staff/waves/{world.wave.id}/close", follow_redirects=True)
    assert "is closed: today is its last day" in closed.get_data(as_text=True)
    db.refresh(world.wave)
    assert world.wave.ends_on == local_today()
    [event] = db.scalars(select(AuditEvent).where(AuditEvent.action == "wave.close"))
    assert event.detail["planned_end"] == "2099-07-20"
    world.wave.ends_on = local_today() - dt.timedelta(days=1)
    db.flush()
    form = client.get("/staff/sessions/new").get_data(as_text=True)
    assert f'value="{world.wave.id}"' not in form


def test_a_wave_that_has_not_started_cannot_be_closed(client, actions, db, world):
    later = helpers.gen_wave(db, starts_on=local_today() + dt.timedelta(days=30))
    actions.login(world.admin)
    refused = client.post(f"/staff/waves/{later.id}/close", follow_redirects=True)
    assert "has not started yet" in refused.get_data(as_text=True)
    db.refresh(later)
    assert later.ends_on is None


def test_closing_a_wave_asks_first_and_can_be_undone_for_a_few_minutes(client, actions, db,
                                                                     world, app):
    actions.login(world.admin)
    asked = client.get(f"/staff/waves/{world.wave.id}/close")
    page = asked.get_data(as_text=True)
    assert asked.status_code == 200 and f"Close {world.wave.name} today?" in page
    assert "You can undo this for" in page
    db.refresh(world.wave)
    assert world.wave.ends_on == dt.date(2099, 7, 20)  # asking changed nothing
    client.post(f"/staff/waves/{world.wave.id}/close")
    listing = client.get("/staff/waves/").get_data(as_text=True)
    assert "Undo: reopen" in listing
    client.post(f"/staff/waves/{world.wave.id}/reopen")
    db.refresh(world.wave)
    assert world.wave.ends_on == dt.date(2099, 7, 20)
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "wave.reopen")) is not None
    # after the undo window, a close stays
    client.post(f"/staff/waves/{world.wave.id}/close")
    for event in db.scalars(select(AuditEvent).where(AuditEvent.action == "wave.close")):
        event.at -= dt.timedelta(minutes=app.config["CLOSE_UNDO_MINUTES"] + 1)
    db.flush()
    late = client.post(f"/staff/waves/{world.wave.id}/reopen", follow_redirects=True)
    assert "can no longer be reopened" in late.get_data(as_text=True)
    db.refresh(world.wave)
    assert world.wave.ends_on == local_today()


def test_a_closed_wave_is_not_offered_for_new_links(client, actions, db, world):
    actions.login(world.admin)
    assert f'value="{world.wave.id}"' in client.get("/staff/links/new").get_data(as_text=True)
    world.wave.ends_on = local_today() - dt.timedelta(days=1)
    db.flush()
    assert f'value="{world.wave.id}"' not in client.get("/staff/links/new").get_data(
        as_text=True)


def test_an_admin_moves_open_sessions_to_the_newest_version(client, actions, db, world):
    from westcc_voice.models import SurveyVersion

    cs = helpers.gen_class_session(db, world.teacher, world.pupils, world.wave)
    newer = SurveyVersion(key=world.pupils.key, version=world.pupils.version + 1,
                          content_hash="n" * 64, title=world.pupils.title,
                          audience=world.pupils.audience, source_path="tests/newer.yaml",
                          definition=world.pupils.definition)
    db.add(newer)
    db.flush()
    actions.login(world.teacher)
    seen = client.get(f"/staff/questionnaires/{world.pupils.key}").get_data(as_text=True)
    assert "1 open class session or link still serves an earlier version" in seen
    assert cs.class_label not in seen.split("Open sessions and links")[1]  # admins only
    assert client.post(f"/staff/questionnaires/{world.pupils.key}/serve-newest").status_code \
        == 403
    actions.login(world.admin)
    page = client.get(f"/staff/questionnaires/{world.pupils.key}").get_data(as_text=True)
    assert f"Move them to version {newer.version}" in page
    moved = client.post(f"/staff/questionnaires/{world.pupils.key}/serve-newest",
                        follow_redirects=True).get_data(as_text=True)
    assert "1 open class session(s) and link(s) now serve" in moved
    db.refresh(cs)
    assert cs.survey_version_id == newer.id
    assert db.scalar(select(AuditEvent).where(
        AuditEvent.action == "questionnaire.serve_newest")).detail["moved"] == 1
