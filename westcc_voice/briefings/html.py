"""Briefings as HTML: one Jinja template for the staff page and for the PDF's source.

The environment is built here (not Flask's) so the CLI, the benchmark and background
jobs can render without a request. Autoescape is on for every template: answer text,
school names and quotes can never become markup. Templates only lay out what the
sections prepared; they compute nothing.

``mode`` is "web" (charts inline as data: URLs, stylesheet from /static) or "print"
(charts and stylesheet through the PDF fetcher's own schemes, see pdf.py).
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Mapping
from functools import lru_cache

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from .. import PROJECT_DIR
from .build import Briefing
from .model import Chart

TEMPLATES_DIR = PROJECT_DIR / "templates"
CHART_SCHEME = "westcc-chart:"
STATIC_SCHEME = "westcc-static:"
STYLESHEET = "css/briefing.css"


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env


def chart_data_url(chart: Chart) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(chart.svg.encode()).decode()


def render_html(briefing: Briefing, *, mode: str = "web",
                static_url: Callable[[str], str] | None = None,
                links: Mapping[str, str] | None = None) -> str:
    """The briefing as one HTML document.

    ``static_url(path)`` makes a web address for a file under westcc_voice/static (the
    staff view passes Flask's ``url_for``); ``links`` are the staff page's own links
    (``pdf``, ``back``), shown on screen only.
    """
    if mode not in ("web", "print"):
        raise ValueError(f"mode must be 'web' or 'print', not {mode!r}")
    for chart in briefing.charts:
        chart.render()
    if mode == "print":
        def chart_src(chart: Chart) -> str:
            return CHART_SCHEME + chart.id

        def static(path: str) -> str:
            return STATIC_SCHEME + path
    else:
        chart_src = chart_data_url

        def static(path: str) -> str:
            return static_url(path) if static_url else f"/static/{path}"

    template = environment().get_template("briefings/briefing.html")
    return template.render(
        briefing=briefing,
        sections=briefing.sections,
        mode=mode,
        chart_src=chart_src,
        static_url=static,
        links=dict(links or {}),
        stylesheet=STYLESHEET,
    )
