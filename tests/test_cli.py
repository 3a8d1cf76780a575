"""The flask commands a partnership officer uses, and what they print."""

from __future__ import annotations

import datetime as dt
import shutil

from sqlalchemy import select

from westcc_voice import PROJECT_DIR
from westcc_voice.models import School, StaffUser, SurveyVersion, Wave


def test_validate_reports_the_starter_questionnaires(runner):
    result = runner.invoke(args=["surveys", "validate"])
    assert result.exit_code == 0, result.output
    for key in ("pupils-5-7", "pupils-7-11", "pupils-11-16", "parents", "community"):
        assert f": {key} (" in result.output
    assert ": codebook themes (" in result.output and ": codebook aspirations (" in result.output
    assert "no errors" in result.output


def test_validate_names_a_codebook_error_by_file_line_and_field(runner, tmp_path):
    broken = tmp_path / "surveys"
    shutil.copytree(PROJECT_DIR / "surveys", broken)
    path = broken / "codebooks" / "themes.yaml"
    path.write_text(path.read_text().replace('cues: [not, "no",', "cues: [not, no,"))
    line = 1 + path.read_text().splitlines().index(
        next(x for x in path.read_text().splitlines() if "cues: [not, no," in x))
    survey = broken / "community.yaml"
    survey.write_text(survey.read_text().replace("audience: community", "audience: everyone"))
    result = runner.invoke(args=["surveys", "validate", "--dir", str(broken)])
    assert result.exit_code == 1
    assert (f"surveys/codebooks/themes.yaml:{line}: negation.cues[1]: expected a word or "
            "phrase") in result.output
    assert "community.yaml:" in result.output and "audience: expected one of" in result.output
    # the codebook's error and the questionnaire's are counted together
    assert "2 error(s) in 2 file(s); nothing was loaded." in result.output


def test_validate_lists_every_error_and_exits_1(runner, tmp_path):
    broken = tmp_path / "surveys"
    shutil.copytree(PROJECT_DIR / "surveys", broken)
    path = broken / "community.yaml"
    path.write_text(path.read_text().replace("audience: community", "audience: everyone"))
    (broken / "extra.yaml").write_text("key: extra\npages: nope\n")
    result = runner.invoke(args=["surveys", "validate", "--dir", str(broken)])
    assert result.exit_code == 1
    assert "community.yaml:" in result.output and "audience: expected one of" in result.output
    assert "extra.yaml:2: pages: expected a list of pages" in result.output
    assert "nothing was loaded" in result.output


def test_load_is_idempotent_and_reports_each_survey(runner, db):
    before = len(db.scalars(select(SurveyVersion)).all())
    result = runner.invoke(args=["surveys", "load"])
    assert result.exit_code == 0, result.output
    assert "unchanged pupils-7-11 v1" in result.output
    assert len(db.scalars(select(SurveyVersion)).all()) == before


def test_a_broken_file_loads_nothing(runner, db, tmp_path):
    broken = tmp_path / "surveys"
    shutil.copytree(PROJECT_DIR / "surveys", broken)
    good = broken / "parents.yaml"
    good.write_text(good.read_text().replace("key: parents", "key: parents-copy", 1))
    (broken / "zz.yaml").write_text("key: zz\n")
    before = len(db.scalars(select(SurveyVersion)).all())
    result = runner.invoke(args=["surveys", "load", "--dir", str(broken)])
    assert result.exit_code == 1
    assert len(db.scalars(select(SurveyVersion)).all()) == before


def test_schools_waves_and_staff_are_created_from_the_command_line(runner, db):
    assert runner.invoke(args=["schools", "add", "benwell", "Benwell Test Primary"]).exit_code == 0
    assert runner.invoke(args=["waves", "add", "2027-spring", "Spring 2027", "--starts",
                               "2027-03-01", "--ends", "2027-03-31"]).exit_code == 0
    result = runner.invoke(args=["staff", "add", "Lead@Example.org", "--name", "Lee",
                                 "--role", "school_lead", "--school", "benwell",
                                 "--password", "a-long-password"])
    assert result.exit_code == 0, result.output
    user = db.scalar(select(StaffUser).where(StaffUser.email == "lead@example.org"))
    assert user.school.code == "benwell"
    assert db.scalar(select(Wave).where(Wave.code == "2027-spring")).ends_on.day == 31
    assert "benwell" in runner.invoke(args=["schools", "list"]).output


def test_cli_refuses_bad_input_with_a_reason(runner, db):
    runner.invoke(args=["schools", "add", "dup", "Dup Primary"])
    result = runner.invoke(args=["schools", "add", "dup", "Other"])
    assert result.exit_code == 1 and "already exists" in result.output
    result = runner.invoke(args=["staff", "add", "t@example.org", "--name", "T", "--role",
                                 "teacher", "--password", "a-long-password"])
    assert result.exit_code == 1 and "limited to one school: give --school" in result.output
    result = runner.invoke(args=["waves", "add", "w", "W", "--starts", "2027-03-01",
                                 "--ends", "2027-02-01"])
    assert result.exit_code == 1 and "is before --starts" in result.output
    assert db.scalar(select(School).where(School.name == "Other")) is None


