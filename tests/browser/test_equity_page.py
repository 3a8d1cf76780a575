"""The equity section as staff read it on screen: the appendix page with its charts and
tables, checked with axe-core and photographed (tests/browser/shots/)."""

from __future__ import annotations

import random
from pathlib import Path

from tests.equity_data import SCHOOLS, load, pupil, summary_of
from westcc_voice.briefings import build_briefing, render_html

from .conftest import serious_violations

STATIC = Path(__file__).resolve().parents[2] / "westcc_voice" / "static"


def test_equity_section_reads_and_passes_axe(chromium, axe_script, shots, tmp_path):
    rng = random.Random(14)
    summary = summary_of(load(), [pupil(rng, SCHOOLS[i % 4]) for i in range(1200)])
    briefing = build_briefing(summary, document="appendix")
    # the section on its own: the staff results pages show it without the cover
    briefing.sections = [s for s in briefing.sections if s.key == "equity"]
    html = render_html(briefing, static_url=lambda p: (STATIC / p).as_uri())
    page_file = tmp_path / "appendix.html"
    page_file.write_text(html, encoding="utf-8")
    context = chromium.new_context(viewport={"width": 1024, "height": 900})
    page = context.new_page()
    try:
        page.goto(page_file.as_uri())
        section = page.locator("#s-equity")
        assert section.count() == 1
        section.scroll_into_view_if_needed()
        assert section.locator("figure.chart img").count() >= 2
        assert "clear gap: worse" in section.inner_text()
        section.screenshot(path=str(shots / "equity-section.png"))
        assert serious_violations(page, axe_script) == []
    finally:
        context.close()
