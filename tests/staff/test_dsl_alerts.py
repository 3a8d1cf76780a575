"""Emails to designated safeguarding leads: a link to the flag, never the child's words."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from westcc_voice import create_app
from westcc_voice.config import ConfigError
from westcc_voice.models import AuditEvent, FlagAlert, SafeguardingFlag
from westcc_voice.safeguarding.severity import flag_severity

from .. import helpers
from .conftest import gen_flag, pupil_writes

DIGEST = ["safeguarding", "digest", "--base-url", "https://voice.west.example"]


def _body(message) -> str:
    return message.get_content()


def _words_leak(message, text: str) -> list[str]:
    """Words of the answer (four letters or more) found anywhere in the email."""
    whole = (message["Subject"] + " " + _body(message)).lower()
    return [w for w in re.findall(r"[a-z]{4,}", text.lower()) if w in whole]


def _audited(db, action):
    return db.scalars(select(AuditEvent).where(AuditEvent.action == action)
                      .order_by(AuditEvent.id)).all()


def test_an_urgent_flag_emails_every_dsl_of_the_school_a_link_and_nothing_of_the_answer(
        client, db, world, smtp, scanner):
    second_dsl = helpers.gen_staff(db, "dsl", world.school)
    text = "i want to die because my step dad hits me"
    flag = pupil_writes(client, db, world.school, text)
    assert flag.severity == "urgent"
    for person in (world.dsl, second_dsl):
        [mail] = smtp.to(person.email)
        assert mail["Subject"] == "Urgent safeguarding flag to read"
        assert f"http://localhost/staff/safeguarding/{flag.id}" in _body(mail)
        assert _words_leak(mail, text) == []
        for reason in ("suicide", "hurt", "Being", world.school.name, "5R"):
            assert reason not in _body(mail)
    assert smtp.to(world.other_dsl.email) == [] and smtp.to(world.partnership.email) == []
    alerts = db.scalars(select(FlagAlert).where(FlagAlert.flag_id == flag.id)).all()
    assert {(a.recipient_id, a.status) for a in alerts} == {
        (world.dsl.id, "sent"), (second_dsl.id, "sent")}
    assert len(_audited(db, "safeguarding.alert_sent")) == 2


def test_a_concern_is_listed_but_not_emailed(client, db, world, smtp, scanner):
    flag = pupil_writes(client, db, world.school, "they call me names every day")
    assert flag.severity == "concern"
    assert flag.reasons[0]["reason"] == "Bullying, including name-calling"
    assert smtp.messages == []


def test_a_flag_without_a_school_emails_the_partnership_lead(client, db, world, smtp):
    flag = gen_flag(db, None, "my partner hits me")
    db.commit()  # as intake's caller does; the next request sends the alert
    client.get("/")
    [mail] = smtp.to(world.partnership.email)
    assert f"/staff/safeguarding/{flag.id}" in _body(mail)
    assert smtp.to(world.dsl.email) == []


def test_a_dead_mail_server_never_fails_a_submission_and_the_digest_retries(
        app, client, db, world, dead_smtp, scanner, runner, monkeypatch):
    flag = pupil_writes(client, db, world.school, "he hits me")  # 201 asserted inside
    [alert] = db.scalars(select(FlagAlert).where(FlagAlert.flag_id == flag.id)).all()
    assert (alert.status, alert.attempts) == ("failed", 1)
    [failed] = _audited(db, "safeguarding.alert_failed")
    assert failed.target == f"flag:{flag.id}" and "could not connect" in failed.detail["error"]
    assert "he hits me" not in str(failed.detail)

    # the server comes back; the daily digest sends the alert and the DSL's digest
    from aiosmtpd.controller import Controller

    from .conftest import Inbox, free_port

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    monkeypatch.setitem(app.config, "SMTP_PORT", controller.port)
    try:
        result = runner.invoke(args=DIGEST)
    finally:
        controller.stop()
    assert result.exit_code == 0, result.output
    assert "Urgent and handover alerts: 1 sent, 0 failed." in result.output
    assert "Digests: sent to 1 safeguarding lead(s), 0 failed." in result.output
    db.refresh(alert)
    assert alert.status == "sent" and alert.attempts == 2
    urgent, digest = inbox.to(world.dsl.email)
    assert f"https://voice.west.example/staff/safeguarding/{flag.id}" in _body(urgent)
    assert digest["Subject"] == "Safeguarding flags open: 1 (1 urgent)"
    assert f"https://voice.west.example/staff/safeguarding/{flag.id}" in _body(digest)
    assert _words_leak(digest, "he hits me") == []


def test_the_digest_gives_each_lead_the_count_and_links_of_their_own_open_flags(
        db, world, smtp, runner):
    mine = [gen_flag(db, world.school, "first worry", severity="concern"),
            gen_flag(db, world.school, "second worry")]
    theirs = gen_flag(db, world.other_school, "other school worry", severity="concern")
    community = gen_flag(db, None, "community worry", severity="concern")
    gen_flag(db, world.school, "already dealt with", status="reviewed")
    result = runner.invoke(args=DIGEST)
    assert result.exit_code == 0, result.output
    digests = {m["To"]: m for m in smtp.messages if m["Subject"].startswith("Safeguarding")}
    assert set(digests) == {world.dsl.email, world.other_dsl.email, world.partnership.email}
    mine_mail = digests[world.dsl.email]
    assert mine_mail["Subject"] == "Safeguarding flags open: 2 (1 urgent)"
    assert "You have 2 open safeguarding flags to read, 1 of them urgent." in _body(mine_mail)
    links = re.findall(r"/staff/safeguarding/(\d+)", _body(mine_mail))
    assert links == [str(mine[1].id), str(mine[0].id)]  # urgent first
    assert "worry" not in _body(mine_mail) and "dealt" not in _body(mine_mail)
    assert re.findall(r"/staff/safeguarding/(\d+)", _body(digests[world.other_dsl.email])) \
        == [str(theirs.id)]
    assert re.findall(r"/staff/safeguarding/(\d+)", _body(digests[world.partnership.email])) \
        == [str(community.id)]
    assert len(_audited(db, "safeguarding.digest_sent")) == 3


def test_a_refused_message_is_recorded_and_the_command_says_so(db, world, smtp, runner):
    gen_flag(db, world.school, "a worry", severity="concern")
    smtp.refuse = True
    result = runner.invoke(args=DIGEST)
    assert result.exit_code == 1
    assert "Digests: sent to 0 safeguarding lead(s), 1 failed." in result.output
    assert "550 mailbox unavailable" in result.output
    [failed] = _audited(db, "safeguarding.digest_failed")
    assert failed.target == f"staff:{world.dsl.id}"


def test_the_digest_needs_a_mail_server_and_an_address(app, runner, monkeypatch):
    monkeypatch.setitem(app.config, "SMTP_HOST", "")
    result = runner.invoke(args=DIGEST)
    assert result.exit_code != 0 and "set WESTCC_SMTP_HOST" in result.output
    monkeypatch.setitem(app.config, "SMTP_HOST", "127.0.0.1")
    result = runner.invoke(args=["safeguarding", "digest"])
    assert result.exit_code != 0 and "pass --base-url or set WESTCC_PUBLIC_URL" in result.output


def test_the_queue_warns_when_urgent_flags_cannot_be_emailed(client, actions, db, world):
    actions.login(world.dsl)
    html = client.get("/staff/safeguarding/").get_data(as_text=True)
    assert "Urgent flags are not being emailed" in html


def test_an_urgent_flag_stays_queued_for_the_digest_when_no_mail_server_is_set(
        client, db, world, scanner):
    flag = pupil_writes(client, db, world.school, "he hits me")
    [alert] = db.scalars(select(FlagAlert).where(FlagAlert.flag_id == flag.id)).all()
    assert alert.status == "pending"


def test_an_unknown_smtp_security_is_refused():
    with pytest.raises(ConfigError, match="SMTP_SECURITY='tls': expected one of starttls"):
        create_app({"SECRET_KEY": "x", "DATABASE_URL": "sqlite://", "SMTP_SECURITY": "tls"})


@pytest.mark.parametrize(("reasons", "expected"), [
    ([{"category": "bullying", "severity": "concern"},
      {"category": "suicidal", "severity": "urgent"}], "urgent"),
    ([{"category": "bullying", "severity": "concern"}], "concern"),
    # written before reasons had a severity: harm categories count as urgent
    ([{"category": "self_harm", "phrase": "wanna die"}], "urgent"),
    ([{"category": "general"}], "urgent"),
    ([{"category": "neglect"}], "concern"),
    (["physical_harm"], "urgent"),
    ([], "concern"),
])
def test_a_flag_is_urgent_when_any_reason_is(reasons, expected):
    assert flag_severity(reasons) == expected


def test_no_alert_is_sent_twice_for_one_flag(db, world, smtp, runner):
    flag = gen_flag(db, world.school, "he hits me")
    assert runner.invoke(args=DIGEST).exit_code == 0
    assert runner.invoke(args=DIGEST).exit_code == 0
    urgent = [m for m in smtp.to(world.dsl.email) if m["Subject"].startswith("Urgent")]
    assert len(urgent) == 1
    assert db.get(SafeguardingFlag, flag.id).status == "open"


def test_a_mail_server_that_never_answers_costs_one_timeout_not_the_submission(
        app, client, db, world, scanner, monkeypatch):
    """A server that accepts the connection and then says nothing: the answer is stored."""
    import socket

    from .conftest import free_port

    silent = socket.socket()
    silent.bind(("127.0.0.1", free_port()))
    silent.listen(8)
    for key, value in {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": silent.getsockname()[1],
                       "SMTP_SECURITY": "none", "SMTP_TIMEOUT": 1}.items():
        monkeypatch.setitem(app.config, key, value)
    helpers.gen_staff(db, "dsl", world.school)  # two DSLs, still one wait
    try:
        flag = pupil_writes(client, db, world.school, "he hits me")  # 201 asserted inside
        silent.setblocking(False)
        connections = 0
        while True:
            try:
                conn, _ = silent.accept()
            except BlockingIOError:
                break
            conn.close()
            connections += 1
    finally:
        silent.close()
    assert connections == 1  # one wait of SMTP_TIMEOUT, not one per DSL
    statuses = db.scalars(select(FlagAlert.status).where(FlagAlert.flag_id == flag.id)).all()
    assert statuses == ["failed", "failed"]
    assert all("timed out" in e.detail["error"] for e in _audited(db, "safeguarding.alert_failed"))


def test_a_school_without_a_dsl_account_has_its_flags_read_by_the_partnership_lead(
        client, actions, db, world, smtp, scanner):
    lonely = helpers.gen_school(db, name="Lonely Lane Primary")
    flag = pupil_writes(client, db, lonely, "he hits me")
    db.refresh(flag)
    assert flag.assigned_to_id == world.partnership.id
    [mail] = smtp.to(world.partnership.email)
    assert f"/staff/safeguarding/{flag.id}" in _body(mail)
    [event] = _audited(db, "safeguarding.handed_over")
    assert event.detail["why"] == "the school has no active safeguarding lead account"
    actions.login(world.partnership)
    assert "he hits me" in client.get("/staff/safeguarding/").get_data(as_text=True)
