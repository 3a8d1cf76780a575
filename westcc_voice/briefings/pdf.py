"""Briefings as A4 PDF with WeasyPrint, fetching nothing but the package's own files.

``BriefingFetcher`` is the only way WeasyPrint can load anything while it renders:

- ``westcc-static:<path>``: a file under westcc_voice/static (the stylesheet), after
  checking the resolved path stays inside that folder;
- ``westcc-chart:<id>``: an SVG chart this briefing drew itself;
- everything else (http, https, ftp, file, data, relative paths...) is refused and
  recorded in ``refused``. Answer text is escaped by the templates anyway, so nothing a
  respondent wrote can name a URL; the fetcher makes sure of it a second time.

The PDF is tagged for screen readers as PDF/UA-1 (WeasyPrint's ``pdf/ua-1`` variant:
structure tags from the HTML, the title shown, the document language from
``<html lang>``).

Fonts are the system's (DejaVu, and Noto for Arabic and other scripts) through
fontconfig: no web fonts, no downloads.
"""

from __future__ import annotations

import logging
import mimetypes
from dataclasses import dataclass, field
from pathlib import Path

from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .. import PACKAGE_DIR
from .build import Briefing
from .html import CHART_SCHEME, STATIC_SCHEME, render_html

STATIC_DIR = PACKAGE_DIR / "static"
#: What the stylesheet may load from static/ (no scripts, no HTML).
STATIC_TYPES = {".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png",
                ".woff2": "font/woff2", ".woff": "font/woff", ".ttf": "font/ttf",
                ".otf": "font/otf"}

#: Tagged and accessible (PDF/UA-1), with the language of <html lang>.
PDF_VARIANT = "pdf/ua-1"

log = logging.getLogger(__name__)


class RefusedURL(ValueError):
    """A URL the briefing fetcher does not serve."""


class BriefingFetcher(URLFetcher):
    """Serves the package's static files and this briefing's charts; refuses the rest."""

    def __init__(self, charts: dict[str, str] | None = None,
                 static_dir: Path = STATIC_DIR) -> None:
        super().__init__(timeout=1, allowed_protocols=(), allow_redirects=False)
        self.charts = dict(charts or {})
        self.static_dir = Path(static_dir).resolve()
        self.served: list[str] = []
        self.refused: list[str] = []

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        if url.startswith(STATIC_SCHEME):
            body, mime = self._static(url[len(STATIC_SCHEME):])
        elif url.startswith(CHART_SCHEME) and url[len(CHART_SCHEME):] in self.charts:
            body, mime = self.charts[url[len(CHART_SCHEME):]].encode(), "image/svg+xml"
        else:
            return self._refuse(url)
        self.served.append(url)
        return URLFetcherResponse(url, body, {"Content-Type": mime})

    def _static(self, path: str) -> tuple[bytes, str]:
        if "?" in path or "#" in path or "\\" in path or path.startswith("/"):
            self._refuse(STATIC_SCHEME + path)
        target = (self.static_dir / path).resolve()
        if not target.is_relative_to(self.static_dir) or not target.is_file():
            self._refuse(STATIC_SCHEME + path)
        mime = STATIC_TYPES.get(target.suffix.lower())
        if mime is None:
            self._refuse(STATIC_SCHEME + path)
        return target.read_bytes(), mime or mimetypes.guess_type(target.name)[0] or ""

    def _refuse(self, url: str):
        self.refused.append(url)
        log.info("briefing PDF: refused to fetch %.120s", url)
        raise RefusedURL(f"briefings load only their own files, not {url[:120]!r}")


@dataclass
class PdfResult:
    data: bytes
    pages: int
    refused: list[str] = field(default_factory=list)


def render_pdf(briefing: Briefing, *, fetcher: BriefingFetcher | None = None) -> PdfResult:
    """The briefing as an A4 PDF (the HTML in print mode, laid out by WeasyPrint)."""
    html = render_html(briefing, mode="print")
    return html_to_pdf(html, {c.id: c.svg for c in briefing.charts}, fetcher=fetcher)


def html_to_pdf(html: str, charts: dict[str, str] | None = None, *,
                fetcher: BriefingFetcher | None = None) -> PdfResult:
    """Lay out briefing HTML as PDF through a ``BriefingFetcher``."""
    fetcher = fetcher or BriefingFetcher(charts)
    if charts:
        fetcher.charts.update(charts)
    document = HTML(string=html, base_url=None, url_fetcher=fetcher,
                    media_type="print").render(pdf_variant=PDF_VARIANT)
    data = document.write_pdf(pdf_variant=PDF_VARIANT)
    return PdfResult(data, len(document.pages), list(fetcher.refused))
