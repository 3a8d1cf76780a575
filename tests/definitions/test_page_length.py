"""A page longer than about two tablet screens loads, with a warning naming it."""

from __future__ import annotations

import shutil

from westcc_voice import PROJECT_DIR
from westcc_voice.definitions.loader import load_catalogue
from westcc_voice.definitions.page_length import LONG_PAGE_PX, page_height

#: Five more agreement questions: the "school" page grows past two screens.
MORE = "".join(f"""
      - id: extra_{n}
        type: agreement
        text: I like lesson number {n} at school.
        tags: [cc.learning]""" for n in range(5))


def test_a_long_page_loads_with_a_warning_naming_file_line_and_page(folder):
    folder.replace("pupils-test.yaml", "        tags: [cc.wellbeing]\n  - id: future",
                   f"        tags: [cc.wellbeing]{MORE}\n  - id: future")
    cat = load_catalogue(folder.root)
    assert cat.errors == []
    assert [s.key for s in cat.surveys] == ["pupils-test"]  # it still loads
    [warning] = cat.warnings
    lines = (folder.root / "pupils-test.yaml").read_text().splitlines()
    assert (warning.file, warning.line) == ("surveys/pupils-test.yaml",
                                            lines.index("  - id: school") + 1)
    assert warning.field == "pages[0]"
    assert "page 'school' is long" in warning.message
    assert "split it with a page break" in warning.message


def test_a_page_under_two_screens_draws_no_warning(folder):
    cat = load_catalogue(folder.root)
    assert cat.errors == [] and cat.warnings == []


def test_a_grid_counts_each_of_its_statements(folder):
    small = load_catalogue(folder.root).surveys[0].definition["pages"][0]
    grid = "".join(f"\n          - {{id: s{n}, text: Statement {n}}}" for n in range(6))
    folder.replace("pupils-test.yaml", "        tags: [cc.wellbeing]\n  - id: future",
                   "        tags: [cc.wellbeing]\n      - id: views\n        type: grid\n"
                   f"        text: How much do you agree?\n        items:{grid}\n"
                   "        tags: [cc.learning]\n  - id: future")
    cat = load_catalogue(folder.root)
    assert cat.errors == []
    bigger = cat.surveys[0].definition["pages"][0]
    assert page_height(bigger, "en") - page_height(small, "en") > 6 * 200


def test_the_shipped_questionnaires_have_no_long_page():
    cat = load_catalogue(PROJECT_DIR / "surveys", PROJECT_DIR / "instance" / "licensed")
    assert cat.errors == []
    assert [str(w) for w in cat.warnings] == []


def test_validate_prints_the_warning_and_still_succeeds(runner, tmp_path):
    copy = tmp_path / "surveys"
    shutil.copytree(PROJECT_DIR / "surveys", copy)
    path = copy / "community.yaml"
    text = path.read_text()
    # the author's page break between "Trust and fairness" and "Getting on together" removed
    cut = text.index("  - id: trust\n")
    path.write_text(text[:cut] + text[text.index("    questions:\n", cut) + 15:])
    result = runner.invoke(args=["surveys", "validate", "--dir", str(copy)])
    assert result.exit_code == 0, result.output
    assert "warning: surveys/community.yaml:" in result.output
    assert "page 'together' is long" in result.output
    assert f"more than {LONG_PAGE_PX} px" in result.output
    assert "no errors, 1 warning(s)." in result.output
