"""The equity section as staff read it on screen: the appendix page with its charts and
tables, checked with axe-core and photographed (tests/browser/shots/)."""

from __future__ import annotations

import random
from pathlib import Path

from tests.equity_data import SCHOOLS, load, pupil, summary_of
from westcc_voice.briefings import build_briefing, render_html

from .conftest import serious_violations

STATIC = Path(__file__).resolve().parents[2] / "westcc_voice" / "static"


def open_section(chromium, summary, tmp_path):
    """The equity section on its own, as the staff results pages show it (without the
    cover), opened in a new browser page: (context, page)."""
    briefing = build_briefing(summary, document="appendix")
    briefing.sections = [s for s in briefing.sections if s.key == "equity"]
    html = render_html(briefing, static_url=lambda p: (STATIC / p).as_uri())
    page_file = tmp_path / "appendix.html"
    page_file.write_text(html, encoding="utf-8")
    context = chromium.new_context(viewport={"width": 1024, "height": 900})
    page = context.new_page()
    page.goto(page_file.as_uri())
    return context, page


def test_equity_section_reads_and_passes_axe(chromium, axe_script, shots, tmp_path):
    rng = random.Random(14)
    summary = summary_of(load(), [pupil(rng, SCHOOLS[i % 4]) for i in range(1200)])
    context, page = open_section(chromium, summary, tmp_path)
    try:
        section = page.locator("#s-equity")
        assert section.count() == 1
        section.scroll_into_view_if_needed()
        assert section.locator("figure.chart img").count() >= 2
        assert "clear gap: worse" in section.inner_text()
        section.screenshot(path=str(shots / "equity-section.png"))
        assert serious_violations(page, axe_script) == []
    finally:
        context.close()


def test_mean_scores_by_group_read_and_pass_axe(chromium, axe_script, shots, tmp_path):
    from tests.equity_data import secondary

    rng = random.Random(15)
    summary = summary_of(load(), [pupil(rng, SCHOOLS[i % 4]) for i in range(600)]
                         + [secondary(rng, SCHOOLS[i % 4]) for i in range(600)])
    context, page = open_section(chromium, summary, tmp_path)
    try:
        block = page.locator("article.block-equity", has_text="Mean (95% interval)").first
        block.scroll_into_view_if_needed()
        text = block.inner_text()
        assert "the mean score (0 to 10) of pupils" in text
        assert "clear gap: worse" in text and "points" in text
        assert block.locator("figure.chart img").count() == 1
        block.screenshot(path=str(shots / "equity-means-block.png"))
        assert serious_violations(page, axe_script) == []
    finally:
        context.close()
