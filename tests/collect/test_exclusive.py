"""'None of these' stands alone: a page that sends it with another answer says so, in the
respondent's language, and keeps what they chose."""

from __future__ import annotations

from tests.helpers import survey

from .conftest import page_number


def test_none_with_another_service_is_named_in_arabic_and_not_kept(parent, db, parent_link):
    definition = survey(db, "parents").definition
    number = page_number(definition, "services")
    parent.client.get(f"/s/{parent_link.token}?lang=ar")
    parent.start_link(parent_link.token)
    response = parent.page(number, services_used=["library", "none"])
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "لا يمكن اختيار «لا شيء مما سبق» مع إجابات أخرى." in html
    assert parent.page(number, services_used=["none"]).status_code == 302


def test_the_page_sets_none_of_these_apart_for_the_script(parent, db, parent_link):
    definition = survey(db, "parents").definition
    parent.start_link(parent_link.token)
    number = page_number(definition, "services")
    html = parent.client.get(f"/survey/{number}").get_data(as_text=True)
    alone = [o for q in definition["pages"][number - 1]["questions"]
             for o in q.get("options") or [] if o.get("exclusive")]
    assert len(alone) >= 1 and html.count("data-exclusive") == len(alone)
