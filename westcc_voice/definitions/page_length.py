"""How long a questionnaire page is on a class tablet, and which pages are too long.

A page is one screen of the survey: a child scrolling through four or five screens of
questions loses the thread (and, before Help stayed in the header, Help too). The
service never splits a page itself: where a page breaks is the questionnaire author's
choice, so the loader only warns (``surveys validate`` and ``surveys load``) and names
the page.

The estimate adds each question's ``Height`` (definitions/question_types.py) to what
every page has anyway (progress, title, Next, Back, Skip, Stop), in CSS px of a
768x1024 tablet held upright, as Chromium draws it with a read-aloud voice.
tests/browser/test_page_length.py measures every shipped page and keeps the estimate
within a quarter of what is drawn.
"""

from __future__ import annotations

import math
from typing import Any

from . import question_types

#: A 768x1024 tablet's screen height.
SCREEN_PX = 1024
#: About two screens: more than this is long. Measured on the shipped questionnaires,
#: their pages of two screens and a few lines (up to 2.3) read well; those of three to
#: four and a half screens lost the reader, and were split.
LONG_PAGE_PX = 2400
#: What every page has besides its questions: progress, title, Next, Back, Skip, Stop.
PAGE_PX = 540
#: A line of question text: its height, and how many characters it holds.
LINE_PX = 30
CHARS_PER_LINE = 60


def _lines(text: dict[str, str] | None, lang: str) -> int:
    words = (text or {}).get(lang) or ""
    return max(1, math.ceil(len(words) / CHARS_PER_LINE))


def question_height(q: dict[str, Any], lang: str) -> int:
    """The estimated height of one resolved question, in px."""
    qtype = question_types.REGISTRY.get(q["type"])
    size = qtype.height if qtype else question_types.QuestionType.height
    options = len(q.get("options") or [])
    return (size.base + LINE_PX * (_lines(q.get("text"), lang) - 1)
            + size.per_option * math.ceil(options / size.per_row)
            + size.per_item * len(q.get("items") or []))


def page_height(page: dict[str, Any], lang: str) -> int:
    """The estimated height of one resolved page with every question shown, in px."""
    intro = LINE_PX * _lines(page["intro"], lang) if page.get("intro") else 0
    return PAGE_PX + intro + sum(question_height(q, lang) for q in page["questions"])


def long_pages(definition: dict[str, Any]) -> list[tuple[int, dict[str, Any], int]]:
    """(index, page, estimated px) of each page longer than LONG_PAGE_PX, in the source
    language (translations run about as long)."""
    lang = definition["source_language"]
    heights = ((i, page, page_height(page, lang)) for i, page in enumerate(definition["pages"]))
    return [(i, page, px) for i, page, px in heights if px > LONG_PAGE_PX]


def warning(page: dict[str, Any], px: int) -> str:
    """What the loader says of a long page."""
    return (f"page {page['id']!r} is long: about {px} px on a 768x1024 tablet, "
            f"{px / SCREEN_PX:.1f} screens (more than {LONG_PAGE_PX} px, about two); "
            "split it with a page break: start a new page (id, title, questions) before "
            "the question where it should break")
