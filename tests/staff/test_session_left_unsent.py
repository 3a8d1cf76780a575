"""The teacher's session page counts surveys an idle tablet cleared unsent."""

from __future__ import annotations

from .. import helpers


def test_the_session_page_counts_surveys_left_unsent(client, actions, db, world):
    cs = helpers.gen_class_session(db, world.teacher, world.pupils, world.wave)
    actions.login(world.teacher)
    page = client.get(f"/staff/sessions/{cs.id}").get_data(as_text=True)
    assert "No survey has been left part-answered on a tablet" in page
    cs.left_unsent = 3
    db.commit()
    page = client.get(f"/staff/sessions/{cs.id}").get_data(as_text=True)
    assert "3 surveys were left part-answered on a tablet and cleared without being sent" in page
