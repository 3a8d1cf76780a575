"""The PDF renderer loads nothing but the package's own files, whatever answers say."""

from __future__ import annotations

import socket

import pytest

from westcc_voice.briefings import BriefingFetcher, build_briefing, render_html, render_pdf
from westcc_voice.briefings.pdf import RefusedURL, html_to_pdf

from . import builders

REFUSED = [
    "http://evil.example/x.png",
    "https://evil.example/x.css",
    "file:///etc/passwd",
    "FILE:///etc/passwd",
    "ftp://evil.example/x",
    "data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=",
    "westcc-static:../../../../etc/passwd",
    "westcc-static:/etc/passwd",
    "westcc-static:css/../../models.py",
    "westcc-static:js/survey.js",
    "westcc-static:css/missing.css",
    "westcc-chart:no-such-chart",
    "javascript:alert(1)",
    "//evil.example/x.png",
]


@pytest.fixture
def no_network(monkeypatch):
    """Fail the test if anything tries to open a network connection."""
    def refuse(*args, **kwargs):
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)


@pytest.mark.parametrize("url", REFUSED)
def test_the_fetcher_refuses_anything_but_its_own_files(url, no_network):
    fetcher = BriefingFetcher()
    with pytest.raises(RefusedURL):
        fetcher.fetch(url)
    assert fetcher.refused == [url]


def test_the_fetcher_serves_the_briefing_stylesheet_and_its_own_charts():
    fetcher = BriefingFetcher({"chart-1": "<svg xmlns='http://www.w3.org/2000/svg'/>"})
    css = fetcher.fetch("westcc-static:css/briefing.css")
    assert css.content_type == "text/css" and b"@page" in css.read()
    svg = fetcher.fetch("westcc-chart:chart-1")
    assert svg.content_type == "image/svg+xml"
    assert fetcher.refused == []


def test_raw_html_and_css_pointing_outside_fetch_nothing(no_network):
    html = """<html><head>
      <link rel="stylesheet" href="http://evil.example/a.css">
      <link rel="stylesheet" href="file:///etc/passwd">
      <style>@import url("https://evil.example/b.css");
        body { background: url(file:///etc/passwd); }
        @font-face { font-family: X; src: url(http://evil.example/f.woff); }
        p { font-family: X; }</style></head>
      <body><p>Hi</p><img src="http://evil.example/x.png"><img src="file:///etc/hostname">
      <object data="file:///etc/passwd"></object>
      <svg xmlns="http://www.w3.org/2000/svg"><image href="http://evil.example/i.png"
        width="10" height="10"/></svg></body></html>"""
    fetcher = BriefingFetcher()
    result = html_to_pdf(html, fetcher=fetcher)
    assert result.data.startswith(b"%PDF")
    assert fetcher.served == []
    assert {"http://evil.example/a.css", "file:///etc/passwd", "http://evil.example/x.png",
            "file:///etc/hostname"} <= set(fetcher.refused)
    assert not any(u.startswith("westcc-") for u in fetcher.refused)


def test_an_answer_with_markup_is_escaped_and_fetches_nothing(no_network):
    summary = builders.make_summary()
    briefing = build_briefing(summary, document="appendix")
    html = render_html(briefing, mode="print")
    assert '<img src="http://evil.example' not in html
    assert "<style>body{background" not in html
    assert ("&lt;img src=&#34;http://evil.example/x.png&#34;&gt;" in html
            or "&lt;img src=&quot;http://evil.example/x.png&quot;&gt;" in html)
    assert "&lt;a href=&#34;file:///etc/passwd&#34;&gt;" in html or \
        "&lt;a href=&quot;file:///etc/passwd&quot;&gt;" in html
    fetcher = BriefingFetcher()
    result = render_pdf(briefing, fetcher=fetcher)
    assert fetcher.refused == [], "escaped text never becomes a request"
    assert set(fetcher.served) == {"westcc-static:css/briefing.css"} | {
        f"westcc-chart:{c.id}" for c in briefing.charts}
    assert result.refused == []
