"""Parent and community links: a token, a letter to print, single-use codes shown once."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from sqlalchemy import func, select

from westcc_voice.models import AuditEvent, Link, LinkCode, utcnow
from westcc_voice.staff.codes import letter_code_hash, normalise_letter_code
from westcc_voice.staff.links import link_status
from westcc_voice.staff.sessions import local_today

from .conftest import expected_modules, qr_modules, svg_in

TODAY = local_today()


@pytest.fixture(autouse=True)
def _same_today(monkeypatch):
    """The tests' dates and the app's today are one day, even when a run crosses midnight."""
    import westcc_voice.staff.links as links_module

    monkeypatch.setattr(links_module, "local_today", lambda now=None: TODAY)


def form_data(world, **changes):
    data = {"survey_id": world.parents.id, "school_id": world.school.id,
            "wave_id": world.wave.id, "label": "Year 3 parents, autumn letter",
            "opens_on": TODAY.isoformat(),
            "closes_on": (TODAY + dt.timedelta(days=14)).isoformat(),
            "code_count": 0, "form_nonce": "first-send"}
    data.update(changes)
    return data


def count(db, model) -> int:
    return db.scalar(select(func.count(model.id)))


def audit(db, action: str) -> list[AuditEvent]:
    return list(db.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def codes_on(page: str) -> list[str]:
    return re.findall(r'<input type="hidden" name="code" value="([^"]+)">', page)


def page_text(html: str) -> str:
    """The words a reader sees: inline tags vanish, other tags part words."""
    inline = re.sub(r"</?(?:bdi|span|strong|wbr)\b[^>]*>", "", html)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", inline))


def make_link(client, world, **changes) -> tuple[Link, str]:
    response = client.post("/staff/links/new", data=form_data(world, **changes))
    assert response.status_code in (200, 302), response.get_data(as_text=True)
    return response, response.get_data(as_text=True)


def test_school_lead_makes_a_link_with_30_single_use_codes(client, actions, db, world):
    actions.login(world.lead)
    response, page = make_link(client, world, code_count=30)
    assert response.status_code == 200
    assert "can't be shown again" in page
    assert response.headers["Cache-Control"] == "no-store"
    codes = codes_on(page)
    assert len(codes) == 30 and len(set(codes)) == 30

    link = db.scalar(select(Link))
    assert (link.school_id, link.audience, link.single_use_codes) == (
        world.school.id, "parent", True)
    assert len(link.token) == 26
    stored = list(db.scalars(select(LinkCode.code_hash).where(LinkCode.link_id == link.id)))
    assert sorted(stored) == sorted(letter_code_hash(c, "test-secret") for c in codes)
    plain = {normalise_letter_code(c) for c in codes} | set(codes)
    assert not plain & set(stored)
    [event] = audit(db, "link.create")
    assert event.detail["code_count"] == 30
    assert not any(c in str(event.detail) for c in plain)

    download = client.post(f"/staff/links/{link.id}/codes.csv", data={"code": codes})
    assert download.status_code == 200
    assert download.mimetype == "text/csv"
    assert "attachment" in download.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(download.get_data(as_text=True))))
    assert rows[0] == ["code", "address"]
    assert [r[0] for r in rows[1:]] == codes
    assert {r[1] for r in rows[1:]} == {f"http://localhost/s/{link.token}"}
    assert len(audit(db, "link.codes_download")) == 1


def test_letter_sheets_carry_the_qr_the_address_the_letter_and_each_code(
        client, actions, db, world):
    actions.login(world.lead)
    _, page = make_link(client, world, code_count=3)
    codes = codes_on(page)
    link = db.scalar(select(Link))

    sheets = client.post(f"/staff/links/{link.id}/sheets", data={"code": codes})
    assert sheets.status_code == 200
    html = sheets.get_data(as_text=True)
    assert html.count('<article class="sheet"') == 3
    for code in codes:
        assert f'<p class="sheet-code"><bdi dir="ltr">{code}</bdi></p>' in html
    assert qr_modules(svg_in(html)) == expected_modules(f"http://localhost/s/{link.token}")
    assert len(audit(db, "link.codes_print")) == 1


def test_reopening_the_coded_letters_gives_the_letter_without_codes(
        client, actions, db, world):
    actions.login(world.lead)
    _, page = make_link(client, world, code_count=2)
    codes = codes_on(page)
    link = db.scalar(select(Link))
    client.post(f"/staff/links/{link.id}/sheets", data={"code": codes})

    again = client.get(f"/staff/links/{link.id}/sheets")
    assert again.status_code == 200
    html = again.get_data(as_text=True)
    assert html.count('<article class="sheet"') == 1 and "sheet-code" not in html
    assert "single-use codes can't be\nshown again" in html
    assert not any(code in html for code in codes)
    assert len(audit(db, "link.codes_print")) == 1  # reopening hands out no codes


def test_printable_sheet_has_qr_address_and_letter_text(client, actions, db, world):
    actions.login(world.lead)
    make_link(client, world)
    link = db.scalar(select(Link))
    response = client.get(f"/staff/links/{link.id}/sheet")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert html.count('<article class="sheet"') == 1 and "sheet-code" not in html
    assert qr_modules(svg_in(html)) == expected_modules(f"http://localhost/s/{link.token}")
    text = page_text(html)
    assert f"localhost/s/{link.token}" in text
    assert "Dear parent or carer" in text
    assert "It is anonymous." in text
    assert "It takes about 12 minutes." in text
    closes = TODAY + dt.timedelta(days=14)
    assert f"It is open until {closes:%A} {closes.day} {closes:%B %Y}." in text
    assert "العربية (Arabic)" in text and "Polski (Polish)" in text
    assert '<span lang="ar" dir="rtl">' in html
    assert "paper copy" in text and "Canny Primary office" in text
    assert "css/print.css" in html

    with client.get("/static/css/print.css") as stylesheet:
        css = stylesheet.get_data(as_text=True)
    assert "size: A4" in css and "break-after: page" in css


def test_sending_the_form_again_does_not_make_a_second_link(client, actions, db, world):
    actions.login(world.lead)
    make_link(client, world, code_count=5)
    again = client.post("/staff/links/new", data=form_data(world, code_count=5))
    assert again.status_code == 302
    link = db.scalar(select(Link))
    assert again.headers["Location"].endswith(f"/staff/links/{link.id}")
    assert count(db, Link) == 1 and count(db, LinkCode) == 5
    page = client.get(again.headers["Location"]).get_data(as_text=True)
    assert "can't be shown again" in page


def test_codes_that_are_not_this_links_are_refused(client, actions, db, world):
    actions.login(world.lead)
    make_link(client, world, code_count=2)
    link = db.scalar(select(Link))
    for codes in (["CDF4-H7KM"], []):
        assert client.post(f"/staff/links/{link.id}/codes.csv",
                           data={"code": codes}).status_code == 400
    assert audit(db, "link.codes_download") == []


@pytest.mark.parametrize("role", ["steering", "teacher", "dsl"])
def test_staff_without_manage_links_get_403(client, actions, db, world, role):
    actions.login(getattr(world, role))
    assert client.get("/staff/links/").status_code == 403
    assert client.get("/staff/links/new").status_code == 403
    assert client.post("/staff/links/new", data=form_data(world)).status_code == 403
    assert count(db, Link) == 0


def test_school_lead_cannot_pick_another_school_or_the_whole_partnership(
        client, actions, db, world):
    actions.login(world.lead)
    page = client.get("/staff/links/new").get_data(as_text=True)
    assert "Other Academy" not in page and "All WEST schools" not in page
    for school_id in (world.other_school.id, 0):
        response = client.post("/staff/links/new",
                               data=form_data(world, school_id=school_id,
                                              survey_id=world.community.id))
        assert response.status_code == 400
        assert "School: choose a school from the list." in response.get_data(as_text=True)
    assert count(db, Link) == 0


def test_pupil_questionnaires_are_not_offered_for_links(client, actions, db, world):
    actions.login(world.lead)
    response = client.post("/staff/links/new", data=form_data(world, survey_id=world.pupils.id))
    assert response.status_code == 400
    assert "Questionnaire: choose a parent or community questionnaire" in response.get_data(
        as_text=True)
    assert count(db, Link) == 0


def test_community_links_may_cover_the_partnership_but_parent_links_may_not(
        client, actions, db, world):
    actions.login(world.admin)
    refused = client.post("/staff/links/new", data=form_data(world, school_id=0))
    assert refused.status_code == 400
    assert "School: a parent link belongs to one school" in refused.get_data(as_text=True)
    assert count(db, Link) == 0

    made = client.post("/staff/links/new", data=form_data(
        world, school_id=0, survey_id=world.community.id, label="Community posters"))
    assert made.status_code == 302
    link = db.scalar(select(Link))
    assert link.school_id is None and link.audience == "community"
    sheet = client.get(f"/staff/links/{link.id}/sheet").get_data(as_text=True)
    assert "Dear neighbour" in sheet and "any WEST school" in sheet


def test_bad_input_is_refused_with_a_message_tied_to_each_field(client, actions, db, world):
    actions.login(world.lead)
    cases = [
        ({"label": "  "}, "label", "Name for this link: enter a name"),
        ({"opens_on": ""}, "opens_on", "Opens on: enter the first day people can answer."),
        ({"closes_on": "31/02/2026"}, "closes_on", "Closes on: enter a real date"),
        ({"closes_on": (TODAY - dt.timedelta(days=1)).isoformat(),
          "opens_on": (TODAY - dt.timedelta(days=5)).isoformat()},
         "closes_on", "Closes on: the closing date can&#39;t be in the past."),
        ({"opens_on": (TODAY + dt.timedelta(days=9)).isoformat(),
          "closes_on": (TODAY + dt.timedelta(days=3)).isoformat()},
         "closes_on", "Closes on: the closing date must be on or after the opening date."),
        ({"code_count": "-1"}, "code_count", "Single-use codes to print: enter a whole number"),
        ({"code_count": "5000"}, "code_count", "Single-use codes to print: enter a whole number"),
        ({"code_count": "lots"}, "code_count", "Single-use codes to print: enter a whole number"),
    ]
    for n, (changes, field, message) in enumerate(cases):
        response = client.post("/staff/links/new",
                               data=form_data(world, form_nonce=f"n{n}", **changes))
        assert response.status_code == 400, changes
        page = response.get_data(as_text=True)
        assert page.count(f'<a href="#{field}">') == 1, (changes, page)
        assert f'<a href="#{field}">{message}' in page, (changes, page)
        assert re.search(rf'aria-describedby="[^"]*{field}-error"', page), field
    assert count(db, Link) == 0 and count(db, LinkCode) == 0


def test_closing_a_link_early_stops_it_and_is_audited(client, actions, db, world):
    actions.login(world.lead)
    make_link(client, world)
    link = db.scalar(select(Link))
    assert link_status(link, TODAY) == "open"
    response = client.post(f"/staff/links/{link.id}/close", follow_redirects=True)
    assert "no longer open the questionnaire" in response.get_data(as_text=True)
    db.refresh(link)
    assert link_status(link, TODAY) == "closed"
    assert link.closes_on < utcnow().date()  # closed by any calendar's today
    [event] = audit(db, "link.close")
    assert event.actor_id == world.lead.id and event.target == f"link:{link.id}"
    assert event.detail["before"]["closes_on"] == (TODAY + dt.timedelta(days=14)).isoformat()
    page = client.get(f"/staff/links/{link.id}").get_data(as_text=True)
    assert "Closed: the last day was" in page and "Close this link now" not in page


def test_a_link_closed_by_staff_stops_at_once_though_parents_just_opened_it(
        client, actions, db, world):
    """The service reuses a link's row for a moment (a class or a parents' evening
    answering together reads it once): closing the link must not wait for that."""
    actions.login(world.lead)
    make_link(client, world)
    link = db.scalar(select(Link))
    parents = client.application.test_client()
    assert parents.get(f"/s/{link.token}").status_code == 200
    client.post(f"/staff/links/{link.id}/close")
    closed = parents.get(f"/s/{link.token}")
    assert closed.status_code == 410
    assert "This survey closed on" in closed.get_data(as_text=True)


def test_a_link_not_yet_open_can_be_closed_too(client, actions, db, world):
    actions.login(world.lead)
    make_link(client, world, opens_on=(TODAY + dt.timedelta(days=3)).isoformat())
    link = db.scalar(select(Link))
    assert link_status(link, TODAY) == "not yet open"
    client.post(f"/staff/links/{link.id}/close")
    db.refresh(link)
    assert link_status(link, TODAY) == "closed" and link.opens_on <= link.closes_on


def test_links_list_keeps_to_the_school(client, actions, db, world):
    actions.login(world.admin)
    make_link(client, world, label="Canny parents", form_nonce="a")
    make_link(client, world, label="Other parents", school_id=world.other_school.id,
              form_nonce="b")
    make_link(client, world, label="Everyone", school_id=0, survey_id=world.community.id,
              form_nonce="c")
    everything = client.get("/staff/links/").get_data(as_text=True)
    assert all(name in everything for name in ("Canny parents", "Other parents", "Everyone"))
    actions.logout()

    actions.login(world.lead)
    listed = client.get("/staff/links/").get_data(as_text=True)
    assert "Canny parents" in listed
    assert "Other parents" not in listed and "Everyone" not in listed
    other = db.scalar(select(Link).where(Link.label == "Other parents"))
    assert client.get(f"/staff/links/{other.id}").status_code == 404
    assert client.get(f"/staff/links/{other.id}/sheet").status_code == 404
    assert client.post(f"/staff/links/{other.id}/close").status_code == 404


def test_nav_and_dashboard_link_to_links_for_school_leads(client, actions, world):
    actions.login(world.lead)
    page = client.get("/staff/").get_data(as_text=True)
    assert 'href="/staff/links/"' in page and 'href="/staff/sessions/"' in page
