"""Free-text coding: negation, children's spellings, dialect, language screening."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import yaml
from textblob import TextBlob

from westcc_voice.analysis.publish import Groups
from westcc_voice.analysis.text import sentiment
from westcc_voice.analysis.text.codebook import (
    CodebookError,
    codebook_for,
    load_codebook,
    load_codebooks,
    parse_codebook,
)
from westcc_voice.analysis.text.language import is_english
from westcc_voice.analysis.text.themes import NOTHING, code_answers, summarise_text
from westcc_voice.definitions import load_catalogue
from westcc_voice.privacy.suppression import SuppressionPolicy

ROOT = Path(__file__).resolve().parents[2]
LABELLED = Path(__file__).resolve().parent / "data" / "labelled_free_text.yaml"


@pytest.fixture(scope="module")
def books():
    return load_codebooks(ROOT / "surveys" / "codebooks")


def themes_of(book, text):
    return set(code_answers([text], book).themes[0])


def test_negated_safety_is_coded_as_feeling_unsafe(books):
    book = books["themes"]
    assert themes_of(book, "I feel safe at school") == {"feeling_safe"}
    assert themes_of(book, "I don't feel safe at night") == {"feeling_unsafe"}
    assert themes_of(book, "its not safe") == {"feeling_unsafe"}
    assert themes_of(book, "never feel safe") == {"feeling_unsafe"}
    assert themes_of(book, "not safe but happy") >= {"feeling_unsafe", "happiness"}


def test_negated_bullying_is_not_counted_as_bullying(books):
    book = books["themes"]
    assert themes_of(book, "nobody bullies me") == set()
    assert themes_of(book, "i get bullied") == {"bullying"}


def test_topics_stay_topics_when_negated(books):
    assert themes_of(books["themes"], "there is no park") == {"parks_play"}


def test_childrens_spellings_are_understood(books):
    book = books["themes"]
    assert themes_of(book, "my frends") == {"friends"}
    assert themes_of(book, "i get bulied at skool") == {"bullying"}
    assert themes_of(book, "i dont feel saaaafe") == {"feeling_unsafe"}


def test_geordie_is_read_as_meant(books):
    book = books["themes"]
    assert book.normalise("the park is canny") == "the park is good"
    assert book.normalise("it's canny hard") == "it's quite hard"
    assert book.normalise("that's mint") == "that's great"
    assert sentiment.polarity(book.normalise("the park is canny")) > 0
    assert sentiment.polarity(book.normalise("it is mint")) > 0


def test_nothing_answers_are_not_coded(books):
    coded = code_answers(["nothing", "dunno", "idk", "N/A", "nothing to do"],
                         books["themes"])
    assert coded.status.tolist() == [1, 1, 1, 1, 0]
    # "nothing to do" says something: there is nothing for young people here, which is
    # the area's provision (community), not a child's own clubs
    assert coded.themes[4] == {"youth_provision"}


def test_aspirations_codebook_claims_career_questions(books):
    assert codebook_for(books, "future_job", ["west.aspirations", "cc.employment"]).id == \
        "aspirations"
    assert codebook_for(books, "hopes", ["west.aspirations"]).id == "aspirations"
    assert codebook_for(books, "miss_out_what", ["west.aspirations",
                                                 "west.inequality"]).id == "themes"
    book = books["aspirations"]
    assert themes_of(book, "a docter") == {"health_care"}
    assert themes_of(book, "not a teacher, maybe a dentist") == {"health_care"}
    assert themes_of(book, "dunno yet") == {"not_sure_yet"}
    assert themes_of(book, "go to uni") == {"further_study"}


def test_every_theme_maps_to_a_childrens_community_domain_or_west_theme(books):
    cat = load_catalogue(Path(__file__).resolve().parent / "data" / "surveys")
    known = {f"{fid}.{item}" for fid, fw in cat.frameworks.items() for item in fw["items"]}
    for book in books.values():
        for theme in book.themes.values():
            assert any(t.split(".")[0] in ("cc", "west") for t in theme.tags), theme.id
            assert set(theme.tags) <= known, theme.id


def test_a_codebook_with_a_bad_negation_target_is_refused():
    with pytest.raises(CodebookError, match="when_negated"):
        parse_codebook({"id": "x", "themes": [
            {"id": "a", "tags": ["cc.social"], "phrases": ["a"], "when_negated": "b"}]},
            "x.yaml")


def test_a_bare_no_in_a_codebook_is_refused_with_file_line_and_field(tmp_path):
    # YAML reads a bare no as false: the cue "no" would silently become "False".
    path = tmp_path / "book.yaml"
    path.write_text("id: book\nname: Book\nnegation:\n  cues: [not, no]\nthemes:\n"
                    "  - {id: a, tags: [cc.social], phrases: [park]}\n", encoding="utf-8")
    with pytest.raises(CodebookError) as err:
        load_codebook(path)
    message = str(err.value)
    assert f"{path}:4: negation.cues[1]" in message
    assert "got False" in message and 'put it in quotes ("no")' in message
    path.write_text(path.read_text(encoding="utf-8").replace("[not, no]", '[not, "no"]'),
                    encoding="utf-8")
    assert load_codebook(path).cues == {"not", "no"}


THEME_A = "themes:\n  - {id: a, tags: [cc.social], phrases: [park]}\n"


@pytest.mark.parametrize(("text", "expected"), [
    ("id: b\nnegation:\n  window: many\n" + THEME_A,
     "book.yaml:3: negation.window: expected a whole number of words"),
    ("id: b\ndialect:\n  - {pattern: '(mint', replace: great}\n" + THEME_A,
     "book.yaml:3: dialect[0].pattern: pattern '(mint' is not a valid regex"),
    ("id: b\n" + THEME_A + "  - {id: a, tags: [cc.social], phrases: [swings]}\n",
     "book.yaml:4: themes[1].id: theme id 'a' is used twice"),
])
def test_codebook_errors_name_the_line_and_field(tmp_path, text, expected):
    path = tmp_path / "book.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CodebookError) as err:
        load_codebook(path)
    assert str(err.value).startswith(f"{tmp_path}/{expected}"), str(err.value)


def test_no_before_a_theme_negates_it_and_a_bare_no_says_nothing(books):
    themes = books["themes"]
    assert themes_of(themes, "no bullying at my school") == set()
    assert themes_of(themes, "there are no parks") == {"parks_play"}  # still a topic
    coded = code_answers(["no", "No.", "nope"], themes)
    assert list(coded.status) == [NOTHING, NOTHING, NOTHING]
    assert themes_of(books["aspirations"], "no, not a teacher") == set()


def test_answers_not_in_english_are_recognised():
    data = yaml.safe_load(LABELLED.read_text(encoding="utf-8"))
    assert not any(is_english(t) for t in data["not_english"])
    assert all(is_english(t) for t in data["english"])


def test_polarity_is_textblobs():
    for text in ["the park is not good", "i love it here but the litter is terrible"]:
        assert sentiment.polarity(text) == TextBlob(text).sentiment.polarity


def test_text_summary_counts_sets_aside_and_lists_uncoded_terms(books):
    one_school = (["the park is great"] * 14 + ["my hamster is called biscuit"] * 11
                  + ["Copiii mei sunt foarte fericiți la școală."] * 10 + ["nothing"] * 12
                  + [None] * 5)
    texts = one_school * 2
    n = len(texts)
    groups = Groups(["school:a", "school:b"], ["A", "B"],
                    np.repeat([0, 1], len(one_school)).astype(np.int64))
    out = summarise_text(
        policy=SuppressionPolicy(), survey_key="s",
        question={"id": "anything_else", "text": {"en": "Anything else?"}, "tags": []},
        book=books["themes"], texts=texts, groups=groups,
        response_ids=np.arange(n), audiences=["pupil"] * n, year_bands=["Years 3 to 6"] * n,
        approved=set(),
    )
    partnership = out.groups[0]
    answers = {c.value: c.count.display for c in partnership.answers.categories}
    assert answers == {"to_code": "50", "nothing_to_add": "24", "not_english": "20"}
    # the base of theme shares is the answers coded, published on its own: the number
    # who wrote anything is not, so the few set aside can never hide it
    assert partnership.answers.n.display == "50"
    parks = next(t for t in partnership.themes if t.theme == "parks_play")
    assert (parks.count.display, parks.percent.display) == ("28", "56%")
    assert parks.polarity.value == pytest.approx(sentiment.polarity("the park is great"))
    terms = {t.term for t in out.uncoded_terms}
    assert {"hamster", "biscuit", "called biscuit"} <= terms
    assert "triage" in out.sentiment_note


def test_words_are_read_in_the_sense_the_answer_uses(books):
    coded = code_answers([
        "my grandad died last year and i still miss him",
        "the year 6 residential costs too much",
        "i miss out on school trips becos we cant aford them",
        "the family next door shout all night",
    ], books["themes"])
    # a year of time is not school life; a school year is
    assert "school_life" not in coded.themes[0]
    assert "school_life" in coded.themes[1]
    # missing out because of cost is going without, not missing someone
    assert "money_cost_of_living" in coded.themes[2]
    assert "sadness_loneliness" not in coded.themes[2]
    # a family in general is not the child's own family
    assert "family" not in coded.themes[3]
