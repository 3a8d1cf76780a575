"""A page longer than about two tablet screens, or about four phone screens, loads with a
warning naming it and the screen it is too long on."""

from __future__ import annotations

import shutil

from westcc_voice import PROJECT_DIR
from westcc_voice.definitions.loader import load_catalogue
from westcc_voice.definitions.page_length import PHONE, TABLET, page_height

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


def _grid_page(statements: int, texts: int) -> str:
    """A page "views": a five-point grid of ``statements`` and ``texts`` typed answers."""
    grid = "".join(f"\n          - {{id: s{n}, text: Statement {n}}}" for n in range(statements))
    typed = "".join(f"\n      - id: say_{n}\n        type: short_text\n"
                    f"        text: Tell us more, part {n}.\n        tags: [cc.learning]"
                    for n in range(texts))
    return ("  - id: views\n    title: Your views\n    questions:\n      - id: views\n"
            "        type: grid\n        answers: agree5\n        text: How much do you agree?\n"
            f"        items:{grid}\n        tags: [cc.learning]{typed}\n  - id: future")


def _views_page(folder, statements: int, texts: int):
    folder.replace("pupils-test.yaml", "  - id: future", _grid_page(statements, texts))
    cat = load_catalogue(folder.root)
    assert cat.errors == []
    [page] = [p for p in cat.surveys[0].definition["pages"] if p["id"] == "views"]
    return cat, page


def _choices_page(questions: int, options: int) -> str:
    """A page "views" of ``questions`` single choices of ``options`` answers each."""
    answers = "".join(f"\n          - {{value: o{n}, label: Answer number {n}}}"
                      for n in range(options))
    asked = "".join(f"\n      - id: pick_{n}\n        type: single_choice\n"
                    f"        text: Which one is closest, part {n}?\n"
                    f"        options:{answers}\n        tags: [cc.learning]"
                    for n in range(questions))
    return f"  - id: views\n    title: Your views\n    questions:{asked}\n  - id: future"


def test_a_page_long_only_on_a_phone_is_named_with_the_phone(folder):
    """Choices sit two to a row on a tablet and one to a row on a phone: three questions
    of eight answers and a 0 to 10 scale fit a tablet page but not four phone screens."""
    scale = ("\n      - id: how_much\n        type: scale_0_10\n"
             "        text: How much, from 0 to 10?\n        low: Not at all\n"
             "        high: Completely\n        tags: [cc.learning]")
    folder.replace("pupils-test.yaml", "  - id: future",
                   _choices_page(3, 8).replace("\n  - id: future", scale + "\n  - id: future"))
    cat = load_catalogue(folder.root)
    assert cat.errors == []
    [page] = [p for p in cat.surveys[0].definition["pages"] if p["id"] == "views"]
    assert page_height(page, "en", TABLET) <= TABLET.long_page_px
    assert page_height(page, "en", PHONE) > PHONE.long_page_px
    [warning] = cat.warnings
    assert warning.field == "pages[1]"
    assert "page 'views' is long: about" in warning.message
    assert "px on a 390x844 phone" in warning.message
    assert f"more than {PHONE.long_page_px} px, about four" in warning.message
    assert "tablet" not in warning.message
    assert "split it with a page break" in warning.message


def test_a_long_page_of_one_question_is_not_sent_to_a_page_break(folder):
    cat, page = _views_page(folder, statements=8, texts=0)
    assert page_height(page, "en", PHONE) > PHONE.long_page_px
    [warning] = cat.warnings
    assert "it is one question, so a page break cannot shorten it" in warning.message
    assert "split it with a page break" not in warning.message


def test_a_page_long_on_both_screens_names_both(folder):
    cat, page = _views_page(folder, statements=7, texts=2)
    assert page_height(page, "en", TABLET) > TABLET.long_page_px
    [warning] = cat.warnings
    assert "on a 768x1024 tablet" in warning.message and "on a 390x844 phone" in warning.message


def test_the_phone_estimate_stacks_a_grids_answers():
    """On a tablet a grid's statement is one row of answers; on a phone each answer is a
    (slim) row of its own, so five answers cost a phone more than a tablet."""
    def grid(statements: int) -> dict:
        return {"type": "grid", "text": {"en": "How much do you agree?"},
                "options": [{"value": n} for n in range(5)],
                "items": [{"id": f"s{n}"} for n in range(statements)]}

    def added(screen) -> int:
        return (page_height({"questions": [grid(2)]}, "en", screen)
                - page_height({"questions": [grid(1)]}, "en", screen))

    assert added(PHONE) > 1.5 * added(TABLET)


def test_a_question_of_an_unmeasured_type_still_has_a_height():
    page = {"questions": [{"type": "no_such_type", "text": {"en": "A question"}}]}
    for screen in (TABLET, PHONE):
        assert page_height(page, "en", screen) > screen.page_px


def test_the_shipped_questionnaires_have_no_long_page():
    """Every shipped page fits about two tablet screens and about four phone screens: the
    parents' grid of six statements too, now that a grid's answers are slim on a phone."""
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
    shipped = len(load_catalogue(PROJECT_DIR / "surveys").warnings)
    result = runner.invoke(args=["surveys", "validate", "--dir", str(copy)])
    assert result.exit_code == 0, result.output
    assert "warning: surveys/community.yaml:" in result.output
    assert "page 'together' is long" in result.output
    assert f"more than {TABLET.long_page_px} px" in result.output
    assert f"no errors, {shipped + 1} warning(s)." in result.output
