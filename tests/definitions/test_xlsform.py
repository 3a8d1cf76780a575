"""XLSForm in and out, on forms written elsewhere (pyxform's own test forms, see
tests/data/xlsform/README.md) and on a round trip of every shipped questionnaire."""

from __future__ import annotations

import itertools
from pathlib import Path

import openpyxl
import pytest
import yaml
from sqlalchemy import select

from westcc_voice import PROJECT_DIR
from westcc_voice.definitions import load_catalogue
from westcc_voice.definitions.expressions import (
    evaluate,
    literals_compared,
    parse,
    references,
)
from westcc_voice.definitions.loader import load_survey
from westcc_voice.definitions.xlsform import read_xlsform, to_yaml, write_xlsform
from westcc_voice.models import SurveyVersion

FORMS = Path(__file__).resolve().parents[1] / "data" / "xlsform"
AUDIENCE = {"parents": "parent", "community": "community"}


def resolved(data: dict, tmp_path: Path, name: str = "imported.yaml"):
    """Validate imported data as `surveys validate` would, beside the shipped files."""
    catalogue = load_catalogue(PROJECT_DIR / "surveys")
    known = len(catalogue.errors)
    path = tmp_path / name
    path.write_text(to_yaml(data, "test.xlsx", []), encoding="utf-8")
    survey = load_survey(path, name, catalogue)
    return survey, [str(e) for e in catalogue.errors[known:]]


def test_or_other_becomes_an_other_option_and_a_follow_up_question(tmp_path):
    imported = read_xlsform(FORMS / "or_other.xlsx", tags=["cc.wellbeing"])
    assert imported.errors == []
    colour = imported.data["pages"][0]["questions"][0]
    assert colour["type"] == "single_choice"
    assert colour["options"][-1] == {"value": "other", "label": "Other", "other_text": True}
    assert any("or_other became an 'Other' option with its own 'please say' box" in a
               for a in imported.approximations)
    pastel = imported.data["pages"][0]["questions"][1]
    assert [o["value"] for o in pastel["options"] if o.get("show_if") != "false"] == [
        "mauve", "apricot"]  # choice_filter pastel=yes: only the pastel colours are offered
    assert any("became a condition on each of 3 options" in a for a in imported.approximations)
    survey, errors = resolved(imported.data, tmp_path)
    assert errors == [] and survey is not None
    questions = [q for p in survey.definition["pages"] for q in p["questions"]]
    other = questions[[q["id"] for q in questions].index("fav_color") + 1]
    assert other["id"] == "fav_color_other_text" and other["show_if"] == "fav_color == 'other'"


def test_groups_become_pages_and_old_style_types_are_read(tmp_path):
    imported = read_xlsform(FORMS / "group.xlsx", tags=["cc.wellbeing"])
    assert imported.errors == []
    pages = imported.data["pages"]
    assert [p["id"] for p in pages] == ["page_1", "father"]
    assert pages[1]["title"] == "Father"
    assert pages[1]["questions"][0] == {"id": "age", "type": "number", "integer": True,
                                        "text": "How old is your father?",
                                        "tags": ["cc.wellbeing"]}
    assert any("'phone number' holds no question" in a for a in imported.approximations)
    assert resolved(imported.data, tmp_path)[1] == []


def test_one_colon_language_headers_and_select_one_from(tmp_path):
    imported = read_xlsform(FORMS / "yes_or_no_question.xlsx", tags=["west.aspirations"])
    assert imported.errors == []
    [question] = imported.data["pages"][0]["questions"]
    assert question["text"] == "have you had a good day today?"
    assert [o["value"] for o in question["options"]] == ["yes", "no"]
    assert resolved(imported.data, tmp_path)[1] == []


def test_a_form_it_cannot_convert_gets_errors_by_sheet_row_and_column():
    imported = read_xlsform(FORMS / "UCL_Biomass_Plot_Form.xlsx")
    assert imported.data is None
    assert ("UCL_Biomass_Plot_Form.xlsx: survey sheet, row 16, column type: type "
            "'select_one_from_file UCL_regions.csv' cannot be asked by this service (run with "
            "--leave-out to import the rest without it)") in imported.errors
    assert any("row 32, column type: repeats cannot be converted" in e for e in imported.errors)


