"""Multilingual text: a field is either a plain string (the source language) or a
mapping of language code to string. Resolved text is always a mapping."""

from __future__ import annotations

import re
from typing import Any

from .errors import ErrorSink, Path_

#: Languages written right to left.
RTL_LANGUAGES = frozenset({"ar", "ur", "fa", "ckb", "he", "ps"})

#: Names of languages the partnership is likely to need, in their own script.
LANGUAGE_NAMES = {
    "en": "English",
    "ar": "العربية",
    "bn": "বাংলা",
    "ur": "اردو",
    "ckb": "کوردی",
    "fa": "فارسی",
    "ro": "Română",
    "cs": "Čeština",
    "sk": "Slovenčina",
    "pl": "Polski",
}


#: Each language's name in English, for XLSForm column headers and error messages.
ENGLISH_NAMES = {
    "en": "English", "ar": "Arabic", "bn": "Bengali", "ur": "Urdu", "ckb": "Kurdish Sorani",
    "fa": "Farsi", "ro": "Romanian", "cs": "Czech", "sk": "Slovak", "pl": "Polish",
}
#: Names and codes people write for a language, so a code can be found for them.
_ALIASES = {
    **{name.lower(): code for code, name in ENGLISH_NAMES.items()},
    "bangla": "bn", "kurdish": "ckb", "sorani": "ckb", "persian": "fa", "dari": "fa",
    "ku": "ckb", "per": "fa", "pol": "pl", "ara": "ar", "eng": "en",
}


def language_code(name: str | None) -> str | None:
    """The code for a language as people write it: 'ar', 'Arabic', 'Arabic (ar)'."""
    if not name:
        return None
    text = str(name).strip()
    bracket = re.search(r"\(([A-Za-z-]{2,10})\)\s*$", text)
    if bracket:
        return bracket.group(1).lower()
    lowered = text.lower()
    return lowered if lowered in LANGUAGE_NAMES else _ALIASES.get(lowered, lowered)


def unknown_language(code: str) -> str:
    """The error for a language code the service does not offer, with the likely one."""
    guess = _ALIASES.get(code.strip().lower())
    hint = f" (for {code} write '{guess}')" if guess else ""
    return (f"unknown language code {code!r}{hint}: expected one of the service's languages, "
            f"{', '.join(LANGUAGE_NAMES)}")


def direction(language: str) -> str:
    return "rtl" if language.split("-")[0] in RTL_LANGUAGES else "ltr"


def resolve_text(
    value: Any,
    path: Path_,
    languages: list[str],
    sink: ErrorSink,
    *,
    required: bool = True,
) -> dict[str, str] | None:
    """Check a text field and return it as {language: text}, with every language present."""
    if value is None:
        if required:
            sink.add(path, "is missing: expected text")
        return None
    if isinstance(value, str):
        if len(languages) > 1:
            sink.add(
                path,
                f"gives one text but the survey is in {', '.join(languages)}: "
                f"expected a mapping such as {{{languages[0]}: ..., {languages[1]}: ...}}",
            )
            return {languages[0]: value}
        if not value.strip():
            sink.add(path, "is empty: expected text")
        return {languages[0]: value}
    if isinstance(value, dict):
        out: dict[str, str] = {}
        for lang in languages:
            text = value.get(lang)
            if not isinstance(text, str) or not text.strip():
                sink.add((*path, lang), f"is missing its '{lang}' text (the survey's languages "
                         f"are {', '.join(languages)})")
            else:
                out[lang] = text
        for extra in value:
            if extra not in languages:
                sink.add((*path, extra), f"language '{extra}' is not in the survey's languages "
                         f"({', '.join(languages)})")
        return out
    hint = ""
    if isinstance(value, bool):
        hint = (": YAML reads an unquoted yes, no, on, off, true or false as true/false, "
                "so put the text in quotes")
    elif isinstance(value, (int, float)):
        hint = ": put a text that is only a number in quotes"
    sink.add(path, "expected text or a mapping of language to text, "
             f"got {type(value).__name__}{hint}")
    return None


def pick(text: dict[str, str] | None, language: str, fallback: str = "en") -> str:
    """The text in ``language``, else the fallback, else any."""
    if not text:
        return ""
    return text.get(language) or text.get(fallback) or next(iter(text.values()))
