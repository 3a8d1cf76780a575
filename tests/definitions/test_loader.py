"""The questionnaire loader: every error says file, line, field and what was expected."""

from __future__ import annotations

from westcc_voice.definitions import load_catalogue


def errors_of(folder, licensed=None) -> list[str]:
    return [str(e) for e in load_catalogue(folder.root, licensed).errors]


def test_valid_folder_loads_with_no_errors(folder):
    cat = load_catalogue(folder.root)
    assert cat.errors == []
    [survey] = cat.surveys
    questions = [q["id"] for p in survey.definition["pages"] for q in p["questions"]]
    assert questions == ["happy_at_school", "feel_safe", "unsafe_where", "job", "mini_happy"]


def test_scale_block_expands_into_questions_with_the_scales_wording(folder):
    survey = load_catalogue(folder.root).surveys[0]
    q = survey.definition["pages"][1]["questions"][1]
    assert q["text"] == {"en": "How happy are you?"}
    assert q["scale"] == {"id": "mini", "item": "happy"}
    assert q["type"] == "scale_0_10" and q["low"] == {"en": "Not at all"}
    assert survey.definition["scales"]["mini"]["complete"] is False


def test_unknown_question_type_names_file_line_field_and_the_choices(folder):
    folder.replace("pupils-test.yaml", "type: yes_no", "type: yesno")
    [error] = errors_of(folder)
    assert error.startswith("surveys/pupils-test.yaml:17: pages[0].questions[1].type:")
    assert "unknown question type 'yesno'" in error and "yes_no" in error


def test_several_broken_files_report_every_error_and_load_nothing(folder):
    folder.replace("pupils-test.yaml", "faces: 5", "faces: 4")
    folder.replace("pupils-test.yaml", "tags: [west.aspirations]", "tags: [west.ambition]")
    folder.write("community.yaml", "key: community\ntitle: Community\naudience: neighbours\n"
                 "pages: []\n")
    folder.write("broken.yaml", "key: broken\ntitle: [unclosed\n")
    cat = load_catalogue(folder.root)
    text = "\n".join(str(e) for e in cat.errors)
    assert "pupils-test.yaml:13: pages[0].questions[0].faces: expected 3 or 5 faces" in text
    assert "framework 'west' has no item 'ambition'" in text
    assert "community.yaml:3: audience: expected one of pupil, parent, community" in text
    assert "community.yaml:4: pages: expected a list of pages" in text
    assert "broken.yaml:3: (syntax): not valid YAML" in text
    assert cat.surveys == [] or all(s.key not in {"pupils-test", "community"} for s in cat.surveys)
    assert len(cat.errors) >= 5


def test_show_if_must_refer_to_an_earlier_question(folder):
    folder.replace("pupils-test.yaml", "feel_safe == 'no'", "job == 'x'")
    errors = errors_of(folder)
    assert any("show_if: refers to 'job', which is not an earlier question" in e for e in errors)


def test_show_if_value_must_be_one_the_question_can_take(folder):
    folder.replace("pupils-test.yaml", "feel_safe == 'no'", "feel_safe == 'nope'")
    [error] = errors_of(folder)
    assert "'nope' is not an answer of 'feel_safe': expected one of yes, no" in error
    assert ":23: pages[0].questions[2].show_if" in error


def test_show_if_that_is_not_an_expression_is_refused_without_running_it(folder):
    folder.replace("pupils-test.yaml", "feel_safe == 'no'", "__import__('os').system('x')")
    [error] = errors_of(folder)
    assert "show_if: cannot read" in error


def test_pupil_questions_cannot_be_required(folder):
    folder.replace("pupils-test.yaml", "faces: 5\n", "faces: 5\n        required: true\n")
    [error] = errors_of(folder)
    assert "pages[0].questions[0].required: every pupil question can be skipped" in error


def test_every_question_needs_a_domain_or_theme_tag(folder):
    folder.replace("pupils-test.yaml", "        tags: [west.aspirations]\n", "")
    [error] = errors_of(folder)
    assert "pages[1].questions[0].tags: every question maps to at least one" in error