def test_leave_out_imports_the_rest_and_lists_what_was_approximated(tmp_path):
    imported = read_xlsform(FORMS / "UCL_Biomass_Plot_Form.xlsx", leave_out=True,
                            tags=["cc.wellbeing"])
    assert imported.errors == []
    assert imported.data["languages"] == ["en"]
    approximations = "\n".join(imported.approximations)
    assert "the service does not offer Swahili (sw); its columns were left out" in approximations
    assert "a repeat became a group asked once" in approximations
    # a typographic quote in a condition is read as a plain one
    conditions = [q.get("show_if") for p in imported.data["pages"] for q in p["questions"]]
    assert "leader_name == 'other'" in conditions
    assert "(refers to latin_name_id, which is not a question before it)" in approximations
    # its phone number regex repeats a repetition, which could hang on one answer
    assert "column constraint: the pattern '^(([0-9]{1})*[- .(]*" in approximations
    assert "can read the same letters in more than one way" in approximations
    texts = [q["text"] for p in imported.data["pages"] for q in p["questions"]]
    assert "UCL Biomass Plot Form" in texts
    survey, errors = resolved(imported.data, tmp_path)
    assert errors == [], errors


def test_headers_in_any_case_and_unknown_types_are_named():
    imported = read_xlsform(FORMS / "case_insensitivity.xlsx")
    assert any("row 3, column type: type 'select_one_external c1' cannot be asked" in e
               for e in imported.errors)


@pytest.mark.parametrize("key", ["parents", "pupils-5-7", "pupils-7-11", "pupils-11-16",
                                 "community"])
def test_round_trip_keeps_every_question_and_translation(db, tmp_path, key):
    version = db.scalar(select(SurveyVersion).where(SurveyVersion.key == key)
                        .order_by(SurveyVersion.version.desc()).limit(1))
    original = version.definition
    xlsx = tmp_path / f"{key}.xlsx"
    write_xlsform(original, xlsx, version=str(version.version))

    audience = AUDIENCE.get(key, "pupil")
    age = tuple(original["age"].values()) if audience == "pupil" else None
    imported = read_xlsform(xlsx, audience=audience, key=f"{key}-copy", age=age,
                            answer_sets=load_catalogue(PROJECT_DIR / "surveys").answer_sets)
    assert imported.errors == []
    survey, errors = resolved(imported.data, tmp_path, f"{key}-copy.yaml")
    assert errors == [], errors
    again = survey.definition
    assert again["languages"] == original["languages"]

    def questions(definition):
        return {q["id"]: q for p in definition["pages"] for q in p["questions"]}

    before, after = questions(original), questions(again)
    assert list(before) == list(after)
    for qid, q in before.items():
        copy = after[qid]
        assert copy["type"] == q["type"], qid
        assert copy["text"] == q["text"], qid
        assert copy.get("help") == q.get("help"), qid
        assert copy["tags"] == q["tags"] and copy.get("construct") == q.get("construct"), qid
        assert copy.get("options") == q.get("options"), qid
        assert copy.get("items") == q.get("items"), qid
        assert (copy.get("low"), copy.get("high")) == (q.get("low"), q.get("high")), qid
        assert copy["wording_hash"] == q["wording_hash"], qid
        if q.get("show_if"):
            assert same_condition(q["show_if"], copy["show_if"]), (qid, copy["show_if"])


def same_condition(first: str, second: str) -> bool:
    """Two show_if conditions agree on every mix of the answers they test (unanswered,
    each value they name, and for several choices every one of them together)."""
    a, b = parse(first), parse(second)
    values: dict[str, list] = {ref: [None, "something"] for ref in references(a) + references(b)}
    for ref, value in literals_compared(a) + literals_compared(b):
        values.setdefault(ref, [None]).append(value)
    for seen in values.values():
        seen.append([v for v in seen if v is not None])
    names = sorted(values)
    for combination in itertools.product(*(values[n] for n in names)):
        answers = dict(zip(names, combination, strict=True))
        if evaluate(a, answers) != evaluate(b, answers):
            return False
    return True


