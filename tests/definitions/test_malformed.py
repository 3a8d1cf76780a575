"""Malformed questionnaire files: each ends in one clear error (file, line, field, what
was expected, and the likely fix), never a traceback or a hang."""

from __future__ import annotations

import subprocess
import sys

import pytest

from westcc_voice import PROJECT_DIR

from .test_loader import errors_of

OPTIONS = """\
      - id: club
        type: single_choice
        text: Which club do you go to?
        tags: [west.aspirations]
        options:
          - {value: football, label: Football}
          - {value: art, label: Art}
"""


def with_club(folder, option: str = "{value: art, label: Art}") -> None:
    folder.replace("pupils-test.yaml", "      - scale: mini\n",
                   OPTIONS.replace("{value: art, label: Art}", option) + "      - scale: mini\n")


@pytest.mark.parametrize("option, expected", [
    ("{value: art}", "options[1].label: is missing: expected text"),
    ("{value: art, lable: Art}", "options[1].lable: unknown field 'lable' on an option "
                                 "(did you mean 'label'?)"),
    ("{value: art, label: Art, other_txt: true}", "options[1].other_txt: unknown field "
                                                 "'other_txt' on an option (did you mean "
                                                 "'other_text'?)"),
    ("{value: art, label: Art, show_if: \"jobs == 'x'\"}", "options[1].show_if: refers to "
                                                     "'jobs', which is not an earlier "
                                                     "question (did you mean 'job'?)"),
])
def test_a_broken_option_is_named_not_a_traceback(folder, option, expected):
    with_club(folder, option)
    errors = errors_of(folder)
    assert any(e.startswith("surveys/pupils-test.yaml:") and expected in e for e in errors), \
        errors


def test_unknown_field_on_a_grid_item_is_an_error(folder):
    folder.replace("pupils-test.yaml", "      - scale: mini\n", """\
      - id: learning
        type: grid
        text: About learning
        tags: [cc.learning]
        items:
          - {id: enjoy, text: I enjoy learning, answers: agree5}
      - scale: mini
""")
    [error] = errors_of(folder)
    assert "items[0].answers: unknown field 'answers' on a grid item" in error


@pytest.mark.parametrize("code, expected", [
    ("xx", "unknown language code 'xx': expected one of the service's languages, en, ar"),
    ("arabic", "unknown language code 'arabic' (for arabic write 'ar')"),
])
def test_language_codes_are_checked_against_the_services_languages(folder, code, expected):
    folder.replace("pupils-test.yaml", "languages: [en]", f"languages: [en, {code}]")
    errors = errors_of(folder)
    assert len(errors) == 1 and errors[0].startswith("surveys/pupils-test.yaml:6: languages:")
    assert expected in errors[0]


def test_unquoted_yes_as_a_text_says_to_quote_it(folder):
    folder.replace("pupils-test.yaml", "text: Do you feel safe at school?", "text: yes")
    [error] = errors_of(folder)
    assert "pages[0].questions[1].text: expected text" in error
    assert "unquoted yes" in error and "put the text in quotes" in error


def test_single_equals_in_show_if_says_to_write_two(folder):
    folder.replace("pupils-test.yaml", "feel_safe == 'no'", "feel_safe = 'no'")
    [error] = errors_of(folder)
    assert error.startswith("surveys/pupils-test.yaml:23: pages[0].questions[2].show_if:")
    assert "write == (two equals signs)" in error


def test_question_mark_in_the_one_line_language_form_says_to_quote(folder):
    folder.replace("pupils-test.yaml", "languages: [en]", "languages: [en, pl]")
    folder.replace("pupils-test.yaml", "title: Test survey", "title: {en: Ready? Go, pl: Gotowy}")
    [error] = errors_of(folder)
    assert error.startswith("surveys/pupils-test.yaml:2: (syntax): not valid YAML")
    assert "put each text in quotes" in error


BOMB = "\n".join(
    [f"l0: &l0 [{', '.join(['x'] * 10)}]"]
    + [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]" for i in range(1, 9)]
) + "\n"


@pytest.mark.parametrize("text, expected", [
    ("key: &a [*a]\n", "an alias refers to the anchor it is inside"),
    ("key: &a {b: *a}\n", "an alias refers to the anchor it is inside"),
    (BOMB, "expands to more than 200,000 values"),
    ("key: " + "[" * 5000 + "]" * 5000 + "\n", "nested more than 40 levels deep"),
    ("key: " + "{a: " * 200 + "1" + "}" * 200 + "\n", "nested more than 40 levels deep"),
    ("key: x\n" + "# padding\n" * 250_000, "is larger than 2 MB"),
])
def test_hostile_yaml_is_refused_quickly_with_a_reason(tmp_path, text, expected):
    """Run in a child process with a deadline, so a hang fails the test instead of CI."""
    import shutil

    surveys = tmp_path / "surveys"
    shutil.copytree(PROJECT_DIR / "surveys", surveys)
    (surveys / "hostile.yaml").write_text(text, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-c", "import sys; from westcc_voice.definitions import load_catalogue;"
         "cat = load_catalogue(sys.argv[1]); print('\\n'.join(map(str, cat.errors)))",
         str(surveys)],
        capture_output=True, text=True, timeout=60, cwd=PROJECT_DIR,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    [line] = [e for e in result.stdout.splitlines() if "hostile.yaml" in e]
    assert line.startswith("surveys/hostile.yaml:1: ") and expected in line