def test_each_language_needs_its_text(folder):
    folder.replace("pupils-test.yaml", "languages: [en]", "languages: [en, pl]")
    folder.replace("pupils-test.yaml", "title: Test survey", "title: {en: Test, pl: Ankieta}")
    errors = errors_of(folder)
    assert any("pages[0].title: gives one text but the survey is in en, pl" in e for e in errors)
    assert any("answer set 'faces5' has no text in pl" in e for e in errors)


def test_scale_outside_its_age_range_is_refused(folder):
    folder.replace("scales/mini.yaml", "age: {min: 8}", "age: {min: 13}")
    [error] = errors_of(folder)
    assert "scale 'mini' is validated for ages 13+; this survey is for ages 8-11" in error


def test_ks1_survey_with_more_than_ten_questions_is_refused(folder):
    folder.replace("pupils-test.yaml", "age: {min: 8, max: 11}", "age: {min: 5, max: 7}")
    folder.replace("scales/mini.yaml", "age: {min: 8}", "age: {min: 5}")
    extra = "".join(
        f"      - id: extra_{i}\n        type: yes_no\n        text: Question {i}?\n"
        f"        tags: [cc.learning]\n" for i in range(7)
    )
    folder.replace("pupils-test.yaml", "      - scale: mini\n", extra + "      - scale: mini\n")
    [error] = errors_of(folder)
    assert "ages 5-7 should have at most 10 questions; this one has 12" in error


def test_duplicate_keys_in_yaml_are_an_error_not_a_silent_overwrite(folder):
    folder.replace("pupils-test.yaml", "audience: pupil\n", "audience: pupil\naudience: parent\n")
    [error] = errors_of(folder)
    assert error == "surveys/pupils-test.yaml:4: (syntax): key 'audience' appears twice"


def test_licensed_scale_without_its_text_file_says_where_to_put_it(folder, tmp_path):
    folder.write("scales/mini.yaml", SCALE_LICENSED)
    errors = errors_of(folder, tmp_path / "licensed")
    assert any("licensed item text that is not shipped" in e and "mini.yaml" in e
               for e in errors)
    (tmp_path / "licensed").mkdir()
    (tmp_path / "licensed" / "mini.yaml").write_text(
        "items:\n  happy: {en: Licensed happy}\n  calm: {en: Licensed calm}\n")
    cat = load_catalogue(folder.root, tmp_path / "licensed")
    assert cat.errors == []
    q = cat.surveys[0].definition["pages"][1]["questions"][1]
    assert q["text"] == {"en": "Licensed happy"}


def test_licensed_scale_text_must_not_be_committed(folder):
    folder.write("scales/mini.yaml", SCALE_LICENSED.replace("  - {id: happy",
                                                            "  - {text: Oops, id: happy"))
    assert any("this scale's text is licensed" in e for e in errors_of(folder))


SCALE_LICENSED = """\
id: mini
name: Licensed test scale
age: {min: 8}
item_type: scale_0_10
tags: [cc.wellbeing]
scoring: {method: sum}
licensed_text: mini.yaml
items:
  - {id: happy, low: "Not at all", high: "Completely"}
  - {id: calm, low: "Not at all", high: "Completely"}
"""


def test_a_scale_with_more_languages_serves_a_survey_in_fewer(folder):
    folder.replace("scales/mini.yaml", 'text: "How happy are you?"',
                   'text: {en: "How happy are you?", pl: "Jak bardzo jesteś szczęśliwy?"}')
    cat = load_catalogue(folder.root)
    assert cat.errors == []
    q = cat.surveys[0].definition["pages"][1]["questions"][1]
    assert q["text"] == {"en": "How happy are you?"}


def test_a_scale_used_twice_or_named_wrongly_is_reported_not_crashed(folder):
    folder.replace("pupils-test.yaml", "      - scale: mini\n        items: [happy]\n",
                   "      - scale: mini\n        items: [happy]\n      - scale: mini\n"
                   "        items: [calm]\n      - scale: [mini]\n")
    errors = errors_of(folder)
    assert any("scale 'mini' is already used in this survey" in e for e in errors)
    assert any("expected one scale id such as 'ons4', got ['mini']" in e for e in errors)


