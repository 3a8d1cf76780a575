"""The respondent's language: chosen with ?lang=, remembered in the session.

The service's own words come from Flask-Babel catalogues (westcc_voice/translations);
a survey's questions come from its definition, in the chosen language where the
survey has it and in its source language otherwise (marked with its own ``lang`` so a
screen reader and read-aloud switch voice).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import current_app, has_request_context, request, session

from ..definitions.text import LANGUAGE_NAMES, direction

SESSION_KEY = "lang"
#: Where :func:`keep_for_this_page` notes the language of this one response.
_KEPT = "westcc.respondent_lang"
DEFAULT = "en"


def offered() -> list[str]:
    return [code for code in current_app.config["LANGUAGES"] if code in LANGUAGE_NAMES]


def offered_for(definition: dict[str, Any] | None, page_lang: str) -> list[str]:
    """The languages a page's menu lists: the survey's own (those the service can show),
    or every interface language on pages with no survey yet. The page's current language
    stays listed so the menu still says what is chosen and a respondent can leave it."""
    if definition is None:
        return offered()
    codes = [code for code in definition.get("languages") or [DEFAULT] if code in offered()]
    if page_lang not in codes:
        codes.append(page_lang)
    return codes


def remember_choice() -> None:
    """Store a valid ?lang= in the session (called before each respondent request)."""
    chosen = request.args.get("lang") or request.form.get("lang")
    if chosen in offered():
        session[SESSION_KEY] = chosen


def current() -> str:
    """The page language: kept for this page (:func:`keep_for_this_page`), else the
    remembered choice, else the browser's preference, else English."""
    kept = request.environ.get(_KEPT) if has_request_context() else None
    if kept in offered():
        return kept
    chosen = session.get(SESSION_KEY)
    if chosen in offered():
        return chosen
    if request and request.blueprint == "collect":
        best = request.accept_languages.best_match(offered())
        if best:
            return best
    return DEFAULT


def select_locale() -> str:
    """Flask-Babel's locale selector: respondent pages follow the choice; staff use English."""
    try:
        blueprint = request.blueprint
    except RuntimeError:
        return DEFAULT
    return current() if blueprint == "collect" else DEFAULT


def keep_for_this_page(lang: str | None) -> None:
    """Answer this request in ``lang`` whatever the session says: the thanks, extra help
    and stopped pages of a class tablet stay in the pupil's language after it is forgotten."""
    if lang in offered():
        request.environ[_KEPT] = lang


def forget() -> None:
    """The next pupil starts in the default language; this page keeps the current one."""
    keep_for_this_page(current())
    session.pop(SESSION_KEY, None)


@dataclass(frozen=True)
class Shown:
    """A piece of survey text and the language it is actually shown in."""

    text: str
    lang: str

    @property
    def dir(self) -> str:
        return direction(self.lang)

    def __str__(self) -> str:
        return self.text


def question_language(definition: dict[str, Any], page_lang: str) -> str:
    """The language a survey's questions are shown in for this page language."""
    languages = definition.get("languages") or [DEFAULT]
    return page_lang if page_lang in languages else definition.get("source_language",
                                                                   languages[0])


def shown(text: dict[str, str] | None, lang: str) -> Shown:
    """Text in ``lang`` if present, else its first language, tagged with which it is."""
    if not text:
        return Shown("", lang)
    if text.get(lang):
        return Shown(text[lang], lang)
    first = next(iter(text))
    return Shown(text[first], first)