def test_pupils_on_roll_are_set_by_year_group_for_response_rates(runner, db):
    runner.invoke(args=["schools", "add", "elswick", "Elswick Test Primary"])
    result = runner.invoke(args=["schools", "roll", "elswick", "0=30", "5=58", "6=60"])
    assert result.exit_code == 0, result.output
    assert "Reception: 30, Year 5: 58, Year 6: 60" in result.output
    runner.invoke(args=["schools", "roll", "elswick", "0=0", "6=61"])
    school = db.scalar(select(School).where(School.code == "elswick"))
    assert school.roll == {"5": 58, "6": 61}
    assert "(119 on roll)" in runner.invoke(args=["schools", "list"]).output

    bad = runner.invoke(args=["schools", "roll", "elswick", "5=58", "Y6=60"])
    assert bad.exit_code == 1
    assert "'Y6=60': expected YEAR=PUPILS with a year group 0 (Reception) to 13" in bad.output
    db.refresh(school)
    assert school.roll == {"5": 58, "6": 61}
    missing = runner.invoke(args=["schools", "roll", "nowhere", "5=10"])
    assert missing.exit_code == 1 and "No school with code 'nowhere'" in missing.output


def test_codebooks_measure_prints_the_figures_for_a_labelled_file(runner):
    from westcc_voice.analysis.text import accuracy
    from westcc_voice.analysis.text.codebook import load_codebooks

    blind = PROJECT_DIR / "tests" / "analysis" / "data" / "blind_free_text.yaml"
    result = runner.invoke(args=["codebooks", "measure", str(blind), "--split", "holdout"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split()[:5] == ["set", "answers", "precision", "recall", "F1"]
    books = load_codebooks(PROJECT_DIR / "surveys" / "codebooks")
    holdout = [a for a in accuracy.load_labelled(blind, books) if a.split == "holdout"]
    expected = accuracy.measure(holdout, books)
    row = next(line for line in lines if line.startswith("all (holdout)")).split()
    assert row[2:6] == ["120", f"{expected.precision:.2f}", f"{expected.recall:.2f}",
                        f"{expected.f1:.2f}"]
    assert any(line.startswith("codebook themes") for line in lines)
    assert "the codes both coders gave" in result.output


def test_codebooks_measure_names_a_bad_labelled_answer_by_line(runner, tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text("answers:\n- {text: the park, codebook: themes, codes: [parks_play]}\n"
                    "- {text: my mates, codebook: friendship, codes: [friends]}\n")
    result = runner.invoke(args=["codebooks", "measure", str(path)])
    assert result.exit_code == 1
    assert "mine.yaml:3: answers[1].codebook: expected one of aspirations, themes, " \
           "got 'friendship'" in result.output


def _reworded_copy(tmp_path):
    """surveys/ with one parents' question reworded and one question added."""
    changed = tmp_path / "surveys"
    shutil.copytree(PROJECT_DIR / "surveys", changed)
    parents = changed / "parents.yaml"
    text = parents.read_text()
    assert "          en: I feel hopeful about my child's future." in text
    parents.write_text(text.replace("          en: I feel hopeful about my child's future.",
                                    "          en: I am hopeful about my child's future.", 1))
    return changed


def test_load_during_an_open_wave_names_broken_trends_and_needs_a_flag(runner, db, tmp_path):
    from tests import helpers

    wave = helpers.gen_wave(db, starts_on=dt.date.today() - dt.timedelta(days=3))
    link = helpers.gen_answer_link(db, "parents", wave=wave)
    before = link.survey_version_id
    db.commit()
    changed = _reworded_copy(tmp_path)

    refused = runner.invoke(args=["surveys", "load", "--dir", str(changed)])
    assert refused.exit_code == 1
    assert "parents v2: wording changed, so these trends break: hopeful" in refused.output
    assert f"{wave.name} is open" in refused.output and "--during-wave" in refused.output
    assert db.scalar(select(SurveyVersion).where(SurveyVersion.key == "parents",
                                                 SurveyVersion.version == 2)) is None

    loaded = runner.invoke(args=["surveys", "load", "--dir", str(changed), "--during-wave"])
    assert loaded.exit_code == 0, loaded.output
    assert "new       parents v2" in loaded.output
    assert "wording changed, so these trends break: hopeful" in loaded.output
    assert "1 open session(s) or link(s) still serve an earlier version of parents" \
        in loaded.output

    moved = runner.invoke(args=["surveys", "serve-newest", "parents"])
    assert moved.exit_code == 0 and "1 open session(s) and link(s)" in moved.output
    db.refresh(link)
    v2 = db.scalar(select(SurveyVersion).where(SurveyVersion.key == "parents",
                                               SurveyVersion.version == 2))
    assert link.survey_version_id == v2.id != before
    assert runner.invoke(args=["surveys", "serve-newest", "nope"]).exit_code == 1


def test_load_between_waves_needs_no_flag(runner, db, tmp_path):
    from tests import helpers

    for wave in db.scalars(select(Wave)):
        wave.ends_on = dt.date.today() - dt.timedelta(days=1)
        wave.starts_on = min(wave.starts_on or wave.ends_on, wave.ends_on)
    helpers.gen_wave(db, starts_on=dt.date.today() + dt.timedelta(days=30))
    loaded = runner.invoke(args=["surveys", "load", "--dir", str(_reworded_copy(tmp_path))])
    assert loaded.exit_code == 0, loaded.output
    assert "new       parents v2" in loaded.output
