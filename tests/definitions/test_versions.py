"""Loading makes immutable, content-hashed versions; wording hashes mark comparable items."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from westcc_voice.definitions import load_catalogue
from westcc_voice.definitions.store import latest_versions, store_catalogue
from westcc_voice.models import Base, SurveyVersion


@pytest.fixture
def session():
    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine)
    with Session(engine) as s:
        yield s


def load(folder, session):
    outcome = store_catalogue(session, load_catalogue(folder.root))
    session.commit()
    return outcome


def wording(folder) -> dict[str, str]:
    survey = load_catalogue(folder.root).surveys[0]
    return {q["id"]: q["wording_hash"] for p in survey.definition["pages"] for q in p["questions"]}


def test_loading_twice_keeps_one_version(folder, session):
    assert [o.status for o in load(folder, session)] == ["new"]
    assert [o.status for o in load(folder, session)] == ["unchanged"]
    assert len(session.scalars(select(SurveyVersion)).all()) == 1


def test_changing_the_file_makes_a_new_version_and_keeps_the_old(folder, session):
    load(folder, session)
    folder.replace("pupils-test.yaml", "Do you feel safe at school?",
                   "Do you usually feel safe at school?")
    [outcome] = load(folder, session)
    assert (outcome.status, outcome.version) == ("new", 2)
    versions = session.scalars(select(SurveyVersion).order_by(SurveyVersion.version)).all()
    assert [v.version for v in versions] == [1, 2]
    assert versions[0].content_hash != versions[1].content_hash
    assert [v.version for v in latest_versions(session)] == [2]


def test_a_stored_version_cannot_be_edited(folder, session):
    load(folder, session)
    version = session.scalars(select(SurveyVersion)).one()
    version.title = "Changed"
    with pytest.raises(ValueError, match="immutable"):
        session.flush()


def test_wording_hash_changes_only_for_the_reworded_question(folder):
    before = wording(folder)
    folder.replace("pupils-test.yaml", "Do you feel safe at school?",
                   "Do you usually feel safe at school?")
    after = wording(folder)
    changed = {qid for qid in before if before[qid] != after[qid]}
    assert changed == {"feel_safe"}


def test_wording_hash_changes_when_answer_options_change(folder):
    before = wording(folder)
    folder.replace("pupils-test.yaml", "faces: 5", "faces: 3")
    assert before["happy_at_school"] != wording(folder)["happy_at_school"]


def test_moving_a_question_changes_the_version_but_not_its_wording_hash(folder):
    before_cat = load_catalogue(folder.root).surveys[0]
    before = wording(folder)
    folder.replace("pupils-test.yaml", "title: At school", "title: In school")
    after_cat = load_catalogue(folder.root).surveys[0]
    assert before_cat.content_hash != after_cat.content_hash
    assert before == wording(folder)


def test_a_broken_catalogue_stores_nothing(folder, session):
    folder.replace("pupils-test.yaml", "type: yes_no", "type: yesno")
    with pytest.raises(ValueError, match="nothing was loaded"):
        store_catalogue(session, load_catalogue(folder.root))
    assert session.scalars(select(SurveyVersion)).all() == []