def test_conversion_tables_keep_every_raw_score():
    from westcc_voice import PROJECT_DIR

    cat = load_catalogue(PROJECT_DIR / "surveys")
    table = cat.scales["swemwbs"]["conversion"]
    assert sorted(table) == list(range(7, 36))
    assert (table[7], table[20], table[35]) == (7.0, 18.59, 35.0)


def test_swemwbs_without_its_licensed_text_says_where_it_goes(tmp_path):
    import shutil

    from westcc_voice import PROJECT_DIR

    surveys = tmp_path / "surveys"
    shutil.copytree(PROJECT_DIR / "surveys", surveys)
    (surveys / "young-adults.yaml").write_text(
        "key: young-adults\ntitle: Young adults\naudience: community\npages:\n"
        "  - id: p\n    title: Wellbeing\n    questions:\n      - scale: swemwbs\n"
    )
    errors = [str(e) for e in load_catalogue(surveys, tmp_path / "licensed").errors]
    assert len(errors) == 1
    assert errors[0].startswith("surveys/young-adults.yaml:8: pages[0].questions[0].scale:")
    assert f"put the text your organisation is licensed to use in {tmp_path}/licensed/" \
           "swemwbs.yaml" in errors[0]


def test_answer_set_values_must_be_numbers_or_quoted_codes(folder):
    folder.replace("answer-sets.yaml", '{value: "yes"', "{value: yes")
    errors = errors_of(folder)
    assert any("sets.yes_no.options[0].value: expected a whole number or a quoted code, got True"
               in e for e in errors)


def test_help_if_and_low_if_are_read_as_conditions_on_any_question(folder):
    folder.replace("pupils-test.yaml", "text: Do you feel safe at school?",
                   "text: Do you feel safe at school?\n        help_if: feel_safe == 'no'")
    folder.replace("pupils-test.yaml", "text: How do you feel at school?",
                   "text: How do you feel at school?\n        low_if: happy_at_school == 1")
    [survey] = load_catalogue(folder.root).surveys
    first = survey.definition["pages"][0]["questions"]
    assert first[0]["low_if_tree"] == ["cmp", "==", ["ref", "happy_at_school"], ["lit", 1]]
    assert first[1]["help_if"] == "feel_safe == 'no'"


def test_help_if_naming_an_unknown_question_or_answer_is_refused(folder):
    folder.replace("pupils-test.yaml", "text: Do you feel safe at school?",
                   "text: Do you feel safe at school?\n        help_if: feel_saf == 'no' or "
                   "feel_safe == 'nope'")
    errors = errors_of(folder)
    assert any(e.startswith("surveys/pupils-test.yaml:") and "questions[1].help_if: refers to "
               "'feel_saf', which is not a question of this survey" in e for e in errors)
    assert any("help_if: 'nope' is not an answer of 'feel_safe': expected one of yes, no" in e
               for e in errors)


def test_low_if_must_read_its_own_question(folder):
    folder.replace("pupils-test.yaml", "text: How do you feel at school?",
                   "text: How do you feel at school?\n        low_if: feel_safe == 'no'")
    [error] = errors_of(folder)
    assert "questions[0].low_if: a low_if marks this question's answer as low, so it must " \
           "read 'happy_at_school'" in error


def test_a_scale_blocks_low_if_names_its_items(folder):
    folder.replace("pupils-test.yaml", "items: [happy]",
                   "items: [happy]\n        low_if: {calm: mini_calm <= 2}")
    [error] = errors_of(folder)
    assert "questions[1].low_if: expected a mapping from this block's items" in error
    folder.replace("pupils-test.yaml", "{calm: mini_calm <= 2}", "{happy: mini_happy <= 2}")
    [survey] = load_catalogue(folder.root).surveys
    assert survey.definition["pages"][1]["questions"][1]["low_if"] == "mini_happy <= 2"
