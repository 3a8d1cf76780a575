"""The printed briefing: A4 pages whose text carries the findings, n and the rules."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

from westcc_voice.briefings.findings import key_findings

from . import builders
from .conftest import pdf_text


def test_the_pdf_is_a4_with_page_numbers_and_a_running_header(pdf, text):
    reader = PdfReader(io.BytesIO(pdf.data))
    assert pdf.pages == len(reader.pages) >= 10
    box = reader.pages[1].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    assert f"Page 2 of {pdf.pages}" in text
    assert "WEST Children's Community · Autumn 2026 · All WEST schools" in text
    assert reader.metadata.title.startswith("What pupils, parents and the community told us")


def test_the_pdf_carries_every_key_finding(briefing, text):
    findings = key_findings(briefing.context)
    assert len(findings) >= 5
    # a line broken after the hyphen of "well-being" reads back as "well- being"
    joined = re.sub(r"(?<=\w)- (?=\w)", "-", text)
    for finding in findings:
        assert finding.text in joined


def test_the_pdf_shows_n_and_the_suppression_note(text):
    # community: 107 took part, 103 answered 'get on' (the base of its shares)
    for n in ("n = 761", "n = 160", "n = 253", "n = 103"):
        assert n in text
    assert ("Groups of fewer than 10 are not shown, and some other figures are hidden so "
            "that they cannot be worked out by subtraction.") in text
    assert "fewer than 10" in text
    assert "fewer than 30" in text


def test_no_group_under_the_threshold_appears(text, summary):
    assert not re.search(r"\bn = [0-9]\b", text), "a group under 10 shows its n"
    # Wingrove's real sizes (6 pupils, 3 parents) are never printed as its n
    assert "Wingrove Nursery and Primary: fewer than 10" in text
    assert not re.search(r"Wingrove Nursery and Primary[^.;]{0,20}n = ", text)
    assert builders.small_school_values(summary) == []


def test_the_contents_give_page_numbers(text):
    assert re.search(r"Key findings · page \d+", text)
    assert re.search(r"Glossary · page \d+", text)


def test_method_and_caution_are_in_print(text):
    assert "Chance, context and small numbers" in text
    assert "95% confidence interval" in text
    assert "never reported as findings" in text
    # the rule for shares stands beside the key findings that use it
    assert "difference between the two shares (Newcombe's method" in " ".join(text.split())


def test_quotes_are_printed_as_written_arabic_included_and_markup_as_plain_text(text):
    assert builders.ARABIC_QUOTE in text
    assert '<img src="http://evil.example/x.png">' in text, "shown as the words it was"


def test_the_school_briefing_pdf_names_only_its_school(school_briefing):
    from westcc_voice.briefings import render_pdf

    text = pdf_text(render_pdf(school_briefing).data)
    assert "Tyneview Primary" in text
    for code, name, *_ in builders.SCHOOLS:
        if code != "tyneview":
            assert name not in text
