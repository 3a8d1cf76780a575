"""The partnership's own schools and staff go wherever a respondent names them."""

from __future__ import annotations

import pytest

from tests.helpers import gen_school, gen_staff
from westcc_voice.collect.intake import IntakeEnv
from westcc_voice.privacy.redaction import Directory, directory_from_session, redact

DIRECTORY = Directory.of(
    schools=["Westgate Hill Primary School", "Bishop Harland C of E Academy",
             "Canning Street Primary School", "Hadrian Park Primary"],
    staff=["Mrs Sarah Okonkwo", "Mr David Robson", "Miss Emma Brown", "Ms J. Lindqvist"],
)


def red(text: str) -> str:
    return redact(text, DIRECTORY).text


@pytest.mark.parametrize(("text", "expected"), [
    ("I go to Westgate Hill Primary School", "I go to [school]"),
    ("westgate hill primary is my school", "[school] is my school"),
    ("i love bishop harland", "i love [school]"),
    ("Bishop Harland is a good school", "[school] is a good school"),
    ("at bishop harland academy the dinners are cold", "at [school] the dinners are cold"),
    ("Canning Street Primary needs a new roof", "[school] needs a new roof"),
])
def test_partnership_schools_go_in_the_forms_people_write(text, expected):
    assert red(text) == expected


@pytest.mark.parametrize("text", [
    "the park near Canning Street is nice",  # a street alone is not the school
    "we went to Hadrian's Wall on a trip",
    "we live near Westgate Hill",  # the school's words alone are also a place
])
def test_places_sharing_a_word_with_a_school_are_not_the_school(text):
    assert redact(text, DIRECTORY).counts.get("school") is None


@pytest.mark.parametrize(("text", "expected"), [
    ("Mrs Okonkwo is the best", "Mrs [name] is the best"),
    ("mrs okonkwo helps me read", "mrs [name] helps me read"),
    ("okonkwo shouts at us", "[name] shouts at us"),
    ("Mr Robson and Miss Brown run the club", "Mr [name] and Miss [name] run the club"),
    ("robson is strict", "[name] is strict"),
    ("Sarah Okonkwo is my teacher", "[name] is my teacher"),
    ("ms lindqvist gave us homework", "ms [name] gave us homework"),
])
def test_staff_names_go(text, expected):
    assert red(text) == expected


def test_a_staff_surname_that_is_an_ordinary_word_goes_only_as_a_name():
    assert red("my favourite colour is brown") == "my favourite colour is brown"
    assert red("Miss Brown is kind") == "Miss [name] is kind"


def test_an_acronym_in_a_staff_name_is_not_taken_alone():
    directory = Directory.of(staff=["Dana DSL"])
    assert redact("tell the DSL", directory).text == "tell the DSL"
    assert redact("Dana DSL helped me", directory).text == "[name] helped me"


def test_the_intake_reads_the_directory_from_the_database(db):
    school = gen_school(db, name="Lindisfarne Road Primary School")
    staff = gen_staff(db, role="teacher", school=school)
    staff.display_name = "Mr Tomasz Wardle"
    db.flush()
    directory = directory_from_session(db)
    assert "Lindisfarne Road Primary School" in directory.schools
    assert "Mr Tomasz Wardle" in directory.staff
    env = IntakeEnv(db, {}, "secret")
    assert env.redact("mr wardle said Lindisfarne Road Primary is closing") == (
        "mr [name] said [school] is closing"
    )