def test_exported_workbook_is_an_xlsform_and_text_is_never_a_formula(db, tmp_path):
    version = db.scalar(select(SurveyVersion).where(SurveyVersion.key == "parents"))
    definition = dict(version.definition)
    definition["title"] = {**definition["title"], "en": "=HYPERLINK(\"http://x\")"}
    xlsx = tmp_path / "parents.xlsx"
    write_xlsform(definition, xlsx)
    book = openpyxl.load_workbook(xlsx)
    assert book.sheetnames == ["survey", "choices", "settings"]
    header = [c.value for c in book["survey"][1]]
    assert header[:2] == ["type", "name"]
    assert {"label::English (en)", "label::Arabic (ar)", "label::Polish (pl)"} <= set(header)
    title = book["settings"]["A2"]
    assert title.value.startswith("=HYPERLINK") and title.data_type == "s"


def test_import_command_writes_a_file_that_validates(runner, tmp_path):
    out = tmp_path / "club.yaml"
    result = runner.invoke(args=["surveys", "import-xlsform", str(FORMS / "or_other.xlsx"),
                                 "--out", str(out), "--tag", "west.aspirations"])
    assert result.exit_code == 0, result.output
    assert "wrote" in result.output and "It validates" in result.output
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Imported from or_other.xlsx (XLSForm).")
    assert yaml.safe_load(text)["pages"][0]["questions"][0]["id"] == "fav_color"
    again = runner.invoke(args=["surveys", "import-xlsform", str(FORMS / "or_other.xlsx"),
                                "--out", str(out)])
    assert again.exit_code == 1 and "exists already" in again.output


def test_import_command_without_tags_says_what_to_fix(runner, tmp_path):
    out = tmp_path / "ages.yaml"
    result = runner.invoke(args=["surveys", "import-xlsform",
                                 str(FORMS / "text_and_integer.xlsx"), "--out", str(out)])
    assert result.exit_code == 0
    assert "Before it can be loaded, fix these" in result.output
    assert "tags: every question maps to at least one" in result.output


def test_import_command_refuses_an_unconvertible_form_and_writes_nothing(runner, tmp_path):
    out = tmp_path / "ucl.yaml"
    result = runner.invoke(args=["surveys", "import-xlsform",
                                 str(FORMS / "UCL_Biomass_Plot_Form.xlsx"), "--out", str(out)])
    assert result.exit_code == 1 and "nothing was written" in result.output
    assert not out.exists()


def test_a_file_that_is_not_a_workbook_is_named(tmp_path):
    bad = tmp_path / "form.xlsx"
    bad.write_text("type,name\ntext,q\n")
    imported = read_xlsform(bad)
    assert imported.data is None
    assert imported.errors[0].startswith("form.xlsx: cannot be read as an .xlsx workbook")


def test_round_trip_keeps_an_other_please_say_box(tmp_path):
    import shutil

    surveys = tmp_path / "surveys"
    shutil.copytree(PROJECT_DIR / "surveys", surveys)
    community = surveys / "community.yaml"
    old = "          - value: something_else\n            label: Something else\n"
    community.write_text(community.read_text(encoding="utf-8").replace(
        old, old + "            other_text: What else?\n", 1), encoding="utf-8")
    catalogue = load_catalogue(surveys)
    original = next(s for s in catalogue.surveys if s.key == "community").definition
    write_xlsform(original, tmp_path / "community.xlsx")
    imported = read_xlsform(tmp_path / "community.xlsx", key="community-copy",
                            answer_sets=catalogue.answer_sets)
    survey, errors = resolved(imported.data, tmp_path, "community-copy.yaml")
    assert errors == []
    box = [q for p in survey.definition["pages"] for q in p["questions"] if q.get("other_of")]
    assert [(q["id"], q["text"]) for q in box] == [
        ("job_barriers_something_else_text", {"en": "What else?"})]


NEW_TYPES = PROJECT_DIR / "tests" / "data" / "questionnaires" / "parents-new-types.yaml"


