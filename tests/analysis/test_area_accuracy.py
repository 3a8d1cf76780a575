"""Theme coding measured by outcome area (westcc_voice.analysis.text.areas), on
hand-worked sets: the arithmetic a steering group's "how far can we trust the themes"
sentence rests on, and the errors a development-set file must name."""

from __future__ import annotations

from pathlib import Path

import pytest

from westcc_voice.analysis.text import areas
from westcc_voice.analysis.text.codebook import (
    CodebookError,
    codebook_for,
    load_codebooks,
    parse_codebook,
)
from westcc_voice.analysis.text.themes import code_answers

TOY = {"id": "toy", "name": "Toy", "default": True, "themes": [
    {"id": "parks", "tags": ["cc.community"], "phrases": ["park"]},
    {"id": "friends", "tags": ["cc.social"], "phrases": ["friends"]},
    {"id": "money", "tags": ["west.inequality", "cc.wellbeing"], "phrases": ["money"]},
]}


@pytest.fixture
def books():
    return {"toy": parse_codebook(TOY, "toy.yaml")}


def write(tmp_path, body: str):
    path = tmp_path / "dev.yaml"
    path.write_text("answers:\n" + body, encoding="utf-8")
    return path


def test_a_theme_speaks_to_every_area_its_tags_name(books):
    assert areas.theme_areas(books["toy"], ["money"]) == {"inequality", "wellbeing"}
    assert areas.theme_areas(books["toy"], []) == frozenset()


def test_areas_are_scored_per_area_leaving_out_what_the_coders_dispute(books, tmp_path):
    path = write(tmp_path, """\
- {id: 1, question: q, text: "the park with my friends",
   reference: {areas: [community, social_relations]}}
- {id: 2, question: q, text: "no money for the park",
   reference: {areas: [inequality, community], areas_disputed: [wellbeing]}}
- {id: 3, question: q, text: "my nana is poorly", reference: {areas: [wellbeing]}}
- {id: 4, question: q, text: "my friends are kind", reference: {areas: []}}
""")
    result = areas.measure_areas(areas.load_area_labelled(path), books)
    # coded: 1 community+social; 2 inequality+wellbeing+community; 3 none; 4 social.
    # community tp 2; social tp 1, fp 1 (answer 4); inequality tp 1; wellbeing: 2 is
    # disputed (left out), 3 is a miss -> fn 1.
    s = result.scores
    assert (s["community"].true_positives, s["community"].false_positives) == (2, 0)
    assert (s["social_relations"].true_positives, s["social_relations"].false_positives) == (1, 1)
    assert s["social_relations"].f1 == pytest.approx(2 / 3)
    assert (s["wellbeing"].true_positives, s["wellbeing"].false_negatives) == (0, 1)
    assert s["wellbeing"].f1 == 0.0
    # areas with a reference or a coding: community 1.0, social 0.667, inequality 1.0,
    # wellbeing 0.0; the other four have neither and are not averaged.
    assert result.macro_f1 == pytest.approx((1 + 2 / 3 + 1 + 0) / 4)
    # three answers people gave an area; one of them (3) got no theme at all
    assert (result.no_theme, result.with_area) == (1, 3)
    assert [w[0] for w in result.wrong] == ["3", "4"]


def test_answers_not_in_english_are_set_aside_not_scored(books, tmp_path):
    path = write(tmp_path, """\
- {id: 1, question: q, language: pl, text: "Nie ma pieniędzy na park",
   reference: {areas: [inequality]}}
- {id: 2, question: q, language: en, text: "the park", reference: {areas: [community]}}
""")
    result = areas.measure_areas(areas.load_area_labelled(path), books)
    assert (result.answers, result.set_aside) == (1, 1)
    assert result.scores["inequality"].false_negatives == 0


def test_an_unknown_area_is_refused_with_file_line_and_field(tmp_path):
    path = write(tmp_path, """\
- {id: 1, question: q, text: "the park", reference: {areas: [community]}}
- {id: 2, question: q, text: "school", reference: {areas: [schooling]}}
""")
    with pytest.raises(CodebookError, match=r"dev.yaml:3: answers\[1\]\.reference\.areas: "
                                            r"'schooling' is not an area"):
        areas.load_area_labelled(path)


