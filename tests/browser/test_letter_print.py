"""The letter home printed by Chromium in each language: one A4 page per letter, the
right script and direction, the code and address whole, and no serious axe finding."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from westcc_voice.db import db_session
from westcc_voice.definitions.text import LANGUAGE_NAMES, direction
from westcc_voice.models import SurveyVersion
from westcc_voice.staff.letter_words import letter_words

from ..helpers import survey
from .conftest import press, serious_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ALL = list(LANGUAGE_NAMES)
#: The choices axe looks at: each script, both directions, and the two-language sheet.
AXE_ON = {"en", "ar", "ur", "bn", "pl", "en+ar", "en+ur"}
#: Languages whose printed words pdf text extraction gives back as typed.
LATIN = {"en", "pl", "ro", "cs", "sk"}


@pytest.fixture(scope="module")
def every_language(site) -> str:
    """The parents' questionnaire as if written in all ten languages (a version of its own,
    as stored versions never change); returns the title the link form shows."""
    title = "Parents in every language"
    with site.app.app_context():
        db = db_session()
        parents = survey(db, "parents")
        db.add(SurveyVersion(
            key="parents-every-language", version=1, content_hash="e" * 64, title=title,
            audience="parent", source_path="tests/browser/test_letter_print.py",
            definition={**parents.definition, "key": "parents-every-language",
                        "title": {"en": title}, "languages": ALL}))
        db.commit()
    return f"{title} (parent questionnaire)"


def _pdf_pages(page) -> list[str]:
    """The text of each page Chromium prints (A4, as staff would print it)."""
    reader = PdfReader(io.BytesIO(page.pdf(format="A4", prefer_css_page_size=True)))
    return [p.extract_text() for p in reader.pages]


def test_every_letter_language_prints_one_a4_page_per_code(
        site, chromium, axe_script, shots, every_language):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page, found = context.new_page(), {}
    try:
        sign_in(page, site, site.admin_email)
        page.goto(f"{site.url}/staff/links/new")
        page.locator("#survey_id").select_option(label=every_language)
        page.locator("#school_id").select_option(label="Westgate Hill Primary")
        page.locator("#label").fill("Letters in every language")
        page.locator("#code_count").fill("2")
        press(page, "Make the link", tap=False)
        codes = page.locator("input[name=code]").evaluate_all("es => es.map(e => e.value)")
        token = page.locator("main a[href*='/s/']").first.get_attribute("href").rsplit(
            "/", 1)[-1]
        assert len(codes) == 2
        offered = page.locator("#letter-lang option").evaluate_all(
            "os => os.map(o => o.value)")
        assert offered == ALL + [f"en+{code}" for code in ALL if code != "en"]
        page.locator("#letter-lang").select_option("ur")
        with context.expect_page() as opened:
            page.get_by_role("button", name="Print letter sheets, one per code "
                                            "(opens in a new tab)").click()
        sheets = opened.value
        sheets.wait_for_load_state()
        for choice in offered:
            if sheets.locator("#letter-lang").input_value() != choice:
                sheets.locator("#letter-lang").select_option(choice)
                press(sheets, "Show the letter in this language", tap=False)
            texts = sheets.locator("article.sheet").first.locator(".sheet-text")
            langs = choice.split("+")
            # the top (greeting to facts) and the foot (help, thanks) of each letter
            assert texts.evaluate_all("ts => ts.map(t => t.lang)") == langs * 2
            assert texts.evaluate_all("ts => ts.map(t => t.dir)") == [
                direction(code) for code in langs] * 2
            printed = _pdf_pages(sheets)
            assert len(printed) == 2, f"{choice}: {len(printed)} pages for 2 letters"
            for code, text in zip(codes, printed, strict=True):
                flat = "".join(text.split())
                assert code in flat, f"{choice}: code {code} not whole on its page"
                assert f"/s/{token}" in flat, f"{choice}: the address is not whole"
                for lang in langs:
                    if lang in LATIN:
                        how = "".join(letter_words()[lang].words["how_title"].split())
                        assert how in flat, f"{choice}: no '{how}' on the page"
            sheets.screenshot(path=str(shots / f"letter-{choice.replace('+', '-and-')}.png"),
                              full_page=True)
            if choice in AXE_ON:
                problems = serious_violations(sheets, axe_script)
                if problems:
                    found[choice] = problems
    finally:
        context.close()
    assert found == {}