def test_round_trip_keeps_dates_rankings_patterns_and_part_conditions(tmp_path):
    """The parents' check-in with a grid-item condition, an option's condition, a pattern,
    a date and a ranking: out as an XLSForm and back, every part kept."""
    catalogue = load_catalogue(PROJECT_DIR / "surveys")
    original = load_survey(NEW_TYPES, "parents-new-types.yaml", catalogue).definition
    xlsx = tmp_path / "new-types.xlsx"
    notes = write_xlsform(original, xlsx)
    assert any("partial ranking (min_ranked: 2) is kept in westcc_ranked" in n for n in notes)
    sheet = openpyxl.load_workbook(xlsx)["survey"]
    header = [c.value for c in sheet[1]]
    rows = {r[header.index("name")]: dict(zip(header, r, strict=True))
            for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["moved_here"]["type"] == "date"
    assert rows["moved_here"]["constraint"] == ". >= date('2015-01-01') and . <= today()"
    assert rows["priorities"]["type"] == "rank priorities"
    assert rows["district"]["constraint"].startswith("regex(., '(NE|ne|Ne)[0-9]{1,2}')")
    assert rows["district"]["constraint_message::Arabic (ar)"].startswith("يُرجى كتابة")
    assert rows["enjoy_less"]["relevant"] == "${learning__enjoy} <= 2"
    assert rows["homework_help"]["choice_filter"] == \
        "(name != 'tutor' or (${learning__homework} <= 2))"

    imported = read_xlsform(xlsx, audience="parent", key="new-types-copy",
                            answer_sets=catalogue.answer_sets)
    assert imported.errors == []
    survey, errors = resolved(imported.data, tmp_path, "new-types-copy.yaml")
    assert errors == [], errors
    before = {q["id"]: q for p in original["pages"] for q in p["questions"]}
    after = {q["id"]: q for p in survey.definition["pages"] for q in p["questions"]}
    assert list(before) == list(after)
    for qid, q in before.items():
        copy = after[qid]
        for part in ("type", "text", "options", "items", "min", "max", "report_by", "pattern",
                     "pattern_message", "show_if", "wording_hash"):
            assert copy.get(part) == q.get(part), (qid, part)


def test_a_choice_filter_from_elsewhere_becomes_conditions_on_options(tmp_path):
    """ODK's cascading select: choices carry a column the filter reads."""
    book = openpyxl.Workbook()
    survey = book.active
    survey.title = "survey"
    survey.append(["type", "name", "label", "choice_filter", "constraint",
                   "constraint_message"])
    survey.append(["select_one areas", "area", "Which area?", None, None, None])
    survey.append(["select_one streets", "street", "Which part?", "area = ${area}", None,
                   None])
    survey.append(["date", "visit", "When did you visit?", None,
                   ". >= date('2024-01-01') and . <= today()", None])
    survey.append(["text", "code", "Postcode district", None, "regex(., '[A-Z]{2}[0-9]')",
                   "Like NE4"])
    survey.append(["rank areas", "prefs", "Order these", None, None, None])
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", "label", "area"])
    for row in (["areas", "west", "West", None], ["areas", "east", "East", None],
                ["streets", "benwell", "Benwell", "west"], ["streets", "byker", "Byker", "east"]):
        choices.append(row)
    path = tmp_path / "cascade.xlsx"
    book.save(path)
    imported = read_xlsform(path, audience="parent", tags=["cc.community"])
    [area, street, visit, code, prefs] = imported.data["pages"][0]["questions"]
    assert [o.get("show_if") for o in street["options"]] == ["'west' == area", "'east' == area"]
    assert (visit["type"], visit["min"], visit["max"]) == ("date", "2024-01-01", "today")
    assert (code["pattern"], code["pattern_message"]) == ("[A-Z]{2}[0-9]", "Like NE4")
    assert imported.errors == []
    assert prefs["type"] == "ranking" and [o["value"] for o in prefs["options"]] == [
        "west", "east"]
    assert any("became a condition on each of 2 options" in a for a in imported.approximations)
