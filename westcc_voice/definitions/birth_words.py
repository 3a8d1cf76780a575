"""Does a date question ask for a date of birth? A date of birth identifies a person, and
answers here are anonymous, so the validator refuses one in any language the service
offers. The words are data (``data/birth_words.yaml``); this module only reads them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources

import yaml

_FOLD = str.maketrans({
    "ł": "l", "ß": "ss",
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ی": "ي", "ې": "ي", "ئ": "ي",
    "ک": "ك", "ة": "ه", "ۀ": "ه", "ہ": "ه", "ھ": "ه", "ە": "ه", "ـ": None,
    "\u200c": None, "\u200d": None,
})
_MODES = {
    "whole": r"(?<![^\W_]){}(?![^\W_])",
    "start": r"(?<![^\W_]){}",
    "within": r"{}",
}


def fold(text: str) -> str:
    """Text as the words are compared: lower case, without accents or harakat (Bengali's
    vowel signs are kept: they are letters), Arabic-script variants made one."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    kept = "".join(ch for ch in decomposed
                   if not unicodedata.combining(ch) or "\u0980" <= ch <= "\u09ff")
    return unicodedata.normalize("NFC", kept).translate(_FOLD)


def _pattern(entries: Mapping[str, list[str]], where: str) -> re.Pattern[str]:
    parts = []
    for mode, words in entries.items():
        if mode not in _MODES or not isinstance(words, list):
            raise ValueError(f"{where}: expected whole, start or within, each a list, got "
                             f"{mode!r}")
        for word in words:
            body = r"[\s_]+".join(re.escape(w) for w in fold(str(word)).split())
            parts.append(_MODES[mode].format(body))
    return re.compile("|".join(parts))


@lru_cache(maxsize=1)
def birth_words() -> dict[str, re.Pattern[str]]:
    """Each language's birth words, compiled: {"en": pattern, "pl": pattern, ...}."""
    text = resources.files(__package__).joinpath("data", "birth_words.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    return {lang: _pattern(entries, f"birth_words.yaml: {lang}")
            for lang, entries in data.items()}


def names_a_birth(qid: str, wording: Mapping[str, Mapping[str, str] | None]) -> bool:
    """True when a question's id, or its text or help in any of its languages, asks for a
    birth date. ``wording`` maps a field ("text", "help") to {language: text}. Text in a
    language is read with that language's words and the English ones; the id with all."""
    words = birth_words()
    if any(pattern.search(fold(qid)) for pattern in words.values()):
        return True
    for by_language in wording.values():
        for lang, text in (by_language or {}).items():
            folded = fold(str(text or ""))
            if any(words[name].search(folded) for name in {lang, "en"} if name in words):
                return True
    return False
