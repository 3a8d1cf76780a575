"""The words of the letter home in each language, from ``staff/letters/<code>.yaml``.

English (``en.yaml``) is the reference: every other file must have each of its keys, with
the same ``%(name)s`` places, and nothing else. A file with any problem is reported with
its file, line and key, and its language is not offered, so a printed letter is always
wholly in the language chosen and never quietly falls back to English words.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from babel.dates import format_date
from babel.lists import format_list
from markupsafe import Markup, escape

from ..definitions.errors import DefinitionError, ErrorSink, check_fields
from ..definitions.text import ENGLISH_NAMES, LANGUAGE_NAMES, direction
from ..definitions.yamlsource import read_yaml

LETTERS = Path(__file__).resolve().parent / "letters"
REFERENCE = "en"
#: The Babel locale a language's dates and lists follow, where it is not the code itself.
_LOCALES = {"en": "en_GB"}
_FIELDS = ("machine_translation", "date_format", "words")
_DATE_FORMATS = ("full", "long", "medium")
_PLACE = re.compile(r"%\((\w+)\)s")
#: A % that is not a %(name)s place (write %% for a percent sign).
_STRAY_PERCENT = re.compile(r"%(?!\(\w+\)s|%)")

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class LetterWords:
    """One language's letter: ``say`` gives a sentence as safe HTML."""

    language: str
    words: dict[str, str]
    date_format: str
    machine_translation: bool

    @property
    def dir(self) -> str:
        return direction(self.language)

    @property
    def locale(self) -> str:
        return _LOCALES.get(self.language, self.language)

    @property
    def name(self) -> str:
        return LANGUAGE_NAMES[self.language]

    @property
    def english_name(self) -> str:
        return ENGLISH_NAMES[self.language]

    def say(self, key: str, **values: str | Markup) -> Markup:
        """The sentence ``key`` with its places filled: plain values are escaped and
        isolated (<bdi>), so a school's English name keeps its place in Arabic text."""
        filled = {name: value if isinstance(value, Markup)
                  else Markup("<bdi>%s</bdi>") % value for name, value in values.items()}
        return Markup(escape(self.words[key])) % filled

    def date(self, day: dt.date) -> str:
        return format_date(day, self.date_format, locale=self.locale)

    def languages(self, codes: list[str]) -> Markup:
        """The survey's languages as a list in this language ("A, B and C"), each name in
        its own script and direction; the English letter adds the English name."""
        names = []
        for code in codes:
            native = LANGUAGE_NAMES.get(code, code)
            name = Markup('<span lang="%s" dir="%s">%s</span>') % (code, direction(code),
                                                                   native)
            if self.language == REFERENCE and native != ENGLISH_NAMES.get(code, native):
                name += Markup(" (%s)") % ENGLISH_NAMES[code]
            names.append(name)
        marks = [f"\x00{i}\x00" for i in range(len(names))]
        listed = escape(format_list(marks, locale=self.locale))
        for mark, name in zip(marks, names, strict=True):
            listed = Markup(listed.replace(mark, name))
        return listed


def letter_choices(languages: list[str], words: dict[str, LetterWords]
                   ) -> dict[str, tuple[LetterWords, ...]]:
    """Each way the letter can be printed for a survey in ``languages``: wholly in one of
    them ('ar'), or English and one other on the same sheet ('en+ar'). Only languages
    with letter words are offered."""
    single = [code for code in languages if code in words]
    choices = {code: (words[code],) for code in single}
    if REFERENCE in choices:
        choices.update({f"{REFERENCE}+{code}": (words[REFERENCE], words[code])
                        for code in single if code != REFERENCE})
    return choices


def choice_label(texts: tuple[LetterWords, ...]) -> str:
    """How the letter page names a choice: 'Arabic (العربية)', 'English and Polish
    (Polski), on one sheet'."""
    names = [w.english_name if w.name == w.english_name else f"{w.english_name} ({w.name})"
             for w in texts]
    return names[0] if len(names) == 1 else f"{' and '.join(names)}, on one sheet"


def read_letter_words(path: Path, reference: dict[str, str] | None
                      ) -> tuple[LetterWords | None, list[DefinitionError]]:
    """One language's file, checked against the English words (``None`` when reading the
    English file itself). Returns (words or None, errors)."""
    language = path.stem
    display = f"westcc_voice/staff/letters/{path.name}"
    data, lines, errors = read_yaml(path, display)
    if errors:
        return None, errors
    sink = ErrorSink(display, lines)
    if language not in LANGUAGE_NAMES:
        sink.add((), f"the file name {language!r} is not a language the service offers: "
                 f"expected one of {', '.join(LANGUAGE_NAMES)} (ar.yaml, pl.yaml...)")
        return None, sink.errors
    if not isinstance(data, dict):
        sink.add((), "expected a mapping with machine_translation, date_format and words")
        return None, sink.errors
    check_fields(data, _FIELDS, (), sink)
    machine = data.get("machine_translation")
    if not isinstance(machine, bool):
        sink.add(("machine_translation",), "expected true (nobody has checked the wording "
                 "yet) or false (a native speaker has)")
    date_format = data.get("date_format")
    if not isinstance(date_format, str) or not date_format.strip():
        sink.add(("date_format",), "expected a CLDR date pattern such as 'EEEE d MMMM y', "
                 "or full, long or medium")
    else:
        try:
            format_date(dt.date(2026, 12, 18), date_format,
                        locale=_LOCALES.get(language, language))
        except (ValueError, KeyError, AttributeError, TypeError) as exc:
            sink.add(("date_format",), f"not a date pattern Babel can use ({exc}): expected "
                     "a CLDR pattern such as 'EEEE d MMMM y', or full, long or medium")
    words = data.get("words")
    if not isinstance(words, dict):
        sink.add(("words",), "expected a mapping of key to sentence")
        return None, sink.errors
    if reference is not None:
        check_fields(words, reference, ("words",), sink)
        for key in reference:
            if key not in words:
                sink.add(("words",), f"{key!r} is missing: every key of en.yaml is needed "
                         f"(in English: {reference[key]!r})")
    for key, text in words.items():
        if not isinstance(text, str) or not text.strip():
            sink.add(("words", key), "expected the sentence as text")
            continue
        if _STRAY_PERCENT.search(text):
            sink.add(("words", key), "a % that is not a %(name)s place: write %% for a "
                     "percent sign")
        if reference is not None and key in reference:
            wanted = sorted(_PLACE.findall(reference[key]))
            found = sorted(_PLACE.findall(text))
            if found != wanted:
                sink.add(("words", key), f"has the places {found or 'none'}, expected "
                         f"{wanted or 'none'} as in English (keep %(name)s as it is)")
    if sink.errors:
        return None, sink.errors
    return LetterWords(language, dict(words), date_format, machine), []


def load_letter_words(directory: Path = LETTERS
                      ) -> tuple[dict[str, LetterWords], list[DefinitionError]]:
    """Every language with complete letter words, and the problems of the others."""
    english, errors = read_letter_words(directory / f"{REFERENCE}.yaml", None)
    if english is None:
        return {}, errors
    found = {REFERENCE: english}
    for path in sorted(directory.glob("*.yaml")):
        if path.stem == REFERENCE:
            continue
        words, problems = read_letter_words(path, english.words)
        errors += problems
        if words is not None:
            found[words.language] = words
    return found, errors


@functools.cache
def letter_words() -> dict[str, LetterWords]:
    """The shipped letters, read once; a broken file is logged and its language left out."""
    found, errors = load_letter_words()
    for error in errors:
        logger.warning("letter home left out: %s", error)
    return found
