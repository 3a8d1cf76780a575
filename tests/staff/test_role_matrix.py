"""Every role against every staff page: who gets in, and 0 leaks of flags across schools.

The expected matrix is written out here by hand, so a change to roles.py that widens
anyone's access fails a test rather than passing silently.
"""

from __future__ import annotations

import pytest

from westcc_voice.staff.roles import PERMISSIONS

from ..helpers import gen_answer_link, gen_class_session
from .conftest import gen_flag

ROLES_IN_WORLD = ("teacher", "lead", "dsl", "other_dsl", "partnership", "steering", "admin")
ROLE_OF = {"teacher": "teacher", "lead": "school_lead", "dsl": "dsl", "other_dsl": "dsl",
           "partnership": "partnership_dsl", "steering": "steering", "admin": "admin"}

#: page -> the people (world attributes) who may open it
PAGES = {
    "/staff/": set(ROLES_IN_WORLD),
    "/staff/sessions/": {"teacher", "lead", "admin"},
    "/staff/sessions/new": {"teacher", "lead", "admin"},
    "/staff/links/": {"lead", "admin"},
    "/staff/safeguarding/": {"dsl", "other_dsl", "partnership"},
    "/staff/quotes/": {"lead", "admin"},
    "/staff/account/password": set(ROLES_IN_WORLD),
    "/staff/accounts/": {"admin"},
    "/staff/accounts/new": {"admin"},
    "/staff/audit/": {"admin"},
    "/staff/results/": {"teacher", "lead", "steering", "admin"},
    "/staff/results/export.csv": {"teacher", "lead", "steering", "admin"},
    "/staff/results/export.xlsx": {"teacher", "lead", "steering", "admin"},
    "/staff/results/responses.csv": {"admin"},
    "/staff/sessions/live?ids=1": {"teacher", "lead", "admin"},
    "/staff/blocks/": {"lead", "admin"},
    "/staff/questionnaires/": set(ROLES_IN_WORLD),
    "/staff/waves/": {"admin"},
}


def test_the_matrix_covers_every_role():
    assert set(PERMISSIONS) == set(ROLE_OF.values())


@pytest.mark.parametrize("who", ROLES_IN_WORLD)
def test_each_role_opens_exactly_its_pages(client, actions, world, who):
    actions.login(getattr(world, who))
    opened = {path for path in PAGES if client.get(path).status_code == 200}
    assert opened == {path for path, people in PAGES.items() if who in people}


@pytest.mark.parametrize("who", ROLES_IN_WORLD)
def test_pages_with_ids_open_for_exactly_the_same_people(client, actions, db, world, who):
    """The pages under a record: a questionnaire's versions, a version, a session's close
    page; and the POSTs that change them refuse everyone else."""
    cs = gen_class_session(db, world.teacher, world.pupils, world.wave)
    key = world.pupils.key
    link = gen_answer_link(db, world.parents.key, school=world.school, wave=world.wave)
    pages = {
        f"/staff/questionnaires/{key}": set(ROLES_IN_WORLD),
        f"/staff/questionnaires/{key}/1": set(ROLES_IN_WORLD),
        f"/staff/sessions/{cs.id}/close": {"teacher", "lead", "admin"},
        f"/staff/waves/{world.wave.id}/close": {"admin"},
        f"/staff/links/{link.id}/sheet": {"lead", "admin"},
        f"/staff/links/{link.id}/sheets": {"lead", "admin"},
    }
    posts = {
        f"/staff/waves/{world.wave.id}/close": {"admin"},
        f"/staff/waves/{world.wave.id}/reopen": {"admin"},
        "/staff/blocks/lift": {"lead", "admin"},
        f"/staff/sessions/{cs.id}/reopen": {"teacher", "lead", "admin"},
    }
    actions.login(getattr(world, who))
    opened = {path for path in pages if client.get(path).status_code == 200}
    assert opened == {path for path, people in pages.items() if who in people}
    # a results chart's own address: refused (403) to those without results, and to
    # the rest only "no such chart" for a name no page gave
    chart = f"/staff/results/chart/{'0' * 32}.svg?wave={world.wave.code}&school={world.school.code}"
    assert client.get(chart).status_code == (
        404 if who in {"teacher", "lead", "steering", "admin"} else 403)
    form = {"school": world.school.id}
    refused = {path for path in posts
               if client.post(path, data=form).status_code in (403, 404)}
    assert refused == {path for path, people in posts.items() if who not in people}


def test_no_flag_is_seen_outside_its_school_or_its_handover(client, actions, db, world):
    """Each person reads exactly the flags the rule gives them, in the queue and by id."""
    flags = {
        "school": gen_flag(db, world.school, "words at canny primary"),
        "other": gen_flag(db, world.other_school, "words at other academy"),
        "none": gen_flag(db, None, "words from a community link"),
        "handed": gen_flag(db, world.other_school, "words handed to the partnership"),
        "closed": gen_flag(db, world.school, "words already dealt with", status="reviewed"),
    }
    flags["handed"].assigned_to_id = world.partnership.id
    db.flush()
    expected = {
        "dsl": {"school", "closed"},
        "other_dsl": {"other", "handed"},
        "partnership": {"none", "handed"},
        "teacher": set(), "lead": set(), "steering": set(), "admin": set(),
    }
    leaks = 0
    for who, allowed in expected.items():
        actions.login(getattr(world, who))
        queue = client.get("/staff/safeguarding/")
        queue_html = queue.get_data(as_text=True) if queue.status_code == 200 else ""
        dashboard = client.get("/staff/").get_data(as_text=True)
        for key, flag in flags.items():
            page = client.get(f"/staff/safeguarding/{flag.id}")
            readable = page.status_code == 200 and flag.original_text in page.get_data(
                as_text=True)
            in_queue = f"/staff/safeguarding/{flag.id}\"" in queue_html
            leaks += (readable or in_queue or flag.original_text in dashboard) \
                and key not in allowed
            assert readable == (key in allowed), (who, key)
            assert in_queue == (key in allowed), (who, key)
        actions.logout()
    assert leaks == 0


def test_a_partnership_lead_is_added_without_a_school_and_refused_with_one(runner, db, world):
    refused = runner.invoke(args=["staff", "add", "pat@west.example", "--name", "Pat",
                                  "--role", "partnership_dsl", "--school", world.school.code,
                                  "--password", "long enough password"])
    assert refused.exit_code != 0
    assert "'partnership_dsl' belongs to no school: leave out --school" in refused.output
    added = runner.invoke(args=["staff", "add", "pat@west.example", "--name", "Pat",
                                "--role", "partnership_dsl", "--password",
                                "long enough password"])
    assert added.exit_code == 0, added.output
    assert "Added partnership_dsl pat@west.example." in added.output