# --- the blind development set -----------------------------------------------------------

ROOT = Path(__file__).resolve().parents[2]
DEV = ROOT / "tests" / "data" / "blind_dev_set.yaml"
#: measured 2026-12-03 on the holdout half (never read one by one): macro F1 0.69,
#: 3% of answers people gave an area left with no theme (0.59 and 5% before the codebooks
#: were grown from the second set, blind_dev_set_b.yaml); tune half 0.85 and 1%.
DEV_HOLDOUT_MACRO_F1_FLOOR = 0.66
NO_THEME_CEILING = 0.10


@pytest.fixture(scope="module")
def shipped():
    return load_codebooks(ROOT / "surveys" / "codebooks")


def dev(split: str) -> list[areas.AreaLabelled]:
    return [a for a in areas.load_area_labelled(DEV) if a.split == split]


def test_dev_set_has_450_answers_in_two_halves_in_every_audience():
    answers = areas.load_area_labelled(DEV)
    assert len(answers) == 450
    assert {a.split for a in answers} == {"tune", "holdout"}
    assert abs(len(dev("tune")) - len(dev("holdout"))) <= 1


@pytest.mark.parametrize("split", ["holdout", "tune"])
def test_area_coding_on_the_blind_dev_set_stays_above_its_floor(shipped, split):
    result = areas.measure_areas(dev(split), shipped)
    print(f"\n{split}: macro F1 {result.macro_f1:.2f}, no theme {result.no_theme_share:.0%}")
    assert result.macro_f1 >= DEV_HOLDOUT_MACRO_F1_FLOOR
    assert result.no_theme_share < NO_THEME_CEILING


def test_any_answer_to_a_career_question_counts_as_an_aspiration(shipped):
    book = codebook_for(shipped, "grow_up_job", [])
    coded = code_answers(["a mermade", "spiderman", "no", "dunno",
                          "i dont know what i want to be yet"], book)
    assert [sorted(areas.theme_areas(book, t)) for t in coded.themes[:2]] == [
        ["aspirations"], ["aspirations"]]
    # "no" and a bare "dunno" say nothing (the coding guide gives them no area); not
    # knowing yet what to be is still a hope
    assert coded.themes[2] == frozenset()
    assert coded.themes[3] == frozenset()
    assert coded.themes[4] == {"not_sure_yet"}


def test_otherwise_must_name_one_of_the_codebooks_themes():
    with pytest.raises(CodebookError, match=r"otherwise: expected the id of one of this "
                                            r"codebook's themes, got 'dreams'"):
        parse_codebook({**TOY, "otherwise": "dreams"}, "toy.yaml")


def test_a_parents_hope_is_coded_to_what_it_is_about_not_counted_as_a_career(shipped):
    book = codebook_for(shipped, "hopes", [])
    coded = code_answers(["That she's happy and safe, that's all",
                          "I hope they grow up proud of where they're from",
                          "to be a doctor inshallah",
                          "that he gets a good job and doesn't struggle like we have"], book)
    got = [sorted(areas.theme_areas(book, t)) for t in coded.themes]
    assert got[0] == ["wellbeing"]
    assert got[1] == ["community"]
    assert got[2] == ["aspirations"]
    # a job named in general is still an aspiration; the struggle is inequality
    assert got[3] == ["aspirations", "inequality"]


def test_arriving_starting_school_and_a_new_sibling_are_early_transitions(shipped):
    """What a steering group reads under "starting early and supporting transitions":
    a family new to the country is not a learning matter; starting at a school in
    September and a new baby in the family are transitions; a little brother is not."""
    book = codebook_for(shipped, "anything_else", [])
    coded = code_answers(["we came here from Eritrea two years ago and my mam has no visa",
                          "she starts at the big academy in september and is nervous",
                          "i got a new baby sister at christmas",
                          "my little brother is so annoying"], book)
    got = [areas.theme_areas(book, t) for t in coded.themes]
    assert "transitions" in got[0] and "learning" not in got[0]
    assert "transitions" in got[1]
    assert "transitions" in got[2]
    assert "transitions" not in got[3]
