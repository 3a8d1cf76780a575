"""A number question's plausible range: believable answers, set in the questionnaire."""

from __future__ import annotations

from westcc_voice.definitions import load_catalogue

NUMBER = """\
      - id: sleep
        type: number
        text: How many hours did you sleep?
        min: 0
        max: 16
        tags: [cc.wellbeing]
"""


def _with(folder, extra: str) -> list[str]:
    folder.replace("pupils-test.yaml", "  - id: future\n", "  - id: sleep_page\n"
                   "    title: Sleep\n    questions:\n" + NUMBER + extra + "  - id: future\n")
    return [str(e) for e in load_catalogue(folder.root).errors]


def test_a_plausible_range_is_kept_with_the_question(folder):
    assert _with(folder, "        plausible: {min: 4, max: 12}\n") == []
    survey = load_catalogue(folder.root).surveys[0]
    q = next(q for p in survey.definition["pages"] for q in p["questions"] if q["id"] == "sleep")
    assert q["plausible"] == {"min": 4, "max": 12}
    # still accepted on the form: only the analysis leaves such answers out
    assert q["min"] == 0 and q["max"] == 16


def test_a_broken_plausible_range_names_file_line_and_field(folder):
    [error] = _with(folder, "        plausible: {min: 12, max: 4}\n")
    assert error.startswith("surveys/pupils-test.yaml:")
    assert "plausible.max: is below min (12)" in error


def test_plausible_needs_numbers(folder):
    [error] = _with(folder, "        plausible: {min: four}\n")
    assert "plausible.min: expected a number, got 'four'" in error
