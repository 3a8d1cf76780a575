"""How long a questionnaire page is on a class tablet and on a phone, and which pages are
too long.

A page is one screen of the survey: a child scrolling through four or five screens of
questions loses the thread (and, before Help stayed in the header, Help too). The
service never splits a page itself: where a page breaks is the questionnaire author's
choice, so the loader only warns (``surveys validate`` and ``surveys load``) and names
the page.

The estimate adds each question's height (``Height`` in definitions/question_types.py:
``height`` on a tablet, ``phone_height`` on a phone) to what every page has anyway
(progress, title, Next, Back, Skip, Stop), in CSS px as Chromium draws it with a
read-aloud voice: on a 768x1024 tablet held upright (class sessions) and on a 390x844
phone (the parents' and community links, opened from a letter or a message).
tests/browser/test_page_length.py measures every shipped page at both sizes and keeps the
estimate within a quarter of what is drawn.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from . import question_types


@dataclass(frozen=True)
class Screen:
    """A screen size the long-page warning checks, and its measured figures."""

    #: What the warning calls it, e.g. "768x1024 tablet".
    name: str
    #: The screen's height in CSS px.
    height: int
    #: More than this is long; ``about`` says how many screens that is, in words.
    long_page_px: int
    about: str
    #: What every page has besides its questions: progress, title, Next, Back, Skip, Stop.
    page_px: int
    #: How many characters a line of question text holds (a line is ``LINE_PX`` high).
    chars_per_line: int
    #: The QuestionType attribute with each type's height on this screen.
    heights: str

    def height_of(self, qtype: type[question_types.QuestionType]) -> question_types.Height:
        return getattr(qtype, self.heights)


#: About two screens: more than 2,400 px is long. Measured on the shipped questionnaires,
#: their pages of two screens and a few lines (up to 2.3) read well; those of three to
#: four and a half screens lost the reader, and were split.
TABLET = Screen("768x1024 tablet", 1024, long_page_px=2400, about="about two",
                page_px=540, chars_per_line=60, heights="height")
#: About four screens: more than 3,400 px is long. The same questions draw 1.0 to 1.3
#: times as tall on a phone as on a tablet (measured on the shipped pages, median 1.1),
#: and a phone's screen is 844 px, so a page at the tablet's limit is about 2,600 to
#: 3,100 px, three to three and three-quarter phone screens: four screens (1.4 times the
#: tablet's limit) lets every page that reads well on a tablet through unless a phone
#: makes it much longer. The shipped pages past four (3,600 to 4,400 px: grids, whose
#: statements each stack their five answers on a phone, and one page of two long lists
#: of choices) were such pages; those a page break could split were split, and a grid's
#: answers on a phone are slim tiles (the parents' six statements: 3,300 px, not 4,300).
PHONE = Screen("390x844 phone", 844, long_page_px=3400, about="about four",
               page_px=480, chars_per_line=30, heights="phone_height")
SCREENS = (TABLET, PHONE)
#: A line of question text: its height on either screen.
LINE_PX = 30


def _lines(text: dict[str, str] | None, lang: str, screen: Screen) -> int:
    words = (text or {}).get(lang) or ""
    return max(1, math.ceil(len(words) / screen.chars_per_line))


def question_height(q: dict[str, Any], lang: str, screen: Screen = TABLET) -> int:
    """The estimated height of one resolved question on ``screen``, in px."""
    qtype = question_types.REGISTRY.get(q["type"], question_types.QuestionType)
    size = screen.height_of(qtype)
    options = len(q.get("options") or [])
    items = len(q.get("items") or [])
    return (size.base + LINE_PX * (_lines(q.get("text"), lang, screen) - 1)
            + size.per_option * math.ceil(options / size.per_row)
            + size.per_item * items + size.per_item_option * items * options)


def page_height(page: dict[str, Any], lang: str, screen: Screen = TABLET) -> int:
    """The estimated height of one resolved page on ``screen`` with every question shown,
    in px."""
    intro = LINE_PX * _lines(page["intro"], lang, screen) if page.get("intro") else 0
    return screen.page_px + intro + sum(question_height(q, lang, screen)
                                        for q in page["questions"])


def long_pages(definition: dict[str, Any]
               ) -> list[tuple[int, dict[str, Any], list[tuple[Screen, int]]]]:
    """(index, page, [(screen, estimated px), ...]) of each page longer than its limit on
    one screen size or more, in the source language (translations run about as long)."""
    lang = definition["source_language"]
    found = []
    for index, page in enumerate(definition["pages"]):
        over = [(screen, px) for screen in SCREENS
                if (px := page_height(page, lang, screen)) > screen.long_page_px]
        if over:
            found.append((index, page, over))
    return found


def warning(page: dict[str, Any], over: list[tuple[Screen, int]]) -> str:
    """What the loader says of a long page, naming each screen size it is too long on."""
    sizes = "; ".join(
        f"about {px} px on a {screen.name}, {px / screen.height:.1f} screens (more than "
        f"{screen.long_page_px} px, {screen.about})" for screen, px in over)
    if len(page["questions"]) == 1:
        # Nothing to break between: only a shorter question helps, and a question with
        # other statements or choices is a new question (its answers start a new trend).
        return (f"page {page['id']!r} is long: {sizes}; it is one question, so a page break "
                "cannot shorten it: a question with fewer statements or choices would")
    return (f"page {page['id']!r} is long: {sizes}; split it with a page break: start a new "
            "page (id, title, questions) before the question where it should break")
