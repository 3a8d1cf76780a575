"""Join codes and letter codes: what a child or parent types must be read right."""

from __future__ import annotations

import re

from westcc_voice.staff import codes
from westcc_voice.staff.sessions import unused_join_code

from .. import helpers


def test_alphabet_leaves_out_every_look_alike():
    for ch in "0O1IL5S2Z8B":
        assert ch not in codes.JOIN_CODE_ALPHABET, ch


def test_alphabet_has_no_vowels_so_codes_spell_no_words():
    assert not set("AEIOU") & set(codes.JOIN_CODE_ALPHABET)


def test_join_codes_are_six_characters_from_the_alphabet():
    made = [codes.new_join_code() for _ in range(500)]
    assert all(len(c) == 6 and set(c) <= set(codes.JOIN_CODE_ALPHABET) for c in made)
    assert all(codes.is_well_formed(c) for c in made)
    # 20^6 codes: 500 draws that collided would mean the randomness is broken.
    assert len(set(made)) == len(made)


def test_normalising_forgives_case_spaces_dashes_and_full_width_letters():
    assert codes.normalise_join_code(" cdf-4h7 ") == "CDF4H7"
    assert codes.normalise_join_code("CDF 4H7") == "CDF4H7"
    assert codes.normalise_join_code("ＣＤＦ４Ｈ７") == "CDF4H7"
    assert codes.normalise_join_code(None) == ""


def test_look_alikes_are_not_guessed_but_can_be_explained():
    # O could stand for nothing in the alphabet, so it is kept and the look-up fails.
    assert codes.normalise_join_code("cdf0h7") == "CDF0H7"
    assert not codes.is_well_formed(codes.normalise_join_code("cdf0h7"))
    assert codes.has_never_used_characters("cdf0h7")
    assert not codes.has_never_used_characters("cdf 4h7")
    assert "O" in codes.LOOKALIKE_HINT


def test_codes_are_shown_in_groups_that_normalise_back():
    assert codes.format_code("CDF4H7") == "CDF 4H7"
    assert codes.format_code("CDF4H7KM") == "CDF4-H7KM"
    assert codes.normalise_letter_code(codes.format_code("CDF4H7KM")) == "CDF4H7KM"


def test_letter_code_hash_is_keyed_and_ignores_formatting():
    h = codes.letter_code_hash("CDF4-H7KM", "key one")
    assert h == codes.letter_code_hash("cdf4 h7km", "key one")
    assert h != codes.letter_code_hash("CDF4H7KM", "key two")
    assert len(h) == 64 and "CDF4" not in h


def test_link_tokens_are_as_strong_as_token_urlsafe_16_and_easy_to_copy():
    import math

    tokens = {codes.new_link_token() for _ in range(200)}
    assert len(tokens) == 200
    bits = codes.LINK_TOKEN_LENGTH * math.log2(len(set(codes.LINK_TOKEN_ALPHABET)))
    assert bits >= 128
    assert all(len(t) == codes.LINK_TOKEN_LENGTH for t in tokens)
    assert not set("".join(tokens)) & set("il1o0IO")
    assert all(re.fullmatch(r"[a-z0-9]+", t) for t in tokens)


def test_unused_join_code_skips_a_code_already_taken(db, monkeypatch):
    school = helpers.gen_school(db)
    teacher = helpers.gen_staff(db, "teacher", school)
    pupils = helpers.gen_survey_version(db, "pupil")
    wave = helpers.gen_wave(db)
    helpers.gen_class_session(db, teacher, pupils, wave, join_code="CDF4H7")
    offered = iter(["CDF4H7", "CDF4H7", "MNP3R9"])
    monkeypatch.setattr("westcc_voice.staff.sessions.new_join_code", lambda: next(offered))
    assert unused_join_code(db) == "MNP3R9"
