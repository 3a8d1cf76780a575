"""The safeguarding queue: only the flag's DSLs read a child's words; every step is audited."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select

from westcc_voice.models import AuditEvent, SafeguardingFlag, SafeguardingNote
from westcc_voice.privacy.retention import apply_retention
from westcc_voice.staff.sessions import local_today

from .conftest import gen_flag, pupil_writes

DISCLOSURE = "my dad hits me when mam is at work"


def _actions(db, action):
    return db.scalars(select(AuditEvent).where(AuditEvent.action == action)
                      .order_by(AuditEvent.id)).all()


def test_the_dsl_reads_the_words_writes_a_note_and_records_an_outcome(
        client, actions, db, world, scanner):
    flag = pupil_writes(client, db, world.school, DISCLOSURE)
    assert flag.severity == "urgent"
    actions.login(world.dsl)
    assert "Safeguarding flags (1 to review)" in client.get("/staff/").get_data(as_text=True)

    page = client.get("/staff/safeguarding/")
    assert page.status_code == 200
    assert page.headers["Cache-Control"].startswith("no-store")
    html = page.get_data(as_text=True)
    assert DISCLOSURE in html and "5R, Year 5" in html and world.school.name in html
    assert "Urgent:</span> Being hurt by someone" in html
    assert "To review (1, 1 urgent)" in html
    [viewed] = _actions(db, "safeguarding.queue_viewed")
    assert viewed.actor_id == world.dsl.id and viewed.detail == {"flags": [flag.id]}

    page = client.get(f"/staff/safeguarding/{flag.id}")
    assert page.status_code == 200 and page.headers["Cache-Control"].startswith("no-store")
    html = page.get_data(as_text=True)
    assert DISCLOSURE in html and "Is there anything else you want to tell us" in html
    for label in ("No further action", "Monitoring in school", "Early help",
                  "Referral to children&#39;s social care", "Referral to the police"):
        assert label in html
    assert [e.target for e in _actions(db, "safeguarding.flag_viewed")] == [f"flag:{flag.id}"]

    saved = client.post(f"/staff/safeguarding/{flag.id}/notes",
                        data={"note": "Spoke to class teacher 5R; seen pupil group."},
                        follow_redirects=True)
    assert "Spoke to class teacher 5R; seen pupil group." in saved.get_data(as_text=True)
    assert [e.target for e in _actions(db, "safeguarding.note_added")] == [f"flag:{flag.id}"]

    done = client.post(f"/staff/safeguarding/{flag.id}/outcome",
                       data={"outcome": "social_care", "outcome_note": "Front door called."},
                       follow_redirects=True)
    text = done.get_data(as_text=True)
    assert "Outcome recorded: Referral to children&#39;s social care" in text
    assert "Nothing to review." in text
    db.refresh(flag)
    retention = client.application.config["SAFEGUARDING_RETENTION_DAYS"]
    assert (flag.status, flag.outcome, flag.reviewed_by_id) == (
        "referred", "social_care", world.dsl.id)
    assert flag.delete_after == local_today() + dt.timedelta(days=retention)
    [event] = _actions(db, "safeguarding.outcome_recorded")
    assert (event.actor_id, event.target, event.detail) == (
        world.dsl.id, f"flag:{flag.id}", {"outcome": "social_care"})
    closed = client.get(f"/staff/safeguarding/{flag.id}").get_data(as_text=True)
    assert "Front door called." in closed and "Record the outcome" not in closed

    # on its delete date, retention removes the child's words and the notes with them
    apply_retention(db, today=flag.delete_after, response_days=1095, flag_days=retention)
    db.expire_all()
    assert db.get(SafeguardingFlag, flag.id) is None
    assert db.scalars(select(SafeguardingNote)).all() == []


def test_urgent_flags_come_first_with_severity_and_reasons_in_plain_words(
        client, actions, db, world):
    older_concern = gen_flag(db, world.school, "they call me names at break",
                             severity="concern", reason="Bullying, including name-calling",
                             flagged_on=dt.date(2026, 11, 2))
    newer_urgent = gen_flag(db, world.school, "i want to die", severity="urgent",
                            reason="Thoughts of suicide or of not wanting to live",
                            flagged_on=dt.date(2026, 11, 25))
    actions.login(world.dsl)
    html = client.get("/staff/safeguarding/").get_data(as_text=True)
    urgent_at = html.index(newer_urgent.original_text)
    assert urgent_at < html.index(older_concern.original_text)
    assert "Urgent:</span> Thoughts of suicide or of not wanting to live" in html
    assert "Concern:</span> Bullying, including name-calling" in html
    badges = re.findall(r'class="severity severity-(\w+)">(\w+)<', html)
    assert badges == [("urgent", "Urgent"), ("concern", "Concern")]


def test_no_one_else_sees_the_queue_or_another_schools_flags(client, actions, db, world):
    mine = gen_flag(db, world.school, DISCLOSURE)
    theirs = gen_flag(db, world.other_school, "someone at home hurts me")
    for person in (world.teacher, world.lead, world.steering, world.admin):
        actions.login(person)
        assert client.get("/staff/safeguarding/").status_code == 403
        assert client.get(f"/staff/safeguarding/{mine.id}").status_code == 403
        assert client.post(f"/staff/safeguarding/{mine.id}/outcome",
                           data={"outcome": "monitoring"}).status_code == 403
        assert "Safeguarding flags" not in client.get("/staff/").get_data(as_text=True)
        actions.logout()
    actions.login(world.dsl)
    html = client.get("/staff/safeguarding/").get_data(as_text=True)
    assert DISCLOSURE in html and "someone at home hurts me" not in html
    for path, data in ((f"/staff/safeguarding/{theirs.id}/outcome", {"outcome": "monitoring"}),
                       (f"/staff/safeguarding/{theirs.id}/notes", {"note": "x"}),
                       (f"/staff/safeguarding/{theirs.id}/handover",
                        {"to": str(world.dsl.id)})):
        assert client.post(path, data=data).status_code == 404
    assert client.get(f"/staff/safeguarding/{theirs.id}").status_code == 404
    db.refresh(theirs)
    assert (theirs.status, theirs.assigned_to_id) == ("open", None)


def test_an_outcome_must_be_one_of_the_five_and_a_note_needs_words(client, actions, db, world):
    flag = gen_flag(db, world.school, DISCLOSURE)
    actions.login(world.dsl)
    bad = client.post(f"/staff/safeguarding/{flag.id}/outcome", data={"outcome": "ignore"})
    assert bad.status_code == 400
    html = bad.get_data(as_text=True)
    assert "Choose what was decided: No further action, Monitoring in school" in html
    assert 'href="#outcome"' in html and DISCLOSURE in html
    empty = client.post(f"/staff/safeguarding/{flag.id}/notes", data={"note": "   "})
    assert empty.status_code == 400
    assert "Write the note before saving it." in empty.get_data(as_text=True)
    nul = client.post(f"/staff/safeguarding/{flag.id}/notes", data={"note": "a\x00b"})
    assert nul.status_code == 400 and "cannot be stored" in nul.get_data(as_text=True)
    long = client.post(f"/staff/safeguarding/{flag.id}/notes", data={"note": "x" * 4001})
    assert "at most 4000 characters; this one has 4001" in long.get_data(as_text=True)
    db.refresh(flag)
    assert flag.status == "open" and db.scalars(select(SafeguardingNote)).all() == []


def test_a_second_outcome_changes_nothing(client, actions, db, world):
    flag = gen_flag(db, world.school, DISCLOSURE)
    actions.login(world.dsl)
    client.post(f"/staff/safeguarding/{flag.id}/outcome", data={"outcome": "early_help"})
    again = client.post(f"/staff/safeguarding/{flag.id}/outcome", data={"outcome": "police"},
                        follow_redirects=True)
    assert "already recorded" in again.get_data(as_text=True)
    db.refresh(flag)
    assert (flag.outcome, flag.status) == ("early_help", "reviewed")


def test_a_flag_is_handed_to_the_partnership_lead_who_then_sees_it(
        client, actions, db, world, smtp):
    flag = gen_flag(db, world.school, DISCLOSURE)
    actions.login(world.dsl)
    page = client.get(f"/staff/safeguarding/{flag.id}").get_data(as_text=True)
    assert world.partnership.display_name in page
    assert world.other_dsl.display_name not in page  # another school's DSL is not offered
    refused = client.post(f"/staff/safeguarding/{flag.id}/handover",
                          data={"to": str(world.other_dsl.id)})
    assert refused.status_code == 400
    assert "Choose one of the safeguarding leads listed." in refused.get_data(as_text=True)

    handed = client.post(f"/staff/safeguarding/{flag.id}/handover",
                         data={"to": str(world.partnership.id)}, follow_redirects=True)
    assert f"Handed to {world.partnership.display_name}. They have been emailed a link." \
        in handed.get_data(as_text=True)
    db.refresh(flag)
    assert flag.assigned_to_id == world.partnership.id
    [event] = _actions(db, "safeguarding.handed_over")
    assert event.detail == {"to": f"staff:{world.partnership.id}"}
    [mail] = smtp.to(world.partnership.email)
    assert f"/staff/safeguarding/{flag.id}" in mail.get_content()
    assert "hits" not in mail.get_content()
    actions.logout()

    actions.login(world.partnership)
    queue = client.get("/staff/safeguarding/").get_data(as_text=True)
    assert DISCLOSURE in queue and f"Handed to {world.partnership.display_name}" in queue
    assert client.get(f"/staff/safeguarding/{flag.id}").status_code == 200
    # the school's own DSL still sees their school's flag
    actions.logout()
    actions.login(world.dsl)
    assert DISCLOSURE in client.get("/staff/safeguarding/").get_data(as_text=True)


def test_the_partnership_lead_reads_flags_from_links_without_a_school_and_no_school_data(
        client, actions, db, world):
    community = gen_flag(db, None, "my partner hits me and the kids")
    school_flag = gen_flag(db, world.school, DISCLOSURE)
    actions.login(world.partnership)
    queue = client.get("/staff/safeguarding/").get_data(as_text=True)
    assert community.original_text in queue and DISCLOSURE not in queue
    assert "link without a school (partnership)" in queue
    assert client.get(f"/staff/safeguarding/{school_flag.id}").status_code == 404
    dashboard = client.get("/staff/").get_data(as_text=True)
    assert "Safeguarding flags (1 to review)" in dashboard
    assert world.school.name not in dashboard  # no school's response counts
    for path in ("/staff/sessions/", "/staff/links/"):
        assert client.get(path).status_code == 403
    actions.logout()
    actions.login(world.dsl)
    assert community.original_text not in client.get("/staff/safeguarding/").get_data(
        as_text=True)


def test_every_post_needs_the_forms_csrf_token(csrf_app, client, actions, db, world):
    flag = gen_flag(db, world.school, DISCLOSURE)
    csrf_app.config["WTF_CSRF_ENABLED"] = False
    actions.login(world.dsl)
    csrf_app.config["WTF_CSRF_ENABLED"] = True
    for path, data in (("outcome", {"outcome": "monitoring"}), ("notes", {"note": "hello"}),
                       ("handover", {"to": str(world.partnership.id)})):
        refused = client.post(f"/staff/safeguarding/{flag.id}/{path}", data=data)
        assert refused.status_code == 400, path
    db.refresh(flag)
    assert (flag.status, flag.assigned_to_id) == ("open", None)
    assert db.scalars(select(SafeguardingNote)).all() == []
    page = client.get(f"/staff/safeguarding/{flag.id}").get_data(as_text=True)
    forms = re.findall(r'<form method="post"[^>]*>\s*<input type="hidden" name="csrf_token" '
                       r'value="([^"]+)"', page)
    assert len(forms) == 4  # note, outcome, hand over, sign out
    ok = client.post(f"/staff/safeguarding/{flag.id}/notes",
                     data={"note": "with a token", "csrf_token": forms[0]})
    assert ok.status_code == 302
