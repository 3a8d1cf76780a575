"""A small, valid surveys/ folder in a temp directory, for breaking in tests."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

FRAMEWORK = """\
id: cc
name: Children's Community outcome domains
items:
  - {id: wellbeing, name: Wellbeing}
  - {id: learning, name: Learning}
"""
WEST = """\
id: west
name: WEST priority themes
items:
  - {id: aspirations, name: Realising aspirations}
"""
ANSWER_SETS = """\
sets:
  yes_no:
    options:
      - {value: "yes", label: {en: "Yes", pl: "Tak"}}
      - {value: "no", label: {en: "No", pl: "Nie"}}
  faces3:
    options:
      - {value: 1, emoji: "😟", label: {en: "Not good", pl: "Źle"}}
      - {value: 2, emoji: "😐", label: {en: "OK", pl: "W porządku"}}
      - {value: 3, emoji: "😀", label: {en: "Good", pl: "Dobrze"}}
  faces5:
    options:
      - {value: 1, label: {en: "Very sad"}}
      - {value: 2, label: {en: "Sad"}}
      - {value: 3, label: {en: "OK"}}
      - {value: 4, label: {en: "Happy"}}
      - {value: 5, label: {en: "Very happy"}}
  agree5:
    options:
      - {value: 1, label: {en: "Strongly disagree"}}
      - {value: 2, label: {en: "Disagree"}}
      - {value: 3, label: {en: "Neither"}}
      - {value: 4, label: {en: "Agree"}}
      - {value: 5, label: {en: "Strongly agree"}}
"""
SCALE = """\
id: mini
name: A two-item test scale
age: {min: 8}
item_type: scale_0_10
tags: [cc.wellbeing]
scoring: {method: separate}
bands:
  simple: [{label: low, min: 0, max: 4}, {label: high, min: 5, max: 10}]
items:
  - {id: happy, text: "How happy are you?", low: "Not at all", high: "Completely", bands: simple}
  - {id: calm, text: "How calm are you?", low: "Not at all", high: "Completely", bands: simple}
"""
SURVEY = """\
key: pupils-test
title: Test survey
audience: pupil
age: {min: 8, max: 11}
year_groups: [4, 5, 6]
languages: [en]
pages:
  - id: school
    title: At school
    questions:
      - id: happy_at_school
        type: faces
        faces: 5
        text: How do you feel at school?
        tags: [cc.wellbeing]
      - id: feel_safe
        type: yes_no
        text: Do you feel safe at school?
        tags: [cc.wellbeing]
      - id: unsafe_where
        type: short_text
        text: Where do you not feel safe?
        show_if: "feel_safe == 'no'"
        tags: [cc.wellbeing]
  - id: future
    title: Your future
    questions:
      - id: job
        type: short_text
        text: What would you like to do when you are older?
        tags: [west.aspirations]
      - scale: mini
        items: [happy]
"""


class SurveyFolder:
    def __init__(self, root: Path):
        self.root = root
        (root / "frameworks").mkdir(parents=True)
        (root / "scales").mkdir()
        self.write("frameworks/cc.yaml", FRAMEWORK)
        self.write("frameworks/west.yaml", WEST)
        self.write("answer-sets.yaml", ANSWER_SETS)
        self.write("scales/mini.yaml", SCALE)
        self.write("pupils-test.yaml", SURVEY)

    def write(self, name: str, text: str) -> Path:
        path = self.root / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    def replace(self, name: str, old: str, new: str) -> None:
        path = self.root / name
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {name}"
        path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def folder(tmp_path) -> SurveyFolder:
    return SurveyFolder(tmp_path / "surveys")
