"""Briefings for the steering group: charts (SVG), HTML and PDF, all read from a Summary.

    from westcc_voice.briefings import build_briefing, render_html, render_pdf

    briefing = build_briefing(summary)                 # the whole partnership
    briefing = build_briefing(summary, school="tyneview")
    html = render_html(briefing)                       # the staff page
    pdf = render_pdf(briefing)                         # PdfResult(data, pages, refused)

A briefing never reads the database: callers build the Summary (analysis.build_summary)
and pass plain data in. Sections are registered classes (sections/__init__.py).

Names are imported on first use: matplotlib, WeasyPrint and pandas stay out of the app's
start-up (every ``flask`` command and web process) until a briefing is made.
"""

from __future__ import annotations

import importlib
from typing import Any

#: The scope of the whole partnership's briefing (otherwise a school code).
PARTNERSHIP_SCOPE = "partnership"

_EXPORTS = {
    "Briefing": ".build", "Progress": ".build", "build_briefing": ".build",
    "render_html": ".html",
    "BriefingContext": ".model", "BriefingError": ".model", "Chart": ".model",
    "BriefingFetcher": ".pdf", "PdfResult": ".pdf", "render_pdf": ".pdf",
    "SECTIONS": ".sections", "Section": ".sections", "SectionView": ".sections",
    "register": ".sections",
}

__all__ = ["PARTNERSHIP_SCOPE", *sorted(_EXPORTS)]


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_EXPORTS[name], __name__), name)
    globals()[name] = value
    return value
