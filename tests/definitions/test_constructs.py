"""Constructs: defined once in surveys/constructs.yaml, named by questions, checked."""

from __future__ import annotations

from pathlib import Path

from westcc_voice.definitions import load_catalogue

CONSTRUCTS = """\
constructs:
  - id: safe_at_school
    name: Feeling safe at school
    tags: [cc.wellbeing]
    better: higher
  - id: lonely
    name: Feeling lonely
    tags: [cc.wellbeing]
    better: lower
"""

SHIPPED = Path(__file__).resolve().parents[2] / "surveys"


def errors_of(folder) -> list[str]:
    return [str(e) for e in load_catalogue(folder.root).errors]


def test_a_question_names_its_construct_and_the_survey_keeps_its_definition(folder):
    folder.write("constructs.yaml", CONSTRUCTS)
    folder.replace("pupils-test.yaml", "      - id: feel_safe\n",
                   "      - id: feel_safe\n        construct: safe_at_school\n")
    cat = load_catalogue(folder.root)
    assert cat.errors == []
    [survey] = cat.surveys
    q = next(q for p in survey.definition["pages"] for q in p["questions"]
             if q["id"] == "feel_safe")
    assert q["construct"] == "safe_at_school"
    assert survey.definition["constructs"] == {"safe_at_school": {
        "id": "safe_at_school", "name": "Feeling safe at school", "tags": ["cc.wellbeing"],
        "better": "higher", "description": ""}}


def test_naming_a_construct_leaves_the_wording_hash_alone(folder):
    before = load_catalogue(folder.root).surveys[0]
    folder.write("constructs.yaml", CONSTRUCTS)
    folder.replace("pupils-test.yaml", "      - id: feel_safe\n",
                   "      - id: feel_safe\n        construct: safe_at_school\n")
    after = load_catalogue(folder.root).surveys[0]

    def hashes(s):
        return {q["id"]: q["wording_hash"] for p in s.definition["pages"]
                for q in p["questions"]}
    assert hashes(before) == hashes(after)
    assert before.content_hash != after.content_hash


def test_an_unknown_construct_names_file_line_field_and_the_known_ones(folder):
    folder.write("constructs.yaml", CONSTRUCTS)
    folder.replace("pupils-test.yaml", "      - id: feel_safe\n",
                   "      - id: feel_safe\n        construct: safe_at_scool\n")
    [error] = errors_of(folder)
    assert error.startswith("surveys/pupils-test.yaml:")
    assert "pages[0].questions[1].construct: unknown construct 'safe_at_scool'" in error
    assert "lonely, safe_at_school" in error


def test_a_broken_constructs_file_reports_each_entry_by_line(folder):
    folder.write("constructs.yaml", """\
constructs:
  - id: safe_at_school
    name: Feeling safe at school
    tags: [cc.wellbeing]
    better: safer
  - id: lonely
    name: Feeling lonely
    tags: [cc.nowhere]
    better: lower
  - id: lonely
    name: Again
    tags: [cc.wellbeing]
    better: lower
""")
    errors = errors_of(folder)
    assert any(e.startswith("surveys/constructs.yaml:5: constructs[0].better: expected "
                            "higher or lower") and "'safer'" in e for e in errors)
    assert any(e.startswith("surveys/constructs.yaml:8: constructs[1].tags[0]:")
               and "no item 'nowhere'" in e for e in errors)
    assert any(e.startswith("surveys/constructs.yaml:10: constructs[2].id:")
               and "defined twice" in e for e in errors)


def test_a_statement_cannot_name_a_construct(folder):
    folder.write("constructs.yaml", CONSTRUCTS)
    folder.write("pupils-test.yaml", (folder.root / "pupils-test.yaml").read_text().replace(
        "      - id: job\n",
        "      - id: hello\n        type: statement\n        text: Hello\n"
        "        construct: lonely\n      - id: job\n"))
    [error] = errors_of(folder)
    assert "construct: a statement takes no answer" in error


def _constructs(survey_key: str) -> dict[str, str]:
    cat = load_catalogue(SHIPPED)
    survey = next(s for s in cat.surveys if s.key == survey_key)
    return {q["id"]: q.get("construct") for p in survey.definition["pages"]
            for q in p["questions"]}


def test_shipped_questionnaires_pair_what_is_the_same_and_part_what_is_not():
    assert load_catalogue(SHIPPED).errors == []
    pupils, older = _constructs("pupils-7-11"), _constructs("pupils-11-16")
    youngest, parents, community = (_constructs("pupils-5-7"), _constructs("parents"),
                                    _constructs("community"))
    # belonging at school is not belonging to a neighbourhood
    assert pupils["belong"] == older["belong"] == "belong_at_school"
    assert community["belong"] == "belong_to_neighbourhood"
    # the same thing asked of different audiences, under different ids
    assert older["safe_area_dark"] == parents["safe_after_dark"] == community["safe_dark"] \
        == "safe_after_dark"
    assert older["miss_out_money"] == parents["child_miss_out"] == "missing_out_cost"
    assert older["future_hopeful"] == parents["hopeful"] == "hopeful_about_future"
    assert youngest["safe_school"] == pupils["safe_school"] == parents["child_safe"] \
        == "safe_at_school"
    assert youngest["school_feel"] == pupils["school_feel"] == parents["child_happy"] \
        == "happy_at_school"


def test_findings_rules_name_known_constructs_and_report_mistakes_by_line(folder):
    folder.write("constructs.yaml", CONSTRUCTS)
    folder.write("findings.yaml", """\
order: [change, level, difference]
chance: 5
levels:
  - construct: safe_at_school
    side: worse
    more_than: 20
  - construct: safe_at_scool
    more_than: 20
  - construct: lonely
    more_than: 120
""")
    cat = load_catalogue(folder.root)
    errors = [str(e) for e in cat.errors]
    assert any(e.startswith("surveys/findings.yaml:2: chance: expected a share between 0 "
                            "and 1") for e in errors)
    assert any(e.startswith("surveys/findings.yaml:7: levels[1].construct: unknown "
                            "construct 'safe_at_scool'") for e in errors)
    assert any(e.startswith("surveys/findings.yaml:10: levels[2].more_than: expected a "
                            "percentage") for e in errors)
    assert cat.finding_rules["order"] == ["change", "level", "difference"]
    assert [lv["construct"] for lv in cat.finding_rules["levels"]] == ["safe_at_school"]
    assert not any(s.key == "findings" for s in cat.surveys)
