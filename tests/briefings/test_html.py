"""The HTML page (and the PDF's source): every chart has alt text, every answer is text."""

from __future__ import annotations

import copy
import re
from html.parser import HTMLParser

import pytest

from westcc_voice.analysis.publish import share_comparison
from westcc_voice.analysis.summary import rest_key
from westcc_voice.briefings import SECTIONS, Section, build_briefing, register, render_html
from westcc_voice.briefings.sections import SECTIONS as REGISTRY
from westcc_voice.privacy.suppression import SuppressionPolicy

from . import builders


class Images(HTMLParser):
    def __init__(self):
        super().__init__()
        self.images: list[dict] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.images.append(dict(attrs))


def images(html: str) -> list[dict]:
    parser = Images()
    parser.feed(html)
    return parser.images


def test_every_chart_has_alt_text_that_gives_its_numbers_and_n(briefing, html):
    found = images(html)
    assert len(found) == len(briefing.charts) > 10
    for img in found:
        assert len(img.get("alt", "")) > 40, img.get("src", "")[:40]
        assert "n = " in img["alt"] or "fewer than 10" in img["alt"]


def test_charts_are_inline_svg_on_the_web_page_and_named_for_the_pdf(html, briefing):
    assert all(i["src"].startswith("data:image/svg+xml;base64,") for i in images(html))
    print_html = render_html(briefing, mode="print")
    assert all(i["src"].startswith("westcc-chart:") for i in images(print_html))
    assert 'href="westcc-static:css/briefing.css"' in print_html
    assert 'href="/static/css/briefing.css"' in html


def test_sections_come_in_the_registered_order(html):
    order = ["Key findings", "Who took part", "Material, physical and mental wellbeing",
             "Wellbeing scales", "Hopes and aspirations",
             "Pupils, parents and community side by side", "Change since the last wave",
             "In their own words", "Where to find each WEST theme",
             "How the figures were made", "Glossary"]
    positions = [html.index(f">{title}</h2>") for title in order]
    assert positions == sorted(positions)


def test_each_chart_says_its_base(briefing, html):
    for chart in briefing.charts:
        assert chart.n_note.replace("'", "&#39;") in html


def test_quotes_keep_their_script_and_direction(html):
    assert builders.ARABIC_QUOTE in html
    assert re.search(r'<blockquote dir="rtl" lang="ar"><p>' + builders.ARABIC_QUOTE, html)
    assert "A parent or carer" in html and "A pupil, Years 3 to 6" in html


def test_a_school_briefing_shows_the_school_and_the_partnership_only(school_html):
    assert "Tyneview Primary" in school_html and "All WEST schools" in school_html
    others = [name for code, name, *_ in builders.SCHOOLS if code != "tyneview"]
    leaked = [name for name in others if name in school_html]
    assert leaked == [], "another school's figures appear in a school briefing"


def test_the_school_briefing_refuses_a_school_not_in_the_summary(summary):
    import pytest

    from westcc_voice.briefings import BriefingError

    with pytest.raises(BriefingError, match="No school 'nowhere'"):
        build_briefing(summary, school="nowhere")


def test_response_rates_appear_only_where_rolls_are_configured(html):
    assert "Pupil response rate" in html
    assert "40%" in html  # Tyneview: 160 pupils of 400 on roll


def test_a_new_section_is_added_by_registering_it(summary):
    @register
    class Thanks(Section):
        key = "test_thanks"
        title = "Thank you"
        order = 105

        @classmethod
        def template(cls):
            return "briefings/sections/glossary.html"

        @classmethod
        def build(cls, ctx):
            return {"terms": [("Thanks", "To every pupil, parent and neighbour.")]}

    try:
        html = render_html(build_briefing(summary, document="appendix"))
        assert html.index(">Thank you</h2>") < html.index(">Glossary</h2>")
        assert "To every pupil, parent and neighbour." in html
    finally:
        REGISTRY.remove(Thanks)
    assert Thanks not in SECTIONS


def test_a_section_with_nothing_to_show_is_refused_when_registered():
    class Empty(Section):
        key = "test_empty"

    with pytest.raises(TypeError, match="Empty defines neither build nor views"):
        register(Empty)
    assert Empty not in SECTIONS


def test_the_method_says_how_far_theme_counts_can_be_trusted(html):
    method = html[html.index('class="text-coding-note"'):]
    method = method[:method.index("</p>")]
    assert "not by a person reading each answer" in method
    assert "3 in 4" in method and "too low rather than too high" in method
    assert "set aside for a person to read" in method


def test_the_first_wave_says_there_is_nothing_to_compare_with():
    html = render_html(build_briefing(builders.make_summary(previous_wave=False)))
    assert "there is nothing earlier to compare with" in html


def test_the_school_table_marks_schools_above_or_below_the_rest(summary):
    marked = copy.deepcopy(summary)
    survey = next(s for s in marked.surveys if s.audience == "pupil")
    item = next(i for i in survey.items if i.type == "yes_no" and len(i.distributions) > 2)
    school = item.distributions[1].group
    item.comparisons = [share_comparison(
        SuppressionPolicy(), kind="school_vs_rest", subject=school,
        reference=rest_key(school.split(":", 1)[1]), subject_share=(90, 100),
        reference_share=(300, 600))]
    page = render_html(build_briefing(marked, document="appendix"))
    row = re.search(r'<th scope="row">' + re.escape(item.text) + r"<br>.*?</tr>", page,
                    re.S).group(0)
    assert re.search(r"\d+%, above</td>", row), row
    assert "'Above' or 'below' marks a school whose share differs" in page.replace(
        "&#39;", "'")
